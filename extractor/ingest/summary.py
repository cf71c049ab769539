"""What a run did (`IngestSummary`), counted from the store over the files named in this run."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO


@dataclass(slots=True)
class IngestSummary:
    out_dir: Path
    files: int = 0  # distinct files (by content) among the sources of this run
    ignored: int = 0  # files in folders that are not documents (images, JSON, ...)
    duplicates: int = 0  # further copies of bytes already listed
    skipped: int = 0  # already ingested, unchanged: not read again
    processed: int = 0  # read in this run
    pages: int = 0  # pages read in this run (PDF)
    seconds: float = 0.0
    exported: bool = False
    export_seconds: dict[str, float] = field(default_factory=dict)  # per kind of output: jsonl, csv, ...
    records: int = 0
    failed: int = 0
    formats: dict[str, int] = field(default_factory=dict)
    findings_by_code: dict[str, int] = field(default_factory=dict)
    errors_by_code: dict[str, int] = field(default_factory=dict)

    @property
    def docs_per_s(self) -> float:
        return self.processed / self.seconds if self.seconds > 0 else 0.0

    @property
    def exit_code(self) -> int:
        """1 when any file of this run could not be read (now or in the run that ingested it)."""
        return 1 if self.failed else 0


def count_current(db: sqlite3.Connection, shas: Iterable[str], summary: IngestSummary) -> None:
    """Fill the totals of `summary` from the store, over the files whose sha256 is in `shas`."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS current (sha256 TEXT PRIMARY KEY)")
    db.execute("DELETE FROM current")
    db.executemany("INSERT OR IGNORE INTO current VALUES (?)", ((sha,) for sha in shas))
    docs = "FROM t_documents d JOIN current c ON c.sha256 = d.sha256"
    summary.formats = dict(db.execute(f"SELECT d.format, COUNT(*) {docs} GROUP BY d.format ORDER BY d.format"))
    summary.records = db.execute(f"SELECT COUNT(*) {docs} WHERE d.status = 'ok'").fetchone()[0]
    summary.failed = db.execute(f"SELECT COUNT(*) {docs} WHERE d.status = 'failed'").fetchone()[0]
    summary.errors_by_code = dict(db.execute(
        f"SELECT d.error_code, COUNT(*) AS n {docs} WHERE d.status = 'failed' GROUP BY d.error_code "
        "ORDER BY n DESC, d.error_code"))
    summary.findings_by_code = dict(db.execute(
        "SELECT f.code, COUNT(*) AS n FROM t_findings f JOIN t_documents d ON d.doc_id = f.doc_id "
        "JOIN current c ON c.sha256 = d.sha256 GROUP BY f.code ORDER BY n DESC, f.code"))


def store_facts(db: sqlite3.Connection) -> list[tuple[str, object]]:
    """The workbook's summary sheet: totals over everything in the output folder."""
    def one(sql: str) -> int:
        return int(db.execute(sql).fetchone()[0])

    facts: list[tuple[str, object]] = [
        ("文档总数 documents", one("SELECT COUNT(*) FROM t_documents")),
        ("成功读取 read", one("SELECT COUNT(*) FROM t_documents WHERE status = 'ok'")),
        ("无法读取 failed", one("SELECT COUNT(*) FROM t_documents WHERE status = 'failed'")),
        ("绩效指标 indicators", one("SELECT COUNT(*) FROM t_indicators")),
        ("校验问题 findings", one("SELECT COUNT(*) FROM t_findings")),
    ]
    for fmt, count in db.execute("SELECT format, COUNT(*) FROM t_documents GROUP BY format ORDER BY format"):
        facts.append((f"格式 format: {fmt}", count))
    for code, count in db.execute("SELECT error_code, COUNT(*) AS n FROM t_documents WHERE status = 'failed' "
                                  "GROUP BY error_code ORDER BY n DESC, error_code"):
        facts.append((f"错误 error: {code}", count))
    for code, count in db.execute("SELECT code, COUNT(*) AS n FROM t_findings GROUP BY code ORDER BY n DESC, code"):
        facts.append((f"问题 finding: {code}", count))
    return facts


def render(summary: IngestSummary, stream: TextIO) -> None:
    """The table printed at the end of a run."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"导入汇总 ingest summary — {summary.out_dir}", show_header=True)
    table.add_column("项目 item")
    table.add_column("数量 count", justify="right")
    rows: list[tuple[str, object]] = [
        ("文件 files (distinct)", summary.files),
        ("本次读取 read now", summary.processed),
        ("未变跳过 unchanged, skipped", summary.skipped),
        ("重复文件 duplicates", summary.duplicates),
        ("非文档忽略 ignored", summary.ignored),
        ("记录 records", summary.records),
        ("失败 failed", summary.failed),
    ]
    rows += [(f"格式 format: {k}", v) for k, v in summary.formats.items()]
    rows += [(f"错误 error: {k}", v) for k, v in summary.errors_by_code.items()]
    rows += [(f"问题 finding: {k}", v) for k, v in summary.findings_by_code.items()]
    rows += [("耗时 seconds", f"{summary.seconds:.1f}"), ("文件/秒 docs/s", f"{summary.docs_per_s:.1f}")]
    for label, value in rows:
        table.add_row(label, str(value))
    Console(file=stream, width=100).print(table)
