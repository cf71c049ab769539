"""Totals of the eighth held-out round (corpus/heldout/round8): which of two stated totals the
report itself used, a 合计 closing a list of sources or of parts, a source named by its level in
brackets, a unit wrapped under a spaced form's header, and a 项目名称 after one space. Each
document is written here; each test fails on the code before these rules.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from documents import text_record

from extractor.models import Record


def _codes(record: Record) -> list[str]:
    return [finding.code for finding in record.findings]


def test_the_total_that_gives_the_stated_rate_is_the_one_reported(tmp_path: Path) -> None:
    record = text_record(
        tmp_path,
        "某县2019年度农村饮水安全工程补助资金绩效自评报告",
        "一、项目概况。2019年全县农村饮水安全工程共安排资金2,563.80万元，惠及12个乡镇。",
        "二、资金情况。全年预算数2,536.80万元，其中中央补助资金1,500万元、省级补助资金700万元、"
        "县级配套资金336.80万元；全年执行数2,485.40万元，预算执行率97.97%。",
    )
    assert record.funds.budget_total is not None and record.funds.executed_total is not None
    assert record.funds.budget_total.yuan == Decimal("25368000")
    assert "execution_rate_mismatch" not in _codes(record)
    assert "sources_sum_mismatch" not in _codes(record)
    assert "cross_reference_mismatch" in _codes(record)  # the two statements still disagree


def test_a_total_stated_twice_keeps_document_order_when_no_rate_decides(tmp_path: Path) -> None:
    record = text_record(
        tmp_path,
        "一、项目概况。2019年全县共安排资金2,563.80万元。",
        "二、资金情况。全年预算数2,536.80万元，全年执行数2,485.40万元。",
    )
    assert record.funds.budget_total is not None
    assert record.funds.budget_total.yuan == Decimal("25638000")


def test_a_sum_closing_the_sources_is_the_budget_and_the_figure_from_above_a_share(tmp_path: Path) -> None:
    record = text_record(
        tmp_path,
        "（二）资金投入情况。2021年上级下达我县农村公路养护补助资金860万元，其中中央资金600万元、"
        "省级资金260万元；县级配套资金140万元；合计1,000万元。全年实际支出985万元，预算执行率98.5%。",
    )
    funds = record.funds
    assert funds.budget_total is not None and funds.budget_total.yuan == Decimal("10000000")
    assert [(s.name, s.budget.yuan if s.budget else None, s.executed) for s in funds.sources] == [
        ("中央资金", Decimal("6000000"), None), ("省级资金", Decimal("2600000"), None),
        ("县级配套资金", Decimal("1400000"), None)]
    assert not {"execution_rate_mismatch", "sources_sum_mismatch", "cross_reference_mismatch"} & set(_codes(record))


def test_a_sum_of_two_budget_figures_is_the_fund_s_total(tmp_path: Path) -> None:
    record = text_record(
        tmp_path,
        "（一）项目概况。2020年我区获得省级文化遗产保护专项资金90万元，区财政安排配套资金20万元，合计110万元。",
        "（二）资金使用情况。资金到位110万元，实际支出104.50万元，预算执行率95%。",
    )
    assert record.funds.budget_total is not None and record.funds.budget_total.yuan == Decimal("1100000")
    # The parts are no statements of the total, so no cross-reference names them.
    assert [s.amount.raw for s in record.funds.statements if s.field == "budget_total" and s.amount] == ["110万元"]
    assert "execution_rate_mismatch" not in _codes(record)
    assert "cross_reference_mismatch" not in _codes(record)


def test_a_source_named_by_its_level_in_brackets_is_that_level_s_source(tmp_path: Path) -> None:
    record = text_record(
        tmp_path,
        "全年预算数500万元，其中中央财政资金400万元、省级财政资金100万元。",
        "资金来源\t全年预算数\t全年执行数",
        "中央财政资金\t400\t390",
        "地方资金（省级）\t100\t95",
    )
    names = [source.name for source in record.funds.sources]
    assert names == ["中央财政资金", "省级财政资金"]
    assert record.funds.sources[1].executed is not None
    assert record.funds.sources[1].executed.yuan == Decimal("950000")


SPACED_FORM = [
    "项目支出绩效自评表",
    "（2023年度）",
    "项目名称 2023年城区公厕运维补助资金",
    "项目资金 年初预算数 全年预算数 全年执行数 分值 执行率 得分",
    "（元）",
    "年度资金总额 820,000.00 860,000.00 851,400.00 10 99.00% 9.9",
    "其中：当年财政拨款 820,000.00 820,000.00 811,400.00 — 98.95% —",
    "上年结转资金 0.00 40,000.00 40,000.00 — 100.00% —",
]


def test_a_unit_wrapped_under_a_spaced_form_s_header_declares_its_figures(tmp_path: Path) -> None:
    record = text_record(tmp_path, *SPACED_FORM)
    assert record.funds.budget_total is not None
    assert record.funds.budget_total.yuan == Decimal("860000")
    assert record.report.fund_name == "2023年城区公厕运维补助资金"


def test_a_table_of_a_department_s_projects_gives_no_sources_and_a_procurement_rate_no_rate(
        tmp_path: Path) -> None:
    record = text_record(
        tmp_path,
        "（二）部门预算情况。2021年度部门调整后全年预算1,520.00万元，实际支出1,488.60万元，预算执行率97.93%。",
        "（三）预算管理情况。政府采购执行率100%，“三公”经费支出6.20万元。",
        "项目名称\t全年预算数（万元）\t执行数（万元）\t执行率",
        "乡村文化振兴\t210.00\t204.80\t97.52%",
        "体育场馆运维\t88.00\t61.60\t70.00%",
        "1.体育场馆运维项目执行率偏低。该项目预算88.00万元，实际支出61.60万元，执行率70.00%。",
    )
    funds = record.funds
    assert funds.sources == []
    assert [s.percent.raw for s in funds.statements if s.field == "execution_rate" and s.percent] == ["97.93%"]
    assert [s.amount.raw for s in funds.statements if s.field == "budget_total" and s.amount] == ["1,520.00万元"]
    assert not {"execution_rate_mismatch", "cross_reference_mismatch"} & set(_codes(record))


def test_a_total_every_source_adds_up_to_makes_an_earlier_share_that_source_s(tmp_path: Path) -> None:
    record = text_record(
        tmp_path,
        "2021年，自治区下达我旗中央财政林业改革发展资金1,200.00万元。自治区配套资金300.00万元。",
        "项目\t全年预算数\t全年执行数\t执行率",
        "年度资金总额\t1,560.00\t1,540.00\t98.72%",
        "其中：中央财政资金\t1,200.00\t1,185.00\t98.75%",
        "自治区资金\t300.00\t300.00\t100.00%",
        "旗县资金\t60.00\t55.00\t91.67%",
    )
    funds = record.funds
    assert funds.budget_total is not None and funds.budget_total.yuan == Decimal("15600000")
    assert [source.name for source in funds.sources] == ["自治区配套资金", "中央财政资金", "旗县资金"]
    assert [s.source for s in funds.statements if s.field == "budget_total" and s.amount
            and s.amount.value == Decimal("1200.00")] == ["中央财政资金", "中央财政资金"]
    assert not {"cross_reference_mismatch", "sources_sum_mismatch"} & set(_codes(record))


def test_an_indicator_excepted_from_a_claim_is_named_and_the_claim_is_the_others(tmp_path: Path) -> None:
    record = text_record(
        tmp_path,
        "三、绩效指标完成情况",
        "本年度共设绩效指标8项，除农机作业补助面积（年度指标值≥12万亩，实际完成值11.4万亩）外，其余指标均达到年度目标。",
    )
    assert [(i.name, i.target.raw, i.actual.raw) for i in record.indicators] == [
        ("农机作业补助面积", "≥12万亩", "11.4万亩")]
    assert "false_completion_claim" not in _codes(record)


def test_a_name_that_itself_starts_with_chu_keeps_it(tmp_path: Path) -> None:
    record = text_record(tmp_path, "质量指标：除结核病外其他传染病报告及时率，指标值≥95%，实际完成值97%。")
    assert [i.name for i in record.indicators] == ["除结核病外其他传染病报告及时率"]
