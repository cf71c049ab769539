"""Whether two names written in different places are the same quantity — one answer for extraction
and checker alike.

A goal says "年末城镇新增就业人数3772人" where the indicator is "城镇新增就业人数"; section 三 says
"就业见习补贴人数未达到指标值" about "享受就业见习补贴人数". Names are normalised (time words such
as 年末/全年 and filler such as 新增/实现 dropped, a trailing 人数/人次数 dropped: patterns/names.toml)
and compared by Dice similarity of their character-bigram multisets, which tolerates an added or
missing word but not a different subject. Extraction (which section 三 sentence gives an unmet
indicator its reason) and the checker (which indicator a 偏差 explanation is about) both ask
`mentions`, so they cannot disagree on the same sentence. Thresholds are in `extractor.settings`.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TypeVar

from extractor import patterns
from extractor.memo import per_document
from extractor.normalise.text import shortfall_subject
from extractor.settings import SETTINGS

__all__ = ["abbreviates", "best_match", "mentions", "normalise_name", "similarity", "strip_punctuation"]

T = TypeVar("T")

# The checker compares every indicator's name with every goal, claim and sentence: the same few
# dozen names are normalised thousands of times a report, so their normal forms are remembered.
_NAMES_REMEMBERED = 4096


@functools.lru_cache(maxsize=_NAMES_REMEMBERED)
def strip_punctuation(text: str) -> str:
    """The text without spaces, punctuation or symbols (Unicode categories Z, P, S, C)."""
    return "".join(char for char in text if unicodedata.category(char)[0] not in "ZPSC")


def _without_qualifiers(text: str) -> str:
    """The text without the words that say when or how a count was made (年末, 新增, 享受 …)."""
    kept: list[str] = []
    start = 0
    for found in patterns.finditer("names.qualifier", text):
        kept.append(text[start:found.start()])
        start = found.end()
    kept.append(text[start:])
    return "".join(kept)


@functools.lru_cache(maxsize=_NAMES_REMEMBERED)
def normalise_name(name: str) -> str:
    """The part of a name that says what is counted: "年末城镇新增就业人数" → "城镇就业"."""
    bare = strip_punctuation(name)
    core = _without_qualifiers(bare)
    suffix = patterns.search("names.count_suffix", core)
    if suffix is not None:
        core = core[:suffix.start()]
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
    smaller, larger = (a, b) if len(a) <= len(b) else (b, a)
    shared = sum(min(count, larger[gram]) for gram, count in smaller.items() if gram in larger)
    return 2 * shared / total


def abbreviates(short: str, name: str) -> bool:
    """Whether `short` is `name` written shorter, its characters kept in order: "公厕建设数量" for
    "农村公共厕所建设数量", "见习补贴人数" for "享受就业见习补贴人数". At least
    `SETTINGS.shorthand_min` characters and half the name, so a generic word does not abbreviate
    everything."""
    if len(short) < SETTINGS.shorthand_min or 2 * len(short) < len(name):
        return False
    remaining = iter(name)
    return all(char in remaining for char in short)


def mentions(text: str, name: str) -> bool:
    """Whether a sentence (or a shortfall's subject) names the quantity: it contains the name's
    core, or what it says fell short abbreviates or resembles the name."""
    core = normalise_name(name)
    bare_text, subject = _sentence_side(text)
    # A generic core ("就业") contained in a sentence does not name the quantity.
    if len(core) >= SETTINGS.name_core_min and core in bare_text:
        return True
    return abbreviates(subject, strip_punctuation(name)) or similarity(subject, name) >= SETTINGS.name_similarity


@per_document  # one sentence is asked about every indicator of the report
def _sentence_side(text: str) -> tuple[str, str]:
    """The sentence without qualifiers, and what it says fell short."""
    bare = strip_punctuation(text)
    return _without_qualifiers(bare), shortfall_subject(bare)


def best_match(name: str, candidates: Sequence[T], name_of: Callable[[T], str]) -> T | None:
    """The candidate whose name is most similar (≥ the threshold); None when none is, or on a tie."""
    scored = sorted(
        ((similarity(name, name_of(candidate)), index) for index, candidate in enumerate(candidates)),
        key=lambda pair: -pair[0],
    )
    if not scored or scored[0][0] < SETTINGS.name_similarity:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None  # two equally good candidates: which one the text means is unknown
    return candidates[scored[0][1]]
