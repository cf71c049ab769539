"""Whether an indicator met its target, from the two parsed values."""

from __future__ import annotations

from extractor.models import Indicator, Value

_NUMERIC = {"number", "percent", "amount"}


def _comparable(target: Value, actual: Value) -> bool:
    if target.kind not in _NUMERIC or actual.kind not in _NUMERIC:
        return False
    if target.number is None or actual.number is None:
        return False
    return target.unit is None or actual.unit is None or target.unit == actual.unit


def is_met(target: Value, actual: Value, level2: str | None) -> bool | None:
    """True/False for comparable numbers; None for text, dates and unset targets.

    A bare target is a floor ("at least") for counts, amounts and rates, except a zero
    target or a 成本指标, which are ceilings: a cost standard is not to be exceeded.
    """
    if not _comparable(target, actual):
        return None
    assert target.number is not None and actual.number is not None
    op = target.op
    if op is None:
        op = "<=" if target.number == 0 or level2 == "成本指标" else ">="
    wanted, got = target.number, actual.number
    if op == ">=":
        return got >= wanted
    if op == "<=":
        return got <= wanted
    if op == ">":
        return got > wanted
    if op == "<":
        return got < wanted
    return got == wanted


def judged(indicator: Indicator) -> Indicator:
    indicator.met = is_met(indicator.target, indicator.actual, indicator.level2)
    return indicator
