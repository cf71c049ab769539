"""Ruled tables in PDFs: a cheap ruling check with pdfium, cells and merges with pdfplumber.

pdfplumber is slow and holds much memory per page, so it only sees pages whose drawing
objects form a grid, one page at a time, each closed after use.
"""

from __future__ import annotations

import io
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from extractor.document import Cell
from extractor.normalise.wraps import join_wrapped
from extractor.readers.glyphs import Glyphs
from extractor.readers.layout import Box, Char, Edge, line_edge
from extractor.readers.pdf.lines import normalise_spaces, run_text, tidy_spaces
from extractor.readers.pdf.side_by_side import join_side_by_side

_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
# Ruling thinner than this is a line; edges closer than _EDGE_TOLERANCE are one grid line.
_THIN = 3.0
_MIN_RULE = 8.0
_EDGE_TOLERANCE = 2.0
# Tables this close to the page bottom may continue on the next page (fraction of height).
_NEAR_BOTTOM = 0.7


@dataclass(slots=True)
class PageTable:
    page: int  # 1-based
    top: float
    bottom: float
    col_edges: list[float]
    rows: list[list[Cell]]
    # A table without ruling lines: empty level cells mean "as above" (Table.merges_unknown), and
    # a part that carries the previous page's columns on is appended to it row for row.
    borderless: bool = False
    continued: bool = False

    def contains(self, x: float, y: float) -> bool:
        return self.col_edges[0] - 1 <= x <= self.col_edges[-1] + 1 and self.top - 1 <= y <= self.bottom + 1


@dataclass(slots=True)
class Ruling:
    """A page's rules as pdfplumber edges, or None when its drawing is too complex to read cheaply
    (curves, whole grids in one path, form XObjects): pdfplumber then parses the page itself."""

    edges: list[Edge] | None


def page_ruling(page: Any) -> Ruling | None:
    """The page's ruling when its path objects hold at least two horizontal and two vertical
    rules (a grid worth a table search), else None."""
    import pypdfium2.raw as pdfium_c

    _, _, _, page_top = page.get_mediabox()
    left = page.get_mediabox()[0]
    edges: list[Edge] = []
    simple = True
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=3):
        if obj.level > 0 or pdfium_c.FPDFPath_CountSegments(obj.raw) > 5:
            simple = False
        x0, y0, x1, y1 = obj.get_bounds()
        edges.extend(_box_edges(x0 - left, page_top - y1, x1 - left, page_top - y0))
    horizontal = sum(e["orientation"] == "h" for e in edges)
    if horizontal < 2 or len(edges) - horizontal < 2:
        return None
    return Ruling(edges if simple else None)


def _box_edges(x0: float, top: float, x1: float, bottom: float) -> list[Edge]:
    width, height = x1 - x0, bottom - top
    if width >= _MIN_RULE and height <= _THIN:
        return [line_edge(x0, x1, (top + bottom) / 2, (top + bottom) / 2)]
    if height >= _MIN_RULE and width <= _THIN:
        return [line_edge((x0 + x1) / 2, (x0 + x1) / 2, top, bottom)]
    if width >= _MIN_RULE and height >= _MIN_RULE:
        # A box: a cell border or background, its four sides are rules.
        return [
            line_edge(x0, x1, top, top),
            line_edge(x0, x1, bottom, bottom),
            line_edge(x0, x0, top, bottom),
            line_edge(x1, x1, top, bottom),
        ]
    return []


def find_grids(data: bytes, rulings: dict[int, Ruling]) -> Iterator[tuple[int, list[list[Box]]]]:
    """Cell boxes of each ruled table on the given 1-based pages, one pdfplumber page open at a time.

    pdfplumber finds the tables (cells, merges) from the rules pdfium read, so it need not parse
    the page; text comes from pdfium, which also decodes more fonts.
    """
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data), pages=sorted(rulings)) as pdf:
        for page in pdf.pages:
            try:
                settings = _settings(rulings[page.page_number])
                yield page.page_number, [list(t.cells) for t in page.find_tables(settings)]
            finally:
                page.close()


def _settings(ruling: Ruling) -> dict[str, Any]:
    if ruling.edges is None:
        return dict(_TABLE_SETTINGS)
    return {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": [e for e in ruling.edges if e["orientation"] == "v"],
        "explicit_horizontal_lines": [e for e in ruling.edges if e["orientation"] == "h"],
    }


