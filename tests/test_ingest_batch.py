"""Ingest of a folder with good, duplicate, broken, encrypted, empty, too large, hanging and crashing inputs."""

from __future__ import annotations

import json
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
    assert len(hang["sha256"]) == 64 and hang["doc_id"] == hang["sha256"]
    assert summary.failed == 8 and summary.exit_code == 1
    assert summary.errors_by_code["timeout"] == 1


def test_good_files_read_once_each_with_zip_members(batch: tuple[Path, Path, IngestSummary]) -> None:
    _, out, summary = batch
    ok = {name: item for name, item in documents(out).items() if item["status"] == "ok"}
    assert len(ok) == 9  # 7 files + 2 zip members; the copy (副本.txt) is not read again
    assert summary.duplicates == 1 and summary.ignored == 1 and summary.records == 9
    assert summary.formats == {"doc": 1, "docx": 5, "pdf": 3, "text": 8}
    member = ok["e09_linye_over_budget.docx"]
    assert member["path"].endswith("2024.zip!/2024/e09_linye_over_budget.docx")
    assert ok["hongshan_jiuye_2025.txt"]["region"] and ok["hongshan_jiuye_2025.txt"]["fiscal_year"] == "2025"


def test_records_jsonl_holds_the_full_contract_in_key_order(batch: tuple[Path, Path, IngestSummary]) -> None:
    _, out, _ = batch
    lines = (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
    records = [Record.model_validate(json.loads(line)) for line in lines]
    assert len(records) == 9
    keys = [r.source.sha256 for r in records]
    assert keys == sorted(keys)
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
    assert added.records == 10
    forced = ingest([source], copy, IngestOptions(**{**_fields(OPTIONS), "force": True, "timeout_s": 1}))
    assert forced.processed == 17 and forced.skipped == 0
    assert len(read_csv(copy / "csv" / "documents.csv")) == 1 + 18  # earlier ingests stay in DIR


def _fields(options: IngestOptions) -> dict[str, object]:
    return {name: getattr(options, name) for name in options.__dataclass_fields__}
