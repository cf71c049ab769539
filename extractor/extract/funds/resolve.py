"""The funds a record reports, from every statement collected in document order.

The first statement of a figure is the one reported, with two exceptions a reader would make:
- a total whose 其中 list adds up to it outranks an earlier total that states just one of
  that list's amounts ("收到中央下达…1372.7万元" before "收到财政资金共2330.9万元，其中：中央资金
  1372.7万元…"): the earlier one was a source's share, and is kept as that source's statement;
- a fund that comes from one source whole executes what that source executes, when the report
  states the execution only for the source ("投入中央直达资金29.6万，执行数29.6万").
"""

from __future__ import annotations

from decimal import Decimal

from extractor.extract.funds.collector import FundsCollector
from extractor.models import Amount, Funds, FundStatement, Source


def _confirmed(collector: FundsCollector, amount: Amount) -> bool:
    parts = collector.listed.get(id(amount), [])
    return len(parts) >= 2 and sum((part.yuan for part in parts), start=Decimal(0)) == amount.yuan


def _total_statements(collector: FundsCollector, field: str) -> list[FundStatement]:
    return [s for s in collector.statements if s.field == field and s.source is None and s.amount is not None]


def _reassign_shares(collector: FundsCollector, field: str) -> FundStatement | None:
    """The total of `field`, earlier totals that were a source's share given to that source."""
    totals = _total_statements(collector, field)
    if not totals:
        return None
    confirmed = next((s for s in totals if s.amount is not None and _confirmed(collector, s.amount)), None)
    if confirmed is None or confirmed is totals[0] or confirmed.amount is None:
        return totals[0]
    parts = collector.listed[id(confirmed.amount)]
    earlier = totals[:totals.index(confirmed)]
    if not all(s.amount is not None and any(s.amount.yuan == part.yuan for part in parts) for s in earlier):
        return totals[0]
    for statement in earlier:
        share = next(part for part in parts if statement.amount is not None and part.yuan == statement.amount.yuan)
        statement.source = next((s.name for s in collector.sources if s.budget is share or s.executed is share),
                                None)
    return confirmed


def _whole_source(collector: FundsCollector, budget: Amount | None) -> Source | None:
    """The one source the whole budget comes from, if the report lists just that one."""
    if budget is None or len(collector.sources) != 1:
        return None
    only = collector.sources[0]
    if only.budget is None or only.budget.yuan != budget.yuan:
        return None
    return only


def funds_of(collector: FundsCollector) -> Funds:
    budget = _reassign_shares(collector, "budget_total")
    executed = _reassign_shares(collector, "executed_total")
    initial = collector.first("initial_budget")
    rate = collector.first("execution_rate")
    budget_amount = budget.amount if budget else None
    whole = _whole_source(collector, budget_amount)
    executed_amount = executed.amount if executed else (whole.executed if whole else None)
    percent = rate.percent if rate else (whole.execution_rate if whole and executed is None else None)
    return Funds(budget_total=budget_amount, executed_total=executed_amount, execution_rate=percent,
                 initial_budget=initial.amount if initial else None,
                 sources=collector.sources, parts=collector.parts, statements=collector.statements)
