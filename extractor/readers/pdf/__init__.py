"""PDF reader: text through pypdfium2, ruled tables through pdfplumber (only on ruled pages).

Running headers, footers and page numbers are dropped; wrapped lines are rejoined into
paragraphs (also across page breaks); tables are placed among the paragraphs by position and
a table continued on the next page is joined into one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.document import Cell, Document, Paragraph, Table
from extractor.errors import ReadError
from extractor.normalise.wraps import join_wrapped
from extractor.readers import ocr
from extractor.readers.glyphs import Glyphs
from extractor.readers.layout import Char
from extractor.readers.limits import Limits, limit_exceeded
from extractor.readers.pdf import fonts as pdf_fonts
from extractor.readers.pdf.borderless import find_borderless
from extractor.readers.pdf.columns import RIGHT
from extractor.readers.pdf.lines import Line, PageLines, page_lines, read_chars, tidy_spaces
from extractor.readers.pdf.open import open_pdf
from extractor.readers.pdf.paragraphs import (
    Geometry,
    GeometryKey,
    continues,
    drop_running_lines,
    geometry_key,
    page_geometry,
)
from extractor.readers.pdf.tables import (
    PageTable,
    Ruling,
    append_continuation,
    build_tables,
    continues_table,
    find_grids,
    page_ruling,
)

# pdfium error codes (FPDF_ERR_PASSWORD, FPDF_ERR_SECURITY).
_PASSWORD_ERRORS = {4, 6}
NO_TEXT_DETAIL = "PDF 没有文字层（扫描件），需要 OCR：请安装 extractor[ocr] 后使用 OCR 读取"
OCR_EMPTY_DETAIL = "PDF 没有文字层（扫描件），OCR 也未识别出文字（空白页或图像无文字）"


@dataclass(slots=True)
class _Scan:
    """What the pdfium passes over the pages found."""

    pages: list[PageLines] = field(default_factory=list)
    ruled: dict[int, Ruling] = field(default_factory=dict)
    # A ruled page's characters, read once by the page pass and kept for its table cells.
    ruled_chars: dict[int, list[Char]] = field(default_factory=dict)
    textless: list[int] = field(default_factory=list)
    textless_with_images: list[int] = field(default_factory=list)
    tables: dict[int, list[PageTable]] = field(default_factory=dict)
    notes: list[tuple[str, str]] = field(default_factory=list)
    # Pages read by OCR (the extra installed) and their mean confidence.
    ocr: dict[int, float | None] = field(default_factory=dict)
    chars: int = 0  # characters read so far, against Limits.max_document_chars


@dataclass(frozen=True, slots=True)
class _Budget:
    """What the page loop may read: checked on pdfium's count before any Python object is made."""

    path: Path
    limits: Limits
    scan: _Scan

    def take(self, count: int, number: int) -> None:
        limits = self.limits
        if count > limits.max_block_chars:
            raise limit_exceeded(self.path, limits, "max_block_chars", count, f"第 {number} 页")
        self.scan.chars += count
        if self.scan.chars > limits.max_document_chars:
            raise limit_exceeded(self.path, limits, "max_document_chars", self.scan.chars, f"读到第 {number} 页")


def read_pdf(path: Path, data: bytes, limits: Limits) -> Document:
    scan = _scan(path, data, limits)
    if not any(page.lines for page in scan.pages):
        raise ReadError(path, "no_text_layer", OCR_EMPTY_DETAIL if scan.ocr else NO_TEXT_DETAIL)
    doc = Document(path=str(path), format="pdf", pages=len(scan.pages), notes=scan.notes)
    _drop_table_text(scan.pages, scan.tables)
    drop_running_lines(scan.pages)
    find_borderless(scan.pages, scan.tables)
    _Builder(doc, scan.pages, page_geometry(scan.pages)).build(scan.tables)
    if scan.ocr:
        _note_ocr(doc, scan.ocr)
    elif scan.textless_with_images:
        listed = "、".join(str(n) for n in scan.textless_with_images)
        doc.notes.append(
            ("pdf_scanned_pages", f"第{listed}页没有文字层（扫描页），内容未读取；需要 OCR（extractor[ocr]）")
        )
    return doc


