"""Loading what a report shows: an ingest folder, a records .jsonl, or documents extracted now.

Entries are plain JSON data (numbers as Decimal, so sums stay exact): a record of the JSON
contract, or an error record `{"path", "sha256", "error": {"code", "message"}}` for a file that
could not be read. Documents extracted here keep their document model, so evidence can be quoted
in context; for loaded records the source file is re-read on demand when it is still there,
unchanged (same sha256).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.document import Document
from extractor.emit.json import loads, record_json
from extractor.errors import ERROR_CODES, ReadError
from extractor.readers.detect import READABLE_SUFFIXES

RECORDS_FILE = "records.jsonl"
DOCUMENTS_PARQUET = "parquet/documents.parquet"  # the ingest's documents table: failed files are listed there
DOCUMENTS_CSV = "csv/documents.csv"  # the same, where no Parquet was written
FORMULA_MARK = "'"  # the apostrophe the CSV writer puts before a text cell a spreadsheet would take for a formula
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DOCUMENT_SUFFIXES = READABLE_SUFFIXES

Entry = dict[str, Any]


@dataclass(slots=True)
class Batch:
    """Entries in input order, streamed (a large records.jsonl is never held whole; each pass reads
    it again), and the document models of those extracted in this run (by `document_key`)."""

    source: Callable[[], Iterator[Entry]]
    documents: dict[tuple[str, str | None], Document] = field(default_factory=dict)

    @property
    def entries(self) -> Iterator[Entry]:
        """A new pass over the entries."""
        return self.source()


def document_key(source: dict[str, Any]) -> tuple[str, str | None]:
    """A record's document: its file's content and, for a workbook, its sheet (the sheets of one
    workbook share the sha256, and evidence on sheet 2 must be quoted from sheet 2)."""
    return source["sha256"], source.get("sheet")


def load(sources: list[Path], check: bool = True) -> Batch:
    """An ingest folder (with records.jsonl), .jsonl files, or documents/folders of documents.

    Every source is checked to exist now (a missing one is a `file_not_found` error); record files'
    lines are read as the batch is consumed; documents are extracted once, on the first pass.
    """
    jsonl: list[Path] = []
    documents: list[Path] = []
    for source in sources:
        if not source.exists():
            raise ReadError(source, "file_not_found", "路径不存在")
        if source.is_dir() and (source / RECORDS_FILE).is_file():
            jsonl.append(source)
        elif source.suffix.lower() == ".jsonl":
            if not source.is_file():
                raise ReadError(source, "file_not_found", "记录文件不存在")
            jsonl.append(source)
        elif source.is_dir():
            documents.extend(p for p in sorted(source.rglob("*"))
                             if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)
        else:
            documents.append(source)
    batch = Batch(lambda: iter(()))
    extracted: list[Entry] = []
    state = {"done": False}

    def entries() -> Iterator[Entry]:
        for path in jsonl:
            yield from _ingest_folder(path) if path.is_dir() else read_jsonl(path)
        if state["done"]:
            yield from extracted
            return
        for entry, document in extract_documents(documents, check):
            if document is not None:
                batch.documents[document_key(entry["source"])] = document
            extracted.append(entry)
            yield entry
        state["done"] = True

    batch.source = entries
    return batch


def read_jsonl(path: Path) -> Iterator[Entry]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                entry = loads(line)
            except ValueError as exc:
                raise ReadError(path, "corrupt_file", f"第 {number} 行不是合法的 JSON：{exc}") from exc
            if not isinstance(entry, dict) or not ("source" in entry or "error" in entry):
                raise ReadError(path, "corrupt_file", f"第 {number} 行既不是记录也不是错误记录")
            yield entry


def _ingest_folder(folder: Path) -> Iterator[Entry]:
    """records.jsonl, then the failed files the documents table lists (one entry per failed file)."""
    listed: set[tuple[str, str]] = set()
    for entry in read_jsonl(folder / RECORDS_FILE):
        if is_error(entry):
            listed.add((entry.get("path", ""), entry.get("sha256", "")))
        yield entry
    for line in _failed_rows(folder):
        key = (line.get("path") or "", line.get("sha256") or "")
        if key not in listed:
            listed.add(key)
            code = line.get("error_code") or "internal_error"
            yield {"path": key[0], "sha256": key[1],
                   "error": {"code": code, "message": line.get("error") or ERROR_CODES.get(code, code)}}


def _failed_rows(folder: Path) -> Iterator[dict[str, str | None]]:
    """The failed rows of the documents table: from Parquet (the text as read), else from the CSV."""
    parquet = folder / DOCUMENTS_PARQUET
    if parquet.is_file():
        import pyarrow.parquet as pq

        columns = ["path", "sha256", "status", "error_code", "error"]
        table = pq.read_table(parquet, columns=columns, filters=[("status", "=", "failed")])
        yield from table.to_pylist()
        return
    table_csv = folder / DOCUMENTS_CSV
    if not table_csv.is_file():
        return
    with table_csv.open(encoding="utf-8-sig", newline="") as handle:
        for line in csv.DictReader(handle):
            if line.get("status", "ok") != "ok":
                yield {key: _unmarked(value) for key, value in line.items()}


def _unmarked(value: str | None) -> str | None:
    """A CSV text cell without the apostrophe that kept a spreadsheet from taking it for a formula."""
    if value and value.startswith(FORMULA_MARK) and value[1:].startswith(_FORMULA_STARTS):
        return value[1:]
    return value


def extract_documents(paths: Iterable[Path], check: bool) -> Iterator[tuple[Entry, Document | None]]:
    from extractor.pipeline import record_from_document
    from extractor.readers import read_documents

    for path in paths:
        try:
            # A workbook holds one record per 自评表 sheet: each is a document of the report.
            read = [(document, record_from_document(document, check)) for document in read_documents(path)]
        except ReadError as error:
            yield error_entry(path, error), None
            continue
        for document, record in read:
            yield loads(record_json(record)), document


def error_entry(path: Path, error: ReadError) -> Entry:
    from extractor.digest import sha256_of

    try:
        digest = sha256_of(path)
    except OSError:
        digest = ""
    return {"path": str(path), "sha256": digest,
            "error": {"code": error.code, "message": f"{ERROR_CODES[error.code]}：{error.detail}"}}


def is_error(entry: Entry) -> bool:
    return "error" in entry and "source" not in entry


class SourceDocuments:
    """The document model behind a record: from this run, or re-read from its unchanged file.

    Re-read documents are not kept (a batch may hold thousands); only where their file is.
    """

    def __init__(self, batch: Batch, reread: bool) -> None:
        self.known = batch.documents
        self.reread = reread
        self.paths: dict[str, Path] = {}

    def get(self, entry: Entry) -> Document | None:
        source = entry["source"]
        key = document_key(source)
        if key in self.known:
            self.paths.setdefault(source["sha256"], Path(source["path"]))
            return self.known[key]
        if not self.reread:
            return None
        document = self._read(Path(source["path"]), *key)
        if document is not None:
            self.paths[source["sha256"]] = Path(source["path"])
        return document

    def source_path(self, entry: Entry) -> Path | None:
        """The record's file, once `get` found it there with the same content."""
        return self.paths.get(entry["source"]["sha256"])

    @staticmethod
    def _read(path: Path, digest: str, sheet: str | None) -> Document | None:
        from extractor.digest import sha256_of
        from extractor.readers import read_documents

        try:
            if not path.is_file() or sha256_of(path) != digest:
                return None
            return next((document for document in read_documents(path) if document.sheet == sheet), None)
        except (ReadError, OSError):
            return None
