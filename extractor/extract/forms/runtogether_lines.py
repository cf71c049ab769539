"""A 自评表 whose rows each ran together on a line of their own ("产出指标数量指标补助人数≥1200人1268人").

Some portals drop the cell separators but keep the row breaks. No line alone holds enough of the
form to be read as one (forms.runtogether), but the lines of a run do: they are read as one
run-together text in which every line end is a row end, and each cell found is put back on the
line it came from, so evidence names the paragraph and characters as written.
"""

from __future__ import annotations

from itertools import pairwise

from extractor.extract.context import TextUnit
from extractor.extract.forms.grid import FormGrid
from extractor.extract.forms.runtogether import looks_run_together, rebuild
from extractor.settings import SETTINGS

# Cell separators a line keeps when its table was not run together (tabs, pipes, wide gaps).
_SEPARATORS = ("\t", "|", "\u3000", "  ")
_MIN_LINES = 4
_SENTENCE_ENDS = ("。", "；", ";")
_MIN_ROWS = 3  # rows of three cells or more: a header and two indicators


def run_together_line_runs(units: list[TextUnit]) -> list[tuple[int, int]]:
    """Index ranges of `units` (paragraphs in order) that are one form's rows run together."""
    found: list[tuple[int, int]] = []
    start = 0
    for end in range(len(units) + 1):
        if end < len(units) and _bare_line(units[end]) and (
                end == start or units[end].block == units[end - 1].block + 1):
            continue
        if end - start >= _MIN_LINES and _is_form(units[start:end]):
            found.append((start, end))
        start = end + 1 if end < len(units) and not _bare_line(units[end]) else end
    return found


def _bare_line(unit: TextUnit) -> bool:
    return 0 < len(unit.folded) <= SETTINGS.run_together_line_max and not any(s in unit.folded for s in _SEPARATORS)


def _is_form(run: list[TextUnit]) -> bool:
    # Rows of a form end on a cell, paragraphs of prose on a full stop.
    rows = sum(not u.folded.rstrip().endswith(_SENTENCE_ENDS) for u in run)
    return (2 * rows >= len(run) and not any(looks_run_together(u.folded) for u in run)
            and looks_run_together("".join(u.folded for u in run)))


def rebuild_lines(run: list[TextUnit]) -> FormGrid | None:
    """The form in `run`, its cells on the lines they were read from; None without an indicator header."""
    starts = [0]
    for unit in run:
        starts.append(starts[-1] + len(unit.text))
    joined = TextUnit("".join(u.text for u in run), "".join(u.folded for u in run), run[0].block, run[0].page,
                      sheet=run[0].sheet)
    grid = rebuild(joined, tuple(starts[1:-1]))
    if grid is None or sum(len(row) >= 3 for row in grid.rows) < _MIN_ROWS:
        return None  # prose that names a form's words, not a form
    for row in grid.rows:
        for cell in row:
            cell.unit = _on_its_line(cell.unit, run, starts)
    grid.warnings = [w.model_copy(update={"evidence": run[0].whole()}) for w in grid.warnings]
    return grid


def _on_its_line(part: TextUnit, run: list[TextUnit], starts: list[int]) -> TextUnit:
    """The part of the joined text as a part of the line it lies on (a cell never spans lines)."""
    start = part.origin
    for line, (begin, end) in zip(run, pairwise(starts), strict=False):
        if begin <= start < end:
            return line.part(start - begin, min(start + len(part.text), end) - begin, part.confidence)
    return part
