"""Parquet, one file per table (pyarrow): exact decimals as decimal128(38, 10), never floats."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from extractor.ingest.columns import DECIMAL_PRECISION, DECIMAL_SCALE, Column, Kind, Table

_TYPES: dict[Kind, pa.DataType] = {
    "text": pa.string(),
    "int": pa.int64(),
    "bool": pa.bool_(),
    "decimal": pa.decimal128(DECIMAL_PRECISION, DECIMAL_SCALE),
}


def arrow_schema(table: Table) -> pa.Schema:
    return pa.schema([pa.field(c.name, _TYPES[c.kind], metadata={"zh": c.zh, "en": c.en}) for c in table.columns],
                     metadata={"table": table.name, "zh": table.zh, "en": table.en})


def _convert(column: Column, values: list[Any]) -> pa.Array:
    try:
        if column.kind == "decimal":
            # The store holds a decimal's exact text: Arrow parses it (exactly) in C++, much faster than
            # a Decimal object per value; a value arriving as a Decimal (or a number) is written as text.
            texts = [v if v is None or isinstance(v, str) else format(Decimal(v), "f") for v in values]
            return pa.array(texts, type=pa.string()).cast(_TYPES["decimal"])
        if column.kind == "bool":  # 0/1 in the store
            return pa.array([None if v is None else bool(v) for v in values], type=pa.bool_())
        return pa.array(values, type=_TYPES[column.kind])
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as error:
        # `storage.storable` keeps every value within the type: a bug if reached
        raise ValueError(f"{column.name}: value does not fit {_TYPES[column.kind]}: {error}") from error


def write_parquet(table: Table, batches: Iterable[list[tuple[object, ...]]], target: Path) -> int:
    schema = arrow_schema(table)
    count = 0
    with pq.ParquetWriter(target, schema) as writer:
        for batch in batches:
            columns = list(zip(*batch, strict=True))
            arrays = [_convert(c, list(values)) for c, values in zip(table.columns, columns, strict=True)]
            writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=schema))
            count += len(batch)
    return count
