"""Where a PDF block's characters sit on the page, so evidence spans get a bounding box.

Readers keep, per paragraph or table cell, the pdfium characters its text was built from (the
objects they made anyway, so keeping them costs no time). The text itself went through space
rules (layout spaces dropped, lines joined), so offsets are mapped back to characters lazily,
the first time an evidence span of the block asks for its box, by walking text and characters
side by side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
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
    _flat: list[tuple[int, Glyph]] | None = field(default=None, repr=False)
    _offsets: list[int] | None = field(default=None, repr=False)  # text offset -> index in _flat, or -1

    def locate(self, text: str, start: int, end: int) -> tuple[int, list[float]] | None:
        """The page and box ([x0, top, x1, bottom]) of text[start:end]; None when no glyph maps.

        A span running onto a second page is boxed on the page where it starts.
        """
        flat, offsets = self._aligned(text)
        hits = [flat[i] for i in offsets[start:end] if i >= 0]
        if not hits:
            return None
        page = hits[0][0]
        boxes = [g for p, g in hits if p == page]
        return page, [
            round(min(g.x0 for g in boxes), 1),
            round(min(g.top for g in boxes), 1),
            round(max(g.x1 for g in boxes), 1),
            round(max(g.bottom for g in boxes), 1),
        ]

    def _aligned(self, text: str) -> tuple[list[tuple[int, Glyph]], list[int]]:
        if self._flat is None or self._offsets is None or len(self._offsets) != len(text):
            self._flat = [(page, g) for page, glyphs in self.runs for g in glyphs if not g.text.isspace()]
            self._offsets = align(text, [g.text for _, g in self._flat])
        return self._flat, self._offsets


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
