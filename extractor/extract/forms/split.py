"""Cutting text whose cell boundaries were lost into the cells of a form row.

"202010100.00%10" under 全年预算数(A) | 全年执行数(B) | 分值 | 执行率(B/A) | 得分 is 20 | 20 | 10 |
100.00% | 10: the header gives the order and the kind of each cell, and the form gives the
arithmetic that ties them (执行率 = B/A at the stated precision, 得分 ≤ 分值, 执行率得分 = 分值 ×
执行率). Every way of cutting the text into cells of the right kinds is tried; the one the
arithmetic agrees with best wins, and how sure the cut is becomes its confidence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from extractor import patterns
from extractor.rounding import agrees_with
from extractor.settings import SETTINGS

Span = tuple[int, int]
_MAX_CANDIDATES = 4000


@dataclass(frozen=True, slots=True)
class Column:
    role: str
    kind: str  # text | name | number | score | amount | percent | value
    optional: bool = False


@dataclass(frozen=True, slots=True)
class Cut:
    spans: tuple[Span, ...]  # one per column; (start, start) for a column left empty
    fit: float
    # How sure the cut is: 0.9 when one cut fits best and the arithmetic confirms it, 0.8 when one
    # fits best without a figure to confirm, 0.5 when several fit as well (the first is taken).
    confidence: float


def _is_number(text: str) -> bool:
    return patterns.fullmatch("tables.split_number", text) is not None


def valid(kind: str, text: str) -> bool:
    """Whether `text` can be a whole cell of this kind."""
    if not text:
        return False
    if kind == "name":
        return patterns.fullmatch("tables.split_name", text) is not None
    if kind == "text":
        return not text[0].isdigit()
    if kind in ("number", "score"):
        return _is_number(text.removesuffix("分")) and (kind == "number" or _decimal(text) <= 100)
    if kind == "amount":
        return patterns.fullmatch("tables.split_amount", text) is not None
    if kind == "percent":
        return patterns.fullmatch("tables.split_percent", text) is not None
    return patterns.fullmatch("tables.split_value", text) is not None  # value


def _decimal(text: str) -> Decimal:
    digits = "".join(char for char in text if char.isdigit() or char == ".")
    try:
        return Decimal(digits) if digits else Decimal(0)
    except InvalidOperation:
        return Decimal(0)


def cut_points(text: str, start: int, end: int) -> list[int]:
    """Where a cell may end: between characters of different kinds, and between any two digits."""
    points: list[int] = []
    for index in range(start + 1, end):
        before, after = text[index - 1], text[index]
        if (before.isdigit() and after.isdigit()) or _class(before) != _class(after):
            points.append(index)
        elif not before.isdigit() and not after.isdigit() and _class(before) == "han":
            points.append(index)  # between two qualitative values ("显著提升显著提升")
    points.append(end)
    return points


def _class(char: str) -> str:
    if char.isdigit() or char == ".":
        return "digit"
    if char in "%‰":
        return "percent"
    if char in "≥≤<>=":
        return "op"
    if "\u4e00" <= char <= "\u9fff":
        return "han"
    return "other"


def is_spaced(text: str, start: int, end: int, columns: Sequence[Column]) -> bool:
    """Cells written with a space between them ("组织开展应急演练 ≥20次 23次 10 10"): as many
    space-separated tokens as the columns that must be filled, and half of all. A run-together
    text has one token, or two where a name holds a space ("PM2.5 年均浓度≤45…")."""
    required = sum(1 for column in columns if not column.optional)
    return len(text[start:end].split()) >= max(required, 2, (len(columns) + 1) // 2)


def token_ends(text: str, start: int, end: int) -> list[int]:
    """Where each space-separated token in text[start:end] ends."""
    return [index for index in range(start + 1, end + 1)
            if not text[index - 1].isspace() and (index == end or text[index].isspace())]


def _placeholder_end(text: str, at: int, end: int) -> int | None:
    """Where a placeholder token at `at` ends, if one is there."""
    stop = at
    while stop < end and not text[stop].isspace():
        stop += 1
    return stop if stop > at and patterns.fullmatch("tables.split_placeholder", text[at:stop]) else None


def _skip_spaces(text: str, at: int, end: int) -> int:
    while at < end and text[at].isspace():
        at += 1
    return at


def _cuts(text: str, start: int, end: int, columns: Sequence[Column]) -> Iterator[tuple[Span, ...]]:
    # Spaces, where the cells are spaced, are the only cuts: a cell starts after them, and a
    # placeholder token ("—") is an optional column left empty.
    spaced = is_spaced(text, start, end, columns)
    if spaced:
        end = start + len(text[start:end].rstrip())
    points = token_ends(text, start, end) if spaced else cut_points(text, start, end)

    def walk(at: int, index: int) -> Iterator[tuple[Span, ...]]:
        if spaced:
            at = _skip_spaces(text, at, end)
        if index == len(columns):
            if at == end:
                yield ()
            return
        column = columns[index]
        if column.optional:
            for rest in walk(at, index + 1):
                yield ((at, at), *rest)
            after = _placeholder_end(text, at, end) if spaced else None
            if after is not None:
                for rest in walk(after, index + 1):
                    yield ((at, at), *rest)
        for point in points:
            if point <= at:
                continue
            if valid(column.kind, text[at:point]):
                for rest in walk(point, index + 1):
                    yield ((at, point), *rest)

    yield from walk(start, 0)


Judge = Callable[[dict[str, str]], tuple[float, bool]]


def best_cut(text: str, start: int, end: int, columns: Sequence[Column], judge: Judge) -> Cut | None:
    """The cut of text[start:end] into `columns` that `judge` (fit, arithmetic confirmed) likes best."""
    scored: list[tuple[float, bool, tuple[Span, ...]]] = []
    for count, spans in enumerate(_cuts(text, start, end, columns)):
        if count >= _MAX_CANDIDATES:
            break
        cells = {column.role: text[a:b] for column, (a, b) in zip(columns, spans, strict=True) if b > a}
        fit, confirmed = judge(cells)
        scored.append((fit, confirmed, spans))
    if not scored:
        return None
    top = max(fit for fit, _, _ in scored)
    best = [item for item in scored if item[0] == top]
    fit, confirmed, spans = best[0]
    confidence = SETTINGS.cut_ambiguous if len(best) > 1 else (
        SETTINGS.cut_confirmed if confirmed else SETTINGS.cut_unconfirmed)
    return Cut(spans, fit, confidence)


def figure(text: str | None) -> Decimal | None:
    if not text:
        return None
    digits = patterns.search("numbers.number", text)
    if digits is None:
        return None
    try:
        return Decimal(digits.group(0).replace(",", ""))
    except InvalidOperation:
        return None


def rate_agrees(rate: str | None, executed: str | None, budget: str | None) -> bool | None:
    """执行率 = B / A at the rate's stated precision; None when a figure is missing."""
    stated, done, planned = figure(rate), figure(executed), figure(budget)
    if stated is None or done is None or planned is None or planned == 0:
        return None
    return agrees_with(stated, done / planned * 100)
