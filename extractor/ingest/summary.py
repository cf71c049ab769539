"""What a run did (`IngestSummary`), counted from the store over the files found in this run.

Files, documents and reports are counted apart: a file is a path (a workbook may hold several
documents, one per 自评表 sheet); copies of one report (the same report as .docx, .pdf and .txt)
are one report.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from extractor.labels import error_name, finding_name


@dataclass(slots=True)
class IngestSummary:
    out_dir: Path
    files: int = 0  # files found among the sources of this run
    ignored: int = 0  # files in folders that are not documents (images, JSON, ...)
    symlinks: int = 0  # symbolic links in folders, not followed
    outputs: int = 0  # output folders and review reports of this tool, never read
    duplicates: int = 0  # files whose bytes another file of this run has: read once
    skipped: int = 0  # contents already in the store: not read again
    processed: int = 0  # contents read in this run
    retried: int = 0  # failed earlier, read again (the reason may have gone, or --retry-failed)
    new: int = 0  # locations seen for the first time
    changed: int = 0  # locations whose content changed: a new version supersedes the old one
    gone: int = 0  # locations under this run's sources no longer found: no longer current
    pages: int = 0  # pages read in this run (PDF)
    seconds: float = 0.0
    exported: bool = False
    export_seconds: dict[str, float] = field(default_factory=dict)  # per kind of output: jsonl, csv, ...
    export_cpu: dict[str, float] = field(default_factory=dict)  # the same, CPU seconds (of every process)
    documents: int = 0  # documents read (a workbook: one per sheet)
    reports: int = 0  # distinct reports among them (copies counted once)
    failed: int = 0  # files that could not be read
    formats: dict[str, int] = field(default_factory=dict)
    findings_by_code: dict[str, int] = field(default_factory=dict)  # over the primary copies
    errors_by_code: dict[str, int] = field(default_factory=dict)

    @property
    def records(self) -> int:
        """Documents read (the name of earlier versions)."""
        return self.documents

    @property
    def docs_per_s(self) -> float:
        return self.processed / self.seconds if self.seconds > 0 else 0.0

    @property
    def exit_code(self) -> int:
        """1 when any file of this run could not be read (now or in the run that ingested it)."""
        return 1 if self.failed else 0


def count_current(db: sqlite3.Connection, locations: Iterable[str], summary: IngestSummary) -> None:
    """Fill the totals of `summary` over the current files at `locations` (`publish.prepare` done)."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS seen (location TEXT PRIMARY KEY)")
    db.execute("DELETE FROM seen")
    db.executemany("INSERT OR IGNORE INTO seen VALUES (?)", ((location,) for location in locations))
    docs = "FROM p_documents d JOIN seen s ON s.location = d.location"

    def one(sql: str) -> int:
        return int(db.execute(sql).fetchone()[0])

    summary.files = one("SELECT COUNT(*) FROM seen")
    summary.formats = dict(db.execute(f"SELECT d.format, COUNT(*) {docs} GROUP BY d.format ORDER BY d.format"))
    summary.documents = one(f"SELECT COUNT(*) {docs} WHERE d.status = 'ok'")
    summary.reports = one(f"SELECT COUNT(DISTINCT d.report_key) {docs} WHERE d.status = 'ok'")
    summary.failed = one(f"SELECT COUNT(*) {docs} WHERE d.status = 'failed'")
    summary.errors_by_code = dict(db.execute(
        f"SELECT d.error_code, COUNT(*) AS n {docs} WHERE d.status = 'failed' GROUP BY d.error_code "
        "ORDER BY n DESC, d.error_code"))
    summary.findings_by_code = dict(db.execute(
        "SELECT f.code, COUNT(*) AS n FROM (SELECT x.code, d.location FROM p_documents d JOIN c_findings x "
        "ON x.sha256 = d.sha256 AND x.part = d.part WHERE d.is_primary = 1 UNION ALL SELECT c.code, d.location "
        "FROM p_copy_findings c JOIN p_documents d ON d.doc_id = c.doc_id) f JOIN seen s "
        "ON s.location = f.location GROUP BY f.code ORDER BY n DESC, f.code"))


