"""HTML reader: a portal page's report (paragraphs and <table>s), without the portal around it.

The bytes are decoded by BOM, then the page's declared charset (`<meta charset>` or http-equiv;
GB2312/GBK read as GB18030, their superset), then detection (UTF-8, GB18030). lxml.html parses;
html_content.py drops the clutter and picks the content container; this module walks it in
document order: block elements and <br> end paragraphs, and a data <table> becomes a `Table` with
rowspan/colspan expanded (a merged cell once at its top-left, the positions it covers empty).
Layout tables (a table holding tables) are walked through as containers; a data table whose
row is one cell nesting a table (a 资金 block inside the 自评表) is read as the tables it holds.
A CSS grid of <div> rows and cells is a table too (html_grid.py).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree, html

from extractor.document import Cell, Document, Paragraph, Table
from extractor.errors import ReadError
from extractor.readers.html_content import (
    attachment_links,
    content_weight,
    drop_clutter,
    main_container,
    title_before,
)
from extractor.readers.html_grid import GRID_TAGS, display_classes, grid_rows, style_span
from extractor.readers.limits import Limits, limit_exceeded
from extractor.readers.text import UNREADABLE_ENCODING_DETAIL, decode_text

_META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
                    "gb_2312-80": "gb18030", "utf8": "utf-8", "unicode": "utf-8"}
_META_WINDOW = 4096
BLOCK_TAGS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
                        "section", "article", "main", "blockquote", "pre", "center", "hr", "address", "figure",
                        "figcaption", "caption", "tr", "td", "th", "table", "tbody", "thead", "tfoot", "body"})
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
# A source line break between two Chinese characters renders as a space no Chinese writer meant.
_SPACE_IN_CJK = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
_EDGE_SPACE = " \t\r\n\u3000\xa0"
# The HTML standard's own bounds: colspan up to 1000, rowspan up to 65534.
_MAX_COLSPAN = 1000
_MAX_ROWSPAN = 65534
_DATA_ROWS = 3


def read_html(path: Path, data: bytes, limits: Limits) -> Document:
    elements = data.count(b"<")  # an upper bound on the tags, before lxml builds them
    if elements > limits.max_xml_elements:
        raise limit_exceeded(path, limits, "max_xml_elements", elements)
    root = _parse(path, decode_html(path, data))
    _check_size(path, root, limits)
    body = root.find("body")
    if body is None:
        body = root
    attachments = attachment_links(body)
    classes = display_classes(root)  # before the clutter step drops the <style>s
    drop_clutter(body)
    container = main_container(body)
    if content_weight(container) <= 0:  # nothing but links: a page pointing at attachments
        raise ReadError(path, "empty_file", _empty_detail(attachments))
    document = Document(path=str(path), format="html")
    title = title_before(body, container)
    if title:
        document.add(Paragraph(title))
    flow = _Flow(path, limits, classes)
    flow.walk(container)
    for block in flow.finish():
        document.add(block)
    if not any(_has_text(block) for block in document.blocks):
        raise ReadError(path, "empty_file", _empty_detail(attachments))
    return document


def _check_size(path: Path, root: html.HtmlElement, limits: Limits) -> None:
    """The page's text and tables against the limits, before the content steps walk the tree
    several times (a page of 40,000 rows took seconds to be refused after them)."""
    chars = sum(map(len, root.itertext()))
    if chars > limits.max_document_chars:
        raise limit_exceeded(path, limits, "max_document_chars", chars)
    for table in root.iter("table"):
        cells = sum(len(own_cells(row)) for row in own_rows(table))
        if cells > limits.max_table_cells:
            raise limit_exceeded(path, limits, "max_table_cells", cells, "网页表格")


def decode_html(path: Path, data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", "replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace")
    declared = _declared_charset(data)
    if declared is not None:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # pages often declare one charset and are saved in another: detect instead
    text = decode_text(data)
    if text is None:
        raise ReadError(path, "unreadable_encoding", UNREADABLE_ENCODING_DETAIL)
    return text


def _declared_charset(data: bytes) -> str | None:
    found = _META_CHARSET.search(data[:_META_WINDOW])
    if found is None:
        return None
    name = found.group(1).decode("ascii", "replace").lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _parse(path: Path, text: str) -> html.HtmlElement:
    try:
        return html.document_fromstring(_XML_DECLARATION.sub("", text, count=1))
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ReadError(path, "empty_file", f"HTML 页面无法解析或没有内容：{exc}") from exc


def _has_text(block: Paragraph | Table) -> bool:
    if isinstance(block, Paragraph):
        return bool(block.text.strip())
    return any(cell.text.strip() for row in block.rows for cell in row)


def _empty_detail(attachments: list[str]) -> str:
    if attachments:
        return "页面正文为空，只有附件链接：" + "、".join(attachments[:5]) + "（请下载附件后处理）"
    return "页面中没有找到正文内容（只有导航、页眉页脚或脚本）"


def clean(text: str) -> str:
    return _SPACE_IN_CJK.sub("", _SPACES.sub(" ", text)).strip(_EDGE_SPACE)


@dataclass
class _Flow:
    """Blocks in document order: text gathered until a block boundary becomes a paragraph."""

    path: Path
    limits: Limits
    # Classes the page's stylesheet displays as rows and as cells (html_grid.display_classes).
    grid_classes: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
    blocks: list[Paragraph | Table] = field(default_factory=list)
    buffer: list[str] = field(default_factory=list)

    def text(self, text: str | None) -> None:
        if text:
            self.buffer.append(text)

    def boundary(self) -> None:
        text = clean("".join(self.buffer))
        self.buffer.clear()
        if text:
            self.blocks.append(Paragraph(text))

    def finish(self) -> list[Paragraph | Table]:
        self.boundary()
        return self.blocks

    def walk(self, element: html.HtmlElement) -> None:
        tag = element.tag
        if not isinstance(tag, str):
            return
        if tag == "br":
            self.boundary()
            return
        if tag == "table":
            self._table(element)
            return
        block = tag in BLOCK_TAGS
        if block:
            self.boundary()
        grid = grid_rows(element, self.grid_classes) if tag in GRID_TAGS else None
        if grid is not None:  # a table of <div> rows and cells
            table = build_table(grid, self.path, self.limits, cells_given=True)
            if table is not None:
                # A grid writes no merges: a level cell left empty means "as above", as in text.
                table.merges_unknown = not any(c.rowspan > 1 for row in table.rows for c in row)
                self.blocks.append(table)
            return
        self.text(element.text)
        for child in element:
            self.walk(child)
            self.text(child.tail)
        if block:
            self.boundary()

    def _table(self, element: html.HtmlElement) -> None:
        self.boundary()
        rows = own_rows(element)
        if is_layout_table(element, rows):
            for row in rows:
                for cell in own_cells(row):
                    self.walk(cell)
                    self.boundary()
            return
        # A data table with a row that is one cell holding a table (the 资金 block nested in the
        # 自评表): the rows above, the nested table and the rows below are read in turn.
        start = 0
        for at, row in enumerate(rows):
            if is_nesting_row(row):
                self._rows(rows[start:at])
                self.walk(own_cells(row)[0])
                self.boundary()
                start = at + 1
        self._rows(rows[start:])

    def _rows(self, rows: list[html.HtmlElement]) -> None:
        table = build_table(rows, self.path, self.limits) if rows else None
        if table is not None:
            self.blocks.append(table)


def own_rows(table: html.HtmlElement) -> list[html.HtmlElement]:
    """The table's rows, through thead/tbody/tfoot, not those of tables nested in its cells."""
    rows: list[html.HtmlElement] = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if r.tag == "tr")
    return rows


