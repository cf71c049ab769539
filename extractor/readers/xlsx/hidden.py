"""The rows and columns a sheet hides (`<row hidden="1">`, `<col min max hidden="1">`).

A hidden row or column is not printed and not read: workbooks keep last year's figures, codes
and working sums there, which are no part of the 自评表 the agency filed. calamine reads their
values like any others, so the sheet XML says which they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_TAG_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|col)\b")
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_COL_RANGE_MIN = re.compile(rb'\bmin="(\d+)"')
_COL_RANGE_MAX = re.compile(rb'\bmax="(\d+)"')
_MAX_HIDDEN_COLUMNS = 16_384  # Excel's last column: a range past it is a hostile file's


@dataclass(frozen=True, slots=True)
class Hidden:
    rows: frozenset[int]  # 0-based
    columns: frozenset[int]

    def __bool__(self) -> bool:
        return bool(self.rows or self.columns)


NOTHING_HIDDEN = Hidden(frozenset(), frozenset())


def hidden_cells(sheet_xml: bytes) -> Hidden:
    """The 0-based rows and columns the sheet hides; a sheet hiding nothing costs one search."""
    if _HIDDEN.search(sheet_xml) is None:
        return NOTHING_HIDDEN
    rows: set[int] = set()
    columns: set[int] = set()
    for match in _HIDDEN.finditer(sheet_xml):
        start = sheet_xml.rfind(b"<", 0, match.start())
        tag = _TAG_START.match(sheet_xml, start)
        if tag is None:
            continue  # a hidden attribute of another element (a sheet view, a comment)
        head = sheet_xml[start:sheet_xml.find(b">", match.end()) + 1]
        if tag.group(1) == b"row":
            number = _ROW_NUMBER.search(head)
            if number:
                rows.add(int(number.group(1)) - 1)
        else:
            low, high = _COL_RANGE_MIN.search(head), _COL_RANGE_MAX.search(head)
            if low and high:
                first, last = int(low.group(1)) - 1, min(int(high.group(1)), _MAX_HIDDEN_COLUMNS)
                columns.update(range(first, last))
    return Hidden(frozenset(rows), frozenset(columns))
