"""The checker's tolerance policy and name matching, on their own."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from extractor.check.units import units_compatible
from extractor.names import best_match, mentions, normalise_name, similarity
from extractor.rates import decimals_of, exact_percent, round_half_up
from extractor.rounding import agrees_with, as_written, plain, same_at_lower_precision


@pytest.mark.parametrize(
    ("text", "places"), [("79.59", 2), ("79.60", 2), ("80", 0), ("79.6", 1), ("1E+2", 0)]
)
def test_decimals_of_counts_written_decimals(text: str, places: int) -> None:
    assert decimals_of(Decimal(text)) == places


@pytest.mark.parametrize(
    ("value", "places", "rounded"),
    [
        (Fraction(1, 8) * 100, 0, "13"),  # 12.5 → 13, not banker's 12
        (Fraction(25, 2), 0, "13"),
        (Fraction(23, 2), 0, "12"),  # 11.5 → 12 (half-even would also say 12; 12.5 is the test)
        (Decimal("0.125"), 2, "0.13"),
        (Decimal("12.345"), 2, "12.35"),
        (Decimal("12.3449999"), 2, "12.34"),
        (Decimal("-2.5"), 0, "-3"),
        (Fraction(0), 2, "0.00"),
    ],
)
def test_round_half_up(value: Fraction | Decimal, places: int, rounded: str) -> None:
    assert as_written(round_half_up(value, places)) == rounded


def test_the_sample_rate_at_each_precision() -> None:
    exact = exact_percent(Decimal("50615600"), Decimal("63595500"))
    assert exact is not None
    assert [agrees_with(Decimal(s), exact) for s in ("79.59", "79.60", "79.6", "80", "79.5899", "79.58")] == [
        True,
        False,
        True,
        True,
        True,
        False,
    ]
    assert exact_percent(Decimal(5), Decimal(0)) is None


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [("79.59", "79.6", True), ("79.59", "80", True), ("79.59", "79.5", False), ("79.60", "79.59", False)],
)
def test_two_stated_figures_at_the_lower_precision(first: str, second: str, same: bool) -> None:
    assert same_at_lower_precision(Decimal(first), Decimal(second)) is same


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("63595500"), "63595500"),
        (Decimal("6.3595500E+7"), "63595500"),
        (Decimal("12.50"), "12.5"),
        (Decimal("0.00"), "0"),
        (Fraction(1, 8), "0.125"),
    ],
)
def test_plain_has_no_exponent_and_no_trailing_zeros(value: Decimal | Fraction, text: str) -> None:
    assert plain(value) == text


@pytest.mark.parametrize(
    ("goal_name", "indicator_name"),
    [
        ("年末城镇新增就业人数", "城镇新增就业人数"),
        ("失业人员再就业人数新增", "失业人员再就业人数"),
        ("就业困难人员实现再就业人数新增", "就业困难人员就业人数"),
    ],
)
def test_the_sample_goal_names_match_their_indicators(goal_name: str, indicator_name: str) -> None:
    assert similarity(goal_name, indicator_name) >= 0.6
    others = [
        "城镇新增就业人数",
        "失业人员再就业人数",
        "就业困难人员就业人数",
        "年末高校毕业生就业去向落实率",
    ]
    assert best_match(goal_name, others, str) == indicator_name


def test_different_subjects_do_not_match() -> None:
    assert similarity("就业困难人员实现再就业人数新增", "失业人员再就业人数") < 0.6
    assert similarity("年末城镇新增就业人数", "失业人员再就业人数") < 0.6
    assert best_match("创业孵化基地数", ["城镇新增就业人数"], str) is None
    # two candidates equally similar: which one is meant is unknown
    assert best_match("城镇就业人数", ["城镇新增就业人数", "年末城镇新增就业人数"], str) is None


def test_normalised_names_drop_qualifiers_and_count_suffixes() -> None:
    assert normalise_name("年末城镇新增就业人数") == "城镇就业"
    assert normalise_name("享受职业培训补贴人次数") == "职业培训补贴"
    assert normalise_name("人数") == "人数"  # nothing left: keep the name


def test_a_sentence_mentions_an_indicator() -> None:
    assert mentions("一是就业见习补贴人数未达到指标值", "享受就业见习补贴人数")
    assert not mentions("二是享受一次性求职人数为零", "享受就业见习补贴人数")
    assert not mentions("就业人数下降", "城镇新增就业人数")


def test_unit_families() -> None:
    assert units_compatible("人", "人次")
    assert units_compatible("万元", "元")
    assert units_compatible(None, "%")
    assert not units_compatible("人", "%")
    assert not units_compatible("户", "人")
    assert units_compatible("％", "%")
