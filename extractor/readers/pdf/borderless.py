"""Tables drawn without ruling lines: columns from where the words stand, carried across pages.

WPS, report generators and forms that rule only their outer frame give no grid for pdfplumber.
Such a table still shows as lines of words with wide gaps between them:
- a header candidate is a line of three or more words (gaps wider than a third of a character)
  without clause punctuation;
- the table runs on through the lines whose words all stay inside the header's columns: a word
  that covers a whole gap between two header cells is prose, a caption or a heading, and ends it;
- a table that reaches the end of its page goes on at the top of the next page with the same
  columns, as long as the lines there fit them (its header is not repeated);
- column separators lie in the gaps between header cells, where no word of the table stands;
- rows come from the words as readers/pdf/borderless_rows.py tells; a row the page break cut is
  joined again;
- a table needs two body rows of two cells or more.
Level cells written once for a group stay empty below (the table is `borderless`, so extraction
reads them as "as above").
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from statistics import median

from extractor.document import Cell
from extractor.readers.glyphs import Glyphs
from extractor.readers.layout import Char
from extractor.readers.pdf.borderless_rows import Word, line_pitch, table_rows
from extractor.readers.pdf.lines import Line, PageLines
from extractor.readers.pdf.tables import PageTable, chars_text

# Gaps between words of a table row, in character heights (cells keep a few points of padding).
_WORD_GAP = 0.3
_MIN_COLUMNS = 3
# Punctuation that ends a clause: in prose, never in a header cell (a justified line of prose may
# have gaps as wide as a table's).
_CLAUSE_ENDS = "，。；！？"
# Body rows with two or more cells filled that a table needs besides its header.
_MIN_BODY_ROWS = 2
# Single characters of one header cell stand at most this far apart (character heights).
_SPACED_OUT_GAP = 2.0
# A table's lines follow each other within this distance (character heights).
_ROW_STEP = 2.5


@dataclass(slots=True)
class _Part:
    page: int
    lines: list[Line]
    words: list[Word] = field(default_factory=list)


@dataclass(slots=True)
class _Layout:
    """The header's cells as x ranges, and the separators chosen between them."""

    cells: list[tuple[float, float]]
    separators: list[float] = field(default_factory=list)

    def covers_a_gap(self, word: Word) -> bool:
        return any(word.x0 < a[1] - 1 and word.x1 > b[0] + 1 for a, b in itertools.pairwise(self.cells))


def find_borderless(pages: list[PageLines], tables: dict[int, list[PageTable]]) -> None:
    """Add the borderless tables of `pages` to `tables` and take their lines out of the pages."""
    carried: tuple[_Layout, list[_Part]] | None = None
    for page in pages:
        lines = list(page.lines)
        start = 0
        if carried is not None:
            layout, parts = carried
            carried = None
            start = _extent(lines, 0, layout)
            if start > 0:
                parts.append(_Part(page.number, lines[:start]))
            if start > 0 and start == len(lines):
                carried = (layout, parts)
            else:
                _emit(layout, parts, pages, tables)
        for begin, end, layout in _tables_on(lines, start):
            part = _Part(page.number, lines[begin:end])
            if end == len(lines):
                carried = (layout, [part])  # it may go on at the top of the next page
            else:
                _emit(layout, [part], pages, tables)
    if carried is not None:
        _emit(*carried, pages, tables)


def _tables_on(lines: list[Line], start: int) -> Iterator[tuple[int, int, _Layout]]:
    index = start
    while index < len(lines):
        layout = _header_layout(lines[index])
        if layout is None:
            index += 1
            continue
        end = _extent(lines, index + 1, layout)
        yield index, end, layout
        index = end


