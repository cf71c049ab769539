"""The rows of a borderless table (readers/pdf/borderless.py) from its placed words.

A column's lines at the table's line pitch are one cell (text wrapped inside it), unless the
next line starts a cell of its own: a figure under the header or under another figure, or a
line under lines that stopped short of their columns' right edges in two columns or more (text
that stops short did not wrap). Cells that overlap vertically make a row, and a column starting
a new cell starts a new row (top-aligned rows without padding).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from extractor import patterns
from extractor.readers.layout import Char

# Lines of one cell follow each other at the table's line pitch (its smallest step between two
# lines of a column); rows are farther apart, or restart (a column starting a new cell).
_CELL_PITCH = 1.25
# A line of a cell ending in these goes on below ("≥" / "3200人").
_WRAPS_ON = set("≥≤><=＞＜≧≦～~-—至（(")
# A line ending this many character heights before its column's right edge did not wrap; in this
# many columns at once, the line below starts a row.
_SHORT_OF_EDGE = 1.5
_SHORT_COLUMNS = 2


@dataclass(slots=True)
class Word:
    chars: list[Char]
    x0: float
    x1: float
    top: float
    bottom: float
    page: int = 0
    col: int = 0
    span: int = 1
    header: bool = False  # on the header line


def table_rows(words: list[Word], pitch: float) -> list[list[list[Word]]]:
    """Rows of cells (each a list of words, top to bottom) from one part's placed words."""
    blocks = _cell_blocks(words, pitch, _row_starts(words))
    rows: list[list[list[Word]]] = []
    for cluster in _overlapping(blocks):
        rows.extend(_split_restarts(cluster))
    return rows


def _by_column(words: list[Word]) -> dict[int, list[Word]]:
    columns: dict[int, list[Word]] = {}
    for word in sorted(words, key=lambda w: w.top):
        columns.setdefault(word.col, []).append(word)
    return columns


def _middle(word: Word) -> float:
    return (word.top + word.bottom) / 2


def line_pitch(words: list[Word]) -> float:
    """The table's line pitch: the smaller steps between successive lines of one column (a cell
    wrapped onto its next line); with no cell wrapped, the steps are rows and none merges."""
    steps = sorted(
        _middle(b) - _middle(a)
        for column in _by_column(words).values()
        for a, b in itertools.pairwise(column)
        if _middle(b) - _middle(a) > 0.5 * (a.bottom - a.top)
    )
    return steps[len(steps) // 10] if steps else float("inf")


def _row_starts(words: list[Word]) -> set[float]:
    """The tops of the lines that start a row because the line above stopped short of its
    columns' right edges in `_SHORT_COLUMNS` columns or more: wrapped text fills its column."""
    body = [w for w in words if not w.header]
    right = {col: max(w.x1 for w in column) for col, column in _by_column(body).items()}
    lines: list[list[Word]] = []
    for word in sorted(body, key=_middle):
        if lines and _middle(word) - _middle(lines[-1][0]) <= 0.5 * (word.bottom - word.top):
            lines[-1].append(word)
        else:
            lines.append([word])
    starts: set[float] = set()
    for above, line in itertools.pairwise(lines):
        ends: dict[int, float] = {}  # where the line above stops in each column
        for word in above:
            ends[word.col] = max(ends.get(word.col, word.x1), word.x1)
        short = sum(1 for col in {w.col for w in line} if col in ends
                    and ends[col] < right[col] - _SHORT_OF_EDGE * (line[0].bottom - line[0].top))
        if short >= _SHORT_COLUMNS:
            starts.update(w.top for w in line)
    return starts


def _cell_blocks(words: list[Word], pitch: float, row_starts: set[float]) -> list[list[Word]]:
    blocks: list[list[Word]] = []
    for column in _by_column(words).values():
        block: list[Word] = []
        for word in column:
            if block and (_middle(word) - _middle(block[-1]) > _CELL_PITCH * pitch or word.top in row_starts
                          or _restarts(block, word)):
                blocks.append(block)
                block = []
            block.append(word)
        if block:
            blocks.append(block)
    return blocks


def _restarts(block: list[Word], word: Word) -> bool:
    """A figure under the header or under another figure of its column is a cell of its own: rows
    set at the line pitch (no padding, nothing wrapped) would otherwise make each column one cell.
    A figure under words ("…预计年底" / "3月开工") may be a wrapped sentence."""
    above = block[-1]
    if _middle(word) - _middle(above) <= 0.5 * (above.bottom - above.top) or not _is_figure(word):
        return False
    first = min((w for w in block if abs(_middle(w) - _middle(above)) < 1), key=lambda w: w.x0)
    return above.header or (above.chars[-1].text not in _WRAPS_ON and _is_figure(first))


def _is_figure(word: Word) -> bool:
    return bool(patterns.match("script.figure_start", "".join(c.text for c in word.chars[:8])))


def _overlapping(blocks: list[list[Word]]) -> list[list[list[Word]]]:
    clusters: list[list[list[Word]]] = []
    bottom = float("-inf")
    for block in sorted(blocks, key=lambda b: b[0].top):
        if not clusters or block[0].top > bottom - 0.5:
            clusters.append([])
            bottom = float("-inf")
        clusters[-1].append(block)
        bottom = max(bottom, block[-1].bottom)
    return clusters


def _split_restarts(cluster: list[list[Word]]) -> list[list[list[Word]]]:
    """A column with two cells in one cluster (top-aligned rows without padding) starts a new row
    at its second cell; the other columns' lines are cut at the same height."""
    columns: dict[int, list[list[Word]]] = {}
    for block in cluster:
        columns.setdefault(block[0].col, []).append(block)
    cuts = sorted({b[0].top for blocks in columns.values() for b in sorted(blocks, key=lambda b: b[0].top)[1:]})
    rows: list[list[list[Word]]] = []
    bounds = [float("-inf"), *cuts, float("inf")]
    for low, high in itertools.pairwise(bounds):
        cells: list[list[Word]] = []
        for block in cluster:
            piece = [w for w in block if low - 0.5 <= w.top < high - 0.5]
            if piece:
                cells.append(piece)
        if cells:
            rows.append(cells)
    return rows


