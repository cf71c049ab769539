"""Funding sources listed in prose, and which total a list belongs to.

"全年预算总额6359.55万元，其中中央财政资金3319万元、自治区财政资金1069.11万元…" — a list after a
total belongs to it (budget or executed), unless its amounts add up to the other total. A 其中 list
whose items the source vocabulary does not name ("一般项目资金1520万元，专项资金360万元…") is the
total's sources when its amounts add up to that total exactly, whatever verb introduced it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

import regex

from extractor import patterns
from extractor.extract.context import TextUnit
from extractor.extract.funds.collector import FundsCollector, amount_from, percent_from
from extractor.models import Amount, Source

_LIST_LEAD = 6  # how far into a span its 其中 may stand ("，其中：", "。其中，")


@dataclass(frozen=True, slots=True)
class Total:
    """A total stated in a paragraph: where it ends, whether budget or executed, its amount."""

    end: int
    role: str
    amount: Amount | None


def yuan_sum(amounts: Iterable[Amount | None]) -> Decimal:
    """What the amounts add up to, in yuan (the missing ones left out)."""
    return sum((amount.yuan for amount in amounts if amount is not None), start=Decimal(0))


def sources_in(folded: str, start: int, end: int) -> Iterator[regex.Match[str]]:
    """The sources named between start and end, but for those in a bracket of budget changes
    ("(年初预算…，年中追加县级配套34.40万元)": a change to the budget) and those left unspent
    ("市级资金100万元结转至2022年"): neither is a source's budget or spending."""
    changes = [(m.start(), m.end()) for m in patterns.finditer("funds.adjustment_bracket", folded, start, end)]
    for found in patterns.finditer("funds.source", folded, start, end):
        if not any(a <= found.start() < b for a, b in changes) and patterns.match(
                "funds.left_over", folded, found.end()) is None:
            yield found


def source_list(collector: FundsCollector, unit: TextUnit, start: int, end: int, role: str,
                total: Amount | None = None) -> set[int]:
    """Sources listed between start and end; returns the positions of rates consumed by them."""
    consumed: set[int] = set()
    folded = unit.folded
    found_any = False
    for found in sources_in(folded, start, end):
        found_any = True
        name = unit.text[found.start("name"):found.end("name")].strip()
        source = collector.source(name)
        after = found.end()
        executed = patterns.match("funds.source_executed_follow", folded[:end], after)
        # "中央资金2868.45万元，执行2868.45万元": an amount followed by its execution is the budget.
        field_role = _role_of(found.group("role"), "budget" if executed else role)
        amount = amount_from(unit, found)
        _assign(collector, source, field_role, amount)
        if field_role == role:
            collector.list_under(total, amount)
        if executed and field_role == "budget":
            _assign(collector, source, "executed", amount_from(unit, executed))
            after = executed.end()
        rate = patterns.match("funds.source_rate_follow", folded[:end], after)
        if rate:
            percent = percent_from(unit, rate)
            if source.execution_rate is None:
                source.execution_rate = percent
            collector.add_rate(percent, source.name)
            consumed.add(rate.start("pnum") if rate.group("pnum") else rate.start())
    if not found_any and total is not None:
        _named_list(collector, unit, start, end, role, total)
    return consumed


def _named_list(collector: FundsCollector, unit: TextUnit, start: int, end: int, role: str, total: Amount) -> None:
    """"其中：一般项目资金1520万元，专项资金360万元，绩效奖励资金1140万元" after a total of 3020万元:
    items named …资金 that add up to the total are its sources (purposes, projects and places,
    "公共数字文化建设47万元", "石家庄市780万元", are not)."""
    lead = folded_lead(unit.folded, start, end)
    if lead is None:
        return
    items = [(found, amount_from(unit, found)) for found in patterns.finditer("funds.named_source", unit.folded,
                                                                               lead, end)]
    amounts = [amount for _, amount in items if amount is not None]
    if len(amounts) < 2 or len(amounts) != len(items):
        return
    if yuan_sum(amounts) != total.yuan:
        return
    for found, amount in items:
        source = collector.source(unit.text[found.start("name"):found.end("name")].strip())
        _assign(collector, source, role, amount)
        collector.list_under(total, amount)


def folded_lead(folded: str, start: int, end: int) -> int | None:
    """Where a 其中 list begins just after `start`, or None when the span is not one."""
    at = folded.find("其中", start, min(end, start + _LIST_LEAD))
    if at < 0:
        return None
    found = patterns.match("funds.list_lead", folded, at, end)
    return found.end() if found else None


