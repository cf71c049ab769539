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
from collections.abc import Iterable
from pathlib import Path

from extractor.ingest import publish
from extractor.ingest.columns import TABLES, Table
from extractor.ingest.export_helper import ExportHelper
from extractor.ingest.guard import STAGING_PREFIX, deferred
from extractor.ingest.options import IngestOptions
from extractor.ingest.state import State
from extractor.ingest.summary import store_facts
from extractor.ingest.write_csv import write_csv
from extractor.ingest.write_sqlite import write_metadata, write_sqlite

RECORDS = "records.jsonl"
SQLITE = "reports.db"
METADATA = "metadata.json"
WORKBOOK = "audit.xlsx"
MANIFEST = "manifest.json"
MANIFEST_VERSION = "2"
# Outputs the export helper writes in a second process (`export_helper`), when there is one.
HELPER_KINDS = ("parquet", "xlsx")
# Fewer documents than this are published in one process: a second one would cost more than it saves.
HELPER_MIN_DOCUMENTS = 100


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


def export(state: State, out: Path, options: IngestOptions, helper: bool = False) -> Clock:
    """Write and publish every output; returns the seconds each kind of output took (the benchmark).

    `helper`: a forkserver is running (the local pool's), so Parquet and audit.xlsx may be written by
    a second process meanwhile (`export_helper`), for archives of `HELPER_MIN_DOCUMENTS` or more."""
    state.flush()
    staging = state.path.parent / f"{STAGING_PREFIX}{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "csv").mkdir(parents=True)
    (staging / "parquet").mkdir()
    try:
        clock, counts = _write_all(state, staging, options, helper)
        names = expected_outputs(options)[:-1]
        _write_manifest(staging, names, counts)
        with deferred():
            for name in [*names, MANIFEST]:
                (out / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / name, out / name)
            state.mark_exported()
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return clock


class Clock:
    """Seconds per kind of output: wall-clock, and CPU of this process (what a busy machine distorts least)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.last = time.perf_counter()
        self.last_cpu = time.process_time()

    def lap(self, name: str) -> None:
        now, cpu = time.perf_counter(), time.process_time()
        self.seconds[name] = self.seconds.get(name, 0.0) + now - self.last
        self.cpu[name] = self.cpu.get(name, 0.0) + cpu - self.last_cpu
        self.last, self.last_cpu = now, cpu


def _write_all(state: State, staging: Path, options: IngestOptions, helper: bool) -> tuple[Clock, dict[str, int]]:
    clock = Clock()
    publish.prepare(state)
    clock.lap("publish")
    kinds = {"jsonl", *(kind for kind in ("csv", "parquet", "sqlite", "xlsx") if getattr(options, kind))}
    big = helper and _documents(state) >= HELPER_MIN_DOCUMENTS
    aside = [kind for kind in HELPER_KINDS if kind in kinds] if big else []
    running = ExportHelper(state.path, staging, aside, options.worker_init) if aside else None
    try:
        counts = write_outputs(state, staging, kinds - set(aside), clock)
        if running is not None:
            done = running.result()
            clock.lap("wait")  # the helper's own seconds are beside the main process's, not after them
            for name, seconds in done.seconds.items():
                clock.seconds[f"helper:{name}"] = seconds
            for name, cpu in done.cpu.items():
                clock.cpu[name] = clock.cpu.get(name, 0.0) + cpu
            counts = {**done.counts, **counts}
    finally:
        if running is not None:
            running.stop()
    return clock, counts


def _documents(state: State) -> int:
    return int(state.db.execute("SELECT COUNT(*) FROM p_documents").fetchone()[0])


def write_outputs(state: State, staging: Path, kinds: set[str], clock: Clock) -> dict[str, int]:
    """The outputs of `kinds` (jsonl csv parquet sqlite xlsx) from the published state (`publish.prepare` done);
    the row count of each table written."""
    counts: dict[str, int] = {}
    if "jsonl" in kinds:
        _write_records(state, staging / RECORDS)
        clock.lap("jsonl")
    for table in TABLES:
        if "csv" in kinds:
            counts[table.name] = write_csv(table, publish.rows(state, table), staging / csv_name(table))
            clock.lap("csv")
        if "parquet" in kinds:
            counts[table.name] = write_parquet(table, publish.rows(state, table), staging / parquet_name(table))
            clock.lap("parquet")
    if "sqlite" in kinds:
        counts.update(write_sqlite(state.db, staging / SQLITE))
        write_metadata(staging / METADATA)
        clock.lap("sqlite")
    if "xlsx" in kinds:
        from extractor.ingest.write_xlsx import write_xlsx

        write_xlsx(state, staging / WORKBOOK, store_facts(state.db))
        clock.lap("xlsx")
    return counts


def write_parquet(table: Table, batches: Iterable[list[tuple[object, ...]]], target: Path) -> int:
    """`write_parquet.write_parquet`, imported when first used: a main process whose helper writes the
    Parquet files never imports pyarrow."""
    from extractor.ingest.write_parquet import write_parquet as write

    return write(table, batches, target)


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
