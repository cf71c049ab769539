"""One file in, one `FileResult` out: what a worker process (local pool or Dask) runs per task.

`run_task` never raises for a bad document: a ReadError or any reader bug becomes an error
result with a stable code. Hangs and crashes cannot be caught here; the engine that runs the
task turns them into `timeout` / `worker_crashed` results (see `engine_local`).
"""

from __future__ import annotations

import importlib
import json
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from extractor.errors import ReadError
from extractor.ingest.archives import open_archive
from extractor.ingest.columns import CHILD_TABLES
from extractor.ingest.copies import FACT_FIELDS, facts_of, figure_json
from extractor.ingest.storage import ROUNDED, StoredRow, content_table, stored_rows
from extractor.ingest.tables import Row, failed_document, place_of, record_rows

if TYPE_CHECKING:
    from extractor.models import Record
    from extractor.pipeline import Options

# Stands for the record's path in the stored JSON: the path is the file's, not the content's, and
# is put in when records.jsonl is written (one content may sit at several paths).
PATH_MARK = "\ue001path\ue001"
_PATH_JSON = json.dumps(PATH_MARK, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class Task:
    path: str  # shown in the outputs: the file, or "archive.zip!/member" for a zip member
    fs_path: str  # the file on disk (the archive, for a member)
    member: str | None  # the member's name as the zip module knows it
    sha256: str
    size: int
    check: bool = True
    max_bytes: int = 200 * 2**20


_CHILD_STORE = [(content_table(table), [column.kind for column in table.columns[1:]], table.name)
                for table in CHILD_TABLES]


@dataclass(slots=True)
class DocResult:
    """One record, ready for the store: made and converted in the worker, so the parent only inserts."""

    part: int
    record_head: str  # the record's JSON up to its path ...
    record_tail: str  # ... and after it
    rows: dict[str, list[StoredRow]]  # store table (c_documents, c_funds, ...) -> rows (sha256, part, *values)


@dataclass(slots=True)
class FileResult:
    path: str
    sha256: str
    format: str
    docs: list[DocResult] = field(default_factory=list)
    error_code: str | None = None
    error_detail: str | None = None
    pages: int = 0
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return self.error_code is not None

    @property
    def error(self) -> str | None:
        """The message a user reads: the file, the reason, the detail."""
        if self.error_code is None:
            return None
        return str(ReadError(self.path, self.error_code, self.error_detail or ""))

    def failed_row(self) -> Row:
        assert self.error_code is not None
        return failed_document(self.format, self.error_code, self.error_detail or "")


def extension_format(path: str) -> str:
    """What a failed file is called in the documents table: the format its extension promises."""
    from extractor.readers.detect import EXPECTED_BY_EXTENSION

    suffix = PurePosixPath(path).suffix.lower()
    return EXPECTED_BY_EXTENSION.get(suffix, suffix.lstrip(".") or "unknown")


def error_result(task: Task, code: str, detail: str, seconds: float = 0.0) -> FileResult:
    return FileResult(task.path, task.sha256, extension_format(task.path), error_code=code, error_detail=detail,
                      seconds=seconds)


_MEMORY_DETAIL = "读取该文件所需内存超过工作进程的上限（--max-memory）"


def _caused_by_memory(error: BaseException) -> bool:
    """A MemoryError the reader registry wrapped as an internal_error ReadError."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, MemoryError):
            return True
        cause = cause.__cause__
    return False


def run_task(task: Task) -> FileResult:
    started = time.perf_counter()
    try:
        result = _extract(task)
    except MemoryError:
        result = error_result(task, "out_of_memory", _MEMORY_DETAIL)
    except ReadError as error:
        # Errors name the file as the user knows it, not a worker's temporary copy.
        out_of_memory = _caused_by_memory(error)
        result = error_result(task, "out_of_memory", _MEMORY_DETAIL) if out_of_memory else \
            error_result(task, error.code, error.detail)
    except Exception as error:  # a reader or extractor bug must not stop the batch
        result = error_result(task, "internal_error", f"{type(error).__name__}: {error}")
    result.seconds = time.perf_counter() - started
    return result


def _extract(task: Task) -> FileResult:
    from extractor.pipeline import Options, extract_records
    from extractor.readers.limits import Limits

    options = Options(check=task.check, limits=Limits(max_file_bytes=task.max_bytes))
    # A workbook gives one record per sheet: part 0, 1, ... in the order of its sheets.
    records = extract_records(task.fs_path, options) if task.member is None else _extract_member(task, options)
    docs = [_doc_result(task.sha256, part, record) for part, record in enumerate(records)]
    first = records[0].source
    return FileResult(task.path, task.sha256, first.format, docs=docs,
                      pages=sum(record.source.pages or 0 for record in records))


def _doc_result(sha256: str, part: int, record: Record) -> DocResult:
    from extractor.emit.json import record_json
    from extractor.models import Warning as RecordWarning

    rows = record_rows(record)
    record.warnings.extend(RecordWarning(code=ROUNDED, message=text) for text in rows.fitted.messages())
    record.source.path = PATH_MARK
    text = record_json(record)
    facts = facts_of(_as_parsed(record.model_dump(include=FACT_FIELDS)), place_of, part)
    figures = json.dumps(figure_json(facts), ensure_ascii=False)
    document: StoredRow = [sha256, part, *rows.document, facts.key, facts.rank, figures]
    stored: dict[str, list[StoredRow]] = {"c_documents": [document]}
    for name, kinds, table in _CHILD_STORE:
        stored[name] = stored_rows(kinds, sha256, part, rows.children[table])
    head, _, tail = text.partition(_PATH_JSON)
    return DocResult(part, head, tail, stored)


# Values JSON gives back unchanged: not looked at one by one (most of a dump is evidence's ints and text).
_AS_IS = frozenset({str, int, bool, type(None)})


def _as_parsed(data: Any) -> Any:
    """Dumped values as parsing the record's JSON gives them (`emit.json.loads`), so the facts are the
    same: a Decimal is written with its digits (`format "f"`) and read back from them, which changes
    only one with a positive exponent (1E+3 -> 1000); a NaN or infinity stays the marked string that
    `record_json` leaves it. (No floats: `FACT_FIELDS` leaves bbox and confidence out.)"""
    if type(data) is dict:
        return {key: value if type(value) in _AS_IS else _as_parsed(value) for key, value in data.items()}
    if type(data) is list:
        return [value if type(value) in _AS_IS else _as_parsed(value) for value in data]
    if isinstance(data, Decimal):
        exponent = data.as_tuple().exponent
        if not isinstance(exponent, int):  # NaN or infinity
            from extractor.models import DECIMAL_MARK

            return DECIMAL_MARK + format(data, "f")
        return data if exponent <= 0 else Decimal(format(data, "f"))
    return data


def _extract_member(task: Task, options: Options) -> list[Record]:
    """A zip member, read from the archive this worker keeps open (one directory parse per archive)."""
    from extractor import extract_stream

    assert task.member is not None
    try:
        with open_archive(task.fs_path).open(task.member) as member:
            return extract_stream(member, task.path, options)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError, KeyError) as error:
        raise ReadError(task.path, "corrupt_file", f"无法从压缩包中取出该文件：{error}") from error


# ------------------------------------------------------------------ worker start-up plug-ins

_INITIALISED: set[str] = set()


def initialise(spec: str | None) -> None:
    """Call a "module:function" once per process: lets a caller register extra readers in every worker.

    Used by the tests to install a reader that hangs or crashes; a user could register a reader for
    another format the same way (`IngestOptions.worker_init`).
    """
    if spec is None or spec in _INITIALISED:
        return
    module_name, _, function_name = spec.partition(":")
    function: Callable[[], None] = getattr(importlib.import_module(module_name), function_name)
    function()
    _INITIALISED.add(spec)
