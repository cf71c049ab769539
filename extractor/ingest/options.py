"""What an ingest run is asked to do (`IngestOptions`); the CLI only fills this in."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

from extractor.ingest.progress import ProgressMode

Engine = Literal["local", "dask"]

DEFAULT_TIMEOUT_S = 60.0
DEFAULT_MAX_BYTES = 200 * 2**20
# A worker is replaced after this many files, so memory a reader keeps cannot grow with the archive.
# Each fresh worker pays ~0.15 s of CPU warming up (cold copy-on-write pages) in its first files: at
# 200, 1,020 files took 6 workers; at 500, 3, and the CPU overhead over plain extraction fell from
# +20.2 % to +17.0 % (bench_ingest.py --recycle 500, same round, 2026-12-03), while a worker's peak
# RSS stayed flat from first to last (61 -> 59 MiB). RLIMIT_DATA (--max-memory) still bounds a leak.
DEFAULT_MAX_TASKS_PER_CHILD = 500
# A worker may allocate at most this much (RLIMIT_DATA): a hostile file cannot take the machine's memory.
DEFAULT_MAX_MEMORY_MIB = 1024


@dataclass(frozen=True, slots=True)
class IngestOptions:
    workers: int = 0  # 0: one per core
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_bytes: int = DEFAULT_MAX_BYTES
    force: bool = False  # redo every file, even those already ingested unchanged
    retry_failed: bool = False  # read again every file that failed before (else only when the reason may have gone)
    follow_symlinks: bool = False  # follow symbolic links inside folders (never by default)
    max_memory_mib: int = DEFAULT_MAX_MEMORY_MIB  # per worker; 0: no limit
    check: bool = True  # run the consistency checker
    csv: bool = True
    parquet: bool = True
    sqlite: bool = True
    xlsx: bool = True
    engine: Engine = "local"
    scheduler: str | None = None  # Dask scheduler address (tcp://host:8786), for engine "dask"
    max_tasks_per_child: int = DEFAULT_MAX_TASKS_PER_CHILD
    progress: ProgressMode = "auto"
    worker_init: str | None = None  # "module:function" called once in every worker (plug-ins, tests)

    def worker_count(self) -> int:
        return self.workers if self.workers > 0 else (os.cpu_count() or 1)
