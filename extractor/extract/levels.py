"""Indicator levels and item numbering: canonical names and heading recognition."""

from __future__ import annotations

from extractor import patterns
from extractor.memo import per_document


def _names(key: str) -> dict[str, str]:
    return {str(word): str(name) for word, name in patterns.table("levels", key).items()}


# How each level is written ("产出", "环境效益") and its canonical name, as patterns/levels.toml lists them.
LEVEL1_CANONICAL = _names("level1_names")
LEVEL2_CANONICAL = _names("level2_names")


@per_document  # a paragraph's start is asked for by headings, leads, names and listed items
def strip_numbering(folded: str) -> int:
    """Length of the item numbering ("①", "⑴", "1.", "一是") at the start, 0 if none."""
    found = patterns.match("indicators.numbering", folded)
    return found.end() if found else 0


def numbering_style(folded: str) -> str | None:
    """A key for the kind of numbering, so headings of one depth can be told apart."""
    found = patterns.match("indicators.numbering", folded)
    if not found:
        return None
    mark = found.group(0).strip()
    first = mark[0]
    if "⒈" <= first <= "⒛":
        return "dot-digit"
    if "⑴" <= first <= "⒇":
        return "paren-digit"
    if "①" <= first <= "⑳":
        return "circled"
    if first == "(":
        return "paren-han" if mark[1] in "一二三四五六七八九十" else "paren-ascii"
    if first.isdigit():
        return "ascii"
    return "han"


def level1_of(text: str) -> str | None:
    found = patterns.fullmatch("levels.level1", text.strip())
    return LEVEL1_CANONICAL[found.group("level")] if found else None


def level2_of(text: str) -> str | None:
    found = patterns.fullmatch("levels.level2", text.strip())
    return LEVEL2_CANONICAL[found.group("level")] if found else None


_PARENT = _names("level2_parent")


def level1_kept(level1: str | None, level2: str | None) -> str | None:
    """The 一级 in force stays over a new 二级 only if it can be its parent: "4、社会效益指标"
    after "1、产出数量指标" is under no 一级 the report wrote (效益指标 is implied, not stated)."""
    if level1 is None or level2 is None:
        return level1
    parent = _PARENT.get(level2)
    return level1 if parent is None or parent == level1 or (level1 == "成本指标" and "成本" in level2) else None


def canonical_level1(cell_text: str) -> str | None:
    """A table's 一级指标 cell: '产出指标' / '产出' / '效益指标（30分）'."""
    for key, name in LEVEL1_CANONICAL.items():
        if cell_text.startswith(key):
            return name
    return None


def canonical_level2(cell_text: str) -> str | None:
    # Longest keys first: "服务对象满意度" before "满意度", "经济效益" before "效益".
    for key in sorted(LEVEL2_CANONICAL, key=len, reverse=True):
        if cell_text.startswith(key):
            return LEVEL2_CANONICAL[key]
    return None