def store_facts(db: sqlite3.Connection) -> list[tuple[str, int]]:
    """The workbook's summary sheet: totals over everything current in the output folder."""
    def one(sql: str) -> int:
        return int(db.execute(sql).fetchone()[0] or 0)

    primary = "FROM p_documents d JOIN {} x ON x.sha256 = d.sha256 AND x.part = d.part WHERE d.is_primary = 1"
    facts: list[tuple[str, int]] = [
        ("文件 files", one("SELECT COUNT(DISTINCT location) FROM p_documents")),
        ("文档 documents（成功读取；工作簿每个自评表一份）",
         one("SELECT COUNT(*) FROM p_documents WHERE status = 'ok'")),
        ("报告 reports（同一报告的多个副本计一份）", one("SELECT COUNT(*) FROM p_documents WHERE is_primary = 1")),
        ("副本 copies（多于主副本的文档）",
         one("SELECT COUNT(*) FROM p_documents WHERE status = 'ok' AND is_primary = 0")),
        ("无法读取 failed", one("SELECT COUNT(*) FROM p_documents WHERE status = 'failed'")),
        ("绩效指标 indicators（主副本）", one(f"SELECT COUNT(*) {primary.format('c_indicators')}")),
        ("校验问题 findings（主副本）", one(f"SELECT COUNT(*) {primary.format('c_findings')}")
         + one("SELECT COUNT(*) FROM p_copy_findings")),
        ("已被替代的旧版本 superseded versions", one("SELECT COUNT(*) FROM versions WHERE ended = 'superseded'")),
        ("已不在的文件 files gone", one("SELECT COUNT(*) FROM versions WHERE ended = 'gone'")),
    ]
    for fmt, count in db.execute("SELECT format, COUNT(*) FROM p_documents GROUP BY format ORDER BY format"):
        facts.append((f"格式 format: {fmt}", count))
    for code, count in db.execute("SELECT error_code, COUNT(*) AS n FROM p_documents WHERE status = 'failed' "
                                  "GROUP BY error_code ORDER BY n DESC, error_code"):
        facts.append((f"错误 error: {error_name(code)}（{code}）", count))
    codes = (f"SELECT x.code {primary.format('c_findings')} UNION ALL SELECT code FROM p_copy_findings")
    for code, count in db.execute(f"SELECT code, COUNT(*) AS n FROM ({codes}) GROUP BY code ORDER BY n DESC, code"):
        facts.append((f"问题 finding: {finding_name(code)}（{code}）", count))
    return facts


def render(summary: IngestSummary, stream: TextIO) -> None:
    """The table printed at the end of a run."""
    from rich.console import Console
    from rich.table import Table

    from extractor.emit.findings import cell

    table = Table(title=cell(f"导入汇总 ingest summary — {summary.out_dir}"), show_header=True)
    table.add_column("项目 item")
    table.add_column("数量 count", justify="right")
    rows: list[tuple[str, object]] = [
        ("文件 files", summary.files),
        ("本次读取 read now", summary.processed),
        ("其中重试失败文件 retried", summary.retried),
        ("未变跳过 unchanged, skipped", summary.skipped),
        ("相同内容的副本 same bytes, read once", summary.duplicates),
        ("新文件 new", summary.new),
        ("内容已变（新版本） changed", summary.changed),
        ("已不在（不再计入） gone", summary.gone),
        ("非文档忽略 ignored", summary.ignored),
        ("符号链接未跟随 symlinks not followed", summary.symlinks),
        ("本工具的输出未读取 outputs skipped", summary.outputs),
        ("文档 documents", summary.documents),
        ("报告 reports (copies once)", summary.reports),
        ("失败 failed", summary.failed),
    ]
    rows += [(f"格式 format: {k}", v) for k, v in summary.formats.items()]
    rows += [(f"错误 error: {k}", v) for k, v in summary.errors_by_code.items()]
    rows += [(f"问题 finding: {k}", v) for k, v in summary.findings_by_code.items()]
    rows += [("耗时 seconds", f"{summary.seconds:.1f}"), ("文件/秒 docs/s", f"{summary.docs_per_s:.1f}")]
    for label, value in rows:
        table.add_row(label, str(value))
    Console(file=stream, width=100).print(table)
