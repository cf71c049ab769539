"""The money unit a form declares for its bare figures (单位：万元, 资金投入情况（万元）)."""

from __future__ import annotations

from extractor import patterns
from extractor.extract.context import compact
from extractor.extract.forms.grid import FormGrid

_HEADER_ROWS = 4


def declared_unit(grid: FormGrid, preceding: list[str], header_row: int = 0) -> str | None:
    """A money unit declared in a header cell (up to the funds header), the caption or a line
    just above the table."""
    for row in grid.rows[:max(_HEADER_ROWS, header_row + 1)]:
        for cell in row:
            found = patterns.search("tables.unit_declared", cell.key)
            if found:
                return str(found.group("unit"))
    for text in reversed(preceding):
        found = patterns.search("tables.unit_declared", compact(text))
        if found:
            return str(found.group("unit"))
    return None
