"""Lines that wrap: when a line break inside a paragraph is no boundary, and how wrapped lines join.

One rule for every format whose lines wrap (text copied out of a PDF, PDF and OCR'd pages): a
line that ends inside an amount or a rate carries on into the next, whatever the layout says,
because a sentence never ends there. A page's geometry decides the other joins (the PDF reader's
lines), and all of them are joined the same way.
"""

from __future__ import annotations

import regex

# A figure's own unit, which a line break may separate from its number ("6359.55" / "万元").
_UNIT_START = regex.compile(r"(?:[万亿千百]?元|万|亿|[%％‰])")
# A line ending in a number and a scale without the 元 it needs ("327.55万" / "元，").
_SCALE_END = regex.compile(r"\d\s*[万亿千]$")
# A number cut inside: after a decimal point or thousands separator ("1,002." / "75万元").
_CUT_NUMBER = regex.compile(r"\d[.,，．]$")
# An item number opening the next line ("2、", "3）") starts an item, whatever came before.
_ITEM_NUMBER = regex.compile(r"\d{1,3}\s*[、)）]")


def breaks_inside_amount(line: str, following: str) -> bool:
    """Whether `line` ends inside an amount or rate that `following` completes: "执行数1,002." /
    "75万元", "6359.55" / "万元", "327.55万" / "元、", "79.59" / "%"."""
    line, following = line.rstrip(), following.lstrip()
    if not line or not following:
        return False
    if _CUT_NUMBER.search(line):
        return following[0].isdigit() and not _ITEM_NUMBER.match(following)
    if line[-1].isdigit():
        return bool(_UNIT_START.match(following))
    return following[0] == "元" and bool(_SCALE_END.search(line))


def join_wrapped(left: str, right: str) -> str:
    """Join two wrapped lines: nothing between CJK or number parts, one space between ASCII words."""
    if not left or not right:
        return left + right
    a, b = left[-1], right[0]
    number_continues = (a.isdigit() or a in ".,") and b.isdigit()
    if a.isascii() and b.isascii() and (a.isalnum() or a in ".,;:!?)%") and b.isalnum() and not number_continues:
        return f"{left} {right}"
    return left + right