def _scan(path: Path, data: bytes, limits: Limits) -> _Scan:
    with pdf_fonts.reading():
        return _scan_pages(path, data, limits)


def _scan_pages(path: Path, data: bytes, limits: Limits) -> _Scan:
    import pypdfium2 as pdfium

    try:
        pdf = open_pdf(path, data, limits)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) in _PASSWORD_ERRORS:
            raise ReadError(path, "encrypted", "PDF 已加密，需要密码才能打开") from exc
        raise ReadError(path, "corrupt_file", f"无法解析 PDF：{exc}") from exc
    scan = _Scan()
    budget = _Budget(path, limits, scan)
    try:
        count = len(pdf)
        if count > limits.max_pages:
            raise ReadError(path, "too_many_pages",
                            f"PDF 共 {count} 页，超过上限 {limits.max_pages} 页（Limits.max_pages）")
        for index in range(count):
            _with_page(pdf, index + 1, lambda page, number: _scan_page(page, number, scan, budget))
        if scan.ruled:
            _scan_tables(data, scan)
        if scan.textless_with_images and ocr.available():
            for number in scan.textless_with_images:
                _with_page(pdf, number, lambda page, number: _ocr_page(page, number, scan))
    except pdfium.PdfiumError as exc:
        raise ReadError(path, "corrupt_file", f"无法读取 PDF 页面：{exc}") from exc
    finally:
        pdf.close()
    return scan


def _with_page(pdf: Any, number: int, action: Callable[[Any, int], None]) -> None:
    page = pdf[number - 1]
    try:
        action(page, number)
    finally:
        page.close()


def _page_chars(page: Any, budget: _Budget, number: int) -> list[Char]:
    textpage = page.get_textpage()
    try:
        budget.take(textpage.count_chars(), number)
        return read_chars(textpage, page.get_mediabox())
    finally:
        textpage.close()


def _scan_page(page: Any, number: int, scan: _Scan, budget: _Budget) -> None:
    import pypdfium2.raw as pdfium_c

    left, bottom, right, top = page.get_mediabox()
    chars = _page_chars(page, budget, number)
    lines = page_lines(chars, number, right - left, top - bottom)
    scan.pages.append(lines)
    if not lines.lines:
        scan.textless.append(number)
        if any(True for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3)):
            scan.textless_with_images.append(number)
    else:
        ruling = page_ruling(page)
        if ruling is not None:
            scan.ruled[number] = ruling
            scan.ruled_chars[number] = chars


def _scan_tables(data: bytes, scan: _Scan) -> None:
    try:
        for number, grids in find_grids(data, scan.ruled):
            chars = scan.ruled_chars.pop(number)
            found = build_tables(number, grids, chars) if grids else []
            if found:
                scan.tables[number] = found
    except Exception as exc:  # pdfminer rejects some files pdfium repairs; keep their text as prose.
        scan.tables.clear()
        scan.notes.append(("pdf_tables_unread", f"表格结构无法读取，表格内容按段落输出：{exc}"))
    finally:
        scan.ruled_chars.clear()


def _ocr_page(page: Any, number: int, scan: _Scan) -> None:
    """Read a page without a text layer by OCR into the same lines and tables as a text page."""
    from extractor.readers.ocr.tables import find_grids

    read = ocr.ocr_page(page, number)
    blank = scan.pages[number - 1]
    scan.pages[number - 1] = page_lines(read.chars, number, blank.width, blank.height)
    found = build_tables(number, find_grids(read.rules), read.chars)
    if found:
        scan.tables[number] = found
    scan.ocr[number] = read.confidence


def _note_ocr(doc: Document, pages: dict[int, float | None]) -> None:
    """Each block's OCR confidence (for evidence), and a warning naming the OCR'd pages."""
    for block in doc.blocks:
        cells = [block] if isinstance(block, Paragraph) else [c for row in block.rows for c in row]
        for unit in cells:
            if unit.glyphs is not None:
                unit.confidence = ocr.confidence_of(unit.glyphs.runs)
    listed = "、".join(f"第{n}页（{'未识别出文字' if c is None else f'{c:.2f}'}）" for n, c in sorted(pages.items()))
    message = f"以下页面没有文字层，已用 OCR 识别（括号内为平均置信度）：{listed}；识别结果可能有误，请对照原件核对"
    doc.notes.append(("ocr_used", message))


