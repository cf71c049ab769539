"""How figures are written in the checker's Chinese messages."""

from __future__ import annotations

from decimal import Decimal

from extractor.models import Amount, Percent
from extractor.rounding import UNIT_SCALE, as_written, plain


def amount_text(amount: Amount) -> str:
    """An amount as the report gave it: "5061.56万元"."""
    return f"{as_written(amount.value)}{amount.unit}"


def yuan_in_unit_of(yuan: Decimal, like: Amount) -> str:
    """An amount in 元 written in the unit of another amount ("6359.56万元"), for messages."""
    scale = UNIT_SCALE.get(like.unit)
    if scale is None:
        return f"{plain(yuan)}元"
    return f"{plain(yuan / scale)}{like.unit}"


def percent_text(percent: Percent | Decimal) -> str:
    value = percent.value if isinstance(percent, Percent) else percent
    return f"{as_written(value)}%"


def scope_label(source_name: str | None) -> str:
    """Who a fund figure belongs to: the total or a named source."""
    return "资金总额" if source_name is None else source_name
