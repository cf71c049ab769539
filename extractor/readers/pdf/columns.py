"""Pages set in two columns of text: the gutter between them, and the reading order it gives.

pdfium hands a two-column page's lines in the order they were drawn, and lines of the two columns
that share a baseline would be joined into one. A gutter is an x position that no line crosses
over the height where both columns have text, with enough lines of running text (each filling
most of its column's width) on each side; a table whose cells stand apart is not columns, its
cells are narrow. Lines above and below that stretch (a title, a running header, a page number
across the middle) stay full width. Reading order: the lines above, the left column, the right
column, the lines below.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from statistics import median
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # lines.py reads pages through this module
    from extractor.readers.pdf.lines import Line

_SIDE_MIN = 5  # lines each column needs
_TEXT_FILL = 0.55  # a column's lines fill at least this share of its width (median): running text
_RIGHT_FROM, _RIGHT_TO = 0.3, 0.7  # where a gutter may stand, in page widths
_EDGE_LINES = 3

FULL, LEFT, RIGHT = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Columns:
    gutter: float
    top: float  # the stretch of the page set in columns
    bottom: float

    def side(self, line: Line) -> int:
        if line.bottom <= self.top or line.top >= self.bottom or line.x0 < self.gutter < line.x1:
            return FULL
        return LEFT if line.x1 <= self.gutter else RIGHT

    def rank(self, top: float, column: int) -> int:
        """Where an item starting at `top` in `column` comes: above, left, right, below."""
        if column != FULL:
            return column
        return 0 if top < self.top else 3


def find_columns(segments: list[Line], width: float) -> Columns | None:
    """The two-column layout of a page's line segments, or None for a page in one column."""
    counts = Counter(round(s.x0) for s in segments if _RIGHT_FROM * width < s.x0 < _RIGHT_TO * width)
    # A column's left edge is where several of its lines start (a page number starts alone).
    starts = sorted(x for x, count in counts.items() if count >= _EDGE_LINES)
    if len(segments) < 2 * _SIDE_MIN or not starts:
        return None
    best: tuple[int, Columns] | None = None
    for start in starts:
        found = _columns_at(segments, start - 1)
        if found is not None and (best is None or found[0] > best[0]):
            best = found
    if best is None:
        return None
    # The gutter's middle, so that a line centred on the page (a page number) crosses it.
    edge = best[1].gutter
    ends = sorted(s.x1 for s in segments if s.x1 <= edge)
    middle = (ends[int(0.9 * (len(ends) - 1))] + edge) / 2
    centred = _columns_at(segments, middle)
    return (centred or best)[1]


def _columns_at(segments: list[Line], gutter: float) -> tuple[int, Columns] | None:
    left = [s for s in segments if s.x1 <= gutter]
    right = [s for s in segments if s.x0 >= gutter]
    if len(left) < _SIDE_MIN or len(right) < _SIDE_MIN:
        return None
    top = max(min(s.top for s in left), min(s.top for s in right))
    bottom = min(max(s.bottom for s in left), max(s.bottom for s in right))
    if bottom <= top:
        return None
    crossing = [s for s in segments if s.x0 < gutter < s.x1]
    if any(s.bottom > top and s.top < bottom for s in crossing):
        return None
    # The stretch in columns runs out to the nearest full-width lines above and below it.
    top = max((s.bottom for s in crossing if s.bottom <= top), default=float("-inf"))
    bottom = min((s.top for s in crossing if s.top >= bottom), default=float("inf"))
    left = [s for s in left if top < s.top < bottom]
    right = [s for s in right if top < s.top < bottom]
    if min(len(left), len(right)) < _SIDE_MIN or not (_is_text(left) and _is_text(right)):
        return None
    return min(len(left), len(right)), Columns(gutter, top, bottom)


def _is_text(lines: list[Line]) -> bool:
    span = max(s.x1 for s in lines) - min(s.x0 for s in lines)
    return span > 0 and median(s.x1 - s.x0 for s in lines) >= _TEXT_FILL * span
