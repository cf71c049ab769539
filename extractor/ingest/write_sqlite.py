"""SQLite `reports.db` for dashboards and datasette: the tables with keys, indexes and views.

Built from the store's connection (ATTACH the new file, INSERT ... SELECT in key order, all in
SQLite) into the staging folder; `export` renames it into place. Amounts, rates and numbers are
REAL, so they sort, sum and facet as numbers in datasette. They stay exact: every value is within
15 significant digits (`storage.storable`), which a double holds and prints back as the same
decimal (tested over every stored value). Sums of money in the views add integer 分
(ROUND(x * 100)), so they are exact too: SUM of REAL yuan could drift by a fraction of a cent.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from extractor.ingest import publish
from extractor.ingest.columns import DOCUMENTS, HISTORY, TABLES, Column, Table

_SQL_TYPES = {"text": "TEXT", "int": "INTEGER", "bool": "INTEGER", "decimal": "REAL"}
FEN = "CAST(ROUND({} * 100) AS INTEGER)"

INDEXES = (
    "CREATE INDEX idx_documents_region ON documents (region)",
    "CREATE INDEX idx_documents_fiscal_year ON documents (fiscal_year)",
    "CREATE INDEX idx_documents_region_year ON documents (region, fiscal_year)",
    "CREATE INDEX idx_documents_error_code ON documents (error_code)",
    "CREATE INDEX idx_documents_report_key ON documents (report_key)",
    "CREATE INDEX idx_funds_doc_id ON funds (doc_id)",
    "CREATE INDEX idx_indicators_doc_id ON indicators (doc_id)",
    "CREATE INDEX idx_findings_doc_id ON findings (doc_id)",
    "CREATE INDEX idx_findings_code ON findings (code)",
)

_BUDGET_FEN, _EXECUTED_FEN = FEN.format("f.budget_yuan"), FEN.format("f.executed_yuan")

# name -> (zh, en, SQL). Views that speak of reports count each report once: its primary copy.
VIEWS: dict[str, tuple[str, str, str]] = {
    "execution_by_region_year": (
        "按地区和年度的预算执行率",
        "Budget execution by region and fiscal year, each report counted once (its primary copy), over the "
        "reports stating both budget and executed totals; sums exact (added in 分)",
        f"""SELECT d.region, d.fiscal_year, COUNT(*) AS reports,
       SUM({_BUDGET_FEN}) / 100.0 AS budget_yuan,
       SUM({_EXECUTED_FEN}) / 100.0 AS executed_yuan,
       ROUND(100.0 * SUM({_EXECUTED_FEN}) / NULLIF(SUM({_BUDGET_FEN}), 0), 2) AS execution_rate
FROM documents d JOIN funds f ON f.doc_id = d.doc_id AND f.seq = 0
WHERE d.status = 'ok' AND d.is_primary = 1 AND f.budget_yuan IS NOT NULL AND f.executed_yuan IS NOT NULL
GROUP BY d.region, d.fiscal_year
ORDER BY d.region, d.fiscal_year""",
    ),
    "reports": (
        "报告（每份报告一行）",
        "One row per report: its primary copy, the formats of all its copies, its totals and findings",
        """SELECT d.report_key, d.doc_id, d.path, d.title, d.region, d.fiscal_year, d.fund_name, d.copies,
       (SELECT GROUP_CONCAT(c.format, ', ') FROM (SELECT format FROM documents WHERE report_key = d.report_key
        ORDER BY format) c) AS formats,
       f.budget_yuan, f.executed_yuan, f.stated_rate, d.indicators, d.findings
