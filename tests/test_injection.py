"""Injection: text from documents and file names reaches the review HTML, CSV, XLSX, SQLite and the
terminal. Hostile titles, indicator names, reasons and file names (also inside a zip) go through every
output; nothing runs (headless Chromium records any script run) and nothing is interpreted."""

from __future__ import annotations

import asyncio
import io
import re
import shutil
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from test_ingest_helpers import CORPUS, read_csv
from typer.testing import CliRunner

from extractor.cli import app
from extractor.emit.findings import write_table
from extractor.ingest import IngestOptions, ingest
from extractor.ingest.columns import TABLES
from extractor.ingest.write_csv import FORMULA_STARTS
from extractor.models import Finding, Outcome
from extractor.pipeline import extract_file
from extractor.review import ReportOptions, build_report

RUN = "window.__pwned=1"
PAYLOADS = [
    f"<script>{RUN}</script>",
    f'</script><img src=x onerror="{RUN}">',
    f"javascript:{RUN}",
    f'"><svg onload="{RUN}">',
    '=HYPERLINK("http://example.invalid","点击")',
    "+1+2", "-3-4", "@SUM(1)",
    "'); DROP TABLE documents;--",
    "[/注][bold red]",
    "\x1b[31m\x1b]0;title\x07",
]
# File names cannot hold "/": the zip member below can (it becomes folders).
FILE_NAMES = [f"<img src=x onerror={RUN}>", f'"><svg onload={RUN}>', "=HYPERLINK(1)", "'; DROP TABLE documents;--",
              "[bold red]注\x1b[31m", "+cmd", "@x"]
SAMPLE = (CORPUS / "hongshan_jiuye_2025.txt").read_text(encoding="utf-8")


def hostile(payload: str) -> str:
    """The sample report with `payload` in its title, an indicator's name and a deviation reason."""
    text = SAMPLE.replace("赤峰市红山区补助资金2025年度", f"赤峰市红山区{payload}补助资金2025年度", 1)
    text = text.replace("③享受就业见习补贴人数", f"③{payload}享受就业见习补贴人数", 1)
    return text.replace("未完成原因是经济效益不好", f"未完成原因是{payload}经济效益不好", 1)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("hostile")
    for index, payload in enumerate(PAYLOADS):
        (source / f"r{index:02}.txt").write_text(hostile(payload), encoding="utf-8")
    for index, name in enumerate(FILE_NAMES):
        (source / f"{name}.txt").write_text(hostile(PAYLOADS[index]), encoding="utf-8")
    (source / f"<img src=x onerror={RUN}>.docx").write_bytes(b"PK\x03\x04 broken" * 20)  # a failed file
    with zipfile.ZipFile(source / "archive.zip", "w") as archive:
        archive.writestr(f"<script>{RUN}</script>.txt", hostile(PAYLOADS[0]))
        archive.writestr(f"\"><svg onload={RUN}>.docx", b"not a docx")
    out = tmp_path_factory.mktemp("out")
    ingest([source], out, IngestOptions(workers=2, progress="none"))
    return out


def test_every_payload_reached_the_tables(warehouse: Path) -> None:
    cells = "\n".join(cell for t in TABLES for row in read_csv(warehouse / "csv" / f"{t.name}.csv") for cell in row)
    for payload in PAYLOADS + FILE_NAMES:
        assert payload.lstrip("=+-@") in cells, payload
    assert f"<script>{RUN}</script>.txt" in cells  # the zip member's name


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_no_csv_text_cell_starts_like_a_formula(warehouse: Path, table: Any) -> None:
    rows = read_csv(warehouse / "csv" / f"{table.name}.csv")
    texts = [k for k, c in enumerate(table.columns) if c.kind == "text"]
    cells = [row[k] for row in rows[1:] for k in texts if row[k]]
    assert cells and not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    if table.name == "indicators":  # names that began with = + - @ are there, neutralised
        assert {cell[:2] for cell in cells if cell.startswith("'")} >= {"'=", "'+", "'-", "'@"}


def test_the_workbook_holds_plain_strings_only(warehouse: Path) -> None:
    book = load_workbook(warehouse / "audit.xlsx")
    seen = 0
    for sheet in book.worksheets:
        assert not sheet._hyperlinks  # no link was made from a "javascript:" or URL text
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                seen += isinstance(cell.value, str) and cell.value.startswith("=HYPERLINK")
    assert seen >= 1


