"""The resumable store: DIR/.ingest/state.db (SQLite), keyed by the content's sha256.

It holds, per ingested file, the JSON record(s) and the rows of the four tables, plus a cache of
path -> (stamp, sha256) so that an unchanged archive is not even re-hashed. Results are committed
in batches, each in one transaction (WAL, synchronous=NORMAL: no fsync per record), so a kill loses
at most the batch in flight and never leaves half a file's rows. The published outputs are rebuilt
from this store (`export`), streaming, in key order: memory does not grow with the archive.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path

from extractor.ingest.columns import TABLES, Column, Table
from extractor.ingest.tables import Cell, Rows
from extractor.ingest.worker import FileResult

STATE_DIR = ".ingest"
STATE_FILE = "state.db"
SCHEMA_VERSION = "1"
BATCH_RESULTS = 200
BATCH_SECONDS = 1.0

_SQL_TYPES = {"text": "TEXT", "int": "INTEGER", "bool": "INTEGER", "decimal": "TEXT"}


def state_table(table: Table) -> str:
    return "t_" + table.name


def _column_ddl(column: Column) -> str:
    return f"{column.name} {_SQL_TYPES[column.kind]}"


def _ddl() -> list[str]:
    statements = [
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)",
        "CREATE TABLE IF NOT EXISTS paths (path TEXT PRIMARY KEY, stamp TEXT NOT NULL, sha256 TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS files (sha256 TEXT PRIMARY KEY, path TEXT NOT NULL, failed INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS records (doc_id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, json TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS records_sha ON records (sha256)",
    ]
    for table in TABLES:
        columns = ", ".join(_column_ddl(c) for c in table.columns)
        statements.append(f"CREATE TABLE IF NOT EXISTS {state_table(table)} ({columns}, "
                          f"PRIMARY KEY ({', '.join(table.key)}))")
    statements.append("CREATE INDEX IF NOT EXISTS t_documents_sha ON t_documents (sha256)")
    return statements


def stored(value: Cell) -> str | int | None:
    """Decimals are kept as their exact text; booleans as 0/1."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bool):
        return int(value)
    return value


class State:
    def __init__(self, out_dir: Path) -> None:
        folder = out_dir / STATE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / STATE_FILE
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        with self.transaction():
            for statement in _ddl():
                self.db.execute(statement)
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('dirty', '1')")
        self._pending: list[FileResult] = []
        self._flushed_at = time.monotonic()

    def close(self) -> None:
        self.flush()
        self.db.close()

    def transaction(self) -> _Transaction:
        return _Transaction(self.db)

    # ------------------------------------------------------------ what is already there

    def cached_sha(self, path: str, stamp: str) -> str | None:
        row = self.db.execute("SELECT sha256 FROM paths WHERE path = ? AND stamp = ?", (path, stamp)).fetchone()
        return None if row is None else str(row[0])

    def remember_paths(self, entries: Iterable[tuple[str, str, str]]) -> None:
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO paths VALUES (?, ?, ?)", entries)

    def done(self) -> set[str]:
        """sha256 of every file already ingested (read or failed)."""
        return {row[0] for row in self.db.execute("SELECT sha256 FROM files")}

    # ------------------------------------------------------------ results, in batches

    def add(self, result: FileResult) -> None:
        self._pending.append(result)
        if len(self._pending) >= BATCH_RESULTS or time.monotonic() - self._flushed_at >= BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        with self.transaction():
            for result in self._pending:
                self._store(result)
            self.db.execute("UPDATE meta SET value = '1' WHERE key = 'dirty'")
        self._pending = []
        self._flushed_at = time.monotonic()

    def _store(self, result: FileResult) -> None:
        self._forget(result.sha256)
        if result.failed:
            self._insert_rows(result.failed_rows())
        for doc in result.docs:
            self.db.execute("INSERT OR REPLACE INTO records VALUES (?, ?, ?)",
                            (doc.doc_id, result.sha256, doc.record_json))
            self._insert_rows(doc.rows)
        self.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", (result.sha256, result.path, result.failed))

    def _forget(self, sha256: str) -> None:
        """Drop a file's earlier rows (a --force re-run, or a copy of the same bytes read again)."""
        doc_ids = "SELECT doc_id FROM t_documents WHERE sha256 = ?"
        for table in TABLES[1:]:
            self.db.execute(f"DELETE FROM {state_table(table)} WHERE doc_id IN ({doc_ids})", (sha256,))
        self.db.execute("DELETE FROM t_documents WHERE sha256 = ?", (sha256,))
        self.db.execute("DELETE FROM records WHERE sha256 = ?", (sha256,))

    def _insert_rows(self, rows: Rows) -> None:
        for table in TABLES:
            table_rows = rows[table.name]
            if table_rows:
                marks = ", ".join("?" * len(table.columns))
                self.db.executemany(f"INSERT INTO {state_table(table)} VALUES ({marks})",
                                    [tuple(stored(v) for v in row) for row in table_rows])

    # ------------------------------------------------------------ export bookkeeping

    def dirty(self) -> bool:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'dirty'").fetchone()
        return row is None or row[0] == "1"

    def mark_exported(self) -> None:
        with self.transaction():
            self.db.execute("UPDATE meta SET value = '0' WHERE key = 'dirty'")

    def rows(self, table: Table, order: str | None = None, batch: int = 5000) -> Iterator[list[tuple[object, ...]]]:
        """The table's rows in key order (or `order`), a batch at a time."""
        ordering = order or ", ".join(table.key)
        cursor = self.db.execute(f"SELECT {', '.join(table.names)} FROM {state_table(table)} ORDER BY {ordering}")
        while chunk := cursor.fetchmany(batch):
            yield chunk

    def records(self, batch: int = 1000) -> Iterator[str]:
        cursor = self.db.execute("SELECT json FROM records ORDER BY doc_id")
        while chunk := cursor.fetchmany(batch):
            for (text,) in chunk:
                yield str(text)


class _Transaction:
    """BEGIN ... COMMIT, or ROLLBACK on any exception (the connection runs in autocommit mode)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
