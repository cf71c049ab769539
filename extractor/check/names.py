"""Matching the names of the same quantity written differently in two places.

A goal says "年末城镇新增就业人数3772人" where the indicator is "城镇新增就业人数"; section 三 says
"就业见习补贴人数未达到指标值" about "享受就业见习补贴人数". Names are normalised (time words such
as 年末/全年 and filler such as 新增/实现 dropped, a trailing 人数/人次数 dropped) and compared by
character-bigram Dice similarity, which tolerates an added or missing word but not a different
subject.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TypeVar

from extractor.check.rounding import UNIT_SCALE
from extractor.normalise.text import abbreviates, shortfall_subject

SIMILAR = 0.6

# Words that qualify when or how a count was made, not what is counted.
_QUALIFIERS = re.compile(r"年末|年底|全年|本年度|本年|年度|当年|累计|共计|合计|新增|实现|全部|享受")
_COUNT_SUFFIX = re.compile(r"(?:人次数|人数|人次|户数|个数|数量|数)$")

T = TypeVar("T")


# The checker compares every indicator's name with every goal, claim and sentence: the same few
# dozen names are normalised thousands of times a report, so their normal forms are remembered.
_NAMES_REMEMBERED = 4096


@functools.lru_cache(maxsize=_NAMES_REMEMBERED)
def strip_punctuation(text: str) -> str:
    """The text without spaces, punctuation or symbols (Unicode categories Z, P, S, C)."""
    return "".join(char for char in text if unicodedata.category(char)[0] not in "ZPSC")


@functools.lru_cache(maxsize=_NAMES_REMEMBERED)
def normalise_name(name: str) -> str:
    """The part of a name that says what is counted: "年末城镇新增就业人数" → "城镇就业"."""
    bare = strip_punctuation(name)
    core = _COUNT_SUFFIX.sub("", _QUALIFIERS.sub("", bare))
    return core or bare


@functools.lru_cache(maxsize=_NAMES_REMEMBERED)
def _bigrams(name: str) -> tuple[Counter[str], int]:
    """The bigrams of the normalised name and how many there are (not to be changed: shared)."""
    text = normalise_name(name)
    grams = Counter(text) if len(text) < 2 else Counter(text[i : i + 2] for i in range(len(text) - 1))
    return grams, sum(grams.values())


def similarity(first: str, second: str) -> float:
    """Dice coefficient of the character bigrams of the two normalised names (multiset)."""
    (a, count_a), (b, count_b) = _bigrams(first), _bigrams(second)
    total = count_a + count_b
    if total == 0:
        return 0.0
    return 2 * sum((a & b).values()) / total


def mentions(text: str, name: str) -> bool:
    """Whether a sentence names the quantity: it contains the name's core, or is similar to it."""
    core = normalise_name(name)
    bare_text = _QUALIFIERS.sub("", strip_punctuation(text))
    # A core shorter than 3 characters ("就业") is too generic to count as naming the quantity.
    if len(core) >= 3 and core in bare_text:
        return True
    subject = shortfall_subject(strip_punctuation(text))
    return abbreviates(subject, strip_punctuation(name)) or similarity(subject, name) >= SIMILAR


def best_match(name: str, candidates: Sequence[T], name_of: Callable[[T], str]) -> T | None:
    """The candidate whose name is most similar (≥ SIMILAR); None when none is, or on a tie."""
    scored = sorted(
        ((similarity(name, name_of(candidate)), index) for index, candidate in enumerate(candidates)),
        key=lambda pair: -pair[0],
    )
    if not scored or scored[0][0] < SIMILAR:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None  # two equally good candidates: which one the text means is unknown
    return candidates[scored[0][1]]


# Units that count the same kind of thing; a figure and an indicator match only within one.
_UNIT_FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"%"}),
    frozenset(UNIT_SCALE),
    frozenset({"人", "名", "人次"}),
)


def unit_family(unit: str | None) -> frozenset[str] | None:
    """The family a unit belongs to; a unit outside every family is a family of its own."""
    if unit is None:
        return None
    unit = unit.replace("％", "%")
    for family in _UNIT_FAMILIES:
        if unit in family:
            return family
    return frozenset({unit})


def units_compatible(first: str | None, second: str | None) -> bool:
    """Same family, or one side states no unit (a table cell under a header unit)."""
    a, b = unit_family(first), unit_family(second)
    return a is None or b is None or a == b


def is_money(unit: str | None) -> bool:
    return unit is not None and unit in UNIT_SCALE


def comparable(number: Decimal, unit: str | None, other_unit: str | None) -> Decimal:
    """A number ready to compare with one in `other_unit`: in 元 when both are money, else as written."""
    scale = UNIT_SCALE.get(unit or "")
    if scale is not None and is_money(other_unit):
        return number * scale
    return number
