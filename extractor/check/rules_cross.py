"""The same quantity stated in two places with different values.

Three kinds of repeats are compared: a goal's figure against the indicator (or the execution
rate) it restates; a fund figure stated in several places; an indicator that appears twice (in
prose and in the attached table).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from extractor.check.parts import part_issues
from extractor.check.registry import Issue, evidence_of, rule
from extractor.check.units import comparable, is_money, units_compatible
from extractor.check.wording import amount_text, percent_text, scope_label
from extractor.models import Amount, Evidence, Figure, Goal, Indicator, Percent, Record
from extractor.names import best_match, normalise_name, strip_punctuation
from extractor.rounding import as_written, plain, same_at_lower_precision


def _number_text(number: Decimal, unit: str | None, other_unit: str | None) -> str:
    """A figure for stated/computed: money as written with its unit (583.18万元), else as written."""
    if is_money(unit) and is_money(other_unit):
        return f"{as_written(number)}{unit}"
    return as_written(number)


def _same_number(first: Decimal, first_unit: str | None, second: Decimal, second_unit: str | None) -> bool:
    """Equal numbers, money compared in 元."""
    return comparable(first, first_unit, second_unit) == comparable(second, second_unit, first_unit)


def _unit_of(indicator: Indicator) -> str | None:
    return indicator.actual.unit or indicator.target.unit


def _is_rate_figure(figure: Figure) -> bool:
    return "执行率" in figure.name and (figure.value.kind == "percent" or figure.value.unit == "%")


def _numbered_indicators(indicators: list[Indicator], unit: str | None) -> list[Indicator]:
    """Indicators with a numeric actual in a compatible unit, one per name (the first stated).

    A rate and a count are never the same quantity, even when one side writes no unit.
    """
    chosen: dict[str, Indicator] = {}
    for indicator in indicators:
        if indicator.actual.number is None or not units_compatible(unit, _unit_of(indicator)):
            continue
        if (unit == "%") != (_unit_of(indicator) == "%"):
            continue
        chosen.setdefault(normalise_name(indicator.name), indicator)
    return list(chosen.values())


def _goal_figure_issue(
    goal: Goal, figure: Figure, number: Decimal, indicators: list[Indicator]
) -> Issue | None:
    value = figure.value
    candidates = _numbered_indicators(indicators, value.unit)
    indicator = best_match(figure.name, candidates, lambda candidate: candidate.name)
    if indicator is None:
        return None
    actual, target = indicator.actual, indicator.target
    achieved, unit = actual.number, _unit_of(indicator)
    if achieved is None or _same_number(number, value.unit, achieved, unit):
        return None
    # Goals often restate the plan ("满意度达到90%以上", a table's 预期目标): a figure equal to the
    # indicator's target is the plan, not a contradiction of the outcome.
    if target.number is not None and _same_number(number, value.unit, target.number, unit):
        return None
    return Issue(
        message=(
            f"{goal.label}中“{figure.name}”为{value.raw}，"
            f"而指标“{indicator.name}”全年实际完成值为{actual.raw}"
        ),
        stated=_number_text(number, value.unit, unit),
        computed=_number_text(achieved, unit, value.unit),
        evidence=evidence_of(value, goal, actual, indicator),
    )


def _rate_figure_issue(goal: Goal, figure: Figure, number: Decimal, rate: Percent | None) -> Issue | None:
    value = figure.value
    if rate is None or same_at_lower_precision(number, rate.value):
        return None
    return Issue(
        message=f"{goal.label}中“{figure.name}”为{value.raw}，而资金投入情况填报的预算执行率为{percent_text(rate)}",
        stated=as_written(number),
        computed=as_written(rate.value),
        evidence=evidence_of(value, goal, rate),
    )


def goal_figure_issues(record: Record) -> Iterator[Issue]:
    for goal in record.goals:
        for figure in goal.figures:
            number = figure.value.number
            if number is None:
                continue
            if _is_rate_figure(figure):
                issue = _rate_figure_issue(goal, figure, number, record.funds.execution_rate)
            else:
                issue = _goal_figure_issue(goal, figure, number, record.indicators)
            if issue is not None:
                yield issue


@dataclass(frozen=True, slots=True)
class FundFigure:
    """One place a fund figure is stated: an amount or a rate."""

    figure: Amount | Percent

    @property
    def evidence(self) -> Evidence | None:
        return self.figure.evidence

    @property
    def key(self) -> str:
        """What equal figures share: amounts in 元, rates as written."""
        if isinstance(self.figure, Amount):
            return plain(self.figure.yuan)
        return as_written(self.figure.value)

    @property
    def text(self) -> str:
        """stated/computed text: amounts as written with their unit (583.18万元), rates as written."""
        return amount_text(self.figure) if isinstance(self.figure, Amount) else as_written(self.figure.value)

    @property
    def display(self) -> str:
        return amount_text(self.figure) if isinstance(self.figure, Amount) else percent_text(self.figure)

    def agrees(self, other: FundFigure) -> bool:
        if isinstance(self.figure, Amount) and isinstance(other.figure, Amount):
            return self.figure.yuan == other.figure.yuan
        if isinstance(self.figure, Percent) and isinstance(other.figure, Percent):
            return same_at_lower_precision(self.figure.value, other.figure.value)
        return True  # an amount and a rate are not the same quantity


FIELD_LABELS = {
    "budget_total": "预算数",
    "executed_total": "执行数",
    "execution_rate": "预算执行率",
    "initial_budget": "年初预算数",
}

FundKey = tuple[str, str | None]


def fund_figures(record: Record) -> dict[FundKey, list[FundFigure]]:
    """Every stated fund figure by (field, source), primary values included, in document order."""
    funds = record.funds
    primary: list[tuple[FundKey, Amount | Percent | None]] = [
        (("budget_total", None), funds.budget_total),
        (("executed_total", None), funds.executed_total),
        (("execution_rate", None), funds.execution_rate),
        (("execution_rate", None), record.score.execution_rate if record.score else None),
        (("initial_budget", None), funds.initial_budget),
    ]
    for source in funds.sources:
        primary.append((("budget_total", source.name), source.budget))
        primary.append((("executed_total", source.name), source.executed))
        primary.append((("execution_rate", source.name), source.execution_rate))
    stated = [((s.field, s.source), s.amount or s.percent) for s in funds.statements]
    groups: dict[FundKey, list[FundFigure]] = {}
    for key, figure in stated + primary:
        if figure is None:
            continue
        # The primary value usually repeats one of the statements; a repeat agrees with itself
        # and evidence lists drop repeats, so it needs no special case.
        groups.setdefault(key, []).append(FundFigure(figure))
    return {key: sorted(places, key=_position) for key, places in groups.items()}


def _position(place: FundFigure) -> tuple[int, int, int, int, int]:
    evidence = place.evidence
    if evidence is None:
        return (1, 0, 0, 0, 0)  # where it was read is unknown: after every located place
    return (0, evidence.block, evidence.row or 0, evidence.col or 0, evidence.start)


def fund_statement_issues(record: Record) -> Iterator[Issue]:
    for (field_name, source), places in fund_figures(record).items():
        first = places[0]
        differing: dict[str, list[FundFigure]] = {}
        for place in places[1:]:
            if not first.agrees(place):
                differing.setdefault(place.key, []).append(place)
        label = f"{scope_label(source)}{FIELD_LABELS.get(field_name, field_name)}"
        for others in differing.values():
            yield Issue(
                message=f"{label}前后填报不一致：先填报为{first.display}，另一处为{others[0].display}",
                stated=first.text,
                computed=others[0].text,
                evidence=evidence_of(first, *others),
            )


def _name_key(indicator: Indicator) -> str:
    return strip_punctuation(indicator.name)


def duplicate_indicator_issues(record: Record) -> Iterator[Issue]:
    """An indicator stated twice (prose and attached table) with a different target or actual."""
    groups: dict[str, list[Indicator]] = {}
    for indicator in record.indicators:
        groups.setdefault(_name_key(indicator), []).append(indicator)
    for twins in groups.values():
        first = twins[0]
        for other in twins[1:]:
            for label, mine, theirs in (
                ("指标值", first.target, other.target),
                ("全年实际完成值", first.actual, other.actual),
            ):
                if mine.number is None or theirs.number is None:
                    continue
                if not units_compatible(mine.unit, theirs.unit):
                    continue
                if _same_number(mine.number, mine.unit, theirs.number, theirs.unit):
                    continue
                yield Issue(
                    message=f"指标“{first.name}”的{label}两处填报不一致：{mine.raw}与{theirs.raw}",
                    stated=_number_text(mine.number, mine.unit, theirs.unit),
                    computed=_number_text(theirs.number, theirs.unit, mine.unit),
                    evidence=evidence_of(mine, first, theirs, other),
                )


@rule("cross_reference_mismatch", "error")
def cross_reference_mismatch(record: Record) -> Iterator[Issue]:
    """The same quantity stated in two places with different values."""
    yield from goal_figure_issues(record)
    yield from fund_statement_issues(record)
    yield from duplicate_indicator_issues(record)
    yield from part_issues(record)