def _drop_table_text(pages: Sequence[PageLines], tables: dict[int, list[PageTable]]) -> None:
    for page in pages:
        found = tables.get(page.number)
        if found:
            page.lines = [ln for ln in page.lines if not _inside_any(ln, found)]


def _inside_any(line: Line, tables: list[PageTable]) -> bool:
    x, y = (line.x0 + line.x1) / 2, (line.top + line.bottom) / 2
    return any(t.contains(x, y) for t in tables)


def _table_rank(table: PageTable, page: PageLines) -> tuple[int, float]:
    return (page.columns.rank(table.top, 0) if page.columns else 0), table.top


def _shifted(cell: Cell, offset: int) -> Cell:
    return Cell(cell.text, cell.row + offset, cell.col, cell.rowspan, cell.colspan, cell.glyphs)


class _Builder:
    """Walks pages in reading order, turning lines into paragraphs and placing tables."""

    def __init__(self, doc: Document, pages: list[PageLines], geometry: dict[GeometryKey, Geometry]) -> None:
        self.doc = doc
        self.pages = pages
        self.geometry = geometry
        self._geometries: dict[tuple[int, int], Geometry] = {}  # by (page number, column)
        self.para: list[Line] = []
        self.table: tuple[Table, PageTable] | None = None

    def build(self, tables: dict[int, list[PageTable]]) -> None:
        for page in self.pages:
            items: list[Line | PageTable] = [*page.lines, *tables.get(page.number, [])]
            if page.columns is None:
                items.sort(key=lambda item: item.top)
            else:
                items.sort(key=lambda item: item.rank(page) if isinstance(item, Line) else _table_rank(item, page))
            for position, item in enumerate(items):
                if isinstance(item, PageTable):
                    self._add_table(item, first_on_page=position == 0)
                else:
                    self._add_line(item, page, first_on_page=position == 0)
        self._flush()

    def _add_line(self, line: Line, page: PageLines, first_on_page: bool) -> None:
        self.table = None
        if self.para and self._continues(line, page, first_on_page):
            self.para.append(line)
            return
        self._flush()
        self.para = [line]

    def _continues(self, line: Line, page: PageLines, first_on_page: bool) -> bool:
        prev = self.para[-1]
        if line.page != prev.page and not (first_on_page and line.page == prev.page + 1):
            return False
        if line.page == prev.page and line.column != prev.column and line.column != RIGHT:
            return False  # only the right column carries on a paragraph of the left one
        body_x0 = self.para[1].x0 if len(self.para) >= 2 else None
        return continues(prev, line, self._geometry_of(page, line), len(self.para), body_x0,
                         self._geometry_of(self.pages[prev.page - 1], prev))

    def _geometry_of(self, page: PageLines, line: Line) -> Geometry:
        key = (page.number, line.column)
        found = self._geometries.get(key)
        if found is None:
            found = self._geometries[key] = self.geometry[geometry_key(page, line)]
        return found

    def _add_table(self, table: PageTable, first_on_page: bool) -> None:
        self._flush()
        if self.table is not None and table.continued:
            # A borderless part already in the first part's columns, its repeated header dropped.
            block, _ = self.table
            offset = len(block.rows)
            block.rows.extend([_shifted(c, offset) for c in row] for row in table.rows)
            return
        if self.table is not None and first_on_page:
            block, last = self.table
            if continues_table(last, table, self._page_height(last.page)):
                append_continuation(block.rows, last, table)
                # Later parts are matched against the first part's columns, which the rows use.
                self.table = (
                    block,
                    PageTable(table.page, table.top, table.bottom, last.col_edges, block.rows),
                )
                return
        block = Table(rows=table.rows, page=table.page, merges_unknown=table.borderless)
        self.doc.add(block)
        self.table = (block, table)

    def _page_height(self, number: int) -> float:
        return self.pages[number - 1].height

    def _flush(self) -> None:
        if not self.para:
            return
        text = ""
        for line in self.para:
            text = join_wrapped(text, line.text)
        glyphs = Glyphs([(line.page, line.chars) for line in self.para])
        self.doc.add(Paragraph(tidy_spaces(text), page=self.para[0].page, glyphs=glyphs))
        self.para = []