FROM documents d LEFT JOIN funds f ON f.doc_id = d.doc_id AND f.seq = 0
WHERE d.is_primary = 1
ORDER BY d.region, d.fiscal_year, d.report_key""",
    ),
    "findings_per_document": (
        "每份文档的校验问题数",
        "Findings per document (every copy listed), errors and warnings counted apart",
        """SELECT d.doc_id, d.path, d.title, d.region, d.fiscal_year, d.status, d.report_key, d.is_primary,
       COUNT(f.seq) AS findings,
       COALESCE(SUM(f.severity = 'error'), 0) AS errors,
       COALESCE(SUM(f.severity = 'warning'), 0) AS warnings
FROM documents d LEFT JOIN findings f ON f.doc_id = d.doc_id
GROUP BY d.doc_id
ORDER BY findings DESC, d.path, d.doc_id""",
    ),
    "findings_by_code": (
        "按问题代码统计",
        "Findings counted by code and severity, each report counted once (findings of primary copies)",
        """SELECT f.code, f.severity, COUNT(*) AS findings, COUNT(DISTINCT d.report_key) AS reports
FROM findings f JOIN documents d ON d.doc_id = f.doc_id
WHERE d.is_primary = 1
GROUP BY f.code, f.severity ORDER BY findings DESC, f.code""",
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


def table_ddl(table: Table, schema: str = "") -> str:
    columns = ",\n  ".join(_column_ddl(c, table) for c in table.columns)
    return f"CREATE TABLE {schema}{table.name} (\n  {columns},\n  PRIMARY KEY ({', '.join(table.key)})\n)"


def write_sqlite(db: sqlite3.Connection, target: Path) -> dict[str, int]:
    """Build `target` from the published state on the store's connection `db` (`publish.prepare` done)."""
    counts: dict[str, int] = {}
    target.unlink(missing_ok=True)
    db.execute("ATTACH DATABASE ? AS out", (str(target),))
    try:
        db.execute("PRAGMA out.journal_mode=OFF")  # a fresh private file: the rename is the commit
        db.execute("PRAGMA out.synchronous=OFF")
        db.execute("BEGIN")
        for table in TABLES:
            db.execute(table_ddl(table, "out."))
            db.execute(f"INSERT INTO out.{table.name} ({', '.join(table.names)}) {publish.select(table, real=True)}")
            counts[table.name] = db.execute(f"SELECT COUNT(*) FROM out.{table.name}").fetchone()[0]
        for statement in INDEXES:
            db.execute(statement.replace("CREATE INDEX ", "CREATE INDEX out.", 1))
        for name, (_, _, sql) in VIEWS.items():
            db.execute(f"CREATE VIEW out.{name} AS\n{sql}")
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    finally:
        db.execute("DETACH DATABASE out")
    return counts


def datasette_metadata() -> dict[str, object]:
    """metadata.json for `datasette reports.db -m metadata.json` (or `datasette DIR`): titles in Chinese and English."""
    tables: dict[str, object] = {}
    for table in TABLES:
        entry: dict[str, object] = {
            "title": f"{table.zh} {table.name}",
            "description": f"{table.zh}。{table.en}.",
            "columns": {c.name: f"{c.zh}。{c.en}" for c in table.columns},
        }
        if table is DOCUMENTS:
            entry["facets"] = ["region", "fiscal_year", "status", "format", "is_primary"]
        if table is HISTORY:
            entry["facets"] = ["status"]
        tables[table.name] = entry
    for name, (zh, en, _) in VIEWS.items():
        tables[name] = {"title": f"{zh} {name}", "description": f"{zh}。{en}."}
    return {
        "title": "绩效自评报告数据 Performance self-evaluation reports",
        "description": "由 extractor ingest 从绩效自评报告抽取并校验的数据。Extracted and checked by extractor ingest. "
                       "金额为元（REAL，每个值与文中数字一致）；一份报告的多个副本只有主副本计入视图。Amounts in yuan "
                       "(REAL, each equal to the document's figure); views count each report once (its primary copy).",
        "databases": {"reports": {"tables": tables}},
    }


def write_metadata(target: Path) -> None:
    target.write_text(json.dumps(datasette_metadata(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
