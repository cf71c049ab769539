"""Run `extract_records` on one file in a forked child, under a time and a memory limit.

The parent imports the readers and warms the pattern caches once, so a fork costs milliseconds
rather than the 250 ms of a fresh interpreter. The child reads the file, writes every record as
JSON and parses that JSON back into a `Record` (a text field written as a number fails there),
then reports on a pipe. The parent watches each child's resident memory and its clock.

Outcomes: `record` and `error` (a ReadError with its code) are what a hostile file may give;
`crash` (killed by a signal, or an exception other than ReadError escaping), `hang` (over the
time limit), `memory` (resident memory over the limit, or MemoryError) and `internal` (a
ReadError with code internal_error: a reader bug) are what it must not.
"""

from __future__ import annotations

import contextlib
import faulthandler
import json
import os
import resource
import signal
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

BAD = ("crash", "hang", "memory", "internal")
K = TypeVar("K")
PAGE = os.sysconf("SC_PAGE_SIZE")
_POLL_S = 0.01
# A backstop on address space so that one runaway child cannot take the machine down while its
# resident memory is polled.
_ADDRESS_SPACE_HEADROOM = 6 * 2**30


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: str  # record | error | crash | hang | memory | internal
    detail: str  # the error code, or what went wrong
    seconds: float
    peak_mib: float

    @property
    def bad(self) -> bool:
        return self.kind in BAD


def warm_up(samples: list[Path]) -> None:
    """Import every reader and run a few files, so forked children start with hot caches."""
    import extractor.check
    import extractor.emit.json
    import extractor.readers.docx
    import extractor.readers.html
    import extractor.readers.pdf
    import extractor.readers.xlsx  # noqa: F401
    from extractor.pipeline import extract_records

    for path in samples:
        with contextlib.suppress(Exception):  # a sample that fails still imported its reader
            extract_records(path)


def _child(path: Path, report_fd: int) -> None:
    faulthandler.disable()  # pytest's handler would print a native crash on the terminal
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    limit = _virtual_size() + _ADDRESS_SPACE_HEADROOM
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    started = time.monotonic()
    result: dict[str, object] = dict(_extract(path))
    result["seconds"] = time.monotonic() - started  # the parent may look late (writing the next mutant)
    os.write(report_fd, json.dumps(result, ensure_ascii=True).encode()[:60_000])
    os._exit(0)


def _extract(path: Path) -> dict[str, str]:
    from extractor.emit.json import record_json
    from extractor.errors import ReadError
    from extractor.models import Record
    from extractor.pipeline import extract_records

    try:
        records = extract_records(path)
        for record in records:
            Record.model_validate_json(record_json(record))
        return {"kind": "record", "detail": f"{len(records)} record(s)"}
    except ReadError as error:
        if error.code == "internal_error":
            return {"kind": "internal", "detail": str(error)[-400:]}
        return {"kind": "error", "detail": error.code}
    except MemoryError:
        return {"kind": "memory", "detail": "MemoryError"}
    except BaseException as error:
        return {"kind": "crash", "detail": f"{type(error).__name__}: {error}"[:400]}


def _virtual_size() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[0]) * PAGE


def _resident(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


@dataclass(slots=True)
class _Running:
    pid: int
    report_fd: int
    started: float
    # The child's resident memory just after the fork, pages it shares with the harness: only what
    # the case costs beyond it counts against the limit.
    baseline: int = 0
    killed_for: str = ""


def start(path: Path) -> _Running:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child never returns
        os.close(read_fd)
        try:
            _child(path, write_fd)
        finally:
            os._exit(70)
    os.close(write_fd)
    return _Running(pid, read_fd, time.monotonic(), _resident(pid))


def poll(running: _Running, timeout_s: float, memory_bytes: int) -> Outcome | None:
    """The outcome once the child is gone (killing it when over a limit), else None."""
    pid, status, usage = os.wait4(running.pid, os.WNOHANG)
    elapsed = time.monotonic() - running.started
    if pid == 0:
        if not running.killed_for:
            if _resident(running.pid) - running.baseline > memory_bytes:
                running.killed_for = "memory"
            elif elapsed > timeout_s:
                running.killed_for = "hang"
            if running.killed_for:
                os.kill(running.pid, signal.SIGKILL)
        return None
    peak = max(0, usage.ru_maxrss * 1024 - running.baseline)
    report = _read_report(running.report_fd)
    if running.killed_for:
        detail = f"over {timeout_s:g} s" if running.killed_for == "hang" else f"over {memory_bytes / 2**30:g} GiB"
        return Outcome(running.killed_for, detail, elapsed, peak / 2**20)
    if os.WIFSIGNALED(status):
        return Outcome("crash", f"signal {signal.Signals(os.WTERMSIG(status)).name}", elapsed, peak / 2**20)
    if report is None:
        return Outcome("crash", f"exit status {os.WEXITSTATUS(status)} without a report", elapsed, peak / 2**20)
    seconds = float(report.get("seconds", elapsed))
    if peak > memory_bytes:  # over the limit before it ended, whatever it reported then
        return Outcome("memory", f"peak {peak / 2**20:.0f} MiB", seconds, peak / 2**20)
    if seconds > timeout_s:
        return Outcome("hang", f"over {timeout_s:g} s (finished in {seconds:.1f} s)", seconds, peak / 2**20)
    return Outcome(str(report["kind"]), str(report["detail"]), seconds, peak / 2**20)


def _read_report(fd: int) -> dict[str, object] | None:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    os.close(fd)
    if not chunks:
        return None
    try:
        report: dict[str, object] = json.loads(b"".join(chunks))
    except ValueError:
        return None
    return report


def run_case(path: Path, timeout_s: float = 20.0, memory_bytes: int = 2**30) -> Outcome:
    running = start(path)
    while (outcome := poll(running, timeout_s, memory_bytes)) is None:
        time.sleep(_POLL_S)
    return outcome


def run_many(cases: Iterable[tuple[K, Path]], jobs: int = 2, timeout_s: float = 20.0, memory_bytes: int = 2**30,
             on_outcome: Callable[[K, Path, Outcome], None] | None = None) -> list[tuple[K, Path, Outcome]]:
    """Run the cases `jobs` at a time, taking the next (key, file) from `cases` only when a child
    slot is free (so mutants can be written one at a time); outcomes in the order they finished."""
    results: list[tuple[K, Path, Outcome]] = []
    pending = iter(cases)
    running: list[tuple[K, Path, _Running]] = []
    exhausted = False
    while running or not exhausted:
        while not exhausted and len(running) < jobs:
            case = next(pending, None)
            if case is None:
                exhausted = True
                break
            running.append((case[0], case[1], start(case[1])))
        for item in list(running):
            outcome = poll(item[2], timeout_s, memory_bytes)
            if outcome is None:
                continue
            running.remove(item)
            results.append((item[0], item[1], outcome))
            if on_outcome is not None:
                on_outcome(item[0], item[1], outcome)
        time.sleep(_POLL_S)
    return results
