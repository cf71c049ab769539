"""Text as a pattern should see it, with a map back to the characters as written.

A mirror site's inserted pinyin ("绩效(jì xiào)") and a justified line's letter spacing
("产 出 指 标") are dropped; traditional characters become simplified ones. `Cleaned.raw_span`
turns a span of the clean text back into the span of the raw text it came from, so evidence
quotes what the document wrote.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractor import patterns
from extractor.normalise.script import Simplify


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    # Raw index of each clean character, plus one past the end; None when nothing was dropped.
    offsets: tuple[int, ...] | None = None

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        if self.offsets is None:
            return start, end
        if start >= end:
            at = self.offsets[min(start, len(self.offsets) - 1)]
            return at, at
        return self.offsets[start], self.offsets[end - 1] + 1


def _dropped_spans(raw: str) -> list[tuple[int, int]]:
    """Raw spans that are not part of the text: inserted pinyin, spaces between spaced letters."""
    spans = [(found.start(), found.end()) for found in patterns.finditer("script.inserted_pinyin", raw)]
    for found in patterns.finditer("script.letter_spaced", raw):
        spans.extend((index, index + 1) for index in range(found.start(), found.end()) if raw[index] in " \u3000")
    return sorted(spans)


# Letter spacing needs a space, pinyin a Latin letter (tone marks included).
_MAY_DROP = frozenset(" \u3000abcdefghijklmnopqrstuvwxyz" + "".join(map(chr, range(0xC0, 0x250))))


def _may_need_dropping(raw: str) -> bool:
    """A cheap test before running the patterns."""
    return not _MAY_DROP.isdisjoint(raw)


def clean(raw: str, simplify: Simplify | None = None) -> Cleaned:
    text = simplify(raw) if simplify is not None else raw
    if not _may_need_dropping(raw):
        return Cleaned(text)
    spans = _dropped_spans(raw)
    if not spans:
        return Cleaned(text)
    kept: list[int] = []
    position = 0
    for start, end in spans:
        if start < position:
            start = position
        kept.extend(range(position, start))
        position = max(position, end)
    kept.extend(range(position, len(raw)))
    kept.append(len(raw))
    return Cleaned("".join(text[index] for index in kept[:-1]), tuple(kept))
