"""No document can break a warehouse: each poison file, ingested beside good ones, leaves every output
written and every good file's rows as they are without it; no native crash or memory hog stops the batch."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_ingest_helpers import CORPUS, PLUGIN, read_csv

from extractor.ingest import IngestOptions, ingest
from extractor.ingest.export import expected_outputs, outputs_intact
from extractor.ingest.storage import storable

SAMPLE = (CORPUS / "hongshan_jiuye_2025.txt").read_text(encoding="utf-8")
GOOD = ["e01_jiuye_prose.txt", "c02_renju_scored.docx", "e04_zhaoming_scored.pdf", "x01_sihong_gonglu_transfer.xlsx"]
OPTIONS = IngestOptions(workers=2, progress="none", worker_init=PLUGIN, timeout_s=20, max_memory_mib=768)


def _same_name_sheets(target: Path) -> None:
    """A workbook whose two 自评表 sheets have one name (Excel forbids it; files written by programs do not)."""
    with zipfile.ZipFile(CORPUS / "x03_yingshan_two_projects.xlsx") as source, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = data.replace("冷链物流".encode(), "茶叶基地".encode())
            out.writestr(item, data)


POISON = {
    "long_rate.txt": lambda path: path.write_text(SAMPLE.replace("79.59%", "79.59333333333333%"), encoding="utf-8"),
    "huge_amount.txt": lambda path: path.write_text(
        SAMPLE.replace("6359.55万元", "123456789012345678901234567890万元", 1), encoding="utf-8"),
    "same_sheets.xlsx": _same_name_sheets,
    "abort.txt": lambda path: path.write_bytes(b"#ABORT\n" + SAMPLE.encode()),
    "memory_hog.txt": lambda path: path.write_bytes(b"#HOG\n" + SAMPLE.encode()),
}


def _good_rows(out: Path) -> dict[str, list[tuple[str, ...]]]:
    """Each good file's rows of every table, keyed by file name (doc_id and path put aside: the location's)."""
    documents = {row[0]: Path(row[4]).name for row in read_csv(out / "csv" / "documents.csv")[1:]}
    found: dict[str, list[tuple[str, ...]]] = {}
    for table in ("documents", "funds", "indicators", "findings"):
        for row in read_csv(out / "csv" / f"{table}.csv")[1:]:
            name = documents[row[0]]
            if name in GOOD:
                kept = row[1:4] + row[5:] if table == "documents" else row[1:]
                found.setdefault(name, []).append((table, *kept))
    return found


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[str, ...]]]:
    source = tmp_path_factory.mktemp("good")
    for name in GOOD:
        shutil.copy(CORPUS / name, source / name)
    out = tmp_path_factory.mktemp("good-out")
    ingest([source], out, OPTIONS)
    return _good_rows(out)


@pytest.mark.parametrize("poison", sorted(POISON))
def test_a_poison_file_leaves_the_warehouse_whole(poison: str, baseline: dict[str, list[tuple[str, ...]]],
                                                   tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    for name in GOOD:
        shutil.copy(CORPUS / name, source / name)
    POISON[poison](source / poison)
    out = tmp_path / "out"
    summary = ingest([source], out, OPTIONS)
    assert summary.exported and outputs_intact(out, OPTIONS)
    assert all((out / name).is_file() for name in expected_outputs(OPTIONS))
    assert _good_rows(out) == baseline  # every good row there, unchanged
    counts = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["tables"]
    for table, count in counts.items():
        assert pq.read_table(out / "parquet" / f"{table}.parquet").num_rows == count
        assert len(read_csv(out / "csv" / f"{table}.csv")) == count + 1
    again = ingest([source], out, OPTIONS)  # and the next run is fine too
    assert again.processed == 0 and outputs_intact(out, OPTIONS)


def _documents(out: Path) -> list[dict[str, str]]:
    lines = read_csv(out / "csv" / "documents.csv")
    return [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]


def _ingest_one(tmp_path: Path, poison: str) -> list[dict[str, str]]:
    source = tmp_path / "src"
    source.mkdir()
    POISON[poison](source / poison)
    ingest([source], tmp_path / "out", OPTIONS)
    return _documents(tmp_path / "out")


def test_a_rate_with_too_many_decimals_is_stored_rounded_with_a_warning(tmp_path: Path) -> None:
    (document,) = _ingest_one(tmp_path, "long_rate.txt")
    assert document["status"] == "ok" and int(document["warnings"]) >= 1
    (total,) = [row for row in read_csv(tmp_path / "out" / "csv" / "funds.csv")[1:] if row[1] == "0"]
    assert total[6] == "79.5933333333"  # ten decimals: what decimal128(38, 10) holds
    record = json.loads((tmp_path / "out" / "records.jsonl").read_text(encoding="utf-8"))
    assert record["funds"]["execution_rate"]["raw"] == "79.59333333333333%"  # the record keeps the document's digits
    assert any(w["code"] == "value_rounded" and "79.59333333333333" in w["message"] for w in record["warnings"])


def test_two_sheets_of_one_name_are_two_documents(tmp_path: Path) -> None:
    documents = _ingest_one(tmp_path, "same_sheets.xlsx")
    assert [(d["part"], d["sheet"]) for d in documents] == [("0", "茶叶基地"), ("1", "茶叶基地")]
    assert documents[0]["doc_id"].endswith(":0") and documents[1]["doc_id"].endswith(":1")


def test_a_worker_killed_by_sigabrt_is_an_error_record(tmp_path: Path) -> None:
    (document,) = _ingest_one(tmp_path, "abort.txt")
    assert document["error_code"] == "worker_crashed" and "SIGABRT" in document["error"]


def test_a_worker_over_its_memory_limit_is_an_error_record(tmp_path: Path) -> None:
    (document,) = _ingest_one(tmp_path, "memory_hog.txt")
    assert document["error_code"] == "out_of_memory" and "--max-memory" in document["error"]


@pytest.mark.parametrize(("value", "money", "stored"), [
    ("79.59333333333333", False, "79.5933333333"),   # 10 decimals
    ("6359.5512", True, "6359.55"),                  # money to the 分
    ("1234567890123456789", True, "1234567890123460000"),  # 15 significant digits
    ("1E+40", False, None),                          # beyond decimal128(38, 10)
    ("63595500", True, "63595500"),
])
def test_storable_values_fit_every_writer(value: str, money: bool, stored: str | None) -> None:
    from decimal import Decimal

    result = storable(Decimal(value), money)
    assert (None if result is None else format(result, "f")) == stored
    if result is not None:
        assert Decimal(repr(float(result))) == result  # a REAL prints it back

