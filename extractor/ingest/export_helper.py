"""A second process for the slowest outputs (Parquet, audit.xlsx) while the main one writes the rest.

Publishing runs after every file is read, on one core: on two cores that serial tail is what keeps
two workers from doubling one worker's throughput. The helper is a fork of the pool's forkserver
(the extractor already imported, so it costs milliseconds); it opens the store read-only, builds
the same published state (`publish.prepare`: the same SQL over the same committed store gives the
same rows), writes its outputs into the staging folder and reports its timings and row counts.
The main process renames nothing until the helper is done; an error in the helper (a full disk)
is raised in the main process as the same exception, so the run ends as it would have.

Like a worker it ignores SIGINT and SIGTERM: the main process stops it (kills it) when interrupted.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import multiprocessing
import signal
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.machinery import ModuleSpec
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import ModuleType

from extractor.ingest.worker import initialise

_JOIN_S = 2.0


@dataclass(slots=True)
class HelperResult:
    seconds: dict[str, float]
    cpu: dict[str, float]
    counts: dict[str, int]


class ExportHelper:
    def __init__(self, state_path: Path, staging: Path, kinds: list[str], worker_init: str | None) -> None:
        context = multiprocessing.get_context("forkserver")
        self.conn, child = context.Pipe(duplex=False)
        self.process: BaseProcess = context.Process(
            target=_main, args=(child, str(state_path), str(staging), kinds, worker_init), daemon=True)
        self.process.start()
        child.close()

    def result(self) -> HelperResult:
        """Wait for the helper; its exception, if it failed, is raised here."""
        try:
            message: HelperResult | BaseException = self.conn.recv()
        except (EOFError, OSError):
            self.process.join(_JOIN_S)
            raise RuntimeError(f"export helper process died (exit code {self.process.exitcode})") from None
        self.process.join(_JOIN_S)
        if isinstance(message, BaseException):
            raise message
        return message

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(_JOIN_S)
        self.conn.close()


def _main(conn: Connection, state_path: str, staging: str, kinds: list[str], worker_init: str | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        initialise(worker_init)
        # After the plug-in: what it imported itself stays importable (a module already imported is
        # never looked up by a finder).
        hidden = frozenset(name for name in _UNUSED if name not in sys.modules)
        if hidden:
            sys.meta_path.insert(0, _Without(hidden))
        result = _write(Path(state_path), Path(staging), kinds)
    except BaseException as error:  # reported to the main process, which raises it
        with contextlib.suppress(Exception):
            conn.send(error)
            return
        conn.send(RuntimeError(f"export helper: {type(error).__name__}: {error}"))
        return
    conn.send(result)


# pyarrow imports pandas, when installed, on its first array (0.2-0.4 s of CPU) only to recognise
# pandas objects, and numpy when it is imported (0.1-0.2 s) for the same reason; built from Python
# lists, as here, its arrays and Parquet files need neither (the same bytes: tests/test_ingest_batching.py).
_UNUSED = ("pandas", "numpy")


class _Without(importlib.abc.MetaPathFinder):
    """Modules this short-lived process never hands pyarrow objects of: here they are not found. Not
    done in the main process: a library caller may use pyarrow with pandas or numpy there."""

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if fullname.partition(".")[0] in self.names:
            raise ModuleNotFoundError(f"{fullname} is not needed by the export helper", name=fullname)
        return None


def _write(state_path: Path, staging: Path, kinds: list[str]) -> HelperResult:
    from extractor.ingest import publish
    from extractor.ingest.export import Clock, write_outputs
    from extractor.ingest.state import State

    clock = Clock()
    state = State.read_only(state_path)
    try:
        publish.prepare(state)
        clock.lap("publish")
        counts = write_outputs(state, staging, set(kinds), clock)
    finally:
        state.db.close()
    return HelperResult(clock.seconds, clock.cpu, counts)
