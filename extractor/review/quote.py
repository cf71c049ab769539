"""Evidence in context: the paragraph or table row a finding points at, with its figures marked.

A quote is plain JSON for the page script: `segs` are [text, marked] pairs; a table row is a
list of cells, each with its segments and whether it is the cell the evidence is in.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from extractor.document import Cell, Document, Paragraph, Table
from extractor.models import Evidence

# Long paragraphs are cut to this many characters around the marked spans.
_CONTEXT = 90
_ELLIPSIS = "……"

Quote = dict[str, Any]
Segments = list[tuple[str, bool]]


def quotes(evidence: Sequence[Evidence], document: Document | None) -> list[Quote]:
    """One quote per place (paragraph, or table row), in the order the evidence names them."""
    groups: dict[tuple[Any, ...], list[Evidence]] = {}
    for item in evidence:
        # A table's rows go into one quote, so their columns line up.
        key = (item.sheet, item.block, item.row is not None)
        groups.setdefault(key, []).append(item)
    return [_quote(items, document) for items in groups.values()]


def _quote(items: list[Evidence], document: Document | None) -> Quote:
    first = items[0]
    block = _block(document, first.block)
    boxes = [{"page": e.page, "bbox": _points(e.bbox)} for e in items if e.bbox and e.page]
    quote: Quote = {"place": place(first, block, items), "boxes": boxes}
    if isinstance(block, Paragraph):
        quote["segs"] = _window(mark(block.text, items))
    elif isinstance(block, Table) and all(e.row is not None and e.row < len(block.rows) for e in items):
        dense = block.grid()
        rows = sorted({e.row for e in items if e.row is not None})
        quote["rows"] = [_row(dense[r], [e for e in items if e.row == r]) for r in rows]
    else:
        quote["segs"] = [(item.text, True) for item in items]
        quote["bare"] = True
    return quote


def _points(bbox: list[float]) -> list[str]:
    """A box's coordinates as the decimal strings the page script has always been given (its data
    came from records files, read with exact decimals): the same digits as the records file."""
    return [format(Decimal(repr(value)), "f") for value in bbox]


def _block(document: Document | None, index: int) -> Paragraph | Table | None:
    if document is None or not 0 <= index < len(document.blocks):
        return None
    return document.blocks[index]


def place(first: Evidence, block: Paragraph | Table | None, items: list[Evidence]) -> str:
    """Where the evidence is, in words: 第3页 · 表格（第12块）第4行 第5列."""
    parts: list[str] = []
    if first.sheet:
        parts.append(f"工作表「{first.sheet}」")
    if first.page:
        parts.append(f"第{first.page}页")
    if first.row is not None or isinstance(block, Table):
        cells = sorted({(e.row or 0, e.col) for e in items}, key=lambda rc: (rc[0], rc[1] or 0))
        where = "、".join(f"第{r + 1}行" + (f"第{c + 1}列" if c is not None else "") for r, c in cells)
        parts.append(f"表格（第{first.block + 1}块）{where}")
    else:
        parts.append(f"第{first.block + 1}段")
    refs = [e.cell_ref for e in items if e.cell_ref]
    if refs:
        parts.append("单元格 " + "、".join(refs))
    return " · ".join(parts)


def mark(text: str, items: Sequence[Evidence]) -> Segments:
    """The text cut into plain and marked segments; spans that do not match the text are searched for."""
    spans: list[tuple[int, int]] = []
    for item in items:
        start, end = item.start, item.end
        if text[start:end] != item.text:
            found = text.find(item.text) if item.text else -1
            if found < 0:
                continue
            start, end = found, found + len(item.text)
        if end > start:
            spans.append((start, end))
    segments: Segments = []
    cursor = 0
    for start, end in _merged(spans):
        if start > cursor:
            segments.append((text[cursor:start], False))
        segments.append((text[start:end], True))
        cursor = end
    if cursor < len(text):
        segments.append((text[cursor:], False))
    return segments


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _window(segments: Segments) -> Segments:
    """A long paragraph cut to the marked part and some text either side."""
    if sum(len(t) for t, _ in segments) <= 3 * _CONTEXT or not any(m for _, m in segments):
        return segments
    first = next(i for i, (_, m) in enumerate(segments) if m)
    last = max(i for i, (_, m) in enumerate(segments) if m)
    out = list(segments)
    if last + 1 < len(out) and len(out[last + 1][0]) > _CONTEXT:
        out[last + 1] = (out[last + 1][0][:_CONTEXT] + _ELLIPSIS, False)
        out = out[: last + 2]
    if first > 0 and len(out[first - 1][0]) > _CONTEXT:
        out[first - 1] = (_ELLIPSIS + out[first - 1][0][-_CONTEXT:], False)
        out = out[first - 1 :]
    return out


def _row(dense: list[Cell | None], items: list[Evidence]) -> list[dict[str, Any]]:
    """A row's cells left to right; a merged cell appears once, with its column span."""
    cells: list[dict[str, Any]] = []
    for position, cell in enumerate(dense):
        if cell is None:
            cells.append({"segs": [], "hit": False, "span": 1})
            continue
        if position > 0 and dense[position - 1] is cell:
            continue
        hits = [e for e in items if _is_cell(cell, e)]
        segs = mark(cell.text, hits) if hits else [(cell.text, False)]
        cells.append({"segs": segs, "hit": bool(hits), "span": cell.colspan})
    return cells


def _is_cell(cell: Cell, item: Evidence) -> bool:
    return item.row == cell.row and item.col == cell.col
