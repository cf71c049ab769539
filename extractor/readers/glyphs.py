"""Where a PDF block's characters sit on the page, so evidence spans get a bounding box.

Readers keep, per paragraph or table cell, the pdfium characters its text was built from (the
objects they made anyway, so keeping them costs no time). The text itself went through space
rules (layout spaces dropped, lines joined), so offsets are mapped back to characters lazily,
the first time an evidence span of the block asks for its box, by walking text and characters
side by side.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate, chain
from typing import Protocol

# How far ahead a text character is looked for among the glyphs before it is taken as
# inserted by the space rules (a field gap, a join space) and left without a box.
_LOOKAHEAD = 6


class Glyph(Protocol):
    """One character box in top-down page coordinates (points)."""

    @property
    def text(self) -> str: ...
    @property
    def x0(self) -> float: ...
    @property
    def x1(self) -> float: ...
    @property
    def top(self) -> float: ...
    @property
    def bottom(self) -> float: ...


@dataclass(slots=True)
class Glyphs:
    """The characters of one block as runs of (page number, glyphs), in text order."""

    runs: list[tuple[int, Sequence[Glyph]]]
    _flat: list[Glyph] | None = field(default=None, repr=False)
    _ends: list[int] = field(default_factory=list, repr=False)  # end index in _flat of each run
    # None when the text without whitespace is exactly the glyphs' text (the usual case: offsets
    # map by counting non-space characters), else text offset -> index in _flat, or -1.
    _offsets: list[int] | None = field(default=None, repr=False)

    def locate(self, text: str, start: int, end: int) -> tuple[int, list[float]] | None:
        """The page and box ([x0, top, x1, bottom]) of text[start:end]; None when no glyph maps.

        A span running onto a second page is boxed on the page where it starts.
        """
        flat = self._aligned(text)
        if self._offsets is None:
            first = start - _spaces(text[:start])
            indexes = range(first, first + (end - start) - _spaces(text[start:end]))
        else:
            indexes = range(0)
            mapped = [i for i in self._offsets[start:end] if i >= 0]
            if mapped:
                indexes = range(mapped[0], mapped[-1] + 1)
        if not indexes:
            return None
        run = bisect_right(self._ends, indexes[0])
        page = self.runs[run][0]
        last = run
        # Runs are lines (or cells' parts): a span wrapped onto the next line is boxed whole.
        while last + 1 < len(self.runs) and self.runs[last + 1][0] == page:
            last += 1
        boxes = [g for g in flat[indexes[0] : min(indexes[-1] + 1, self._ends[last])] if not g.text.isspace()]
        if not boxes:
            return None
        return page, [
            round(min(g.x0 for g in boxes), 1),
            round(min(g.top for g in boxes), 1),
            round(max(g.x1 for g in boxes), 1),
            round(max(g.bottom for g in boxes), 1),
        ]

    def _aligned(self, text: str) -> list[Glyph]:
        if self._flat is None:
            # Done once per block, and only for blocks that evidence points into.
            self._flat = list(chain.from_iterable(glyphs for _, glyphs in self.runs))
            self._ends = list(accumulate(len(glyphs) for _, glyphs in self.runs))
            glyph_text = "".join([g.text for g in self._flat])
            if " " in glyph_text:  # table cells keep pdfium's spaces; lines keep only inked chars
                self.runs = [(page, [g for g in glyphs if not g.text.isspace()]) for page, glyphs in self.runs]
                self._flat = list(chain.from_iterable(glyphs for _, glyphs in self.runs))
                self._ends = list(accumulate(len(glyphs) for _, glyphs in self.runs))
                glyph_text = "".join([g.text for g in self._flat])
            if glyph_text != "".join(text.split()):
                self._offsets = align(text, glyph_text)
        return self._flat


def _spaces(text: str) -> int:
    return len(text) - len("".join(text.split()))


def align(text: str, glyph_texts: Sequence[str]) -> list[int]:
    """For each text offset, the index of the glyph it was read from (-1 for spaces and inserted text)."""
    offsets = [-1] * len(text)
    cursor = 0
    count = len(glyph_texts)
    for offset, char in enumerate(text):
        if char.isspace():
            continue
        stop = min(count, cursor + _LOOKAHEAD)
        for index in range(cursor, stop):
            if glyph_texts[index] == char:
                offsets[offset] = index
                cursor = index + 1
                break
    return offsets
