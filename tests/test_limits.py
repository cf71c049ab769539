"""Limits that hold whatever the bytes say, and text any writer can write (issue 15's classes).

Each case is a small hostile file of one class the fuzzer found; the cases that could take the
test process down (a native abort, a grid of 10^10 cells) run in a forked child.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from fuzz.runner import run_case

from extractor.document import Document, Paragraph, Table
from extractor.emit.json import record_json
from extractor.errors import ReadError
from extractor.models import Record
from extractor.pipeline import extract_file
from extractor.readers import read_document, read_documents
from extractor.readers.guard import guard_document
from extractor.readers.limits import DEFAULT_LIMITS, Limits
from extractor.readers.xlsx.numfmt import format_number

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DOCX = CORPUS / "c02_renju_scored.docx"
XLSX = CORPUS / "x01_sihong_gonglu_transfer.xlsx"
SHEET = "xl/worksheets/sheet1.xml"


def read_error(path: Path, limits: Limits = DEFAULT_LIMITS) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_document(path, limits)
    assert caught.value.path == str(path)
    return caught.value


def repacked(source: Path, target: Path, part: str, change: dict[bytes, bytes] | None = None,
             replace: bytes | None = None) -> Path:
    """A copy of the package `source` with one part changed (first occurrences replaced) or replaced."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == part:
                if replace is not None:
                    data = replace
                for old, new in (change or {}).items():
                    assert old in data, old
                    data = data.replace(old, new, 1)
            copy.writestr(item.filename, data)
    return target


def assert_limit(error: ReadError, option: str) -> None:
    assert error.code == "limit_exceeded", error
    assert re.search(rf"超过上限 \d+（Limits\.{option}=\d+）", error.detail), error.detail


@pytest.mark.parametrize("span", ["300000000", "99999999999999999999"])
def test_docx_grid_span_bomb_is_refused_before_the_grid_is_built(tmp_path: Path, span: str) -> None:
    path = repacked(DOCX, tmp_path / "span.docx", "word/document.xml",
                    {b'<w:gridSpan w:val="7"/>': f'<w:gridSpan w:val="{span}"/>'.encode()})
    assert_limit(read_error(path), "max_table_area")


def test_docx_rows_over_the_table_cell_limit(tmp_path: Path) -> None:
    error = read_error(DOCX, Limits(max_table_cells=40))
    assert_limit(error, "max_table_cells")
    assert "Word 表格" in error.detail


def test_docx_part_over_the_member_limit_is_a_zip_bomb(tmp_path: Path) -> None:
    error = read_error(DOCX, Limits(max_member_bytes=10_000))
    assert error.code == "zip_bomb" and "Limits.max_member_bytes" in error.detail


def test_docx_elements_are_counted_before_parsing(tmp_path: Path) -> None:
    assert_limit(read_error(DOCX, Limits(max_xml_elements=1000)), "max_xml_elements")


def _page(cells: str) -> bytes:
    return (f"<html><body><div id='zoom'><p>某县2024年度项目支出绩效自评报告</p><table>{cells}</table>"
            f"</div></body></html>").encode()


def test_html_span_bomb_is_refused_before_it_is_expanded(tmp_path: Path) -> None:
    path = tmp_path / "spans.html"
    row = "<tr>" + "<td rowspan='1000' colspan='1000'>指标</td>" * 3 + "</tr>"
    path.write_bytes(_page(row * 50))
    assert_limit(read_error(path), "max_table_area")


def test_html_spans_within_the_limits_are_placed_as_before(tmp_path: Path) -> None:
    path = tmp_path / "ok.html"
    path.write_bytes(_page("<tr><td colspan='2'>项目名称</td></tr><tr><td>a</td><td>b</td></tr>"))
    document = read_document(path)
    table = document.blocks[-1]
    assert [[(c.text, c.col, c.colspan) for c in row] for row in table.rows] == [  # type: ignore[union-attr]
        [("项目名称", 0, 2)], [("a", 0, 1), ("b", 1, 1)]]


def test_html_long_run_of_rows_is_refused_before_the_content_steps(tmp_path: Path) -> None:
    path = tmp_path / "rows.html"
    path.write_bytes(_page("<tr><td>指标</td><td>100%</td></tr>" * 30_000))
    assert_limit(read_error(path), "max_table_cells")


def test_text_long_line_and_giant_table(tmp_path: Path) -> None:
    line = tmp_path / "line.txt"
    line.write_text("全年预算数" * 30_000, "utf-8")
    assert_limit(read_error(line), "max_block_chars")
    table = tmp_path / "table.txt"
    table.write_text("项目名称：某项目\n" + "指标\t目标\t完成\t得分\n" * 20_000, "utf-8")
    error = read_error(table)
    assert_limit(error, "max_table_cells")
    assert "第 2 行起的表格" in error.detail


