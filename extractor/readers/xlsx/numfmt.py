"""The text a spreadsheet cell displays for a number, given its number format code.

A 自评表 keeps 79.59% as 0.7959 with the format `0.00%`, and a computed 2597.6 as
2597.6000000000004: the reader must give the text a person sees, exactly, so this renders the
common format codes with `Decimal` (never `str(float)`): sections (`pos;neg;zero`), percent,
fixed decimals (`0.00`, `0.0#`), thousands separators (`#,##0.00` shows "6,359.55", as a text
report writes it too), literal text (`0.00"万元"`, `\\元`), colours and locales dropped. Codes this
does not model (scientific, fractions, a trailing comma that scales by 1,000) fall back to General
or are shown unscaled.
"""

from __future__ import annotations

import functools
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import NamedTuple

# Excel's General shows at most 11 characters of a number in a default-width cell (0.795899081).
_GENERAL_WIDTH = 11
# Doubles hold 15 significant decimal digits; more is binary noise (2597.6000000000004).
_SIGNIFICANT = 15
_TEXT_ONLY = -1
# Below 10**15 a whole double prints exactly as an integer.
_EXACT_INTEGERS = 10**15
_BRACKETS = re.compile(r"\[[^\]]*\]")
_TOKEN = re.compile(r'"([^"]*)"|\\(.)|_.|\*.|([0#?.,%])|([eE][+-])|(/)|(.)', re.S)



class Section(NamedTuple):
    """One section of a number format code, as far as plain numbers need it."""

    prefix: str
    suffix: str
    percents: int  # % signs: each multiplies by 100
    min_places: int  # decimals always shown ("0.00" -> 2)
    max_places: int  # decimals shown when not zero ("0.0#" -> 2)
    min_int: int  # integer digits always shown ("0.00" -> 1, "#.00" -> 0); _TEXT_ONLY: no number
    grouped: bool  # thousands separators ("#,##0.00")


BUILTIN_FORMATS: dict[int, str] = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
    12: "# ?/?", 13: "# ??/??", 37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)", 48: "##0.0E+0", 49: "@",
}


def is_general(code: str) -> bool:
    return code.strip().lower() in ("general", "", "@", "g/通用格式")


