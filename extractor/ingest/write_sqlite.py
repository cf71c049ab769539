"""SQLite `reports.db` for dashboards and datasette: the four tables with keys, indexes and views.

Built in a temporary file from the state store (ATTACH + INSERT ... SELECT in key order, all in
SQLite), then renamed over the old one. Amounts are TEXT holding the exact decimal (SQLite has no
decimal type and REAL would round); the views cast them to NUMERIC to sum them for display.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from extractor.ingest.atomic import replacing
from extractor.ingest.columns import DOCUMENTS, TABLES, Column, Table
from extractor.ingest.state import state_table

_SQL_TYPES = {"text": "TEXT", "int": "INTEGER", "bool": "INTEGER", "decimal": "TEXT"}

INDEXES = (
    "CREATE INDEX idx_documents_region ON documents (region)",
    "CREATE INDEX idx_documents_fiscal_year ON documents (fiscal_year)",
    "CREATE INDEX idx_documents_region_year ON documents (region, fiscal_year)",
    "CREATE INDEX idx_documents_error_code ON documents (error_code)",
    "CREATE INDEX idx_funds_doc_id ON funds (doc_id)",
    "CREATE INDEX idx_indicators_doc_id ON indicators (doc_id)",
    "CREATE INDEX idx_findings_doc_id ON findings (doc_id)",
    "CREATE INDEX idx_findings_code ON findings (code)",
)

# name -> (zh, en, SQL)
VIEWS: dict[str, tuple[str, str, str]] = {
    "execution_by_region_year": (
        "按地区和年度的预算执行率",
        "Budget execution by region and fiscal year (documents stating both budget and executed totals)",
        """SELECT d.region, d.fiscal_year, COUNT(*) AS documents,
       SUM(CAST(f.budget_yuan AS NUMERIC)) AS budget_yuan,
       SUM(CAST(f.executed_yuan AS NUMERIC)) AS executed_yuan,
       ROUND(100.0 * SUM(CAST(f.executed_yuan AS NUMERIC)) / NULLIF(SUM(CAST(f.budget_yuan AS NUMERIC)), 0), 2)
         AS execution_rate
FROM documents d JOIN funds f ON f.doc_id = d.doc_id AND f.seq = 0
WHERE d.status = 'ok' AND f.budget_yuan IS NOT NULL AND f.executed_yuan IS NOT NULL
GROUP BY d.region, d.fiscal_year
ORDER BY d.region, d.fiscal_year""",
    ),
    "findings_per_document": (
        "每份文档的校验问题数",
        "Findings per document, errors and warnings counted apart",
        """SELECT d.doc_id, d.path, d.title, d.region, d.fiscal_year, d.status,
       COUNT(f.seq) AS findings,
       COALESCE(SUM(f.severity = 'error'), 0) AS errors,
       COALESCE(SUM(f.severity = 'warning'), 0) AS warnings
FROM documents d LEFT JOIN findings f ON f.doc_id = d.doc_id
GROUP BY d.doc_id
ORDER BY findings DESC, d.path, d.doc_id""",
    ),
    "findings_by_code": (
        "按问题代码统计",
        "Findings counted by code and severity",
        """SELECT code, severity, COUNT(*) AS findings, COUNT(DISTINCT doc_id) AS documents
FROM findings GROUP BY code, severity ORDER BY findings DESC, code""",
    ),
    "errors_by_code": (
        "按错误代码统计无法读取的文件",
        "Files that could not be read, by error code",
        """SELECT error_code, COUNT(*) AS files FROM documents WHERE status = 'failed'
GROUP BY error_code ORDER BY files DESC, error_code""",
    ),
}


def _column_ddl(column: Column, table: Table) -> str:
    ddl = f"{column.name} {_SQL_TYPES[column.kind]}"
    if column.name == "doc_id" and table is not DOCUMENTS:
        ddl += " NOT NULL REFERENCES documents (doc_id)"
    return ddl


def table_ddl(table: Table) -> str:
    columns = ",\n  ".join(_column_ddl(c, table) for c in table.columns)
    return f"CREATE TABLE {table.name} (\n  {columns},\n  PRIMARY KEY ({', '.join(table.key)})\n)"


def write_sqlite(state_path: Path, target: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    with replacing(target) as temporary:
        db = sqlite3.connect(temporary, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=OFF")  # a fresh private file: the rename is the commit
            db.execute("PRAGMA synchronous=OFF")
            db.execute("ATTACH DATABASE ? AS state", (str(state_path),))
            db.execute("BEGIN")
            for table in TABLES:
                db.execute(table_ddl(table))
                names = ", ".join(table.names)
                db.execute(f"INSERT INTO {table.name} ({names}) SELECT {names} FROM state.{state_table(table)} "
                           f"ORDER BY {', '.join(table.key)}")
                counts[table.name] = db.execute(f"SELECT COUNT(*) FROM {table.name}").fetchone()[0]
            for statement in INDEXES:
                db.execute(statement)
            for name, (_, _, sql) in VIEWS.items():
                db.execute(f"CREATE VIEW {name} AS\n{sql}")
            db.execute("COMMIT")
            db.execute("DETACH DATABASE state")
        finally:
            db.close()
    return counts


def datasette_metadata() -> dict[str, object]:
    """metadata.json for `datasette reports.db -m metadata.json` (or `datasette DIR`): titles in Chinese and English."""
    tables: dict[str, object] = {}
    for table in TABLES:
        tables[table.name] = {
            "title": f"{table.zh} {table.name}",
            "description": f"{table.zh}。{table.en}.",
            "columns": {c.name: f"{c.zh}。{c.en}" for c in table.columns},
        }
    for name, (zh, en, _) in VIEWS.items():
        tables[name] = {"title": f"{zh} {name}", "description": f"{zh}。{en}."}
    return {
        "title": "绩效自评报告数据 Performance self-evaluation reports",
        "description": "由 extractor ingest 从绩效自评报告抽取并校验的数据。Extracted and checked by extractor ingest; "
                       "amounts are exact decimal text in yuan (元).",
        "databases": {"reports": {"tables": tables}},
    }


def write_metadata(target: Path) -> None:
    with replacing(target) as temporary:
        temporary.write_text(json.dumps(datasette_metadata(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