def own_cells(row: html.HtmlElement) -> list[html.HtmlElement]:
    return [c for c in row if c.tag in ("td", "th")]


def is_nesting_row(row: html.HtmlElement) -> bool:
    """A row of one cell holding a table."""
    cells = own_cells(row)
    return len(cells) == 1 and any(True for _ in cells[0].iter("table"))


def is_layout_table(table: html.HtmlElement, rows: list[html.HtmlElement]) -> bool:
    """A table used to lay out the page: its cells hold tables, or it is one cell wide and holds blocks.

    A table of data rows (`_DATA_ROWS` rows of two or more cells, none holding a table) is data
    even when a row of it is one cell nesting a table: 自评表s nest their 资金 block so."""
    cells = [c for r in rows for c in own_cells(r)]
    if any(True for c in cells for _ in c.iter("table")):
        data_rows = sum(1 for r in rows if len(own_cells(r)) > 1
                        and not any(True for c in own_cells(r) for _ in c.iter("table")))
        nesting_only = all(is_nesting_row(r) for r in rows
                           if any(True for c in own_cells(r) for _ in c.iter("table")))
        return data_rows < _DATA_ROWS or not nesting_only
    return bool(cells) and all(len(own_cells(r)) <= 1 for r in rows) and any(
        True for c in cells for _ in c.iter("p", "div", "h1", "h2", "h3"))