def general_text(value: float) -> str:
    """Excel's General display: 15 significant digits, then at most 11 characters."""
    if value.is_integer() and abs(value) < _EXACT_INTEGERS:
        return str(int(value))
    shortest = repr(value)
    if len(shortest) <= _GENERAL_WIDTH and "e" not in shortest:
        return shortest  # few digits: the shortest round-trip text is the typed number
    number = _decimal(value)
    if number is None:
        return str(value)
    number = _significant(number, _SIGNIFICANT)
    text = _plain(number)
    if len(text) > _GENERAL_WIDTH and "." in text:
        whole = text.split(".")[0]
        places = max(0, _GENERAL_WIDTH - len(whole) - 1)
        text = _plain(number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
    return text


def format_number(value: float, code: str) -> str:
    """`value` as a cell with format `code` displays it (thousands separators left out)."""
    try:
        return _format_number(value, code)
    except InvalidOperation:  # more places than Decimal's 28 digits (a code of 0.000…0 in a damaged file)
        return general_text(value)


def _format_number(value: float, code: str) -> str:
    fixed = _fixed_format(code)
    if fixed is not None:
        text = repr(value)
        # At most 15 digits (the point takes the 16th place) and no exponent: no 15-digit rounding
        # is due, so one quantize gives what the general path gives.
        if len(text) <= _SIGNIFICANT + 1 and "e" not in text and "n" not in text:
            prefix, suffix, shift, quantum, layout = fixed
            rounded = Decimal(text).scaleb(shift).quantize(quantum, ROUND_HALF_UP)
            body = str(rounded) if layout == "str" else format(rounded, layout)
            if body[0] == "-" and rounded.is_zero():
                body = body[1:]
            return f"{prefix}{body}{suffix}"
    return _format_any(value, code)


@functools.lru_cache(maxsize=256)
def _fixed_format(code: str) -> tuple[str, str, int, Decimal, str] | None:
    """(prefix, suffix, power of ten, quantum, layout) of a one-section code with fixed decimals.

    Rates and amounts in a 自评表 are nearly all `0.00%`, `0.00` or `#,##0.00`: rendering those
    without the general path's steps makes a sheet of numbers about 3x cheaper to read."""
    if is_general(code) or len(_split_sections(code)) != 1:
        return None
    parsed = _parse_section(code)
    if parsed is None:
        return None
    if parsed.min_int < 1 or parsed.min_places != parsed.max_places:
        return None
    # str() writes a quantized number plainly down to 6 decimals, twice as fast as format().
    layout = ",f" if parsed.grouped else "str" if parsed.max_places <= 6 else "f"
    return parsed.prefix, parsed.suffix, 2 * parsed.percents, Decimal(1).scaleb(-parsed.max_places), layout


def _format_any(value: float, code: str) -> str:
    if is_general(code):
        return general_text(value)
    number = _decimal(value)
    if number is None:
        return general_text(value)
    section, signed = _section(code, number)
    parsed = _parse_section(section)
    if parsed is None:
        return general_text(value)
    if parsed.min_int == _TEXT_ONLY:
        return parsed.prefix
    if not signed:
        number = abs(number)
    number = _significant(number, _SIGNIFICANT) * (Decimal(100) ** parsed.percents)
    try:
        body = _fixed(number, parsed)
    except InvalidOperation:  # more digits than Decimal's precision: Excel shows ##### or E notation
        return general_text(value)
    return f"{parsed.prefix}{body}{parsed.suffix}"


def _decimal(value: float) -> Decimal | None:
    try:
        number = Decimal(repr(float(value)))
    except (InvalidOperation, ValueError, OverflowError):
        return None
    return number if number.is_finite() else None


def _significant(number: Decimal, digits: int) -> Decimal:
    if number.is_zero():
        return Decimal(0)
    if len(number.as_tuple().digits) <= digits:
        return number
    return number.quantize(Decimal(1).scaleb(number.adjusted() - digits + 1), rounding=ROUND_HALF_UP)


def _plain(number: Decimal) -> str:
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _section(code: str, number: Decimal) -> tuple[str, bool]:
    """The section of `code` for this number, and whether its sign is still to be shown."""
    sections = _split_sections(code)
    if number < 0 and len(sections) > 1:
        return sections[1], False
    if number.is_zero() and len(sections) > 2:
        return sections[2], True
    return sections[0], True


@functools.lru_cache(maxsize=256)
def _split_sections(code: str) -> tuple[str, ...]:
    sections: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    for char in code:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == ";" and not quoted:
            sections.append("".join(current))
            current = []
            continue
        current.append(char)
    sections.append("".join(current))
    return tuple(sections)


@functools.lru_cache(maxsize=256)
def _parse_section(section: str) -> Section | None:
    """The parts of one section of a number format, or None for what is not modelled."""
    section = _BRACKETS.sub("", section)
    prefix: list[str] = []
    suffix: list[str] = []
    percents = min_places = max_places = min_int = 0
    in_number = after_point = seen_number = comma = grouped = False
    for match in _TOKEN.finditer(section):
        literal, escaped, placeholder, exponent, fraction, other = match.groups()
        if exponent or fraction:
            return None
        if placeholder is not None:
            if placeholder == "%":
                percents += 1
                (suffix if seen_number else prefix).append("%")
                continue
            if seen_number and not in_number:
                return None  # digits in two places (a fraction or a date-like code)
            seen_number = in_number = True
            if placeholder == ".":
                after_point = True
            elif after_point and placeholder != ",":
                max_places += 1
                min_places += placeholder == "0"
            elif placeholder == ",":
                comma = True  # grouping when a digit follows ("#,##0"); a trailing one scales
            else:
                grouped = grouped or comma
                min_int += placeholder == "0"
            continue
        if in_number:
            in_number = False
        text = literal if literal is not None else escaped if escaped is not None else other or ""
        if other is not None and other.lower() in "ymdhs" and other.strip():
            return None  # a date or time code: not a plain number
        (suffix if seen_number else prefix).append(text)
    if not seen_number:  # a section of text only: `0.00;-0.00;"-"` shows zero as "-"
        return Section("".join(prefix), "", 0, 0, 0, _TEXT_ONLY, False)
    return Section("".join(prefix), "".join(suffix), percents, min_places, max_places, min_int, grouped)


def _fixed(number: Decimal, section: Section) -> str:
    min_places, max_places, min_int = section.min_places, section.max_places, section.min_int
    rounded = number.quantize(Decimal(1).scaleb(-max_places), rounding=ROUND_HALF_UP)
    text = format(rounded, "f")
    if max_places > min_places and "." in text:
        whole, fraction = text.split(".")
        fraction = fraction.rstrip("0")
        fraction = fraction + "0" * max(0, min_places - len(fraction))
        text = f"{whole}.{fraction}" if fraction else whole
    if min_int == 0:
        sign = "-" if text.startswith("-") else ""
        digits = text.lstrip("-")
        if digits.startswith("0.") or digits == "0":
            text = sign + digits[1:]
    if text.startswith("-") and Decimal(text.replace("-", "") or "0").is_zero():
        text = text[1:]
    return _grouped(text) if section.grouped else text


def _grouped(text: str) -> str:
    """Thousands separators in the integer digits ("-1234567.5" -> "-1,234,567.5")."""
    sign = "-" if text.startswith("-") else ""
    whole, point, fraction = text.lstrip("-").partition(".")
    return f"{sign}{int(whole):,}{point}{fraction}" if whole else text