def _role_of(stated: str | None, default: str) -> str:
    if stated and stated.startswith(("执行", "支出")):
        return "executed"
    if stated and stated.startswith(("预算", "安排", "下达")):
        return "budget"
    return default


def _assign(collector: FundsCollector, source: Source, role: str, amount: Amount | None) -> None:
    if amount is None:
        return
    field = "budget_total" if role == "budget" else "executed_total"
    collector.add_amount(field, amount, source.name)
    if role == "budget" and source.budget is None:
        source.budget = amount
    elif role == "executed" and source.executed is None:
        source.executed = amount


def sources_after_totals(collector: FundsCollector, unit: TextUnit, totals: list[Total]) -> set[int]:
    """Sources listed after each total in the paragraph belong to the total just before them
    (budget or executed), unless they say their own role ("中央资金预算…，执行…")."""
    consumed: set[int] = set()
    for index, total in enumerate(totals):
        end = totals[index + 1].end if index + 1 < len(totals) else len(unit.folded)
        closing = _grand_total(unit, total.end, end)
        role = total.role if closing is not None else role_by_sum(collector, unit, total.end, end, total.role)
        if closing is not None:  # the total before the list was the share from above, not the fund's
            collector.statements = [s for s in collector.statements if s.amount is not total.amount]
            collector.add_amount("budget_total" if role == "budget" else "executed_total", closing)
        owner = closing or (total.amount if role == total.role else _first_amount(collector, role))
        consumed |= source_list(collector, unit, total.end, end, role, owner)
    return consumed


def summed_up(collector: FundsCollector, unit: TextUnit, stated: list[Total], totals: list[Total]) -> list[Total]:
    """Two or more budget figures a 合计 right after them adds up ("获得省级…专项资金150万元，区财政
    安排配套资金30万元，合计180万元") are the fund's parts, whether or not each read as a total:
    the 合计 is its total. `stated` are the paragraph's budget figures, `totals` what it states."""
    if len(stated) < 2 or any(figure.amount is None for figure in stated):
        return totals
    closing = patterns.match("funds.grand_total", unit.folded, stated[-1].end)
    amount = amount_from(unit, closing) if closing is not None else None
    if closing is None or amount is None or amount.yuan != yuan_sum(figure.amount for figure in stated):
        return totals
    parts = {figure.amount.yuan for figure in stated if figure.amount is not None}
    collector.statements = [s for s in collector.statements if not (
        s.field == "budget_total" and s.source is None and s.amount is not None and s.amount.yuan in parts)]
    collector.add_amount("budget_total", amount)
    return [Total(closing.end(), "budget", amount), *(total for total in totals if total.role != "budget")]


def _grand_total(unit: TextUnit, start: int, end: int) -> Amount | None:
    """The 合计 closing the list of sources after a total, when the list's amounts add up to it
    (the total before the list was the part that came from above: "上级下达…1,356万元，其中中央
    资金…；县级配套资金84万元；合计1,440万元")."""
    listed = [found for found in sources_in(unit.folded, start, end) if not found.group("role")]
    if len(listed) < 2:
        return None
    closing = patterns.search("funds.grand_total", unit.folded, listed[-1].end(), end)
    amounts = [amount_from(unit, found) for found in listed]
    stated = amount_from(unit, closing) if closing is not None else None
    if stated is None or any(amount is None for amount in amounts):
        return None
    return stated if yuan_sum(amounts) == stated.yuan else None


def _first_amount(collector: FundsCollector, role: str) -> Amount | None:
    stated = collector.first("budget_total" if role == "budget" else "executed_total")
    return stated.amount if stated is not None else None


def role_by_sum(collector: FundsCollector, unit: TextUnit, start: int, end: int, role: str) -> str:
    """The total a list of sources adds up to, when exactly one does; else `role`.

    "全年预算数3000万元，执行数2860万元。其中中央资金2000万元，地方资金1000万元": the list after the
    executed amount adds up to the budget, so it is the budget's."""
    amounts = [amount_from(unit, found) for found in sources_in(unit.folded, start, end) if not found.group("role")]
    if len(amounts) < 2 or any(amount is None for amount in amounts):
        return role
    total = yuan_sum(amounts)
    matching = [name for name, field in (("budget", "budget_total"), ("executed", "executed_total"))
                if (stated := collector.first(field)) is not None and stated.amount is not None
                and stated.amount.yuan == total]
    return matching[0] if len(matching) == 1 else role
