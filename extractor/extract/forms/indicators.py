"""The indicator rows of a 自评表, its 总分 and 自评等级 rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from extractor import patterns
from extractor.extract.forms.columns import Columns, distinct_cells, find_header
from extractor.extract.forms.funds import cell_percent, score_number
from extractor.extract.forms.grid import FormCell, FormGrid
from extractor.extract.forms.levels import level1_as_written, level2_as_written
from extractor.extract.forms.rows import Row, own_cell, row_at, text_at
from extractor.extract.levels import canonical_level1, canonical_level2, strip_numbering
from extractor.models import Indicator, Score, Value
from extractor.normalise.text import fold
from extractor.normalise.values import kind_of_unit, parse_value

_SECTION_MAX = 16


@dataclass(slots=True)
class LevelCarry:
    """Levels in force: a text copy writes a merged level cell once, on its group's first row."""

    level1: str = ""
    level2: str = ""
    section1: str = ""  # levels given as rows across the table ("一、产出指标")
    section2: str = ""

    def update(self, grid: FormGrid, row: Row, columns: Columns) -> tuple[str, str]:
        one, two = text_at(row, columns.get("level1")), text_at(row, columns.get("level2"))
        if not grid.merges_unknown:
            return one or self.section1, two or self.section2
        if one and one != self.level1:
            self.level1, self.level2 = one, ""
        if two:
            self.level2 = two
        return self.level1 or self.section1, self.level2 or self.section2


def _first_text(grid: FormGrid, index: int) -> str:
    return next((cell.key for cell in grid.rows[index] if cell.key), "")


def section_level(grid: FormGrid, index: int) -> str | None:
    """A row holding nothing but a level's name ("一、产出指标", "（一）数量指标（30分）")."""
    texts = [cell.key for cell in distinct_cells(grid.dense()[index]) if cell.key]
    if len(texts) != 1:
        return None
    body = texts[0][strip_numbering(texts[0]):]
    if len(body) > _SECTION_MAX or not body.endswith(("指标", "分)")):
        return None
    return body if canonical_level1(body) or canonical_level2(body) else None


@dataclass(slots=True)
class IndicatorRows:
    indicators: list[Indicator] = field(default_factory=list)
    end: int = 0
    execution: Score | None = None  # a 预算执行率 row among the indicators: the execution score


def read_indicator_rows(grid: FormGrid, columns: Columns) -> IndicatorRows:
    found = IndicatorRows()
    levels = LevelCarry()
    name_col = columns.get("name") if "name" in columns.roles else columns.get("name_fallback")
    units = header_units(grid, columns)
    index = columns.header_row + 1
    header = grid.dense()[columns.header_row]
    header_cell = header[name_col] if 0 <= name_col < len(header) else None
    header_name = header_cell.key if header_cell is not None else None
    while index < len(grid.rows):
        first = _first_text(grid, index)
        if patterns.match("tables.total_score_row", first) or patterns.match("tables.grade_row", first):
            break
        if _is_filing_row(grid, index):
            break  # "填报单位：… | 填报日期：…" under the form: its end
        section = section_level(grid, index)
        if section is not None:
            if canonical_level1(section):
                levels.section1, levels.section2, levels.level1, levels.level2 = section, "", "", ""
            else:
                levels.section2, levels.level2 = section, ""
            index += 1
            continue
        row = row_at(grid, index, columns)
        level1, level2 = levels.update(grid, row, columns)
        name_cell = own_cell(row, name_col, index) if grid.merges_unknown else _name_cell(row, name_col, index)
        if name_cell is not None and name_cell.key == header_name:
            index += 1
            continue  # the header repeated where the table goes on over a page break
        if name_cell is not None and _is_execution_row(grid, index, name_cell):
            found.execution = _execution_score(row, columns, name_cell)
        elif name_cell is not None and not _is_operator_only(name_cell) and not _spans_values(name_cell, columns):
            found.indicators.append(_indicator(row, columns, name_cell, level1, level2, units))
        index += 1
    found.end = index
    return found


def _is_execution_row(grid: FormGrid, index: int, name_cell: FormCell) -> bool:
    """"资金执行率 | 100% | 97.81% | 10 | 9.78" with the label across the level columns: the
    execution rate's score row, which the templates put first among the indicators."""
    return _first_text(grid, index) == name_cell.key and patterns.fullmatch(
        "tables.execution_rate_row", name_cell.key) is not None


def _execution_score(row: Row, columns: Columns, name_cell: FormCell) -> Score:
    actual_col = columns.get("actual")
    return Score(execution_max=score_number(text_at(row, columns.get("max_score"))),
                 execution_score=score_number(text_at(row, columns.get("score"))),
                 execution_rate=cell_percent(row.get(actual_col) if actual_col >= 0 else None),
                 evidence=name_cell.unit.whole())


def _spans_values(cell: FormCell, columns: Columns) -> bool:
    """A text merged across the target and actual columns ("自评结论 | 项目资金使用规范，…") is a
    remark on the table, not an indicator's name."""
    target, actual = columns.get("target"), columns.get("actual")
    return 0 <= target < cell.col + cell.colspan and 0 <= actual < cell.col + cell.colspan and cell.col < target


def _is_filing_row(grid: FormGrid, index: int) -> bool:
    return any(patterns.match("report.filing_details", cell.folded.strip()) for cell in grid.rows[index])


def _name_cell(row: Row, col: int, index: int) -> FormCell | None:
    cell = row.get(col) if col >= 0 else None
    return cell if cell is not None and cell.row == index and cell.text.strip() else None


