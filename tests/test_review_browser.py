"""The review report in a real browser (headless Chromium from Debian, driven by Playwright).

Every request the page makes is routed: only the report file itself (file:) and data: URLs are
allowed, anything else is recorded and aborted, and the tests assert none was attempted.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from extractor.models import Finding, Record
from extractor.review import ReportOptions, build_report
from extractor.review.load import Entry, load
from extractor.review.reports import group

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def _artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get("EXTRACTOR_ARTIFACTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def primaries(entries: list[Entry]) -> list[tuple[Record, list[Finding]]]:
    """The records that stand for their reports (copies of one report count once), each with its
    findings and those of its copies disagreeing."""
    grouping = group(lambda: iter(entries))
    return [(e, [*e.findings, *(c.finding for c in grouping.findings.get(i, []))]) for i, e in enumerate(entries)
            if isinstance(e, Record) and grouping.is_primary(i)]


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Entry]]:
    """The corpus's text, DOCX and PDF documents plus a broken PDF, ingested; the report of the ingest folder."""
    src = tmp_path_factory.mktemp("src")
    for path in CORPUS.iterdir():
        ocr = "_scan" in path.name or "_mixed" in path.name  # seconds per page: tested on their own
        if path.suffix in {".txt", ".docx", ".pdf"} and not ocr:
            shutil.copy(path, src / path.name)
    (src / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    out = tmp_path_factory.mktemp("ingest")
    run = subprocess.run([sys.executable, "-m", "extractor", "ingest", str(src), "--out", str(out), "--workers", "2",
                          "--progress", "none", "--no-xlsx"], capture_output=True, text=True, timeout=600)
    assert (out / "records.jsonl").is_file(), run.stderr
    html = tmp_path_factory.mktemp("report") / "batch.html"
    build_report([out], html, ReportOptions())
    return html, list(load([out]).entries)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS,
                                              handle_sigint=False)
        yield launched
        launched.close()


class Watched:
    def __init__(self, page: Any) -> None:
        self.page = page
        self.console_errors: list[str] = []
        self.blocked: list[str] = []


