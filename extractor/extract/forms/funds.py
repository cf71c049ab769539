"""The 资金 block of a 自评表: the total row and the source rows under its header.

Inside the block a row with figures is a source whatever its label ("彩票公益金用于医疗救助"),
and a source row left blank ("其他资金" with nothing filled) or a row heading the rows under it
("按收入性质分：") is passed over; the block ends at
a row that is neither (资金管理情况, 年度总体目标, the indicator header).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from extractor import patterns
from extractor.extract.context import compact
from extractor.extract.forms.columns import Columns
from extractor.extract.forms.grid import FormCell, FormGrid
from extractor.extract.forms.rows import Row, label_of, own_cell, row_at, text_at
from extractor.extract.funds.collector import FundsCollector
from extractor.models import Amount, Percent, Score
from extractor.normalise.numbers import parse_arabic
from extractor.normalise.text import fold
from extractor.normalise.values import make_amount, make_percent

_VALUE_ROLES = ("initial", "budget", "executed", "rate")
_UNIT_OF_SUFFIX = {"万": "万元", "亿": "亿元"}


@dataclass(slots=True)
class BlockUnit:
    """The money unit of a funds block's bare numbers, and whether one was read with it: only
    then does a unit nobody declared matter (cells that say "348.60万元" need none)."""

    unit: str
    declared: bool
    used: bool = False


def score_number(text: str) -> Decimal | None:
    cleaned = fold(text).strip().rstrip("分")
    return parse_arabic(cleaned) if cleaned else None


def cell_amount(cell: FormCell | None, unit: BlockUnit) -> Amount | None:
    if cell is None:
        return None
    raw = cell.text.strip()
    found = patterns.fullmatch("tables.cell_amount", fold(raw).strip())
    if found is None:
        return None
    stated = found.group("unit")
    if stated:  # the cell carries its own unit ("3319万元", "3359.62万")
        return make_amount(raw, found.group("num"), _UNIT_OF_SUFFIX.get(stated, stated), cell.unit.whole())
    unit.used = True
    return make_amount(raw, found.group("num"), unit.unit, cell.unit.whole())


def cell_percent(cell: FormCell | None) -> Percent | None:
    if cell is None:
        return None
    raw = cell.text.strip()
    number = fold(raw).strip().rstrip("%").strip()
    if not number or parse_arabic(number) is None:
        return None
    return make_percent(raw, number, None, cell.unit.whole())


def _row_kind(name: str, has_figures: bool) -> str | None:
    """"total", "source", "blank" (a source row left empty) or None (the block has ended)."""
    if patterns.match("tables.funds_total_row", name) is not None:
        return "total"
    if patterns.match("funds.spending_part_label", name) is not None:
        return "blank"  # a use of the money, not a source
    known = patterns.fullmatch("funds.source_label", fold(name)) is not None or (
        patterns.fullmatch("funds.other_source_label", fold(name)) is not None)
    if has_figures:
        return "source" if name and patterns.match("tables.funds_block_end", name) is None else None
    return "blank" if known or patterns.fullmatch("funds.grouping_label", name) is not None else None


def read_funds_block(grid: FormGrid, columns: Columns, unit: BlockUnit, collector: FundsCollector,
                     score: Score | None) -> tuple[int, Score | None]:
    """Rows of the 资金 block after its header; returns the first row after the block and the
    execution row's score (分值, 得分, 执行率) when the block states one."""
    value_cols = [c for c in (columns.get(r) for r in _VALUE_ROLES) if c >= 0]
    first_value = min(value_cols)
    index = columns.header_row + 1
    if _lists_projects(grid, columns, first_value):
        return index, score  # a department's projects, each with its own figures: no fund's sources
    while index < len(grid.rows):
        row = row_at(grid, index, columns)
        if not any(cell.text.strip() for cell in row.values()):
            index += 1  # an empty row (a hidden one, blanked) does not end the block
            continue
        label = label_of(row, first_value)
        name = compact(label).removeprefix("其中").lstrip(":：")
        if patterns.fullmatch("tables.execution_score_row", name) is not None:
            score = _read_execution_score_row(row, index, score)
            index += 1
            continue
        figures = _figures(row, index, columns, unit)
        kind = "total" if _labelled_by_header(row, first_value, columns.header_row) else (
            _row_kind(name, any(v is not None for v in figures)))
        if kind is None:
            break
        if kind == "total":
            score = _read_total_row(row, index, columns, figures, collector, score)
        elif kind == "source":
            _read_source_row(label, figures, collector)
        index += 1
    return index, score


def _lists_projects(grid: FormGrid, columns: Columns, first_value: int) -> bool:
    """The block's label column is headed 项目名称 (not 项目资金 or 资金来源): its rows are projects."""
    header = row_at(grid, columns.header_row, columns)
    label = compact(label_of(header, first_value))
    return patterns.fullmatch("tables.project_list_header", label) is not None


def _labelled_by_header(row: Row, first_value: int, header_row: int) -> bool:
    """"年度预算（万元）" merged down from the header row beside the figures: the block's one row
    is the whole fund's."""
    labels = [cell for col, cell in row.items() if col < first_value and cell.text.strip()]
    return bool(labels) and all(cell.row <= header_row for cell in labels)


def _figures(row: Row, index: int, columns: Columns, unit: BlockUnit) -> tuple[
        Amount | None, Amount | None, Amount | None, Percent | None]:
    value_cols = [c for c in (columns.get(r) for r in _VALUE_ROLES) if c >= 0]

    def cell(role: str) -> FormCell | None:
        found = own_cell(row, columns.get(role), index)
        # A cell merged across two value columns is no one column's figure.
        if found is None or sum(found.col <= c < found.col + found.colspan for c in value_cols) > 1:
            return None
        return found

    def amount(role: str) -> Amount | None:
        return cell_amount(cell(role), unit)

    return amount("budget"), amount("executed"), amount("initial"), cell_percent(cell("rate"))


def _read_execution_score_row(row: Row, index: int, score: Score | None) -> Score | None:
    """"预算执行得分 | 9.91": the execution score, the first cell of the row holding a number."""
    for col in sorted(row):
        cell = row[col]
        if cell.row != index:  # a merge reaching down from above (项目资金（万元）)
            continue
        got = score_number(cell.text)
        if got is not None:
            score = score or Score()
            score.execution_score = got
            return score
    return score


def _read_total_row(row: Row, index: int, columns: Columns,
                    figures: tuple[Amount | None, Amount | None, Amount | None, Percent | None],
                    collector: FundsCollector, score: Score | None) -> Score | None:
    budget, executed, initial, rate = figures
    collector.add_amount("budget_total", budget)
    collector.add_amount("executed_total", executed)
    collector.add_amount("initial_budget", initial)
    collector.add_rate(rate)
    max_score = score_number(text_at(row, columns.get("max_score")))
    got = score_number(text_at(row, columns.get("score")))
    if max_score is None and got is None:
        return score
    score = score or Score()
    score.execution_max, score.execution_score, score.execution_rate = max_score, got, rate
    return score


def _read_source_row(label: str, figures: tuple[Amount | None, Amount | None, Amount | None, Percent | None],
                     collector: FundsCollector) -> None:
    budget, executed, _, rate = figures
    # Drop "其中：" from the label as written (the fold keeps lengths, so the tail is the name).
    kept = len(fold(label).removeprefix("其中").lstrip(":：").strip())
    name = label[len(label) - kept:].rstrip(":：")
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
