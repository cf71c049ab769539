"""Everything a 自评表 table states: funds block, goals row, indicator rows, scores, header cells."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from extractor import patterns
from extractor.document import Cell, Table
from extractor.extract.context import cell_unit, compact
from extractor.extract.funds_prose import FundsCollector
from extractor.extract.levels import canonical_level1, canonical_level2, strip_numbering
from extractor.extract.tables import (
    Columns,
    carried,
    cell_at,
    cell_text,
    declared_unit,
    distinct_cells,
    find_header,
    row_label,
)
from extractor.models import Amount, Goal, Indicator, Percent, Score, Value
from extractor.normalise.numbers import parse_arabic
from extractor.normalise.text import fold
from extractor.normalise.values import kind_of_unit, make_amount, make_percent, parse_value

Grid = list[list[Cell | None]]
_GOAL_SUBHEADER = ("预期目标", "年度目标", "实际完成情况", "全年实际完成情况", "目标", "完成情况", "实际完成")


@dataclass(slots=True)
class SheetFacts:
    indicators: list[Indicator] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    score: Score | None = None
    fund_name: str | None = None
    region_hint: str | None = None
    unit_assumed: bool = False


def _number(text: str) -> Decimal | None:
    cleaned = fold(text).strip().rstrip("分")
    return parse_arabic(cleaned) if cleaned else None


@dataclass(slots=True)
class BlockUnit:
    """The money unit of a funds block's bare numbers, and whether one was read with it: only
    then does a unit nobody declared matter (cells that say "348.60万元" need none)."""

    unit: str
    declared: bool
    used: bool = False


def _amount(table: Table, grid: Grid, row: int, col: int, unit: BlockUnit) -> Amount | None:
    cell = cell_at(grid, row, col)
    if cell is None or cell.row != row:
        return None
    raw = cell.text.strip()
    if not raw:
        return None
    found = patterns.fullmatch("numbers.amount", fold(raw))
    if found:  # the cell carries its own unit ("3319万元")
        return make_amount(raw, found.group("num"), found.group("unit"), cell_unit(table, cell).whole())
    if parse_arabic(fold(raw)) is None:
        return None
    unit.used = True
    return make_amount(raw, fold(raw), unit.unit, cell_unit(table, cell).whole())


def _percent(table: Table, grid: Grid, row: int, col: int) -> Percent | None:
    cell = cell_at(grid, row, col)
    if cell is None or cell.row != row:
        return None
    raw = cell.text.strip()
    folded = fold(raw).strip()
    number = folded.rstrip("%").strip()
    if not number or parse_arabic(number) is None:
        return None
    return make_percent(raw, number, None, cell_unit(table, cell).whole())


def read_funds_block(table: Table, grid: Grid, columns: Columns, unit: BlockUnit, collector: FundsCollector,
                     facts: SheetFacts) -> int:
    """Rows of the 资金 block after its header; returns the first row after the block."""
    value_cols = [c for c in (columns.get(r) for r in ("initial", "budget", "executed", "rate")) if c >= 0]
    first_value = min(value_cols)
    row = columns.header_row + 1
    while row < len(grid):
        label = row_label(grid, row, first_value)
        name = compact(label).removeprefix("其中").lstrip(":：")
        is_total = patterns.match("tables.funds_total_row", name) is not None
        is_source = patterns.fullmatch("funds.source_label", fold(name)) is not None or (
            patterns.fullmatch("funds.other_source_label", fold(name)) is not None
            and _has_amount(table, grid, row, columns, unit))
        if not (is_total or is_source):
            break
        _read_funds_row(table, grid, row, columns, unit, collector, facts, None if is_total else label)
        row += 1
    return row


def _has_amount(table: Table, grid: Grid, row: int, columns: Columns, unit: BlockUnit) -> bool:
    return any(_amount(table, grid, row, columns.get(role), unit) is not None for role in ("budget", "executed"))


def _read_funds_row(table: Table, grid: Grid, row: int, columns: Columns, unit: BlockUnit,
                    collector: FundsCollector, facts: SheetFacts, source_label: str | None) -> None:
    budget = _amount(table, grid, row, columns.get("budget"), unit)
    executed = _amount(table, grid, row, columns.get("executed"), unit)
    initial = _amount(table, grid, row, columns.get("initial"), unit)
    rate = _percent(table, grid, row, columns.get("rate"))
    if source_label is None:
        collector.add_amount("budget_total", budget)
        collector.add_amount("executed_total", executed)
        collector.add_amount("initial_budget", initial)
        collector.add_rate(rate)
        max_score = _number(cell_text(grid, row, columns.get("max_score")))
        score = _number(cell_text(grid, row, columns.get("score")))
        if max_score is not None or score is not None:
            facts.score = facts.score or Score()
            facts.score.execution_max, facts.score.execution_score = max_score, score
            facts.score.execution_rate = rate
        return
    # Drop "其中：" from the label as written (the fold keeps lengths, so the tail is the name).
    kept = len(fold(source_label).removeprefix("其中").lstrip(":：").strip())
    name = source_label[len(source_label) - kept:]
    source = collector.source(name)
    if budget is not None:
        collector.add_amount("budget_total", budget, name)
        source.budget = source.budget or budget
    if executed is not None:
        collector.add_amount("executed_total", executed, name)
        source.executed = source.executed or executed
    if rate is not None:
        collector.add_rate(rate, name)
        source.execution_rate = source.execution_rate or rate


def _collapse_repeats(cells: list[Cell]) -> list[Cell]:
    """A text copy repeats a merged cell's text across the columns it spans: keep one."""
    kept: list[Cell] = []
    for cell in cells:
        if not kept or kept[-1].text.strip() != cell.text.strip():
            kept.append(cell)
    return kept