def words_of(line: Line) -> list[Word]:
    """The line's words: runs of characters with less than a third of a character between them.

    A line may hold characters of two heights (a cell centred beside a cell of two lines): each
    band of characters sharing a centre is split on its own.
    """
    words: list[Word] = []
    for band in _bands(line.chars):
        band.sort(key=lambda c: c.x0)
        size = median(c.bottom - c.top for c in band)
        run: list[Char] = [band[0]]
        for prev, ch in itertools.pairwise(band):
            if ch.x0 - prev.x1 > _WORD_GAP * size:
                words.append(_word(run))
                run = []
            run.append(ch)
        words.append(_word(run))
    return sorted(words, key=lambda w: w.x0)


def _bands(chars: list[Char]) -> list[list[Char]]:
    bands: list[list[Char]] = []
    for ch in sorted(chars, key=lambda c: (c.top + c.bottom) / 2):
        middle = (ch.top + ch.bottom) / 2
        last = bands[-1][-1] if bands else None
        if last is None or middle - (last.top + last.bottom) / 2 > 0.5 * (last.bottom - last.top):
            bands.append([])
        bands[-1].append(ch)
    return bands


def _word(chars: list[Char]) -> Word:
    return Word(chars, chars[0].x0, max(c.x1 for c in chars), min(c.top for c in chars), max(c.bottom for c in chars))


def _header_layout(line: Line) -> _Layout | None:
    if any(mark in line.text for mark in _CLAUSE_ENDS):
        return None  # most lines of prose: no need to look at their characters
    words = words_of(line)
    # A spaced-out title has gaps between single characters, not between cells.
    if len(words) < _MIN_COLUMNS or sum(len(w.chars) == 1 for w in words) * 2 > len(words):
        return None
    cells = _spaced_out_joined([(w.x0, w.x1) for w in words], line.height)
    return _Layout(cells) if len(cells) >= _MIN_COLUMNS else None


def _spaced_out_joined(cells: list[tuple[float, float]], height: float) -> list[tuple[float, float]]:
    """Header cells of one character each a character or two apart ("项　目") are one cell."""
    joined: list[tuple[float, float]] = []
    for x0, x1 in cells:
        if joined and _is_one_character(joined[-1], height) and _is_one_character((x0, x1), height) \
                and x0 - joined[-1][1] < _SPACED_OUT_GAP * height:
            joined[-1] = (joined[-1][0], x1)
        else:
            joined.append((x0, x1))
    return joined


def _is_one_character(cell: tuple[float, float], height: float) -> bool:
    return cell[1] - cell[0] < 1.5 * height


def _extent(lines: list[Line], start: int, layout: _Layout) -> int:
    """The end of the run of lines from `start` that stay in the layout's columns."""
    end = start
    while end < len(lines):
        line = lines[end]
        gap = line.top - lines[end - 1].bottom if end > 0 else 0.0
        if end > 0 and gap > _ROW_STEP * max(line.height, 1.0):
            break
        words = words_of(line)
        if not words or any(layout.covers_a_gap(w) for w in words):
            break
        end += 1
    return end


def _place(layout: _Layout, parts: list[_Part]) -> None:
    """Words of every part, separators from all of them, each word's column and span."""
    for part in parts:
        if not part.words:
            part.words = [w for line in part.lines for w in words_of(line)]
            for word in part.words:
                word.page = part.page
                word.header = part is parts[0] and word.top < part.lines[0].bottom
    words = [w for part in parts for w in part.words]
    stub = [w for w in words if w.x1 < layout.cells[0][0] - 1]
    if stub:
        # Row labels under no header cell ("年度资金总额" left of "全年预算数"): a column of their own.
        layout.cells.insert(0, (min(w.x0 for w in stub), max(w.x1 for w in stub)))
    layout.separators = [_separator(a, b, words) for a, b in itertools.pairwise(layout.cells)]
    for word in words:
        word.col = bisect_left(layout.separators, word.x0 + 1)
        word.span = max(1, bisect_left(layout.separators, word.x1 - 1) - word.col + 1)


