"""A table copied one cell per line: the rows rebuilt from what each cell holds.

    一级指标 / 二级指标 / 三级指标 / 指标值 / 实际完成值      (one line each)
    产出指标 / 数量指标 / 培训人次 / ≥1000人次 / 1050人次
    质量指标 / 培训合格率 / ≥95% / 97%                     (the 一级 written once, for its group)

The header's column words give the width and each column's role; the cells after it are cut into
rows where every row starts with words (a label, a level or a name, never a figure) and fits its
header best (forms.align). Empty cells left no line, so the rows are inferred, and say so.
"""

from __future__ import annotations

from extractor.extract.context import TextUnit
from extractor.extract.forms.align import Kind, best_alignment, kind_of
from extractor.extract.forms.columns import role_of
from extractor.extract.forms.grid import FormCell, FormGrid, stripped
from extractor.models import Warning
from extractor.settings import SETTINGS

_CELL_MAX = 40  # a line longer than this is prose, not a cell
_HEADER_MIN = 3
_ROW_COST = 1.5  # a row costs: otherwise a cell alone would be a row of its own
_VOCABULARIES = ("indicator_columns", "funds_columns")


def _is_cell(unit: TextUnit) -> bool:
    text = unit.text.strip()
    # A line ending in a colon labels what follows it ("相关附件：" under the table): not a cell.
    return 0 < len(text) <= _CELL_MAX and not text.endswith(("。", "；", ";", "：", ":")) and "\t" not in text


def _header_at(units: list[TextUnit], at: int) -> tuple[str, int] | None:
    """The vocabulary and end of a header of column words one a line starting at `at`."""
    for vocabulary in _VOCABULARIES:
        end = at
        while end < len(units) and _is_cell(units[end]) and role_of(units[end].folded.replace(" ", ""),
                                                                    vocabulary) is not None:
            end += 1
        roles = {role_of(u.folded.replace(" ", ""), vocabulary) for u in units[at:end]}
        if end - at >= _HEADER_MIN and len(roles) >= _HEADER_MIN:
            return vocabulary, end
    return None


def cell_line_tables(units: list[TextUnit]) -> list[tuple[int, int]]:
    """[start, end) of each run of one-cell lines that opens with a header of column words."""
    found: list[tuple[int, int]] = []
    index = 0
    while index < len(units):
        header = _header_at(units, index) if _is_cell(units[index]) else None
        if header is None:
            index += 1
            continue
        end = header[1]
        while end < len(units) and _is_cell(units[end]) and units[end].block == units[end - 1].block + 1 and (
                _header_at(units, end) is None):
            end += 1
        if end > header[1]:
            found.append((index, end))
        index = end
    return found


def _rows(kinds: list[Kind], roles: list[str | None]) -> list[tuple[int, int, list[int]]] | None:
    """The cells cut into rows: (start, end, column of each cell), the best fit overall."""
    width = len(roles)
    best: dict[int, tuple[float, list[tuple[int, int, list[int]]]]] = {len(kinds): (0.0, [])}
    for start in range(len(kinds) - 1, -1, -1):
        if kinds[start] not in (Kind.TEXT, Kind.LEVEL):
            continue  # a row starts with words
        options = []
        for end in range(start + 1, min(len(kinds), start + width) + 1):
            if end not in best:
                continue
            fitted = best_alignment(kinds[start:end], roles, [-1] * (end - start))
            if fitted is None:
                continue
            score, rest = best[end]
            options.append((fitted[0] - _ROW_COST + score, [(start, end, fitted[1]), *rest]))
        if options:
            best[start] = max(options, key=lambda option: option[0])
    return best[0][1] if 0 in best else None


def rebuild_cell_lines(units: list[TextUnit]) -> FormGrid | None:
    """The table of a run of one-cell lines (as cell_line_tables finds them)."""
    header = _header_at(units, 0)
    if header is None:
        return None
    vocabulary, body = header
    head = units[:body]
    roles = [role_of(unit.folded.replace(" ", ""), vocabulary) for unit in head]
    offset = 0
    if vocabulary == "funds_columns":
        roles, offset = [None, *roles], 1  # the rows' labels stand in a column the header leaves unnamed
    cells = units[body:]
    rows = _rows([kind_of(unit.folded.replace(" ", "")) for unit in cells], roles)
    if not rows:
        return None
    grid_rows = [[FormCell(stripped(unit), 0, col + offset) for col, unit in enumerate(head)]]
    for start, end, placed in rows:
        index = len(grid_rows)
        grid_rows.append([FormCell(stripped(cells[i].inferred(SETTINGS.cell_lines)), index, col)
                          for i, col in zip(range(start, end), placed, strict=True)])
    grid = FormGrid(grid_rows, units[0].block, merges_unknown=True, page=units[0].page)
    grid.warnings.append(Warning(
        code="cells_inferred",
        message=(f"表格每个单元格单独成行，已按表头列序与单元格内容重建 {len(rows)} 行"
                 f"（置信度 {SETTINGS.cell_lines}）；请核对原文"),
        evidence=units[0].whole()))
    return grid
