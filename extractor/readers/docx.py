"""DOCX reader: word/document.xml parsed once with lxml and walked in document order.

python-docx is too slow for bulk ingest (it builds proxy objects per cell and re-resolves merges on
every access), so this walks the XML directly: paragraphs, tables with their merges resolved once
(a merged cell appears once with its spans; the positions it covers hold no cell), content
controls and tracked insertions included, tracked deletions left out. Headers and footers are not
read: they repeat on every page and carry no report content.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from lxml import etree

from extractor.document import Cell, Document, Paragraph, Table
from extractor.errors import ReadError
from extractor.readers.detect import DOCX_MAIN_PART
from extractor.readers.docx_continuation import continues_table, join_continuation
from extractor.readers.limits import Limits, limit_exceeded
from extractor.readers.zip_members import ENCRYPTED, Member, read_directory, read_member

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

W_BODY = W + "body"
W_P = W + "p"
W_R = W + "r"
W_T = W + "t"
W_TAB = W + "tab"
W_PTAB = W + "ptab"
W_NO_BREAK_HYPHEN = W + "noBreakHyphen"
W_TBL = W + "tbl"
W_TR = W + "tr"
W_TC = W + "tc"
W_TR_PR = W + "trPr"
W_TC_PR = W + "tcPr"
W_GRID_BEFORE = W + "gridBefore"
W_GRID_SPAN = W + "gridSpan"
W_V_MERGE = W + "vMerge"
W_H_MERGE = W + "hMerge"
W_VAL = W + "val"
W_TXBX_CONTENT = W + "txbxContent"
W_DRAWING = W + "drawing"
W_PICT = W + "pict"
MC_ALTERNATE_CONTENT = MC + "AlternateContent"
MC_CHOICE = MC + "Choice"
MC_FALLBACK = MC + "Fallback"

# Elements that hold runs inside a paragraph. Deletions (w:del, w:moveFrom) are not among them.
RUN_CONTAINERS = frozenset(
    W + name
    for name in (
        "hyperlink",
        "ins",
        "moveTo",
        "smartTag",
        "sdt",
        "sdtContent",
        "fldSimple",
        "customXml",
        "dir",
        "bdo",
    )
)
# Elements that hold paragraphs and tables (or rows, or cells) without being one.
BLOCK_WRAPPERS = frozenset(W + name for name in ("sdt", "sdtContent", "customXml"))
DRAWING_HOLDERS = frozenset({W_DRAWING, W_PICT, MC_ALTERNATE_CONTENT})

# Entities are never expanded and nothing is fetched: document.xml is untrusted input.
_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    huge_tree=False,
    load_dtd=False,
    remove_comments=True,
    remove_pis=True,
)

_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
)


def read_docx(path: Path, data: bytes, limits: Limits, members: dict[str, Member] | None = None) -> Document:
    """Read the body of a Word document: paragraphs and tables in document order. `members` is
    `read_directory(data)` when the caller has it already (format detection reads it)."""
    xml = _main_part(path, data, limits, members)
    # Each element costs lxml ~150 bytes and the walk time: count them before parsing.
    elements = xml.count(b"<")
    if elements > limits.max_xml_elements:
        raise limit_exceeded(path, limits, "max_xml_elements", elements, DOCX_MAIN_PART)
    body = _parse_body(path, xml)
    document = Document(path=str(path), format="docx")
    _BodyReader(document, limits).read_blocks(body)
    if not document.blocks:
        raise ReadError(path, "empty_file", "Word 文档正文中没有文字（可能只含图片）")
    return document


def _main_part(path: Path, data: bytes, limits: Limits, members: dict[str, Member] | None) -> bytes:
    """The bytes of word/document.xml (the only part inflated), no further than the limits allow."""
    limit, name = min((limits.max_member_bytes, "max_member_bytes"),
                      (limits.max_unzipped_bytes, "max_unzipped_bytes"))
    try:
        if members is None:
            members = read_directory(data)
        info = members.get(DOCX_MAIN_PART)
        if info is None:
            raise ReadError(path, "corrupt_file", f"Word 文档缺少正文部件 {DOCX_MAIN_PART}")
        if info.flags & ENCRYPTED:
            raise ReadError(path, "encrypted", "Word 文档的正文部件经 ZIP 加密，无法读取")
        # The declared size is checked before inflating; `read_member` inflates no further than it.
        if info.size > limit:
            raise ReadError(path, "zip_bomb", _bomb_detail(info.size, limit, name))
        return read_member(data, members, DOCX_MAIN_PART)
    except _ZIP_ERRORS as exc:
        raise ReadError(path, "corrupt_file", f"DOCX 文件（ZIP 压缩包）已损坏：{exc}") from exc


def _bomb_detail(size: int, limit: int, name: str) -> str:
    return f"{DOCX_MAIN_PART} 解压后达 {size / 2**20:.0f} MB，超过上限 {limit / 2**20:.0f} MB（Limits.{name}）"


def _parse_body(path: Path, xml: bytes) -> etree._Element:
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ReadError(path, "corrupt_file", f"Word 正文 XML 无法解析：{exc}") from exc
    body = root.find(W_BODY)
    if body is None:
        raise ReadError(path, "corrupt_file", "Word 正文 XML 中没有 w:body 元素")
    return body


def iter_blocks(container: etree._Element) -> Iterator[etree._Element]:
    """The w:p and w:tbl elements of a body, cell or text box, in order, through content controls."""
    for child in container:
        tag = child.tag
        if tag in (W_P, W_TBL):
            yield child
        elif tag in BLOCK_WRAPPERS:
            yield from iter_blocks(child)


def _iter_children(parent: etree._Element, wanted: str) -> Iterator[etree._Element]:
    """Children with tag `wanted`, looking through content controls (rows and cells can sit in a w:sdt)."""
    for child in parent:
        tag = child.tag
        if tag == wanted:
            yield child
        elif tag in BLOCK_WRAPPERS:
            yield from _iter_children(child, wanted)


def paragraph_text(p: etree._Element, text_boxes: list[etree._Element]) -> str:
    """The paragraph's text, stripped; text boxes anchored in it are appended to `text_boxes`."""
    parts: list[str] = []
    _collect_runs(p, parts, text_boxes)
    return "".join(parts).strip()


