"""The default engine: a pool of worker processes, one document per task, with a time limit per task.

`concurrent.futures.ProcessPoolExecutor` cannot stop one hung task and breaks as a whole when a
worker dies, so this pool drives `multiprocessing` processes directly (standard library only):
each worker holds at most one task; the parent waits on the result pipes and the process
sentinels with the nearest deadline as timeout. A task past its deadline gets its worker
killed (result `timeout`); a worker that dies gets result `worker_crashed`; either way a fresh
worker takes its place and the batch goes on. Workers are recycled after `max_tasks_per_child`
tasks so that memory a reader leaks or fragments cannot grow with the archive.

Workers start from a forkserver that has already imported the extractor and its readers, so a
new (or recycled) worker costs a fork, not a Python start-up. Each worker may allocate at most
`max_memory_mib` (RLIMIT_DATA: a reader that runs away gets MemoryError, an `out_of_memory` result,
instead of the machine's memory). Workers ignore SIGINT and SIGTERM: the parent decides, stops them
when the run is interrupted, and a worker never prints a KeyboardInterrupt or BrokenPipeError
traceback; a worker killed by a signal (a native crash: SIGSEGV, SIGABRT) is named in its file's
`worker_crashed` result.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import resource
import signal
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from extractor.ingest.worker import FileResult, Task, error_result, initialise, run_task

# Modules every worker needs: imported once in the forkserver, shared copy-on-write; the last one
# compiles the patterns there (see extractor/ingest/warm.py).
_PRELOAD = [
    "extractor.ingest.worker", "extractor.pipeline", "extractor.emit.json", "extractor.check",
    "extractor.readers.docx", "extractor.readers.pdf", "extractor.readers.xlsx", "extractor.ingest.warm",
]
# How long the parent sleeps at most between looks (so progress and deadlines stay live).
_POLL_S = 0.5
_JOIN_S = 2.0


@dataclass(frozen=True, slots=True)
class PoolSettings:
    workers: int
    timeout_s: float
    max_tasks_per_child: int
    worker_init: str | None = None
    max_memory_mib: int = 0  # 0: no limit


def _limit_memory(mib: int) -> None:
    if mib > 0:
        limit = mib * 2**20
        with contextlib.suppress(ValueError, OSError):  # a platform without RLIMIT_DATA: no limit
            resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def _worker_main(conn: Connection, worker_init: str | None, max_memory_mib: int = 0) -> None:
    # The parent stops the workers itself (Ctrl-C and SIGTERM reach the whole process group).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _limit_memory(max_memory_mib)
    initialise(worker_init)
    while True:
        try:
            task = conn.recv()
            if task is None:
                return
            conn.send(run_task(task))
        except (EOFError, OSError):  # the parent is gone (its end of the pipe closed): nothing to report to
            return


class _Worker:
    def __init__(self, context: multiprocessing.context.ForkServerContext, settings: PoolSettings) -> None:
        self.conn, child = context.Pipe(duplex=True)
        self.process: BaseProcess = context.Process(
            target=_worker_main, args=(child, settings.worker_init, settings.max_memory_mib), daemon=True)
        self.process.start()
        child.close()
        self.task: Task | None = None
        self.deadline = 0.0
        self.done = 0

    def give(self, task: Task, timeout_s: float) -> None:
        self.task = task
        self.deadline = time.monotonic() + timeout_s
        with contextlib.suppress(OSError):  # it died starting up: its sentinel reports it as worker_crashed
            self.conn.send(task)

    def retire(self) -> None:
        with contextlib.suppress(OSError):  # already gone
            self.conn.send(None)
        self.process.join(_JOIN_S)
        self.kill()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(_JOIN_S)
        self.conn.close()


def _death(exitcode: int | None) -> str:
    """How a worker died, in words: by which signal, or with which exit code."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"信号 {-exitcode}"
        return f"被信号 {name} 终止（原生代码崩溃或被系统终止）"
    return f"意外退出（退出码 {exitcode}）"


def start_forkserver() -> None:
    """Start the forkserver (if not running) without waiting for it to import the preloaded modules."""
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload(_PRELOAD)
    forkserver.ensure_running()


class LocalPool:
    def __init__(self, settings: PoolSettings) -> None:
        self.settings = settings
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(_PRELOAD)
        self.workers: list[_Worker] = []

    def run(self, tasks: Iterable[Task]) -> Iterator[FileResult]:
        """Results in completion order; every task gives exactly one result."""
        queue = deque(tasks)
        try:
            while queue or any(w.task is not None for w in self.workers):
                self._dispatch(queue)
                yield from self._collect()
        finally:
            for worker in self.workers:
                worker.kill()
            self.workers = []

    def _dispatch(self, queue: deque[Task]) -> None:
        while len(self.workers) < self.settings.workers and queue:
            self.workers.append(_Worker(self.context, self.settings))
        for worker in self.workers:
            if worker.task is None and queue:
                worker.give(queue.popleft(), self.settings.timeout_s)

    def _collect(self) -> Iterator[FileResult]:
        busy = [w for w in self.workers if w.task is not None]
        if not busy:
            return
        nearest = min(w.deadline for w in busy)
        timeout = max(0.0, min(_POLL_S, nearest - time.monotonic()))
        handles: list[object] = [w.conn for w in busy] + [w.process.sentinel for w in busy]
        ready = set(wait(handles, timeout))  # type: ignore[arg-type]
        now = time.monotonic()
        for worker in busy:
            if worker.conn in ready or worker.process.sentinel in ready:
                yield self._receive(worker)
            elif now >= worker.deadline:
                yield self._expire(worker)

    def _receive(self, worker: _Worker) -> FileResult:
        task = worker.task
        assert task is not None
        try:
            result: FileResult = worker.conn.recv()
        except (EOFError, OSError):
            worker.process.join(_JOIN_S)
            code = worker.process.exitcode
            self._replace(worker)
            return error_result(task, "worker_crashed", f"处理该文件的进程{_death(code)}，已启动新进程继续")
        worker.task = None
        worker.done += 1
        if worker.done >= self.settings.max_tasks_per_child:
            self._replace(worker, graceful=True)
        return result

    def _expire(self, worker: _Worker) -> FileResult:
        task = worker.task
        assert task is not None
        self._replace(worker)
        limit = self.settings.timeout_s
        return error_result(task, "timeout", f"处理超过 {limit:g} 秒仍未完成，已终止该进程", seconds=limit)

    def _replace(self, worker: _Worker, graceful: bool = False) -> None:
        """Drop a worker; the next dispatch starts a fresh one when there is work left."""
        if graceful:
            worker.retire()
        else:
            worker.kill()
        self.workers.remove(worker)
