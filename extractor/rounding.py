"""The checker's tolerance policy: recompute exactly, round like the report, compare exactly.

A report states a rate rounded to some number of decimals ("79.59%", "79.6%", "80%"). The
checker recomputes the figure from the amounts with exact rational arithmetic, rounds it half-up
to the number of decimals the stated figure has, and compares the two exactly (rates are computed
by `extractor.rates.percent_of`, the same function the ingest tables and the review use):

- 5061.56 / 6359.55 × 100 = 79.5899…; stated 79.59 (2 decimals) → consistent; stated 79.60 → a
  mismatch (computed "79.59"); stated 79.6 → consistent at 1 decimal; stated 80 → consistent at
  0 decimals.
- A ratio exactly on a half (x.xx5) rounds up: 1 / 8 = 12.5% is "13" at 0 decimals.
- Trailing zeros count as written decimals: "79.60" is compared at 2 decimals.

Amounts are summed and compared exactly in 元 (`Amount.yuan`), whatever unit each was stated in:
a report that states its sources in 万元 with two decimals can make them add up to the cent.

Two stated figures of the same quantity (a rate written in two places) are compared at the lower
of their two precisions: "79.59" and "79.6" agree, "79.59" and "79.5" do not.

Scores follow the same rule: a recomputed score is rounded half-up to the decimals of the stated
score. No numeric slack is allowed anywhere. Where a rule deliberately looks less strictly it says
why in its docstring and in docs/tolerance.md:

- sources are compared with their total only when every source of a split states the amount and
  the split has two or more members (a lone "其中" source is a partial listing); 其他资金 may
  complete either split when a report lists both (`rules_funds.source_partitions`);
- a goal figure equal to the indicator's target is the plan restated, not a mismatch of the
  actual (`rules_cross`);
- the execution score is recomputed from the stated rate, which is what the scorer used
  (`rules_scores.execution_score_mismatch`).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

# Rounding and rates have one home, shared with the ingest tables and the review overview.
from extractor.rates import decimals_of, round_half_up

HUNDRED = Decimal(100)

# Scale of each money unit to 元; amounts in other units are never compared.
UNIT_SCALE: dict[str, Decimal] = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}


def recomputed_like(stated: Decimal, exact: Fraction | Decimal) -> Decimal:
    """The exact value rounded half-up to the decimals the stated figure was written with."""
    return round_half_up(exact, decimals_of(stated))


def agrees_with(stated: Decimal, exact: Fraction | Decimal) -> bool:
    """A stated figure is consistent when it equals the exact value rounded like it."""
    return recomputed_like(stated, exact) == stated


def same_at_lower_precision(first: Decimal, second: Decimal) -> bool:
    """Two stated figures agree when they are equal at the coarser of their two precisions."""
    places = min(decimals_of(first), decimals_of(second))
    return round_half_up(first, places) == round_half_up(second, places)


def as_written(stated: Decimal) -> str:
    """A stated figure with exactly the digits it was written with ("79.60", "80")."""
    return format(stated, "f")


def plain(value: Decimal | Fraction) -> str:
    """A plain decimal without exponent or trailing zeros ("63595500", "12.5")."""
    decimal = value if isinstance(value, Decimal) else Decimal(value.numerator) / Decimal(value.denominator)
    text = format(decimal, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"
