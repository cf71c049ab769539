"""How well a cut of run-together text fits a form row: the arithmetic that ties its cells."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from extractor import patterns
from extractor.extract.forms.split import figure, rate_agrees
from extractor.rounding import agrees_with

Cells = dict[str, str]
Judge = Callable[[Cells], tuple[float, bool]]


def _kind(value: str | None) -> str:
    if not value:
        return "empty"
    return "figure" if any(char.isdigit() for char in value) else "words"


def _unit(value: str) -> str:
    return value.lstrip("≥≤<>=不低于少高超过达到").lstrip("0123456789.")


def indicator_judge(roles: frozenset[str]) -> Judge:
    """An indicator row: every figure the header asks for, 得分 ≤ 分值 (and often equal), target
    and actual alike, no reason when glued (a reason would run into the next row's name), and a
    name that is words, not a unit left over from the cell before."""
    expected = roles & {"max_score", "score", "actual"}

    def judge(cells: Cells) -> tuple[float, bool]:
        fit, confirmed = _indicator_fit(cells)
        fit -= 2.0 * len(expected - cells.keys())
        if patterns.fullmatch("tables.unit_cell", cells.get("name", "")):
            fit -= 4.0
        return fit, confirmed

    return judge


def _indicator_fit(cells: Cells) -> tuple[float, bool]:
    fit, confirmed = 0.0, False
    most, got = figure(cells.get("max_score")), figure(cells.get("score"))
    if most is not None and got is not None:
        fit += 2.0 if got <= most else -4.0
        fit += 1.0 if got == most else 0.0
        confirmed = got <= most
    target, actual = cells.get("target"), cells.get("actual")
    if _kind(target) == _kind(actual) == "figure":
        fit += 1.0 if _unit(target or "") == _unit(actual or "") else -0.5
    elif _kind(target) == _kind(actual) == "words":
        fit += 2.0 if target == actual else -0.5
    elif _kind(actual) == "empty" and _kind(target) != "empty":
        fit -= 1.0
    if cells.get("reason"):
        fit -= 1.5
    if len(cells.get("name", "")) >= 4:
        fit += 0.5
    return fit, confirmed


_FEW = Decimal("0.3")
# An execution rate above this is a misread cut, not a fund spent eight times over.
_RATE_MOST = Decimal(200)


def _decimals(value: str | None) -> int:
    if not value or "." not in value:
        return 0
    return len(value.split(".", 1)[1].rstrip("万元亿"))


def funds_judge(total_budget: str | None) -> Judge:
    """A funds row: 执行率 = B/A at its precision, 执行率得分 = 分值 × 执行率 (capped), B ≤ A, a
    source's budget within the total's, every column filled that can be."""
    limit = figure(total_budget)

    def judge(cells: Cells) -> tuple[float, bool]:
        fit, confirmed = 0.2 * len(cells.keys() & {"initial", "budget", "executed", "rate"}), False
        if "rate" not in cells:
            fit -= 0.5 * len(cells.keys() & {"max_score", "score"})  # a score with no rate to score
        agrees = rate_agrees(cells.get("rate"), cells.get("executed"), cells.get("budget"))
        if agrees is not None:
            fit += 4.0 if agrees else -1.0
            confirmed = agrees
        rate, most, got = figure(cells.get("rate")), figure(cells.get("max_score")), figure(cells.get("score"))
        if rate is not None and most is not None and got is not None:
            fit += 2.0 if agrees_with(got, min(most * rate / Decimal(100), most)) else -1.0
        if cells and "budget" not in cells:
            fit -= 2.0  # a funds row states its budget first
        if "rate" in cells and "executed" not in cells:
            fit -= 1.5  # a rate is of an execution the row states
        if "score" in cells and "max_score" not in cells:
            fit -= 1.0  # a score with no 分值 to score against
        budget, executed = figure(cells.get("budget")), figure(cells.get("executed"))
        for role in ("budget", "executed"):
            if _decimals(cells.get(role)) > 2:
                fit -= 1.0  # money in 万元 is written to the 分 at most, rarely further
        if "budget" in cells and "executed" in cells and _decimals(cells["budget"]) != _decimals(cells["executed"]):
            fit -= 0.5  # one row's amounts are written to the same precision
        if rate is not None and rate > _RATE_MOST:
            fit -= 2.0
        if budget is not None and executed is not None:
            fit += 0.5 if executed <= budget else -0.5
            if budget > 0 and executed < _FEW * budget:
                fit -= 2.0  # a report's execution is rarely under a third of its budget
            if agrees is None and limit is not None:
                fit += 1.0 if budget <= limit else -3.0
        return fit, confirmed

    return judge
