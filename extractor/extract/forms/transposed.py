"""A funds block laid out sideways: the sources across, the figures down.

    资金投入情况 | 合计   | 资金来源
                 |        | 中央资金 | 省级资金 | 县级资金
    全年预算数   | 378.50 | 210.00   | 95.00    | 63.50
    全年执行数   | 362.52 | 210.00   | 92.40    | 60.12
    执行率       | 95.78% | 100.00%  | 97.26%   | 94.68%

Rows labelled by funds roles (budget, executed, rate) under a row naming a source in each column
are turned into the usual block (one row a source, one column a role), with the same cells, so
the funds reader and its evidence stay as they are.
"""

from __future__ import annotations

from extractor.extract.forms.columns import distinct_cells, role_of
from extractor.extract.forms.grid import DenseRow, FormCell, FormGrid
from extractor.normalise.numbers import parse_arabic

_ROLES = {"initial", "budget", "executed", "rate"}
_MIN_SOURCES = 2  # columns of figures: the total and a source at least


def transposed_funds(grid: FormGrid) -> FormGrid | None:
    """The sideways funds block of `grid` turned upright, or None when it has none."""
    dense = grid.dense()
    start = next((i for i, row in enumerate(dense) if _role_row(row)), None)
    if start is None or start == 0:
        return None
    end = start
    while end < len(dense) and _role_row(dense[end]):
        end += 1
    roles = {role_of(_label(dense[i]).key, "funds_columns") for i in range(start, end)}
    if "budget" not in roles or len(roles) < 2:
        return None
    names = dense[start - 1]
    columns = [c for c in range(1, len(names)) if names[c] is not None and names[c] is not _label(names)
               and any(_figure(dense[i][c]) for i in range(start, end) if c < len(dense[i]))]
    if len(columns) < _MIN_SOURCES:
        return None
    rows: list[list[FormCell]] = [[FormCell(_label(dense[i]).unit, 0, k + 1) for k, i in enumerate(range(start, end))]]
    for r, c in enumerate(columns, start=1):
        name = names[c]
        assert name is not None
        row = [FormCell(name.unit, r, 0)]
        row.extend(FormCell(cell.unit, r, k + 1) for k, i in enumerate(range(start, end))
                   if c < len(dense[i]) and (cell := dense[i][c]) is not None)
        rows.append(row)
    return FormGrid(rows, grid.block, page=grid.page, sheet=grid.sheet)


def _label(row: DenseRow) -> FormCell:
    return next(cell for cell in row if cell is not None)


def _role_row(row: DenseRow) -> bool:
    if not any(cell is not None for cell in row):
        return False
    label = _label(row)
    if role_of(label.key, "funds_columns") not in _ROLES:
        return False  # most rows of most tables: no figure is parsed for them
    return sum(_figure(cell) for cell in distinct_cells(row) if cell is not label) >= _MIN_SOURCES


def _figure(cell: FormCell | None) -> bool:
    return cell is not None and parse_arabic(cell.key.rstrip("%万元")) is not None
