"""Compose the published tables from the store: current files, their reports, and copies that disagree.

Temporary tables on the store's connection, built in SQL (streamed, in key order):
- `p_documents`: one row per current file and record (a version joined with its content), with its
  doc_id, the message of a failure naming this path, and — per report key — whether it is the
  primary copy and how many copies there are;
- `p_copy_findings`: `copy_figures_mismatch` findings, on each primary whose copies disagree;
then `rows(table)` gives every published table's rows in key order.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

from extractor.errors import ERROR_CODES
from extractor.ingest.columns import DOCUMENTS, FINDINGS, HISTORY, Table
from extractor.ingest.copies import COPY_CODE, COPY_SEVERITY, Facts, disagreements, figures_from_json
from extractor.ingest.state import State, child_columns, content_table
from extractor.ingest.versions import HISTORY_SQL, doc_id

_DOCUMENTS_SQL = """CREATE TEMP TABLE p_documents AS
SELECT doc_id(v.location, d.part, c.parts) AS doc_id, v.sha256, d.part, d.sheet, v.path, d.format, d.pages,
       d.title, d.region, d.fiscal_year, d.fund_name, d.status, d.error_code,
       error_message(v.path, d.error_code, d.error_detail) AS error, d.indicators, d.findings, d.warnings,
       d.report_key,
       CASE WHEN d.report_key IS NULL THEN NULL
            ELSE ROW_NUMBER() OVER (PARTITION BY d.report_key ORDER BY d.rank, v.path, d.part, v.location) = 1
       END AS is_primary,
       CASE WHEN d.report_key IS NULL THEN NULL ELSE COUNT(*) OVER (PARTITION BY d.report_key) END AS copies,
       c.version AS extractor_version, d.rank, d.figures, v.location
FROM versions v JOIN contents c ON c.sha256 = v.sha256 JOIN c_documents d ON d.sha256 = v.sha256
WHERE v.current = 1"""


def error_message(path: str, code: str | None, detail: str | None) -> str | None:
    """A failure as users read it, naming this copy's path (the same bytes may fail at several)."""
    if code is None:
        return None
    return f"{path}: {ERROR_CODES.get(code, code)} ({code}): {detail or ''}"


def prepare(state: State) -> None:
    """(Re)build the temporary tables of the published state."""
    db = state.db
    db.create_function("doc_id", 3, doc_id, deterministic=True)
    db.create_function("error_message", 3, error_message, deterministic=True)
    db.create_function("to_real", 1, _to_real, deterministic=True)
    db.execute("DROP TABLE IF EXISTS temp.p_documents")
    db.execute("DROP TABLE IF EXISTS temp.p_copy_findings")
    db.execute(_DOCUMENTS_SQL)
    db.execute("CREATE UNIQUE INDEX temp.p_documents_key ON p_documents (doc_id)")
    db.execute("CREATE INDEX temp.p_documents_content ON p_documents (sha256, part)")
    columns = ", ".join(f"{c.name} {'INTEGER' if c.kind == 'int' else 'TEXT'}" for c in FINDINGS.columns)
    db.execute(f"CREATE TEMP TABLE p_copy_findings ({columns})")
    _copy_findings(db)


def _to_real(text: str | None) -> float | None:
    # Python's float() rounds a decimal string correctly, whatever SQLite's own conversion does.
    return None if text is None else float(text)


def _copy_findings(db: sqlite3.Connection) -> None:
    """Compare each report's copies (streamed a report at a time), then store what disagrees."""
    cursor = db.execute("SELECT report_key, doc_id, path, rank, figures, findings FROM p_documents "
                        "WHERE copies > 1 ORDER BY report_key, is_primary DESC, rank, path")
    found: list[tuple[object, ...]] = []
    group: list[tuple[Facts, str, int]] = []
    while chunk := cursor.fetchmany(1000):
        for key, document, path, rank, figures, findings in chunk:
            if group and group[0][0].key != key:
                found += _compare(group)
                group = []
            group.append((Facts(key, rank, path, figures_from_json(json.loads(figures or "[]"))), document, findings))
    found += _compare(group)
    db.executemany(f"INSERT INTO p_copy_findings VALUES ({', '.join('?' * len(FINDINGS.columns))})", found)
    added: dict[object, int] = {}
    for row in found:
        added[row[0]] = added.get(row[0], 0) + 1
    db.executemany("UPDATE p_documents SET findings = findings + ? WHERE doc_id = ?",
                   [(count, document) for document, count in added.items()])


def _compare(group: list[tuple[Facts, str, int]]) -> list[tuple[object, ...]]:
    """The findings of one report's copies, on its primary (the group's first), numbered after its own."""
    found = disagreements([facts for facts, _, _ in group])
    if not found:
        return []
    _, primary, seq = group[0]
    return [(primary, seq + k, COPY_CODE, COPY_SEVERITY, item.message, item.primary.text, item.copy.text,
             item.places, item.quotes, None, None) for k, item in enumerate(found)]


def select(table: Table, real: bool = False) -> str:
    """The SQL of a published table's rows in key order; `real` gives decimals as REAL (SQLite output)."""
    if table is DOCUMENTS:
        return f"SELECT {', '.join(DOCUMENTS.names)} FROM p_documents ORDER BY doc_id"
    if table is HISTORY:
        return HISTORY_SQL
    decimals = {c.name for c in table.columns if c.kind == "decimal"}
    names = [f"to_real(x.{n})" if real and n in decimals else f"x.{n}" for n in child_columns(table)]
    body = (f"SELECT d.doc_id, {', '.join(names)} FROM p_documents d JOIN {content_table(table)} x "
            "ON x.sha256 = d.sha256 AND x.part = d.part")
    if table is FINDINGS:
        copies = [f"to_real({n})" if real and n in decimals else n for n in FINDINGS.names]
        body += f" UNION ALL SELECT {', '.join(copies)} FROM p_copy_findings"
        return f"SELECT * FROM ({body}) ORDER BY doc_id, seq"
    return body + " ORDER BY d.doc_id, x.seq"


def rows(state: State, table: Table) -> Iterator[list[tuple[object, ...]]]:
    return state.query(select(table))


def records(state: State) -> Iterator[str]:
    """records.jsonl's lines: each current record with this file's path put in."""
    sql = ("SELECT r.head, d.path, r.tail FROM p_documents d JOIN records r ON r.sha256 = d.sha256 "
           "AND r.part = d.part ORDER BY d.doc_id")
    for chunk in state.query(sql, batch=1000):
        for head, path, tail in chunk:
            yield f"{head}{json.dumps(path, ensure_ascii=False)}{tail}"
