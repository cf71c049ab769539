"""Reading a 自评表: finding header rows and mapping their columns.

Tables come with merged cells resolved (DOCX, PDF) or repeated/left empty (text copies);
`Table.grid()` gives every position its covering cell, and `carried` fills empty level
cells from the row above when the reader could not know the merges.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractor import patterns
from extractor.document import Cell, Table
from extractor.extract.context import compact


@dataclass(frozen=True, slots=True)
class Columns:
    """Column index of each role in a header row; -1 when absent."""

    header_row: int
    roles: dict[str, int]

    def get(self, role: str) -> int:
        return self.roles.get(role, -1)


def distinct_cells(row: list[Cell | None]) -> list[Cell]:
    """A grid row's cells once each, in column order (a merged cell counts once)."""
    seen: list[Cell] = []
    for cell in row:
        if cell is not None and all(cell is not other for other in seen):
            seen.append(cell)
    return seen


def _role_of(text: str, vocabulary: dict[str, list[str]]) -> str | None:
    for role, words in vocabulary.items():
        if any(text.startswith(word) or word in text for word in words):
            return role
    return None


def map_columns(grid: list[list[Cell | None]], row_index: int, vocabulary_key: str) -> Columns:
    vocabulary: dict[str, list[str]] = patterns.table("tables", vocabulary_key)
    roles: dict[str, int] = {}
    for col, cell in enumerate(grid[row_index]):
        if cell is None or cell.col != col:  # a merged cell maps to its first column only
            continue
        role = _role_of(compact(cell.text), vocabulary)
        if role and role not in roles:
            roles[role] = col
    return Columns(row_index, roles)


def find_header(grid: list[list[Cell | None]], vocabulary_key: str, required: tuple[set[str], ...],
                start: int = 0) -> Columns | None:
    """The first row from `start` whose columns include one role of each required set; the row
    below it when that one qualifies too with more roles (a header over two rows: "绩效指标"
    merged above 一级指标/二级指标/三级指标)."""
    def qualifies(columns: Columns) -> bool:
        return all(any(role in columns.roles for role in group) for group in required)

    for index in range(start, len(grid)):
        columns = map_columns(grid, index, vocabulary_key)
        if qualifies(columns):
            if index + 1 < len(grid):
                below = map_columns(grid, index + 1, vocabulary_key)
                if qualifies(below) and len(below.roles) > len(columns.roles):
                    return below
            return columns
    return None


def cell_text(grid: list[list[Cell | None]], row: int, col: int) -> str:
    if col < 0 or row >= len(grid) or col >= len(grid[row]):
        return ""
    cell = grid[row][col]
    return cell.text.strip() if cell is not None else ""


def cell_at(grid: list[list[Cell | None]], row: int, col: int) -> Cell | None:
    if col < 0 or row >= len(grid) or col >= len(grid[row]):
        return None
    return grid[row][col]


def row_label(grid: list[list[Cell | None]], row: int, before_col: int) -> str:
    """The label of a data row: its last text left of the first value column (merged cells once);
    a "其中" standing in a cell of its own is kept in front of the name it introduces."""
    cells = distinct_cells(grid[row][:before_col] if before_col > 0 else grid[row][:1])
    texts = [c.text.strip() for c in cells if c.text.strip()]
    if len(texts) > 1 and texts[-2].startswith("其中"):
        return "".join(texts[-2:])
    return texts[-1] if texts else ""


def declared_unit(table: Table, preceding: list[str]) -> str | None:
    """A money unit declared in a header cell, the caption or a line just above the table."""
    for row in table.rows[:4]:
        for cell in row:
            found = patterns.search("tables.unit_declared", compact(cell.text))
            if found:
                return str(found.group("unit"))
    for text in reversed(preceding):
        found = patterns.search("tables.unit_declared", compact(text))
        if found:
            return str(found.group("unit"))
    return None


def carried(table: Table, grid: list[list[Cell | None]], row: int, col: int, floor: int) -> str:
    """A level cell's text; an empty one in a text copy means 'as in the row above'."""
    text = cell_text(grid, row, col)
    if text or not table.merges_unknown:
        return text
    for above in range(row - 1, floor, -1):
        text = cell_text(grid, above, col)
        if text:
            return text
    return ""
