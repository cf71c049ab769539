"""Fund amounts stated in prose: totals, the execution rate, and each funding source.

"全年预算总额6359.55万元，其中中央财政资金3319万元、自治区财政资金1069.11万元…" — a list after
其中 belongs to the total named just before it (budget or executed).
"""

from __future__ import annotations

from decimal import Decimal

import regex

from extractor import patterns
from extractor.extract.context import TextUnit
from extractor.models import Amount, FundStatement, Percent, Source, SourceKind
from extractor.normalise.values import make_amount, make_percent


def source_kind(name: str) -> SourceKind:
    for key, kind in _source_kind_table():
        if key in name:
            return kind  # type: ignore[return-value]
    return "other"


def _source_kind_table() -> list[tuple[str, str]]:
    table = patterns.table("funds", "words").get("source_kinds", [])
    if not table:
        raise RuntimeError("patterns/funds.toml has no [words] source_kinds table")
    return [(str(k), str(v)) for k, v in table]


def amount_from(unit: TextUnit, found: regex.Match[str]) -> Amount | None:
    start = found.start("num")
    return make_amount(unit.text[start:found.end("unit")], found.group("num"), found.group("unit"),
                       unit.evidence(start, found.end("unit")))


def percent_from(unit: TextUnit, found: regex.Match[str]) -> Percent | None:
    start = found.start("pnum") if found.group("pnum") else found.start("pcn") - len("百分之")
    return make_percent(unit.text[start:found.end()].rstrip("以上"), found.group("pnum"), found.group("pcn"),
                        unit.evidence(start, found.end()))


class FundsCollector:
    """Accumulates fund statements in document order; the first statement of a field wins."""

    def __init__(self) -> None:
        self.statements: list[FundStatement] = []
        self.sources: list[Source] = []

    def source(self, name: str) -> Source:
        """The source of this name, or one named the same but for 财政/资金 ("省级资金" in the
        attached table is the narrative's "省级财政资金")."""
        key = _source_key(name)
        for existing in self.sources:
            if existing.name == name or _source_key(existing.name) == key:
                return existing
        created = Source(name=name, kind=source_kind(name))
        self.sources.append(created)
        return created

    def add_amount(self, field: str, amount: Amount | None, source: str | None = None) -> None:
        if amount is not None:
            self.statements.append(FundStatement(field=field, source=source, amount=amount))

    def add_rate(self, percent: Percent | None, source: str | None = None) -> None:
        if percent is not None:
            self.statements.append(FundStatement(field="execution_rate", source=source, percent=percent))

    def first(self, field: str) -> FundStatement | None:
        return next((s for s in self.statements if s.field == field and s.source is None), None)


def _source_key(name: str) -> str:
    return name.replace("财政", "").replace("资金", "").replace("其中", "").strip(":：、， ")


def _source_list(collector: FundsCollector, unit: TextUnit, start: int, end: int, role: str) -> set[int]:
    """Sources listed between start and end; returns the positions of rates consumed by them."""
    consumed: set[int] = set()
    folded = unit.folded
    for found in patterns.finditer("funds.source", folded, start, end):
        name = unit.text[found.start("name"):found.end("name")].strip()
        source = collector.source(name)
        after = found.end()
        executed = patterns.match("funds.source_executed_follow", folded[:end], after)
        # "中央资金2868.45万元，执行2868.45万元": an amount followed by its execution is the budget.
        field_role = _role_of(found.group("role"), "budget" if executed else role)
        _assign(collector, source, field_role, amount_from(unit, found))
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
    return consumed


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


def collect_prose_funds(collector: FundsCollector, unit: TextUnit) -> None:
    folded = unit.folded
    if patterns.search("funds.trigger", folded) is None:  # most paragraphs state no fund figure
        return
    totals: list[tuple[int, str]] = []
    for field, role in (("budget_total", "budget"), ("executed_total", "executed")):
        for found in patterns.finditer(f"funds.{field}", folded):
            if _sub_scope(folded, found.start()) is None:
                collector.add_amount(field, amount_from(unit, found))
                totals.append((found.end(), role))
    for found in patterns.finditer("funds.respectively", folded):
        if _sub_scope(folded, found.start()) is None:
            totals.extend(_respectively(collector, unit, found))
    consumed: set[int] = set()
    if totals:
        consumed = _sources_after_totals(collector, unit, sorted(totals))
    else:
        lead = patterns.match("funds.sources_lead", folded)
        if lead is not None:  # "（二）资金来源。其中：中央财政资金2400万元…", the totals a paragraph before
            role = _role_by_sum(collector, unit, lead.end(), len(folded), "budget")
            consumed = _source_list(collector, unit, lead.end(), len(folded), role)
    for found in patterns.finditer("funds.initial_budget", folded):
        if _sub_scope(folded, found.start()) is None:
            collector.add_amount("initial_budget", amount_from(unit, found))
    for found in patterns.finditer("funds.execution_rate", folded):
        number_at = found.start("pnum") if found.group("pnum") else found.start()
        # "预算执行率达到90%以上" is a target, not the rate achieved.
        if found.group("target") or found.group("suffix") or number_at in consumed:
            continue
        # The label may hold the source's last characters ("区级资金执行率"): look up to its end.
        # A rate's scope is its own clause: "…县级资金1987.43万元，预算执行率98.46%" is the total's.
        scope = _sub_scope(folded, found.end("label"), "。；;，,")
        if scope is None and not _part_states_own_figures(folded, found.start()):
            collector.add_rate(percent_from(unit, found))
        elif scope is not None and scope.group("source"):
            _source_rate(collector, unit, scope, found)


