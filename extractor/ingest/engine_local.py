"""The default engine: a pool of worker processes, one document per task, with a time limit per task.

`concurrent.futures.ProcessPoolExecutor` cannot stop one hung task and breaks as a whole when a
worker dies, so this pool drives `multiprocessing` processes directly (standard library only):
each worker holds at most one task; the parent waits on the result pipes and the process
sentinels with the nearest deadline as timeout. A task past its deadline gets its worker
killed (result `timeout`); a worker that dies gets result `worker_crashed`; either way a fresh
worker takes its place and the batch goes on. Workers are recycled after `max_tasks_per_child`
tasks so that memory a reader leaks or fragments cannot grow with the archive.

Workers start from a forkserver that has already imported the extractor and its readers, so a
new (or recycled) worker costs a fork, not a Python start-up.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from extractor.ingest.worker import FileResult, Task, error_result, initialise, run_task

# Modules every worker needs: imported once in the forkserver, shared copy-on-write.
_PRELOAD = [
    "extractor.ingest.worker", "extractor.pipeline", "extractor.emit.json", "extractor.check",
    "extractor.readers.docx", "extractor.readers.pdf",
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


def _worker_main(conn: Connection, worker_init: str | None) -> None:
    initialise(worker_init)
    while True:
        try:
            task = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if task is None:
            return
        conn.send(run_task(task))


class _Worker:
    def __init__(self, context: multiprocessing.context.ForkServerContext, settings: PoolSettings) -> None:
        self.conn, child = context.Pipe(duplex=True)
        self.process: BaseProcess = context.Process(target=_worker_main, args=(child, settings.worker_init),
                                                    daemon=True)
        self.process.start()
        child.close()
        self.task: Task | None = None
        self.deadline = 0.0
        self.done = 0

    def give(self, task: Task, timeout_s: float) -> None:
        self.task = task
        self.deadline = time.monotonic() + timeout_s
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
            code = worker.process.exitcode
            self._replace(worker)
            return error_result(task, "worker_crashed", f"处理该文件的进程意外退出（退出码 {code}），已启动新进程继续")
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
