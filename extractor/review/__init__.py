"""The review report: one offline HTML file showing a batch's figures, documents and findings.

`build_report` loads the entries (ingest folder, records .jsonl, or documents extracted now),
groups copies of one report (reports.py), computes the overview over reports (overview.py),
draws it (overview_html.py, charts.py), makes one table row and one detail per document
(documents.py, quote.py), renders PDF pages for evidence boxes (pages.py) and writes the page
(html.py), with the permissions the user's umask gives a new file.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from extractor.errors import ERROR_CODES
from extractor.labels import FINDING_NAMES
from extractor.models import Record
from extractor.review.documents import detail, row, worst_first
from extractor.review.html import CHUNK, packed, page
from extractor.review.load import Batch, Failure, SourceDocuments, load
from extractor.review.overview import Overview, add
from extractor.review.overview_html import overview_html
from extractor.review.pages import PageImage, render_pages
from extractor.review.reports import group

__all__ = ["ReportOptions", "ReportSummary", "build_report", "render_report"]


@dataclass(frozen=True, slots=True)
class ReportOptions:
    title: str = "绩效自评审阅报告"
    check: bool = True  # run the checker on documents extracted now
    reread_sources: bool = True  # quote evidence in context from the source files, when unchanged
    page_images: bool = True  # PDF pages with evidence boxes
    max_image_bytes: int = 12 * 1024 * 1024  # beyond this, pages are no longer embedded
    max_pages_per_document: int = 8


@dataclass(frozen=True, slots=True)
class ReportSummary:
    documents: int
    reports: int
    failed: int
    findings: int
    page_images: int
    size: int  # bytes of the HTML file


def build_report(sources: list[Path], out: Path, options: ReportOptions = ReportOptions()) -> ReportSummary:
    """Write the report of `sources` to `out` (atomically: a temp file renamed into place)."""
    batch = load(sources, options.check)
    html, summary = render_report(batch, options, " ".join(str(s) for s in sources))
    data = html.encode("utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file 0600; a report is a document to share, made as any new file would be.
        os.fchmod(handle, 0o666 & ~_umask())
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, out)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return ReportSummary(summary.documents, summary.reports, summary.failed, summary.findings, summary.page_images,
                         len(data))


def _umask() -> int:
    try:  # Linux says it without changing it
        with open("/proc/self/status", encoding="ascii") as status:
            return next(int(line.split()[1], 8) for line in status if line.startswith("Umask:"))
    except (OSError, StopIteration, ValueError, IndexError):
        current = os.umask(0o022)  # elsewhere, reading it means setting it: set it straight back
        os.umask(current)
        return current


def render_report(batch: Batch, options: ReportOptions, source_text: str) -> tuple[str, ReportSummary]:
    """The page. After the copies are grouped, one pass over the entries: each is counted (a report
    by its primary copy), given its row, and its details packed into the current chunk, then dropped."""
    grouping = group(lambda: batch.entries, batch.headings)
    view = Overview()
    sources = SourceDocuments(batch, options.reread_sources)
    rows: list[dict[str, Any]] = []
    failed: list[Failure] = []
    chunks: list[str] = []
    pending: list[dict[str, Any]] = []
    images: dict[int, dict[str, Any]] = {}
    budget = options.max_image_bytes
    for index, entry in enumerate(batch.entries):
        copy_findings = [c.finding for c in grouping.findings.get(index, [])]
        add(view, entry, grouping.is_primary(index), copy_findings)
        rows.append(row(index, entry, grouping))
        document = None
        if isinstance(entry, Failure):
            failed.append(entry)
        elif entry.findings or copy_findings:
            document = sources.get(entry)
        item = detail(index, entry, document, grouping)
        pending.append(item)
        if len(pending) == CHUNK:
            chunks.append(packed(pending))
            pending = []
        if (options.page_images and isinstance(entry, Record) and document is not None
                and entry.source.format == "pdf" and budget > 0):
            rendered = _page_images(sources, entry, item, options.max_pages_per_document)
            budget -= sum(len(image.png) * 4 // 3 for image in rendered)
            if rendered:
                images[index] = {str(image.page): image.json() for image in rendered}
    if pending:
        chunks.append(packed(pending))
    meta = {"single": view.documents == 1, "codes": FINDING_NAMES, "errors": dict(ERROR_CODES),
            "documents": view.documents, "reports": view.reports}
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    copies = view.read - view.reports
    html = page(
        title=options.title,
        subtitle=(f"{view.reports} 份报告，{view.documents} 份文档（读取成功 {view.read}，其中副本 {copies}；"
                  f"失败 {view.failed}）· 生成于 {stamp}"),
        footer=f"由 extractor 生成，数据来源：{source_text}。本文件离线可用，不访问任何网络。",
        overview=overview_html(view, failed), meta=meta, rows=worst_first(rows), chunks=chunks, images=images,
    )
    findings = sum(view.severities.values())
    return html, ReportSummary(view.documents, view.reports, view.failed, findings,
                               sum(len(v) for v in images.values()), 0)


def _page_images(sources: SourceDocuments, record: Record, item: dict[str, Any], limit: int) -> list[PageImage]:
    pages = _evidence_pages(item)[:limit]
    path = sources.source_path(record)
    return render_pages(path, pages) if pages and path is not None else []


def _evidence_pages(item: dict[str, Any]) -> list[int]:
    pages: list[int] = []
    for finding in item.get("findings", []):
        for quote in finding["quotes"]:
            for box in quote["boxes"]:
                if box["page"] not in pages:
                    pages.append(box["page"])
    return pages