def read_goal_row(table: Table, grid: Grid, row: int) -> Goal | None:
    cells = distinct_cells(grid[row])
    label_index = next((i for i, c in enumerate(cells)
                        if patterns.match("tables.goal_row", compact(c.text))), None)
    if label_index is None:
        return None
    rest = [c for c in cells[label_index + 1:] if c.text.strip()]
    if rest and all(compact(c.text) in _GOAL_SUBHEADER for c in rest) and row + 1 < len(grid):
        label_text = cells[label_index].text.strip()
        # A text copy repeats the merged label cell on the next row; skip it there too.
        rest = [c for c in distinct_cells(grid[row + 1])
                if c is not cells[label_index] and c.text.strip() and c.text.strip() != label_text]
    rest = _collapse_repeats(rest)
    if not rest:
        return None
    label = compact(cells[label_index].text)
    return Goal(label="年度总体目标" if label.startswith(("年度", "总体")) else label,
                text=rest[0].text.strip(), actual=rest[1].text.strip() if len(rest) > 1 else None,
                evidence=cell_unit(table, rest[0]).whole())


def read_indicator_rows(table: Table, grid: Grid, columns: Columns, facts: SheetFacts) -> int:
    row = columns.header_row + 1
    level1_col, level2_col = columns.get("level1"), columns.get("level2")
    section1 = section2 = ""  # levels given as rows across the table ("一、产出指标")
    while row < len(grid):
        label = compact(cell_text(grid, row, 0))
        if patterns.match("tables.total_score_row", label) or patterns.match("tables.grade_row", label):
            break
        section = _section_level(grid, row)
        if section is not None:
            if canonical_level1(section):
                section1, section2 = section, ""
            else:
                section2 = section
            row += 1
            continue
        name_cell = cell_at(grid, row, columns.get("name") if "name" in columns.roles else columns.get("name_fallback"))
        if name_cell is not None and name_cell.row == row and name_cell.text.strip():
            facts.indicators.append(_indicator(
                table, grid, row, columns, name_cell,
                carried(table, grid, row, level1_col, columns.header_row) or section1,
                carried(table, grid, row, level2_col, columns.header_row) or section2))
        row += 1
    return row


_SECTION_MAX = 16


def _section_level(grid: Grid, row: int) -> str | None:
    """A row holding nothing but a level's name ("一、产出指标", "（一）数量指标（30分）")."""
    texts = [cell.text.strip() for cell in distinct_cells(grid[row]) if cell.text.strip()]
    if len(texts) != 1:
        return None
    folded = compact(texts[0])
    body = folded[strip_numbering(folded):]
    if len(body) > _SECTION_MAX or not body.endswith(("指标", "分)")):
        return None
    return body if canonical_level1(body) or canonical_level2(body) else None


