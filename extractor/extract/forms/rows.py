"""A form row as column -> cell, whether the grid is real or a text copy whose cells need placing."""

from __future__ import annotations

from extractor.extract.forms.align import align
from extractor.extract.forms.columns import Columns
from extractor.extract.forms.grid import FormCell, FormGrid

Row = dict[int, FormCell]


def row_at(grid: FormGrid, index: int, columns: Columns) -> Row:
    """The cells of row `index` by column: a real grid's cells where they stand (a cell merged
    from a row above included), a text row's cells where they fit its header."""
    if grid.merges_unknown:
        return align(grid.rows[index], columns, max(columns.width, grid.n_cols))
    return {col: cell for col, cell in enumerate(grid.dense()[index]) if cell is not None}


def text_at(row: Row, col: int) -> str:
    cell = row.get(col) if col >= 0 else None
    return cell.text.strip() if cell is not None else ""


def own_cell(row: Row, col: int, index: int) -> FormCell | None:
    """The cell in `col` when it starts on this row (not a merge reaching down from above)."""
    cell = row.get(col) if col >= 0 else None
    if cell is None or cell.row != index or not cell.text.strip():
        return None
    return cell


def label_of(row: Row, before_col: int) -> str:
    """A data row's label: its last text left of the first value column (merged cells once); a
    "其中" standing in a cell of its own is kept in front of the name it introduces. A cell merged
    on into the value columns is the row's value, not its label ("预算执行得分 | 9.91" with the
    9.91 across the row)."""
    cells: list[FormCell] = []
    spanning: FormCell | None = None
    end = max(before_col, 1)
    for col in sorted(row):
        if col >= end:
            break
        cell = row[col]
        if not cell.text.strip() or any(cell is other for other in cells):
            continue
        if cell.col + cell.colspan > end:
            spanning = spanning or cell
            continue
        cells.append(cell)
    if not cells and spanning is not None:  # a row of one merged cell: its text is all it has
        cells.append(spanning)
    texts = [cell.text.strip() for cell in cells]
    if len(texts) > 1 and texts[-2].startswith("其中"):
        return "".join(texts[-2:])
    return texts[-1] if texts else ""


def label_cell(row: Row, before_col: int) -> FormCell | None:
    cells = [row[col] for col in sorted(row) if col < max(before_col, 1) and row[col].text.strip()]
    return cells[-1] if cells else None
