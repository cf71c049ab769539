"""What an XLSX may make the readers allocate, checked from the package's bytes before they do.

python-calamine sizes a sheet's grid from the cells it finds: one cell at XFD1048576 makes it ask
for 512 GB, and a failed allocation in native code aborts the process (SIGABRT), which no
`except` can catch. So before calamine loads a sheet, its used range is read here from the sheet
XML (every cell's `r` reference, every row's number, and cells placed by position when a writer
leaves `r` out) and checked against `Limits.max_sheet_cells`. The parts calamine inflates itself
(the shared strings) are inflated here first, bounded by their declared size, so a member whose
directory entry lies is caught before the native reader inflates it whole. Merged ranges are
clipped to the used range, and their covered positions counted before they are expanded.
"""

from __future__ import annotations

import re
from pathlib import Path

from extractor.errors import ReadError
from extractor.readers.limits import Limits, limit_exceeded
from extractor.readers.zip_members import Member, read_member

# The order Excel, WPS and LibreOffice write (`<c r="B3" ...>`, `<row r="3" ...>`): a literal the
# regex engine finds fast. Any other order or a namespace prefix takes the general patterns.
_USUAL_CELL_REF = re.compile(rb'<c r="([A-Za-z]+)([0-9]+)"')
_USUAL_ROW_NUMBER = re.compile(rb'<row r="([0-9]+)"')
# What makes the exact count needed: a reference past column Z or row 999, a cell or row without
# `r` first, a namespace prefix. Without any, the sheet is at most 999 x 26 cells, and one failed
# search over the XML proves it (most 自评表 sheets; 15 µs where the exact count takes 90).
_NOT_WITHIN_Z999 = re.compile(rb'<c r="(?:[A-Za-z]{2}|[A-Za-z][0-9]{4})|<row r="[0-9]{4}'
                              rb'|<(?:c|row)(?=[\s>/])(?! r=")|<[A-Za-z_][\w.-]*:(?:c|row)[\s>/]')
_Z999 = 999 * 26
# A cell reference as any attribute r="..." with letters (row numbers carry digits only); case
# and length unbounded, so an out-of-range reference is seen rather than skipped.
_CELL_REF = re.compile(rb'\sr\s*=\s*["\']([A-Za-z]+)([0-9]+)["\']')
_ROW_NUMBER = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*?\sr\s*=\s*["\']([0-9]+)["\']')
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")
_ROW_OR_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)[\s>/]")
Merge = tuple[int, int, int, int]  # first row, first col, last row, last col (inclusive, 0-based)


def column_number(letters: bytes) -> int:
    """1-based column of A1-style letters (A = 1, XFD = 16384), case-insensitive."""
    number = 0
    for byte in letters.upper():
        number = number * 26 + byte - 64
    return number


def _usual_order(xml: bytes) -> bool:
    """Every cell and row carries `r` first and no namespace prefix, as Excel, WPS and LibreOffice write."""
    return (xml.count(b"<c ") + xml.count(b"<c>") + xml.count(b"<c/") == xml.count(b'<c r="')
            and xml.count(b"<row ") + xml.count(b"<row>") == xml.count(b'<row r="')
            and b":c " not in xml and b":c>" not in xml)


def sheet_extent(xml: bytes) -> tuple[int, int]:
    """(rows, columns) of the sheet's used range as the sheet XML places its cells, at least."""
    if not _usual_order(xml):
        return _extent_in_general(xml)
    refs = _USUAL_CELL_REF.findall(xml)
    rows = max(map(int, set(_USUAL_ROW_NUMBER.findall(xml))), default=0)
    if not refs:
        return rows, 0
    letters, numbers = zip(*refs, strict=True)
    # Few distinct columns and rows: compare those, not every cell.
    columns = max(map(column_number, set(letters)))
    return max(rows, *map(int, set(numbers))), columns


def _extent_in_general(xml: bytes) -> tuple[int, int]:
    rows = columns = refs = 0
    for letters, number in _CELL_REF.findall(xml):
        refs += 1
        columns = max(columns, column_number(letters))
        rows = max(rows, int(number))
    rows = max(rows, *map(int, _ROW_NUMBER.findall(xml)), len(_ROW_TAG.findall(xml)))
    if len(_CELL_TAG.findall(xml)) > refs:  # cells placed by position: the widest row counts
        columns = max(columns, _widest_row(xml))
    return rows, columns


def _widest_row(xml: bytes) -> int:
    """The most cells in one row, counted between row tags (C-speed counts, not a tag loop)."""
    widest = 0
    for row in _ROW_TAG.split(xml):
        widest = max(widest, len(_CELL_TAG.findall(row)))
    return widest


def check_sheet(path: Path, sheet: str, xml: bytes, limits: Limits) -> None:
    """ReadError(limit_exceeded) when the sheet's used range is over Limits.max_sheet_cells."""
    if limits.max_sheet_cells >= _Z999 and _NOT_WITHIN_Z999.search(xml) is None:
        return  # at most 999 rows x 26 columns
    rows, columns = sheet_extent(xml)
    if rows * columns > limits.max_sheet_cells:
        raise limit_exceeded(path, limits, "max_sheet_cells", rows * columns,
                             f"工作表“{sheet}”有 {rows} 行 × {columns} 列")


def check_parts(path: Path, data: bytes, members: dict[str, Member], limits: Limits) -> None:
    """Every XML part within Limits.max_member_bytes, and the shared strings (which calamine
    inflates itself) truly no larger than their directory entry says."""
    for name, member in members.items():
        if name.endswith((".xml", ".rels")) and member.size > limits.max_member_bytes:
            raise ReadError(path, "zip_bomb", f"工作簿部件 {name} 解压后达 {member.size / 2**20:.0f} MB，超过上限 "
                                              f"{limits.max_member_bytes / 2**20:.0f} MB（Limits.max_member_bytes）")
    for name in members:
        if name.lower().endswith("sharedstrings.xml"):
            read_member(data, members, name)  # BadZipFile when it inflates past its declared size


def check_unresolved_sheets(path: Path, data: bytes, members: dict[str, Member], known: set[str],
                            limits: Limits) -> None:
    """A sheet whose part the relationships did not give: check every XML part that holds cells."""
    for name in members:
        if name.endswith(".xml") and name not in known:
            xml = read_member(data, members, name)
            if b"sheetData" in xml:
                check_sheet(path, name, xml, limits)


def clip_merges(path: Path, sheet: str, merges: list[Merge], height: int, width: int,
                limits: Limits) -> list[Merge]:
    """Merges clipped to the used range; ReadError when together they cover more positions than
    the sheet's cell limit (overlapping merges in a damaged file)."""
    clipped: list[Merge] = []
    covered = 0
    for r0, c0, r1, c1 in merges:
        r1, c1 = min(r1, height - 1), min(c1, width - 1)
        if r0 > r1 or c0 > c1:
            continue
        covered += (r1 - r0 + 1) * (c1 - c0 + 1)
        if covered > limits.max_sheet_cells:
            raise limit_exceeded(path, limits, "max_sheet_cells", covered, f"工作表“{sheet}”的合并单元格")
        clipped.append((r0, c0, r1, c1))
    return clipped
