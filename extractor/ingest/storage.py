"""Values every writer can hold exactly: no document can break a warehouse.

A report may state a figure no table format holds as written: a rate pasted from an Excel float
(99.33333333333333%), an amount with more digits than a double, a 30-digit number. Before a value
enters the tables it is brought within what CSV, Parquet decimal128(38, 10) and a SQLite REAL all
hold exactly: amounts to the 分 (2 decimals of a yuan), other figures to 10 decimals, at most 15
significant digits (a REAL then prints back as the same decimal), magnitude below 10^28. A value
changed on the way carries a `value_rounded` warning on its document; records.jsonl keeps the
document's own digits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from extractor.ingest.columns import DECIMAL_PRECISION, DECIMAL_SCALE, MONEY_SCALE, REAL_DIGITS, Column, Kind, Table

_CONTEXT = Context(prec=80, rounding=ROUND_HALF_UP)
_LIMIT = Decimal(10) ** (DECIMAL_PRECISION - DECIMAL_SCALE)
ROUNDED = "value_rounded"


@dataclass(slots=True)
class Fitted:
    """The changes made to one document's values: (column title, as stated, as stored)."""

    changes: list[tuple[str, str, str]] = field(default_factory=list)

    def fit(self, value: Decimal | None, column: Column) -> Decimal | None:
        if value is None:
            return None
        stored = storable(value, column.money)
        if stored != value or (stored is None) != (value is None):
            shown = "空值" if stored is None else format(stored, "f")
            self.changes.append((column.zh, format(value, "f") if value.is_finite() else str(value), shown))
        return stored

    def messages(self) -> list[str]:
        return [f"{title}为 {stated}，超出表格可精确存储的位数，表格中记为 {stored}（records.jsonl 保留原值）"
                for title, stated, stored in self.changes]


def storable(value: Decimal, money: bool = False) -> Decimal | None:
    """`value` within the precision every table format holds; None when no format can hold it."""
    if not value.is_finite():
        return None
    try:
        scale = MONEY_SCALE if money else DECIMAL_SCALE
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -scale:
            value = value.quantize(Decimal(1).scaleb(-scale), context=_CONTEXT)
        if value and len(value.as_tuple().digits) > REAL_DIGITS:
            value = value.quantize(Decimal(1).scaleb(value.adjusted() - REAL_DIGITS + 1), context=_CONTEXT)
        if abs(value) >= _LIMIT:
            return None
    except InvalidOperation:
        return None
    return value


def fits(value: Decimal, money: bool = False) -> bool:
    return storable(value, money) == value


# ------------------------------------------------------------------ values as the store keeps them

StoredValue = str | int | None


def content_table(table: Table) -> str:
    """The store's table of a child table's rows, keyed by (sha256, part, seq)."""
    return "c_" + table.name

StoredRow = list[object]  # (sha256, part, *values): ready for executemany


def stored(value: object) -> StoredValue:
    """Decimals are kept as their exact text; booleans as 0/1."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bool):
        return int(value)
    return value  # type: ignore[return-value]  # str, int or None by the table's column kinds


def stored_rows(kinds: Sequence[Kind], sha256: str, part: int, rows: Sequence[Sequence[object]]) -> list[StoredRow]:
    """Rows keyed for the store, converted where a column holds decimals or booleans (the worker does
    this: the parent then inserts plain text and integers, and no Decimal crosses a pipe)."""
    converted = [index + 2 for index, kind in enumerate(kinds) if kind in ("decimal", "bool")]
    result: list[StoredRow] = []
    for row in rows:
        values: StoredRow = [sha256, part, *row]
        for index in converted:
            values[index] = stored(values[index])
        result.append(values)
    return result
