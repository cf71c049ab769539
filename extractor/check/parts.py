"""The parts of a fund against the whole: part totals add up to the total, and each source's share
across the parts adds up to that source's figure in the whole ("市级资金 343.00" in the 合计 block,
208.00 + 136.00 in the two parts)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from extractor.check.registry import Issue, evidence_of
from extractor.check.wording import amount_text, yuan_in_unit_of
from extractor.models import Amount, FundPart, Record, Source


def _sum(amounts: list[Amount]) -> Decimal:
    return sum((amount.yuan for amount in amounts), start=Decimal(0))


def _mismatch(whole: Amount, shares: list[tuple[FundPart, Amount]], label: str) -> Issue | None:
    total = _sum([amount for _, amount in shares])
    if total == whole.yuan:
        return None
    terms = "+".join(f"{part.name}{amount_text(amount)}" for part, amount in shares)
    return Issue(
        message=(f"{label}在合计中填报为{amount_text(whole)}，各分项（{terms}）合计为"
                 f"{yuan_in_unit_of(total, whole)}（相差{yuan_in_unit_of(total - whole.yuan, whole)}）"),
        stated=amount_text(whole), computed=yuan_in_unit_of(total, whole),
        evidence=evidence_of(whole, *(amount for _, amount in shares)))


def _share(part: FundPart, source: Source) -> Amount | None:
    same = [s for s in part.sources if s.kind == source.kind and s.budget is not None]
    return same[0].budget if len(same) == 1 else None


def part_issues(record: Record) -> Iterator[Issue]:
    funds = record.funds
    parts = [part for part in funds.parts if part.budget_total is not None]
    if len(parts) < 2:
        return
    if funds.budget_total is not None:
        issue = _mismatch(funds.budget_total, [(p, p.budget_total) for p in parts if p.budget_total], "资金总额")
        if issue is not None:
            yield issue
    for source in funds.sources:
        if source.budget is None or source.kind == "other":
            continue
        shares = [(part, share) for part in parts if (share := _share(part, source)) is not None]
        if len(shares) == len(parts):
            issue = _mismatch(source.budget, shares, source.name)
            if issue is not None:
                yield issue