def _value(table: Table, grid: Grid, row: int, col: int, header_row: int) -> Value:
    cell = cell_at(grid, row, col)
    if cell is None:
        return parse_value("")
    value = parse_value(cell.text.strip(), cell_unit(table, cell).whole())
    if value.kind == "number" and value.unit is None:
        unit = patterns.search("tables.header_unit", compact(cell_text(grid, header_row, col)))
        if unit:  # "指标值(%)" over a bare "95"
            return value.model_copy(update={"unit": unit.group("unit"), "kind": kind_of_unit(unit.group("unit"))})
    return value


def _indicator(table: Table, grid: Grid, row: int, columns: Columns, name_cell: Cell,
               level1_text: str, level2_text: str) -> Indicator:
    reason_text = cell_text(grid, row, columns.get("reason"))
    reason = None if not reason_text or patterns.fullmatch("indicators.no_reason", fold(reason_text)) \
        else reason_text
    completion = _percent(table, grid, row, columns.get("completion"))
    return Indicator(
        level1=canonical_level1(compact(level1_text)), level2=canonical_level2(compact(level2_text)),
        name=name_cell.text.strip(), target=_value(table, grid, row, columns.get("target"), columns.header_row),
        actual=_value(table, grid, row, columns.get("actual"), columns.header_row), deviation_reason=reason,
        completion_rate=completion, max_score=_number(cell_text(grid, row, columns.get("max_score"))),
        score=_number(cell_text(grid, row, columns.get("score"))),
        evidence=cell_unit(table, name_cell).whole(),
    )


def read_score_rows(grid: Grid, start: int, columns: Columns, facts: SheetFacts) -> None:
    for row in range(start, len(grid)):
        cells = distinct_cells(grid[row])
        if not cells:
            continue
        label = compact(cells[0].text)
        values = [c.text.strip() for c in cells[1:] if c.text.strip()]
        if patterns.match("tables.total_score_row", label):
            facts.score = facts.score or Score()
            max_text = cell_text(grid, row, columns.get("max_score"))
            score_text = cell_text(grid, row, columns.get("score"))
            numbers = [n for n in (_number(v) for v in values) if n is not None]
            facts.score.total_max = _number(max_text) if _number(max_text) is not None else (
                numbers[0] if numbers else None)
            facts.score.total = _number(score_text) if _number(score_text) is not None else (
                numbers[-1] if len(numbers) > 1 else None)
            grade = next((g for g in (patterns.search("tables.grade_in_cell", fold(v)) for v in values) if g), None)
            if grade and facts.score.grade is None:  # "自评等级：优" in the 总分 row's last cell
                facts.score.grade = grade.group("grade")
        elif patterns.match("tables.grade_row", label) and values:
            facts.score = facts.score or Score()
            facts.score.grade = values[0]


_HEADER_LABEL_MAX = 12  # "转移支付名称", "地方财政部门": header labels are short


def read_header_cells(grid: Grid, facts: SheetFacts) -> None:
    for row in grid:
        cells = distinct_cells(row)
        for index, cell in enumerate(cells[:-1]):
            if len(cell.text) > _HEADER_LABEL_MAX:
                continue
            label = compact(cell.text)
            value = cells[index + 1].text.strip()
            if not value:
                continue
            if patterns.fullmatch("tables.fund_name_cell", label) and facts.fund_name is None:
                facts.fund_name = value
            elif patterns.fullmatch("tables.region_cell", label) and facts.region_hint is None:
                facts.region_hint = value


def read_table(table: Table, preceding: list[str], collector: FundsCollector) -> SheetFacts:
    facts = SheetFacts()
    grid = table.grid()
    read_header_cells(grid, facts)
    funds_header = find_header(grid, "funds_columns", ({"budget"}, {"executed", "rate"}))
    if funds_header is not None:
        declared = declared_unit(table, preceding)
        unit = BlockUnit(declared or "万元", declared is not None)
        read_funds_block(table, grid, funds_header, unit, collector, facts)
        facts.unit_assumed = unit.used and not unit.declared
    for row in range(len(grid)):
        goal = read_goal_row(table, grid, row)
        if goal is not None:
            facts.goals.append(goal)
            break
    indicator_header = find_header(grid, "indicator_columns", ({"name", "name_fallback"}, {"target"}, {"actual"}))
    if indicator_header is not None:
        end = read_indicator_rows(table, grid, indicator_header, facts)
        read_score_rows(grid, end, indicator_header, facts)
    return facts
