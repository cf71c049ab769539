"""Rules over a single indicator's own figures."""

from __future__ import annotations

from collections.abc import Iterator

from extractor.check.registry import Issue, evidence_of, rule
from extractor.check.units import comparable, units_compatible
from extractor.models import Record
from extractor.rates import percent_of
from extractor.rounding import as_written


@rule("completion_rate_mismatch", "error")
def completion_rate_mismatch(record: Record) -> Iterator[Issue]:
    """A stated 完成率 that is not actual / target × 100 at the stated precision."""
    for indicator in record.indicators:
        stated = indicator.completion_rate
        target, actual = indicator.target, indicator.actual
        if stated is None or target.number is None or actual.number is None:
            continue
        if not units_compatible(target.unit, actual.unit):
            continue
        recomputed = percent_of(
            comparable(actual.number, actual.unit, target.unit),
            comparable(target.number, target.unit, actual.unit),
            like=stated.value,
        )
        if recomputed is None or recomputed == stated.value:
            continue
        written, computed = as_written(stated.value), as_written(recomputed)
        yield Issue(
            message=(
                f"“{indicator.name}”完成率填报为{written}%，"
                f"按实际完成值{actual.raw}÷指标值{target.raw}计算应为{computed}%"
            ),
            stated=written,
            computed=computed,
            evidence=evidence_of(stated, actual, target, indicator),
        )
