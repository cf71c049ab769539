"""Views over the document model shared by the extraction steps.

A `TextUnit` is one piece of text with a place: a paragraph, or one table cell. Its
`folded` text is what patterns match; spans index both, since folding keeps lengths.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractor.document import Cell, Document, Paragraph, Table
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

    def evidence(self, start: int, end: int) -> Evidence:
        return Evidence(page=self.page, block=self.block, row=self.row, col=self.col,
                        start=start, end=end, text=self.text[start:end], sheet=self.sheet)

    def whole(self) -> Evidence:
        return self.evidence(0, len(self.text))


def paragraph_unit(paragraph: Paragraph, sheet: str | None = None) -> TextUnit:
    return TextUnit(paragraph.text, fold(paragraph.text), paragraph.index, paragraph.page, sheet=sheet)


def cell_unit(table: Table, cell: Cell, sheet: str | None = None) -> TextUnit:
    return TextUnit(cell.text, fold(cell.text), table.index, table.page, cell.row, cell.col, sheet)


def paragraphs(document: Document) -> list[TextUnit]:
    return [paragraph_unit(b, document.sheet) for b in document.blocks if isinstance(b, Paragraph)]


def tables(document: Document) -> list[Table]:
    return [b for b in document.blocks if isinstance(b, Table)]


def compact(text: str) -> str:
    """Folded text without any whitespace: how header cells are compared."""
    return "".join(fold(text).split())