def build_tables(page: int, grids: list[list[Box]], chars: list[Char]) -> list[PageTable]:
    tables: list[PageTable] = []
    for boxes in join_side_by_side(grids):
        built = _build_table(page, boxes, chars)
        if built is not None:
            tables.append(built)
    return tables


def _build_table(page: int, boxes: list[Box], chars: list[Char]) -> PageTable | None:
    xs = _edges([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _edges([b[1] for b in boxes] + [b[3] for b in boxes])
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    if n_rows * n_cols < 2:
        # A lone framed box is decoration around prose, not a table.
        return None
    owner: list[list[int | None]] = [[None] * n_cols for _ in range(n_rows)]
    spans: list[tuple[int, int, int, int]] = []
    for i, (x0, top, x1, bottom) in enumerate(boxes):
        r0, r1 = _nearest(ys, top), _nearest(ys, bottom)
        c0, c1 = _nearest(xs, x0), _nearest(xs, x1)
        spans.append((r0, c0, max(1, r1 - r0), max(1, c1 - c0)))
        for r in range(r0, max(r0 + 1, r1)):
            for c in range(c0, max(c0 + 1, c1)):
                owner[r][c] = i
    grouped = _cell_chars(chars, xs, ys, owner, len(boxes))
    texts = [chars_text(group) for group in grouped]
    if not any(texts):
        return None
    rows: list[list[Cell]] = [[] for _ in range(n_rows)]
    for i, (r, c, rowspan, colspan) in enumerate(spans):
        rows[r].append(Cell(texts[i], r, c, rowspan, colspan, Glyphs([(page, grouped[i])])))
    for row in rows:
        row.sort(key=lambda cell: cell.col)
    return PageTable(page, ys[0], ys[-1], xs, rows)


def _edges(values: list[float]) -> list[float]:
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > _EDGE_TOLERANCE:
            edges.append(value)
    return edges


def _nearest(edges: list[float], value: float) -> int:
    i = bisect_right(edges, value)
    if i == 0:
        return 0
    if i == len(edges) or value - edges[i - 1] <= edges[i] - value:
        return i - 1
    return i


def _cell_chars(
    chars: list[Char], xs: list[float], ys: list[float], owner: list[list[int | None]], count: int
) -> list[list[Char]]:
    grouped: list[list[Char]] = [[] for _ in range(count)]
    for ch in chars:
        if ch.text == "\n":
            continue
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        if not (xs[0] < cx < xs[-1] and ys[0] < cy < ys[-1]):
            continue
        r = min(bisect_right(ys, cy) - 1, len(ys) - 2)
        c = min(bisect_right(xs, cx) - 1, len(xs) - 2)
        cell = owner[r][c]
        if cell is not None:
            grouped[cell].append(ch)
    return grouped


def chars_text(chars: list[Char]) -> str:
    """Cell text: its lines in order, joined without a separator between CJK."""
    lines: list[list[Char]] = []
    centre = height = 0.0
    for ch in chars:
        if ch.text != " ":
            middle = (ch.top + ch.bottom) / 2
            # Centres, not tops: tight boxes of flat glyphs (一, —) sit mid-line.
            if not lines or abs(middle - centre) > 0.5 * height:
                lines.append([])
                centre, height = middle, max(ch.bottom - ch.top, 4.0)
            else:
                height = max(height, ch.bottom - ch.top)
        if lines:
            lines[-1].append(ch)
    text = ""
    for line in lines:
        text = join_wrapped(text, normalise_spaces(run_text(line)))
    return tidy_spaces(text)


def continues_table(prev: PageTable, nxt: PageTable, prev_page_height: float) -> bool:
    """Whether `nxt` (first on its page) carries on `prev` (last on the page before).

    A part that ends high on its page still goes on when the next page's part has its very
    columns and a blank first cell: a new table never starts with one, a row merged down does.
    """
    if nxt.page != prev.page + 1 or _column_map(prev.col_edges, nxt.col_edges) is None:
        return False
    return prev.bottom >= _NEAR_BOTTOM * prev_page_height or _opens_blank(nxt, prev)


def _opens_blank(nxt: PageTable, prev: PageTable) -> bool:
    same_columns = len(nxt.col_edges) == len(prev.col_edges)
    return same_columns and bool(nxt.rows and nxt.rows[0]) and not nxt.rows[0][0].text.strip()


def _column_map(prev_edges: list[float], next_edges: list[float]) -> list[int] | None:
    """Where each column edge of a continuation lies among the first part's edges, if all do.

    The first part may have more edges (its header rows split columns the body merges).
    """
    mapping = [_nearest(prev_edges, x) for x in next_edges]
    if any(abs(prev_edges[j] - x) > 3 for j, x in zip(mapping, next_edges, strict=True)):
        return None
    if mapping[0] != 0 or mapping[-1] != len(prev_edges) - 1:
        return None
    return mapping


def append_continuation(rows: list[list[Cell]], prev: PageTable, nxt: PageTable) -> None:
    """Append a continuation's rows to a table: repeated header rows dropped, cut merges and
    a row split by the page break made whole again."""
    mapping = _column_map(prev.col_edges, nxt.col_edges)
    if mapping is None:
        raise ValueError("not a continuation of this table")
    incoming = [[_remap(c, mapping) for c in row] for row in nxt.rows]
    repeated = _repeated_rows(rows, incoming)
    body = incoming[repeated:]
    skipped = repeated
    if body and _is_split_row(rows, body[0]):
        _absorb_split_row(rows, body[0])
        body = body[1:]
        skipped += 1
    elif body:
        carried = _carried_merges(rows, body[0])
        body[0] = [c for c in body[0] if id(c) not in carried]
    offset = len(rows) - skipped
    for row in body:
        rows.append([Cell(c.text, c.row + offset, c.col, c.rowspan, c.colspan, c.glyphs) for c in row])


def _remap(cell: Cell, mapping: list[int]) -> Cell:
    col = mapping[cell.col]
    return Cell(cell.text, cell.row, col, cell.rowspan, mapping[cell.col + cell.colspan] - col, cell.glyphs)


def _repeated_rows(rows: list[list[Cell]], incoming: list[list[Cell]]) -> int:
    repeated = 0
    while (
        repeated < min(len(rows), len(incoming) - 1)
        and incoming[repeated]
        and _signature(incoming[repeated]) == _signature(rows[repeated])
    ):
        repeated += 1
    return repeated


def _covering_last_row(rows: list[list[Cell]]) -> dict[int, Cell]:
    last = len(rows) - 1
    return {c.col: c for row in rows for c in row if c.row + c.rowspan - 1 >= last}


def _is_split_row(rows: list[list[Cell]], first: list[Cell]) -> bool:
    """A row the page break cut: its rest holds only the tails of some of the row's cells.

    Empty cells before the row's first text are label merges carried over, not emptied cells.
    """
    last = len(rows) - 1
    covering = _covering_last_row(rows)
    first_text = min((c.col for c in first if c.text), default=None)
    if first_text is None:
        return False
    tails = emptied = 0
    for cell in first:
        above = covering.get(cell.col)
        if above is None or above.colspan != cell.colspan:
            return False
        if cell.text:
            # A merged cell above may overflow too: its tail lands in the cut row.
            if not above.text:
                return False
            tails += 1
        elif cell.col > first_text and above.row == last and above.rowspan == 1 and above.text:
            emptied += 1
    return tails >= 1 and emptied >= tails


def _absorb_split_row(rows: list[list[Cell]], first: list[Cell]) -> None:
    covering = _covering_last_row(rows)
    for cell in first:
        above = covering[cell.col]
        if cell.text:
            above.text = tidy_spaces(join_wrapped(above.text, cell.text))
            if above.glyphs is not None and cell.glyphs is not None:
                above.glyphs = Glyphs(above.glyphs.runs + cell.glyphs.runs)
        above.rowspan += cell.rowspan - 1


def _carried_merges(rows: list[list[Cell]], first: list[Cell]) -> set[int]:
    """Empty cells that continue a vertical merge cut by the page break; the merge grows over them.

    A merge is recognised when the cell above already spans rows, or when the empty cell comes
    before the row's first text (the label columns of an indicator table).
    """
    covering = _covering_last_row(rows)
    first_text = min((c.col for c in first if c.text), default=None)
    carried: set[int] = set()
    for cell in first:
        above = covering.get(cell.col)
        if cell.text or above is None or above.colspan != cell.colspan:
            continue
        leading = first_text is not None and cell.col < first_text and bool(above.text)
        if above.rowspan > 1 or leading:
            above.rowspan += cell.rowspan
            carried.add(id(cell))
    return carried


def _signature(row: list[Cell]) -> list[tuple[int, int, str]]:
    return [(c.col, c.colspan, c.text) for c in row]