def _span(cell: html.HtmlElement, name: str, most: int) -> int:
    value = (cell.get(name) or style_span(cell, name) or "1").strip()
    digits = re.match(r"\d{1,9}", value)
    number = int(digits.group()) if digits else 1
    return min(max(number, 1), most)


def cell_text(cell: html.HtmlElement, path: Path, limits: Limits) -> str:
    flow = _Flow(path, limits)
    flow.text(cell.text)
    for child in cell:
        if child.tag == "table":  # a table inside a data cell: its rows as lines
            flow.boundary()
            for nested_row in own_rows(child):
                flow.text(" ".join(clean("".join(c.itertext())) for c in own_cells(nested_row)))
                flow.boundary()
        else:
            flow.walk(child)
        flow.text(child.tail)
    return "\n".join(b.text for b in flow.finish() if isinstance(b, Paragraph))


def build_table(rows: list[html.HtmlElement] | list[list[html.HtmlElement]], path: Path, limits: Limits,
                cells_given: bool = False) -> Table | None:
    """Rows of <td>/<th> with rowspan/colspan placed on a grid, as the HTML table algorithm does
    (`cells_given`: rows already lists of cell elements, a <div> grid's).

    The grid is checked against the limits before each span is placed: a page of 1000x1000 spans
    must not fill memory with covered positions."""
    cells = [list(row) for row in rows] if cells_given else [own_cells(row) for row in rows]
    count = sum(map(len, cells))
    if count > limits.max_table_cells:
        raise limit_exceeded(path, limits, "max_table_cells", count, "网页表格")
    occupied: set[tuple[int, int]] = set()
    placed = 0  # grid positions spanned so far: at most the grid's area unless spans overlap
    out: list[list[Cell]] = [[] for _ in rows]
    for r, row_cells in enumerate(cells):
        col = 0
        for element in row_cells:
            while (r, col) in occupied:
                col += 1
            rowspan = min(_span(element, "rowspan", _MAX_ROWSPAN), len(rows) - r)
            colspan = _span(element, "colspan", _MAX_COLSPAN)
            placed += rowspan * colspan
            area = max((col + colspan) * len(rows), placed)
            if area > limits.max_table_area:
                raise limit_exceeded(path, limits, "max_table_area", area, "网页表格")
            out[r].append(Cell(cell_text(element, path, limits), r, col, rowspan, colspan))
            occupied.update((rr, cc) for rr in range(r, r + rowspan) for cc in range(col, col + colspan))
            col += colspan
    if not any(cell.text.strip() for row in out for cell in row):
        return None
    return Table(out)
