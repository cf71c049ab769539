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

import regex

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
    # A label line and a figure line end with their figure (a digit, or 元 after it).
    ends_in_figure = text[-1:].isdigit() or text.endswith("元")
    return bool((ends_in_figure and patterns.fullmatch("forms.label_line", unit.folded))
                or patterns.match("forms.part_heading", text)
                or (ends_in_figure and patterns.fullmatch("forms.figure_line", unit.folded)) or _is_label_only(text)
                or text in ("其中:", "其中：", "其中") or (len(text) <= 20 and not any(c.isdigit() for c in text)
                                                          and patterns.fullmatch("funds.source_label", text)))


def _is_label_only(text: str) -> bool:
    """"年度预算资金总额:" or "县级资金(含结转结余)" with its figure on the next line."""
    if not text or len(text) > 40 or any(char.isdigit() for char in text):
        return False
    bracket = patterns.search("forms.trailing_bracket", text)
    if bracket is not None and bracket.start() > 0:
        text = text[:bracket.start()]  # "县级资金(含结转结余)"
    return bool(patterns.search("forms.part_total_label", text) or patterns.fullmatch("funds.source_label", text)
                or patterns.fullmatch("funds.other_source_label", text.removeprefix("其中").lstrip(":：")))


def _paired(units: list[TextUnit]) -> list[tuple[TextUnit, TextUnit | None]]:
    """Each line with the line holding its figure when the figure stands on a line of its own."""
    pairs: list[tuple[TextUnit, TextUnit | None]] = []
    index = 0
    while index < len(units):
        unit = units[index]
        following = units[index + 1] if index + 1 < len(units) else None
        if following is not None and _is_label_only(unit.folded.strip()) and patterns.fullmatch(
                "forms.figure_line", following.folded):
            pairs.append((unit, following))
            index += 2
            continue
        pairs.append((unit, None))
        index += 1
    return pairs


def label_line_runs(units: list[TextUnit]) -> list[tuple[int, int]]:
    """[start, end) of each run of consecutive label lines holding a total and some figures."""
    runs: list[tuple[int, int]] = []
    index = 0
    while index < len(units):
        end = index
        while end < len(units) and _is_line(units[end]):
            end += 1
        lines = units[index:end]
        figures = [label for label, figure in _paired(lines)
                   if figure is not None or patterns.fullmatch("forms.label_line", label.folded)]
        if len(figures) >= _MIN_FIGURES and any(
                patterns.search("forms.part_total_label", u.folded) for u in figures) and any(
                patterns.match("forms.part_heading", u.folded.strip()) for u in lines):
            runs.append((index, end))
        index = max(end, index + 1)
    return runs


def _blocks(units: list[TextUnit]) -> list[_Block]:
    blocks: list[_Block] = []
    for unit, figure in _paired(units):
        heading = patterns.match("forms.part_heading", unit.folded.strip())
        if heading is not None:
            offset = len(unit.folded) - len(unit.folded.lstrip())
            name = unit.text[offset + heading.start("name"):offset + heading.end("name")]
            blocks.append(_Block(name, str(heading.group("unit")), whole="合计" in heading.group(0)))
        found = _label_and_figure(unit, figure)
        if found is None or not blocks:
            continue
        block = blocks[-1]
        label, (number_unit, number) = found
        amount = make_amount(number_unit.text[number.start("num"):number.end("num")], number.group("num"),
                             number.group("unit") or block.unit,
                             number_unit.evidence(number.start("num"), number.end("num")))
        if amount is None:
            continue
        if patterns.search("forms.part_total_label", label):
            block.total = block.total or amount
        else:
            name = label.strip().removeprefix("其中").lstrip(":：").strip().rstrip(":：")
            block.sources.append((name, amount))
    return [block for block in blocks if block.total is not None or block.sources]


def _label_and_figure(unit: TextUnit, figure: TextUnit | None) -> tuple[str, tuple[TextUnit, regex.Match[str]]] | None:
    """The label of a line and where its figure is: on the line, or alone on the next one."""
    if figure is not None:
        number = patterns.fullmatch("forms.figure_line", figure.folded)
        return (unit.text.strip(), (figure, number)) if number is not None else None
    line = patterns.fullmatch("forms.label_line", unit.folded)
    if line is None:
        return None
    return unit.text[line.start("label"):line.end("label")], (unit, line)


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
    parts_sum = _sum([b.total for b in rest])
    whole = first.whole or (bool(rest) and first.total is not None and parts_sum == first.total.yuan)
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
