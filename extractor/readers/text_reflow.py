"""Plain text whose lines were wrapped at a fixed width (a PDF's or a Word page's text copied out):
its page furniture dropped and its lines joined back into paragraphs.

A copy of a laid-out page breaks every full line wherever the width ran out, mid-word or mid-
number, and carries the page's furniture along: "— 2 —", "第 2 页 共 5 页", a running header. A
document is taken as wrapped when many of its long lines end at one width, measured in characters
or in display width (a CJK character is two columns), and hardly any runs past it; a line that
reaches that width carries on into the next unless the next starts an item ("（二）", "2.", "①").
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass

from extractor.readers.line_kinds import is_marked_page_number, starts_item

# Lines shorter than this (in display columns) are headings or last lines, not evidence of a width.
_LONG_LINE = 30
# A wrapped document: at least this many lines, and this share of its long lines, end at the width.
_MIN_WRAPPED = 4
_WRAPPED_SHARE = 0.35
# At most this share of long lines may run past the width (a table row, a long title).
_PAST_SHARE = 0.12
# Lines this far short of the width still reach it (a full-width character that did not fit).
_SLACK = {"chars": 1, "columns": 3}
# Lines next to a page number that repeat this often are running headers or footers.
_RUNNING_REPEATS = 2
_WORD_MARKS = "％‰≥≤．，"
_RUNNING_REACH = 2


@dataclass(frozen=True, slots=True)
class Wrap:
    measure: str  # "chars" | "columns"
    width: int

    def reaches(self, line: str) -> bool:
        return _measure(line.strip(), self.measure) >= self.width - _SLACK[self.measure]


class _CharWidths(dict[str, int]):
    """Each character's display width, looked up once: a document measures its lines char by char.
    Bounded, so a hostile text of every code point cannot grow it without end."""

    def __missing__(self, char: str) -> int:
        width = 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if len(self) < _MAX_REMEMBERED_CHARS:
            self[char] = width
        return width


_MAX_REMEMBERED_CHARS = 1 << 16


_WIDTHS = _CharWidths()


def display_columns(text: str) -> int:
    return len(text) if text.isascii() else sum(map(_WIDTHS.__getitem__, text))


def _measure(text: str, measure: str) -> int:
    return len(text) if measure == "chars" else display_columns(text)


def find_wrap(lines: list[str]) -> Wrap | None:
    """The width the document's lines were wrapped at, if they were."""
    long_lines = [line.strip() for line in lines if display_columns(line.strip()) >= _LONG_LINE]
    found = [wrap for measure in ("chars", "columns") if (wrap := _wrap_by(long_lines, measure))]
    return max(found, key=lambda pair: pair[1])[0] if found else None


def _wrap_by(long_lines: list[str], measure: str) -> tuple[Wrap, int] | None:
    sizes = Counter(_measure(line, measure) for line in long_lines)
    if not sizes:
        return None
    slack = _SLACK[measure]
    best: tuple[Wrap, int] | None = None
    for width in sizes:
        ending = sum(sizes.get(size, 0) for size in range(width - slack, width + 1))
        if ending < _MIN_WRAPPED or ending < _WRAPPED_SHARE * len(long_lines) or (best and ending <= best[1]):
            continue
        past = sum(count for size, count in sizes.items() if size > width + slack)
        if past <= _PAST_SHARE * len(long_lines):
            best = (Wrap(measure, width), ending)
    return best


def drop_page_furniture(lines: list[str]) -> list[str]:
    """The lines without marked page numbers ("— 2 —", "第 2 页 共 5 页"), the running headers and
    footers beside them, and the blank lines of the page break; unchanged without a page number."""
    numbers = [index for index, line in enumerate(lines) if is_marked_page_number(line)]
    if not numbers:
        return lines
    doomed = set(numbers)
    near = [index for number in numbers for index in range(number - _RUNNING_REACH, number + _RUNNING_REACH + 1)
            if 0 <= index < len(lines) and index not in doomed and lines[index].strip()]
    repeats = Counter(_running_key(lines[index]) for index in set(near))
    doomed.update(index for index in near if repeats[_running_key(lines[index])] >= _RUNNING_REPEATS)
    doomed.update(_page_break_blanks(lines, doomed))
    return [line for index, line in enumerate(lines) if index not in doomed]


def _running_key(line: str) -> str:
    return "".join("#" if char.isdigit() else char for char in "".join(line.split()))


def _page_break_blanks(lines: list[str], doomed: set[int]) -> set[int]:
    """Blank lines right before or after dropped furniture: the break between two pages."""
    blanks: set[int] = set()
    for index in sorted(doomed):
        for step in (-1, 1):
            at = index + step
            while 0 <= at < len(lines) and (at in doomed or not lines[at].strip()):
                if not lines[at].strip():
                    blanks.add(at)
                at += step
    return blanks


def continues(line: str, following: str, wrap: Wrap | None) -> bool:
    """Whether `following` carries on the paragraph `line` was cut from at the wrap width: the
    line reaches it, or the next line's first word would not have fit after it (a figure is
    never cut, so "实际完成" / "64.8%，…" breaks early)."""
    following = following.strip()
    if wrap is None or not following or starts_item(following):
        return False
    size = _measure(line.strip(), wrap.measure)
    return wrap.reaches(line) or size + _measure(_first_word(following), wrap.measure) > wrap.width


def _first_word(text: str) -> str:
    """The figure or Latin word a line starts with (kept whole by the wrap), else its first character."""
    end = 0
    while end < len(text) and ((text[end].isascii() and not text[end].isspace()) or text[end] in _WORD_MARKS):
        end += 1
    return text[:end] or text[:1]
