"""A table flattened with spaces between its cells (a 计生-style 自评表 pasted from a PDF), its
indicator rows or its funds rows under their own header:

    一级指标 二级指标 三级指标 自评内容 完成情况
    项目预算管理 资金投入 预算编制科学性 项目预算编制符合…匹配 项目资金测算标准(文字描述) 已按要求完成预算
    资金下达 资金发放及时性 省级财政部门在接到…正式下达 中央、市提前批资金(-年-月-日)… 以资金文

Rows may be far apart, with the form's other blocks between them. A row as wide as the widest
is read in place; a narrower one lost its leading merged cells (the 一级 written once) unless it
opens with a level word, so it is read from the right. The middle columns (explanations) are kept
as written; the levels, the name and the last column (完成情况) are what the form asks of a row.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractor import patterns
from extractor.extract.context import TextUnit
from extractor.extract.forms.columns import role_of
from extractor.extract.forms.grid import FormCell, FormGrid
from extractor.extract.levels import canonical_level1
from extractor.models import Warning

_HEADER_ROLES_MIN = 3
_VOCABULARIES = ("indicator_columns", "funds_columns")
_ROW_TOKENS_MIN = 3


@dataclass(frozen=True, slots=True)
class SpacedTable:
    header: int  # index of the header unit
    rows: tuple[int, ...]  # indexes of the row units


def _tokens(unit: TextUnit) -> list[tuple[int, int]]:
    return [(found.start(), found.end()) for found in patterns.finditer("forms.spaced_token", unit.folded)]


def _is_header(unit: TextUnit, vocabulary: str = "indicator_columns") -> bool:
    tokens = _tokens(unit)
    roles = {role_of(unit.folded[a:b], vocabulary) for a, b in tokens}
    roles.discard(None)
    return len(tokens) >= _HEADER_ROLES_MIN and len(roles) >= _HEADER_ROLES_MIN and len(roles) >= len(tokens) - 1


def _header_of(unit: TextUnit) -> str | None:
    """Which block of a form a line of column names heads: indicators, or the funds rows
    ("项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分")."""
    if " " not in unit.folded.strip():
        return None
    return next((vocabulary for vocabulary in _VOCABULARIES if _is_header(unit, vocabulary)), None)


def _is_row(unit: TextUnit) -> bool:
    """A line of cells: words first (no number, no bracketed note), not one word repeated (the
    header's second line, "名称 名称 名称")."""
    tokens = _tokens(unit)
    texts = {unit.folded[a:b] for a, b in tokens}
    if len(tokens) < _ROW_TOKENS_MIN or len(texts) < _ROW_TOKENS_MIN - 1:
        return False
    if not patterns.match("forms.spaced_row_start", unit.folded.strip()):
        return False
    return not patterns.fullmatch("forms.label_line", unit.folded)


def spaced_tables(units: list[TextUnit]) -> list[SpacedTable]:
    found: list[SpacedTable] = []
    headers = [_header_of(unit) is not None for unit in units]  # each line looked at once
    for index in range(len(units)):
        if not headers[index]:
            continue
        rows = []
        for later in range(index + 1, len(units)):
            if headers[later] or patterns.match("statements.section_heading", units[later].folded):
                break
            if _is_row(units[later]):
                rows.append(later)
        if rows:
            found.append(SpacedTable(index, tuple(rows)))
    return found


def rebuild_spaced(units: list[TextUnit], table: SpacedTable) -> FormGrid:
    header_unit = units[table.header]
    header = _tokens(header_unit)
    rows = [(units[i], _tokens(units[i])) for i in table.rows]
    width = max(len(header), *(len(tokens) for _, tokens in rows))
    head_cols = [*range(min(3, len(header))), *range(width - (len(header) - 3), width)][:len(header)]
    grid_rows = [[FormCell(header_unit.part(a, b), 0, col) for (a, b), col in zip(header, head_cols, strict=True)]]
    for unit, tokens in rows:
        first = unit.folded[tokens[0][0]:tokens[0][1]]
        offset = 0 if len(tokens) == width or canonical_level1(first) else width - len(tokens)
        index = len(grid_rows)
        grid_rows.append([FormCell(unit.part(a, b, 0.8), index, col + offset) for col, (a, b) in enumerate(tokens)])
    grid = FormGrid(grid_rows, header_unit.block, merges_unknown=True, page=header_unit.page)
    grid.warnings.append(Warning(
        code="cells_inferred",
        message=f"表格以空格分隔单元格，已按表头与行宽重建 {len(rows)} 行（置信度 0.8）；请核对原文",
        evidence=header_unit.whole()))
    return grid
