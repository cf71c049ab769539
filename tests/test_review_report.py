"""The review report without a browser: evidence boxes, quotes, overview figures, the HTML file."""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.emit.json import record_json
from extractor.errors import ReadError
from extractor.models import Evidence, Record
from extractor.pipeline import extract_file
from extractor.readers.glyphs import Glyphs
from extractor.review import ReportOptions, build_report
from extractor.review.load import Failure, load
from extractor.review.overview import Overview, add, overview
from extractor.review.quote import mark
from extractor.review.reports import group

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _text_in_box(pdf_path: Path, page: int, bbox: list[float]) -> str:
    with pdfplumber.open(pdf_path) as pdf:
        return str(pdf.pages[page - 1].crop(bbox, strict=False).extract_text() or "").replace(" ", "")


def test_pdf_prose_evidence_box_holds_the_figure() -> None:
    path = CORPUS / "hongshan_jiuye_2025.pdf"
    evidence = extract_file(path).funds.budget_total.evidence  # type: ignore[union-attr]
    assert evidence is not None and evidence.bbox is not None and evidence.page is not None
    x0, top, x1, bottom = evidence.bbox
    assert x0 < x1 and top < bottom and bottom - top < 20  # one line high
    assert "6359.55" in _text_in_box(path, evidence.page, evidence.bbox)


def test_pdf_table_cell_evidence_boxes_hold_their_cells() -> None:
    path = CORPUS / "e04_zhaoming_scored.pdf"
    finding = next(f for f in extract_file(path).findings if f.code == "sources_sum_mismatch")
    for evidence in finding.evidence:
        assert evidence.bbox is not None and evidence.page is not None
        assert evidence.text.strip() in _text_in_box(path, evidence.page, evidence.bbox)


def test_non_pdf_evidence_has_no_box() -> None:
    record = extract_file(CORPUS / "c01_jineng_rounding.txt")
    assert record.funds.budget_total is not None and record.funds.budget_total.evidence is not None
    assert record.funds.budget_total.evidence.bbox is None


@dataclass
class _Glyph:
    text: str
    x0: float
    x1: float
    top: float = 10.0
    bottom: float = 20.0


def test_glyphs_map_offsets_across_inserted_spaces_and_pages() -> None:
    first = [_Glyph(c, 10.0 * i, 10.0 * i + 9) for i, c in enumerate("预算数6359.55")]
    second = [_Glyph(c, 10.0 * i, 10.0 * i + 9, 30, 40) for i, c in enumerate("万元")]
    text = "预算数 6359.55万元"  # a space the reader inserted, no glyph for it
    glyphs = Glyphs([(1, first), (2, second)])
    assert glyphs.locate(text, 4, 11) == (1, [30.0, 10.0, 99.0, 20.0])
    assert glyphs.locate(text, 11, 13) == (2, [0.0, 30.0, 19.0, 40.0])
    # A span that runs onto the next page is boxed where it starts.
    assert glyphs.locate(text, 8, 13) == (1, [70.0, 10.0, 99.0, 20.0])


def test_glyphs_fall_back_to_alignment_when_text_differs() -> None:
    glyphs = Glyphs([(3, [_Glyph(c, 10.0 * i, 10.0 * i + 9) for i, c in enumerate("\x07合计100万元")])])
    assert glyphs.locate("合计100万元", 2, 5) == (3, [30.0, 10.0, 59.0, 20.0])


def test_mark_highlights_spans_and_finds_moved_ones() -> None:
    text = "全年预算数6359.55万元，执行数5061.56万元。"
    items = [Evidence(block=0, start=5, end=12, text="6359.55"), Evidence(block=0, start=0, end=3, text="5061.56")]
    assert mark(text, items) == [("全年预算数", False), ("6359.55", True), ("万元，执行数", False),
                                 ("5061.56", True), ("万元。", False)]


