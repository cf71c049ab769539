"""A funds form flattened to one label and figure a line, broken down into parts.

    计划生育转移支付资金合计(万元) 年度预算资金总额): 1084.25
    其中:中央补助 668.00
    市级资金 343.00
    农村部分计划生育家庭奖励扶助制度补助资金(万元)
    年度预算资金总额: 763.00
    其中:中央补助 502.00 …

Each heading with its unit opens a block; a block's total line and its source lines follow. The
first block is the whole when the others add up to it (or it says 合计); the others are its parts
(`Funds.parts`), so the checker can hold each part to its sources and the parts to the whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from extractor import patterns
from extractor.extract.context import TextUnit
from extractor.extract.funds.collector import FundsCollector, source_kind
from extractor.models import Amount, FundPart, Source
from extractor.normalise.values import make_amount

_MIN_FIGURES = 3


@dataclass(slots=True)
class _Block:
    name: str | None
    unit: str
    whole: bool = False  # its heading says 合计
    total: Amount | None = None
    sources: list[tuple[str, Amount]] = field(default_factory=list)


def _is_line(unit: TextUnit) -> bool:
    text = unit.folded.strip()
    return bool(patterns.fullmatch("forms.label_line", unit.folded) or patterns.match("forms.part_heading", text)
                or text in ("其中:", "其中：", "其中") or (len(text) <= 20 and not any(c.isdigit() for c in text)
                                                          and patterns.fullmatch("funds.source_label", text)))


def label_line_runs(units: list[TextUnit]) -> list[tuple[int, int]]:
    """[start, end) of each run of consecutive label lines holding a total and some figures."""
    runs: list[tuple[int, int]] = []
    index = 0
    while index < len(units):
        end = index
        while end < len(units) and _is_line(units[end]):
            end += 1
        lines = units[index:end]
        figures = [u for u in lines if patterns.fullmatch("forms.label_line", u.folded)]
        if len(figures) >= _MIN_FIGURES and any(
                patterns.search("forms.part_total_label", u.folded) for u in figures) and any(
                patterns.match("forms.part_heading", u.folded.strip()) for u in lines):
            runs.append((index, end))
        index = max(end, index + 1)
    return runs


def _blocks(units: list[TextUnit]) -> list[_Block]:
    blocks: list[_Block] = []
    for unit in units:
        heading = patterns.match("forms.part_heading", unit.folded.strip())
        if heading is not None:
            offset = len(unit.folded) - len(unit.folded.lstrip())
            name = unit.text[offset + heading.start("name"):offset + heading.end("name")]
            blocks.append(_Block(name, str(heading.group("unit")), whole="合计" in heading.group(0)))
        line = patterns.fullmatch("forms.label_line", unit.folded)
        if line is None or not blocks:
            continue
        block = blocks[-1]
        amount = make_amount(unit.text[line.start("num"):line.end("num")], line.group("num"),
                             line.group("unit") or block.unit, unit.evidence(line.start("num"), line.end("num")))
        if amount is None:
            continue
        label = unit.text[line.start("label"):line.end("label")]
        if patterns.search("forms.part_total_label", line.group("label")):
            block.total = block.total or amount
        else:
            name = label.strip().removeprefix("其中").lstrip(":：").strip()
            block.sources.append((name, amount))
    return [block for block in blocks if block.total is not None or block.sources]


def _sum(amounts: list[Amount | None]) -> Decimal | None:
    if any(amount is None for amount in amounts):
        return None
    return sum((amount.yuan for amount in amounts if amount is not None), start=Decimal(0))


def read_label_lines(units: list[TextUnit], collector: FundsCollector) -> str | None:
    """Funds of a run of label lines into the collector; returns the fund the whole names."""
    blocks = _blocks(units)
    if not blocks:
        return None
    first, rest = blocks[0], blocks[1:]
    whole = first.whole or (bool(rest) and first.total is not None and _sum([b.total for b in rest]) == first.total.yuan)
    parts = rest if whole else blocks
    if whole:
        collector.add_amount("budget_total", first.total)
        for name, amount in first.sources:
            source = collector.source(name)
            source.budget = source.budget or amount
            collector.add_amount("budget_total", amount, source.name)
            collector.list_under(first.total, amount)
    for block in parts:
        collector.parts.append(FundPart(
            name=block.name or "", budget_total=block.total,
            sources=[Source(name=name, kind=source_kind(name), budget=amount) for name, amount in block.sources]))
    return first.name if whole else None
