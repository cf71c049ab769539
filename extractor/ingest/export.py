"""Rebuild the published outputs in DIR from the store, streaming, each file replaced atomically.

Layout: records.jsonl, csv/<table>.csv, parquet/<table>.parquet, reports.db + metadata.json,
audit.xlsx, and manifest.json last (row counts; written only once everything else is in place).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

from extractor.ingest.atomic import replacing
from extractor.ingest.columns import DOCUMENTS, FINDINGS, TABLES, Table
from extractor.ingest.options import IngestOptions
from extractor.ingest.state import State, state_table
from extractor.ingest.summary import store_facts
from extractor.ingest.write_csv import write_csv
from extractor.ingest.write_parquet import write_parquet
from extractor.ingest.write_sqlite import write_metadata, write_sqlite

RECORDS = "records.jsonl"
SQLITE = "reports.db"
METADATA = "metadata.json"
WORKBOOK = "audit.xlsx"
MANIFEST = "manifest.json"


def csv_path(out: Path, table: Table) -> Path:
    return out / "csv" / f"{table.name}.csv"


def parquet_path(out: Path, table: Table) -> Path:
    return out / "parquet" / f"{table.name}.parquet"


def expected_outputs(out: Path, options: IngestOptions) -> list[Path]:
    paths = [out / RECORDS, out / MANIFEST]
    if options.csv:
        paths += [csv_path(out, t) for t in TABLES]
    if options.parquet:
        paths += [parquet_path(out, t) for t in TABLES]
    if options.sqlite:
        paths += [out / SQLITE, out / METADATA]
    if options.xlsx:
        paths.append(out / WORKBOOK)
    return paths


def export(state: State, out: Path, options: IngestOptions) -> dict[str, float]:
    """Write every output; returns the seconds each kind of output took (the benchmark reports them)."""
    state.flush()
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = seconds.get(name, 0.0) + now - clock
        clock = now

    with replacing(out / RECORDS) as temporary, temporary.open("w", encoding="utf-8", newline="\n") as handle:
        for line in state.records():
            handle.write(line + "\n")
    lap("jsonl")
    counts: dict[str, int] = {}
    for table in TABLES:
        if options.csv:
            counts[table.name] = write_csv(table, state.rows(table), csv_path(out, table))
            lap("csv")
        if options.parquet:
            counts[table.name] = write_parquet(table, state.rows(table), parquet_path(out, table))
            lap("parquet")
    if options.sqlite:
        counts.update(write_sqlite(state.path, out / SQLITE))
        write_metadata(out / METADATA)
        lap("sqlite")
    if options.xlsx:
        _workbook(state, out / WORKBOOK)
        lap("xlsx")
    manifest = {"schema_version": "1", "record_schema_version": "1", "tables": counts,
                "outputs": sorted(str(p.relative_to(out)) for p in expected_outputs(out, options))}
    with replacing(out / MANIFEST) as temporary:
        temporary.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    state.mark_exported()
    return seconds


def _workbook(state: State, target: Path) -> None:
    from extractor.ingest.write_xlsx import write_xlsx

    # Findings carry their document's path first, so each one names the file as well as the place.
    names = ", ".join(f"f.{name}" for name in FINDINGS.names)
    findings_sql = (f"SELECT d.path, {names} FROM {state_table(FINDINGS)} f "
                    f"JOIN {state_table(DOCUMENTS)} d ON d.doc_id = f.doc_id ORDER BY f.doc_id, f.seq")

    def findings_rows() -> Iterator[list[tuple[object, ...]]]:
        cursor = state.db.execute(findings_sql)
        while chunk := cursor.fetchmany(5000):
            yield chunk

    sheets = [(table, state.rows(table), False) for table in TABLES if table is not FINDINGS]
    sheets.append((FINDINGS, findings_rows(), True))
    write_xlsx(target, store_facts(state.db), sheets)
