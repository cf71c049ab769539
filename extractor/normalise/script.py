"""Script variants: traditional characters matched on their simplified form.

Mirror sites republish reports in traditional characters. Patterns are written for simplified
text, so a document that uses traditional characters is read through a one-for-one character
mapping made by OpenCC (loaded only for such documents). One character for one keeps every
offset, so evidence still quotes the characters as written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from extractor import patterns

Simplify = Callable[[str], str]
_MIN_MARKERS = 3


@cache
def _markers() -> frozenset[str]:
    return frozenset(patterns.words("script", "traditional_markers"))


def uses_traditional(texts: Iterable[str]) -> bool:
    markers = _markers()
    seen = 0
    for text in texts:
        seen += sum(1 for char in text if char in markers)
        if seen >= _MIN_MARKERS:
            return True
    return False


def simplifier_for(texts: list[str]) -> Simplify | None:
    """A traditional-to-simplified mapping for the characters of these texts, or None when the
    texts are in simplified characters (the usual case: nothing is loaded)."""
    if not uses_traditional(texts):
        return None
    distinct = sorted({char for text in texts for char in text if ord(char) > 0x2E7F})
    converted = _convert("\n".join(distinct)).split("\n")
    if len(converted) != len(distinct):
        return None
    table = {ord(old): new for old, new in zip(distinct, converted, strict=True) if len(new) == 1 and new != old}
    return lambda text: text.translate(table)


def _convert(text: str) -> str:
    converted: str = _converter().convert(text)
    return converted


@cache
def _converter() -> Any:
    import opencc  # only documents in traditional characters pay for it

    return opencc.OpenCC("t2s")
