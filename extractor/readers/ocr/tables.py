"""Ruled tables on a rendered page: rules found on the bitmap, cells from pdfplumber's grid logic.

A scanned page has no drawing objects, so its table rules are found on the greyscale bitmap:
runs of ink that are long and thin. They become pdfplumber edges (points, top-down), and
pdfplumber's pure grid functions (merge, intersections, cells, tables) find the cells and their
merges exactly as for a text PDF's vector rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from extractor.readers.layout import Box, Edge, line_edge

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

# Grey level below which a pixel is ink (scans are light grey paper, rules mid to dark grey).
_INK = 170
# A horizontal rule is longer than any glyph stroke of body or heading text; vertical rules
# also bound single rows (about 15 pt), so they may be shorter, but still longer than a stroke.
_MIN_HORIZONTAL_PT = 20.0
_MIN_VERTICAL_PT = 12.0
# Rules are thin; shaded fills and blocks of ink are not.
_MAX_THICKNESS_PT = 2.5
# Pieces of one rule (broken by JPEG noise or by crossing rules) are joined within this distance.
_TOLERANCE_PT = 3.0


def find_rules(gray: npt.NDArray[np.uint8], scale: float) -> list[Edge]:
    """Horizontal and vertical rules of a greyscale page bitmap rendered at `scale` pixels per point."""
    ink = gray < _INK
    reach = max(2, round(_MAX_THICKNESS_PT * scale))
    edges: list[Edge] = []
    for top, x0, x1 in _runs(_thin(ink, reach, axis=0), round(_MIN_HORIZONTAL_PT * scale)):
        y = (top + 0.5) / scale
        edges.append(line_edge(x0 / scale, x1 / scale, y, y))
    for left, y0, y1 in _runs(_thin(ink, reach, axis=1).T, round(_MIN_VERTICAL_PT * scale)):
        x = (left + 0.5) / scale
        edges.append(line_edge(x, x, y0 / scale, y1 / scale))
    return edges


def _thin(ink: npt.NDArray[np.bool_], reach: int, axis: int) -> npt.NDArray[np.bool_]:
    """Ink pixels not inside a thick blob (ink `reach` pixels away on both sides across `axis`).

    Only both sides count: text often touches a rule on one side (cells are tight), and a
    shaded fill keeps just its border, which is where its cell's rules are anyway.
    """
    import numpy as np

    before = np.zeros_like(ink)
    after = np.zeros_like(ink)
    if axis == 0:
        before[reach:] = ink[:-reach]
        after[:-reach] = ink[reach:]
    else:
        before[:, reach:] = ink[:, :-reach]
        after[:, :-reach] = ink[:, reach:]
    result: npt.NDArray[np.bool_] = ink & ~(before & after)
    return result


def _runs(mask: npt.NDArray[np.bool_], min_length: int) -> list[tuple[int, int, int]]:
    """(row, start, end) of each run of True along the rows of `mask` at least `min_length` long."""
    import numpy as np

    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    steps = np.diff(padded, axis=1)
    # Row-major order pairs each run's start with its end.
    rows, starts = np.nonzero(steps == 1)
    _, ends = np.nonzero(steps == -1)
    keep = ends - starts >= min_length
    return list(zip(rows[keep].tolist(), starts[keep].tolist(), ends[keep].tolist(), strict=True))


def find_grids(rules: list[Edge]) -> list[list[Box]]:
    """Cell boxes of each table the rules form (tables of at least two rows and two columns)."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    if not rules:
        return []
    tolerance = _TOLERANCE_PT
    merged: list[Edge] = merge_edges(rules, tolerance, tolerance, tolerance, tolerance)
    edges = [e for e in merged if _length(e) >= _min_length(e)]
    cells = intersections_to_cells(edges_to_intersections(edges, tolerance, tolerance))
    grids: list[list[Box]] = []
    for table in cells_to_tables(cells):
        boxes = [tuple(float(v) for v in box) for box in table]
        if _is_grid(boxes):
            grids.append([(b[0], b[1], b[2], b[3]) for b in boxes])
    return grids


def _length(edge: Edge) -> float:
    return float(edge["width"] if edge["orientation"] == "h" else edge["height"])


def _min_length(edge: Edge) -> float:
    return _MIN_HORIZONTAL_PT if edge["orientation"] == "h" else _MIN_VERTICAL_PT


def _is_grid(boxes: list[Any]) -> bool:
    # A framed paragraph or a boxed character is one cell, or one row or column of them.
    tops = {round(b[1]) for b in boxes}
    lefts = {round(b[0]) for b in boxes}
    return len(tops) >= 2 and len(lefts) >= 2