def _is_operator_only(cell: FormCell) -> bool:
    """An 指标性质 cell ("=") the row put where its name should be is no indicator."""
    return patterns.fullmatch("tables.operator_cell", cell.key) is not None


_DIRECTION_OPERATOR = {"正向": "≥", "反向": "≤", "定性": "", "定量": ""}


def _blank_if_template(text: str) -> str:
    return "" if patterns.search("tables.template_instruction", fold(text)) else text


def _value(row: Row, columns: Columns, role: str, header_unit: str | None) -> Value:
    cell = row.get(columns.get(role)) if columns.get(role) >= 0 else None
    if cell is None:
        return parse_value("")
    raw = _blank_if_template(cell.text.strip())
    op_text = text_at(row, columns.get("op")) if role == "target" else ""
    unit_text = text_at(row, columns.get("unit"))
    value = parse_value(raw, cell.unit.whole())
    if value.kind == "number" and value.unit is None and unit_text and patterns.fullmatch(
            "tables.unit_cell", unit_text):
        raw = raw + unit_text  # a 度量单位 column: "30" under 万元
    if op_text and patterns.fullmatch("tables.operator_cell", op_text) and value.kind != "unset" \
            and value.op is None:
        # An 指标性质 column: "≤" beside "30"; a direction word (正向, 反向) is the comparison it
        # implies, 定性/定量 none. A target stating its own operator ("正向 | ≥12人") keeps it.
        raw = _DIRECTION_OPERATOR.get(op_text, op_text) + raw
    if raw != cell.text.strip():
        value = parse_value(raw, cell.unit.whole())
    if value.kind == "number" and value.unit is None and header_unit:  # "指标值(%)" over a bare "95"
        return value.model_copy(update={"unit": header_unit, "kind": kind_of_unit(header_unit)})
    return value


def _header_unit(grid: FormGrid, columns: Columns, role: str) -> str | None:
    col = columns.get(role)
    if col < 0:
        return None
    header = grid.dense()[columns.header_row]
    cell = header[col] if col < len(header) else None
    found = patterns.search("tables.header_unit", cell.key) if cell is not None else None
    return str(found.group("unit")) if found else None


def _indicator(row: Row, columns: Columns, name_cell: FormCell, level1_text: str, level2_text: str,
               header_units: tuple[str | None, str | None] = (None, None)) -> Indicator:
    reason_text = _blank_if_template(text_at(row, columns.get("reason")))
    reason = None if not reason_text or patterns.fullmatch("indicators.no_reason", fold(reason_text)) \
        else reason_text
    completion_col = columns.get("completion")
    return Indicator(
        level1=level1_as_written(_compact(level1_text)), level2=level2_as_written(_compact(level2_text)),
        name=name_cell.text.strip(), target=_value(row, columns, "target", header_units[0]),
        actual=_value(row, columns, "actual", header_units[1]), deviation_reason=reason,
        completion_rate=cell_percent(row.get(completion_col) if completion_col >= 0 else None),
        max_score=score_number(text_at(row, columns.get("max_score"))),
        score=score_number(text_at(row, columns.get("score"))),
        evidence=name_cell.unit.whole(),
    )


def _compact(text: str) -> str:
    return "".join(fold(text).split())


def read_score_rows(grid: FormGrid, start: int, columns: Columns, score: Score | None) -> Score | None:
    for index in range(start, len(grid.rows)):
        cells = [cell for cell in grid.rows[index] if cell.key] if grid.merges_unknown else \
            distinct_cells(grid.dense()[index])
        if not cells:
            continue
        label = cells[0].key
        values = [c.text.strip() for c in cells[1:] if c.text.strip()]
        if patterns.match("tables.total_score_row", label):
            score = score or Score()
            row = row_at(grid, index, columns)
            max_text, score_text = text_at(row, columns.get("max_score")), text_at(row, columns.get("score"))
            numbers = [n for n in (score_number(v) for v in values) if n is not None]
            stated_max, stated = score_number(max_text), score_number(score_text)
            score.total_max = stated_max if stated_max is not None else (numbers[0] if numbers else None)
            score.total = stated if stated is not None else (numbers[-1] if len(numbers) > 1 else None)
            grade = next((g for g in (patterns.search("tables.grade_in_cell", fold(v)) for v in values) if g), None)
            if grade and score.grade is None:  # "自评等级：优" in the 总分 row's last cell
                score.grade = grade.group("grade")
        elif patterns.match("tables.grade_row", label) and values:
            score = score or Score()
            score.grade = values[0]
    return score


def read_score_summary(grid: FormGrid, score: Score | None) -> Score | None:
    """A table of scores by part ("评价内容 | 分值 | 得分": 预算执行率, 产出指标 …, 合计): the
    execution rate's score and the total."""
    columns = find_header(grid.dense(), "indicator_columns", ({"max_score"}, {"score"}))
    if columns is None or {"target", "actual"} & columns.roles.keys():
        return score
    for index in range(columns.header_row + 1, len(grid.rows)):
        cell = next((c for c in grid.rows[index] if c.key), None)
        if cell is not None and patterns.fullmatch("tables.execution_rate_row", cell.key) is not None:
            execution = _execution_score(row_at(grid, index, columns), columns, cell)
            score = execution if score is None else score.model_copy(update={
                "execution_max": execution.execution_max, "execution_score": execution.execution_score,
                "evidence": execution.evidence})
    return read_score_rows(grid, columns.header_row + 1, columns, score)


def header_units(grid: FormGrid, columns: Columns) -> tuple[str | None, str | None]:
    return _header_unit(grid, columns, "target"), _header_unit(grid, columns, "actual")