@pytest.fixture
def open_report(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def opener(html: Path, hash_part: str = "") -> Watched:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        watched = Watched(page)
        page.on("console", lambda m: watched.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: watched.console_errors.append(str(e)))

        def route(r: Any) -> None:
            url = r.request.url
            if url.startswith(("file:", "data:")):
                r.continue_()
            else:
                watched.blocked.append(url)
                r.abort()

        context.route("**/*", route)
        page.goto(html.as_uri() + hash_part)
        page.wait_for_selector("html[data-ready='1']", timeout=15_000)
        return watched

    yield opener
    for context in contexts:
        context.close()


def _figure(page: Any, key: str) -> str:
    return str(page.locator(f'[data-figure="{key}"]').first.text_content()).strip()


def _table_names(page: Any) -> list[str]:
    return [str(t) for t in page.locator("#doc-table tbody tr td.path a").all_text_contents()]


def _all_pages_names(page: Any) -> list[str]:
    names = _table_names(page)
    while page.locator("#p-next").is_enabled():
        page.click("#p-next")
        names += _table_names(page)
    return names


def test_overview_figures_equal_the_records(batch: tuple[Path, list[Entry]], open_report: Any,
                                            tmp_path_factory: pytest.TempPathFactory) -> None:
    html, entries = batch
    watched = open_report(html)
    page = watched.page
    records = [e for e in entries if isinstance(e, Record)]
    reports = primaries(entries)
    assert _figure(page, "documents") == str(len(entries))
    assert _figure(page, "reports") == str(len(reports)) and len(reports) < len(records)  # copies count once
    assert _figure(page, "read") == str(len(records))
    assert _figure(page, "failed") == str(len(entries) - len(records)) == "1"
    findings = [f for _, found in reports for f in found]
    severities = Counter(f.severity for f in findings)
    for severity in ("error", "warning", "info"):
        assert _figure(page, f"severity:{severity}") == str(severities[severity])
    for (code, severity), count in Counter((f.code, f.severity) for f in findings).items():
        assert page.locator(f'[data-figure="finding:{code}:{severity}"]').text_content() == str(count)
    formats = Counter(r.source.format for r in records)
    for fmt, count in formats.items():
        assert _figure(page, f"format:{fmt}:ok") == str(count)
    assert _figure(page, "format:pdf:error") == "1"
    assert "broken.pdf" in str(page.locator("#error-table").text_content())
    assert "corrupt_file" in str(page.locator("#error-table").text_content())
    page.screenshot(path=str(_artifacts(tmp_path_factory) / "overview.png"), full_page=False)
    assert watched.console_errors == [] and watched.blocked == []


def test_table_is_worst_first_and_sorts(batch: tuple[Path, list[Entry]], open_report: Any) -> None:
    html, entries = batch
    page = open_report(html).page
    first = page.locator("#doc-table tbody tr").first
    assert "读取失败" in str(first.text_content())  # the unreadable file leads, then the most errors
    second = page.locator("#doc-table tbody tr").nth(1)
    most = max(sum(f.severity == "error" for f in found) for _, found in primaries(entries))
    assert f"✖ {most} 错误" in str(second.text_content())
    page.click('#doc-table th[data-key="bv"] button')  # budget, largest first
    assert page.locator('#doc-table th[data-key="bv"]').get_attribute("aria-sort") == "descending"
    shown = [t for t in page.locator("#doc-table tbody tr td:nth-child(5)").all_text_contents() if t]
    values = [float(t.replace(",", "")) for t in shown]
    assert values == sorted(values, reverse=True) and len(values) >= 10
    page.click('#doc-table th[data-key="bv"] button')
    values = [float(t.replace(",", "")) for t in page.locator("#doc-table tbody tr td:nth-child(5)").all_text_contents()
              if t]
    assert values == sorted(values)


def test_filter_by_finding_code_and_search_chinese(batch: tuple[Path, list[Entry]], open_report: Any) -> None:
    html, entries = batch
    watched = open_report(html)
    page = watched.page
    page.select_option("#f-code", "sources_sum_mismatch")
    expected = sorted(Path(e.source.path).name for e, found in primaries(entries)
                      if any(f.code == "sources_sum_mismatch" for f in found))
    assert expected and sorted(_all_pages_names(page)) == expected
    page.click("#f-reset")
    fund = "城区道路照明设施维护项目"
    page.fill("#f-q", fund)
    assert _all_pages_names(page) == ["e04_zhaoming_scored.docx"]  # the report once: its primary copy
    assert "另有 1 个副本" in str(page.locator("#doc-table tbody tr").first.text_content())
    page.check("#f-copies")
    expected = sorted(Path(e.source.path).name for e in entries if isinstance(e, Record)
                      and fund in " ".join(t or "" for t in (e.report.title, e.report.fund_name, e.report.region)))
    assert len(expected) == 2 and sorted(_all_pages_names(page)) == expected
    assert watched.console_errors == [] and watched.blocked == []


def test_document_view_shows_findings_with_highlighted_evidence(
        batch: tuple[Path, list[Entry]], open_report: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    html, entries = batch
    watched = open_report(html)
    page = watched.page
    page.check("#f-copies")  # the PDF is a copy of the DOCX report
    page.fill("#f-q", "e04_zhaoming_scored.pdf")
    page.click("#doc-table tbody tr td.path a")
    page.wait_for_selector("html[data-view='doc']")
    assert "e04_zhaoming_scored.docx" in str(page.locator("#copy-of").text_content())
    record = next(e for e in entries if isinstance(e, Record) and e.source.path.endswith("e04_zhaoming_scored.pdf"))
    assert page.locator("section.finding").count() == len(record.findings)
    finding = page.locator('section.finding[data-code="sources_sum_mismatch"]')
    assert "✖ 错误" in str(finding.locator("h4").text_content())
    marks = finding.locator("mark").all_text_contents()
    expected = [e.text for f in record.findings if f.code == "sources_sum_mismatch" for e in f.evidence]
    assert marks == expected
    assert "第1页" in str(finding.locator(".place").first.text_content())
    assert finding.locator(".pageimg img").count() == 1 and finding.locator(".pageimg rect").count() == len(expected)
    indicator_rows = page.locator("table.data").filter(has_text="绩效指标").locator("tbody tr")
    assert indicator_rows.count() == len(record.indicators)
    finding.scroll_into_view_if_needed()
    page.screenshot(path=str(_artifacts(tmp_path_factory) / "document.png"), full_page=False)
    assert watched.console_errors == [] and watched.blocked == []


def test_single_pdf_report_opens_on_its_document(tmp_path: Path, open_report: Any) -> None:
    html = tmp_path / "one.html"
    build_report([CORPUS / "hongshan_jiuye_2025.pdf"], html, ReportOptions())
    watched = open_report(html)
    page = watched.page
    page.wait_for_selector("html[data-view='doc']")
    finding = page.locator("section.finding").first
    assert "提示" in str(finding.locator("h4").text_content())
    assert finding.locator("mark").count() >= 1
    box = finding.locator(".pageimg rect").first
    assert box.count() == 1 and float(str(box.get_attribute("width"))) > 10
    assert watched.console_errors == [] and watched.blocked == []
