"""Layouts of the seventh held-out round (corpus/heldout/round7) and of Word and Excel files
exported to PDF and HTML: text wrapped at a fixed width with page furniture between pages, forms
run together with spaces between their cells, tables nested in cells, split side by side or
continued high on a page, titles kept inside a table, and scores stated in sentences. Each
document is written here; each test fails on the code before these rules.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from documents import pairs, text_record

from extractor.document import Cell, Paragraph
from extractor.pipeline import extract_file
from extractor.readers.pdf.side_by_side import join_side_by_side
from extractor.readers.pdf.tables import PageTable, continues_table
from extractor.readers.text import blocks_from_text

WRAPPED = [
    "某县2022年度农村饮水安全补助资金绩效自评报告",
    "一、绩效目标完成情况",
    "（一）数量指标：①新建集中供水工程数量，目标值为≥12处，实际完成13处；②维修",
    "改造供水管网长度，目标值为≥40公里，实际完成42.5公里；③受益农村人口，目标",
    "",
    "— 1 —",
    "第 1 页 共 2 页",
    "某县水利局                    2022年度农村饮水安全补助资金绩效自评报告",
    "值为≥3.2万人，实际完成3.35万人；④工程验收合格率，目标值为100%，实际完成",
    "100%。",
    "（二）时效指标：①资金拨付及时率，目标值为100%，实际完成100%，完成率100%。",
    "",
    "— 2 —",
    "第 2 页 共 2 页",
    "某县水利局                    2022年度农村饮水安全补助资金绩效自评报告",
]


def test_text_wrapped_at_a_width_is_joined_into_paragraphs_without_its_page_furniture() -> None:
    texts = [block.text for block in blocks_from_text("\n".join(WRAPPED)) if isinstance(block, Paragraph)]
    assert not any("第 1 页" in text or text.startswith("— ") or text.startswith("某县水利局") for text in texts)
    # The indicator cut by the page break ("目标" / "值为≥3.2万人") is one paragraph again.
    assert any("受益农村人口，目标值为≥3.2万人，实际完成3.35万人" in text for text in texts)
    # An item number starts a paragraph of its own.
    assert any(text.startswith("（二）时效指标") for text in texts)


def test_indicators_of_a_wrapped_copy_are_read_across_line_and_page_breaks(tmp_path: Path) -> None:
    record = text_record(tmp_path, *WRAPPED)
    assert ("受益农村人口", "≥3.2万人", "3.35万人") in pairs(record)
    assert ("维修改造供水管网长度", "≥40公里", "42.5公里") in pairs(record)


def test_lines_of_unwrapped_text_stay_paragraphs_of_their_own() -> None:
    lines = ["一、基本情况", "本项目资金用于农村道路养护。", "二、绩效目标完成情况",
             "全年完成养护里程120公里，达到年度目标。", "三、存在问题", "无。"]
    assert len(blocks_from_text("\n".join(lines))) == len(lines)


SPACED_FORM = [
    "项目支出绩效自评表 （2023年度） 项目名称 某市社区养老服务补助资金 主管部门 某市民政局 实施单位 某市民政局"
    " 项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分"
    " 年度资金总额 300.00 320.00 310.40 10 97.00% 9.70"
    " 其中：当年财政拨款 300.00 300.00 290.40 — 96.80% — 上年结转资金 0.00 20.00 20.00 — 100.00% —",
    "绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施"
    " 产出指标（50分） 数量指标 新增助餐点数量 ≥15个 16个 20 20 服务老年人人次 ≥5000人次 4820人次 15 12"
    " 部分助餐点年底才开放；明年提前建设 时效指标 补助发放时限 ≤30日 平均21日 15 15"
    " 满意度指标（10分） 服务对象满意度指标 老年人满意度 ≥90% 94% 10 10 总分 100 96.70",
]


def test_a_form_run_together_with_spaces_between_its_cells_is_read(tmp_path: Path) -> None:
    record = text_record(tmp_path, *SPACED_FORM)
    funds = record.funds
    assert funds.budget_total is not None and funds.budget_total.value == Decimal("320.00")
    assert funds.execution_rate is not None and funds.execution_rate.value == Decimal("97.00")
    assert [(s.name, s.budget.value if s.budget else None) for s in funds.sources] == [
        ("当年财政拨款", Decimal("300.00")), ("上年结转资金", Decimal("20.00"))]
    assert pairs(record) == [("新增助餐点数量", "≥15个", "16个"), ("服务老年人人次", "≥5000人次", "4820人次"),
                             ("补助发放时限", "≤30日", "平均21日"), ("老年人满意度", "≥90%", "94%")]
    # The reason after a row's scores is that row's, not the next row's name.
    assert record.indicators[1].deviation_reason == "部分助餐点年底才开放；明年提前建设"


def test_a_table_part_high_on_its_page_goes_on_when_the_next_page_opens_with_a_blank_cell() -> None:
    edges = [50.0, 120.0, 300.0, 400.0]
    first = PageTable(1, 100, 450, edges, [[Cell("产出指标", 0, 0), Cell("数量指标", 0, 1), Cell("≥10个", 0, 2)]])
    blank = PageTable(2, 60, 200, edges, [[Cell("", 0, 0), Cell("质量指标", 0, 1), Cell("100%", 0, 2)]])
    titled = PageTable(2, 60, 200, edges, [[Cell("项目名称", 0, 0), Cell("某资金", 0, 1), Cell("", 0, 2)]])
    assert continues_table(first, blank, 842)
    assert not continues_table(first, titled, 842)


def test_grids_side_by_side_on_the_same_rows_are_one_table() -> None:
    left = [(50.0, 100.0, 120.0, 120.0), (50.0, 120.0, 120.0, 140.0)]
    right = [(128.0, 100.0, 300.0, 120.0), (128.0, 120.0, 300.0, 140.0)]
    below = [(50.0, 200.0, 300.0, 220.0), (50.0, 220.0, 300.0, 240.0)]
    joined = join_side_by_side([right, below, left])
    assert len(joined) == 2
    assert sorted(joined[0]) == sorted([(50.0, 100.0, 128.0, 120.0), (50.0, 120.0, 128.0, 140.0), *right])
    assert joined[1] == below


EXPORTED_PAGE = """<html><body>
<p align="center"><b>项目支出绩效自评表</b></p>
<p align="center"><span>（</span><span>2021</span><span>年度）</span></p>
<center><table border="1">
<tr><td>项目名称</td><td colspan="3">某县高标准农田建设资金</td></tr>
<tr><td>资金来源</td><td>全年预算数</td><td>全年执行数</td><td>执行率</td></tr>
<tr><td>年度资金总额</td><td>800.00</td><td>780.00</td><td>97.50%</td></tr>
<tr><td>其中：中央财政资金</td><td>600.00</td><td>590.00</td><td>98.33%</td></tr>
<tr><td>省级财政资金</td><td>200.00</td><td>190.00</td><td>95.00%</td></tr>
<tr><td>一级指标</td><td>三级指标</td><td>年度指标值</td><td>实际完成值</td></tr>
<tr><td>产出指标</td><td>新建高标准农田面积</td><td>≥2.5万亩</td><td>2.62万亩</td></tr>
</table></center></body></html>"""

TITLE_IN_TABLE = """<html><body><table border="1">
<tr><td colspan="4">某县2020年度义务教育补助资金绩效自评表</td></tr>
<tr><td colspan="4">（2020年度）</td></tr>
<tr><td>资金来源</td><td>全年预算数</td><td>全年执行数</td><td>执行率</td></tr>
<tr><td>年度资金总额</td><td>500.00</td><td>495.00</td><td>99.00%</td></tr>
</table></body></html>"""


def test_a_table_wrapped_in_center_keeps_the_year_line_above_it(tmp_path: Path) -> None:
    path = tmp_path / "exported.html"
    path.write_text(EXPORTED_PAGE, encoding="utf-8")
    record = extract_file(path)
    assert record.report.fiscal_year == 2021
    assert record.funds.budget_total is not None and record.funds.budget_total.value == Decimal("800.00")


def test_the_year_line_under_a_title_row_inside_the_table_gives_the_year(tmp_path: Path) -> None:
    path = tmp_path / "titled.html"
    path.write_text(TITLE_IN_TABLE.replace("某县2020年度义务教育", "某县义务教育"), encoding="utf-8")
    assert extract_file(path).report.fiscal_year == 2020


def test_nested_word_tables_are_read_as_forms(tmp_path: Path) -> None:
    import docx

    made = docx.Document()
    made.add_paragraph("2023年度部门整体支出绩效自评表")
    outer = made.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "预算执行情况（万元）"
    inner = outer.cell(0, 1).add_table(rows=2, cols=4)
    for col, text in enumerate(["项目", "全年预算数", "全年执行数", "执行率"]):
        inner.cell(0, col).text = text
    for col, text in enumerate(["年度资金总额", "1,412.74", "1,388.72", "98.30%"]):
        inner.cell(1, col).text = text
    path = tmp_path / "nested.docx"
    made.save(str(path))
    record = extract_file(path)
    assert record.funds.budget_total is not None and record.funds.budget_total.value == Decimal("1412.74")
    assert record.funds.execution_rate is not None and record.funds.execution_rate.value == Decimal("98.30")


PROSE_SCORES = [
    "某旗2025年度就业补助资金绩效自评报告",
    "全年预算1156.50万元，实际支出1130.84万元，预算执行率97.78%。预算执行率指标分值10分，自评得分10分。",
    "（一）产出指标（分值50分，得分49分）",
    "1.数量指标：城镇新增就业人数目标值为1200人，实际完成1286人，得10分。",
    "职业技能培训人次目标值为不少于800人次，实际完成742人次，得9分。",
    "三、偏离绩效目标的原因和下一步改进措施",
    "职业技能培训人次实际完成742人次，较目标少58人次，主要原因是部分培训班次延至次年开班。",
    "四、绩效自评结果",
    "经综合评价，本项目绩效自评得分99分，评价等级为“优”。",
]


def test_scores_stated_in_sentences_are_read_and_a_whole_execution_score_is_questioned(tmp_path: Path) -> None:
    record = text_record(tmp_path, *PROSE_SCORES)
    assert record.score is not None
    assert (record.score.execution_max, record.score.execution_score, record.score.total) == (
        Decimal(10), Decimal(10), Decimal(99))
    found = {finding.code: finding for finding in record.findings}
    assert found["execution_score_mismatch"].severity == "warning"
    assert "9.78" in found["execution_score_mismatch"].message


def test_a_level_heading_with_its_points_aside_sets_the_level(tmp_path: Path) -> None:
    record = text_record(tmp_path, *PROSE_SCORES)
    assert {(i.name, i.level1) for i in record.indicators} == {
        ("城镇新增就业人数", "产出指标"), ("职业技能培训人次", "产出指标")}


def test_a_shortfall_told_as_less_than_the_target_gives_the_reason(tmp_path: Path) -> None:
    record = text_record(tmp_path, *PROSE_SCORES)
    short = next(i for i in record.indicators if i.name == "职业技能培训人次")
    assert short.met is False and short.deviation_reason is not None
    assert "unmet_without_reason" not in {finding.code for finding in record.findings}
