"""Rules about figures a self-evaluation must state at all."""

from __future__ import annotations

from collections.abc import Iterator

from extractor.check.registry import Issue, rule
from extractor.models import Record


@rule("missing_core_figure", "warning")
def missing_core_figure(record: Record) -> Iterator[Issue]:
    """No 全年预算数, no 全年执行数, or no indicator at all: the report cannot be checked fully."""
    funds = record.funds
    if funds.budget_total is None:
        yield Issue(message="未找到全年预算数（预算总额）", stated="budget_total")
    if funds.executed_total is None:
        yield Issue(message="未找到全年执行数（实际执行金额）", stated="executed_total")
    if not record.indicators:
        yield Issue(message="未找到任何绩效指标", stated="indicators")
