"""The resumable store: DIR/.ingest/state.db (SQLite), content by sha256 and files by location.

What a file's bytes give is kept once per content (`contents`, the `c_*` rows, `records`): a copy of
the same bytes elsewhere is never read again. Where those bytes are is kept per location in
`versions` (see `versions.py`): each location's current content and every earlier one, so an edit
supersedes, a deletion ends, and history is kept. Results are committed in batches, each in one
transaction (WAL, synchronous=NORMAL: no fsync per record), so a kill loses at most the batch in
flight and never leaves half a file's rows. The published tables are composed from this store
(`publish`), streaming, in key order: memory does not grow with the archive.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from extractor.ingest.columns import CHILD_TABLES, Table
from extractor.ingest.environment import Environment
from extractor.ingest.storage import StoredRow, content_table
from extractor.ingest.tables import DOCUMENT_CONTENT
from extractor.ingest.worker import FileResult

__all__ = ["BATCH_RESULTS", "BATCH_SECONDS", "STATE_DIR", "State", "child_columns", "content_table", "now"]

STATE_DIR = ".ingest"
STATE_FILE = "state.db"
SCHEMA_VERSION = "2"
BATCH_RESULTS = 200
BATCH_SECONDS = 1.0

_SQL_TYPES = {"text": "TEXT", "int": "INTEGER", "bool": "INTEGER", "decimal": "TEXT"}
_DOCUMENT_TYPES = {"pages": "INTEGER", "fiscal_year": "INTEGER", "indicators": "INTEGER", "findings": "INTEGER",
                   "warnings": "INTEGER", "rank": "INTEGER"}


def child_columns(table: Table) -> list[str]:
    """The published columns of a child table after doc_id (seq first)."""
    return table.names[1:]


# Where one content's rows are kept (contents aside): each is emptied of a content before it is stored.
_STORE_TABLES = ("c_documents", "records", *(content_table(t) for t in CHILD_TABLES))


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _ddl() -> list[str]:
    document = ", ".join(f"{name} {_DOCUMENT_TYPES.get(name, 'TEXT')}" for name in DOCUMENT_CONTENT)
    statements = [
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)",
        "CREATE TABLE IF NOT EXISTS versions (id INTEGER PRIMARY KEY, location TEXT NOT NULL, path TEXT NOT NULL, "
        "sha256 TEXT NOT NULL, stamp TEXT NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, "
        "ended_at TEXT, ended TEXT, superseded_by TEXT, current INTEGER NOT NULL)",
        "CREATE UNIQUE INDEX IF NOT EXISTS versions_current ON versions (location) WHERE current = 1",
        "CREATE INDEX IF NOT EXISTS versions_location ON versions (location, id)",
        "CREATE TABLE IF NOT EXISTS contents (sha256 TEXT PRIMARY KEY, status TEXT NOT NULL, error_code TEXT, "
        "format TEXT, parts INTEGER NOT NULL, version TEXT NOT NULL, environment TEXT NOT NULL, "
        "read_at TEXT NOT NULL, pages INTEGER NOT NULL)",
        f"CREATE TABLE IF NOT EXISTS c_documents (sha256 TEXT NOT NULL, part INTEGER NOT NULL, {document}, "
        "PRIMARY KEY (sha256, part))",
        "CREATE TABLE IF NOT EXISTS records (sha256 TEXT NOT NULL, part INTEGER NOT NULL, head TEXT NOT NULL, "
        "tail TEXT NOT NULL, PRIMARY KEY (sha256, part))",
    ]
    for table in CHILD_TABLES:
        columns = ", ".join(f"{c.name} {_SQL_TYPES[c.kind]}" for c in table.columns[1:])
        statements.append(f"CREATE TABLE IF NOT EXISTS {content_table(table)} (sha256 TEXT NOT NULL, "
                          f"part INTEGER NOT NULL, {columns}, PRIMARY KEY (sha256, part, seq))")
    return statements


class State:
    def __init__(self, out_dir: Path) -> None:
        folder = out_dir / STATE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / STATE_FILE
        self.replaced_old = _set_aside_older_schema(self.path)
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        with self.transaction():
            for statement in _ddl():
                self.db.execute(statement)
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('dirty', '1')")
        self._pending: list[tuple[FileResult, Environment]] = []
        self._flushed_at = time.monotonic()

    @classmethod
    def read_only(cls, path: Path) -> State:
        """The store at `path` for reading only (another process of the run: the export helper)."""
        state = cls.__new__(cls)
        state.path, state.replaced_old = path, False
        state.db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
        state._pending, state._flushed_at = [], time.monotonic()
        return state

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self.db.close()

    def transaction(self) -> _Transaction:
        return _Transaction(self.db)

    # ------------------------------------------------------------ what is already there

    def contents(self) -> dict[str, tuple[str, str | None, str, str]]:
        """sha256 -> (status, error code, extractor version, environment JSON) of every content read."""
        rows = self.db.execute("SELECT sha256, status, error_code, version, environment FROM contents")
        return {row[0]: (row[1], row[2], row[3], row[4]) for row in rows}

    # ------------------------------------------------------------ results, in batches

    def add(self, result: FileResult, environment: Environment) -> None:
        self._pending.append((result, environment))
        if len(self._pending) >= BATCH_RESULTS or time.monotonic() - self._flushed_at >= BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        """Store the pending results in one transaction: one statement per table for the whole batch."""
        if not self._pending:
            return
        # The last result of a content wins (as if stored one by one): never two rows of one key.
        latest = {result.sha256: (result, environment) for result, environment in self._pending}
        rows: dict[str, list[StoredRow]] = {name: [] for name in _STORE_TABLES}
        contents: list[tuple[object, ...]] = []
        at = now()
        environments: dict[Environment, str] = {}  # one run has one: its JSON made once, not per file
        for sha, (result, environment) in latest.items():
            if environment not in environments:
                environments[environment] = environment.json()
            if result.failed:
                rows["c_documents"].append([sha, 0, *result.failed_row()])
            for doc in result.docs:
                for name, doc_rows in doc.rows.items():
                    rows[name].extend(doc_rows)
                rows["records"].append([sha, doc.part, doc.record_head, doc.record_tail])
            status = "failed" if result.failed else "ok"
            contents.append((sha, status, result.error_code, result.format, max(1, len(result.docs)),
                             environment.version, environments[environment], at, result.pages))
        keys = [(sha,) for sha in latest]
        with self.transaction():
            for name in _STORE_TABLES:  # a content read again (retried, --force) replaces its rows
                self.db.executemany(f"DELETE FROM {name} WHERE sha256 = ?", keys)
            for name, table_rows in rows.items():
                if table_rows:
                    marks = ", ".join("?" * len(table_rows[0]))
                    self.db.executemany(f"INSERT INTO {name} VALUES ({marks})", table_rows)
            self.db.executemany("INSERT OR REPLACE INTO contents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", contents)
            self.mark_dirty()
        self._pending = []
        self._flushed_at = time.monotonic()

    # ------------------------------------------------------------ export bookkeeping

    def mark_dirty(self) -> None:
        self.db.execute("UPDATE meta SET value = '1' WHERE key = 'dirty'")

    def dirty(self) -> bool:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'dirty'").fetchone()
        return row is None or row[0] == "1"

    def mark_exported(self) -> None:
        with self.transaction():
            self.db.execute("UPDATE meta SET value = '0' WHERE key = 'dirty'")

    def query(self, sql: str, batch: int = 5000) -> Iterator[list[tuple[object, ...]]]:
        cursor = self.db.execute(sql)
        while chunk := cursor.fetchmany(batch):
            yield chunk


def _set_aside_older_schema(path: Path) -> bool:
    """A store written by an older extractor is moved aside (state.db.v1): every file is read again."""
    if not path.exists():
        return False
    try:
        with sqlite3.connect(path) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        db.close()
    except sqlite3.Error:
        row = None
    if row is not None and row[0] == SCHEMA_VERSION:
        return False
    old = f"v{row[0]}" if row is not None else "old"
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            os.replace(source, f"{path}.{old}{suffix}")
    return True


class _Transaction:
    """BEGIN ... COMMIT, or ROLLBACK on any exception (the connection runs in autocommit mode)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
