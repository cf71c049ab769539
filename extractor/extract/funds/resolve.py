"""The funds a record reports, from every statement collected in document order.

The first statement of a figure is the one reported, with the exceptions a reader would make:
- a total whose 其中 list adds up to it outranks an earlier total that states just one of
  that list's amounts ("收到中央下达…1372.7万元" before "收到财政资金共2330.9万元，其中：中央资金
  1372.7万元…"): the earlier one was a source's share, and is kept as that source's statement;
- a fund that comes from one source whole executes what that source executes, when the report
  states the execution only for the source ("投入中央直达资金29.6万，执行数29.6万");
- when the narrative and a table state a total differently (the narrative's 实际支出1,274.56万元,
  the attached table's 全年执行数 1247.56) and the table's figure is the one the sources add up to,
  the table is the report's own accounting and is reported; the narrative's is kept among the
  statements, so the checker's cross-reference names both. A first statement the sources confirm
  (a table's slip: e08's total row), sources that confirm neither, or two prose statements keep
  document order;
- when a total is stated twice differently and only the other statement makes the stated
  execution rate come out (section 一's 2,874.60万元, the funds section's 2,847.60万元 beside
  实际支出2,790.35万元 and 执行率97.99%), the report's own arithmetic says which one it used, and
  that one is reported; the other stays among the statements for the cross-reference.
"""

from __future__ import annotations

from decimal import Decimal

from extractor.extract.funds.collector import FundsCollector
from extractor.extract.funds.sources import yuan_sum
from extractor.models import Amount, Funds, FundStatement, Percent, Source
from extractor.rates import percent_of


def _confirmed(collector: FundsCollector, amount: Amount) -> bool:
    parts = collector.listed.get(id(amount), [])
    return len(parts) >= 2 and yuan_sum(parts) == amount.yuan


def _total_statements(collector: FundsCollector, field: str) -> list[FundStatement]:
    return [s for s in collector.statements if s.field == field and s.source is None and s.amount is not None]


def _reassign_shares(collector: FundsCollector, field: str) -> FundStatement | None:
    """The total of `field`, earlier totals that were a source's share given to that source."""
    totals = _total_statements(collector, field)
    if not totals:
        return None
    confirmed = next((s for s in totals if s.amount is not None and _confirmed(collector, s.amount)), None)
    if confirmed is None:
        confirmed = _summed_by_sources(collector, field, totals)
    if confirmed is None or confirmed is totals[0] or confirmed.amount is None:
        return totals[0]
    parts = collector.listed.get(id(confirmed.amount)) or _source_figures(collector, field)
    earlier = totals[:totals.index(confirmed)]
    if not all(s.amount is not None and any(s.amount.yuan == part.yuan for part in parts) for s in earlier):
        return totals[0]
    for statement in earlier:
        share = next(part for part in parts if statement.amount is not None and part.yuan == statement.amount.yuan)
        statement.source = next((s.name for s in collector.sources if s.budget is share or s.executed is share),
                                None)
    return confirmed


_SOURCE_FIGURE = {"budget_total": "budget", "executed_total": "executed"}


def _source_figures(collector: FundsCollector, field: str) -> list[Amount]:
    return [amount for source in collector.sources if (amount := getattr(source, _SOURCE_FIGURE[field])) is not None]


def _summed_by_sources(collector: FundsCollector, field: str, totals: list[FundStatement]) -> FundStatement | None:
    """The statement of the total that every source's figure adds up to (a table's 年度资金总额
    after the narrative stated the central share: "自治区下达我旗中央财政…资金4,512.36万元")."""
    total = _sources_sum(collector, field)
    return next((s for s in totals if total is not None and s.amount is not None and s.amount.yuan == total), None)


def _sources_sum(collector: FundsCollector, field: str) -> Decimal | None:
    """What the sources' figures for a total add up to, when two or more state one each."""
    amounts = [getattr(source, _SOURCE_FIGURE[field]) for source in collector.sources]
    if len(amounts) < 2 or any(amount is None for amount in amounts):
        return None
    return yuan_sum(amounts)


def _confirmed_by_sources(collector: FundsCollector, field: str,
                          chosen: FundStatement | None) -> FundStatement | None:
    """A table's statement of the total the sources add up to, when the chosen one is prose that
    is not that."""
    if chosen is None or chosen.amount is None or _in_table(chosen.amount):
        return chosen
    total = _sources_sum(collector, field)
    if total is None or chosen.amount.yuan == total:
        return chosen
    agreeing = (s for s in _total_statements(collector, field)
                if s.amount is not None and _in_table(s.amount) and s.amount.yuan == total)
    return next(agreeing, chosen)


def _in_table(amount: Amount) -> bool:
    """Whether a table's cell states the amount (its evidence names a row)."""
    return amount.evidence is not None and amount.evidence.row is not None


def _whole_source(collector: FundsCollector, budget: Amount | None) -> Source | None:
    """The one source the whole budget comes from, if the report lists just that one."""
    if budget is None or len(collector.sources) != 1:
        return None
    only = collector.sources[0]
    if only.budget is None or only.budget.yuan != budget.yuan:
        return None
    return only


def _gives_rate(budget: FundStatement | None, executed: FundStatement | None, rate: Percent) -> bool:
    if budget is None or executed is None or budget.amount is None or executed.amount is None:
        return False
    return percent_of(executed.amount.yuan, budget.amount.yuan, like=rate.value) == rate.value


def _agreeing_with_rate(collector: FundsCollector, budget: FundStatement | None, executed: FundStatement | None,
                        rate: FundStatement | None) -> tuple[FundStatement | None, FundStatement | None]:
    """The budget and executed totals, one of them replaced by its other statement when only that
    one gives the stated rate (see the module's docstring)."""
    if rate is None or rate.percent is None or budget is None or executed is None \
            or _gives_rate(budget, executed, rate.percent):
        return budget, executed
    percent = rate.percent
    pairs = [(other, executed) for other in _differing(collector, "budget_total", budget)]
    pairs += [(budget, other) for other in _differing(collector, "executed_total", executed)]
    agreeing = [pair for pair in pairs if _gives_rate(*pair, percent)]
    return agreeing[0] if len(agreeing) == 1 else (budget, executed)


def _differing(collector: FundsCollector, field: str, chosen: FundStatement) -> list[FundStatement]:
    """The total's other statements, one per amount the chosen one does not state."""
    seen = {chosen.amount.yuan if chosen.amount is not None else None}
    others = []
    for statement in _total_statements(collector, field):
        if statement.amount is not None and statement.amount.yuan not in seen:
            seen.add(statement.amount.yuan)
            others.append(statement)
    return others


def funds_of(collector: FundsCollector) -> Funds:
    budget = _confirmed_by_sources(collector, "budget_total", _reassign_shares(collector, "budget_total"))
    executed = _confirmed_by_sources(collector, "executed_total", _reassign_shares(collector, "executed_total"))
    rate = collector.first("execution_rate")
    budget, executed = _agreeing_with_rate(collector, budget, executed, rate)
    initial = collector.first("initial_budget")
    budget_amount = budget.amount if budget else None
    whole = _whole_source(collector, budget_amount)
    executed_amount = executed.amount if executed else (whole.executed if whole else None)
    percent = rate.percent if rate else (whole.execution_rate if whole and executed is None else None)
    return Funds(budget_total=budget_amount, executed_total=executed_amount, execution_rate=percent,
                 initial_budget=initial.amount if initial else None,
                 sources=collector.sources, parts=collector.parts, statements=collector.statements)
