"""Phrasings and layouts beyond the corpus, with expectations written by hand.

Each case is a short document in a form real reports use; the assertions name what a careful
reader takes from it. Regressions found while writing them live here too.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from documents import pairs, text_record

from extractor.pipeline import extract_file

DATA = Path(__file__).resolve().parent / "data" / "phrasings"


_record = text_record
_pairs = pairs


@pytest.mark.parametrize(("line", "expected"), [
    ("①享受职业培训补贴人次数，指标值1700，全年实际完成值1722。", ("享受职业培训补贴人次数", "1700", "1722")),
    ("1.培训人次：年度指标值≥1700人次，实际完成1722人次，完成率101.29%。", ("培训人次", "≥1700人次", "1722人次")),
    ("（3）城镇新增就业人数目标值3200人，实际完成3772人", ("城镇新增就业人数", "3200人", "3772人")),
    ("③示范村创建（指标值：12个，实际完成：12个）", ("示范村创建", "12个", "12个")),
    ("⑵接种率，预期指标值不低于95%，实际值96.5%。", ("接种率", "不低于95%", "96.5%")),
    ("群众满意度：指标值：≥90%；完成值：92%", ("群众满意度", "≥90%", "92%")),
    ("培训人次，指标值≥１７００人次，实际完成值１７２２人次。", ("培训人次", "≥１７００人次", "１７２２人次")),
    ("⑴培训人次：计划完成1700人次，实际完成1722人次。", ("培训人次", "1700人次", "1722人次")),
    ("培训人次，目标：≥1700人次，完成：1722人次。", ("培训人次", "≥1700人次", "1722人次")),
    ("③培训人次实际完成1722人次，年度指标值1700人次。", ("培训人次", "1700人次", "1722人次")),
])
def test_prose_indicator_phrasings(tmp_path: Path, line: str, expected: tuple[str, str, str]) -> None:
    record = _record(tmp_path, "一、绩效目标完成情况", "产出指标", "数量指标", line)
    assert _pairs(record) == [expected]
    assert record.indicators[0].met is True


def test_several_indicators_in_one_paragraph(tmp_path: Path) -> None:
    record = _record(tmp_path,
                     "1.数量指标：养护里程目标值≥1200公里，实际完成1236公里；危桥改造数量目标值8座，实际完成7座。")
    assert _pairs(record) == [("养护里程", "≥1200公里", "1236公里"), ("危桥改造数量", "8座", "7座")]
    assert [i.met for i in record.indicators] == [True, False]
    assert {i.level2 for i in record.indicators} == {"数量指标"}
    # Only what is written: the 二级 heading implies 产出指标, but the report did not write it.
    assert {i.level1 for i in record.indicators} == {None}


def test_stated_completion_rate_is_kept(tmp_path: Path) -> None:
    record = _record(tmp_path, "1.培训人次：年度指标值≥1700人次，实际完成1722人次，完成率101.29%。")
    rate = record.indicators[0].completion_rate
    assert rate is not None and rate.value == Decimal("101.29")


def test_prose_report_with_unusual_fund_wording() -> None:
    record = extract_file(DATA / "prose_road_2024.txt")
    funds = record.funds
    assert funds.budget_total is not None and funds.budget_total.raw == "1,520.00万元"
    assert funds.budget_total.yuan == Decimal(15200000)
    assert funds.executed_total is not None and funds.executed_total.value == Decimal("1482.36")
    assert [(s.name, s.kind) for s in funds.sources] == [
        ("中央补助资金", "central"), ("省级补助资金", "provincial"), ("县级配套资金", "county")]
    assert len(record.indicators) == 6
    satisfaction = record.indicators[-1]
    # a 满意度指标 heading with no 二级 under it: the 二级 is not written, so none is given
    assert (satisfaction.level1, satisfaction.level2) == ("满意度指标", None)
    assert [f.code for f in record.findings] == []


def test_tab_table_with_fund_rows_and_levels_left_empty() -> None:
    record = extract_file(DATA / "table_eldercare_2023.txt")
    funds = record.funds
    assert funds.budget_total is not None and (funds.budget_total.raw, funds.budget_total.unit) == ("520.5", "万元")
    assert funds.initial_budget is not None and funds.initial_budget.value == Decimal(500)
    assert [(s.name, s.kind) for s in funds.sources] == [("财政拨款", "current_year"), ("其他资金", "other")]
    assert [(i.level1, i.level2, i.name) for i in record.indicators][:2] == [
        ("产出指标", "数量指标", "服务老年人人次"), ("产出指标", "数量指标", "新建服务站点数")]
    station = record.indicators[1]
    assert station.met is False and station.deviation_reason == "选址调整，1个站点延至次年建成"
    complaints = record.indicators[2]
    assert (complaints.target.op, complaints.met) == ("<=", True)
    assert record.findings == []


def test_amounts_listed_respectively(tmp_path: Path) -> None:
    record = _record(tmp_path, "2024年度某县养老服务补助资金年初预算数、全年预算数、全年执行数"
                               "分别为500、520.5、498.3万元，预算执行率95.73%。")
    funds = record.funds
    assert funds.initial_budget is not None and (funds.initial_budget.raw, funds.initial_budget.unit) == ("500", "万元")
    assert funds.budget_total is not None and funds.budget_total.yuan == Decimal(5205000)
    assert funds.executed_total is not None and funds.executed_total.raw == "498.3万元"
    assert [f.code for f in record.findings if f.code == "execution_rate_mismatch"] == []


def test_two_totals_listed_respectively(tmp_path: Path) -> None:
    record = _record(tmp_path, "全年预算数和执行数分别为6359.55万元和5061.56万元，预算执行率79.59%。")
    assert record.funds.budget_total is not None and record.funds.budget_total.raw == "6359.55万元"
    assert record.funds.executed_total is not None and record.funds.executed_total.raw == "5061.56万元"


def test_indicator_table_with_other_header_words(tmp_path: Path) -> None:
    record = _record(
        tmp_path,
        "2023年度某区农村饮水安全巩固提升资金绩效自评表",
        "一级指标\t二级指标\t指标内容\t年度目标\t完成情况\t偏差原因",
        "产出指标\t数量指标\t维修供水工程处数\t≥20处\t22处\t",
        "\t质量指标\t水质达标率\t≥95%\t93.5%\t部分水源枯水期浊度偏高",
    )
    assert [(i.level1, i.level2, i.name, i.target.raw, i.actual.raw, i.met) for i in record.indicators] == [
        ("产出指标", "数量指标", "维修供水工程处数", "≥20处", "22处", True),
        ("产出指标", "质量指标", "水质达标率", "≥95%", "93.5%", False),
    ]
    assert record.indicators[1].deviation_reason == "部分水源枯水期浊度偏高"


@pytest.mark.parametrize("line", [
    "⑴数量指标：①营造林面积，目标值1.2万亩，实际完成1.25万亩；②森林抚育面积，目标值5000亩，实际完成4800亩。",
    "数量指标方面：一是营造林面积，目标值1.2万亩，实际完成1.25万亩，二是森林抚育面积，目标值5000亩，实际完成4800亩。",
])
def test_several_indicators_each_with_a_comma_before_its_label(tmp_path: Path, line: str) -> None:
    record = _record(tmp_path, "产出指标", line)
    assert _pairs(record) == [("营造林面积", "1.2万亩", "1.25万亩"), ("森林抚育面积", "5000亩", "4800亩")]
    assert {(i.level1, i.level2) for i in record.indicators} == {("产出指标", "数量指标")}


@pytest.mark.parametrize(("heading", "levels"), [
    ("产出指标——数量指标", ("产出指标", "数量指标")),
    ("（二）效益指标-社会效益指标", ("效益指标", "社会效益指标")),
    ("成本指标——经济成本指标", ("成本指标", "经济成本指标")),
])
def test_heading_naming_both_levels(tmp_path: Path, heading: str, levels: tuple[str, str]) -> None:
    record = _record(tmp_path, heading, "1.服务人次，指标值100人次，实际完成120人次。")
    assert [(i.level1, i.level2) for i in record.indicators] == [levels]


@pytest.mark.parametrize(("sources", "kinds"), [
    ("中央补助资金600万元、省级配套资金300万元、市县资金100万元", ["central", "provincial", "municipal_county"]),
    ("中央资金600万元、区级配套资金300万元、区本级资金100万元", ["central", "county", "county"]),
])
def test_source_names_of_other_levels_add_up(tmp_path: Path, sources: str, kinds: list[str]) -> None:
    record = _record(tmp_path, f"全年预算数1000万元，其中{sources}。全年执行数900万元，预算执行率90.00%。")
    assert [s.kind for s in record.funds.sources] == kinds
    assert not [f for f in record.findings if f.code == "sources_sum_mismatch"]


def test_funds_table_reads_past_a_source_row_it_has_no_kind_for(tmp_path: Path) -> None:
    record = _record(tmp_path,
                     "2024年度示例转移支付区域绩效自评表",
                     "资金投入情况（万元）\t\t全年预算数（A）\t全年执行数（B）\t执行率",
                     "\t部门预算总额\t1000\t900\t90.00%",
                     "\t其中：中央财政资金\t600\t550\t91.67%",
                     "\t专项债券资金\t300\t260\t86.67%",
                     "\t市县资金\t100\t90\t90.00%")
    assert record.funds.budget_total is not None and record.funds.budget_total.raw == "1000"
    assert [(s.name, s.kind) for s in record.funds.sources] == [
        ("中央财政资金", "central"), ("专项债券资金", "other"), ("市县资金", "municipal_county")]
    assert not [f for f in record.findings if f.code == "sources_sum_mismatch"]


def test_indicator_in_prose_and_scored_table_keeps_the_table_scores(tmp_path: Path) -> None:
    record = _record(tmp_path,
                     "二、绩效指标完成情况",
                     "产出指标",
                     "数量指标",
                     "1.新建停车场数量，指标值4个，实际完成4个。",
                     "附件：项目支出绩效自评表",
                     "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
                     "产出指标\t数量指标\t新建停车场数量\t4个\t4个\t20\t20\t",
                     "总分\t\t\t\t\t100\t20\t")
    assert [(i.name, i.max_score, i.score) for i in record.indicators] == [
        ("新建停车场数量", Decimal(20), Decimal(20))]
    assert not [f for f in record.findings if f.code == "score_sum_mismatch"]


@pytest.mark.parametrize(("cells", "warned"), [(("300.00万元", "348.60万元"), False), (("300.00", "348.60"), True)])
def test_unit_assumed_only_for_bare_amounts(tmp_path: Path, cells: tuple[str, str], warned: bool) -> None:
    record = _record(tmp_path,
                     "项目资金\t全年预算数\t全年执行数\t执行率",
                     f"年度资金总额\t{cells[0]}\t{cells[1]}\t116.20%")
    assert record.funds.budget_total is not None and record.funds.budget_total.yuan == Decimal(3000000)
    assert ("unit_assumed" in [w.code for w in record.warnings]) is warned


def test_rates_per_thousand_are_compared(tmp_path: Path) -> None:
    record = _record(tmp_path, "产出指标", "质量指标", "①森林火灾受害率，年度指标值≤0.9‰，实际完成0.12‰。")
    [found] = record.indicators
    assert (found.target.op, found.target.number, found.target.unit) == ("<=", Decimal("0.9"), "‰")
    assert found.met is True


@pytest.mark.parametrize(("paragraph", "budget", "executed", "sources"), [
    ("全年预算数3319万元，其中：中央资金2000万元，省级资金800万元，市级资金300万元，县级配套219万元。全年执行数3000万元。",
     "3319万元", "3000万元", [("县级配套", "county", "219万元")]),
    ("本年度共安排城乡医疗救助补助资金1,580.6万元，其中当年下达资金1,460万元，上年结转资金120.6万元。累计支出1,500万元。",
     "1,580.6万元", "1,500万元", [("当年下达资金", "current_year", "1,460万元")]),
    ("全年到位资金2122万元。截至12月31日，已拨付资金1,987.30万元。", "2122万元", "1,987.30万元", []),
    ("全年预算数3000万元，全年执行数2860万元。其中中央财政资金2000万元，地方财政资金1000万元。",
     "3000万元", "2860万元", [("中央财政资金", "central", "2000万元")]),
])
def test_funds_paragraph_wordings(tmp_path: Path, paragraph: str, budget: str, executed: str,
                                  sources: list[tuple[str, str, str]]) -> None:
    record = _record(tmp_path, paragraph)
    funds = record.funds
    assert funds.budget_total is not None and funds.budget_total.raw == budget
    assert funds.executed_total is not None and funds.executed_total.raw == executed
    listed = {(s.name, s.kind, s.budget.raw if s.budget else None) for s in funds.sources}
    assert set(sources) <= listed
    assert all(s.executed is None for s in funds.sources)  # the lists are budgets
    assert not [f for f in record.findings if f.code in ("sources_sum_mismatch", "cross_reference_mismatch")]


@pytest.mark.parametrize(("stated", "finding"), [("95.60%", False), ("95.66%", True)])
def test_rate_written_with_its_figures(tmp_path: Path, stated: str, finding: bool) -> None:
    record = _record(tmp_path, "全年预算数12,345,678.90元，全年执行数11,802,356.48元。"
                               f"预算执行率=执行数/预算数=11,802,356.48/12,345,678.90×100%={stated}。",
                     "产出指标", "①补助发放金额，指标值3,600,000元，实际完成3,652,400元，"
                                 "完成率=3,652,400/3,600,000×100%=101.46%。")
    assert record.funds.execution_rate is not None and record.funds.execution_rate.raw == stated
    rate = record.indicators[0].completion_rate
    assert rate is not None and rate.value == Decimal("101.46")
    assert ("execution_rate_mismatch" in [f.code for f in record.findings]) is finding


def test_rates_of_spending_parts_are_not_the_total(tmp_path: Path) -> None:
    record = _record(tmp_path, "本局年初预算5236.40万元，调整预算5871.25万元，决算支出5698.12万元，预算执行率97.05%。"
                               "其中，基本支出年初预算2310.00万元，调整预算2398.60万元，决算支出2390.45万元，执行率99.66%；"
                               "项目支出年初预算2926.40万元，调整预算3472.65万元，决算支出3307.67万元，执行率95.25%。")
    assert record.funds.execution_rate is not None and record.funds.execution_rate.raw == "97.05%"
    assert not [f for f in record.findings if f.code in ("execution_rate_mismatch", "cross_reference_mismatch")]


def test_score_rows_of_two_tables_make_one_score(tmp_path: Path) -> None:
    score = _record(tmp_path,
                     "项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
                     "年度资金总额\t100\t100\t95\t10\t95.00%\t9.50",
                     "年度总体目标完成情况见下表。",
                     "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
                     "产出指标\t数量指标\t新建停车场数量\t4个\t4个\t90\t90\t",
                     "总分\t\t\t\t\t100\t99.60\t",
                     "自评等级\t优").score
    assert score is not None
    assert (score.execution_score, score.total, score.grade) == (Decimal("9.50"), Decimal("99.60"), "优")


@pytest.mark.parametrize("lines", [
    ("韶关市浈江区2023年度农村公路养护补助资金绩效自", "评报告", "一、基本情况"),
    ("韶关市浈江区2023年度农村公路养护补助资金绩效自评报告填报单位：浈江区交通运输局　填报日期：2024年3月1日",),
])
def test_title_as_a_pdf_breaks_or_joins_it(tmp_path: Path, lines: tuple[str, ...]) -> None:
    record = _record(tmp_path, *lines)
    assert record.report.title == "韶关市浈江区2023年度农村公路养护补助资金绩效自评报告"
    assert record.report.region == "韶关市浈江区"


def test_a_source_named_two_ways_is_one_source(tmp_path: Path) -> None:
    record = _record(tmp_path,
                     "全年预算9,876,500元，其中中央财政资金6,125,000元、省级财政资金2,051,500元、县级财政资金1,700,000元。",
                     "附件：资金情况表（单位：万元）",
                     "资金来源\t全年预算数\t全年执行数\t执行率",
                     "年度资金总额\t987.65\t940.63\t95.24%",
                     "其中：中央财政资金\t612.50\t598.20\t97.67%",
                     "省级资金\t205.15\t190.43\t92.82%",
                     "县级资金\t170.00\t152.00\t89.41%")
    assert [s.kind for s in record.funds.sources] == ["central", "provincial", "county"]
    assert not [f for f in record.findings if f.code == "sources_sum_mismatch"]


def test_the_source_the_whole_fund_comes_from_is_no_part(tmp_path: Path) -> None:
    record = _record(tmp_path, "全年预算18500万元，全部为中央财政资金，全年执行18236.4万元，执行率98.58%。")
    assert record.funds.executed_total is not None and record.funds.executed_total.raw == "18236.4万元"


def test_a_shortfall_of_the_funds_is_not_an_indicators(tmp_path: Path) -> None:
    record = _record(tmp_path, "全年预算数100万元，全年执行数90万元，执行率90.00%。", "产出指标",
                     "①新建站点数，指标值10个，实际完成10个。", "三、偏离绩效目标的原因和下一步改进措施",
                     "项目支出执行率未达到100%，主要是部分项目尾款待竣工决算审计后支付。")
    assert not [f for f in record.findings if f.code == "unmet_reason_for_met"]


def test_indicator_table_of_another_layout(tmp_path: Path) -> None:
    record = _record(tmp_path,
                     "2024年度示例县垃圾分类项目绩效自评表",
                     "序号\t绩效指标\t年度指标值(%)\t实际完成值(%)\t权重\t得分",
                     "一、产出指标\t\t\t\t\t",
                     "1\t垃圾分类覆盖率\t≥95\t96.3\t60\t60",
                     "二、满意度指标\t\t\t\t\t",
                     "2\t居民满意度\t≥90\t88\t40\t40",
                     "合计\t\t\t\t100\t100\t自评等级：优")
    assert [(i.level1, i.name, i.target.unit, i.max_score) for i in record.indicators] == [
        ("产出指标", "垃圾分类覆盖率", "%", Decimal(60)), ("满意度指标", "居民满意度", "%", Decimal(40))]
    assert record.score is not None and (record.score.total, record.score.grade) == (Decimal(100), "优")
    assert {f.code for f in record.findings if f.code != "missing_core_figure"} == {
        "unmet_without_reason", "unmet_full_score"}


def test_a_shortfall_names_its_indicator_shortened(tmp_path: Path) -> None:
    record = _record(tmp_path, "产出指标", "数量指标", "①享受就业见习补贴人数，指标值150人，全年实际完成值128人。",
                     "②农村公共厕所建设数量，指标值40座，全年实际完成值40座。",
                     "三、偏离绩效目标的原因和下一步改进措施",
                     "见习补贴人数未达标，主要原因是见习岗位不足。公厕建设数量未完成，主要原因是选址调整。")
    unmet, met = record.indicators
    assert unmet.deviation_reason == "见习补贴人数未达标，主要原因是见习岗位不足。"
    assert met.met is True and met.deviation_reason is None
    [finding] = [f for f in record.findings if f.code == "unmet_reason_for_met"]
    assert (finding.stated, finding.computed) == ("40座", "40座")  # the met one said to fall short
    assert not [f for f in record.findings if f.code == "unmet_without_reason"]


def test_goals_paragraph_is_no_indicator_and_survey_results_are_actuals(tmp_path: Path) -> None:
    record = _record(tmp_path, "２０２０年度澄城县医疗救助补助资金绩效自评报告",
                     "年度绩效目标：完成农村危房改造1100户。完成情况：全年完成1100户。",
                     "满意度指标", "①补贴对象满意度，指标值≥90%，满意度调查结果为96.5%。")
    assert [(i.name, i.actual.raw) for i in record.indicators] == [("补贴对象满意度", "96.5%")]
    assert record.report.fund_name == "医疗救助补助资金"


def test_funds_and_indicators_in_one_paragraph_with_levels_inline(tmp_path: Path) -> None:
    record = _record(tmp_path, "二、绩效目标实现情况：全年预算数1,468.2万元，全年执行数1,421.63万元，执行率96.83%，"
                               "其中中央财政资金1,120万元、省级财政资金268.2万元、区级财政资金80万元；产出指标方面，"
                               "数量指标：农村危房改造户数，指标值≥620户，全年实际完成值634户；抗震改造户数，指标值≥150户，"
                               "全年实际完成值150户；满意度指标：改造户满意度，指标值≥90%，全年实际完成值96.5%。")
    assert [(i.level1, i.level2, i.name) for i in record.indicators] == [
        ("产出指标", "数量指标", "农村危房改造户数"), ("产出指标", "数量指标", "抗震改造户数"),
        ("满意度指标", None, "改造户满意度")]
    assert len(record.funds.sources) == 3 and not record.findings


def test_sources_in_a_paragraph_of_their_own(tmp_path: Path) -> None:
    record = _record(tmp_path, "（一）资金安排情况。全年预算数3319万元，全年执行数3153.05万元，预算执行率95.00%。",
                     "（二）资金来源。其中：中央财政资金2400万元，省级财政资金650万元，区级财政资金269万元。")
    assert [(s.kind, s.budget.raw if s.budget else None) for s in record.funds.sources] == [
        ("central", "2400万元"), ("provincial", "650万元"), ("county", "269万元")]
    assert not [f for f in record.findings if f.code == "sources_sum_mismatch"]


@pytest.mark.parametrize("line", [
    "①指标名称：购置学生课桌椅；年度目标：≥3200套；实际完成：3050套。",
    "①购置学生课桌椅；年度目标：≥3200套；实际完成：3050套。",
])
def test_indicator_fields_separated_by_semicolons(tmp_path: Path, line: str) -> None:
    record = _record(tmp_path, "产出指标", "数量指标", line)
    assert _pairs(record) == [("购置学生课桌椅", "≥3200套", "3050套")]


def test_indicator_fields_on_lines_of_their_own(tmp_path: Path) -> None:
    record = _record(tmp_path, "产出指标", "数量指标",
                     "1.指标名称：购置学生课桌椅", "年度目标：≥3200套", "实际完成：3050套", "完成情况：未完成",
                     "2.指标名称：新建食堂", "年度目标：2个", "实际完成：2个", "完成情况：已完成")
    assert _pairs(record) == [("购置学生课桌椅", "≥3200套", "3050套"), ("新建食堂", "2个", "2个")]
    assert [i.met for i in record.indicators] == [False, True]