def _collect_runs(parent: etree._Element, parts: list[str], text_boxes: list[etree._Element]) -> None:
    for child in parent:
        tag = child.tag
        if tag == W_R:
            _collect_run(child, parts, text_boxes)
        elif tag in RUN_CONTAINERS:
            _collect_runs(child, parts, text_boxes)


def _collect_run(run: etree._Element, parts: list[str], text_boxes: list[etree._Element]) -> None:
    # A tab becomes a space (a tab would read as a cell separator downstream); a line break inside
    # a paragraph is dropped, since it mostly wraps a value such as "6359.55<br/>万元".
    for child in run:
        tag = child.tag
        if tag == W_T:
            if child.text:
                parts.append(child.text)
        elif tag in (W_TAB, W_PTAB):
            parts.append(" ")
        elif tag == W_NO_BREAK_HYPHEN:
            parts.append("-")
        elif tag in DRAWING_HOLDERS:
            text_boxes.extend(_text_boxes(child))


def _text_boxes(holder: etree._Element) -> list[etree._Element]:
    # Word writes each text box twice, as DrawingML (mc:Choice) and as VML (mc:Fallback): read one.
    if holder.tag == MC_ALTERNATE_CONTENT:
        branch = holder.find(MC_CHOICE)
        if branch is None:
            branch = holder.find(MC_FALLBACK)
        if branch is None:
            return []
        holder = branch
    return list(holder.iter(W_TXBX_CONTENT))


@dataclass(slots=True)
class TcProps:
    span: int = 1
    v_merge: str | None = None  # "restart", "continue" or None
    h_continue: bool = False


def _tc_props(tc: etree._Element) -> TcProps:
    props = TcProps()
    if len(tc) == 0 or tc[0].tag != W_TC_PR:
        return props
    for child in tc[0]:
        tag = child.tag
        if tag == W_GRID_SPAN:
            props.span = max(_int_attr(child, 1), 1)
        elif tag == W_V_MERGE:
            props.v_merge = child.get(W_VAL, "continue")
        elif tag == W_H_MERGE:
            props.h_continue = child.get(W_VAL, "continue") == "continue"
    return props


def _int_attr(element: etree._Element, default: int) -> int:
    value = element.get(W_VAL)
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _grid_before(tr: etree._Element) -> int:
    for child in tr:
        if child.tag == W_TR_PR:
            before = child.find(W_GRID_BEFORE)
            return max(_int_attr(before, 0), 0) if before is not None else 0
        if child.tag == W_TC:
            break
    return 0


