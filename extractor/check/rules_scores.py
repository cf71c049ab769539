"""Rules over a scored 项目支出 table: the total, each score against its 分值 (and an unmet
indicator given all of it), the execution row."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from extractor.check.registry import Issue, evidence_of, rule
from extractor.models import Record
from extractor.rates import decimals_of, round_half_up
from extractor.rounding import HUNDRED, agrees_with, as_written, plain, recomputed_like


@rule("score_sum_mismatch", "error")
def score_sum_mismatch(record: Record) -> Iterator[Issue]:
    """The stated 总分 against the execution row's score plus every indicator's score.

    Only a scored table is checked: a stated total and at least one scored indicator.
    """
    score = record.score
    scored = [indicator for indicator in record.indicators if indicator.score is not None]
    if score is None or score.total is None or not scored:
        return
    items = [indicator.score for indicator in scored if indicator.score is not None]
    if score.execution_score is not None:
        items.append(score.execution_score)
    total = sum(items, start=Decimal(0))
    if agrees_with(score.total, total):
        return
    execution = (
        "" if score.execution_score is None else f"预算执行率得分{as_written(score.execution_score)}与"
    )
    yield Issue(
        message=f"总分填报为{as_written(score.total)}，按{execution}{len(scored)}项指标得分之和计算为{plain(total)}",
        stated=as_written(score.total),
        computed=plain(total),
        evidence=evidence_of(score, *scored),
    )


@rule("score_exceeds_max", "error")
def score_exceeds_max(record: Record) -> Iterator[Issue]:
    """Any 得分 above its 分值: each indicator, the execution row and the total."""
    for indicator in record.indicators:
        got, most = indicator.score, indicator.max_score
        if got is not None and most is not None and got > most:
            yield Issue(
                message=(f"“{indicator.name}”得分{as_written(got)}超过分值{as_written(most)}"),
                stated=as_written(got),
                computed=as_written(most),
                evidence=evidence_of(indicator),
            )
    score = record.score
    if score is None:
        return
    for label, got, most in (
        ("预算执行率", score.execution_score, score.execution_max),
        ("总分", score.total, score.total_max),
    ):
        if got is not None and most is not None and got > most:
            yield Issue(
                message=f"{label}得分{as_written(got)}超过分值{as_written(most)}",
                stated=as_written(got),
                computed=as_written(most),
                evidence=evidence_of(score),
            )


@rule("unmet_full_score", "warning")
def unmet_full_score(record: Record) -> Iterator[Issue]:
    """An indicator that fell short of its target yet was awarded its whole 分值."""
    for indicator in record.indicators:
        got, most = indicator.score, indicator.max_score
        if indicator.met is False and got is not None and most is not None and most > 0 and got >= most:
            yield Issue(
                message=(f"“{indicator.name}”未完成（指标值{indicator.target.raw}，实际完成值"
                         f"{indicator.actual.raw}），却得满分{as_written(got)}"),
                stated=as_written(got),
                computed=as_written(most),
                evidence=evidence_of(indicator),
            )


# Scores are given to two decimals: a whole 得分 (10) for a rate that gives 9.78 is worth a look.
_SCORE_DECIMALS = 2


def _whole_hides_fraction(stated: Decimal, exact: Decimal) -> bool:
    """A score written as a whole number where the rate gives a fraction that rounds to it."""
    return decimals_of(stated) == 0 and round_half_up(exact, _SCORE_DECIMALS) != stated


@rule("execution_score_mismatch", "warning")
def execution_score_mismatch(record: Record) -> Iterator[Issue]:
    """The execution row's 得分 against min(执行率 / 100 × 分值, 分值) at the 得分's decimals.

    The rate is the one stated on the score row, else the funds' stated rate: the scorer used a
    stated rate, not the unrounded ratio.
    """
    score = record.score
    if score is None or score.execution_score is None or score.execution_max is None:
        return
    rate = score.execution_rate or record.funds.execution_rate
    if rate is None:
        return
    exact = min(rate.value / HUNDRED * score.execution_max, score.execution_max)
    stated = as_written(score.execution_score)
    if agrees_with(score.execution_score, exact):
        if not _whole_hides_fraction(score.execution_score, exact):
            return
        computed = as_written(round_half_up(exact, _SCORE_DECIMALS))
        rounded = "（得分填报为整数，请核对是否按规定取整）"
    else:
        computed, rounded = as_written(recomputed_like(score.execution_score, exact)), ""
    yield Issue(
        message=(
            f"预算执行率得分填报为{stated}，按执行率{as_written(rate.value)}%×分值"
            f"{as_written(score.execution_max)}计算应为{computed}{rounded}"
        ),
        stated=stated,
        computed=computed,
        evidence=evidence_of(score, rate),
    )