def test_sqlite_stores_the_text_and_runs_none_of_it(warehouse: Path) -> None:
    with sqlite3.connect(warehouse / "reports.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        names = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert names == {t.name for t in TABLES}
        titles = [row[0] for row in db.execute("SELECT title FROM documents WHERE title LIKE '%DROP TABLE%'")]
    assert titles and all("'); DROP TABLE documents;--" in t for t in titles)


def test_datasette_shows_the_text_escaped(warehouse: Path) -> None:
    from datasette.app import Datasette

    async def page() -> str:
        datasette = Datasette([str(warehouse / "reports.db")])
        response = await datasette.client.get("/reports/documents?_size=max")
        assert response.status_code == 200
        return str(response.text)

    html = asyncio.run(page())
    assert "&lt;script&gt;" in html and f"<script>{RUN}" not in html and "<svg onload" not in html


def test_the_terminal_table_prints_document_text_as_written(tmp_path: Path) -> None:
    path = tmp_path / "[red]名单[注].txt"
    path.write_text(hostile("[/注][bold]\x1b[31m"), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path), "--format", "table", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert "[red]名单[注].txt" in result.stdout.replace("\n", "") and "\x1b" not in result.stdout
    record = extract_file(path)
    record.findings.append(Finding(code="unmet_without_reason", severity="warning",
                                   message="指标“[/注]\x1b[2J\u202e名单”未完成", evidence=[]))
    sink = io.StringIO()
    write_table([Outcome(str(path), record=record)], sink)  # "[/注]" raised MarkupError here before
    assert "[/注]" in sink.getvalue() and "\x1b" not in sink.getvalue() and "\u202e" not in sink.getvalue()


def test_the_ingest_summary_prints_a_hostile_folder_name(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    shutil.copy(CORPUS / "c01_jineng_rounding.txt", source / "a.txt")
    out = tmp_path / "[/注]\x1b[2J"
    result = CliRunner().invoke(app, ["ingest", str(source), "--out", str(out), "--progress", "none", "--no-xlsx"])
    assert result.exit_code == 0, result.output
    assert "[/注]" in result.stdout and "\x1b" not in result.stdout


@pytest.fixture(scope="module")
def report(warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    html = tmp_path_factory.mktemp("report") / "hostile.html"
    build_report([warehouse], html, ReportOptions())
    return html


def test_the_report_html_holds_no_injected_markup(report: Path) -> None:
    html = report.read_text(encoding="utf-8")
    assert "<img src=x" not in html and "<svg onload" not in html and "&lt;img src=x onerror" in html
    scripts = re.findall(r"<script\b[^>]*>", html)
    ours = {'<script type="application/json" id="meta">', '<script type="application/gzip-base64" id="rows">',
            "<script>"}
    assert all(tag in ours or re.fullmatch(r'<script type="application/(gzip-base64|json)" id="(ch|pg)-\d+">', tag)
               for tag in scripts)
    assert scripts.count("<script>") == 1  # the page's own script, no other


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path="/usr/bin/chromium", handle_sigint=False,
                                              args=["--headless", "--no-sandbox", "--disable-gpu"])
        yield launched
        launched.close()


@pytest.mark.browser
def test_nothing_runs_in_the_browser_on_any_view(report: Path, browser: Any) -> None:
    page = browser.new_page()
    events: list[str] = []
    page.on("dialog", lambda dialog: (events.append(f"dialog {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: events.append(f"error {error}"))
    page.on("console", lambda message: events.append(message.text) if message.type == "error" else None)
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
               else (events.append(f"request {route.request.url}"), route.abort()))
    page.goto(report.as_uri())
    page.wait_for_selector("html[data-ready='1']", timeout=15_000)
    page.check("#f-copies")
    assert int(page.evaluate("document.querySelectorAll('#doc-table tbody tr').length")) >= 10
    count = int(page.evaluate("JSON.parse(document.getElementById('meta').textContent).documents"))
    for index in range(count):
        page.evaluate("document.documentElement.dataset.view = 'next'")  # so the wait below is for this view
        page.goto(f"{report.as_uri()}#doc/{index}")
        page.wait_for_selector("html[data-view='doc']", timeout=15_000)  # (no wait_for_function: the CSP forbids eval)
        assert page.evaluate("window.__pwned") is None, index
    page.goto(report.as_uri())
    page.wait_for_selector("html[data-ready='1']")
    page.fill("#f-q", "<script>")
    page.click("#doc-table tbody tr td.path a")
    page.wait_for_selector("html[data-view='doc']")
    assert page.evaluate("window.__pwned") is None
    links = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))")
    assert not [link for link in links if link.lower().startswith("javascript:")]
    assert "<script>" in str(page.locator("#doc").inner_text())  # shown as the text it is
    assert events == []
    page.close()
