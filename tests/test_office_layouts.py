"""Office layouts: which documents of a file are records, funds blocks and indicator columns of real workbooks."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from documents import workbook_file
from typer.testing import CliRunner

import extractor
from extractor.cli import app
from extractor.pipeline import extract_records

COVER = [["某县2020年度某项资金绩效自评材料"], [], ["填报说明："],
         ["1. 第二张工作表为《某项资金绩效自评表》。"], ["2. 金额单位为万元。"]]


def _form(name: str) -> list[list[object]]:
    return [[f"{name}绩效自评表"],
            ["项目名称", name],
            ["资金投入情况（万元）", "", "全年预算数", "全年执行数", "执行率"],
            ["", "年度资金总额", 100, 90, "90.00%"],
            ["一级指标", "二级指标", "三级指标", "指标值", "全年实际完成值", "未完成原因"],
            ["产出指标", "数量指标", "培训人数", "≥100人", "120人", ""]]


_workbook = workbook_file


def test_a_cover_sheet_naming_the_form_is_no_record_of_its_own(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "book.xlsx", {"填报说明": COVER, "自评表": _form("某项资金")})
    records = extract_records(path)
    assert [r.source.sheet for r in records] == ["自评表"]
    assert records[0].indicators and records[0].funds.budget_total is not None
    assert any(w.code == "sheet_skipped" and "填报说明" in w.message for w in records[0].warnings)
    assert [r.source.sheet for r in extractor.extract_bytes(path.read_bytes(), "book.xlsx")] == ["自评表"]
    result = CliRunner().invoke(app, ["extract", str(path), "--no-check"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["source"]["sheet"] == "自评表"  # one record: one JSON object


def test_an_instructions_sheet_after_the_form_stating_a_rate_is_no_record(tmp_path: Path) -> None:
    notes = [["填报说明"], ["1. 执行率按全年执行数除以全年预算数计算，超过100%的按100%填列。"]]
    path = _workbook(tmp_path / "book.xlsx", {"自评表": _form("某项资金"), "填报说明": notes})
    assert [r.source.sheet for r in extract_records(path)] == ["自评表"]


def test_every_sheet_holding_a_report_stays_a_record(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "two.xlsx", {"说明": COVER, "甲": _form("甲项目"), "乙": _form("乙项目")})
    assert [r.source.sheet for r in extract_records(path)] == ["甲", "乙"]


def test_a_file_whose_documents_are_all_empty_keeps_them(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "empty.xlsx", {"一": [["绩效自评表说明"]], "二": [["自评报告附注"]]})
    assert [r.source.sheet for r in extract_records(path)] == ["一", "二"]


def test_an_execution_score_row_merged_across_the_value_columns_is_the_score(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["项目支出绩效自评表"], ["项目名称", "", "某某补助经费"],
        ["项目资金（万元）", "", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率"],
        ["", "", "年度资金总额", 90, 100, 95, 10, 0.95],
        ["", "", "其中：当年财政拨款", 90, 100, 95, "—", 0.95],
        ["预算执行得分", "", 9.5],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因"],
        ["", "产出指标", "数量指标", "培训人数", "≥100人", "120人", 50, 50],
        ["", "满意度指标", "服务对象满意度指标", "满意度", "≥90%", "80%", 40, 30, "宣传不足"],
        ["总分", "", "", "", "", "", 100, 89.5],
    ]
    path = _workbook(tmp_path / "scored.xlsx", {"自评表": rows})
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["自评表"]
    sheet.merge_cells("A6:B6")
    sheet.merge_cells("C6:H6")  # the score across every value column
    sheet["H4"].number_format = sheet["H5"].number_format = "0.00%"
    sheet["C6"].number_format = "0.00"
    workbook.save(path)
    record = extract_records(path)[0]
    assert [s.name for s in record.funds.sources] == ["当年财政拨款"]
    assert record.score is not None and str(record.score.execution_score) == "9.50"
    assert str(record.score.execution_max) == "10"
    codes = {f.code for f in record.findings}
    assert not codes & {"score_sum_mismatch", "sources_sum_mismatch", "execution_rate_mismatch"}, codes


def test_direction_and_weight_columns_beside_the_target_and_the_points(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["某项目绩效自评表"],
        ["资金来源（万元）", "", "全年预算数", "全年执行数", "执行率"],
        ["年度资金总额", "", 100, 100, 1],
        ["一级指标", "二级指标", "三级指标", "指标方向", "指标值", "实际完成值", "权重", "分值", "得分", "偏差原因"],
        ["产出指标", "数量指标", "培训班次", "正向", "≥8期", "9期", 0.6, 60, 60],
        ["", "成本指标", "补助标准", "反向", "2万元/人", "2.5万元/人", 0.3, 30, 20, "物价上涨"],
        ["效益指标", "社会效益指标", "社会影响力", "定性", "明显提升", "明显提升", 0.1, 10, 10],
    ]
    path = _workbook(tmp_path / "direction.xlsx", {"自评表": rows})
    workbook = openpyxl.load_workbook(path)
    for cell in ("G5", "G6", "G7"):
        workbook["自评表"][cell].number_format = "0%"
    workbook.save(path)
    indicators = extract_records(path)[0].indicators
    assert [(i.target.op, str(i.target.number), i.met) for i in indicators] == [
        (">=", "8", True), ("<=", "2", False), (None, "None", None)]
    assert [str(i.max_score) for i in indicators] == ["60", "30", "10"]  # 分值, not the 权重 beside it
