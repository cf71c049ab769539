"""What makes the ingest cheap must not change what it produces: batched store writes, rows converted
in the worker, the export helper process, and the fast paths of copy comparison and name folding."""

from __future__ import annotations

import errno
import sqlite3
import subprocess
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from test_ingest_helpers import CORPUS, GOOD, MAX_BYTES, make_archive, table_bytes

from extractor.errors import ReadError
from extractor.ingest import IngestOptions, export, ingest, state
from extractor.ingest.columns import CHILD_TABLES
from extractor.ingest.copies import FACT_FIELDS, Facts, Figure, facts_of, normal
from extractor.ingest.guard import IngestError
from extractor.ingest.storage import stored, stored_rows
from extractor.ingest.tables import place_of, record_rows
from extractor.models import Record
from extractor.pipeline import extract_records

OPTIONS = IngestOptions(workers=2, max_bytes=MAX_BYTES, progress="none")
FILL_DISK = "test_ingest_batching:fill_disk_when_writing_parquet"


def _store(out: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table of the store, in key order; read_at (when the content was read) left out."""
    with sqlite3.connect(out / ".ingest" / "state.db") as db:
        names = ["c_documents", "records", *(f"c_{t.name}" for t in CHILD_TABLES)]
        tables = {name: db.execute(f"SELECT * FROM {name} ORDER BY 1, 2, 3").fetchall() for name in names}
        tables["contents"] = db.execute("SELECT sha256, status, error_code, format, parts, version, environment, "
                                        "pages FROM contents ORDER BY sha256").fetchall()
    db.close()
    return tables


def test_a_batch_is_stored_as_results_stored_one_by_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = make_archive(tmp_path / "archive", hostile=False)
    batched = ingest([source], tmp_path / "batched", OPTIONS)
    monkeypatch.setattr(state, "BATCH_RESULTS", 1)  # a transaction per result, as a slow machine may do
    single = ingest([source], tmp_path / "single", OPTIONS)
    assert batched.processed == single.processed > 10
    assert _store(tmp_path / "batched") == _store(tmp_path / "single")
    assert table_bytes(tmp_path / "batched") == table_bytes(tmp_path / "single")


def test_a_content_read_again_replaces_its_rows(tmp_path: Path) -> None:
    source = make_archive(tmp_path / "archive", hostile=False)
    first = ingest([source], tmp_path / "out", OPTIONS)
    before = _store(tmp_path / "out")
    again = ingest([source], tmp_path / "out", IngestOptions(workers=2, max_bytes=MAX_BYTES, progress="none",
                                                            force=True))
    assert again.processed == first.processed and _store(tmp_path / "out") == before


@pytest.mark.parametrize("name", [n for n in GOOD if not n.endswith(".pdf")])
def test_rows_converted_in_the_worker_are_what_the_store_kept_before(name: str) -> None:
    for part, record in enumerate(extract_records(CORPUS / name)):
        rows = record_rows(record)
        for table in CHILD_TABLES:
            kinds = [c.kind for c in table.columns[1:]]
            expected = [["sha", part, *(stored(v) for v in row)] for row in rows.children[table.name]]
            assert stored_rows(kinds, "sha", part, rows.children[table.name]) == expected


def test_the_export_helper_writes_what_one_process_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = make_archive(tmp_path / "archive", hostile=False)
    monkeypatch.setattr(export, "HELPER_MIN_DOCUMENTS", 10**9)
    alone = ingest([source], tmp_path / "alone", OPTIONS)
    assert "wait" not in alone.export_seconds
    monkeypatch.setattr(export, "HELPER_MIN_DOCUMENTS", 0)
    helped = ingest([source], tmp_path / "helped", OPTIONS)
    assert "wait" in helped.export_seconds and "helper:xlsx" in helped.export_seconds
    assert table_bytes(tmp_path / "helped") == table_bytes(tmp_path / "alone")
    for name in ("audit.xlsx", "reports.db", "manifest.json"):
        assert (tmp_path / "helped" / name).stat().st_size > 0
    assert export.outputs_intact(tmp_path / "helped", OPTIONS)


def fill_disk_when_writing_parquet() -> None:
    """worker_init plug-in (it runs in the export helper too): writing Parquet finds the disk full."""
    from extractor.ingest import write_parquet

    def full(*args: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device", "parquet")

    write_parquet.write_parquet = full  # type: ignore[assignment]


def test_a_full_disk_in_the_export_helper_ends_the_run_as_in_one_process(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    source = make_archive(tmp_path / "archive", hostile=False)
    ingest([source], tmp_path / "out", OPTIONS)
    before = table_bytes(tmp_path / "out")
    (source / "2025" / "new.txt").write_bytes((CORPUS / "c01_jineng_rounding.txt").read_bytes())
    monkeypatch.setattr(export, "HELPER_MIN_DOCUMENTS", 0)
    with pytest.raises(IngestError) as raised:
        ingest([source], tmp_path / "out", IngestOptions(workers=2, max_bytes=MAX_BYTES, progress="none",
                                                         worker_init=FILL_DISK))
    assert raised.value.code == "disk_full"
    assert table_bytes(tmp_path / "out") == before  # the previous publication stays whole
    assert not list((tmp_path / "out" / ".ingest").glob("export-*"))
    fixed = ingest([source], tmp_path / "out", OPTIONS)
    assert fixed.exported and fixed.processed == 0  # the new file was kept in the store meanwhile


def refuse_to_compile_a_pattern() -> None:
    """worker_init plug-in: a pattern compiled in the worker, not inherited from the forkserver, fails
    the file it was compiled for."""
    from extractor import patterns

    compiled = patterns.get

    def get(qualified: str) -> object:
        before = compiled.cache_info().misses
        found = compiled(qualified)
        if compiled.cache_info().misses != before:
            raise AssertionError(f"{qualified} was compiled in the worker")
        return found

    patterns.get = get  # type: ignore[assignment]


def test_workers_start_with_every_pattern_compiled(tmp_path: Path) -> None:
    # Each worker, and each recycled one, used to compile the patterns on its first documents
    # (0.15-0.3 s of CPU a worker): the forkserver compiles them once before it forks (ingest/warm.py).
    source = make_archive(tmp_path / "archive", hostile=False)
    options = IngestOptions(workers=2, max_bytes=MAX_BYTES, progress="none", max_tasks_per_child=3,
                            worker_init="test_ingest_batching:refuse_to_compile_a_pattern")
    summary = ingest([source], tmp_path / "out", options)
    assert summary.documents >= len(GOOD) and "internal_error" not in summary.errors_by_code


def _slow_normal(text: object) -> str:
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKC", str(text))
    return "".join(ch for ch in folded if not ch.isspace() and unicodedata.category(ch)[0] not in "PSZC")


def test_names_fold_as_before_over_every_code_point() -> None:
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert normal(every) == _slow_normal(every)
    for text in ("赤峰市 红山区（2025）", "赤峰市红山区(2025)", "ＡＢＣ　１２３", None, 2025):
        assert normal(text) == _slow_normal(text)


@pytest.mark.parametrize(("kind", "mine", "theirs", "agree"), [
    ("percent", "79.6", "79.60", True), ("percent", "79.6", "79.64", True), ("percent", "79.6", "79.66", False),
    ("amount", "63595500", "63595500.00", True), ("amount", "63595500", "63955500", False),
    ("number", "12436", "12436", True), ("amount", "1.5", "1.50", True), ("amount", "1.5", "1.51", False),
])
def test_copies_agree_as_before(kind: str, mine: str, theirs: str, agree: bool) -> None:
    def figure(value: str) -> Figure:
        return Figure("label", value, value, kind, "", "")

    assert figure(mine).agrees(figure(theirs)) is agree
    assert figure(theirs).agrees(figure(mine)) is agree


def test_the_main_process_imports_no_models_checker_or_review() -> None:
    # The main process only stores rows and writes tables: pydantic, the checker's rules and the
    # review report cost ~0.4 s of CPU to import, paid once per run for nothing.
    probe = ("import sys; from extractor.ingest import IngestOptions, ingest\n"
             "print('LOADED', [m for m in ('pydantic', 'extractor.models', 'extractor.check', 'extractor.review') "
             "if m in sys.modules])")
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert "LOADED []" in output


def _facts_both_ways(record: Record, part: int) -> tuple[Facts, Facts]:
    """The facts from the record's whole JSON parsed back (as before), and from the worker's partial dump."""
    from extractor.emit.json import loads, record_json
    from extractor.ingest.worker import _as_parsed

    parsed = facts_of(loads(record_json(record)), place_of, part)
    return parsed, facts_of(_as_parsed(record.model_dump(include=FACT_FIELDS)), place_of, part)


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".txt", ".docx", ".xlsx",
                                                                                           ".html", ".pdf")))
def test_the_worker_reads_the_same_facts_without_parsing_the_record_again(name: str) -> None:
    try:
        records = extract_records(CORPUS / name)
    except ReadError:  # a scan without the OCR extra, a file made to fail: no record, no facts
        return
    for part, record in enumerate(records):
        parsed, dumped = _facts_both_ways(record, part)
        assert dumped == parsed


def test_facts_of_unusual_decimals_are_as_the_json_gives_them() -> None:
    record = extract_records(CORPUS / GOOD[0])[0]
    assert record.funds.budget_total is not None and record.funds.execution_rate is not None
    record.funds.budget_total.yuan = Decimal("6.4E+7")  # a positive exponent: JSON writes 64000000
    record.funds.budget_total.value = Decimal("0.0000001")
    record.funds.execution_rate.value = Decimal("-0.00")
    parsed, dumped = _facts_both_ways(record, 0)
    assert dumped == parsed and parsed.figures["budget_total"].value == "64000000"
