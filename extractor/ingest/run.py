"""`ingest`: the library entry point behind `extractor ingest`.

walk the sources -> hash (cached by path + stamp) -> skip what the store already has -> run the
rest on the engine -> store results in batches -> rebuild the outputs when anything changed.
"""

from __future__ import annotations

import itertools
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from extractor.ingest.export import expected_outputs, export
from extractor.ingest.options import IngestOptions
from extractor.ingest.progress import make_progress
from extractor.ingest.sources import Source, sha256_of, walk
from extractor.ingest.state import State
from extractor.ingest.summary import IngestSummary, count_current
from extractor.ingest.worker import FileResult, Task, error_result


@dataclass(slots=True)
class Plan:
    tasks: list[Task] = field(default_factory=list)
    rejected: list[FileResult] = field(default_factory=list)  # failed before any worker (too large)
    shas: list[str] = field(default_factory=list)
    duplicates: int = 0
    skipped: int = 0


def plan(sources: list[Source], state: State, options: IngestOptions) -> Plan:
    """Hash every source (or take the cached hash), drop copies and files already ingested."""
    done = set() if options.force else state.done()
    seen: set[str] = set()
    result = Plan()
    hashed: list[tuple[str, str, str]] = []
    for source in sources:
        sha = None if options.force else state.cached_sha(source.path, source.stamp)
        if sha is None:
            sha = sha256_of(source)
            hashed.append((source.path, source.stamp, sha))
        if sha in seen:
            result.duplicates += 1
            continue
        seen.add(sha)
        result.shas.append(sha)
        if sha in done:
            result.skipped += 1
            continue
        task = Task(source.path, source.fs_path, source.member, sha, source.size, options.check, options.max_bytes)
        if source.size > options.max_bytes:
            detail = f"文件大小 {source.size} 字节，超过上限 {options.max_bytes} 字节（--max-bytes）"
            result.rejected.append(error_result(task, "file_too_large", detail))
        else:
            result.tasks.append(task)
    state.remember_paths(hashed)
    return result


def run_engine(tasks: list[Task], options: IngestOptions) -> Iterator[FileResult]:
    if not tasks:
        return iter(())
    if options.engine == "dask":
        from extractor.ingest.engine_dask import run_dask

        return run_dask(tasks, options)
    from extractor.ingest.engine_local import LocalPool, PoolSettings

    settings = PoolSettings(min(options.worker_count(), len(tasks)), options.timeout_s,
                            options.max_tasks_per_child, options.worker_init)
    return LocalPool(settings).run(tasks)


def ingest(sources: Iterable[str | Path], out_dir: str | Path, options: IngestOptions | None = None,
           log: TextIO | None = None) -> IngestSummary:
    """Ingest files, folders and .zip archives into `out_dir`; see docs/ingest.md.

    Progress goes to `log` (default stderr). A script that calls this must guard its top level with
    `if __name__ == "__main__":`, as for any multiprocessing pool: workers re-import the main module.
    """
    options = options or IngestOptions()
    started = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    summary = IngestSummary(out_dir=out)
    state = State(out)
    progress = make_progress(options.progress, log or sys.stderr)
    try:
        walked = walk(sources)
        work = plan(walked.sources, state, options)
        summary.files, summary.ignored = len(work.shas), walked.ignored
        summary.duplicates, summary.skipped = work.duplicates, work.skipped
        progress.start(len(work.tasks) + len(work.rejected))
        for result in itertools.chain(work.rejected, run_engine(work.tasks, options)):
            state.add(result)
            summary.processed += 1
            summary.pages += result.pages
            progress.advance(result.failed)
        state.flush()
        if state.dirty() or not all(p.exists() for p in expected_outputs(out, options)):
            summary.export_seconds = export(state, out, options)
            summary.exported = True
        count_current(state.db, work.shas, summary)
    finally:
        progress.close()
        state.close()  # commits the results already received, also on Ctrl-C
    summary.seconds = time.perf_counter() - started
    return summary

