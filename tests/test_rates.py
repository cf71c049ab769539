"""Rates (执行率, 完成率) computed once, by `extractor.rates.percent_of`, for checker, tables and review."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.ingest.tables import computed_rate
from extractor.models import Amount, Percent
from extractor.rates import exact_percent, percent_of, round_half_up
from extractor.review.overview import chart_rate, percent, rate_bin


def _amount(yuan: str) -> Amount:
    return Amount(raw=f"{yuan}元", value=Decimal(yuan), unit="元", yuan=Decimal(yuan))


def _entry(budget: str, executed: str) -> dict[str, Any]:
    return {"funds": {"budget_total": {"yuan": budget}, "executed_total": {"yuan": executed}}}


@pytest.mark.parametrize(
    ("executed", "budget", "like", "rate"),
    [
        ("50615600", "63595500", None, "79.59"),  # two decimals when nothing is stated
        ("50615600", "63595500", "79.6", "79.6"),  # else the decimals of the stated rate
        ("50615600", "63595500", "80", "80"),
        ("50615600", "63595500", "79.60", "79.59"),  # trailing zeros are written decimals
        ("1", "8", "13", "13"),  # 12.5 rounds half away from zero, not to even
        ("-1", "8", "0", "-13"),
        ("480", "480", None, "100.00"),
    ],
)
def test_the_rate_is_rounded_once_like_the_stated_one(executed: str, budget: str, like: str | None,
                                                      rate: str) -> None:
    found = percent_of(Decimal(executed), Decimal(budget), None if like is None else Decimal(like))
    assert found is not None and format(found, "f") == rate


@pytest.mark.parametrize("budget", ["0", "0.00", "-100"])
def test_no_rate_over_a_budget_that_is_not_above_zero(budget: str) -> None:
    assert percent_of(Decimal(480), Decimal(budget)) is None
    assert exact_percent(Decimal(480), Decimal(budget)) is None


def test_a_missing_figure_has_no_rate() -> None:
    assert percent_of(None, Decimal(100)) is None
    assert percent_of(Decimal(100), None) is None


def test_no_rounding_before_the_one_rounding() -> None:
    # 12.345 × 10^30 / (10^30 + 1) is just below 12.345: a Decimal division (28 digits) rounds it up to
    # 12.345 first, and then to 12.35; exact arithmetic gives 12.34.
    executed, budget = Decimal(12345) * 10**25, Decimal(10**30 + 1)
    assert (executed * 100 / budget).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) == Decimal("12.35")
    assert percent_of(executed, budget) == Decimal("12.34")


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2),
       st.decimals(min_value=Decimal("0.01"), max_value=10**9, places=2),
       st.integers(min_value=0, max_value=4))
def test_the_rate_is_the_exact_ratio_rounded_half_up(part: Decimal, whole: Decimal, places: int) -> None:
    like = Decimal(1).scaleb(-places)
    exact = Fraction(part) / Fraction(whole) * 100
    assert percent_of(part, whole, like) == round_half_up(exact, places)


def test_tables_review_and_checker_compute_the_same_rate() -> None:
    budget, executed = _amount("63595500"), _amount("50615600")
    stated = Percent(raw="79.6%", value=Decimal("79.6"))
    assert computed_rate(budget, executed, None) == percent(executed.yuan, budget.yuan) == Decimal("79.59")
    assert computed_rate(budget, executed, stated) == percent_of(executed.yuan, budget.yuan, stated.value)
    assert chart_rate(_entry("63595500", "50615600")) == Decimal("79.59")


def test_the_review_bins_the_rate_it_shows() -> None:
    rate = chart_rate(_entry("100000", "99996"))  # 99.996%, shown as 100.00%
    assert rate == Decimal("100.00") and rate_bin(rate) == "100%"
