"""The funds stage on documents built in memory: totals, rate, sources, units and where each was read."""

from __future__ import annotations

from decimal import Decimal

from documents import COVERED, Span, document, quoted, where

from extractor.document import Document
from extractor.extract import extract

C = COVERED

ROAD = document(
    "汉阴县2024年度农村公路养护资金绩效自评报告",
    "一、资金投入情况",
    "2024年度汉阴县农村公路养护资金全年预算数1280.5万元，其中中央财政资金800万元、省级财政资金300.5万元、"
    "县级财政资金180万元。全年执行数1152.45万元，预算执行率90%。",
)

EDUCATION_TABLE = document("紫阳县2024年度城乡义务教育补助经费绩效目标自评表", [
    ["转移支付名称", Span("城乡义务教育补助经费", cols=5), C, C, C, C],
    ["地方主管部门", Span("紫阳县教育体育和科技局", cols=2), C, "地方财政部门", Span("紫阳县财政局", cols=2), C],
    [Span("资金投入情况（万元）", rows=5), Span("", cols=2), C, "全年预算数(A)", "全年执行数(B)", "执行率(B/A)"],
    [C, Span("年度资金总额", cols=2), C, "2456.80", "2398.12", "97.61%"],
    [C, Span("其中：中央财政资金", cols=2), C, "1720.00", "1720.00", "100%"],
    [C, Span("省级财政资金", cols=2), C, "491.36", "468.02", "95.25%"],
    [C, Span("县级财政资金", cols=2), C, "245.44", "210.10", "85.60%"],
])

