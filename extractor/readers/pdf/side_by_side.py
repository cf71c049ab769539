"""Ruled grids that sit side by side on the same rows: one table cut by a column without rules.

A spreadsheet printed to PDF draws borders cell by cell; a narrow spacer column left unbordered
splits a form into grids that pdfplumber finds apart (项目 | 预算数 … | 备注). Grids that span the
same height, whose row lines agree and that are a small gap apart are one table again: the gap
is closed by widening the left grid's last column to the right grid's first edge.
"""

from __future__ import annotations

from extractor.readers.layout import Box

# Points: grids at most this far apart can be one table; edges this close are one line.
_MAX_GAP = 12.0
_TOLERANCE = 2.0


def join_side_by_side(grids: list[list[Box]]) -> list[list[Box]]:
    """The grids of one page with each run of side-by-side parts of one table joined, in order."""
    joined: list[list[Box]] = []
    for boxes in sorted(grids, key=_top_left):
        for index, kept in enumerate(joined):
            if _are_one_table(kept, boxes):
                joined[index] = _closed(kept, boxes)
                break
        else:
            joined.append(boxes)
    return sorted(joined, key=_top_left)


def _top_left(boxes: list[Box]) -> tuple[float, float]:
    return (min(b[1] for b in boxes), min(b[0] for b in boxes))


def _are_one_table(left: list[Box], right: list[Box]) -> bool:
    left_x1 = max(b[2] for b in left)
    gap = min(b[0] for b in right) - left_x1
    if not 0 < gap <= _MAX_GAP:
        return False
    if not (_near(_top(left), _top(right)) and _near(_bottom(left), _bottom(right))):
        return False
    fewer, more = sorted((_row_lines(left), _row_lines(right)), key=len)
    return all(any(_near(y, other) for other in more) for y in fewer)


def _closed(left: list[Box], right: list[Box]) -> list[Box]:
    left_x1 = max(b[2] for b in left)
    right_x0 = min(b[0] for b in right)
    widened = [(x0, top, right_x0 if _near(x1, left_x1) else x1, bottom) for x0, top, x1, bottom in left]
    return widened + right


def _row_lines(boxes: list[Box]) -> list[float]:
    return sorted({b[1] for b in boxes} | {b[3] for b in boxes})


def _top(boxes: list[Box]) -> float:
    return min(b[1] for b in boxes)


def _bottom(boxes: list[Box]) -> float:
    return max(b[3] for b in boxes)


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= _TOLERANCE
