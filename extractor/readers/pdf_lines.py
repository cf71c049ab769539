"""PDF text lines: reading them from pdfium, dropping running headers/footers, rejoining paragraphs.

Coordinates here are top-down (0 at the top of the page), like pdfplumber's, so table boxes
and text lines compare directly.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from statistics import median
from typing import Any

# Characters around which a space is layout, not content: CJK ideographs and punctuation,
# fullwidth forms, circled numbers, Chinese quotes and dashes.
_CJK = "\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2460-\u24ff\u2018-\u201f\u2014\u2026\u00b7\u25a0-\u25ff"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_SPACE_RUN = re.compile(r"[ \t\r\n\u00a0\u2002-\u200b]+")
# A wide gap between words on one line (a form's fields: "填报人：张三　联系电话：…") is kept as one
# ideographic space, which the CJK space rules leave alone.
FIELD_GAP = "\u3000"
_FIELD_RUN = re.compile(r" *\u3000[ \u3000]*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
_CJK_EDGE = re.compile(f"(?<=[{_CJK}]) | (?=[{_CJK}])")
_SPREAD_NUMBER_GAP = re.compile(r"(?<=[\d.,]) (?=[\d.,])")
_DIGIT_GAP = re.compile(r"(?<=\d) (?=\d)|(?<=\d) (?=[.,]\d)|(?<=\d[.,]) (?=\d)")

_PAGE_NUMBER = re.compile(
    r"""^(?:
        [-—–－~～\s]*\d{1,4}[-—–－~～\s]*                                   # 3, - 3 -, —3—
      | 第\s*[\d一二三四五六七八九十百零〇]+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?  # 第3页, 第 3 页 共 5 页
      | 共\s*\d+\s*页\s*[,，]?\s*第\s*\d+\s*页
      | \d{1,4}\s*[/／]\s*\d{1,4}                                           # 3/5
      | (?:page\s*)?\d{1,4}\s*(?:of|/)\s*\d{1,4}
      | page\s*\d{1,4}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

_ITEM_START = re.compile(
    r"""^(?:
        [一二三四五六七八九十百]+\s*[、．.]                  # 一、
      | [（(]\s*[一二三四五六七八九十百\d]+\s*[）)]           # （一） (1)
      | \d{1,3}(?:\.\d{1,3})*\s*[、．)）]                    # 1、 1） 1.1、
      | \d{1,3}\.(?!\d)                                      # 1. (not 1.5)
      | [\u2460-\u249b\u24eb-\u24ff\u2776-\u2793]            # ① ⑴ ⒈ ❶
      | [一二三四五六七八九十]+是                             # 一是
      | 目标\s*\d+                                           # 目标1
      | 第[一二三四五六七八九十百\d]+[章节部分条项]
      | 附件 | 附表
      | [•●■◆▪◇○□]
    )""",
    re.VERBOSE,
)
_SENTENCE_END = ("。", "！", "？", "!", "?", "；", ";", "：", ":")

# Margin bands (fraction of page height) where running headers and footers live.
_BAND = 0.15
_RUNNING_SHARE = 0.4


@dataclass(slots=True)
class Line:
    page: int  # 1-based
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    # Width of the unbreakable ASCII word the line starts with (0 when it starts with CJK):
    # the previous line stopped short of the margin by about this much when the word did not fit.
    lead: float = 0.0
    # The inked characters the text was read from, in text order (evidence bounding boxes).
    chars: list[Char] = field(default_factory=list, repr=False, compare=False)

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(slots=True)
class PageLines:
    number: int  # 1-based
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)


def normalise_spaces(text: str) -> str:
    """Final spacing of a line or cell: no layout spaces between CJK characters or inside numbers."""
    text = _SPACE_RUN.sub(" ", _CONTROL.sub("", text)).strip()
    if _is_letter_spaced(text):
        text = _SPREAD_NUMBER_GAP.sub("", _CJK_EDGE.sub("", text))
    return tidy_spaces(text)


