"""Extraction: from the document model to the record's content (report, funds, goals, indicators).

Blocks are visited in document order, so the first statement of a figure is the one the
record reports and every later statement is kept for the checker's cross-checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from pydantic import BaseModel

from extractor.document import Document, Paragraph, Table
from extractor.extract.context import TextUnit, paragraph_unit
from extractor.extract.forms import FormFacts, read_form
from extractor.extract.forms.cell_lines import cell_line_tables, rebuild_cell_lines
from extractor.extract.forms.grid import FormGrid, grid_from_table
from extractor.extract.forms.label_lines import label_line_runs, read_label_lines
from extractor.extract.forms.runtogether import looks_run_together, rebuild
from extractor.extract.forms.runtogether_lines import rebuild_lines, run_together_line_runs
from extractor.extract.forms.spaced import SpacedTable, rebuild_spaced, spaced_tables
from extractor.extract.funds.collector import FundsCollector
from extractor.extract.funds.prose import collect_prose_funds
from extractor.extract.funds.resolve import funds_of
from extractor.extract.goals import prose_goals
from extractor.extract.indicators_prose import extract_prose_indicators
from extractor.extract.judge import judged
from extractor.extract.report import build_report
from extractor.extract.scores import prose_score
from extractor.extract.statements import (
    attach_section_reasons,
    completion_claims,
    deviation_section,
    named_shortfalls,
    shortfalls,
)
from extractor.models import Funds, Goal, Indicator, Report, Score, Statement, Warning
from extractor.normalise.script import simplifier_for
from extractor.settings import SETTINGS


@dataclass(slots=True)
class Extraction:
    report: Report
    funds: Funds
    goals: list[Goal]
    indicators: list[Indicator]
    score: Score | None
    statements: list[Statement]
    warnings: list[Warning] = field(default_factory=list)


def _position(indicator: Indicator) -> tuple[int, int, int]:
    evidence = indicator.evidence
    return evidence.block, evidence.row if evidence.row is not None else -1, evidence.start


# What a repeat can add to the first statement of an indicator: the table's 分值/得分 and levels
# to the narrative's sentence, the narrative's reason to the table's row.
_FILLED_FROM_REPEATS = ("level1", "level2", "deviation_reason", "completion_rate", "max_score", "score")


def without_repeats(indicators: list[Indicator]) -> list[Indicator]:
    """A narrative and its attached table often list the same indicators: keep each once, with
    what either copy states. Repeats whose values differ are all kept, for the checker to
    cross-reference."""
    seen: dict[tuple[str, str, str], Indicator] = {}
    kept: list[Indicator] = []
    for indicator in indicators:
        # "≥ 9800人" in prose is the table's "≥9800人": layout spaces say nothing.
        key = (indicator.name, "".join(indicator.target.raw.split()), "".join(indicator.actual.raw.split()))
        first = seen.get(key)
        if first is None:
            seen[key] = indicator
            kept.append(indicator)
            continue
        _fill_missing(first, indicator, _FILLED_FROM_REPEATS)
    return kept


def _fill_missing(first: BaseModel, later: BaseModel, names: Iterable[str]) -> None:
    """Give `first` what `later` states of these fields and `first` leaves out."""
    for name in names:
        if getattr(first, name) is None:
            setattr(first, name, getattr(later, name))


def _score(scores: list[Score]) -> Score | None:
    """One score for the report: a funds table often holds the 执行率 row's score and the
    indicator table after it the 总分 and 自评等级; the first table's statement of each wins."""
    if not scores:
        return None
    merged = scores[0]
    for later in scores[1:]:
        _fill_missing(merged, later, Score.model_fields)
    return merged


@dataclass(slots=True)
class _Visited:
    units: list[TextUnit] = field(default_factory=list)
    sheets: list[FormFacts] = field(default_factory=list)
    collector: FundsCollector = field(default_factory=FundsCollector)
    form_blocks: set[int] = field(default_factory=set)  # paragraphs read as a form, not as prose
    fund_hint: str | None = None  # the fund a label-line funds block names


def _block_texts(document: Document) -> list[str]:
    texts: list[str] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            texts.append(block.text)
        else:
            texts.extend(cell.text for row in block.rows for cell in row)
    return texts


