"""Stated goals ("目标3：年末城镇新增就业人数3772人，…") and the figures they state."""

from __future__ import annotations

from extractor import patterns
from extractor.extract.context import TextUnit
from extractor.models import Figure, Goal
from extractor.normalise.values import parse_value

_FILLER_SUFFIX = ("新增", "达到", "为", "共", "累计", "约", "超过", "完成", "实现")


def goal_from(unit: TextUnit) -> Goal | None:
    found = patterns.match("goals.goal_label", unit.folded)
    if not found:
        return None
    label = "".join(found.group("label").split())
    if label in {"年度总体目标", "年度绩效目标"}:
        label = "总体目标"
    text = unit.text[found.end():].strip()
    if not text:
        return None
    return Goal(label=label, text=text, figures=figures_in(unit, found.end()),
                evidence=unit.evidence(found.end(), len(unit.text)))


def figures_in(unit: TextUnit, start: int) -> list[Figure]:
    """Each clause's first quantity with its unit, named by the words before it."""
    figures: list[Figure] = []
    for clause in patterns.finditer("goals.clause", unit.folded, start):
        number = _first_quantity(clause.group(0))
        if number is None:
            continue
        offset, length = number
        name = clause.group(0)[:offset].strip()
        for suffix in _FILLER_SUFFIX:
            name = name.removesuffix(suffix)
        if not name:
            continue
        begin = clause.start() + offset
        value = parse_value(unit.text[begin:begin + length], unit.evidence(begin, begin + length))
        if value.number is not None:
            figures.append(Figure(name=name, value=value))
    return figures


def _first_quantity(clause: str) -> tuple[int, int] | None:
    found = patterns.search("goals.quantity", clause)
    return (found.start(), found.end() - found.start()) if found else None


def overall_goal(unit: TextUnit) -> Goal | None:
    """The paragraph after a "总体绩效目标完成情况" heading, when it carries no label of its own."""
    if patterns.match("goals.goal_label", unit.folded) or patterns.match("indicators.numbering", unit.folded):
        return None
    text = unit.text.strip()
    if not text:
        return None
    return Goal(label="总体目标", text=text, figures=figures_in(unit, 0), evidence=unit.whole())


def prose_goals(units: list[TextUnit]) -> list[Goal]:
    goals: list[Goal] = []
    after_heading = False
    for unit in units:
        goal = goal_from(unit) or (overall_goal(unit) if after_heading else None)
        if goal is not None:
            goals.append(goal)
        after_heading = patterns.fullmatch("goals.overall_heading", unit.folded.strip()) is not None
    return goals
