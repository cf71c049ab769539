"""Views over the document model shared by the extraction steps.

A `TextUnit` is one piece of text with a place: a paragraph, or one table cell. Its
`folded` text is what patterns match; spans index both, since folding keeps lengths.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractor.document import Cell, Paragraph, Table
from extractor.glyphs import Glyphs
from extractor.models import Evidence
from extractor.normalise.text import fold


@dataclass(frozen=True, slots=True)
class TextUnit:
    text: str
    folded: str
    block: int
    page: int | None = None
    row: int | None = None
    col: int | None = None
    sheet: str | None = None
    glyphs: Glyphs | None = None
    cell_ref: str | None = None  # spreadsheet cell in A1 notation
    confidence: float | None = None  # OCR'd block: the recogniser's mean confidence

    def evidence(self, start: int, end: int) -> Evidence:
        located = self.glyphs.locate(self.text, start, end) if self.glyphs is not None else None
        # A block may run onto the next page (a paragraph, a table joined across a break): the
        # evidence names the page where the span is printed, which is where its box is.
        page, bbox = located if located is not None else (self.page, None)
        return Evidence(page=page, block=self.block, row=self.row, col=self.col,
                        start=start, end=end, text=self.text[start:end], sheet=self.sheet, bbox=bbox,
                        cell_ref=self.cell_ref, confidence=self.confidence)

    def whole(self) -> Evidence:
        return self.evidence(0, len(self.text))


def paragraph_unit(paragraph: Paragraph, sheet: str | None = None) -> TextUnit:
    return TextUnit(paragraph.text, fold(paragraph.text), paragraph.index, paragraph.page, sheet=sheet,
                    glyphs=paragraph.glyphs, confidence=paragraph.confidence)


def cell_unit(table: Table, cell: Cell, sheet: str | None = None) -> TextUnit:
    return TextUnit(cell.text, fold(cell.text), table.index, table.page, cell.row, cell.col, sheet or table.sheet,
                    cell.glyphs, a1_ref(table.origin, cell), cell.confidence)


def a1_ref(origin: tuple[int, int] | None, cell: Cell) -> str | None:
    """The sheet cell of a table cell in A1 notation ("C12"), for tables read from a spreadsheet."""
    if origin is None:
        return None
    col = origin[1] + cell.col + 1
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{origin[0] + cell.row + 1}"


def compact(text: str) -> str:
    """Folded text without any whitespace: how header cells are compared."""
    return "".join(fold(text).split())