TOILETS_TABLE = document("景洪市2024年度城区公共厕所提升改造项目支出绩效自评表", [
    ["项目名称", Span("城区公共厕所提升改造项目", cols=7), C, C, C, C, C, C],
    [Span("项目资金（万元）", rows=3), "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    [C, "年度资金总额", "300.00", "345.60", "318.20", "10", "92.07%", "9.21"],
    [C, "其中：当年财政拨款", "300.00", "345.60", "318.20", "—", "—", "—"],
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["产出指标", "数量指标", "改造公共厕所座数", "≥24座", "24座", "90", "87.79", "无"],
    [Span("总分", cols=5), C, C, C, C, "100", "97.00", ""],
    [Span("自评等级", cols=5), C, C, C, C, Span("优", cols=3), C, C],
])


def test_prose_totals_and_rate_with_their_places() -> None:
    funds = extract(ROAD).funds
    assert funds.budget_total is not None and funds.executed_total is not None and funds.execution_rate is not None
    assert (funds.budget_total.value, funds.budget_total.unit, funds.budget_total.yuan) == (
        Decimal("1280.5"), "万元", Decimal(12805000))
    assert (funds.executed_total.raw, funds.executed_total.yuan) == ("1152.45万元", Decimal(11524500))
    assert funds.execution_rate.value == Decimal(90)
    assert where(funds.budget_total.evidence) == (2, None, None, 22, 30)
    assert where(funds.executed_total.evidence) == (2, None, None, 76, 85)
    assert quoted(ROAD, funds.budget_total.evidence) == "1280.5万元"
    assert quoted(ROAD, funds.execution_rate.evidence) == "90%"


def test_sources_listed_after_qizhong_with_their_levels() -> None:
    sources = extract(ROAD).funds.sources
    assert [(s.name, s.kind) for s in sources] == [
        ("中央财政资金", "central"), ("省级财政资金", "provincial"), ("县级财政资金", "county")]
    assert [s.budget.yuan for s in sources if s.budget] == [Decimal(8000000), Decimal(3005000), Decimal(1800000)]
    assert [s.executed for s in sources] == [None, None, None]  # prose states only the budget of each
    assert [quoted(ROAD, s.budget.evidence) for s in sources if s.budget] == ["800万元", "300.5万元", "180万元"]


def test_hundred_million_units_and_district_and_city_sources() -> None:
    made = document(
        "遵义市播州区2023年度城乡居民基本医疗保险补助资金绩效自评报告",
        "2023年度播州区城乡居民基本医疗保险补助资金全年预算总额3.25亿元，其中中央财政资金2.1亿元、"
        "省级财政资金0.65亿元、市级财政资金0.3亿元、区级财政资金0.2亿元。",
        "全年实际执行数3.1亿元，预算执行率95.38%。",
    )
    funds = extract(made).funds
    assert funds.budget_total is not None and funds.executed_total is not None
    assert (funds.budget_total.unit, funds.budget_total.yuan) == ("亿元", Decimal(325000000))
    assert funds.executed_total.yuan == Decimal(310000000) and where(funds.executed_total.evidence) == (
        2, None, None, 7, 12)
    assert [(s.kind, s.budget.yuan if s.budget else None) for s in funds.sources] == [
        ("central", Decimal(210000000)), ("provincial", Decimal(65000000)), ("municipal", Decimal(30000000)),
        ("county", Decimal(20000000))]


def test_yuan_with_thousands_separators_keep_their_digits() -> None:
    made = document(
        "象山县2024年度海洋渔业发展补助资金绩效自评报告",
        "全年预算数1,836,400元，全年执行数1,702,150.50元，预算执行率92.69%。",
    )
    funds = extract(made).funds
    assert funds.budget_total is not None and funds.executed_total is not None
    assert (funds.budget_total.raw, funds.budget_total.unit, funds.budget_total.yuan) == (
        "1,836,400元", "元", Decimal(1836400))
    assert str(funds.executed_total.value) == "1702150.50"  # the trailing zero the report wrote stays
    assert quoted(made, funds.executed_total.evidence) == "1,702,150.50元"


def test_rate_stated_with_wei() -> None:
    made = document("望谟县2024年度农村危房改造补助资金绩效自评报告",
                    "全年预算数为856万元，全年执行数为856万元，预算执行率为100%。")
    funds = extract(made).funds
    assert funds.budget_total is not None and funds.executed_total is not None and funds.execution_rate is not None
    assert funds.budget_total.yuan == funds.executed_total.yuan == Decimal(8560000)
    assert funds.execution_rate.value == Decimal(100)
    assert where(funds.execution_rate.evidence) == (1, None, None, 30, 34)


def test_bracketed_qizhong_sources_of_a_prefecture() -> None:
    made = document(
        "红河州2024年度森林生态效益补偿资金绩效自评报告",
        "本年度全年预算数4120万元（其中：中央财政资金3600万元，州级财政资金520万元）。",
    )
    sources = extract(made).funds.sources
    assert [(s.name, s.kind, s.budget.yuan if s.budget else None) for s in sources] == [
        ("中央财政资金", "central", Decimal(36000000)), ("州级财政资金", "municipal", Decimal(5200000))]


def test_executed_total_after_a_source_list_in_one_sentence() -> None:
    made = document("汉阴县2024年度农村公路养护资金绩效自评报告",
                    "全年预算数1280.5万元，其中中央财政资金800万元、县级财政资金480.5万元，全年执行数1152.45万元。")
    executed = extract(made).funds.executed_total
    assert executed is not None and executed.yuan == Decimal(11524500)


def test_table_totals_in_wan_from_the_header_with_cell_places() -> None:
    funds = extract(EDUCATION_TABLE).funds
    assert funds.budget_total is not None and funds.executed_total is not None and funds.execution_rate is not None
    assert (funds.budget_total.raw, funds.budget_total.unit, funds.budget_total.yuan) == (
        "2456.80", "万元", Decimal(24568000))
    assert where(funds.budget_total.evidence) == (1, 3, 3, 0, 7)
    assert where(funds.executed_total.evidence) == (1, 3, 4, 0, 7)
    assert where(funds.execution_rate.evidence) == (1, 3, 5, 0, 6)
    assert quoted(EDUCATION_TABLE, funds.executed_total.evidence) == "2398.12"


def test_table_sources_with_budget_executed_and_rate() -> None:
    sources = extract(EDUCATION_TABLE).funds.sources
    assert [(s.name, s.kind) for s in sources] == [
        ("中央财政资金", "central"), ("省级财政资金", "provincial"), ("县级财政资金", "county")]
    assert [(s.budget.yuan if s.budget else None, s.executed.yuan if s.executed else None,
             s.execution_rate.value if s.execution_rate else None) for s in sources] == [
        (Decimal(17200000), Decimal(17200000), Decimal(100)),
        (Decimal(4913600), Decimal(4680200), Decimal("95.25")),
        (Decimal(2454400), Decimal(2101000), Decimal("85.60"))]
    places = [where(s.executed.evidence if s.executed else None)[:3] for s in sources]
    assert places == [(1, 4, 4), (1, 5, 4), (1, 6, 4)]


def test_every_table_figure_is_a_statement_for_the_checker() -> None:
    statements = extract(EDUCATION_TABLE).funds.statements
    assert [(s.field, s.source) for s in statements] == [
        ("budget_total", None), ("executed_total", None), ("execution_rate", None),
        *[(field, name) for name in ("中央财政资金", "省级财政资金", "县级财政资金")
          for field in ("budget_total", "executed_total", "execution_rate")]]


def test_scored_project_table_initial_budget_current_year_source_and_score() -> None:
    found = extract(TOILETS_TABLE)
    funds, score = found.funds, found.score
    assert funds.initial_budget is not None and funds.initial_budget.yuan == Decimal(3000000)
    assert funds.budget_total is not None and funds.budget_total.yuan == Decimal(3456000)
    assert where(funds.initial_budget.evidence) == (1, 2, 2, 0, 6)
    assert [(s.name, s.kind, s.execution_rate) for s in funds.sources] == [("当年财政拨款", "current_year", None)]
    assert score is not None and score.execution_rate is not None
    assert (score.execution_max, score.execution_score, score.execution_rate.value) == (
        Decimal(10), Decimal("9.21"), Decimal("92.07"))
    assert (score.total_max, score.total, score.grade) == (Decimal(100), Decimal("97.00"), "优")


def _sources(made: object) -> dict[str, tuple[Decimal | None, Decimal | None]]:
    funds = extract(made).funds  # type: ignore[arg-type]
    return {s.name: (s.budget.yuan if s.budget else None, s.executed.yuan if s.executed else None)
            for s in funds.sources}


def test_levels_that_give_together_state_the_whole_fund() -> None:
    # "中央、省、市三级共安排我市…资金" is the fund's total, not 中央's share of it.
    made = document("泽阳市2021年度林业改革发展资金绩效自评报告",
                    "2021年，中央、省、市三级共安排我市林业改革发展资金38,264,500.00元。其中：中央财政资金"
                    "30,000,000.00元，省级财政资金5,264,500.00元，市级财政资金3,000,000.00元。")
    funds = extract(made).funds
    assert funds.budget_total is not None and funds.budget_total.yuan == Decimal("38264500.00")
    assert _sources(made) == {"中央财政资金": (Decimal("30000000.00"), None),
                              "省级财政资金": (Decimal("5264500.00"), None),
                              "市级财政资金": (Decimal("3000000.00"), None)}


def test_a_bracket_of_budget_changes_names_no_source() -> None:
    made = document("禾丰县2025年度农村公路养护资金绩效自评报告",
                    "2025年安排农村公路养护资金全年预算986.40万元（年初预算900.00万元，年中追加省级补助52.00万元、"
                    "县级配套34.40万元），其中省级补助资金612.00万元，县级配套资金374.40万元。")
    assert _sources(made) == {"省级补助资金": (Decimal("6120000.00"), None),
                              "县级配套资金": (Decimal("3744000.00"), None)}


def test_a_sources_unspent_money_is_not_its_budget() -> None:
    made = document("泽阳市2021年度林业改革发展资金绩效自评报告",
                    "全年预算数3,826.45万元，其中市级财政资金300.00万元。",
                    "三、偏差原因",
                    "市级森林防火项目因招标流标重新采购，市级资金100.00万元结转至2022年。")
    record = extract(made)
    assert [s.budget.yuan for s in record.funds.sources if s.budget] == [Decimal("3000000.00")]
    assert [s.field for s in record.funds.statements if s.source == "市级财政资金"] == ["budget_total"]


def test_a_fund_obtained_is_its_budget_and_a_vehicle_tax_grant_is_central() -> None:
    made = document("宁远县2023年度城乡交通运输一体化补助资金绩效自评报告",
                    "2023年我县共获得城乡交通运输一体化补助资金658.20万元，其中中央车购税补助资金420.00万元、"
                    "省级补助资金150.00万元、县级配套资金88.20万元。")
    funds = extract(made).funds
    assert funds.budget_total is not None and funds.budget_total.yuan == Decimal("6582000.00")
    assert list(_sources(made)) == ["中央车购税补助资金", "省级补助资金", "县级配套资金"]


def test_a_funds_block_flattened_with_spaces_is_read_with_its_score() -> None:
    # The funds rows of a 自评表 pasted with spaces between cells, above its indicator rows.
    made = document(
        "禾丰县2025年度农村公路养护资金项目支出绩效自评表",
        "项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分",
        "年度资金总额 900.00 986.40 958.26 10 97.15% 9.71",
        "其中：省级补助资金 560.00 612.00 612.00 — 100.00% —",
        "县级配套资金 340.00 374.40 346.26 — 92.48% —",
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施",
        "产出指标 数量指标 农村公路日常养护里程 ≥1260公里 1284公里 90 89",
        "总分 100 98.71",
    )
    record = extract(made)
    funds, score = record.funds, record.score
    assert funds.budget_total is not None and funds.budget_total.yuan == Decimal("9864000.00")
    assert funds.initial_budget is not None and funds.initial_budget.yuan == Decimal("9000000.00")
    assert _sources(made) == {"省级补助资金": (Decimal("6120000.00"), Decimal("6120000.00")),
                              "县级配套资金": (Decimal("3744000.00"), Decimal("3462600.00"))}
    assert score is not None and (score.execution_max, score.execution_score) == (Decimal("10"), Decimal("9.71"))


def _narrative_with_table(prose_executed: str, table_total: str) -> Document:
    return document(
        "某县2016年度农田水利资金绩效自评报告",
        f"全年预算1,320.00万元，其中中央财政资金860.00万元、省级财政资金460.00万元。全年实际支出{prose_executed}万元。",
        [[Span("资金投入情况（万元）", rows=4), "", "全年预算数", "全年执行数", "执行率"],
         [C, "年度资金总额", "1320.00", table_total, "94.51%"],
         [C, "其中：中央财政资金", "860.00", "820.16", "95.37%"],
         [C, "省级财政资金", "460.00", "427.40", "92.91%"]],
    )


def test_the_total_the_sources_add_up_to_is_reported_when_prose_and_table_disagree() -> None:
    # The narrative's figure is the wrong one: the table's total is what its sources add up to.
    funds = extract(_narrative_with_table("1,274.56", "1247.56")).funds
    assert funds.executed_total is not None and funds.executed_total.raw == "1247.56"
    assert {s.amount.raw for s in funds.statements if s.field == "executed_total" and s.source is None
            and s.amount is not None} == {"1,274.56万元", "1247.56"}  # both kept for the cross-check
    # The table's total is the wrong one: the narrative's figure, first and confirmed, stays.
    funds = extract(_narrative_with_table("1247.56", "1274.56")).funds
    assert funds.executed_total is not None and funds.executed_total.raw == "1247.56万元"