def _visit_blocks(document: Document) -> _Visited:
    """One pass in document order: prose funds as paragraphs come, each table read whole, a
    paragraph that is a form run together (no cell separators left) read as the form it is, and
    a run of label-and-figure lines read as the funds block it was."""
    visited = _Visited()
    simplify = simplifier_for(_block_texts(document))
    units = {block.index: paragraph_unit(block, block.sheet or document.sheet, simplify)
             for block in document.blocks if isinstance(block, Paragraph)}
    runs = {start: end for start, end in _label_line_runs(list(units.values()))}
    cell_tables = {start: end for start, end in _cell_line_tables(list(units.values()))}
    paragraph_units = list(units.values())
    spaced = {paragraph_units[table.header].block: table for table in spaced_tables(paragraph_units)}
    claimed = {b for start, end in [*runs.items(), *cell_tables.items()] for b in range(start, end)}
    claimed.update(paragraph_units[i].block for table in spaced.values() for i in (table.header, *table.rows))
    line_forms = {start: end for start, end in _as_blocks(paragraph_units, run_together_line_runs(paragraph_units))
                  if claimed.isdisjoint(range(start, end))}
    preceding: list[str] = []  # the lines just above a table may declare its unit (单位：万元)
    above_lines_form: list[str] = []  # the same, for a form whose cells are lines of their own
    for block in document.blocks:
        if isinstance(block, Paragraph):
            unit = units[block.index]
            visited.units.append(unit)
            if block.index in spaced:
                table = spaced[block.index]
                visited.sheets.append(read_form(rebuild_spaced(paragraph_units, table),
                                                [*preceding, *_skipped_lines(paragraph_units, table)],
                                                visited.collector))
                visited.form_blocks.update(paragraph_units[i].block for i in (table.header, *table.rows))
            for found, rebuilt in ((cell_tables, rebuild_cell_lines), (line_forms, rebuild_lines)):
                if block.index in found:
                    run = [units[i] for i in range(block.index, found[block.index])]
                    _read_lines_form(visited, run, rebuilt(run), above_lines_form)
            if block.index in runs:
                run = [units[i] for i in range(block.index, runs[block.index])]
                visited.fund_hint = visited.fund_hint or read_label_lines(run, visited.collector)
                visited.form_blocks.update(u.block for u in run)
            grid = rebuild(unit) if looks_run_together(unit.folded) else None
            if grid is not None:
                visited.sheets.append(read_form(grid, preceding, visited.collector))
                visited.form_blocks.add(unit.block)
            elif block.index not in visited.form_blocks:
                collect_prose_funds(visited.collector, unit)
            preceding = [*preceding[-(SETTINGS.lines_above_table - 1):], block.text]
            above_lines_form = [*above_lines_form[-(SETTINGS.lines_above_lines_form - 1):], block.text]
        elif isinstance(block, Table):
            visited.sheets.append(read_form(grid_from_table(block, simplify), preceding, visited.collector))
            preceding, above_lines_form = [], []
    return visited


def _skipped_lines(units: list[TextUnit], table: SpacedTable) -> list[str]:
    """The lines between a spaced form's header and its first row that are none of its rows: a
    unit wrapped under the header ("（元）") declares the form's unit as a caption would."""
    first = table.rows[0] if table.rows else table.header + 1
    return [units[i].text for i in range(table.header + 1, first)]


def _read_lines_form(visited: _Visited, run: list[TextUnit], grid: FormGrid | None, preceding: list[str]) -> None:
    """A form rebuilt from a run of lines: read, and its lines kept from the prose."""
    if grid is not None:
        visited.sheets.append(read_form(grid, preceding, visited.collector))
        visited.form_blocks.update(u.block for u in run)


def _cell_line_tables(units: list[TextUnit]) -> list[tuple[int, int]]:
    return _as_blocks(units, cell_line_tables(units))


def _label_line_runs(units: list[TextUnit]) -> list[tuple[int, int]]:
    return _as_blocks(units, label_line_runs(units))


def _as_blocks(units: list[TextUnit], runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs of paragraph units as block index ranges, each of paragraphs that follow one another."""
    found: list[tuple[int, int]] = []
    for start, end in runs:
        run = units[start:end]
        if all(later.block == earlier.block + 1 for earlier, later in pairwise(run)):
            found.append((run[0].block, run[-1].block + 1))
    return found


def _stated_in_prose(visited: _Visited) -> list[Score]:
    found = prose_score([unit for unit in visited.units if unit.block not in visited.form_blocks])
    return [found] if found is not None else []


def _funds_sentence(collector: FundsCollector, units: list[TextUnit]) -> str | None:
    """The paragraph of the first budget statement: it usually names year, region and fund."""
    first = collector.first("budget_total")
    if first is None or first.amount is None or first.amount.evidence is None:
        return None
    block = first.amount.evidence.block
    return next((u.text for u in units if u.block == block), None)


def _warnings(document: Document, sheets: list[FormFacts]) -> list[Warning]:
    warnings = [Warning(code=code, message=message) for code, message in document.notes]
    warnings.extend(w for s in sheets for w in s.warnings)
    if any(s.unit_assumed for s in sheets):
        warnings.append(Warning(code="unit_assumed", message="资金表未注明金额单位，按万元读取"))
    return warnings


def extract(document: Document) -> Extraction:
    visited = _visit_blocks(document)
    sheets = visited.sheets
    units = [unit for unit in visited.units if unit.block not in visited.form_blocks]
    prose = extract_prose_indicators(units)
    table_indicators = [i for s in sheets for i in s.indicators]
    listed = [] if table_indicators else prose.listed
    indicators = without_repeats(sorted([*prose.indicators, *listed, *table_indicators], key=_position))
    for indicator in indicators:
        judged(indicator)
    section = deviation_section(units)
    found_shortfalls = named_shortfalls(shortfalls(section), indicators)
    attach_section_reasons(indicators, section, found_shortfalls)
    claims = [*completion_claims(units, {i.evidence.block for i in prose.indicators}), *prose.claims,
              *(claim for s in sheets for claim in s.claims)]
    goals = sorted([*prose_goals(units), *(g for s in sheets for g in s.goals)],
                   key=lambda g: g.evidence.block if g.evidence else 0)
    report = build_report(visited.units, _funds_sentence(visited.collector, visited.units),
                          next((s.fund_name for s in sheets if s.fund_name), None) or visited.fund_hint,
                          [name for s in sheets for name in s.unit_names], visited.collector.fund_names,
                          next((s.caption for s in sheets if s.caption), None),
                          [line for s in sheets for line in s.caption_lines])
    return Extraction(report=report, funds=funds_of(visited.collector), goals=goals, indicators=indicators,
                      score=_score([*(s.score for s in sheets if s.score is not None), *_stated_in_prose(visited)]),
                      statements=[*claims, *found_shortfalls], warnings=_warnings(document, sheets))