def _separator(left: tuple[float, float], right: tuple[float, float], words: list[Word]) -> float:
    """The middle of the widest stretch of the gap between two header cells that no word covers."""
    free = [(left[1], right[0])]
    for word in words:
        free = [piece for a, b in free for piece in ((a, min(b, word.x0)), (max(a, word.x1), b)) if piece[1] > piece[0]]
    if not free:
        return (left[1] + right[0]) / 2
    a, b = max(free, key=lambda piece: piece[1] - piece[0])
    return (a + b) / 2


def _emit(layout: _Layout, parts: list[_Part], pages: list[PageLines], tables: dict[int, list[PageTable]]) -> None:
    _place(layout, parts)
    pitch = line_pitch([w for part in parts for w in part.words])
    part_rows = [table_rows(part.words, pitch) for part in parts]
    if sum(len(row) >= 2 for rows in part_rows for row in rows) < 1 + _MIN_BODY_ROWS:
        return
    count = len(layout.cells)
    header = _texts(part_rows[0][0], count) if part_rows[0] else None
    edges = [min(a for a, _ in layout.cells), *layout.separators, max(b for _, b in layout.cells)]
    for index in range(1, len(parts)):
        rows = part_rows[index]
        if rows and _texts(rows[0], count) == header:
            del rows[0]  # the header repeated on the next page
        before = next((r for r in reversed(part_rows[:index]) if r), None)
        if rows and before is not None and len(before) > 1 and _is_cut_tail(before[-1], rows[0]):
            before[-1] = _joined(before[-1], rows.pop(0))
    for index, (part, rows) in enumerate(zip(parts, part_rows, strict=True)):
        cells = [_row_cells(row, r, count) for r, row in enumerate(rows)]
        top = min(line.top for line in part.lines)
        bottom = max(line.bottom for line in part.lines)
        found = PageTable(part.page, top, bottom, edges, cells, borderless=True, continued=index > 0)
        tables.setdefault(part.page, []).append(found)
        page = pages[part.page - 1]
        taken = {id(line) for line in part.lines}
        page.lines = [line for line in page.lines if id(line) not in taken]


def _is_cut_tail(last: list[list[Word]], first: list[list[Word]]) -> bool:
    """A row the page break cut: the next page opens with the rest of some of its cells only."""
    above = {cell[0].col for cell in last}
    below = {cell[0].col for cell in first}
    return below <= above and 2 * len(below) <= len(above)


def _joined(last: list[list[Word]], tail: list[list[Word]]) -> list[list[Word]]:
    by_col = {cell[0].col: list(cell) for cell in last}
    for cell in tail:
        by_col[cell[0].col].extend(cell)
    return list(by_col.values())


def _texts(row: list[list[Word]], count: int) -> list[str]:
    texts = [""] * count
    for cell in row:
        texts[cell[0].col] = _cell_text(cell)
    return texts


def _in_order(words: list[Word]) -> list[Word]:
    return sorted(words, key=lambda w: (w.page, w.top, w.x0))


def _cell_text(words: list[Word]) -> str:
    return chars_text([c for w in _in_order(words) for c in w.chars])


def _row_cells(row: list[list[Word]], r: int, count: int) -> list[Cell]:
    """One row's cells, every column filled (empty where nothing is written)."""
    by_col: dict[int, list[Word]] = {}
    for cell in row:
        by_col.setdefault(cell[0].col, []).extend(cell)
    cells: list[Cell] = []
    col = 0
    while col < count:
        words = by_col.get(col)
        if not words:
            cells.append(Cell("", r, col))
            col += 1
            continue
        span = min(max(w.span for w in words), count - col)
        runs: list[tuple[int, list[Char]]] = []
        for word in _in_order(words):
            if not runs or runs[-1][0] != word.page:
                runs.append((word.page, []))
            runs[-1][1].extend(word.chars)
        glyphs = Glyphs([(page, chars) for page, chars in runs])
        cells.append(Cell(_cell_text(words), r, col, 1, span, glyphs))
        col += span
    return cells
