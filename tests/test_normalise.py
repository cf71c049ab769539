"""Numbers, amounts, percents and values: exact Decimals with the document's digits."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.normalise.numbers import parse_arabic, parse_chinese, plain, to_yuan
from extractor.normalise.text import fold
from extractor.normalise.values import make_amount, parse_value

FULLWIDTH = str.maketrans("0123456789.,%", "０１２３４５６７８９．，％")


@given(st.decimals(min_value=0, max_value=Decimal("1e12"), places=2, allow_nan=False, allow_infinity=False))
def test_arabic_keeps_written_digits(value: Decimal) -> None:
    written = format(value, "f")
    assert parse_arabic(written) == value
    assert str(parse_arabic(written)) == written


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_thousands_separators_and_fullwidth(whole: int, cents: int) -> None:
    written = f"{whole:,}.{cents:02d}"
    expected = Decimal(f"{whole}.{cents:02d}")
    assert parse_arabic(written) == expected
    assert parse_arabic(fold(written.translate(FULLWIDTH).replace("，", ","))) == expected


@given(st.decimals(min_value=0, max_value=Decimal("1e9"), places=2, allow_nan=False, allow_infinity=False),
       st.sampled_from(["元", "万元", "亿元"]))
def test_amount_yuan_is_exact(value: Decimal, unit: str) -> None:
    amount = make_amount(f"{value}{unit}", format(value, "f"), unit, None)
    assert amount is not None
    assert amount.value == value
    assert amount.yuan == to_yuan(value, unit)


def test_sample_amount() -> None:
    amount = make_amount("6359.55万元", "6359.55", "万元", None)
    assert amount is not None
    assert str(amount.value) == "6359.55"
    assert amount.yuan == Decimal("63595500")
    assert plain(amount.yuan) == "63595500"


@pytest.mark.parametrize(("text", "expected"), [
    ("三千三百一十九", Decimal(3319)), ("一千零六十九点一一", Decimal("1069.11")), ("九十五", Decimal(95)),
    ("十", Decimal(10)), ("两万三千", Decimal(23000)), ("一亿二千万", Decimal(120000000)), ("零", Decimal(0)),
])
def test_chinese_numerals(text: str, expected: Decimal) -> None:
    assert parse_chinese(text) == expected


@pytest.mark.parametrize(("raw", "op", "number", "unit", "kind"), [
    ("1700", None, Decimal(1700), None, "number"),
    ("≥1700人次", ">=", Decimal(1700), "人次", "number"),
    ("不低于95%", ">=", Decimal(95), "%", "percent"),
    ("95％以上", ">=", Decimal(95), "%", "percent"),
    ("≤5%", "<=", Decimal(5), "%", "percent"),
    ("＜3起", "<", Decimal(3), "起", "number"),
    ("2200元/人/年", None, Decimal(2200), "元/人/年", "amount"),
    ("３,７７２人", None, Decimal(3772), "人", "number"),
    ("百分之九十五", None, Decimal(95), "%", "percent"),
    ("三千二百人", None, Decimal(3200), "人", "number"),
    ("未设定", None, None, None, "unset"),
    ("—", None, None, None, "unset"),
    ("", None, None, None, "unset"),
    ("2025年底", None, None, None, "date"),
    ("2024年12月31日前", None, None, None, "date"),
    ("效果显著", None, None, None, "text"),
    ("全日制专科以上", None, None, None, "text"),
    ("1月700元/人/月，2月开始1000元/人/月", None, None, None, "text"),
])
def test_parse_value(raw: str, op: str | None, number: Decimal | None, unit: str | None, kind: str) -> None:
    value = parse_value(raw)
    assert (value.raw, value.op, value.number, value.unit, value.kind) == (raw, op, number, unit, kind)
