"""Documents built in memory for the extraction tests: no file, no reader, only the document model.

`document("段落", [["表头", "值"], ["行", "1"]])` gives a Document of a paragraph and a table,
blocks indexed as a reader would. A table cell is its text, `Span(text, rows, cols)` for a merged
cell, or `COVERED` for a grid position a merged cell above or to the left covers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from extractor.document import Cell, Document, Paragraph, Table
from extractor.models import Evidence, Record
from extractor.pipeline import extract_file
from extractor.readers.layout import Char
from extractor.readers.pdf.lines import PageLines, page_lines


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    rows: int = 1
    cols: int = 1


COVERED = Span("", 0, 0)  # a position inside a merged cell: no cell of its own

CellSpec = str | Span
Block = str | Sequence[Sequence[CellSpec]]


def table(rows: Sequence[Sequence[CellSpec]]) -> Table:
    """Rows of cell texts; a column counts every position, covered ones included."""
    built: list[list[Cell]] = []
    for r, row in enumerate(rows):
        cells: list[Cell] = []
        for c, spec in enumerate(row):
            if spec is COVERED:
                continue
            if isinstance(spec, Span):
                cells.append(Cell(spec.text, r, c, rowspan=spec.rows, colspan=spec.cols))
            else:
                cells.append(Cell(spec, r, c))
        built.append(cells)
    return Table(built)


def document(*blocks: Block, file_format: str = "docx", path: str = "memory.docx") -> Document:
    """A document of these blocks in order: a string is a paragraph, rows of cells a table."""
    made = Document(path=path, format=file_format, sha256="0" * 64)
    for block in blocks:
        made.add(Paragraph(block) if isinstance(block, str) else table(block))
    return made


def quoted(made: Document, evidence: Evidence | None) -> str:
    """The text an evidence points at, read back from the document: a paragraph's span, or a
    table cell's (found by its row and column)."""
    assert evidence is not None
    block = made.blocks[evidence.block]
    if isinstance(block, Paragraph):
        assert evidence.row is None and evidence.col is None
        return block.text[evidence.start:evidence.end]
    cell = next(c for row in block.rows for c in row if (c.row, c.col) == (evidence.row, evidence.col))
    return cell.text[evidence.start:evidence.end]


def where(evidence: Evidence | None) -> tuple[int, int | None, int | None, int, int]:
    """(block, row, col, start, end) of an evidence."""
    assert evidence is not None
    return evidence.block, evidence.row, evidence.col, evidence.start, evidence.end


PageRow = tuple[float, list[tuple[float, str]]]


def pdf_page(rows: Sequence[PageRow], number: int = 1) -> PageLines:
    """A PDF page from (top, [(x, text)]) lines as pdfium hands them: 10 pt characters, CJK 10 pt
    wide, ASCII 5 pt, on an A4 page."""
    chars: list[Char] = []
    for top, pieces in rows:
        for x, text in pieces:
            for ch in text:
                width = 5.0 if ch.isascii() else 10.0
                chars.append(Char(ch, x, x + width, top, top + 10))
                x += width
            chars.append(Char("\n", x, x, top, top + 10, True))
    return page_lines(chars, number, 595, 842)


def text_record(tmp_path: Path, *lines: str) -> Record:
    """The record of a text file of these lines, read through the whole pipeline."""
    path = tmp_path / "doc.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return extract_file(path)


def pairs(record: Record) -> list[tuple[str, str, str]]:
    """(name, target as written, actual as written) of each indicator."""
    return [(i.name, i.target.raw, i.actual.raw) for i in record.indicators]


def workbook_file(path: Path, sheets: dict[str, list[list[object]]], hidden: tuple[str, ...] = ()) -> Path:
    """An .xlsx of these sheets (rows of values, in order); sheets named in `hidden` are hidden."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if name in hidden:
            sheet.sheet_state = "hidden"
    workbook.save(path)
    return path
