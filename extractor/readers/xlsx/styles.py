"""Which number format each XLSX cell has: read from the package's XML, not through openpyxl.

python-calamine gives values and merged ranges fast but not number formats, and openpyxl is
14-17x slower than calamine for the whole sheet (read-only openpyxl also loses merged cells). So
the formats are learnt here, cheaply: xl/styles.xml maps a style index to a format code, and when
some style has a non-General format the sheet XML is scanned with one bytes regex for the `s`
(style) attribute of its cells. A workbook whose styles are all General costs no sheet scan.

The package parts read here (styles, workbook, its relationships) are machine-written and only
their start tags' attributes are needed, so they are scanned with regexes rather than parsed: on
a small workbook, building an lxml tree of styles.xml alone cost more than calamine's opening of
the whole workbook.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re

from extractor.readers.xlsx.numfmt import BUILTIN_FORMATS, is_general
from extractor.readers.zip_members import Member, read_member

WORKBOOK_PART = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
STYLES_PART = "xl/styles.xml"
WORKSHEETS = "xl/worksheets/"

_REF_ATTR = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_CELL_START = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\s")
_XML_SPACES = b" \t\r\n"
_ROW_OR_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)\b([^>]*)>")
_ROW_NUMBER = re.compile(rb'\br="([0-9]{1,7})"')
_STYLE_NUMBER = re.compile(rb'\bs="([0-9]+)"')
# A name starts only where no name character precedes: inside a run of 3 million name characters
# (a crafted styles.xml) each position would otherwise rescan the rest of the run.
_ATTRIBUTE = re.compile(rb"""(?<![\w.:-])([A-Za-z_][\w.:-]*+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_PREFIX = rb"<(?:[A-Za-z_][\w.-]*:)?"
# The sections are found by their name first (a literal the regex engine searches fast), so the
# tag patterns run over a few hundred bytes rather than every tag of a 30 KB styles.xml.
# A section's start tag; its end is then found by a literal search from there, once. A lazy
# `(.*?)</numFmts>` was retried from every "numFmts" in the part: a styles.xml of 300,000
# unclosed <numFmts> tags took minutes.
_NUM_FMTS = re.compile(rb"numFmts\b[^>]*(?<!/)>")
_CELL_XFS = re.compile(rb"cellXfs\b[^>]*(?<!/)>")
_CLOSING = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?\Z")
_NUM_FMT = re.compile(_PREFIX + rb"numFmt\s([^>]*)>")
_XF = re.compile(_PREFIX + rb"xf\b([^>]*)>")
_NUM_FMT_ID = re.compile(rb"""\bnumFmtId\s*=\s*["']([0-9]+)["']""")
_SHEET = re.compile(_PREFIX + rb"sheet\s([^>]*)>")
_RELATIONSHIP = re.compile(_PREFIX + rb"Relationship\s([^>]*)>")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

CellFormats = dict[int, dict[int, str]]  # row -> column -> format code, 0-based


def _part(data: bytes, members: dict[str, Member], name: str) -> bytes:
    """The part's bytes as UTF-8 (Office writes UTF-8; UTF-16 is allowed), or b"" when absent."""
    try:
        xml = read_member(data, members, name)
    except KeyError:
        return b""
    return xml.decode("utf-16").encode() if xml[:2] in _UTF16_BOMS else xml


def _attributes(start_tag: bytes) -> dict[str, str]:
    """A start tag's attributes by name (prefix kept), entities resolved."""
    found: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(start_tag):
        value = (match.group(2) if match.group(2) is not None else match.group(3)).decode("utf-8", "replace")
        found[match.group(1).decode()] = html.unescape(value) if "&" in value else value
    return found


def _section(xml: bytes, start_tag: re.Pattern[bytes], name: bytes) -> bytes | None:
    """The content of the first `name` element that is closed (`</name>` or `</x:name>`), in
    time linear in the part: each candidate end is looked at once."""
    start = start_tag.search(xml)
    if start is None:
        return None
    at = start.end()
    while (at := xml.find(name, at)) != -1:
        tail = xml[at + len(name):at + len(name) + 64].lstrip()
        if tail[:1] == b">" and _CLOSING.search(xml, max(0, at - 64), at):
            return xml[start.end():xml.rfind(b"<", 0, at)]
        at += len(name)
    return None


def style_formats(data: bytes, members: dict[str, Member]) -> dict[int, str]:
    """Style index -> format code, for the styles whose format is not General or text."""
    styles = _part(data, members, STYLES_PART)
    cell_xfs = _section(styles, _CELL_XFS, b"cellXfs")
    if cell_xfs is None:
        return {}
    codes = dict(BUILTIN_FORMATS)
    num_fmts = _section(styles, _NUM_FMTS, b"numFmts")
    for match in _NUM_FMT.finditer(num_fmts or b""):
        attributes = _attributes(match.group(1))
        fmt_id = attributes.get("numFmtId", "")
        if fmt_id.isdigit():
            codes[int(fmt_id)] = attributes.get("formatCode", "General")
    formats: dict[int, str] = {}
    for index, match in enumerate(_XF.finditer(cell_xfs)):
        number_format = _NUM_FMT_ID.search(match.group(1))
        code = codes.get(int(number_format.group(1)), "General") if number_format else "General"
        if not is_general(code):
            formats[index] = code
    return formats


def sheet_parts(data: bytes, members: dict[str, Member], worksheets: list[str]) -> dict[str, str]:
    """Worksheet name -> its part in the package (xl/worksheets/sheet1.xml)."""
    worksheet_parts = [name for name in members if name.startswith(WORKSHEETS) and name.endswith(".xml")
                       and "/" not in name[len(WORKSHEETS):]]
    if len(worksheets) == 1 and len(worksheet_parts) == 1:
        return {worksheets[0]: worksheet_parts[0]}  # most 自评表 workbooks: no relationships to follow
    targets: dict[str, str] = {}
    for match in _RELATIONSHIP.finditer(_part(data, members, WORKBOOK_RELS)):
        attributes = _attributes(match.group(1))
        targets[attributes.get("Id", "")] = attributes.get("Target", "")
    parts: dict[str, str] = {}
    for match in _SHEET.finditer(_part(data, members, WORKBOOK_PART)):
        attributes = _attributes(match.group(1))
        # The relationship id's prefix is whatever the writer bound the namespace to (r: in Excel).
        target = next((targets.get(v, "") for k, v in attributes.items() if k.endswith(":id")), "")
        if target:
            parts[attributes.get("name", "")] = (target.lstrip("/") if target.startswith("/")
                                                 else posixpath.normpath(posixpath.join("xl", target)))
    return parts


def cell_formats(sheet_xml: bytes, formats: dict[int, str]) -> CellFormats:
    """The format codes of the cells whose style has a non-General format, by row and column."""
    found: CellFormats = {}
    if not formats:
        return found
    codes = {str(style).encode(): code for style, code in formats.items()}
    # The search is for the formatted styles' attribute values, a literal the regex engine
    # finds fast, and each hit looks back for its tag: scanning every cell's tag cost 3x more.
    for match in _style_values(frozenset(formats)).finditer(sheet_xml):
        at = match.start()
        if sheet_xml[at - 1] not in _XML_SPACES:
            continue  # the end of another attribute's name (xs="3")
        start = sheet_xml.rfind(b"<", 0, at)
        ref = _CELL_START.match(sheet_xml, start)  # the order Excel, WPS and LibreOffice write
        if ref is None:
            tag = sheet_xml[start:sheet_xml.find(b">", at)]
            if not _CELL_TAG.match(tag):
                continue  # a row's style: its cells carry their own
            ref = _REF_ATTR.search(tag)
            if ref is None:  # a writer that leaves cell references out
                return _formats_by_position(sheet_xml, codes)
        column, row = ref.groups()
        found.setdefault(int(row) - 1, {})[column_index(column)] = codes[match.group(1)]
    return found


def _formats_by_position(sheet_xml: bytes, codes: dict[bytes, str]) -> CellFormats:
    """As `cell_formats`, counting rows and cells where their `r` attribute is left out (optional
    in the standard: a row follows the one before, a cell the one on its left)."""
    found: CellFormats = {}
    row = column = -1
    for match in _ROW_OR_CELL.finditer(sheet_xml):
        if match.group(1) == b"row":
            number = _ROW_NUMBER.search(match.group(2))
            row, column = (int(number.group(1)) - 1 if number else row + 1), -1
            continue
        ref = _REF_ATTR.search(match.group(2))
        column = column_index(ref.group(1)) if ref else column + 1
        if ref:
            row = int(ref.group(2)) - 1
        style = _STYLE_NUMBER.search(match.group(2))
        if style and style.group(1) in codes:
            found.setdefault(row, {})[column] = codes[style.group(1)]
    return found


@functools.lru_cache(maxsize=64)
def _style_values(styles: frozenset[int]) -> re.Pattern[bytes]:
    return re.compile(rb's="(' + b"|".join(str(style).encode() for style in sorted(styles)) + rb')"')


@functools.cache
def column_index(letters: bytes) -> int:
    index = 0
    for byte in letters:
        index = index * 26 + byte - 64
    return index - 1
