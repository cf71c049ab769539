"""PDF paragraphs: dropping running headers and footers, the body geometry of pages, and whether
a line carries on the paragraph above it.

Coordinates are top-down, like lines.py's.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from statistics import median

from extractor.normalise.wraps import breaks_inside_amount
from extractor.readers.line_kinds import is_page_number, starts_item
from extractor.readers.pdf.columns import FULL, LEFT
from extractor.readers.pdf.lines import Line, PageLines

# A table-of-contents entry: leader dots and the page number ("一、基本情况……………3").
_TOC_ENTRY = re.compile(r"(?:…{2,}|\.{4,}|·{4,})\s*\d{1,4}$")
_SENTENCE_END = ("。", "！", "？", "!", "?", "；", ";", "：", ":")

# Margin bands (fraction of page height) where running headers and footers live.
_BAND = 0.15
_RUNNING_SHARE = 0.4


def drop_running_lines(pages: Sequence[PageLines]) -> None:
    """Remove headers, footers and page numbers: margin-band lines that repeat or number the page."""
    repeats = _band_repeats(pages)
    # A running line is on most pages (maybe not the first, maybe alternating odd/even); a caption
    # that happens to open a few pages is not.
    need = max(2, math.ceil(_RUNNING_SHARE * len(pages)))
    for page in pages:
        lines = page.lines
        start, end = 0, len(lines)
        while start < end and _is_running(lines[start], page, repeats, need, top_band=True):
            start += 1
        while end > start and _is_running(lines[end - 1], page, repeats, need, top_band=False):
            end -= 1
        page.lines = lines[start:end]


def _band_key(line: Line, page: PageLines) -> tuple[str, str]:
    side = "top" if line.top < page.height * _BAND else "bottom"
    return side, re.sub(r"\d+", "#", line.text.replace(" ", ""))


def _in_band(line: Line, page: PageLines, top_band: bool) -> bool:
    if top_band:
        return line.bottom <= page.height * _BAND
    return line.top >= page.height * (1 - _BAND)


def _band_repeats(pages: Sequence[PageLines]) -> Counter[tuple[str, str]]:
    counts: Counter[tuple[str, str]] = Counter()
    for page in pages:
        keys = {
            _band_key(ln, page)
            for ln in page.lines
            if _in_band(ln, page, top_band=True) or _in_band(ln, page, top_band=False)
        }
        counts.update(keys)
    return counts


def _is_running(line: Line, page: PageLines, repeats: Counter[tuple[str, str]], need: int, top_band: bool) -> bool:
    if not _in_band(line, page, top_band):
        return False
    if is_page_number(line.text):
        return True
    return repeats[_band_key(line, page)] >= need


@dataclass(frozen=True, slots=True)
class Geometry:
    """Body-text layout of pages of one size: margins, character size, line pitch, indentation."""

    left: float
    right: float
    char: float
    pitch: float
    indents_paragraphs: bool

    def reaches_right(self, line: Line) -> bool:
        # Tight glyph boxes: a line ending in "，" or "。" stops about a character short.
        return line.x1 >= self.right - 1.3 * self.char

    def indented(self, line: Line) -> bool:
        return line.x0 - self.left >= 1.5 * self.char


GeometryKey = tuple[int, int, int]


def page_geometry(pages: Iterable[PageLines]) -> dict[GeometryKey, Geometry]:
    """The geometry of pages of one size, and of each column of the pages set in two."""
    groups: dict[GeometryKey, list[Line]] = {}
    widths: dict[GeometryKey, float] = {}
    for page in pages:
        full = geometry_key(page)
        widths.setdefault(full, page.width)
        if page.columns is None:
            groups.setdefault(full, []).extend(page.lines)
            continue
        groups.setdefault(full, [])
        for line in page.lines:
            key = geometry_key(page, line)
            groups.setdefault(key, []).append(line)
            # A left column's lines end at the gutter, not at the page's right margin.
            widths[key] = page.columns.gutter if line.column == LEFT else page.width
    return {key: _geometry(lines, widths[key]) for key, lines in groups.items()}


def geometry_key(page: PageLines, line: Line | None = None) -> GeometryKey:
    return round(page.width), round(page.height), line.column if line is not None else FULL


def _geometry(lines: list[Line], width: float) -> Geometry:
    if not lines:
        return Geometry(0.0, width, 12.0, 18.0, False)
    char = median(ln.height for ln in lines) or 12.0
    need = max(2, len(lines) // 20)
    left = _edge_cluster([ln.x0 for ln in lines], char, need, rightmost=False)
    right = _densest([ln.x1 for ln in lines if ln.x1 >= 0.6 * width], 0.5 * char) or max(ln.x1 for ln in lines)
    steps = [b.top - a.top for a, b in pairwise(lines) if a.page == b.page and 0 < b.top - a.top < 4 * char]
    pitch = median(steps) if steps else 1.5 * char
    indented = sum(1.5 * char <= ln.x0 - left <= 2.8 * char for ln in lines)
    return Geometry(left, right, char, pitch, indented >= max(2, len(lines) // 50))


def _densest(values: list[float], window: float) -> float | None:
    """The value most others lie near: the right margin that full lines share, which some lines
    overshoot (hanging punctuation) and short lines fall short of."""
    ordered = sorted(values)
    best, best_count = None, 0
    for i, value in enumerate(ordered):
        count = bisect_right(ordered, value + window, lo=i) - i
        if count > best_count:
            best, best_count = median(ordered[i : i + count]), count
    return best


def _edge_cluster(values: list[float], tolerance: float, need: int, rightmost: bool) -> float:
    """The outermost edge that enough lines share (a margin), ignoring stray outliers."""
    ordered = sorted(-v for v in values) if rightmost else sorted(values)
    for i, value in enumerate(ordered):
        end = bisect_right(ordered, value + tolerance, lo=i)
        if end - i >= need:
            edge = median(ordered[i:end])
            return -edge if rightmost else edge
    return -ordered[-1] if rightmost else ordered[-1]


def _word_did_not_fit(prev: Line, nxt: Line, geometry: Geometry) -> bool:
    """The line stopped short because the next line's first word (6359.55, 100%) was too long."""
    if not nxt.lead or prev.text.endswith(_SENTENCE_END):
        return False
    return geometry.right - prev.x1 <= nxt.lead + 1.3 * geometry.char


def continues(prev: Line, nxt: Line, geometry: Geometry, para_lines: int, para_x0: float | None,
              prev_geometry: Geometry | None = None) -> bool:
    """Whether `nxt` carries on the paragraph whose last line so far is `prev` (`prev_geometry`:
    that of prev's column, when nxt opens the next column)."""
    if nxt.page == prev.page and nxt.column == prev.column and not 0 < nxt.top - prev.top <= 1.35 * geometry.pitch:
        return False
    if breaks_inside_amount(prev.text, nxt.text):
        return True  # a sentence never ends inside an amount, whatever the margins say
    above = prev_geometry or geometry
    if prev.text[-1:].isdigit() and _TOC_ENTRY.search(prev.text):
        return False  # a contents line reaches the margin with its leader dots, and ends there
    if not (above.reaches_right(prev) or _word_did_not_fit(prev, nxt, above)) or starts_item(nxt.text):
        return False
    if geometry.indented(nxt):
        # A hanging paragraph keeps its continuation lines at the same indent.
        return para_lines >= 2 and para_x0 is not None and abs(nxt.x0 - para_x0) < 0.5 * geometry.char
    # Without first-line indents, a full line ending a sentence is the only sign of a paragraph end.
    return geometry.indents_paragraphs or not prev.text.endswith(_SENTENCE_END)
