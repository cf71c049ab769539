"""Run the same per-file tasks on an existing Dask distributed cluster (`--engine dask --scheduler ADDRESS`).

Every worker must see the files under the same paths (a shared or network file system) and have
`extractor[dask]` installed. The results come back to this process, which stores them and writes
the outputs exactly as for the local engine, so both give the same tables.

Limits: at most a bounded window of tasks is in flight (memory stays flat for any archive size).
A task past `--timeout` is answered with a `timeout` result by a watchdog inside the task, and the
worker that runs the stuck thread is restarted through its nanny (a thread cannot be killed). A
worker that dies is replaced by its nanny; Dask retries its task elsewhere and gives up after
`distributed.scheduler.allowed-failures`, which becomes a `worker_crashed` result.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

from extractor.ingest.options import IngestOptions
from extractor.ingest.worker import FileResult, Task, error_result, initialise, run_task

# Tasks in flight per worker thread: enough to keep workers busy, small enough to bound memory.
_WINDOW_PER_THREAD = 4
_TIMEOUT_DETAIL = "处理超过 {limit:g} 秒仍未完成（Dask 工作进程将被重启）"


def dask_task(task: Task, timeout_s: float, worker_init: str | None) -> tuple[FileResult, str | None]:
    """Runs on a Dask worker: the result, and the worker's address when it must be restarted."""
    initialise(worker_init)
    box: list[FileResult] = []
    thread = threading.Thread(target=lambda: box.append(run_task(task)), daemon=True)
    thread.start()
    thread.join(timeout_s)
    if box:
        return box[0], None
    from distributed import get_worker

    result = error_result(task, "timeout", _TIMEOUT_DETAIL.format(limit=timeout_s), seconds=timeout_s)
    return result, get_worker().address


def _client(options: IngestOptions) -> Any:
    from distributed import Client

    if options.scheduler is None:
        raise ValueError("--engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    return Client(options.scheduler)  # type: ignore[no-untyped-call]


def run_dask(tasks: list[Task], options: IngestOptions, client: Any = None) -> Iterator[FileResult]:
    from distributed import as_completed

    own = client is None
    client = client or _client(options)
    try:
        threads = max(1, sum(client.nthreads().values()))
        pending = iter(tasks)
        by_future: dict[Any, Task] = {}

        def submit() -> Any | None:
            task = next(pending, None)
            if task is None:
                return None
            future = client.submit(dask_task, task, options.timeout_s, options.worker_init, pure=False)
            by_future[future] = task
            return future

        window = [f for f in (submit() for _ in range(threads * _WINDOW_PER_THREAD)) if f is not None]
        completed = as_completed(window)  # type: ignore[no-untyped-call]
        for future in completed:
            yield _result(client, future, by_future.pop(future))
            more = submit()
            if more is not None:
                completed.add(more)  # type: ignore[no-untyped-call]
    finally:
        if own:
            client.close()


def _result(client: Any, future: Any, task: Task) -> FileResult:
    try:
        result, stuck_worker = future.result()
    except Exception as error:  # KilledWorker and the like: the task took its worker(s) down
        return error_result(task, "worker_crashed", f"Dask 工作进程处理该文件时退出：{type(error).__name__}: {error}")
    finally:
        future.release()
    if stuck_worker is not None:
        # No nanny, or already gone: the stuck thread then stays until the worker ends.
        with contextlib.suppress(Exception):
            client.restart_workers([stuck_worker])
    assert isinstance(result, FileResult)
    return result
