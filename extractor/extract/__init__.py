"""Extraction: from the document model to the record's content (report, funds, goals, indicators).

Blocks are visited in document order, so the first statement of a figure is the one the
record reports and every later statement is kept for the checker's cross-checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractor.document import Document, Paragraph, Table
from extractor.extract.context import TextUnit, paragraph_unit
from extractor.extract.funds_prose import FundsCollector, collect_prose_funds
from extractor.extract.goals import prose_goals
from extractor.extract.indicators_prose import extract_prose_indicators
from extractor.extract.judge import judged
from extractor.extract.report import build_report
from extractor.extract.statements import (
    attach_section_reasons,
    completion_claims,
    deviation_section,
    shortfalls,
)
from extractor.extract.table_sheet import SheetFacts, read_table
from extractor.models import Amount, Funds, Goal, Indicator, Report, Score, Statement, Warning

_PRECEDING_LINES = 2


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


def _first_amount(collector: FundsCollector, field_name: str) -> Amount | None:
    found = collector.first(field_name)
    return found.amount if found else None


def without_repeats(indicators: list[Indicator]) -> list[Indicator]:
    """A narrative and its attached table often list the same indicators: keep each once.
    Repeats whose values differ are all kept, for the checker to cross-reference."""
    seen: set[tuple[str, str, str]] = set()
    kept: list[Indicator] = []
    for indicator in indicators:
        key = (indicator.name, indicator.target.raw.strip(), indicator.actual.raw.strip())
        if key not in seen:
            seen.add(key)
            kept.append(indicator)
    return kept


def _funds(collector: FundsCollector) -> Funds:
    def amount(field_name: str) -> Amount | None:
        return _first_amount(collector, field_name)

    rate = collector.first("execution_rate")
    return Funds(budget_total=amount("budget_total"), executed_total=amount("executed_total"),
                 execution_rate=rate.percent if rate else None, initial_budget=amount("initial_budget"),
                 sources=collector.sources, statements=collector.statements)


def extract(document: Document) -> Extraction:
    collector = FundsCollector()
    units: list[TextUnit] = []
    sheets: list[SheetFacts] = []
    recent: list[str] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            unit = paragraph_unit(block, document.sheet)
            units.append(unit)
            collect_prose_funds(collector, unit)
            recent = [*recent[-(_PRECEDING_LINES - 1):], block.text] if _PRECEDING_LINES > 1 else [block.text]
        elif isinstance(block, Table):
            sheets.append(read_table(block, recent, collector))
            recent = []
    prose = extract_prose_indicators(units)
    indicators = without_repeats(sorted([*prose.indicators, *(i for s in sheets for i in s.indicators)],
                                        key=_position))
    for indicator in indicators:
        judged(indicator)
    section = deviation_section(units)
    found_shortfalls = shortfalls(section)
    attach_section_reasons(indicators, section, found_shortfalls)
    indicator_blocks = {i.evidence.block for i in prose.indicators}
    claims = [*completion_claims(units, indicator_blocks), *prose.claims]
    goals = sorted([*prose_goals(units), *(g for s in sheets for g in s.goals)],
                   key=lambda g: g.evidence.block if g.evidence else 0)
    score = next((s.score for s in sheets if s.score is not None), None)
    first_budget = collector.first("budget_total")
    funds_sentence = None
    if first_budget and first_budget.amount and first_budget.amount.evidence:
        budget_block = first_budget.amount.evidence.block
        funds_sentence = next((u.text for u in units if u.block == budget_block), None)
    report = build_report(units, funds_sentence,
                          next((s.fund_name for s in sheets if s.fund_name), None),
                          next((s.region_hint for s in sheets if s.region_hint), None))
    warnings = [Warning(code=code, message=message) for code, message in document.notes]
    if any(s.unit_assumed for s in sheets):
        warnings.append(Warning(code="unit_assumed", message="资金表未注明金额单位，按万元读取"))
    return Extraction(report=report, funds=_funds(collector), goals=goals, indicators=indicators,
                      score=score, statements=[*claims, *found_shortfalls], warnings=warnings)
