"""CSV, one file per table: UTF-8 with a BOM (so Excel opens the Chinese text), header of column names.

Text from documents can begin with what a spreadsheet takes for a formula (`=HYPERLINK(...)`,
`+`, `-`, `@`, a tab or a carriage return). Such a text cell gets a leading apostrophe, as OWASP
recommends for CSV injection: Excel and WPS then show the text and run nothing. Numbers are
written as numbers (a negative amount keeps its minus sign).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from extractor.ingest.columns import Kind, Table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: object, kind: Kind) -> str:
    """The canonical text of a stored value: "" for null, true/false for booleans, exact decimals as stored."""
    if value is None:
        return ""
    if kind == "bool":
        return "true" if value else "false"
    text = str(value)
    if kind == "text" and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write_csv(table: Table, batches: Iterable[list[tuple[object, ...]]], target: Path) -> int:
    # What `csv_text` does, done only where it changes something: the csv module already writes None
    # as "" and numbers and decimal text as they are, so only text cells (formula guard) and booleans
    # are looked at. Every cell through csv_text cost more than the rest of the export.
    texts = [index for index, column in enumerate(table.columns) if column.kind == "text"]
    flags = [index for index, column in enumerate(table.columns) if column.kind == "bool"]
    count = 0
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(table.names)
        for batch in batches:
            writer.writerows(_cells(row, texts, flags) for row in batch)
            count += len(batch)
    return count


def _cells(row: tuple[object, ...], texts: list[int], flags: list[int]) -> tuple[object, ...] | list[object]:
    changed: list[object] | None = None
    for index in texts:
        value = row[index]
        if value is not None and str(value).startswith(FORMULA_STARTS):
            changed = changed or list(row)
            changed[index] = "'" + str(value)
    for index in flags:
        if row[index] is not None:
            changed = changed or list(row)
            changed[index] = "true" if row[index] else "false"
    return row if changed is None else changed
