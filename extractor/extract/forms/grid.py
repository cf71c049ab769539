"""The form layer's grid: rows of cells whose text knows where it was read.

Every table-like thing a reader produced becomes a `FormGrid`: a real grid from DOCX/XLSX/HTML/PDF
(merges known), rows of a text table (cells in order, merged cells repeated, left empty or left
out), or rows the form layer rebuilt from text whose cell boundaries were lost (a line run
together, one cell per line). A cell's `unit` is a `TextUnit`, so evidence points at the
characters read wherever the cell came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractor.document import Table
from extractor.extract.context import TextUnit, cell_unit, compact
from extractor.models import Warning
from extractor.normalise.script import Simplify


@dataclass(slots=True)
class FormCell:
    unit: TextUnit
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    _key: str | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        return self.unit.text

    @property
    def folded(self) -> str:
        return self.unit.folded

    @property
    def key(self) -> str:
        """Folded text without whitespace: how labels and header words are compared."""
        if self._key is None:
            self._key = compact(self.unit.text)
        return self._key


DenseRow = list[FormCell | None]


@dataclass(slots=True)
class FormGrid:
    rows: list[list[FormCell]]
    block: int
    # Text copies: a merged cell is repeated, left empty or left out, so a row's cells need not
    # stand in their header's columns (see forms.align).
    merges_unknown: bool = False
    page: int | None = None
    sheet: str | None = None
    # What the layer had to infer to build the grid: warnings for the record.
    warnings: list[Warning] = field(default_factory=list)
    _dense: list[DenseRow] | None = field(default=None, repr=False)

    @property
    def n_cols(self) -> int:
        return max((c.col + c.colspan for row in self.rows for c in row), default=0)

    def dense(self) -> list[DenseRow]:
        """Every position holds the cell covering it (merged cells repeat)."""
        if self._dense is None:
            n_rows, width = len(self.rows), self.n_cols
            dense: list[DenseRow] = [[None] * width for _ in range(n_rows)]
            for row in self.rows:
                for cell in row:
                    for r in range(cell.row, min(cell.row + cell.rowspan, n_rows)):
                        for c in range(cell.col, cell.col + cell.colspan):
                            dense[r][c] = cell
            self._dense = dense
        return self._dense


def stripped(unit: TextUnit) -> TextUnit:
    """The unit without leading and trailing whitespace (evidence then points at the text only)."""
    text = unit.text
    start, end = len(text) - len(text.lstrip()), len(text.rstrip())
    if start == 0 and end == len(text):
        return unit
    return unit.part(start, max(start, end))


def grid_from_table(table: Table, simplify: Simplify | None = None) -> FormGrid:
    rows = [[FormCell(stripped(cell_unit(table, cell, simplify=simplify)), cell.row, cell.col, cell.rowspan,
                      cell.colspan) for cell in row] for row in table.rows]
    return FormGrid(rows, table.index, table.merges_unknown, table.page, table.sheet)
