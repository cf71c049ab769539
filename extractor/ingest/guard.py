"""What keeps an output folder whole: one run at a time, signals that stop cleanly, clean errors.

- A lock (`DIR/.ingest/lock`, flock) lets one ingest write a folder at a time; a second is refused
  with `output_busy`.
- SIGTERM is turned into the same clean stop as Ctrl-C (`Interrupted`, a KeyboardInterrupt):
  workers are stopped, what was read is committed, the next run resumes. While the finished
  outputs are renamed into place, both signals wait (`deferred`): a run's outputs are published
  together or not at all.
- Temporary files a killed run left behind (`.reports.db.tmp-PID`, staging folders) are removed
  at the start of the next run (it holds the lock, so no other run is writing them).
- A full disk or a read-only folder is an `IngestError` with a stable code, never a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import signal
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

ERRORS = {
    "disk_full": "磁盘空间不足，输出未能写完（此前的输出保持不变）",
    "output_not_writable": "输出目录不可写（只读或无权限）",
    "output_busy": "另一个导入正在写入该输出目录",
}
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
TEMP_MARK = ".tmp-"
STAGING_PREFIX = "export-"


class IngestError(Exception):
    """A run that cannot go on because of its output folder (not because of a document)."""

    def __init__(self, code: str, path: str | Path, detail: str = "") -> None:
        self.code, self.path, self.detail = code, str(path), detail
        text = f"{self.path}: {ERRORS[code]} ({code})"
        super().__init__(f"{text}: {detail}" if detail else text)


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM: stop, keep what was done, exit with 128 + the signal's number."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def classify(error: BaseException, out: Path) -> IngestError | None:
    """The IngestError an OS or SQLite error of the output folder means, if any."""
    if isinstance(error, OSError) and error.errno in _FULL:
        return IngestError("disk_full", getattr(error, "filename", None) or out, error.strerror or "")
    if isinstance(error, OSError) and error.errno in _READ_ONLY:
        return IngestError("output_not_writable", getattr(error, "filename", None) or out, error.strerror or "")
    if isinstance(error, sqlite3.OperationalError):
        text = str(error)
        if "disk is full" in text or "disk I/O error" in text:
            return IngestError("disk_full", out, text)
        if "readonly" in text or "unable to open" in text:
            return IngestError("output_not_writable", out, text)
    return None


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IngestError("output_busy", folder.parent) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def remove_stale(out: Path, state_dir: Path) -> int:
    """Temporary files and staging folders of earlier, killed runs."""
    removed = 0
    for folder in (out, out / "csv", out / "parquet"):
        for path in folder.glob(f".*{TEMP_MARK}*") if folder.is_dir() else ():
            path.unlink(missing_ok=True)
            removed += 1
    for staging in state_dir.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(staging, ignore_errors=True)
        removed += 1
    return removed


class _Signals:
    """SIGINT/SIGTERM handlers of the main thread while an ingest runs."""

    def __init__(self) -> None:
        self.deferring = 0
        self.pending: int | None = None

    def handle(self, signum: int, frame: FrameType | None) -> None:
        if self.deferring:
            self.pending = signum
            return
        raise Interrupted(signum)


_SIGNALS = _Signals()


@contextlib.contextmanager
def stoppable() -> Iterator[None]:
    """SIGINT and SIGTERM raise `Interrupted` in the main thread (elsewhere: nothing changes)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, _SIGNALS.handle) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Signals wait until the block is done (renaming the finished outputs into place)."""
    _SIGNALS.deferring += 1
    try:
        yield
    finally:
        _SIGNALS.deferring -= 1
        pending, _SIGNALS.pending = _SIGNALS.pending, None
        if pending is not None and not _SIGNALS.deferring:
            raise Interrupted(pending)


def writable_or_raise(out: Path) -> None:
    """Fail early, with a code, when the output folder cannot be created or written."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".probe{TEMP_MARK}{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise classify(error, out) or error from error
