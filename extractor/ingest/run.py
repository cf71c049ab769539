"""`ingest`: the library entry point behind `extractor ingest`.

walk the sources (never the outputs) -> hash (cached by location + stamp) -> register each file's
current version (new, changed, gone) -> skip contents the store has (retrying failures whose reason
may have gone) -> run the rest on the engine -> store results in batches -> publish the outputs
when anything changed.
"""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
import sys
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from extractor.ingest import guard, publish, versions
from extractor.ingest.archives import close_archives
from extractor.ingest.environment import Environment, current, retry_reason
from extractor.ingest.export import export, outputs_intact
from extractor.ingest.options import IngestOptions
from extractor.ingest.progress import make_progress
from extractor.ingest.sources import Source, Walk, sha256_of, walk
from extractor.ingest.state import STATE_DIR, State, now
from extractor.ingest.summary import IngestSummary, count_current
from extractor.ingest.worker import FileResult, Task, error_result

# Versions are committed as the sources are hashed, so a run killed while hashing keeps its hashes.
_REGISTER_BATCH = 500


@dataclass(slots=True)
class Plan:
    tasks: list[Task] = field(default_factory=list)
    rejected: list[FileResult] = field(default_factory=list)  # failed before any worker (too large)
    locations: list[str] = field(default_factory=list)
    changes: versions.Changes = field(default_factory=versions.Changes)
    duplicates: int = 0
    skipped: int = 0
    retried: int = 0


def plan(walked: Walk, state: State, options: IngestOptions, environment: Environment,
         on_first_task: Callable[[], None] | None = None) -> Plan:
    """Hash every source (or take the cached hash), register its version, keep what must be read.

    `on_first_task` is called once, as soon as one file is known to need reading."""
    stored = {} if options.force else state.contents()
    result = Plan()
    seen: set[str] = set()
    at = now()
    for chunk in _batched(walked.sources):
        with state.transaction():
            for source in chunk:
                found = versions.current(state.db, source.location)
                reuse = found is not None and found.stamp == source.stamp and not options.force
                sha = found.sha256 if found is not None and reuse else sha256_of(source)
                versions.register(state.db, source, sha, found, at, result.changes)
                result.locations.append(source.location)
                if sha in seen:
                    result.duplicates += 1
                    continue
                seen.add(sha)
                _schedule(result, source_task(source, sha, options), stored.get(sha), options, environment)
                if on_first_task is not None and result.tasks:
                    on_first_task()
                    on_first_task = None
    with state.transaction():
        versions.end_missing(state.db, walked.roots, set(result.locations), at, result.changes)
        if result.changes.any:
            state.mark_dirty()
    return result


def _batched(items: list[Source]) -> Iterator[list[Source]]:  # itertools.batched is Python 3.12+
    for start in range(0, len(items), _REGISTER_BATCH):
        yield items[start:start + _REGISTER_BATCH]


def source_task(source: Source, sha: str, options: IngestOptions) -> Task:
    return Task(source.path, source.fs_path, source.member, sha, source.size, options.check, options.max_bytes)


def _schedule(result: Plan, task: Task, stored: tuple[str, str | None, str, str] | None, options: IngestOptions,
              environment: Environment) -> None:
    if stored is not None:
        status, code, version, then = stored
        again = status == "failed" and (options.retry_failed or retry_reason(code, version, then, environment))
        if not again:
            result.skipped += 1
            return
        result.retried += 1
    if task.size > options.max_bytes:
        detail = f"文件大小 {task.size} 字节，超过上限 {options.max_bytes} 字节（--max-bytes）"
        result.rejected.append(error_result(task, "file_too_large", detail))
    else:
        result.tasks.append(task)


def _engine_starter(options: IngestOptions) -> Callable[[], None] | None:
    """The local pool's forkserver imports the extractor (~0.5 s of one core) when it starts: started
    at the first file to read, it does so while the rest of the sources are hashed."""
    if options.engine != "local":
        return None
    from extractor.ingest.engine_local import start_forkserver

    return start_forkserver


def run_engine(tasks: list[Task], options: IngestOptions) -> Generator[FileResult, None, None]:
    """Results in completion order; closing this generator stops the engine's workers."""
    if not tasks:
        return
    if options.engine == "dask":
        from extractor.ingest.engine_dask import run_dask

        yield from run_dask(tasks, options)
        return
    from extractor.ingest.engine_local import LocalPool, PoolSettings

    settings = PoolSettings(min(options.worker_count(), len(tasks)), options.timeout_s,
                            options.max_tasks_per_child, options.worker_init, options.max_memory_mib)
    yield from LocalPool(settings).run(tasks)


def ingest(sources: Iterable[str | Path], out_dir: str | Path, options: IngestOptions | None = None,
           log: TextIO | None = None) -> IngestSummary:
    """Ingest files, folders and .zip archives into `out_dir`; see docs/ingest.md.

    Progress goes to `log` (default stderr). Raises `guard.IngestError` (disk_full,
    output_not_writable, output_busy) when the output folder cannot be written, and
    `guard.Interrupted` on Ctrl-C or SIGTERM (what was read is kept: rerun to continue). A script
    that calls this must guard its top level with `if __name__ == "__main__":`, as for any
    multiprocessing pool: workers re-import the main module.
    """
    options = options or IngestOptions()
    out = Path(out_dir)
    try:
        guard.writable_or_raise(out)
        with guard.stoppable(), guard.locked(out / STATE_DIR):
            guard.remove_stale(out, out / STATE_DIR)
            return _run(list(sources), out, options, log or sys.stderr)
    except (OSError, sqlite3.Error) as error:
        known = guard.classify(error, out)
        if known is None:
            raise
        raise known from error


def _run(sources: list[str | Path], out: Path, options: IngestOptions, log: TextIO) -> IngestSummary:
    started = time.perf_counter()
    summary = IngestSummary(out_dir=out)
    progress = make_progress(options.progress, log)
    state = State(out)
    try:
        walked = walk(sources, exclude=[out], follow_symlinks=options.follow_symlinks)
        summary.ignored, summary.symlinks, summary.outputs = walked.ignored, walked.symlinks, walked.outputs
        environment = current(options.timeout_s, options.max_bytes, options.max_memory_mib)
        work = plan(walked, state, options, environment, on_first_task=_engine_starter(options))
        summary.duplicates, summary.skipped, summary.retried = work.duplicates, work.skipped, work.retried
        summary.new, summary.changed, summary.gone = work.changes.new, work.changes.changed, work.changes.gone
        progress.start(len(work.tasks) + len(work.rejected))
        with contextlib.closing(run_engine(work.tasks, options)) as results:
            for result in itertools.chain(work.rejected, results):
                state.add(result, environment)
                summary.processed += 1
                summary.pages += result.pages
                progress.advance(result.failed)
        state.flush()
        if state.dirty() or not outputs_intact(out, options):
            clock = export(state, out, options, helper=bool(work.tasks) and options.engine == "local")
            summary.export_seconds, summary.export_cpu = clock.seconds, clock.cpu
            summary.exported = True
        else:
            publish.prepare(state)
        count_current(state.db, work.locations, summary)
    finally:
        progress.close()
        close_archives()
        state.close()  # commits the results already received, also on Ctrl-C
    summary.seconds = time.perf_counter() - started
    return summary