@dataclass(slots=True)
class _BodyReader:
    document: Document
    limits: Limits
    # (row, col) of cells holding a nested table, for the table being read.
    nested_at: list[tuple[int, int]] = field(default_factory=list)
    # Tables nested in the cells of the table being read, in reading order.
    nested_tables: list[Table] = field(default_factory=list)

    def _take_nested_tables(self, since: int) -> list[Table]:
        taken, self.nested_tables = self.nested_tables[since:], self.nested_tables[:since]
        return taken

    def read_blocks(self, container: etree._Element) -> None:
        for element in iter_blocks(container):
            if len(self.document.blocks) >= self.limits.max_blocks:
                raise limit_exceeded(self.document.path, self.limits, "max_blocks", len(self.document.blocks) + 1)
            if element.tag == W_P:
                self._add_paragraph(element)
            else:
                self._add_table(element)

    def _add_paragraph(self, p: etree._Element) -> None:
        text_boxes: list[etree._Element] = []
        text = paragraph_text(p, text_boxes)
        if text:
            self.document.add(Paragraph(text=text))
        for box in text_boxes:
            self.read_blocks(box)

    def _add_table(self, tbl: etree._Element) -> None:
        outer_nested, self.nested_at = self.nested_at, []
        nested_before = len(self.nested_tables)
        table = self.read_table(tbl)
        nested, self.nested_at = self.nested_at, outer_nested
        if not table.rows:
            return
        previous = self.document.blocks[-1] if self.document.blocks else None
        if isinstance(previous, Table) and continues_table(previous, table):
            join_continuation(previous, table)
            table = previous
        else:
            self.document.add(table)
        for inner in self._take_nested_tables(nested_before):
            self.document.add(inner)  # read as a table of its own too, after the one holding it
        for row, col in nested:
            self.document.notes.append(
                (
                    "nested_table",
                    f"第 {table.index + 1} 个块（表格）第 {row + 1} 行第 {col + 1} 列的单元格内有嵌套表格，"
                    "其文字已并入该单元格（行以换行、单元格以制表符分隔），并在其后作为表格单独读取",
                )
            )

    def read_table(self, tbl: etree._Element) -> Table:
        rows: list[list[Cell]] = []
        count = 0  # cells in the rows before
        max_cells, max_area = self.limits.max_table_cells, self.limits.max_table_area
        above: list[Cell | None] = []  # the cell covering each grid column in the previous row
        for tr in _iter_children(tbl, W_TR):
            r = len(rows)
            cells: list[Cell] = []
            covering: list[Cell | None] = []
            col = _grid_before(tr)
            for tc in _iter_children(tr, W_TC):
                props = _tc_props(tc)
                # Spans are attributes a file may set to 3e8: bound the grid before _cover allocates it.
                if count + len(cells) >= max_cells or (r + 1) * (col + props.span) > max_area:
                    self._over_limit(r, col + props.span, count + len(cells))
                cell = self._merged_into(props, col, r, above, cells)
                if cell is None:
                    cell = Cell(text=self._cell_text(tc, r, col), row=r, col=col, colspan=props.span)
                    cells.append(cell)
                _cover(covering, col, props.span, cell)
                col += props.span
            rows.append(cells)
            count += len(cells)
            above = covering
        return Table(rows=rows)

    def _over_limit(self, row: int, width: int, cells: int) -> NoReturn:
        limits, path = self.limits, self.document.path
        if cells >= limits.max_table_cells:
            raise limit_exceeded(path, limits, "max_table_cells", cells + 1, "Word 表格")
        raise limit_exceeded(path, limits, "max_table_area", (row + 1) * width, "Word 表格")

    @staticmethod
    def _merged_into(
        props: TcProps, col: int, r: int, above: list[Cell | None], cells: list[Cell]
    ) -> Cell | None:
        """The earlier cell this w:tc continues (vertically or, in old files, horizontally), if any."""
        if props.v_merge == "continue" and col < len(above):
            top = above[col]
            if top is not None and top.col == col:
                top.rowspan = r - top.row + 1
                return top
        if props.h_continue and cells:
            left = cells[-1]
            left.colspan += props.span
            return left
        return None

    def _cell_text(self, tc: etree._Element, r: int, col: int) -> str:
        texts: list[str] = []
        for element in iter_blocks(tc):
            if element.tag == W_P:
                text_boxes: list[etree._Element] = []
                texts.append(paragraph_text(element, text_boxes))
                texts.extend(self._text_box_text(box) for box in text_boxes)
            else:
                self.nested_at.append((r, col))
                texts.append(self._nested_table_text(element))
        return "\n".join(text for text in texts if text)

    def _nested_table_text(self, tbl: etree._Element) -> str:
        outer_nested, self.nested_at = self.nested_at, []
        place = len(self.nested_tables)  # before the tables nested in this one
        table = self.read_table(tbl)
        self.nested_at = outer_nested
        if table.rows:
            self.nested_tables.insert(place, table)
        return "\n".join("\t".join(cell.text for cell in row) for row in table.rows)

    def _text_box_text(self, box: etree._Element) -> str:
        parts: list[str] = []
        for element in iter_blocks(box):
            if element.tag == W_P:
                parts.append(paragraph_text(element, []))
            else:
                parts.append(self._nested_table_text(element))
        return "\n".join(part for part in parts if part)


def _cover(covering: list[Cell | None], col: int, span: int, cell: Cell) -> None:
    if len(covering) < col + span:
        covering.extend([None] * (col + span - len(covering)))
    for c in range(col, col + span):
        covering[c] = cell

