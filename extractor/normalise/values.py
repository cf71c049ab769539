"""Parse the raw text of a figure into a Value, Amount or Percent (Decimal throughout)."""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import cast, get_args

from extractor import patterns
from extractor.memo import per_document
from extractor.models import Amount, Evidence, Operator, Percent, Value, ValueKind
from extractor.normalise.numbers import parse_arabic, parse_number, to_yuan
from extractor.normalise.text import fold


@functools.cache
def _operators() -> dict[str, Operator]:
    """Each comparison word ("不低于", "≤", "以内") and the operator it means (patterns/values.toml)."""
    meant: dict[str, Operator] = {}
    known = get_args(Operator)
    for op, written in patterns.table("values", "operators").items():
        if op not in known:
            raise ValueError(f"values.toml: unknown operator {op!r}")
        for word in written:
            if meant.setdefault(word, cast(Operator, op)) != op:
                raise ValueError(f"values.toml: {word!r} means two operators")
    return meant


_MONEY_UNITS = ("亿元", "万元", "元")


_UNIT_SEPARATORS = str.maketrans({"／": "/", "·": "/", "*": "/", ".": "/", "•": "/"})
_UNIT_WORDS = {"百分比": "%", "百分点": "%"}


def unit_as_compared(unit: str | None) -> str | None:
    """One spelling per unit: 元/人·月 = 元/人*月 = 元/人/月, 元/生.年 = 元/生/年, 百分比 = %."""
    if unit is None:
        return None
    unit = unit.translate(_UNIT_SEPARATORS)
    return _UNIT_WORDS.get(unit, unit)


def kind_of_unit(unit: str | None) -> ValueKind:
    if unit == "%":
        return "percent"
    if unit and unit.startswith(_MONEY_UNITS):
        return "amount"
    return "number"


_PLAIN_CHARS = frozenset("0123456789.")


_Parsed = tuple[Operator | None, Decimal | None, str | None, ValueKind]  # op, number, unit, kind


def _plain_number(text: str) -> _Parsed | None:
    """The common bare forms ("1700", "100%", "96.5") without running the value patterns."""
    digits, percent = (text[:-1], True) if text.endswith("%") else (text, False)
    if not digits or not _PLAIN_CHARS.issuperset(digits) or digits.count(".") > 1 or digits[0] == ".":
        return None
    number = parse_arabic(digits)
    if number is None:
        return None
    return (None, number, "%", "percent") if percent else (None, number, None, "number")


def parse_value(raw: str, evidence: Evidence | None = None) -> Value:
    """'≥1700人次' -> op >=, number 1700, unit 人次, kind number. Text stays raw."""
    op, number, unit, kind = _parsed(fold(raw).strip())
    return Value(raw=raw, op=op, number=number, unit=unit, kind=kind, evidence=evidence)


@per_document  # a form's rows repeat their values ("100%", "≥95%")
def _parsed(text: str) -> _Parsed:
    plain_number = _plain_number(text)
    if plain_number is not None:
        return plain_number
    if patterns.fullmatch("values.unset", text):
        return None, None, None, "unset"
    op: Operator | None = None
    prefix = patterns.match("values.op_prefix", text)
    if prefix:
        op = _operators()[prefix.group("op")]
        text = text[prefix.end():]
    else:
        filler = patterns.match("values.filler_prefix", text)
        if filler:
            text = text[filler.end():]
    verb = patterns.search("values.verb_suffix", text)
    if verb and verb.start() > 0:
        text = text[: verb.start()].rstrip()
    suffix = patterns.search("values.op_suffix", text)
    if suffix and suffix.start() > 0:
        op = op or _operators()[suffix.group("op")]
        text = text[: suffix.start()].rstrip()
    if patterns.fullmatch("values.date", text):
        return None, None, None, "date"
    cn_percent = patterns.fullmatch("values.chinese_percent", text)
    if cn_percent:
        number = parse_number(cn_percent.group("num"))
        if number is not None:
            return op, number, "%", "percent"
    found = patterns.fullmatch("values.number_with_unit", text)
    if found:
        number = parse_number(found.group("num"))
        unit = unit_as_compared(found.group("unit") or None)
        if number is not None:
            return op, number, unit, kind_of_unit(unit)
    # An operator word inside prose ("全日制专科以上") is not a comparison.
    return None, None, None, "text"


_SHORT_UNITS = {"万": "万元", "亿": "亿元"}


def make_amount(raw: str, number_text: str, unit: str, evidence: Evidence | None) -> Amount | None:
    value = parse_number(fold(number_text))
    if value is None:
        return None
    unit = _SHORT_UNITS.get(unit, unit)  # "29.6万": 万 alone is 万元
    return Amount(raw=raw, value=value, unit=unit, yuan=normalise_yuan(to_yuan(value, unit)), evidence=evidence)


def normalise_yuan(yuan: Decimal) -> Decimal:
    """Yuan without exponent or trailing fractional zeros (12.345万元 -> 123450)."""
    if yuan == yuan.to_integral_value():
        return yuan.quantize(Decimal(1))
    return yuan.normalize()


def make_percent(raw: str, number_text: str | None, chinese_text: str | None,
                 evidence: Evidence | None) -> Percent | None:
    source = number_text if number_text is not None else chinese_text
    if source is None:
        return None
    value = parse_number(fold(source))
    if value is None:
        return None
    return Percent(raw=raw, value=value, evidence=evidence)
