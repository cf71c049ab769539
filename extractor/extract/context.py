"""Views over the document model shared by the extraction steps.

A `TextUnit` is one piece of text with a place: a paragraph, one table cell, or a part of either
that the form layer cut out. Its `text` is the clean text (see normalise.clean) and `folded` what
patterns match; both have the same length, and `evidence` maps a span back to the characters as
written.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from extractor.document import Cell, Paragraph, Table
from extractor.models import Evidence
from extractor.normalise.clean import Cleaned, clean
from extractor.normalise.script import Simplify
from extractor.normalise.text import fold
from extractor.readers.glyphs import Glyphs


# Not frozen, though nothing changes a unit once made: a frozen dataclass pays a setattr per field
# on construction, and a table makes one unit per cell.
@dataclass(slots=True)
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
    confidence: float | None = None  # OCR'd block, or a value the form layer had to infer
    # The block's text as written, when `text` differs from it (cleaned, or a part of it), and
    # the map from `text` to it; evidence offsets are raw offsets.
    raw: str | None = None
    cleaned: Cleaned | None = None
    origin: int = 0  # raw offset of text[0] when `cleaned` is None

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        if self.cleaned is not None:
            start, end = self.cleaned.raw_span(start, end)
            return start + self.origin, end + self.origin
        return start + self.origin, end + self.origin

    def evidence(self, start: int, end: int) -> Evidence:
        raw_start, raw_end = self.raw_span(start, end)
        written = self.raw if self.raw is not None else self.text
        located = self.glyphs.locate(written, raw_start, raw_end) if self.glyphs is not None else None
        # A block may run onto the next page (a paragraph, a table joined across a break): the
        # evidence names the page where the span is printed, which is where its box is.
        page, bbox = located if located is not None else (self.page, None)
        return Evidence(page=page, block=self.block, row=self.row, col=self.col,
                        start=raw_start, end=raw_end, text=written[raw_start:raw_end], sheet=self.sheet, bbox=bbox,
                        cell_ref=self.cell_ref, confidence=self.confidence)

    def whole(self) -> Evidence:
        return self.evidence(0, len(self.text))

    def part(self, start: int, end: int, confidence: float | None = None) -> TextUnit:
        """The unit of text[start:end], its evidence still pointing into the same raw text."""
        raw = self.raw if self.raw is not None else self.text
        if self.cleaned is not None:
            offsets = self.cleaned.offsets
            sliced = None if offsets is None else (
                *offsets[start:end], offsets[end - 1] + 1 if end > start else offsets[start])
            cleaned: Cleaned | None = Cleaned(self.text[start:end], sliced)
            origin = self.origin
        else:
            cleaned, origin = None, self.origin + start
        return replace(self, text=self.text[start:end], folded=self.folded[start:end], raw=raw, cleaned=cleaned,
                       origin=origin, confidence=confidence if confidence is not None else self.confidence)

    def inferred(self, confidence: float) -> TextUnit:
        return replace(self, confidence=confidence if self.confidence is None else min(confidence, self.confidence))


def _cleaned(unit: TextUnit, simplify: Simplify | None) -> TextUnit:
    """The unit matched on its clean text (see normalise.clean), evidence still on what was written."""
    cleaned = clean(unit.text, simplify)
    if cleaned.offsets is None and cleaned.text == unit.text:
        return unit
    return replace(unit, text=cleaned.text, folded=fold(cleaned.text), raw=unit.text,
                   cleaned=cleaned if cleaned.offsets is not None else None)


def paragraph_unit(paragraph: Paragraph, sheet: str | None = None, simplify: Simplify | None = None) -> TextUnit:
    return _cleaned(TextUnit(paragraph.text, fold(paragraph.text), paragraph.index, paragraph.page, sheet=sheet,
                             glyphs=paragraph.glyphs, confidence=paragraph.confidence), simplify)


def cell_unit(table: Table, cell: Cell, sheet: str | None = None, simplify: Simplify | None = None) -> TextUnit:
    return _cleaned(TextUnit(cell.text, fold(cell.text), table.index, table.page, cell.row, cell.col,
                             sheet or table.sheet, cell.glyphs, a1_ref(table.origin, cell), cell.confidence), simplify)


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
