"""Units two figures can be compared in: a goal's figure and an indicator match only within one family.

How names of the same quantity are matched is `extractor.names`.
"""

from __future__ import annotations

from decimal import Decimal

from extractor.rounding import UNIT_SCALE

# Units that count the same kind of thing; a figure and an indicator match only within one.
_UNIT_FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"%"}),
    frozenset(UNIT_SCALE),
    frozenset({"人", "名", "人次"}),
)


def unit_family(unit: str | None) -> frozenset[str] | None:
    """The family a unit belongs to; a unit outside every family is a family of its own."""
    if unit is None:
        return None
    unit = unit.replace("％", "%")
    for family in _UNIT_FAMILIES:
        if unit in family:
            return family
    return frozenset({unit})


def units_compatible(first: str | None, second: str | None) -> bool:
    """Same family, or one side states no unit (a table cell under a header unit)."""
    a, b = unit_family(first), unit_family(second)
    return a is None or b is None or a == b


def is_money(unit: str | None) -> bool:
    return unit is not None and unit in UNIT_SCALE


def comparable(number: Decimal, unit: str | None, other_unit: str | None) -> Decimal:
    """A number ready to compare with one in `other_unit`: in 元 when both are money, else as written."""
    scale = UNIT_SCALE.get(unit or "")
    if scale is not None and is_money(other_unit):
        return number * scale
    return number
