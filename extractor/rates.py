"""Rates computed from two figures — 执行率 (executed / budget), 完成率 (actual / target) — by one
function, `percent_of`, so the checker, the ingest tables and the review overview cannot disagree.

The rules, for every caller:

- Exact arithmetic: the Decimal figures are divided as fractions, never as floats and never through
  a rounded intermediate (a Decimal division rounds at 28 digits, which can round twice).
- A rate exists only over a whole greater than zero. A budget of 0 has no execution rate (whatever
  was spent), and a negative budget is no budget a rate can be taken of: both give None. The
  checker says so separately when a report states a rate for money spent out of nothing
  (`check.rules_funds`).
- The exact value is rounded once, half away from zero, to the decimals of the stated rate it is
  set beside ("79.6" → 1 decimal, "80" → 0, "79.60" → 2), else to `SETTINGS.rate_decimals` (2),
  how reports write rates. The figure shown is the figure counted: the review bins the rounded rate.

    >>> percent_of(Decimal("50615600"), Decimal("63595500"))
    Decimal('79.59')
    >>> percent_of(Decimal("50615600"), Decimal("63595500"), like=Decimal("80"))
    Decimal('80')
    >>> percent_of(Decimal(480), Decimal(0)) is None
    True
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from extractor.settings import SETTINGS

__all__ = ["decimals_of", "exact_percent", "percent_of", "round_half_up"]


def decimals_of(stated: Decimal) -> int:
    """How many decimals a stated figure was written with (trailing zeros included)."""
    exponent = stated.as_tuple().exponent
    if not isinstance(exponent, int):  # NaN or infinity: nothing to round to
        return 0
    return max(0, -exponent)


def round_half_up(value: Fraction | Decimal, places: int) -> Decimal:
    """Round an exact value half away from zero to `places` decimals, with no float step."""
    exact = Fraction(value)
    scaled = abs(exact) * 10**places
    magnitude = math.floor(scaled + Fraction(1, 2))
    signed = -magnitude if exact < 0 else magnitude
    return Decimal(signed).scaleb(-places)


def exact_percent(part: Decimal, whole: Decimal) -> Fraction | None:
    """part / whole × 100 exactly; None when the whole is not above zero (no rate exists)."""
    if whole <= 0:
        return None
    return Fraction(part) / Fraction(whole) * 100


def percent_of(part: Decimal | None, whole: Decimal | None, like: Decimal | None = None) -> Decimal | None:
    """part / whole × 100 rounded half-up to the decimals of `like` (a stated rate), else to two;
    None when either figure is missing or the whole is not above zero."""
    if part is None or whole is None:
        return None
    exact = exact_percent(part, whole)
    if exact is None:
        return None
    places = SETTINGS.rate_decimals if like is None else decimals_of(like)
    return round_half_up(exact, places)