def test_text_over_the_document_limit_is_refused_before_decoding(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_bytes("预算\n".encode() * 1000)
    assert_limit(read_error(path, Limits(max_document_chars=500)), "max_document_chars")


def test_xlsx_far_cell_is_refused_before_the_native_reader_runs(tmp_path: Path) -> None:
    # calamine asked for 512 GB for this sheet and aborted the process: run it in a child.
    path = repacked(XLSX, tmp_path / "far.xlsx", SHEET, {b'<c r="A1"': b'<c r="XFD1048576"'})
    outcome = run_case(path)
    assert (outcome.kind, outcome.detail) == ("error", "limit_exceeded")
    error = read_error(path)
    assert "1048576 行 × 16384 列" in error.detail


def test_xlsx_cell_references_out_of_excel_range_are_counted_too(tmp_path: Path) -> None:
    path = repacked(XLSX, tmp_path / "beyond.xlsx", SHEET, {b'<c r="A1"': b'<c r="zzzz99999999"'})
    assert run_case(path).detail == "limit_exceeded"


def test_xlsx_huge_merge_is_clipped_to_the_used_range(tmp_path: Path) -> None:
    merge = b'<mergeCells count="1"><mergeCell ref="A25:XFD1048576"/></mergeCells>'
    path = repacked(XLSX, tmp_path / "merge.xlsx", SHEET, {b"</sheetData>": b"</sheetData>" + merge})
    assert run_case(path).kind == "record"
    tables = [b for b in read_document(path).blocks if isinstance(b, Table)]
    spans = [(c.rowspan, c.colspan) for t in tables for row in t.rows for c in row]
    assert max(spans) <= (2, 6)  # rows 25-26 of columns A-F: what the sheet uses


def test_xlsx_crafted_styles_are_read_in_linear_time(tmp_path: Path) -> None:
    with zipfile.ZipFile(XLSX) as package:
        styles = package.read("xl/styles.xml")
    crafted = styles.replace(b"<numFmts", b"<numFmts>" * 300_000 + b"<numFmts", 1).replace(
        b"<xf ", b"<xf " + b"a" * 3_000_000 + b" ", 1)
    path = repacked(XLSX, tmp_path / "styles.xlsx", "xl/styles.xml", replace=crafted)
    outcome = run_case(path, timeout_s=20.0)
    assert outcome.kind == "record", outcome
    original = extract_file(XLSX)
    assert extract_file(path).funds.model_dump() == original.funds.model_dump()


def test_number_format_with_more_places_than_decimal_holds() -> None:
    assert format_number(0.7959, "0." + "0" * 40 + "%") == "0.7959"
    assert format_number(6359.55, "#,##0.00") == "6,359.55"


def test_thirty_digit_amount_is_text_not_an_exception(tmp_path: Path) -> None:
    path = tmp_path / "digits.txt"
    digits = "1" * 30 + ".5"
    path.write_text(f"某县2024年度项目支出绩效自评报告\n项目全年预算数{digits}万元，执行数100万元。\n", "utf-8")
    record = extract_file(path)
    assert record.funds.budget_total is None and record.funds.executed_total is not None


def test_a_field_forging_the_decimal_mark_stays_a_string(tmp_path: Path) -> None:
    path = tmp_path / "mark.txt"
    body = "本项目资金已按计划全部拨付到位，各项工作有序推进，绩效目标基本完成。" * 4  # the marks under 2 % of the text
    path.write_text(f"\ue000123县2024年度\ue000-1.5项目支出绩效自评报告\n项目名称：\ue000123\n全年预算数100万元。\n{body}\n",
                    "utf-8")
    record = extract_file(path)
    text = record_json(record)
    Record.model_validate_json(text)
    assert "\ue000" not in text and "\ufffd123" in text
    assert [w.code for w in record.warnings].count("invalid_characters") == 1


def test_lone_surrogates_are_repaired_with_a_warning() -> None:
    document = Document(path="x.pdf", format="pdf")
    document.add(Paragraph("全年预算数\ud800100万元\udfff"))
    guard_document(document, DEFAULT_LIMITS)
    assert document.blocks[0].text == "全年预算数\ufffd100万元\ufffd"  # type: ignore[union-attr]
    assert document.notes[-1][0] == "invalid_characters" and "2 个" in document.notes[-1][1]
    json.dumps(document.blocks[0].text).encode("utf-8")  # type: ignore[union-attr]


def test_pdf_with_a_broken_cross_reference_table_still_opens(tmp_path: Path) -> None:
    from extractor.readers.pdf.open import xref_is_sound

    data = (CORPUS / "c03_gongwei_units.pdf").read_bytes()
    broken = re.sub(rb"startxref\s+\d+", b"startxref\n12", data)
    assert xref_is_sound(data) and not xref_is_sound(broken)
    path = tmp_path / "broken.pdf"
    path.write_bytes(broken)
    assert extract_file(path).funds.model_dump() == extract_file(CORPUS / "c03_gongwei_units.pdf").funds.model_dump()


def test_pdf_characters_are_counted_before_they_are_read() -> None:
    error = read_error(CORPUS / "c03_gongwei_units.pdf", Limits(max_document_chars=500))
    assert_limit(error, "max_document_chars")
    assert "读到第" in error.detail


def test_limits_are_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for option in Limits.__dataclass_fields__:
        assert f"`{option}`" in readme, option



def test_xlsx_sheet_over_the_limit_is_skipped_beside_a_readable_one(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "two.xlsx"
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "自评表"
    for row in (["项目名称", "农村饮水"], ["全年预算数", 100], ["三级指标", "指标值"]):
        first.append(row)
    dump = workbook.create_sheet("数据")
    dump["A1"], dump["XFD1000"] = "明细", 1
    workbook.save(path)
    assert run_case(path).kind == "record"
    (document,) = read_documents(path)
    assert document.sheet == "自评表"
    skipped = [m for code, m in document.notes if code == "sheet_skipped"]
    assert len(skipped) == 1 and "工作表“数据”有 1000 行 × 16384 列" in skipped[0]
    assert "Limits.max_sheet_cells" in skipped[0]
