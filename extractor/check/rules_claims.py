"""Rules weighing prose claims (完成 claims, 偏差 explanations) against the indicators."""

from __future__ import annotations

from collections.abc import Iterator

from extractor import patterns
from extractor.check.registry import Issue, evidence_of, rule
from extractor.models import Indicator, Record, Statement
from extractor.names import best_match, mentions, strip_punctuation


def reason_says_met(reason: str) -> bool:
    """A reason column that only says the target was reached is not a deviation reason."""
    return bool(patterns.search("statements.reason_says_met", reason)) and not patterns.search(
        "statements.reason_says_unmet", reason)


def _level_names(indicator: Indicator) -> set[str]:
    names = {level for level in (indicator.level1, indicator.level2) if level}
    return names | {name.removesuffix("指标") for name in names}


def claimed_indicators(claim: Statement, indicators: list[Indicator]) -> list[Indicator]:
    """The indicators a completion claim is about: all, one level (产出指标), or one named."""
    if claim.subject is None:
        return list(indicators)
    subject = strip_punctuation(claim.subject)
    in_level = [indicator for indicator in indicators if subject in _level_names(indicator)]
    if in_level:
        return in_level
    named = best_match(claim.subject, indicators, lambda indicator: indicator.name)
    return [named] if named is not None else []


def shortfall_names(statement: Statement, indicator: Indicator) -> bool:
    """Whether a 偏差 explanation is about this indicator."""
    return mentions(statement.subject or statement.text, indicator.name)


def _shortfalls(record: Record) -> list[Statement]:
    return [statement for statement in record.statements if statement.kind == "shortfall"]


def _figures(indicator: Indicator) -> str:
    return f"指标值{indicator.target.raw or '（空）'}，实际完成值{indicator.actual.raw or '（空）'}"


@rule("false_completion_claim", "error")
def false_completion_claim(record: Record) -> Iterator[Issue]:
    """A claim that all (or the named) indicators were completed while some are unmet."""
    for claim in record.statements:
        if claim.kind != "completion_claim":
            continue
        unmet = [i for i in claimed_indicators(claim, record.indicators) if i.met is False]
        if not unmet:
            continue
        listed = "；".join(f"“{indicator.name}”（{_figures(indicator)}）" for indicator in unmet)
        yield Issue(
            message=f"报告称“{claim.text}”，但有{len(unmet)}项指标未完成：{listed}",
            stated=claim.text,
            computed=str(len(unmet)),
            evidence=evidence_of(claim, *unmet),
        )


@rule("unmet_without_reason", "warning")
def unmet_without_reason(record: Record) -> Iterator[Issue]:
    """An unmet indicator with no deviation reason, in its row or in any 偏差 explanation."""
    shortfalls = _shortfalls(record)
    for indicator in record.indicators:
        if indicator.met is not False or indicator.deviation_reason is not None:
            continue
        if any(shortfall_names(statement, indicator) for statement in shortfalls):
            continue
        yield Issue(
            message=f"“{indicator.name}”未完成（{_figures(indicator)}），未说明偏差原因",
            stated=indicator.actual.raw,
            computed=indicator.target.raw,
            evidence=evidence_of(indicator, indicator.actual, indicator.target),
        )


@rule("unmet_reason_for_met", "info")
def unmet_reason_for_met(record: Record) -> Iterator[Issue]:
    """A deviation reason on a met indicator, or a 偏差 explanation naming no indicator at all."""
    for indicator in record.indicators:
        reason = indicator.deviation_reason
        if indicator.met is not True or reason is None or reason_says_met(reason):
            continue
        yield Issue(
            message=f"“{indicator.name}”已完成（{_figures(indicator)}），却填写了偏差原因：{reason}",
            stated=indicator.actual.raw,
            computed=indicator.target.raw,
            evidence=evidence_of(indicator, indicator.actual, indicator.target),
        )
    for statement in _shortfalls(record):
        named = [indicator for indicator in record.indicators if shortfall_names(statement, indicator)]
        subject = statement.subject or statement.text
        if not named:
            yield Issue(
                message=f"偏差说明“{subject}”未对应任何绩效指标",
                stated=subject,
                computed=None,
                evidence=evidence_of(statement),
            )
            continue
        met = [indicator for indicator in named if indicator.met is True and indicator.deviation_reason is None]
        if len(met) == len(named):  # it explains a shortfall of an indicator that was met
            yield Issue(
                message=f"“{met[0].name}”已完成（{_figures(met[0])}），偏差说明却称“{subject}”",
                stated=met[0].actual.raw,
                computed=met[0].target.raw,
                evidence=evidence_of(statement, met[0], met[0].actual, met[0].target),
            )