def _field_of_label(label: str) -> tuple[str, str]:
    if "年初" in label:
        return "initial_budget", "budget"
    if any(word in label for word in ("执行", "决算", "支出")):
        return "executed_total", "executed"
    return "budget_total", "budget"


def _respectively(collector: FundsCollector, unit: TextUnit, found: regex.Match[str]) -> list[tuple[int, str]]:
    """"年初预算数、全年预算数、全年执行数分别为500万元、520.5万元、498.3万元": pair labels and amounts
    in order; an amount written without its unit takes the unit of the last one."""
    folded = unit.folded
    labels = list(patterns.finditer("funds.respectively_label", folded, found.start(), found.start("amounts")))
    amounts = list(patterns.finditer("funds.respectively_amount", folded, found.start("amounts"), found.end()))
    if len(labels) != len(amounts) or not amounts[-1].group("unit"):
        return []
    last_unit = amounts[-1].group("unit")
    totals: list[tuple[int, str]] = []
    for label, amount in zip(labels, amounts, strict=True):
        field, role = _field_of_label(label.group(0))
        start, end = amount.start("num"), amount.end("unit") if amount.group("unit") else amount.end("num")
        collector.add_amount(field, make_amount(unit.text[start:end], amount.group("num"),
                                                amount.group("unit") or last_unit, unit.evidence(start, end)))
        if field != "initial_budget":
            totals.append((found.end(), role))
    return totals[-1:]  # a 其中 list after it belongs to the last total named


_WHOLE_FUND_WORDS = ("全部为", "全部是", "均为", "均是", "全额为", "全部来自", "均来自", "全部系")


def _sub_scope(folded: str, label_start: int, bounds: str = "。；;") -> regex.Match[str] | None:
    """The last part-scope word ("其中", "基本支出", a source) earlier in the label's sentence
    (or clause, with bounds that include the comma)."""
    sentence_start = max(folded.rfind(c, 0, label_start) for c in bounds) + 1
    scopes = [scope for scope in patterns.finditer("funds.sub_scope", folded, sentence_start, label_start)
              if not _whole_fund(folded, scope.start())]
    return scopes[-1] if scopes else None


def _whole_fund(folded: str, start: int) -> bool:
    """"全年预算18500万元，全部为中央财政资金，全年执行…": a source the whole fund comes from
    names no part of it."""
    return folded[max(0, start - 4):start].endswith(_WHOLE_FUND_WORDS)


def _part_states_own_figures(folded: str, rate_start: int) -> bool:
    """"其中，基本支出年初预算…，决算支出2390.45万元，执行率99.66%；项目支出…": a rate after a
    spending part (基本支出, 项目支出) that states its own budget or executed amount is the part's."""
    part = _sub_scope(folded, rate_start)
    if part is None or part.group("source") or part.group(0) == "其中":
        return False
    return any(patterns.search(f"funds.{field}", folded, part.end(), rate_start) is not None
               for field in ("budget_total", "executed_total", "initial_budget"))


def _source_rate(collector: FundsCollector, unit: TextUnit, scope: regex.Match[str],
                 found: regex.Match[str]) -> None:
    """"区级资金执行率为84.83%": the rate of that source, not of the total; it is kept as a
    statement of the listed source of the same kind (a mention alone adds no source)."""
    kind = source_kind(unit.text[scope.start("source"):scope.end("source")])
    source = next((s for s in collector.sources if s.kind == kind), None)
    if source is not None:
        collector.add_rate(percent_from(unit, found), source.name)


def _sources_after_totals(collector: FundsCollector, unit: TextUnit, totals: list[tuple[int, str]]) -> set[int]:
    """Sources listed after each total in the paragraph belong to the total just before them
    (budget or executed), unless they say their own role ("中央资金预算…，执行…")."""
    consumed: set[int] = set()
    for index, (start, role) in enumerate(totals):
        end = totals[index + 1][0] if index + 1 < len(totals) else len(unit.folded)
        consumed |= _source_list(collector, unit, start, end, _role_by_sum(collector, unit, start, end, role))
    return consumed


def _role_by_sum(collector: FundsCollector, unit: TextUnit, start: int, end: int, role: str) -> str:
    """The total a list of sources adds up to, when exactly one does; else `role`.

    "全年预算数3000万元，执行数2860万元。其中中央资金2000万元，地方资金1000万元": the list after the
    executed amount adds up to the budget, so it is the budget's."""
    amounts = [amount_from(unit, found) for found in patterns.finditer("funds.source", unit.folded, start, end)
               if not found.group("role")]
    if len(amounts) < 2 or any(amount is None for amount in amounts):
        return role
    total = sum((amount.yuan for amount in amounts if amount is not None), start=Decimal(0))
    matching = [name for name, field in (("budget", "budget_total"), ("executed", "executed_total"))
                if (stated := collector.first(field)) is not None and stated.amount is not None
                and stated.amount.yuan == total]
    return matching[0] if len(matching) == 1 else role
