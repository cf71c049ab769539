"""What the pool's forkserver does before it forks workers (it is in `engine_local._PRELOAD`).

A worker forked from a process that has compiled every pattern and imported the readers' lazy
libraries starts with them, shared copy-on-write; otherwise each worker, and each recycled one,
spends 0.15-0.3 s of CPU on its first documents compiling patterns and importing pdfplumber and
pypdfium2 (`tests/test_ingest_batching.py` checks that a worker compiles none). Importing this
module is the warm-up: forkserver preloading can only import modules.
"""

from __future__ import annotations

import contextlib

from extractor import patterns

patterns.compile_all()
# Imported by the PDF reader on first use (pdfplumber only for ruled pages); a broken install
# fails there, on the page that needs it, not here.
with contextlib.suppress(ImportError):
    import pdfplumber  # noqa: F401
    import pypdfium2  # noqa: F401
