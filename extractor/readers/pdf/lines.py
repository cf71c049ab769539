"""PDF text lines: characters read from pdfium, grouped into lines, with the spacing rules of CJK text.

Coordinates here are top-down (0 at the top of the page), like pdfplumber's, so table boxes
and text lines compare directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from statistics import median
from typing import Any

from extractor import patterns
from extractor.readers.layout import Char
from extractor.readers.pdf.columns import FULL, Columns, find_columns

_SPACE_RUN = re.compile(r"[ \t\r\n\u00a0\u2002-\u200b]+")
# A wide gap between words on one line (a form's fields: "填报人：张三　联系电话：…") is kept as one
# ideographic space, which the CJK space rules leave alone.
FIELD_GAP = "\u3000"
_FIELD_RUN = re.compile(r" *\u3000[ \u3000]*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPREAD_NUMBER_GAP = re.compile(r"(?<=[\d.,]) (?=[\d.,])")
_DIGIT_GAP = re.compile(r"(?<=\d) (?=\d)|(?<=\d) (?=[.,]\d)|(?<=\d[.,]) (?=\d)")

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
    column: int = FULL  # on a page set in two columns: columns.LEFT or columns.RIGHT

    def rank(self, page: PageLines) -> tuple[int, float]:
        """Reading-order key on its page: top to bottom, a left column before a right one."""
        return (page.columns.rank(self.top, self.column) if page.columns else 0), self.top

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(slots=True)
class PageLines:
    number: int  # 1-based
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    columns: Columns | None = None


def normalise_spaces(text: str) -> str:
    """Final spacing of a line or cell: no layout spaces between CJK characters or inside numbers."""
    text = _SPACE_RUN.sub(" ", _CONTROL.sub("", text)).strip()
    if _is_letter_spaced(text):
        text = _SPREAD_NUMBER_GAP.sub("", _drop("script.cjk_edge", text))
    return tidy_spaces(text)


def tidy_spaces(text: str) -> str:
    """Spacing rules that hold for any stretch of text (joined lines included)."""
    text = _FIELD_RUN.sub(FIELD_GAP, _SPACE_RUN.sub(" ", text)).strip()
    text = _drop("script.cjk_gap", text)
    return _DIGIT_GAP.sub("", text)


def _drop(qualified: str, text: str) -> str:
    # Where a space is layout in Chinese text is report language (patterns/script.toml); these
    # lookarounds of one character run in linear time, so the compiled pattern is used directly.
    dropped: str = patterns.get(qualified).sub("", text)
    return dropped


def _is_letter_spaced(text: str) -> bool:
    # Justified or spread-out text: most "words" are single characters.
    tokens = text.split(" ")
    return len(tokens) >= 4 and sum(len(t) == 1 for t in tokens) >= 0.6 * len(tokens)


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
    page.columns = find_columns(segments, width)
    if page.columns is None:
        page.lines = _merge_segments(segments)
        return page
    sides: dict[int, list[Line]] = {}
    for segment in segments:
        sides.setdefault(page.columns.side(segment), []).append(segment)
    for side, group in sides.items():
        for line in _merge_segments(group):
            line.column = side
            page.lines.append(line)
    page.lines.sort(key=lambda line: line.rank(page))
    return page


# Line-breaking rules of CJK typesetting: closing punctuation never starts a line, opening
# punctuation never ends one, so a character moves to the next line with its neighbour.
_NO_LINE_START = set("，。、；：！？）》」』】〕”’%％‰,.;:!?)]")
_NO_LINE_END = set("（《「『【〔“‘([")


def _lead_width(inked: list[Char]) -> float:
    """Width of the unbreakable unit the line starts with (a word or number, a character with the
    punctuation glued to it: "金）1319.12", "（含"); 0 for a single CJK character, which never
    explains a short line above."""
    end = 1
    while end < len(inked) and not _may_break(inked[end - 1], inked[end]):
        end += 1
    if end == 1 and not inked[0].text.isascii():
        return 0.0
    return inked[end - 1].x1 - inked[0].x0


def _may_break(a: Char, b: Char) -> bool:
    if b.text in _NO_LINE_START or a.text in _NO_LINE_END:
        return False
    if b.x0 - a.x1 > 0.25 * (a.bottom - a.top):
        return True  # a space (or an autospace gap between CJK and Latin)
    # Inside a word or number, and after closing punctuation glued to one ("）1319.12").
    return not (b.text.isascii() and b.text.isalnum() and (a.text.isascii() or a.text in _NO_LINE_START))


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
    return bool(before and after and not patterns.match("script.cjk_char", before)
                and not patterns.match("script.cjk_char", after))


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
