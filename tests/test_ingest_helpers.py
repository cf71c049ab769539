"""Shared fixtures of the ingest tests, and the test-only reader plug-ins the workers load.

The plug-ins are installed in each worker through `IngestOptions.worker_init`, never in production:
a text file starting with #HANG sleeps for an hour (the timeout path), #CRASH kills its process
(the worker_crashed path), #SLOW sleeps 0.1 s before reading (so a test can kill a run mid-batch),
#ABORT dies by SIGABRT as a native library does, #HOG allocates 2 GiB (the worker's memory limit).
"""

from __future__ import annotations

import csv
import os
import shutil
import time
import zipfile
from pathlib import Path

from extractor.document import Document
from extractor.readers.limits import Limits

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DATA = Path(__file__).resolve().parent / "data"
PLUGIN = "test_ingest_helpers:install"
GOOD = ["hongshan_jiuye_2025.txt", "e01_jiuye_prose.txt", "c02_renju_scored.docx", "e04_zhaoming_scored.docx",
        "e04_zhaoming_scored.pdf", "c03_gongwei_units.pdf", "t02_gonggongweisheng_dancheng_2022_gbk.txt"]


def install() -> None:
    from extractor import readers

    original = readers.READERS["text"]

    def plug_in(path: Path, data: bytes, limits: Limits) -> Document:
        if data.startswith(b"#HANG"):
            time.sleep(3600)
        if data.startswith(b"#CRASH"):
            os._exit(3)
        if data.startswith(b"#ABORT"):
            os.abort()
        if data.startswith(b"#HOG"):
            hog = bytearray(2 * 2**30)
            del hog
        if data.startswith(b"#SLOW"):
            time.sleep(0.1)
            data = data[len(b"#SLOW\n"):]
        return original(path, data, limits)

    readers.READERS["text"] = plug_in


def make_archive(folder: Path, hostile: bool = True) -> Path:
    """Good files of every format, a copy, broken, encrypted, empty, unsupported and ignored files, a zip."""
    (folder / "2025").mkdir(parents=True)
    for name in GOOD:
        shutil.copy(CORPUS / name, folder / "2025" / name)
    shutil.copy(CORPUS / GOOD[0], folder / "副本.txt")  # the same bytes again: a duplicate
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 this is not a zip at all" * 10)
    shutil.copy(DATA / "docx" / "encrypted.docx", folder / "encrypted.docx")
    shutil.copy(DATA / "pdf" / "corrupt.pdf", folder / "corrupt.pdf")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (folder / "notes.json").write_text("{}", encoding="utf-8")  # not a document: ignored
    (folder / "big.txt").write_bytes("预算执行率100%。\n".encode() * 120_000)  # > max_bytes below
    with zipfile.ZipFile(folder / "2024.zip", "w") as archive:
        archive.write(CORPUS / "e05_xuesheng_over100.txt", "2024/e05_xuesheng_over100.txt")
        archive.write(CORPUS / "e09_linye_over_budget.docx", "2024/e09_linye_over_budget.docx")
    if hostile:
        (folder / "hang.txt").write_bytes(b"#HANG\n" + (CORPUS / GOOD[1]).read_bytes())
        (folder / "crash.txt").write_bytes(b"#CRASH\n")
    return folder


MAX_BYTES = 1_000_000


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def table_bytes(out: Path) -> dict[str, bytes]:
    """Every CSV and Parquet file of an output folder, and records.jsonl: what must be byte-identical.
    The history table holds when each version was seen: compared by `history` without the times."""
    files = sorted([*out.glob("csv/*.csv"), *out.glob("parquet/*.parquet"), out / "records.jsonl"])
    return {str(p.relative_to(out)): p.read_bytes() for p in files if p.stem != "history"}


def history(out: Path) -> list[tuple[str, ...]]:
    """The history table without its timestamps: (location, version, path, sha256, status, superseded_by)."""
    rows = read_csv(out / "csv" / "history.csv")
    assert rows[0][:5] == ["location", "version", "path", "sha256", "status"]
    return [(*row[:5], row[8]) for row in rows[1:]]
