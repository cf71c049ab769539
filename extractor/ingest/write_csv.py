"""CSV, one file per table: UTF-8 with a BOM (so Excel opens the Chinese text), header of column names."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from extractor.ingest.atomic import replacing
from extractor.ingest.columns import Kind, Table


def csv_text(value: object, kind: Kind) -> str:
    """The canonical text of a stored value: "" for null, true/false for booleans, exact decimals as stored."""
    if value is None:
        return ""
    if kind == "bool":
        return "true" if value else "false"
    return str(value)


def write_csv(table: Table, batches: Iterable[list[tuple[object, ...]]], target: Path) -> int:
    kinds = [column.kind for column in table.columns]
    count = 0
    with replacing(target) as temporary, temporary.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(table.names)
        for batch in batches:
            writer.writerows([csv_text(value, kind) for value, kind in zip(row, kinds, strict=True)] for row in batch)
            count += len(batch)
    return count
