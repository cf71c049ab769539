"""Loading what a report shows: an ingest folder, a records .jsonl, or documents extracted now.

Entries are typed: a `Record` of the JSON contract (numbers as Decimal, so sums stay exact), or a
`Failure` for a file that could not be read (in a records file, `{"path", "sha256", "error":
{"code", "message"}}`). Documents extracted here keep their document model, so evidence can be
quoted in context; for loaded records the source file is re-read on demand when it is still there,
unchanged (same sha256).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from extractor.document import Document
from extractor.emit.json import loads, record_json
from extractor.errors import ERROR_CODES, ReadError
from extractor.models import Record, Report, SourceFile
from extractor.readers.detect import READABLE_SUFFIXES

RECORDS_FILE = "records.jsonl"
DOCUMENTS_PARQUET = "parquet/documents.parquet"  # the ingest's documents table: failed files are listed there
DOCUMENTS_CSV = "csv/documents.csv"  # the same, where no Parquet was written
FORMULA_MARK = "'"  # the apostrophe the CSV writer puts before a text cell a spreadsheet would take for a formula
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DOCUMENT_SUFFIXES = READABLE_SUFFIXES


@dataclass(frozen=True, slots=True)
class Failure:
    """A file that could not be read, with its error's stable code and the message shown for it."""

    path: str
    sha256: str
    code: str
    message: str


class Heading(BaseModel):
    """A record's file and what it says it reports on, the rest of its line unread: what grouping
    copies looks at in its passes over every entry (validating a whole record costs tens of times
    more). It keeps its line, so the few records that have copies are read whole (`record`)."""

    model_config = ConfigDict(extra="ignore")

    source: SourceFile
    report: Report = Field(default_factory=Report)
    # Set by `_heading`; no defaults, which pydantic would deep-copy into every heading.
    _line: str
    _where: tuple[Path, int]

    def record(self) -> Record:
        path, number = self._where
        read = _entry(path, number, _parsed(path, number, self._line), Record)
        assert isinstance(read, Record)  # its line held a heading, so it holds a record or is named
        return read


Entry = Record | Failure
Headed = Record | Heading  # a record, or its heading only: both have `source` and `report`
_Read = TypeVar("_Read", Record, Heading)


@dataclass(slots=True)
class Batch:
    """Entries in input order, streamed (a large records.jsonl is never held whole; each pass reads
    it again), and the document models of those extracted in this run (by `document_key`)."""

    source: Callable[[], Iterator[Entry]]
    documents: dict[tuple[str, str | None], Document] = field(default_factory=dict)
    brief: Callable[[], Iterator[Headed | Failure]] | None = None

    @property
    def entries(self) -> Iterator[Entry]:
        """A new pass over the entries."""
        return self.source()

    def headings(self) -> Iterator[Headed | Failure]:
        """A new pass over the entries that reads of a record line only its heading."""
        return self.source() if self.brief is None else self.brief()


def document_key(source: SourceFile) -> tuple[str, str | None]:
    """A record's document: its file's content and, for a workbook, its sheet (the sheets of one
    workbook share the sha256, and evidence on sheet 2 must be quoted from sheet 2)."""
    return source.sha256, source.sheet


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
            yield from _read(path, Record)
        yield from extracted_now()

    def headings() -> Iterator[Headed | Failure]:
        for path in jsonl:
            yield from _read(path, Heading)
        yield from extracted_now()

    def extracted_now() -> Iterator[Entry]:
        if state["done"]:
            yield from extracted
            return
        for entry, document in extract_documents(documents, check):
            if isinstance(entry, Record) and document is not None:
                batch.documents[document_key(entry.source)] = document
            extracted.append(entry)
            yield entry
        state["done"] = True

    batch.source = entries
    batch.brief = headings
    return batch


def _read(path: Path, model: type[_Read]) -> Iterator[_Read | Failure]:
    return _ingest_folder(path, model) if path.is_dir() else _lines(path, model)


def read_jsonl(path: Path) -> Iterator[Entry]:
    return _lines(path, Record)


