"""Ingest of a folder with good, duplicate, broken, encrypted, empty, too large, hanging and crashing inputs."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from test_ingest_helpers import MAX_BYTES, PLUGIN, make_archive, read_csv, table_bytes

from extractor.ingest import IngestOptions, IngestSummary, ingest
from extractor.models import Record

OPTIONS = IngestOptions(workers=2, timeout_s=3, max_bytes=MAX_BYTES, progress="none", worker_init=PLUGIN)


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, IngestSummary]:
    source = make_archive(tmp_path_factory.mktemp("archive"))
    out = tmp_path_factory.mktemp("out")
    return source, out, ingest([source], out, OPTIONS)


def documents(out: Path) -> dict[str, dict[str, str]]:
    rows = read_csv(out / "csv" / "documents.csv")
    header = rows[0]
    by_path = {}
    for row in rows[1:]:
        item = dict(zip(header, row, strict=True))
        by_path[Path(item["path"]).name] = item
    return by_path


def test_every_bad_file_becomes_an_error_record_and_the_batch_goes_on(batch: tuple[Path, Path, IngestSummary]) -> None:
    _, out, summary = batch
    docs = documents(out)
    codes = {name: item["error_code"] for name, item in docs.items() if item["status"] == "failed"}
    assert codes == {
        "broken.docx": "corrupt_file",
        "encrypted.docx": "encrypted",
        "corrupt.pdf": "corrupt_file",
        "empty.txt": "empty_file",
        "old.doc": "unsupported_format",
        "big.txt": "file_too_large",
        "hang.txt": "timeout",
        "crash.txt": "worker_crashed",
    }
    hang = docs["hang.txt"]
    assert hang["error"].startswith(str(Path(hang["path"]))) and "3 秒" in hang["error"]
    assert len(hang["sha256"]) == 64 and re.fullmatch(r"[0-9a-f]{20}", hang["doc_id"])
    assert summary.failed == 8 and summary.exit_code == 1
    assert summary.errors_by_code["timeout"] == 1
    assert all(item["report_key"] == "" and item["is_primary"] == "" for item in docs.values()
               if item["status"] == "failed")


def test_good_files_read_once_each_with_zip_members(batch: tuple[Path, Path, IngestSummary]) -> None:
    _, out, summary = batch
    ok = {name: item for name, item in documents(out).items() if item["status"] == "ok"}
    # 7 files + 2 zip members + the copy 副本.txt: a document of its own, its bytes read once
    assert len(ok) == 10 and summary.documents == 10 and summary.processed == 17
    assert summary.duplicates == 1 and summary.ignored == 1
    # e04 as .docx and .pdf, and hongshan with its copy, are one report each
    assert summary.reports == 8
    assert summary.formats == {"doc": 1, "docx": 5, "pdf": 3, "text": 9}
    copy, original = ok["副本.txt"], ok["hongshan_jiuye_2025.txt"]
    assert copy["sha256"] == original["sha256"] and copy["doc_id"] != original["doc_id"]
    assert (copy["report_key"], copy["copies"]) == (original["report_key"], "2")
    assert (original["is_primary"], copy["is_primary"]) == ("true", "false")  # same format: the first path
    member = ok["e09_linye_over_budget.docx"]
    assert member["path"].endswith("2024.zip!/2024/e09_linye_over_budget.docx")
    assert ok["hongshan_jiuye_2025.txt"]["region"] and ok["hongshan_jiuye_2025.txt"]["fiscal_year"] == "2025"


def test_records_jsonl_holds_the_full_contract_in_key_order(batch: tuple[Path, Path, IngestSummary]) -> None:
    _, out, _ = batch
    lines = (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
    records = [Record.model_validate(json.loads(line)) for line in lines]
    assert len(records) == 10
    by_id = {item["doc_id"]: item for item in documents(out).values()}
    listed = sorted(doc_id for doc_id, item in by_id.items() if item["status"] == "ok")
    assert [r.source.path for r in records] == [by_id[doc_id]["path"] for doc_id in listed]  # doc_id order
    assert any(r.findings for r in records) and all(r.indicators for r in records)


def test_csv_has_a_bom_for_excel(batch: tuple[Path, Path, IngestSummary]) -> None:
    _, out, _ = batch
    for name in ("documents", "funds", "indicators", "findings"):
        assert (out / "csv" / f"{name}.csv").read_bytes().startswith(b"\xef\xbb\xbfdoc_id,")


def test_rerun_over_an_unchanged_archive_reads_nothing(batch: tuple[Path, Path, IngestSummary],
                                                        tmp_path: Path) -> None:
    source, out, _ = batch
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    before = table_bytes(copy)
    again = ingest([source], copy, OPTIONS)
    assert (again.processed, again.skipped, again.exported) == (0, 17, False)
    assert again.failed == 8 and again.exit_code == 1  # the failures are remembered
    assert (again.documents, again.reports) == (10, 8)
    assert table_bytes(copy) == before


def test_a_new_file_costs_only_itself_and_force_redoes_all(batch: tuple[Path, Path, IngestSummary],
                                                            tmp_path: Path) -> None:
    source, out, _ = batch
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    extra = tmp_path / "2026"
    extra.mkdir()
    shutil.copy(Path(__file__).parent.parent / "corpus" / "t01_yibao_taoyuan_2023.txt", extra / "new.txt")
    added = ingest([source, extra], copy, OPTIONS)
    assert (added.processed, added.skipped, added.exported) == (1, 17, True)
    assert added.documents == 11 and added.new == 1
    forced = ingest([source], copy, IngestOptions(**{**_fields(OPTIONS), "force": True, "timeout_s": 1}))
    assert forced.processed == 17 and forced.skipped == 0
    assert len(read_csv(copy / "csv" / "documents.csv")) == 1 + 19  # the 2026 folder stays in DIR


def _fields(options: IngestOptions) -> dict[str, object]:
    return {name: getattr(options, name) for name in options.__dataclass_fields__}
