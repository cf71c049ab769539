"""The internal document model every reader produces.

A document is an ordered list of blocks: paragraphs and tables. A table is rows of
cells; a merged cell appears once, at its top-left grid position, with its spans,
and the positions it covers hold no cell. Offsets into `text` are what evidence
spans refer to, so readers must not change text after building a block.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a runtime import would run extractor.readers, which imports this module
    from extractor.readers.glyphs import Glyphs


@dataclass(slots=True)
class Paragraph:
    text: str
    index: int = 0
    page: int | None = None
    # PDF: the character boxes the text was read from (evidence bounding boxes).
    glyphs: Glyphs | None = field(default=None, repr=False, compare=False)
    # OCR'd text: the recogniser's mean confidence (0-1) over the block's characters.
    confidence: float | None = None
    # A workbook's sheets joined into one document (`join_sheets`): the sheet the row came from.
    sheet: str | None = None


@dataclass(slots=True)
class Cell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    glyphs: Glyphs | None = field(default=None, repr=False, compare=False)
    confidence: float | None = None  # OCR'd text: as Paragraph.confidence


@dataclass(slots=True)
class Table:
    rows: list[list[Cell]]
    index: int = 0
    page: int | None = None
    # Set by readers whose rows repeat merged cells or leave them empty (plain text),
    # so extraction knows an empty level cell means "same as above".
    merges_unknown: bool = False
    # Spreadsheet readers: the sheet and the 0-based sheet (row, col) of cell (0, 0), so evidence
    # can name the cell in A1 notation although title rows above the table became paragraphs.
    sheet: str | None = None
    origin: tuple[int, int] | None = None

    @property
    def n_cols(self) -> int:
        return max((c.col + c.colspan for row in self.rows for c in row), default=0)

    def grid(self) -> list[list[Cell | None]]:
        """A dense grid: every position holds the cell covering it (merged cells repeat)."""
        n_rows = len(self.rows)
        width = self.n_cols
        dense: list[list[Cell | None]] = [[None] * width for _ in range(n_rows)]
        for row in self.rows:
            for cell in row:
                for r in range(cell.row, min(cell.row + cell.rowspan, n_rows)):
                    for c in range(cell.col, cell.col + cell.colspan):
                        dense[r][c] = cell
        return dense


Block = Paragraph | Table


@dataclass(slots=True)
class Document:
    path: str
    format: str
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None
    sheet: str | None = None
    sha256: str = ""  # of the file's bytes, set by the registry that read them
    # Reader notes (code, message) that become record warnings.
    notes: list[tuple[str, str]] = field(default_factory=list)

    def add(self, block: Block) -> None:
        block.index = len(self.blocks)
        self.blocks.append(block)

    def text(self) -> str:
        """All text in reading order, tables as tab-separated rows (for tests and oracles)."""
        lines: list[str] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                lines.append(block.text)
            else:
                lines.extend("\t".join(c.text for c in row) for row in block.rows)
        return "\n".join(lines)


def join_sheets(documents: list[Document]) -> Document:
    """One workbook's sheet documents as one document, in sheet order: a report whose funds block
    and indicator table sit on sheets of their own. Each block keeps its sheet (evidence names
    it) and is numbered anew; the joined document names no single sheet."""
    first = documents[0]
    joined = Document(path=first.path, format=first.format, pages=first.pages, sha256=first.sha256,
                      notes=[note for document in documents for note in document.notes])
    for document in documents:
        for block in document.blocks:
            joined.add(replace(block, sheet=block.sheet or document.sheet))
    return joined
