"""Files by location, over time: the current version of each, and every earlier one.

A location is a file's absolute path (`archive!/member` for a zip member). Each run registers what
it finds: a location seen for the first time gets version 1; one whose content changed gets a new
version that supersedes the previous (kept, with when and by what); a location that was current
and lies under a folder or archive this run walked, but was not found, is no longer current
(`gone`). Locations outside this run's sources are left alone: ingesting 2026's folder into the
folder that holds 2019–2025 adds to them. The published tables show the current versions; the
`history` table shows them all.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from extractor.ingest.sources import MEMBER_SEPARATOR, Source

DOC_ID_DIGITS = 20


@dataclass(frozen=True, slots=True)
class Current:
    id: int
    sha256: str
    stamp: str


@dataclass(slots=True)
class Changes:
    new: int = 0
    changed: int = 0
    gone: int = 0

    @property
    def any(self) -> bool:
        return bool(self.new or self.changed or self.gone)


def doc_id(location: str, part: int, parts: int) -> str:
    """Stable while the file stays where it is; the record's position added for a workbook's records."""
    key = hashlib.sha256(location.encode("utf-8", "surrogatepass")).hexdigest()[:DOC_ID_DIGITS]
    return key if parts <= 1 and part == 0 else f"{key}:{part}"


def current(db: sqlite3.Connection, location: str) -> Current | None:
    row = db.execute("SELECT id, sha256, stamp FROM versions WHERE location = ? AND current = 1",
                     (location,)).fetchone()
    return None if row is None else Current(int(row[0]), str(row[1]), str(row[2]))


def register(db: sqlite3.Connection, source: Source, sha256: str, found: Current | None, at: str,
             changes: Changes) -> None:
    """This run saw `source` with content `sha256` (found: its current version before this run)."""
    if found is not None and found.sha256 == sha256:
        db.execute("UPDATE versions SET last_seen = ?, stamp = ?, path = ? WHERE id = ?",
                   (at, source.stamp, source.path, found.id))
        return
    if found is not None:
        db.execute("UPDATE versions SET current = 0, ended_at = ?, ended = 'superseded', superseded_by = ? "
                   "WHERE id = ?", (at, sha256, found.id))
        changes.changed += 1
    else:
        changes.new += 1
    db.execute("INSERT INTO versions (location, path, sha256, stamp, first_seen, last_seen, current) "
               "VALUES (?, ?, ?, ?, ?, ?, 1)", (source.location, source.path, sha256, source.stamp, at, at))


def end_missing(db: sqlite3.Connection, roots: Iterable[str], seen: set[str], at: str, changes: Changes) -> None:
    """Current locations under `roots` (folders, archives, files named) that this run did not find."""
    gone: list[int] = []
    for root in roots:
        for version_id, location in _current_under(db, root):
            if location not in seen:
                gone.append(version_id)
    db.executemany("UPDATE versions SET current = 0, ended_at = ?, ended = 'gone' WHERE id = ?",
                   [(at, version_id) for version_id in gone])
    changes.gone += len(gone)


def _current_under(db: sqlite3.Connection, root: str) -> Iterator[tuple[int, str]]:
    yield from db.execute("SELECT id, location FROM versions WHERE current = 1 AND location = ?", (root,))
    for separator in (os.sep, MEMBER_SEPARATOR):
        prefix = root.rstrip(os.sep) + separator
        yield from db.execute("SELECT id, location FROM versions WHERE current = 1 AND location >= ? "
                              "AND location < ?", (prefix, prefix + "\U0010ffff"))


HISTORY_SQL = """SELECT location, ROW_NUMBER() OVER (PARTITION BY location ORDER BY id) AS version, path, sha256,
       CASE WHEN current = 1 THEN 'current' ELSE ended END AS status, first_seen, last_seen, ended_at, superseded_by
FROM versions ORDER BY location, version"""