def _write_jsonl(tmp_path: Path, names: list[str]) -> Path:
    path = tmp_path / "records.jsonl"
    lines = [record_json(extract_file(CORPUS / name)) for name in names]
    lines.append(json.dumps({"path": "x/broken.pdf", "sha256": "ab" * 32,
                             "error": {"code": "corrupt_file", "message": "文件已损坏，无法读取"}}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_overview_counts_formats_errors_and_findings(tmp_path: Path) -> None:
    jsonl = _write_jsonl(tmp_path, ["e04_zhaoming_scored.pdf", "c01_jineng_rounding.txt"])
    entries = list(load([jsonl]).entries)
    view = overview(entries)
    assert (view.documents, view.read, view.failed) == (3, 2, 1)
    assert view.by_format["pdf"] == {"ok": 1, "error": 1} and view.by_format["text"]["ok"] == 1
    assert view.error_codes == {"corrupt_file": 1}
    expected = sum(len(e.findings) for e in entries if isinstance(e, Record))
    assert sum(view.findings.values()) == expected and view.findings[("sources_sum_mismatch", "error")] == 1


def test_ingest_folder_adds_failed_files_from_the_documents_table(tmp_path: Path) -> None:
    (tmp_path / "csv").mkdir()
    (tmp_path / "records.jsonl").write_text(record_json(extract_file(CORPUS / "c01_jineng_rounding.txt")) + "\n",
                                            encoding="utf-8")
    (tmp_path / "csv" / "documents.csv").write_text(
        "\ufeffdoc_id,sha256,path,format,status,error_code,error\n"
        "d1,cd,in/bad.docx,docx,failed,encrypted,in/bad.docx: 文件已加密\n", encoding="utf-8")
    entries = list(load([tmp_path]).entries)
    assert entries[-1] == Failure("in/bad.docx", "cd", "encrypted", "in/bad.docx: 文件已加密")


def test_report_file_is_self_contained(tmp_path: Path) -> None:
    jsonl = _write_jsonl(tmp_path, ["e04_zhaoming_scored.pdf", "hongshan_jiuye_2025.txt"])
    out = tmp_path / "r.html"
    summary = build_report([jsonl], out, ReportOptions())
    html = out.read_text(encoding="utf-8")
    assert summary.documents == 3 and summary.failed == 1 and summary.page_images >= 1
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "@import" not in html and "url(" not in html
    assert re.search(r'id="ch-0">[A-Za-z0-9+/=]+</script>', html)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "x/broken.pdf" in html and "corrupt_file" in html  # error documents are listed


def test_cli_report_writes_html_and_names_a_bad_records_file(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "one.html"
    result = runner.invoke(app, ["report", str(CORPUS / "c01_jineng_rounding.txt"), "--html", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 10_000
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    result = runner.invoke(app, ["report", str(bad), "--html", str(tmp_path / "x.html")])
    assert result.exit_code == 1
    assert "bad.jsonl" in result.output and "corrupt_file" in result.output
    assert not (tmp_path / "x.html").exists()


def test_report_on_a_missing_path_is_an_error_and_writes_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    result = CliRunner().invoke(app, ["report", str(CORPUS / "c01_jineng_rounding.txt"), str(missing),
                                      "--html", str(tmp_path / "x.html")])
    assert result.exit_code == 1
    assert str(missing) in result.stderr and "file_not_found" in result.stderr
    assert not (tmp_path / "x.html").exists()


def test_report_is_written_with_the_user_s_umask(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        build_report([CORPUS / "c01_jineng_rounding.txt"], tmp_path / "shared.html", ReportOptions())
        os.umask(0o027)
        build_report([CORPUS / "c01_jineng_rounding.txt"], tmp_path / "group.html", ReportOptions())
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "shared.html").stat().st_mode) == 0o644  # not mkstemp's 0600
    assert stat.S_IMODE((tmp_path / "group.html").stat().st_mode) == 0o640


def test_copies_of_one_report_count_once_and_disagreeing_copies_are_a_finding(tmp_path: Path) -> None:
    text = (CORPUS / "hongshan_jiuye_2025.txt").read_text(encoding="utf-8")
    edited = tmp_path / "hongshan_published.txt"
    edited.write_text(text.replace("6359.55", "6395.55"), encoding="utf-8")  # every statement of the budget
    sources = [CORPUS / "hongshan_jiuye_2025.docx", CORPUS / "hongshan_jiuye_2025.pdf", edited,
               CORPUS / "c01_jineng_rounding.txt"]
    html = tmp_path / "copies.html"
    summary = build_report(sources, html, ReportOptions(page_images=False))
    assert (summary.documents, summary.reports) == (4, 2)
    page = html.read_text(encoding="utf-8")
    assert '<span data-figure="reports">2</span>' in page and '<span data-figure="documents">4</span>' in page
    batch = load(sources)
    grouping = group(lambda: batch.entries)
    assert grouping.copies == {0: [1, 2]} and grouping.primary_of == {1: 0, 2: 0}  # the DOCX stands for it
    (copy_finding,) = grouping.findings[0]
    finding = copy_finding.finding
    assert finding.code == "copy_figures_mismatch" and finding.severity == "error"
    assert (finding.stated, finding.computed) == ("6359.55万元", "6395.55万元")
    places = [quote["place"] for quote in copy_finding.quotes]
    assert places[0].startswith(str(sources[0])) and places[1].startswith(str(edited))
    # the budget chart and the heat map sum the report once, not three times
    view = Overview()
    for index, entry in enumerate(load(sources).entries):
        add(view, entry, grouping.is_primary(index))
    assert view.region_year[("赤峰市红山区", 2025)].budget == Decimal("63595500")


def test_pdf_indicator_evidence_is_boxed_where_it_is_printed() -> None:
    # The table runs from page 1 onto page 2: every cell is boxed on the page it is printed on.
    path = CORPUS / "d02_project_scored_table.pdf"
    evidences = [i.actual.evidence for i in extract_file(path).indicators if i.actual.evidence is not None]
    boxed = [e for e in evidences if e.bbox is not None and e.page is not None]
    assert len(boxed) == len(evidences) == 9
    assert {e.page for e in boxed} == {1, 2}
    for evidence in boxed:
        assert evidence.bbox is not None and evidence.page is not None
        printed = "".join(_text_in_box(path, evidence.page, evidence.bbox).split())  # cell text wraps
        assert "".join(evidence.text.split()) in printed


def test_records_file_lines_are_typed_records_with_the_digits_written(tmp_path: Path) -> None:
    record = extract_file(CORPUS / "c01_jineng_rounding.txt")
    line = record_json(record)
    assert record.funds.budget_total is not None
    written = format(record.funds.budget_total.value, "f")
    jsonl = tmp_path / "records.jsonl"
    jsonl.write_text(line.replace(f'"value":{written}', '"value":1.50', 1) + "\n", encoding="utf-8")
    (loaded,) = load([jsonl]).entries
    assert isinstance(loaded, Record) and loaded.funds.budget_total is not None
    assert str(loaded.funds.budget_total.value) == "1.50"  # not through float: the trailing zero stays


def test_a_records_file_line_that_is_no_record_is_named(tmp_path: Path) -> None:
    good = record_json(extract_file(CORPUS / "c01_jineng_rounding.txt"))
    jsonl = tmp_path / "records.jsonl"
    jsonl.write_text(good + "\n" + good.replace('"sha256":', '"sha_256":', 1) + "\n", encoding="utf-8")
    entries = load([jsonl]).entries
    assert isinstance(next(entries), Record)
    with pytest.raises(ReadError) as raised:
        next(entries)
    assert raised.value.code == "corrupt_file"
    assert "第 2 行" in raised.value.detail and "source" in raised.value.detail


def test_copies_in_a_records_file_are_grouped_from_headings_as_from_whole_records(tmp_path: Path) -> None:
    # Grouping reads a records file's headings in both its passes and reads whole only the records
    # that have copies: it must group, and find disagreements, exactly as from whole records.
    text = (CORPUS / "hongshan_jiuye_2025.txt").read_text(encoding="utf-8")
    edited = tmp_path / "hongshan_published.txt"
    edited.write_text(text.replace("6359.55", "6395.55"), encoding="utf-8")  # every statement of the budget
    paths = [CORPUS / "hongshan_jiuye_2025.docx", CORPUS / "c01_jineng_rounding.txt", edited]
    jsonl = tmp_path / "records.jsonl"
    failed = json.dumps({"path": "x/broken.pdf", "sha256": "0" * 64,
                         "error": {"code": "corrupt_file", "message": "文件已损坏，无法读取"}})
    jsonl.write_text("\n".join([*(record_json(extract_file(p)) for p in paths), failed]) + "\n", encoding="utf-8")
    batch = load([jsonl])
    from_headings = group(lambda: batch.entries, batch.headings)
    from_records = group(lambda: batch.entries)
    assert from_headings.copies == from_records.copies == {0: [2]}
    assert [[c.finding for c in found] for found in from_headings.findings.values()] == [
        [c.finding for c in found] for found in from_records.findings.values()]
    assert isinstance(list(batch.headings())[-1], Failure)


def test_a_heading_pass_names_a_line_that_is_no_record(tmp_path: Path) -> None:
    good = record_json(extract_file(CORPUS / "c01_jineng_rounding.txt"))
    jsonl = tmp_path / "records.jsonl"
    jsonl.write_text(good + "\n" + good.replace('"sha256":', '"sha_256":', 1) + "\n", encoding="utf-8")
    with pytest.raises(ReadError) as raised:
        list(load([jsonl]).headings())
    assert raised.value.code == "corrupt_file" and "第 2 行" in raised.value.detail