def _lines(path: Path, model: type[_Read]) -> Iterator[_Read | Failure]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            heading = _heading(path, number, line) if model is Heading else None
            if heading is not None:
                yield heading  # type: ignore[misc]  # model is Heading, so _Read is
            else:
                yield _entry(path, number, _parsed(path, number, line), model)


def _heading(path: Path, number: int, line: str) -> Heading | None:
    """The line's heading, parsed by pydantic's JSON reader (a heading holds no decimal that a float
    could change, and it skips the rest of the line much faster); None for a line that holds none
    (an error record, or a line the full reading must name)."""
    try:
        heading = Heading.model_validate_json(line)
    except ValidationError:
        return None
    heading._line, heading._where = line, (path, number)
    return heading


def _parsed(path: Path, number: int, line: str) -> Any:
    try:
        return loads(line)
    except ValueError as exc:
        raise ReadError(path, "corrupt_file", f"第 {number} 行不是合法的 JSON：{exc}") from exc


def _entry(path: Path, number: int, data: Any, model: type[_Read]) -> _Read | Failure:
    """A line's record (validated: a line that does not hold one is named now, not met half-way through
    the report) or error record."""
    if isinstance(data, dict) and "source" in data:
        try:
            # From parsed JSON, not model_validate_json: pydantic reads a JSON number through float,
            # which would lose the digits the document wrote (6359.50 -> 6359.5).
            return model.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise ReadError(path, "corrupt_file", f"第 {number} 行不是合法的记录：{where}: {first['msg']}") from exc
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict) and isinstance(error.get("code"), str):
        return Failure(str(data.get("path") or ""), str(data.get("sha256") or ""), error["code"],
                       str(error.get("message") or ""))
    raise ReadError(path, "corrupt_file", f"第 {number} 行既不是记录也不是错误记录")


def _ingest_folder(folder: Path, model: type[_Read]) -> Iterator[_Read | Failure]:
    """records.jsonl, then the failed files the documents table lists (one entry per failed file)."""
    listed: set[tuple[str, str]] = set()
    for entry in _lines(folder / RECORDS_FILE, model):
        if isinstance(entry, Failure):
            listed.add((entry.path, entry.sha256))
        yield entry
    for line in _failed_rows(folder):
        key = (line.get("path") or "", line.get("sha256") or "")
        if key not in listed:
            listed.add(key)
            code = line.get("error_code") or "internal_error"
            yield Failure(key[0], key[1], code, line.get("error") or ERROR_CODES.get(code, code))


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
    from extractor.pipeline import records_of
    from extractor.readers import read_documents

    for path in paths:
        try:
            # A workbook holds one record per 自评表 sheet: each is a document of the report.
            read = records_of(read_documents(path), check)
        except ReadError as error:
            yield error_entry(path, error), None
            continue
        for document, record in read:
            yield as_written(record), document


def as_written(record: Record) -> Record:
    """The record as its records file would give it back: its numbers with the digits written out
    (6.35955E+7 yuan computed is 63595500), so a report of documents and one of their records agree."""
    return Record.model_validate(loads(record_json(record)))


def error_entry(path: Path, error: ReadError) -> Failure:
    from extractor.digest import sha256_of

    try:
        digest = sha256_of(path)
    except OSError:
        digest = ""
    return Failure(str(path), digest, error.code, f"{ERROR_CODES[error.code]}：{error.detail}")


def is_error(entry: Entry) -> bool:
    return isinstance(entry, Failure)


class SourceDocuments:
    """The document model behind a record: from this run, or re-read from its unchanged file.

    Re-read documents are not kept (a batch may hold thousands); only where their file is.
    """

    def __init__(self, batch: Batch, reread: bool) -> None:
        self.known = batch.documents
        self.reread = reread
        self.paths: dict[str, Path] = {}

    def get(self, record: Record) -> Document | None:
        source = record.source
        key = document_key(source)
        if key in self.known:
            self.paths.setdefault(source.sha256, Path(source.path))
            return self.known[key]
        if not self.reread:
            return None
        document = self._read(Path(source.path), *key)
        if document is not None:
            self.paths[source.sha256] = Path(source.path)
        return document

    def source_path(self, record: Record) -> Path | None:
        """The record's file, once `get` found it there with the same content."""
        return self.paths.get(record.source.sha256)

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
