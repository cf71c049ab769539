"""The XLSX reader: display texts of numbers, merges, sheets as records, provenance, error paths."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from documents import workbook_file
from typer.testing import CliRunner

from extractor.cli import app
from extractor.document import Paragraph, Table
from extractor.errors import ReadError
from extractor.pipeline import extract_file, extract_many, extract_records
from extractor.readers import Limits, read_document, read_documents
from extractor.readers.xlsx import cell_text
from extractor.readers.xlsx.numfmt import format_number, general_text
from extractor.readers.xlsx.styles import cell_formats, column_index

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
TRANSFER = CORPUS / "x01_sihong_gonglu_transfer.xlsx"
PROJECT = CORPUS / "x02_yuechi_xiaoshe_project.xlsx"
TWO_PROJECTS = CORPUS / "x03_yingshan_two_projects.xlsx"
ENCRYPTED = Path(__file__).parent / "data" / "docx" / "encrypted.docx"


@pytest.mark.parametrize(("value", "code", "shown"), [
    (0.7959, "0.00%", "79.59%"),
    (0.795899080909813, "0.00%", "79.59%"),
    (6359.55, "#,##0.00", "6,359.55"),
    (-1234567.5, "#,##0.0", "-1,234,567.5"),
    (0.5, "#,##0.00", "0.50"),
    (3140.0, "0.00", "3140.00"),
    (0.30000000000000004, "0.00", "0.30"),
    (1.005, "0.00", "1.01"),  # Excel rounds the 15-digit value, not the binary one
    (0.965, "0%", "97%"),
    (1.5, "0.0#", "1.5"),
    (1.256, "0.0#", "1.26"),
    (12.345, '0.00"万元"', "12.35万元"),
    (3319.0, "#,##0\\元", "3,319元"),
    (-5.5, "0.00;(0.00)", "(5.50)"),
    (-5.5, "#,##0.00;[Red]-#,##0.00", "-5.50"),
    (0.0, '0.00;-0.00;"-"', "-"),
    (0.5, "#.00", ".50"),
    (1268.0, '0"公里"', "1268公里"),
    (7.0, "[$-804]0.0", "7.0"),
    (1234.0, "0.00E+00", "1234"),  # scientific is not modelled: General
])
def test_number_formats(value: float, code: str, shown: str) -> None:
    assert format_number(value, code) == shown


@pytest.mark.parametrize(("value", "shown"), [
    (100.0, "100"), (2597.6000000000004, "2597.6"), (0.795899080909813, "0.795899081"), (6359.55, "6359.55"),
    (-0.5, "-0.5"), (0.0, "0"),
])
def test_general_is_what_excel_shows(value: float, shown: str) -> None:
    assert general_text(value) == shown


def test_cell_values_of_other_types() -> None:
    import datetime as dt

    assert cell_text(True, None) == "TRUE"
    assert cell_text(dt.date(2024, 12, 31), "yyyy年m月d日") == "2024年12月31日"
    assert cell_text(dt.date(2024, 12, 1), 'yyyy"年"m"月"') == "2024年12月"
    assert cell_text(dt.date(2024, 12, 31), None) == "2024-12-31"
    assert cell_text("a\r\nb", None) == "a\nb"


def test_cell_formats_scan_reads_styles_with_any_prefix() -> None:
    xml = (b'<x:sheetData><x:row r="2"><x:c r="B2" s="3" t="n"><x:v>1</x:v></x:c>'
           b'<x:c s="1" r="AA10"/><x:c r="C2"/></x:row><cols><col min="1" s="3"/></cols></x:sheetData>')
    assert cell_formats(xml, {3: "0.00%", 1: "0.0"}) == {1: {1: "0.00%"}, 9: {26: "0.0"}}
    assert column_index(b"A") == 0 and column_index(b"Z") == 25 and column_index(b"AA") == 26


def test_transfer_table_layout() -> None:
    document = read_document(TRANSFER)
    assert document.format == "xlsx" and document.sheet == "自评表"
    assert isinstance(document.blocks[0], Paragraph)
    assert document.blocks[0].text == "泗洪县2024年度农村公路养护补助资金绩效目标自评表"
    table = document.blocks[1]
    assert isinstance(table, Table) and table.sheet == "自评表" and table.origin == (1, 0)
    assert not table.merges_unknown
    grid = table.grid()
    funds_label = grid[3][0]
    assert funds_label is not None and funds_label.text == "资金投入情况（万元）"
    assert (funds_label.row, funds_label.rowspan) == (3, 5)
    # A merged cell appears once; the positions it covers hold no cell of their own.
    assert all(cell.col != 0 for row in table.rows[4:8] for cell in row)
    texts = [[cell.text for cell in row] for row in table.rows]
    assert texts[4][-3:] == ["2850.00", "2,740.95", "96.17%"]  # typed, SUM formula, ratio formula
    assert texts[6][-1] == "92.79%"
    assert "1268公里" in texts[14] and "98.2%" in texts[16]
    assert isinstance(document.blocks[-1], Paragraph) and document.blocks[-1].text == "填报日期：2025年2月18日"


def test_evidence_names_sheet_and_cell() -> None:
    record = extract_file(TRANSFER)
    budget = record.funds.budget_total
    assert budget is not None and budget.evidence is not None
    assert (budget.evidence.sheet, budget.evidence.cell_ref) == ("自评表", "D6")
    assert budget.evidence.text == "2850.00"
    indicator = next(i for i in record.indicators if i.name == "农村公路列养率")
    assert indicator.actual.evidence is not None and indicator.actual.evidence.cell_ref == "E18"
    assert indicator.evidence.cell_ref == "C18"


def test_project_table_formula_score() -> None:
    record = extract_file(PROJECT)
    assert record.score is not None
    assert str(record.score.execution_score) == "9.66"  # =ROUND(MIN(F5/E5,1)*G5,2), cached by LibreOffice
    assert record.funds.execution_rate is not None and record.funds.execution_rate.raw == "96.60%"


def test_each_self_evaluation_sheet_is_a_record() -> None:
    documents = read_documents(TWO_PROJECTS)
    assert [d.sheet for d in documents] == ["茶叶基地", "冷链物流"]
    assert ("sheet_skipped", "工作表“填报说明”不是自评表，未单独读取") in documents[0].notes
    records = extract_records(TWO_PROJECTS)
    assert [r.source.sheet for r in records] == ["茶叶基地", "冷链物流"]
    assert records[0].source.sha256 == records[1].source.sha256
    assert [r.report.fund_name for r in records] == ["茶叶标准化基地建设项目", "农产品冷链物流设施补助项目"]
    assert extract_file(TWO_PROJECTS).source.sheet == "茶叶基地"  # the first record, for compatibility
    outcomes = list(extract_many([TRANSFER, TWO_PROJECTS]))
    assert [(Path(o.path).name, o.record.source.sheet if o.record else None) for o in outcomes] == [
        (TRANSFER.name, "自评表"), (TWO_PROJECTS.name, "茶叶基地"), (TWO_PROJECTS.name, "冷链物流")]


def test_cli_prints_json_lines_for_a_workbook_of_several_records() -> None:
    result = CliRunner().invoke(app, ["extract", str(TWO_PROJECTS), "--no-check"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert [json.loads(line)["source"]["sheet"] for line in lines] == ["茶叶基地", "冷链物流"]
    single = CliRunner().invoke(app, ["extract", str(TRANSFER), "--no-check"])
    assert single.stdout.startswith("{\n")  # one record: an indented object


_workbook = workbook_file


def test_workbook_without_self_evaluation_sheets_gives_each_sheet(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "misc.xlsx", {"A": [["名称", "金额"], ["甲", 1.5]], "空": [], "B": [["说明"]]})
    documents = read_documents(path)
    assert [d.sheet for d in documents] == ["A", "B"]
    table = documents[0].blocks[0]
    assert isinstance(table, Table) and [c.text for c in table.rows[1]] == ["甲", "1.5"]


def test_hidden_sheet_is_skipped_with_a_note(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "h.xlsx", {"表": [["三级指标", "指标值"], ["a", "1"]], "隐": [["x", "y"]]},
                     hidden=("隐",))
    documents = read_documents(path)
    assert [d.sheet for d in documents] == ["表"]
    assert ("sheet_skipped", "工作表“隐”为隐藏工作表，未读取") in documents[0].notes


def read_error(path: Path, limits: Limits | None = None) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_document(path, limits or Limits())
    assert caught.value.path == str(path)
    return caught.value


def test_truncated_workbook_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "cut.xlsx"
    path.write_bytes(TRANSFER.read_bytes()[:3000])
    assert read_error(path).code == "corrupt_file"


def test_workbook_with_a_broken_sheet_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(TRANSFER) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[:200] if item.filename.startswith("xl/worksheets/") else data)
    error = read_error(path)
    assert error.code == "corrupt_file" and "XLSX" in error.detail


def test_encrypted_workbook(tmp_path: Path) -> None:
    path = tmp_path / "locked.xlsx"
    shutil.copyfile(ENCRYPTED, path)  # an encrypted OOXML file is the same OLE2 container whatever it holds
    assert read_error(path).code == "encrypted"


def test_empty_workbook(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "empty.xlsx", {"Sheet1": []})
    error = read_error(path)
    assert error.code == "empty_file" and "工作簿" in error.detail


def test_sheet_over_the_cell_limit(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "big.xlsx", {"S": [[str(i) for i in range(10)] for _ in range(10)]})
    error = read_error(path, Limits(max_sheet_cells=50))
    assert error.code == "limit_exceeded" and "10 行 × 10 列" in error.detail
    assert "上限 50（Limits.max_sheet_cells=50）" in error.detail


def test_workbook_expanding_past_the_limit_is_a_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    shutil.copyfile(TRANSFER, path)
    assert read_error(path, Limits(max_unzipped_bytes=1000)).code == "zip_bomb"


def test_cell_formats_whatever_the_attribute_order() -> None:
    from extractor.readers.xlsx.styles import cell_formats

    formats = {2: "0.00%", 5: "0.0"}
    usual = b'<row r="3"><c r="B3" s="2"><v>0.5</v></c><c r="C3" t="n" s="5"><v>1</v></c><c r="D3" s="0"/></row>'
    unusual = b'<row r="3"><c s="2" r="B3"><v>0.5</v></c><c r="C3" t="n" s="5"><v>1</v></c><c r="D3" s="0"/></row>'
    expected = {2: {1: "0.00%", 2: "0.0"}}
    assert cell_formats(usual, formats) == expected
    assert cell_formats(unusual, formats) == expected  # attributes in another order: the tag is searched


def test_format_with_more_digits_than_decimal_holds_falls_back_to_general() -> None:
    assert format_number(1.2345e22, "0.0000000") == general_text(1.2345e22)
    assert format_number(1.2345e22, "0.00") == "12345000000000000000000.00"


def test_cell_formats_skip_row_styles_and_other_attributes() -> None:
    formats = {2: "0.00%"}
    xml = (b'<row r="3" s="2" customFormat="1"><c r="B3" xs="2"><v>1</v></c>'
           b'<c r="C3"\n s="2"><v>0.5</v></c></row>')
    assert cell_formats(xml, formats) == {2: {2: "0.00%"}}
    assert cell_formats(b'<c r="A1" s=""/>', {}) == {}


def _layout_sheet(sheet: openpyxl.worksheet.worksheet.Worksheet, at: int) -> None:
    """The same small 自评表 with its first column at `at` (1 = A); a merge from the caption row
    reaches into the header row in the last column."""
    def cell(row: int, offset: int) -> str:
        return f"{openpyxl.utils.get_column_letter(at + offset)}{row}"

    rows = [["2024年度绩效自评表"], ["一级指标", "三级指标", "指标值"], ["产出指标", "数量", "≥10", 12],
            [None, "质量", "≥95%", 0.985], ["填报人：张三"]]
    for r, values in enumerate(rows, start=1):
        for offset, value in enumerate(values):
            if value is not None:
                sheet[cell(r, offset)] = value
    sheet[cell(4, 3)].number_format = "0.0%"
    sheet.merge_cells(f"{cell(1, 0)}:{cell(1, 2)}")
    sheet.merge_cells(f"{cell(1, 3)}:{cell(2, 3)}")
    sheet.merge_cells(f"{cell(3, 0)}:{cell(4, 0)}")


def test_table_layout_wherever_the_table_starts(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    _layout_sheet(workbook.active, 1)
    _layout_sheet(workbook.create_sheet("右移"), 2)
    path = tmp_path / "layout.xlsx"
    workbook.save(path)
    documents = read_documents(path)
    assert len(documents) == 2
    for document, left in zip(documents, (0, 1), strict=True):
        first, table, last = document.blocks
        assert isinstance(first, Paragraph) and first.text == "2024年度绩效自评表"
        assert isinstance(last, Paragraph) and last.text == "填报人：张三"
        assert isinstance(table, Table) and table.origin == (1, left)
        cells = [[(c.text, c.row, c.col, c.rowspan, c.colspan) for c in row] for row in table.rows]
        assert cells == [
            # The header's last position is covered by a merge from above the table: an empty cell.
            [("一级指标", 0, 0, 1, 1), ("三级指标", 0, 1, 1, 1), ("指标值", 0, 2, 1, 1), ("", 0, 3, 1, 1)],
            [("产出指标", 1, 0, 2, 1), ("数量", 1, 1, 1, 1), ("≥10", 1, 2, 1, 1), ("12", 1, 3, 1, 1)],
            [("质量", 2, 1, 1, 1), ("≥95%", 2, 2, 1, 1), ("98.5%", 2, 3, 1, 1)],
        ]


def test_a_worksheet_part_the_workbook_does_not_list_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "orphan.xlsx"
    with zipfile.ZipFile(TRANSFER) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("xl/worksheets/sheet0.xml", b"<worksheet><sheetData/></worksheet>")  # listed first
        for item in source.infolist():
            target.writestr(item, source.read(item))
    texts = [[cell.text for cell in row] for row in read_documents(path)[0].blocks[1].rows]  # type: ignore[union-attr]
    assert texts[4][-3:] == ["2850.00", "2,740.95", "96.17%"]


def test_overlapping_merges_of_a_damaged_file_are_read(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for r in range(1, 6):
        for c in range(1, 5):
            sheet.cell(r, c, f"三级指标{r}{c}")
    sheet.merge_cells("A2:B4")
    sheet.merge_cells("B3:C5")  # its first cell lies inside the merge above
    path = tmp_path / "overlap.xlsx"
    workbook.save(path)
    table = read_document(path).blocks[0]
    assert isinstance(table, Table)
    merged = table.rows[1][0]
    assert (merged.text, merged.col, merged.rowspan, merged.colspan) == ("三级指标21", 0, 3, 2)
    assert [c.text for c in table.rows[2]] == ["三级指标34"]  # the second merge's first cell is covered


def test_cell_formats_where_cell_references_are_left_out() -> None:
    formats = {2: "0.00%", 5: "0.0"}
    xml = (b'<sheetData><row r="2"><c s="2"><v>0.5</v></c><c/><c s="5" t="n"><v>1</v></c></row>'
           b'<row><c t="s"><v>0</v></c><c s="2"><v>0.25</v></c></row>'
           b'<row r="9"><c r="D9" s="5"><v>2</v></c><c s="2"><v>1</v></c></row></sheetData>')
    assert cell_formats(xml, formats) == {1: {0: "0.00%", 2: "0.0"}, 2: {1: "0.00%"}, 8: {3: "0.0", 4: "0.00%"}}


def test_workbook_without_cell_references_reads_as_with_them(tmp_path: Path) -> None:
    import re

    path = tmp_path / "no_refs.xlsx"
    with zipfile.ZipFile(TRANSFER) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'(<c) r="[A-Z]+[0-9]+"', rb"\1", data)
            target.writestr(item, data)
    def texts(document_path: Path) -> list[list[str]]:
        table = read_documents(document_path)[0].blocks[1]
        assert isinstance(table, Table)
        return [[cell.text for cell in row] for row in table.rows]
    assert texts(path) == texts(TRANSFER)


def test_formulas_saved_without_their_result_are_named(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "unsaved.xlsx", {"自评表": [
        ["项目资金", "全年预算数", "全年执行数", "执行率"],
        ["年度资金总额", 100, 95, "=C2/B2"],
    ]})  # openpyxl stores the formula and no result
    document = read_document(path)
    assert ("formula_without_value", "工作表“自评表”有 1 个公式单元格没有保存计算结果（文件未经 Excel/WPS 打开保存），"
            "按空白读取") in document.notes
    assert not [note for note in read_document(PROJECT).notes if note[0] == "formula_without_value"]


def test_style_formats_from_prefixed_escaped_utf16_styles() -> None:
    import io

    from extractor.readers.xlsx.styles import style_formats
    from extractor.readers.zip_members import read_directory

    styles = ('<?xml version="1.0" encoding="UTF-16"?><x:styleSheet xmlns:x="urn:main">'
              '<x:numFmts count="1"><x:numFmt numFmtId="164" formatCode="0.00&quot;万元&quot;"/></x:numFmts>'
              '<x:cellStyleXfs count="1"><x:xf numFmtId="10"/></x:cellStyleXfs>'
              "<x:cellXfs count=\"3\"><x:xf numFmtId='0'/><x:xf numFmtId=\"164\"><x:alignment/></x:xf>"
              '<x:xf numFmtId="10"/></x:cellXfs></x:styleSheet>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/styles.xml", b"\xff\xfe" + styles.encode("utf-16-le"))
    data = buffer.getvalue()
    assert style_formats(data, read_directory(data)) == {1: '0.00"万元"', 2: "0.00%"}


def test_fixed_formats_render_as_the_general_path_does() -> None:
    import random

    from extractor.readers.xlsx.numfmt import _format_any

    rng = random.Random(20261125)
    values = [1.005, 0.965, 2597.6000000000004, -0.001, 0.0, 1e-07, 123456789012.345, 1.5e20]
    values += [round(rng.uniform(-1e5, 1e5), rng.randint(0, 6)) for _ in range(3000)]
    values += [rng.uniform(0, 2) for _ in range(3000)]
    for code in ("0.00%", "0.0%", "0%", "0.00", "0", "#,##0.00", "#,##0", '0.00"万元"', "0.000000", "0.0000000"):
        assert [format_number(v, code) for v in values] == [_format_any(v, code) for v in values], code
