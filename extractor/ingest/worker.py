"""One file in, one `FileResult` out: what a worker process (local pool or Dask) runs per task.

`run_task` never raises for a bad document: a ReadError or any reader bug becomes an error
result with a stable code. Hangs and crashes cannot be caught here; the engine that runs the
task turns them into `timeout` / `worker_crashed` results (see `engine_local`).
"""

from __future__ import annotations

import importlib
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from extractor.errors import ReadError
from extractor.ingest.tables import Rows, failed_rows, record_rows

if TYPE_CHECKING:
    from extractor.models import Record
    from extractor.pipeline import Options

# Copying a zip member out is bounded: never more than the size limit plus one chunk.
_COPY_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Task:
    path: str  # shown in the outputs: the file, or "archive.zip!/member" for a zip member
    fs_path: str  # the file on disk (the archive, for a member)
    member: str | None
    sha256: str
    size: int
    check: bool = True
    max_bytes: int = 200 * 2**20


@dataclass(frozen=True, slots=True)
class DocResult:
    doc_id: str
    record_json: str
    rows: Rows


@dataclass(slots=True)
class FileResult:
    path: str
    sha256: str
    format: str
    docs: list[DocResult] = field(default_factory=list)
    error_code: str | None = None
    error: str | None = None
    pages: int = 0
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return self.error_code is not None

    def failed_rows(self) -> Rows:
        assert self.error_code is not None and self.error is not None
        return failed_rows(self.sha256, self.path, self.format, self.error_code, self.error)


def extension_format(path: str) -> str:
    """What a failed file is called in the documents table: the format its extension promises."""
    from extractor.readers.detect import EXPECTED_BY_EXTENSION

    suffix = PurePosixPath(path).suffix.lower()
    return EXPECTED_BY_EXTENSION.get(suffix, suffix.lstrip(".") or "unknown")


def error_result(task: Task, code: str, detail: str, seconds: float = 0.0) -> FileResult:
    message = str(ReadError(task.path, code, detail))
    return FileResult(task.path, task.sha256, extension_format(task.path), error_code=code, error=message,
                      seconds=seconds)


def run_task(task: Task) -> FileResult:
    started = time.perf_counter()
    try:
        result = _extract(task)
    except ReadError as error:
        # Errors name the file as the user knows it, not a worker's temporary copy.
        result = error_result(task, error.code, error.detail)
    except Exception as error:  # a reader or extractor bug must not stop the batch
        result = error_result(task, "internal_error", f"{type(error).__name__}: {error}")
    result.seconds = time.perf_counter() - started
    return result


def _extract(task: Task) -> FileResult:
    from extractor.emit.json import record_json
    from extractor.pipeline import Options, extract_records
    from extractor.readers.limits import Limits

    options = Options(check=task.check, limits=Limits(max_file_bytes=task.max_bytes))
    # A workbook gives one record per sheet, each with its own doc_id (sha256:sheet).
    records = extract_records(task.fs_path, options) if task.member is None else _extract_member(task, options)
    docs = []
    for record in records:
        record.source.path = task.path
        rows = record_rows(record)
        docs.append(DocResult(doc_id=_doc_id(rows), record_json=record_json(record), rows=rows))
    first = records[0].source
    return FileResult(task.path, first.sha256, first.format, docs=docs,
                      pages=sum(record.source.pages or 0 for record in records))


def _doc_id(rows: Rows) -> str:
    doc_id = rows["documents"][0][0]
    assert isinstance(doc_id, str)
    return doc_id


def _extract_member(task: Task, options: Options) -> list[Record]:
    """A zip member is copied to a private temporary file (readers take paths), then read."""
    from extractor.pipeline import extract_records

    assert task.member is not None
    workdir = tempfile.mkdtemp(prefix="extractor-ingest-")
    try:
        local = Path(workdir) / ("member" + PurePosixPath(task.member).suffix.lower())
        with zipfile.ZipFile(task.fs_path) as archive, archive.open(task.member) as source, local.open("wb") as sink:
            shutil.copyfileobj(source, sink, _COPY_CHUNK)
        return extract_records(local, options)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as error:
        raise ReadError(task.path, "corrupt_file", f"无法从压缩包中取出该文件：{error}") from error
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


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