def tidy_spaces(text: str) -> str:
    """Spacing rules that hold for any stretch of text (joined lines included)."""
    text = _FIELD_RUN.sub(FIELD_GAP, _SPACE_RUN.sub(" ", text)).strip()
    text = _CJK_GAP.sub("", text)
    return _DIGIT_GAP.sub("", text)


def _is_letter_spaced(text: str) -> bool:
    # Justified or spread-out text: most "words" are single characters.
    tokens = text.split(" ")
    return len(tokens) >= 4 and sum(len(t) == 1 for t in tokens) >= 0.6 * len(tokens)


def join_lines(left: str, right: str) -> str:
    """Join two wrapped lines: nothing between CJK or number parts, one space between ASCII words."""
    if not left or not right:
        return left + right
    a, b = left[-1], right[0]
    number_continues = (a.isdigit() or a in ".,") and b.isdigit()
    if a.isascii() and b.isascii() and (a.isalnum() or a in ".,;:!?)%") and b.isalnum() and not number_continues:
        return f"{left} {right}"
    return left + right


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


def starts_item(text: str) -> bool:
    return bool(_ITEM_START.match(text))


@dataclass(slots=True)
class Char:
    """One pdfium character in top-down page coordinates; text "\n" marks pdfium's line break."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    generated: bool = False


def read_chars(textpage: Any, box: tuple[float, float, float, float]) -> list[Char]:
    """All characters of a page in pdfium's order (which follows the lines)."""
    import pypdfium2.raw as pdfium_c

    left, _, _, top = box
    count = textpage.count_chars()
    if count <= 0:
        return []
    handle = textpage.raw
    text = textpage.get_text_range(0, count)
    if len(text) != count:
        # Characters beyond the BMP: fall back to one code point per index.
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(handle, i)) for i in range(count))
    box_out = pdfium_c.FS_RECTF()
    chars: list[Char] = []
    for i, ch in enumerate(text):
        # Loose boxes span the advance and the font's height: punctuation like "，" gets its
        # full width, so gaps between boxes are real gaps.
        pdfium_c.FPDFText_GetLooseCharBox(handle, i, box_out)
        x0, x1 = box_out.left - left, box_out.right - left
        y0, y1 = top - box_out.top, top - box_out.bottom
        if ch in "\r\n":
            if not chars or chars[-1].text != "\n":
                chars.append(Char("\n", x0, x1, y0, y1, True))
            continue
        generated = ch.isspace() and bool(pdfium_c.FPDFText_IsGenerated(handle, i))
        chars.append(Char(" " if ch.isspace() else ch, x0, x1, y0, y1, generated))
    return chars


def page_lines(chars: list[Char], number: int, width: float, height: float) -> PageLines:
    """The text lines of one page, sorted top to bottom."""
    page = PageLines(number, width, height)
    segments: list[Line] = []
    run: list[Char] = []
    for ch in [*chars, Char("\n", 0, 0, 0, 0)]:
        if ch.text != "\n":
            run.append(ch)
            continue
        inked = [c for c in run if c.text != " "]
        if inked:
            segments.append(
                Line(
                    number,
                    min(c.x0 for c in inked),
                    max(c.x1 for c in inked),
                    min(c.top for c in inked),
                    max(c.bottom for c in inked),
                    run_text(run),
                    _lead_width(inked),
                    inked,
                )
            )
        run = []
    page.lines = _merge_segments(segments)
    return page


_NO_LINE_START = set("，。、；：！？）》」』”’%％,.;:!?)")


def _lead_width(inked: list[Char]) -> float:
    end = 0
    while end < len(inked) and inked[end].text.isascii():
        end += 1
    if end == 0:
        return 0.0
    while end < len(inked) and inked[end].text in _NO_LINE_START:
        end += 1
    return inked[end - 1].x1 - inked[0].x0


