"""The form layer: every table-like thing in a document, read as the 自评表 form it is.

Readers give real grids (DOCX, XLSX, HTML, PDF), text tables whose cells lost their columns, or
text whose cell boundaries were lost altogether; `grid` turns each into a `FormGrid`, and this
module assigns its cells to the form's fields: the header cells (项目名称, 主管部门 …), the 资金
block, the 年度总体目标 row, the indicator rows and the 总分 row, or a score summary table of
its own (评价内容 | 分值 | 得分).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractor.extract.forms.columns import find_header
from extractor.extract.forms.facts import caption, caption_lines, goal_claim, header_facts, read_goal_row
from extractor.extract.forms.funds import BlockUnit, read_funds_block
from extractor.extract.forms.grid import FormGrid
from extractor.extract.forms.indicators import read_indicator_rows, read_score_rows, read_score_summary
from extractor.extract.forms.transposed import transposed_funds
from extractor.extract.forms.units import declared_unit
from extractor.extract.funds.collector import FundsCollector
from extractor.models import Goal, Indicator, Score, Statement, Warning


@dataclass(slots=True)
class FormFacts:
    indicators: list[Indicator] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    score: Score | None = None
    fund_name: str | None = None
    unit_names: list[str] = field(default_factory=list)  # 主管部门 / 实施单位 … values: they name the region
    caption: str | None = None  # the title in the table's first row
    caption_lines: list[str] = field(default_factory=list)  # the title rows, the year under it
    unit_assumed: bool = False
    warnings: list[Warning] = field(default_factory=list)
    claims: list[Statement] = field(default_factory=list)  # the goal row's 完成情况 saying all was done


def read_form(grid: FormGrid, preceding: list[str], collector: FundsCollector) -> FormFacts:
    facts = FormFacts(warnings=list(grid.warnings))
    facts.fund_name, facts.unit_names = header_facts(grid)
    facts.caption_lines = caption_lines(grid)
    facts.caption = caption(facts.caption_lines)
    funds_grid = grid
    funds_header = find_header(grid.dense(), "funds_columns", ({"budget"}, {"executed", "rate"}))
    if funds_header is None and (upright := transposed_funds(grid)) is not None:
        funds_grid = upright
        funds_header = find_header(upright.dense(), "funds_columns", ({"budget"}, {"executed", "rate"}))
    if funds_header is not None:
        declared = declared_unit(grid, preceding, funds_header.header_row if funds_grid is grid else 0)
        unit = BlockUnit(declared or "万元", declared is not None)
        _, facts.score = read_funds_block(funds_grid, funds_header, unit, collector, facts.score)
        facts.unit_assumed = unit.used and not unit.declared
    for index in range(len(grid.rows)):
        goal = read_goal_row(grid, index)
        if goal is not None:
            facts.goals.append(goal[0])
            claim = goal_claim(goal[1])
            if claim is not None:
                facts.claims.append(claim)
            break
    indicator_header = find_header(grid.dense(), "indicator_columns",
                                   ({"name", "name_fallback"}, {"target", "actual"}))
    if indicator_header is not None:
        rows = read_indicator_rows(grid, indicator_header)
        facts.indicators = rows.indicators
        facts.score = read_score_rows(grid, rows.end, indicator_header, facts.score or rows.execution)
    elif funds_header is None:
        facts.score = read_score_summary(grid, facts.score)
    return facts
