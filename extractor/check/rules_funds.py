"""Rules over the fund figures: execution rates, source sums, over-execution.

Every fund figure belongs to a scope: the total (资金总额) or one funding source. A rate is
always checked against the amounts of its own scope.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from extractor.check.registry import Issue, evidence_of, rule
from extractor.check.wording import amount_text, yuan_in_unit_of
from extractor.models import Amount, Percent, Record, Source, SourceKind
from extractor.rates import percent_of
from extractor.rounding import HUNDRED, as_written


@dataclass(slots=True)
class FundScope:
    source: str | None  # None: the total
    budget: Amount | None
    executed: Amount | None
    rates: list[Percent] = field(default_factory=list)

    @property
    def rate_label(self) -> str:
        return "预算执行率" if self.source is None else f"{self.source}执行率"

    @property
    def amount_label(self) -> str:
        return "" if self.source is None else self.source

    def rate(self, like: Decimal | None = None) -> Decimal | None:
        """executed / budget × 100 from the amounts in 元, rounded like the stated rate `like` (two
        decimals without one); None when either amount is missing or the budget is not above zero."""
        if self.budget is None or self.executed is None:
            return None
        return percent_of(self.executed.yuan, self.budget.yuan, like)

    @property
    def how(self) -> str:
        """How the rate was computed, for messages (empty without both amounts)."""
        if self.budget is None or self.executed is None:
            return ""
        return f"按执行数{amount_text(self.executed)}÷预算数{amount_text(self.budget)}计算"


def fund_scopes(record: Record) -> list[FundScope]:
    """The total and every source, each with all the rates stated for it anywhere."""
    funds = record.funds
    total = FundScope(None, funds.budget_total, funds.executed_total)
    total.rates.extend(p for p in (funds.execution_rate, record.score and record.score.execution_rate) if p)
    scopes = [total]
    by_name: dict[str | None, FundScope] = {None: total}
    for source in funds.sources:
        scope = FundScope(source.name, source.budget, source.executed)
        if source.execution_rate is not None:
            scope.rates.append(source.execution_rate)
        scopes.append(scope)
        by_name.setdefault(source.name, scope)
    for statement in funds.statements:
        target = by_name.get(statement.source)
        if statement.field == "execution_rate" and statement.percent is not None and target is not None:
            target.rates.append(statement.percent)
    return scopes


def rates_by_written_value(rates: list[Percent]) -> dict[str, list[Percent]]:
    """Stated rates grouped by their digits, so a rate repeated in several places is one finding."""
    groups: dict[str, list[Percent]] = {}
    for percent in rates:
        groups.setdefault(as_written(percent.value), []).append(percent)
    return groups


@rule("execution_rate_mismatch", "error")
def execution_rate_mismatch(record: Record) -> Iterator[Issue]:
    """A stated execution rate that is not executed / budget of its scope at the stated precision."""
    for scope in fund_scopes(record):
        if scope.rate() is None:
            yield from _rate_of_nothing(scope)
            continue
        for written, places in rates_by_written_value(scope.rates).items():
            stated = places[0].value
            recomputed = scope.rate(like=stated)
            if recomputed is None or recomputed == stated:
                continue
            computed = as_written(recomputed)
            yield Issue(
                message=f"{scope.rate_label}填报为{written}%，{scope.how}应为{computed}%",
                stated=written,
                computed=computed,
                evidence=evidence_of(*places, scope.executed, scope.budget),
            )


def _rate_of_nothing(scope: FundScope) -> Iterator[Issue]:
    """A rate stated for money spent out of a budget of 0 or less ("年度资金总额 0 | 480 | 100%"): no
    rate exists (`extractor.rates`), so the stated one cannot be right (0 spent of 0 states nothing)."""
    if scope.budget is None or scope.executed is None or scope.budget.yuan > 0 or scope.executed.yuan == 0:
        return
    for written, places in rates_by_written_value(scope.rates).items():
        yield Issue(
            message=(f"{scope.rate_label}填报为{written}%，但预算数为{amount_text(scope.budget)}、执行数为"
                     f"{amount_text(scope.executed)}，无法得出该执行率"),
            stated=written, computed=None, evidence=evidence_of(*places, scope.executed, scope.budget))


@rule("rate_over_100", "warning")
def rate_over_100(record: Record) -> Iterator[Issue]:
    """A stated rate above 100%, or else executed above budget, per scope (one finding each)."""
    for scope in fund_scopes(record):
        over = {w: p for w, p in rates_by_written_value(scope.rates).items() if p[0].value > HUNDRED}
        rate = scope.rate()
        for written, places in over.items():
            computed = None if rate is None else as_written(rate)
            detail = "" if rate is None else f"（{scope.how}为{computed}%）"
            yield Issue(
                message=f"{scope.rate_label}填报为{written}%，超过100%{detail}",
                stated=written,
                computed=computed,
                evidence=evidence_of(*places, scope.executed, scope.budget),
            )
        if over or scope.budget is None or scope.executed is None:
            continue
        if scope.executed.yuan > scope.budget.yuan:
            yield Issue(
                message=(
                    f"{scope.amount_label}执行数{amount_text(scope.executed)}"
                    f"超过预算数{amount_text(scope.budget)}"
                ),
                stated=amount_text(scope.executed),
                computed=amount_text(scope.budget),
                evidence=evidence_of(scope.executed, scope.budget),
            )


# Two ways reports split a total: by budget type and by government level. 其他资金 belongs to
# whichever split it is listed with; when a report lists both splits its place is ambiguous.
BUDGET_TYPE_KINDS: frozenset[SourceKind] = frozenset({"current_year", "carry_over"})
SUB_LEVEL_KINDS: frozenset[SourceKind] = frozenset({"provincial", "municipal", "county", "municipal_county"})


@dataclass(slots=True)
class Partition:
    """Sources that should add up to a parent (the total, or 地方资金); any alternative may."""

    parent: Source | None  # None: the total
    alternatives: list[list[Source]]


def _of_kinds(sources: list[Source], kinds: frozenset[SourceKind]) -> list[Source]:
    return [source for source in sources if source.kind in kinds]


def source_partitions(sources: list[Source]) -> list[Partition]:
    """The splits of the total the sources form (and 地方资金 into 省/市/县 when both are listed).

    Sources are taken to be exhaustive: a split listing 中央 and 地方 must add up to the total.
    """
    others = _of_kinds(sources, frozenset({"other"}))
    budget_types = _of_kinds(sources, BUDGET_TYPE_KINDS)
    locals_ = _of_kinds(sources, frozenset({"local"}))
    sub_levels = _of_kinds(sources, SUB_LEVEL_KINDS)
    central = _of_kinds(sources, frozenset({"central"}))
    level_ids = {id(source) for source in central + (locals_ or sub_levels)}
    levels = [source for source in sources if id(source) in level_ids]

    def with_others(members: list[Source]) -> list[Source]:
        """The members and every 其他资金 source, in document order."""
        wanted = {id(source) for source in members + others}
        return [source for source in sources if id(source) in wanted]

    partitions: list[Partition] = []
    if budget_types and levels:
        partitions.append(Partition(None, [with_others(budget_types), budget_types]))
        partitions.append(Partition(None, [with_others(levels), levels]))
    elif budget_types or levels:
        partitions.append(Partition(None, [with_others(budget_types or levels)]))
    elif others:
        partitions.append(Partition(None, [others]))
    if len(locals_) == 1 and sub_levels:
        partitions.append(Partition(locals_[0], [sub_levels]))
    return partitions


AmountOf = Callable[[Source], Amount | None]


def _stated_amounts(members: list[Source], amount_of: AmountOf) -> list[tuple[Source, Amount]] | None:
    """Each member with its amount; None when any member leaves it out (nothing to compare)."""
    pairs = [(member, amount_of(member)) for member in members]
    stated = [(member, amount) for member, amount in pairs if amount is not None]
    return stated if len(stated) == len(pairs) >= 2 else None


def _sum_mismatches(
    parent: Amount, partition: Partition, amount_of: AmountOf, label: str, parent_label: str
) -> Iterator[Issue]:
    """One issue when no alternative of the partition adds up to the parent, exactly in 元."""
    alternatives = [_stated_amounts(members, amount_of) for members in partition.alternatives]
    comparable = [pairs for pairs in alternatives if pairs is not None]
    sums = [sum((amount.yuan for _, amount in pairs), start=Decimal(0)) for pairs in comparable]
    if not comparable or parent.yuan in sums:
        return
    pairs, total = comparable[0], sums[0]
    terms = "+".join(f"{member.name}{amount_text(amount)}" for member, amount in pairs)
    yield Issue(
        message=(
            f"{parent_label}{label}填报为{amount_text(parent)}，{terms}合计为"
            f"{yuan_in_unit_of(total, parent)}（相差{yuan_in_unit_of(total - parent.yuan, parent)}）"
        ),
        stated=amount_text(parent),
        computed=yuan_in_unit_of(total, parent),
        evidence=evidence_of(parent, *(amount for _, amount in pairs)),
    )


def _budget(source: Source) -> Amount | None:
    return source.budget


def _executed(source: Source) -> Amount | None:
    return source.executed


@rule("sources_sum_mismatch", "error")
def sources_sum_mismatch(record: Record) -> Iterator[Issue]:
    """Sources that do not add up to their total, budget and executed checked separately; the
    sources of each part of the fund (Funds.parts) against that part's total too."""
    funds = record.funds
    scopes = [(funds.sources, funds.budget_total, funds.executed_total, "资金总额"),
              *((part.sources, part.budget_total, part.executed_total, part.name) for part in funds.parts)]
    for sources, budget_total, executed_total, scope_label in scopes:
        for partition in source_partitions(sources):
            for amount_of, total, label in (
                (_budget, budget_total, "预算数"),
                (_executed, executed_total, "执行数"),
            ):
                parent = total if partition.parent is None else amount_of(partition.parent)
                parent_label = scope_label if partition.parent is None else partition.parent.name
                if parent is not None:
                    yield from _sum_mismatches(parent, partition, amount_of, label, parent_label)
        for amount_of, total, label in ((_budget, budget_total, "预算数"), (_executed, executed_total, "执行数")):
            yield from _part_over_whole(sources, total, amount_of, label, scope_label)


def _part_over_whole(sources: list[Source], total: Amount | None, amount_of: AmountOf, label: str,
                     scope_label: str) -> Iterator[Issue]:
    """A source larger than the whole it is part of ("年度资金总额 0" beside "其中：中央资金 86"),
    which a sum cannot show when the report lists that source alone."""
    if total is None or len(sources) != 1:
        return
    part = amount_of(sources[0])
    if part is None or part.yuan <= total.yuan:
        return
    yield Issue(
        message=(f"{scope_label}{label}填报为{amount_text(total)}，其中{sources[0].name}为{amount_text(part)}，"
                 f"分项超过总额"),
        stated=amount_text(total), computed=amount_text(part), evidence=evidence_of(total, part))