def run_text(run: list[Char]) -> str:
    """Text of characters on one line.

    pdfium's own spaces are kept only between ASCII; words far apart are separated by FIELD_GAP
    unless the line is spread letter by letter (a spaced-out title).
    """
    inked = [c for c in run if c.text != " "]
    if not inked:
        return ""
    size = median(c.bottom - c.top for c in inked)
    words: list[list[Char]] = [[]]
    last: Char | None = None
    for ch in run:
        if ch.text != " ":
            if last is not None and ch.x0 - last.x1 > 0.6 * size:
                words.append([])
            last = ch
        words[-1].append(ch)
    texts = [_word_text(w) for w in words]
    texts = [t for t in texts if t]
    spread = sum(len(t) == 1 for t in texts) * 2 > len(texts)
    return (" " if spread else FIELD_GAP).join(texts)


def _word_text(run: list[Char]) -> str:
    out: list[str] = []
    for k, ch in enumerate(run):
        if ch.generated and not _ascii_both_sides(run, k):
            # pdfium adds spaces for visual gaps; next to CJK they are layout (autospacing).
            continue
        out.append(ch.text)
    return "".join(out).strip()


def _ascii_both_sides(run: list[Char], k: int) -> bool:
    before = next((c.text for c in reversed(run[:k]) if c.text != " "), "")
    after = next((c.text for c in run[k + 1 :] if c.text != " "), "")
    return bool(before and after and not _CJK_CHAR.match(before) and not _CJK_CHAR.match(after))


def _merge_segments(segments: list[Line]) -> list[Line]:
    """Segments that share a baseline (font changes, wide gaps) make one line, left to right."""
    segments.sort(key=lambda s: (s.top, s.x0))
    rows: list[list[Line]] = []
    for seg in segments:
        for row in reversed(rows[-3:]):
            if _same_row(row[0], seg):
                row.append(seg)
                break
        else:
            rows.append([seg])
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda s: s.x0)
        text = row[0].text
        for prev, seg in pairwise(row):
            gap, size = seg.x0 - prev.x1, max(prev.height, seg.height)
            text += (FIELD_GAP if gap > 1.5 * size else " " if gap > 0.3 * size else "") + seg.text
        first = row[0]
        lines.append(
            Line(
                first.page,
                first.x0,
                max(s.x1 for s in row),
                min(s.top for s in row),
                max(s.bottom for s in row),
                normalise_spaces(text),
                first.lead,
                [c for seg in row for c in seg.chars],
            )
        )
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return [ln for ln in lines if ln.text]


def _same_row(a: Line, b: Line) -> bool:
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    return overlap > 0.5 * min(a.height, b.height)


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


def page_geometry(pages: Iterable[PageLines]) -> dict[tuple[int, int], Geometry]:
    groups: dict[tuple[int, int], list[PageLines]] = {}
    for page in pages:
        groups.setdefault(geometry_key(page), []).append(page)
    return {key: _geometry([ln for p in group for ln in p.lines], group[0].width) for key, group in groups.items()}


def geometry_key(page: PageLines) -> tuple[int, int]:
    return round(page.width), round(page.height)


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


def continues(prev: Line, nxt: Line, geometry: Geometry, para_lines: int, para_x0: float | None) -> bool:
    """Whether `nxt` carries on the paragraph whose last line so far is `prev`."""
    if nxt.page == prev.page and not 0 < nxt.top - prev.top <= 1.35 * geometry.pitch:
        return False
    if not (geometry.reaches_right(prev) or _word_did_not_fit(prev, nxt, geometry)) or starts_item(nxt.text):
        return False
    if geometry.indented(nxt):
        # A hanging paragraph keeps its continuation lines at the same indent.
        return para_lines >= 2 and para_x0 is not None and abs(nxt.x0 - para_x0) < 0.5 * geometry.char
    # Without first-line indents, a full line ending a sentence is the only sign of a paragraph end.
    return geometry.indents_paragraphs or not prev.text.endswith(_SENTENCE_END)
