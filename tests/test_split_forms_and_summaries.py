"""Layouts of the sixth held-out round (corpus/heldout/round6): a report split over sheets or Word
tables, hidden spreadsheet cells, borderless rows at the line pitch, score summary tables, and
wordings the prose reader did not know. Each document is written here; each test fails on the
code before these rules.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
from documents import COVERED, Span, document, pairs, pdf_page, text_record, workbook_file
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from extractor.document import Table
from extractor.pipeline import extract_file, extract_records, record_from_document
from extractor.readers import read_document
from extractor.readers.pdf.borderless import find_borderless
from extractor.readers.pdf.lines import PageLines
from extractor.readers.pdf.tables import PageTable

FUNDS_SHEET = [["2024年度农村环境整治资金区域绩效自评表"], ["单位：万元"],
               ["资金来源", "全年预算数", "全年执行数", "执行率"],
               ["年度资金总额", 515, 491.135, "95.37%"], ["中央财政资金", 420, 401.58, "95.61%"],
               ["旗县资金", 95, 89.555, "94.27%"]]
INDICATOR_SHEET = [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"],
                   ["产出指标", "数量指标", "完成整治嘎查村数量", "≥24个", "25个"],
                   ["满意度指标", "服务对象满意度指标", "农牧民满意度", "≥90%", "93.2%"]]


def test_a_funds_sheet_and_an_indicators_sheet_are_one_report(tmp_path: Path) -> None:
    path = workbook_file(tmp_path / "split.xlsx", {"说明": [["填报说明：本表由杭锦旗生态环境局填报"]],
                                                   "资金": FUNDS_SHEET, "指标": INDICATOR_SHEET})
    records = extract_records(path)
    assert len(records) == 1
    record = records[0]
    assert record.funds.budget_total is not None and record.funds.budget_total.yuan == 5150000
    assert [i.name for i in record.indicators] == ["完成整治嘎查村数量", "农牧民满意度"]
    assert record.source.sheet is None  # the record is the workbook's, its evidence names the sheets
    assert record.indicators[0].evidence.sheet == "指标" and record.funds.budget_total.evidence.sheet == "资金"
    assert [w.code for w in record.warnings] == ["sheet_skipped"]


def test_two_whole_forms_on_two_sheets_stay_two_records(tmp_path: Path) -> None:
    whole = FUNDS_SHEET + INDICATOR_SHEET
    path = workbook_file(tmp_path / "two.xlsx", {"项目一": whole, "项目二": whole})
    assert [r.source.sheet for r in extract_records(path)] == ["项目一", "项目二"]


def test_hidden_rows_and_columns_are_not_read(tmp_path: Path) -> None:
    path = workbook_file(tmp_path / "hidden.xlsx", {"自评表": [
        *FUNDS_SHEET[:3], ["（上年参考）2023年度全年预算数", 480, 470, "97.92%"], *FUNDS_SHEET[3:]]})
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["自评表"]
    sheet.row_dimensions[4].hidden = True
    sheet["F3"], sheet["F4"] = "上年执行数", 470
    sheet.column_dimensions["F"].hidden = True
    workbook.save(path)
    record = extract_file(path)
    assert [s.name for s in record.funds.sources] == ["中央财政资金", "旗县资金"]
    assert [w.code for w in record.warnings] == ["hidden_cells_skipped"]
    assert not [f for f in record.findings if f.severity == "error"]


def _vertical_merge(cell: docx.table._Cell, value: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    merge = OxmlElement("w:vMerge")
    merge.set(qn("w:val"), value)
    properties.append(merge)


def test_a_word_table_cut_in_two_by_a_page_break_is_one_table(tmp_path: Path) -> None:
    made = docx.Document()
    rows = [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"],
            ["产出指标", "数量指标", "清洁取暖改造户数", "≥3200户", "3265户"]]
    first = made.add_table(rows=2, cols=5)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            first.cell(r, c).text = text
    _vertical_merge(first.cell(1, 0), "restart")
    made.add_paragraph().add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
    second = made.add_table(rows=2, cols=5)
    for c, text in enumerate(["", "时效指标", "补助资金拨付及时率", "100%", "100%"]):
        second.cell(0, c).text = text
    for c, text in enumerate(["满意度指标", "服务对象满意度指标", "改造户满意度", "≥90%", "95.6%"]):
        second.cell(1, c).text = text
    _vertical_merge(second.cell(0, 0), "restart")
    path = tmp_path / "cut.docx"
    made.save(str(path))
    tables = [b for b in read_document(path).blocks if isinstance(b, Table)]
    assert len(tables) == 1 and len(tables[0].rows) == 4
    assert tables[0].rows[1][0].text == "产出指标" and tables[0].rows[1][0].rowspan == 2
    record = extract_file(path)
    assert [(i.level1, i.name) for i in record.indicators] == [
        ("产出指标", "清洁取暖改造户数"), ("产出指标", "补助资金拨付及时率"), ("满意度指标", "改造户满意度")]


def _found(pages: list[PageLines]) -> list[list[str]]:
    tables: dict[int, list[PageTable]] = {}
    find_borderless(pages, tables)
    return [[c.text for c in row] for table in tables[1] for row in table.rows]


def test_borderless_rows_at_the_line_pitch_start_where_the_line_above_stops_short() -> None:
    # Rows 12 pt apart, no padding: 可持续影响指标 is no wrap of 社会效益指标, whose line ends far
    # short of its column, as its neighbours' do.
    page = pdf_page([
        (100, [(40, "一级指标"), (110, "二级指标"), (220, "三级指标"), (360, "指标值"), (440, "实际完成值")]),
        (112, [(40, "产出指标"), (110, "服务对象满意度指标"), (220, "普惠性幼儿园在园幼儿数"), (360, "≥6800人"),
               (440, "7012人次以上")]),
        (124, [(40, "效益指标"), (110, "社会效益指标"), (220, "普惠性资源覆盖率"), (360, "≥80%"), (440, "83.6%")]),
        (136, [(110, "可持续影响指标"), (220, "公共服务体系"), (360, "逐步完善"), (440, "逐步完善")]),
    ])
    rows = _found([page])
    assert rows[-2:] == [["效益指标", "社会效益指标", "普惠性资源覆盖率", "≥80%", "83.6%"],
                         ["", "可持续影响指标", "公共服务体系", "逐步完善", "逐步完善"]]


def test_a_spaced_out_header_cell_is_one_cell() -> None:
    page = pdf_page([
        (100, [(40, "项"), (60, "目"), (170, "全年预算数"), (290, "全年执行数"), (410, "执行率")]),
        (112, [(40, "年度资金总额"), (170, "612.40"), (290, "598.74"), (410, "97.77%")]),
        (124, [(40, "中央资金"), (170, "420.00"), (290, "418.27"), (410, "99.59%")]),
    ])
    assert _found([page])[0] == ["项目", "全年预算数", "全年执行数", "执行率"]


def test_an_execution_rate_row_among_the_indicators_and_a_score_summary_table() -> None:
    made = document(
        "全年预算数125.00万元，全年执行数123.62万元，预算执行率98.90%。",
        [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
         ["资金执行率", "", "", "100%", "98.90%", "10", "9.89"],
         ["产出指标", "数量指标", "带徒授艺人数", "≥60人", "64人", "50", "50"],
         ["效益指标", "社会效益指标", "展演参与人次", "≥2万人次", "2.36万人次", "40", "36"]],
        [["评价内容", "分值", "得分"], ["预算执行率", "10", "9.89"], ["产出指标", "50", "50"],
         ["效益指标", "40", "36"], ["合计", "100", "96.89"]])
    record = record_from_document(made)
    assert [i.name for i in record.indicators] == ["带徒授艺人数", "展演参与人次"]
    assert record.score is not None
    assert (record.score.execution_score, record.score.total) == (Decimal("9.89"), Decimal("96.89"))
    assert [f.code for f in record.findings] == ["score_sum_mismatch"]  # 9.89 + 86 = 95.89


def test_a_table_s_closing_remark_across_its_value_columns_is_no_indicator() -> None:
    made = document([["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"],
                     ["产出指标", "数量指标", "衬砌渠道长度", "≥12公里", "12.4公里"],
                     ["自评结论", Span("项目资金使用规范，各项指标均已完成。", 1, 4), COVERED, COVERED, COVERED]])
    assert [i.name for i in record_from_document(made).indicators] == ["衬砌渠道长度"]


def test_prose_wordings_of_standards_deadlines_bare_targets_and_qualitative_targets(tmp_path: Path) -> None:
    record = text_record(
        tmp_path, "（三）绩效指标完成情况",
        "（3）时效指标。补助资金拨付时限为2024年12月31日前，实际于2024年12月16日前全部拨付到位。",
        "（4）成本指标。签约服务费补助标准为25元/人/年，全年按25元/人/年执行。",
        "社会效益指标：居民健康素养水平不低于25%，经监测实际达到27.1%。",
        "可持续影响指标。长效管护机制：目标为建立，完成情况为已建立，各村均配备保洁员。",
        "服务对象满意度指标：签约居民满意度指标值不低于90%，经第三方电话回访，实际满意度为91.5%。",
        "就业困难人员实现就业人数目标不少于600人，实际实现就业574人，完成率95.67%。")
    assert pairs(record) == [
        ("补助资金拨付时限", "2024年12月31日前", "2024年12月16日前全部拨付到位"),
        ("签约服务费补助标准", "25元/人/年", "按25元/人/年执行"),
        ("居民健康素养水平", "不低于25%", "27.1%"),
        ("长效管护机制", "建立", "已建立，各村均配备保洁员"),
        ("签约居民满意度", "不低于90%", "91.5%"),
        ("就业困难人员实现就业人数", "不少于600人", "574人"),
    ]
    standard = record.indicators[1]
    assert standard.actual.number == 25 and standard.actual.unit == "元/人/年" and standard.met is True
    assert "completion_rate_mismatch" not in {f.code for f in record.findings}  # 574 / 600 = 95.67%


def test_the_report_s_claim_after_the_last_indicator_sentence_is_checked(tmp_path: Path) -> None:
    record = text_record(
        tmp_path, "（三）绩效指标完成情况",
        "1.数量指标。新建污水处理设施目标值不少于12座，实际建成10座。",
        "2.满意度指标。受益群众满意度目标值≥85%，实际满意度90.5%。综上，项目各项绩效指标均已全面完成。")
    assert "false_completion_claim" in {f.code for f in record.findings}


def test_department_tables_income_totals_groupings_and_the_three_public_expenses(tmp_path: Path) -> None:
    made = document(
        "秭归县农业局2018年度部门整体支出绩效自评报告",
        "2018年年初预算5,980.00万元，全年预算6,842.37万元，全年决算支出6,789.66万元，预算执行率99.23%。",
        [["项目", "年初预算", "调整预算", "决算数", "执行率"],
         ["收入合计", "5,980.00", "6,842.37", "6,789.66", "99.23%"],
         ["按收入性质分：", "", "", "", ""],
         ["一般公共预算财政拨款", "5,680.00", "6,512.37", "6,488.21", "99.63%"],
         ["其他收入", "300.00", "330.00", "301.45", "91.35%"]],
        "“三公”经费年初预算22.00万元，实际支出18.62万元，较预算下降15.36%。",
        [["部门名称", "秭归县农业局"]])
    record = record_from_document(made)
    assert [(s.name, s.budget.yuan if s.budget else None) for s in record.funds.sources] == [
        ("一般公共预算财政拨款", 65123700), ("其他收入", 3300000)]
    assert record.report.fund_name == "部门整体支出"
    assert not [f for f in record.findings if f.severity == "error"]


def test_a_first_column_headed_with_the_template_s_word_holds_the_first_level() -> None:
    made = document([["绩效指标", "二级指标", "三级指标", "年度指标值", "实际完成值"],
                     ["产出指标", "数量指标", "新建高标准农田面积", "≥12000亩", "12360亩"]])
    assert [(i.level1, i.level2) for i in record_from_document(made).indicators] == [("产出指标", "数量指标")]


def test_a_placeholder_holds_its_column_s_place_in_a_spaced_row(tmp_path: Path) -> None:
    record = text_record(
        tmp_path,
        "一级指标    二级指标            三级指标                      指标值      实际完成值  完成率    未完成原因",
        "产出指标    数量指标            城镇新增就业人数              ≥4200人     4386人      104.43%",
        "            质量指标            城镇登记失业率                ≤4.5%       3.9%        —")
    assert pairs(record)[-1] == ("城镇登记失业率", "≤4.5%", "3.9%")
