"""Bulk ingest: an archive of reports -> records.jsonl and four flat tables (CSV, Parquet, SQLite, Excel).

Library first: `ingest(sources, out_dir, IngestOptions(...)) -> IngestSummary`; `extractor ingest`
only parses options and calls it. docs/ingest.md describes the design, docs/tables.md the tables.
"""

from __future__ import annotations

from extractor.ingest.options import IngestOptions
from extractor.ingest.run import ingest
from extractor.ingest.summary import IngestSummary

__all__ = ["IngestOptions", "IngestSummary", "ingest"]
