"""Numbers as the document wrote them: Arabic (with separators) or Chinese numerals."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3,
           "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
           "九": 9, "玖": 9}
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
UNIT_MULTIPLIERS = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}
# A figure with more digits than this is no amount or rate a report states (a pasted run of
# digits, a damaged file): it is text. The bound keeps every figure, times 亿 and rounded, inside
# Decimal's 28-digit context, where quantize would otherwise raise InvalidOperation.
MAX_DIGITS = 20


def parse_arabic(text: str) -> Decimal | None:
    """'6,359.55' / '6 359.55' / '1700' -> Decimal with the written digits; None if not a number."""
    cleaned = text.replace(",", "").replace(" ", "").replace("\u2009", "")
    if not cleaned or cleaned.count(".") > 1:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return _bounded(value)


def _bounded(value: Decimal | None) -> Decimal | None:
    """`value` when it is finite and within MAX_DIGITS integer and fractional digits, else None."""
    if value is None or not value.is_finite():
        return None
    exponent = value.as_tuple().exponent
    if value.adjusted() >= MAX_DIGITS or (isinstance(exponent, int) and exponent < -MAX_DIGITS):
        return None
    return value


def _parse_cn_integer(text: str) -> int | None:
    total = section = digit = 0
    seen_digit = False
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
            seen_digit = True
        elif char in _SMALL_UNITS:
            section += (digit if seen_digit or char not in "十拾" else 1) * _SMALL_UNITS[char]
            digit, seen_digit = 0, False
        elif char in _BIG_UNITS:
            total += (section + digit) * _BIG_UNITS[char]
            section = digit = 0
            seen_digit = False
        else:
            return None
    return total + section + digit


def parse_chinese(text: str) -> Decimal | None:
    """'三千三百一十九' -> 3319, '九十五点五' -> 95.5, '一二三' (digit by digit) -> 123."""
    if not text:
        return None
    whole, _, frac = text.partition("点")
    if whole and all(c in _DIGITS for c in whole) and len(whole) > 1:
        integer: int | None = int("".join(str(_DIGITS[c]) for c in whole))
    else:
        integer = _parse_cn_integer(whole) if whole else 0
    if integer is None:
        return None
    if frac:
        if not all(c in _DIGITS for c in frac):
            return None
        return Decimal(f"{integer}.{''.join(str(_DIGITS[c]) for c in frac)}")
    return Decimal(integer)


def parse_number(text: str) -> Decimal | None:
    """Either form; the caller has already folded fullwidth digits."""
    text = text.strip()
    if not text:
        return None
    if text[0].isdigit():
        return parse_arabic(text)
    return _bounded(parse_chinese(text))


def to_yuan(value: Decimal, unit: str) -> Decimal:
    return value * UNIT_MULTIPLIERS[unit]


def plain(value: Decimal) -> str:
    """A decimal as plain digits with no exponent and no trailing fractional zeros."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def decimals_of(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0
