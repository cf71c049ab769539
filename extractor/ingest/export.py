"""Publish the outputs in DIR from the store: all written first, then renamed into place together.

Layout: records.jsonl, csv/<table>.csv, parquet/<table>.parquet, reports.db + metadata.json,
audit.xlsx, and manifest.json (row counts, and each output's size and sha256).

Every output is written into a staging folder (`DIR/.ingest/export-PID/`) on the same file system;
only when all of them are complete are they renamed over the old ones, manifest last, with Ctrl-C
and SIGTERM held back meanwhile. A failure while writing (a full disk) leaves every published file
as it was; each rename is atomic, so a reader sees an old or a new file, never half of one; and a
run killed between two renames is found out by the next run (sizes against the manifest), which
publishes again.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from extractor.ingest import publish
from extractor.ingest.columns import TABLES, Table
from extractor.ingest.guard import STAGING_PREFIX, deferred
from extractor.ingest.options import IngestOptions
from extractor.ingest.state import State
from extractor.ingest.summary import store_facts
from extractor.ingest.write_csv import write_csv
from extractor.ingest.write_parquet import write_parquet
from extractor.ingest.write_sqlite import write_metadata, write_sqlite

RECORDS = "records.jsonl"
SQLITE = "reports.db"
METADATA = "metadata.json"
WORKBOOK = "audit.xlsx"
MANIFEST = "manifest.json"
MANIFEST_VERSION = "2"


def csv_name(table: Table) -> str:
    return f"csv/{table.name}.csv"


def parquet_name(table: Table) -> str:
    return f"parquet/{table.name}.parquet"


def expected_outputs(options: IngestOptions) -> list[str]:
    """The outputs a run with these options publishes, relative to DIR (the manifest last)."""
    names = [RECORDS]
    if options.csv:
        names += [csv_name(t) for t in TABLES]
    if options.parquet:
        names += [parquet_name(t) for t in TABLES]
    if options.sqlite:
        names += [SQLITE, METADATA]
    if options.xlsx:
        names.append(WORKBOOK)
    return [*names, MANIFEST]


def outputs_intact(out: Path, options: IngestOptions) -> bool:
    """Whether DIR holds one complete publication: every output there, with the size its manifest says."""
    try:
        listed = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["outputs"]
        wanted = expected_outputs(options)[:-1]
        return sorted(listed) == sorted(wanted) and all(
            (out / name).stat().st_size == listed[name]["bytes"] for name in wanted)
    except (OSError, ValueError, KeyError, TypeError):
        return False


def export(state: State, out: Path, options: IngestOptions) -> dict[str, float]:
    """Write and publish every output; returns the seconds each kind of output took (the benchmark)."""
    state.flush()
    staging = state.path.parent / f"{STAGING_PREFIX}{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "csv").mkdir(parents=True)
    (staging / "parquet").mkdir()
    try:
        seconds, counts = _write_all(state, staging, options)
        names = expected_outputs(options)[:-1]
        _write_manifest(staging, names, counts)
        with deferred():
            for name in [*names, MANIFEST]:
                (out / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / name, out / name)
            state.mark_exported()
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return seconds


class _Clock:
    """Seconds per kind of output."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = self.seconds.get(name, 0.0) + now - self.last
        self.last = now


def _write_all(state: State, staging: Path, options: IngestOptions) -> tuple[dict[str, float], dict[str, int]]:
    clock = _Clock()
    publish.prepare(state)
    clock.lap("publish")
    _write_records(state, staging / RECORDS)
    clock.lap("jsonl")
    counts: dict[str, int] = {}
    for table in TABLES:
        if options.csv:
            counts[table.name] = write_csv(table, publish.rows(state, table), staging / csv_name(table))
            clock.lap("csv")
        if options.parquet:
            counts[table.name] = write_parquet(table, publish.rows(state, table), staging / parquet_name(table))
            clock.lap("parquet")
    if options.sqlite:
        counts.update(write_sqlite(state.db, staging / SQLITE))
        write_metadata(staging / METADATA)
        clock.lap("sqlite")
    if options.xlsx:
        from extractor.ingest.write_xlsx import write_xlsx

        write_xlsx(state, staging / WORKBOOK, store_facts(state.db))
        clock.lap("xlsx")
    return clock.seconds, counts


def _write_records(state: State, target: Path) -> None:
    with target.open("w", encoding="utf-8", newline="\n") as handle:
        for line in publish.records(state):
            handle.write(line + "\n")


def _write_manifest(staging: Path, names: list[str], counts: dict[str, int]) -> None:
    from extractor import __version__

    outputs = {name: {"bytes": (staging / name).stat().st_size, "sha256": _sha256(staging / name)} for name in names}
    manifest = {"schema_version": MANIFEST_VERSION, "record_schema_version": "1", "extractor_version": __version__,
                "tables": counts, "outputs": outputs}
    (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _sha256(path: Path) -> str:
    from extractor.digest import sha256_of

    return sha256_of(path)
