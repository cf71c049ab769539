"""Layouts and wordings a blind set of reports showed the extractor missing, each on a document
written here: a form run together line by line, labels under a one-cell-per-line table, a table
that carries its title and units in its cells, prose phrasings of targets and actuals, a 偏差原因
heading that goes on with the reasons, and a claim that names its own shortfall."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from documents import COVERED, Span, document, pairs, text_record

from extractor.models import Record
from extractor.pipeline import record_from_document

_record = text_record
_pairs = pairs


def _codes(record: Record) -> list[str]:
    return sorted(f.code for f in record.findings if f.severity == "error")


ROWS_RUN_TOGETHER = [
    "大方县2022年度残疾人两项补贴资金绩效自评表",
    "转移支付区域绩效自评表（2022年度）",
    "转移支付（项目）名称残疾人两项补贴资金",
    "地方主管部门大方县民政局资金使用单位大方县民政局",
    "资金投入情况（万元）全年预算数（A）全年执行数（B）执行率（B/A）",
    "年度资金总额1986.401932.1797.72%",
    "其中：中央财政资金1205.001205.00100.00%",
    "省级资金462.60462.60100.00%",
    "县级资金318.80264.5782.99%",
    "其他资金（含以前年度结转）0.000.00",
    "总体目标完成情况总体目标全年实际完成情况",
    "按月足额发放两项补贴，保障残疾人基本生活。全年为14862名困难残疾人按月发放补贴。",
    "绩效指标一级指标二级指标三级指标指标值全年实际完成值未完成原因和改进措施",
    "产出指标数量指标困难残疾人生活补贴人数≥14500人14862人",
    "重度残疾人护理补贴人数≥16800人17235人",
    "质量指标补贴对象认定准确率≥98%99.6%",
    "效益指标社会效益指标符合条件残疾人两项补贴覆盖率≥95%97.8%",
    "满意度指标服务对象满意度指标补贴对象满意度≥90%95.2%",
]


def test_form_whose_rows_ran_together_line_by_line(tmp_path: Path) -> None:
    record = _record(tmp_path, *ROWS_RUN_TOGETHER)
    funds = record.funds
    assert funds.budget_total is not None and funds.budget_total.yuan == Decimal(19864000)
    # 1932.17 and 97.72%, not 1932.1 and 797.72%: one row's amounts share their precision, and no
    # fund is spent eight times over. The stated rate is wrong (1932.17 / 1986.40 = 97.27%).
    assert funds.executed_total is not None and funds.executed_total.raw == "1932.17"
    assert funds.execution_rate is not None and funds.execution_rate.raw == "97.72%"
    assert [(s.name, s.executed.yuan if s.executed else None) for s in funds.sources] == [
        ("中央财政资金", Decimal(12050000)), ("省级资金", Decimal(4626000)), ("县级资金", Decimal(2645700)),
        ("其他资金（含以前年度结转）", Decimal(0))]
    assert [(i.level1, i.level2, i.name, i.target.raw, i.actual.raw) for i in record.indicators] == [
        ("产出指标", "数量指标", "困难残疾人生活补贴人数", "≥14500人", "14862人"),
        ("产出指标", "数量指标", "重度残疾人护理补贴人数", "≥16800人", "17235人"),
        ("产出指标", "质量指标", "补贴对象认定准确率", "≥98%", "99.6%"),
        ("效益指标", "社会效益指标", "符合条件残疾人两项补贴覆盖率", "≥95%", "97.8%"),
        ("满意度指标", "服务对象满意度指标", "补贴对象满意度", "≥90%", "95.2%")]
    second = record.indicators[1].actual.evidence
    assert second is not None and second.block == ROWS_RUN_TOGETHER.index("重度残疾人护理补贴人数≥16800人17235人")
    assert second.text == "17235人"  # evidence names the line the cell stands on
    assert _codes(record) == ["execution_rate_mismatch"]


def test_prose_in_short_lines_naming_form_words_is_no_form(tmp_path: Path) -> None:
    record = _record(tmp_path, "二、绩效情况分析", "（一）资金投入情况分析。",
                     "2023年共下达我县残疾人事业发展补助资金29.6万元,执行数29.6万,执行率100%。",
                     "（二）绩效指标完成情况分析。",
                     "产出数量指标:康复服务比例年初指标值为不低于85%,全年实际完成值100%。",
                     "一级指标二级指标三级指标都已按计划完成。")
    assert record.funds.budget_total is not None and record.funds.budget_total.yuan == Decimal(296000)
    assert _pairs(record) == [("康复服务比例", "不低于85%", "100%")]


def test_a_label_line_under_a_one_cell_per_line_table_is_no_row(tmp_path: Path) -> None:
    cells = ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "产出指标", "数量指标", "新建产业路",
             "≥12公里", "12.6公里", "满意度指标", "服务对象满意度指标", "受益群众满意度", "≥95%", "97.3%"]
    record = _record(tmp_path, "榕江县2025年度衔接资金项目绩效自评表", *cells, "相关附件：",
                     "榕江县衔接资金项目绩效自评表.xlsx")
    assert [i.name for i in record.indicators] == ["新建产业路", "受益群众满意度"]


def test_a_table_with_its_title_and_units_in_cells() -> None:
    made = document([
        ["2021年度渔业发展补助资金绩效自评表"],
        ["填报单位：徐闻县农业农村局（盖章）", "单位：元"],
        ["项目名称", "2021年度渔业发展补助资金"],
        ["主管部门", "湛江市农业农村局", "实施单位", "徐闻县农业农村局"],
        ["资金来源", "预算安排数", "实际到位数", "实际支出数", "执行率"],
        ["合计", "4,286,500.00", "4,286,500.00", "4,223,920.50", "98.54%"],
        ["中央财政资金", "3,150,000.00", "3,150,000.00", "3,087,420.50", "98.01%"],
        ["省级财政资金", "1,136,500.00", "1,136,500.00", "1,136,500.00", "100.00%"],
    ])
    record = record_from_document(made)
    report = record.report
    assert (report.title, report.fiscal_year) == ("2021年度渔业发展补助资金绩效自评表", 2021)
    assert report.region == "徐闻县"  # the unit that spends and reports, not the city over it
    funds = record.funds
    assert funds.budget_total is not None and funds.budget_total.yuan == Decimal("4286500.00")
    assert funds.executed_total is not None and funds.executed_total.yuan == Decimal("4223920.50")
    assert _codes(record) == []


def test_an_amount_label_names_no_fund(tmp_path: Path) -> None:
    record = _record(tmp_path, "沂南县2019年度中央补助地方公共文化服务体系建设专项资金绩效自评报告",
                     "全年下达资金612.00万元，全部到位，实际支出599.92万元，执行率98.03%。")
    assert record.report.fund_name == "中央补助地方公共文化服务体系建设专项资金"
    assert record.funds.budget_total is not None and record.funds.budget_total.yuan == Decimal(6120000)


def test_targets_and_actuals_in_more_words(tmp_path: Path) -> None:
    record = _record(
        tmp_path, "三、绩效指标完成情况",
        "（3）失能半失能特困人员集中供养率：预期达到60%，完成63.2%。",
        "（10）照料护理服务覆盖率：计划≥85%，实际88.4%。",
        "（4）成本指标。校舍改造单位造价预期控制在≤2800元/平方米，实际为2650元/平方米。",
        "（2）可持续影响指标。学校基本办学条件持续改善，目标为长期有效，实际完成情况为长期有效。",
        "教师满意度目标值≥90%，调查结果实际达到92.7%。",
        "甲乙类传染病报告发病率指标值≤280/10万，实际完成值241.7/10万。",
        "年度总体目标", "预期目标：按时足额发放两项补贴。", "实际完成：全年按月足额发放。")
    assert _pairs(record) == [
        ("失能半失能特困人员集中供养率", "60%", "63.2%"), ("照料护理服务覆盖率", "≥85%", "88.4%"),
        ("校舍改造单位造价", "≤2800元/平方米", "2650元/平方米"), ("学校基本办学条件持续改善", "长期有效", "长期有效"),
        ("教师满意度", "≥90%", "92.7%"), ("甲乙类传染病报告发病率", "≤280/10万", "241.7/10万")]
    assert [i.met for i in record.indicators] == [True, True, True, None, True, True]


def test_sources_named_with_their_fund_and_a_budget_called_project_budget(tmp_path: Path) -> None:
    record = _record(tmp_path, "（一）资金到位情况。2019年项目预算2500.00万元，其中：中央水利发展资金1500.00万元，"
                     "省级水利发展资金820.00万元，县级配套资金180.00万元。")
    assert record.funds.budget_total is not None and record.funds.budget_total.yuan == Decimal(25000000)
    assert [s.name for s in record.funds.sources] == ["中央水利发展资金", "省级水利发展资金", "县级配套资金"]


def test_reasons_after_the_heading_in_its_paragraph_are_read(tmp_path: Path) -> None:
    record = _record(tmp_path, "三、绩效指标完成情况", "粪肥还田利用面积目标值20万亩，完成值20.3万亩。",
                     "带动有机肥销售收入目标值1200万元，完成值1085万元。",
                     "5.偏差原因。一是带动有机肥销售收入未达到预期，主要原因是生产线推迟投产；二是粪肥还田利用面积完成情况"
                     "不理想，主要原因是秋季降雨偏多。")
    codes = {f.code for f in record.findings}
    assert "unmet_reason_for_met" in codes  # 20.3万亩 met its 20万亩, yet a shortfall is explained
    assert "unmet_without_reason" not in codes  # the reason for 有机肥销售收入 is read


def test_a_claim_that_names_its_own_shortfall_is_not_false(tmp_path: Path) -> None:
    record = _record(tmp_path, "三、绩效指标完成情况", "严重精神障碍患者规范管理率指标值≥80%，实际完成值78.6%。",
                     "适龄儿童免疫规划疫苗接种率指标值≥90%，实际完成值96.2%。",
                     "总体来看，免疫规划等主要指标均达到年度目标，严重精神障碍患者规范管理率未达到年度目标。")
    assert "false_completion_claim" not in {f.code for f in record.findings}


def test_the_same_indicator_spaced_differently_is_one(tmp_path: Path) -> None:
    record = _record(tmp_path, "发放高龄津贴人数：年度指标值≥ 9800人，实际完成10126人。",
                     "二级指标\t三级指标\t指标值\t实际完成值", "数量指标\t发放高龄津贴人数\t≥9800人\t10126人")
    assert [(i.name, i.level2) for i in record.indicators] == [("发放高龄津贴人数", "数量指标")]


def test_a_table_saved_as_csv_with_every_cell_quoted(tmp_path: Path) -> None:
    record = _record(
        tmp_path, '"仪陇县2022年度农机购置补贴资金绩效自评表","","",""',
        '"资金投入情况（万元）","全年预算数（A）","全年执行数（B）","执行率（B/A）"',
        '"年度资金总额","1,862.40","1,796.55","96.46%"', '"其中：中央财政资金","1,750.00","1,689.15","96.52%"',
        '"地方资金","112.40","107.40","95.55%"',
        '"一级指标","二级指标","三级指标","指标值","全年实际完成值"',
        '"产出指标","数量指标","补贴机具数量","≥2600台（套）","2714台（套）"',
        '"","","受益农户数","≥1900户","2036户"')
    assert record.funds.budget_total is not None and record.funds.budget_total.yuan == Decimal(18624000)
    assert [s.name for s in record.funds.sources] == ["中央财政资金", "地方资金"]
    assert [(i.level1, i.name, i.actual.raw) for i in record.indicators] == [
        ("产出指标", "补贴机具数量", "2714台（套）"), ("产出指标", "受益农户数", "2036户")]


def test_bulleted_indicators_under_bulleted_levels(tmp_path: Path) -> None:
    record = _record(tmp_path, "三、绩效目标完成情况", "（一）产出指标", "■ 数量指标",
                     "  ● 棚户区改造开工套数：目标420套，完成398套", "■ 质量指标",
                     "  ● 租赁补贴发放准确率：目标≥98%，完成99.4%", "（二）效益指标", "■ 可持续影响指标",
                     "  ● 保障性住房后续管理机制：目标逐步健全，完成基本健全")
    assert [(i.level1, i.level2, i.name, i.target.raw, i.actual.raw) for i in record.indicators] == [
        ("产出指标", "数量指标", "棚户区改造开工套数", "420套", "398套"),
        ("产出指标", "质量指标", "租赁补贴发放准确率", "≥98%", "99.4%"),
        ("效益指标", "可持续影响指标", "保障性住房后续管理机制", "逐步健全", "基本健全")]


def test_a_budget_adjusted_during_the_year(tmp_path: Path) -> None:
    record = _record(
        tmp_path, "（二）预算安排及调整情况。年初预算安排大气污染防治资金2,150.00万元。年中调增386.50万元（其中中央资金"
        "300.00万元、省级资金86.50万元），调整后全年预算数为2,536.50万元。",
        "全年执行2,468.17万元，执行率97.31%。分来源情况如下（单位：万元）：",
        "资金来源\t年初预算数\t调整预算数\t全年预算数\t全年执行数\t执行率",
        "年度资金总额\t2,150.00\t386.50\t2,536.50\t2,468.17\t97.31%",
        "其中：中央资金\t1,500.00\t300.00\t1,800.00\t1,762.35\t97.91%",
        "省级资金\t650.00\t86.50\t736.50\t705.82\t95.83%")
    funds = record.funds
    assert funds.initial_budget is not None and funds.initial_budget.yuan == Decimal(21500000)
    assert funds.budget_total is not None and funds.budget_total.yuan == Decimal(25365000)
    assert [(s.name, s.budget.yuan if s.budget else None) for s in funds.sources] == [
        ("中央资金", Decimal(18000000)), ("省级资金", Decimal(7365000))]
    assert _codes(record) == []


def test_a_department_report_states_its_total_then_its_projects(tmp_path: Path) -> None:
    record = _record(
        tmp_path, "（一）预算收入情况", "2021年全年预算数8,436.52万元，其中：一般公共预算财政拨款7,912.40万元，"
        "政府性基金预算拨款310.00万元，上年结转资金214.12万元。", "（二）预算执行情况",
        "全年执行数8,105.37万元，其中：一般公共预算财政拨款执行7,628.95万元，政府性基金预算拨款执行298.60万元，"
        "上年结转资金执行177.82万元。", "（三）项目支出情况",
        "1. 基本公共卫生服务项目：全年预算1,856.30万元，执行1,812.46万元，执行率97.64%；",
        "2. 重大传染病防控项目：全年预算2,290.00万元，执行2,174.12万元，执行率94.94%；",
        "综上，全年部门整体支出8,150.37万元。")
    assert [s.name for s in record.funds.sources] == ["一般公共预算财政拨款", "政府性基金预算拨款", "上年结转资金"]
    assert _codes(record) == ["cross_reference_mismatch"]  # 8,105.37 and 8,150.37: the projects' rates are theirs


def test_levels_above_and_below_together_bring_the_whole_fund(tmp_path: Path) -> None:
    record = _record(tmp_path, "2025年，上级下达及本级安排自然灾害防治体系建设补助资金共计742.50万元。"
                     "其中：中央财政资金520.00万元，省级财政资金150.00万元，州级财政资金40.00万元，市级财政资金32.50万元。")
    assert record.funds.budget_total is not None and record.funds.budget_total.yuan == Decimal(7425000)
    assert len(record.funds.sources) == 4


def test_header_over_two_rows_under_a_spanning_cell() -> None:
    made = document([
        [Span("绩效指标", cols=3), COVERED, COVERED, Span("计划数", rows=2), Span("实际值", rows=2)],
        ["一级指标", "二级指标", "三级指标", COVERED, COVERED],
        [Span("产出指标", rows=2), "数量指标", "生猪调出量", "≥52万头", "54.6万头"],
        [COVERED, "质量指标", "抽检合格率", "≥98%", "99.3%"],
    ])
    record = record_from_document(made)
    assert [(i.level1, i.level2, i.name, i.target.raw) for i in record.indicators] == [
        ("产出指标", "数量指标", "生猪调出量", "≥52万头"), ("产出指标", "质量指标", "抽检合格率", "≥98%")]


def test_a_figure_followed_by_an_aside_is_the_value(tmp_path: Path) -> None:
    record = _record(tmp_path, "（1）一事一议财政奖补项目个数，目标值86个，实际完成86个，覆盖全县21个乡镇。",
                     "（2）受益群众满意度，目标值≥90%，经问卷调查实际为93%。",
                     "（3）培训人次，指标值1,700人次，实际完成值1,722人次，完成率101.29%。")
    assert _pairs(record) == [("一事一议财政奖补项目个数", "86个", "86个"), ("受益群众满意度", "≥90%", "93%"),
                              ("培训人次", "1,700人次", "1,722人次")]
    assert [i.met for i in record.indicators] == [True, True, True]


def test_a_funds_block_laid_out_sideways() -> None:
    made = document([
        [Span("资金投入情况（万元）", rows=2), Span("合计", rows=2), Span("资金来源", cols=3), COVERED, COVERED],
        [COVERED, COVERED, "中央资金", "省级资金", "县级资金"],
        ["全年预算数", "378.50", "210.00", "95.00", "63.50"],
        ["全年执行数", "362.52", "210.00", "92.40", "60.12"],
        ["执行率", "95.78%", "100.00%", "97.26%", "94.68%"],
    ])
    funds = record_from_document(made).funds
    assert funds.budget_total is not None and funds.budget_total.yuan == Decimal(3785000)
    assert funds.executed_total is not None and funds.executed_total.yuan == Decimal(3625200)
    assert funds.execution_rate is not None and funds.execution_rate.raw == "95.78%"
    assert [(s.name, s.budget.yuan if s.budget else None, s.executed.yuan if s.executed else None)
            for s in funds.sources] == [("中央资金", Decimal(2100000), Decimal(2100000)),
                                        ("省级资金", Decimal(950000), Decimal(924000)),
                                        ("县级资金", Decimal(635000), Decimal(601200))]


def test_what_was_done_then_the_target_in_brackets(tmp_path: Path) -> None:
    record = _record(
        tmp_path, "项目名称    丰城市2018年社会救助资金", "（三）年初设定的各项绩效指标均已完成。",
        "1.产出指标完成情况。其中数量指标：城乡低保保障人数完成8426人（目标≥8200人）、临时救助人次完成2318人次"
        "（目标≥2500人次）；质量指标：低保对象认定准确率完成98.6%（目标≥95%）。",
        "三、偏离绩效目标的原因", "临时救助人次低于年初预计，主要是急难型临时救助需求有所减少。")
    assert [(i.level2, i.name, i.target.raw, i.actual.raw) for i in record.indicators] == [
        ("数量指标", "城乡低保保障人数", "≥8200人", "8426人"), ("数量指标", "临时救助人次", "≥2500人次", "2318人次"),
        ("质量指标", "低保对象认定准确率", "≥95%", "98.6%")]
    assert record.report.fund_name == "丰城市2018年社会救助资金"
    codes = {f.code for f in record.findings}
    assert "false_completion_claim" in codes and "unmet_without_reason" not in codes


def test_a_header_repeated_on_the_next_page_is_no_indicator_and_investment_done_is_spending(
        tmp_path: Path) -> None:
    made = document(
        "（一）资金投入情况。项目全年预算数1680.00万元，全年执行数1527.46万元。",
        [["一级指标", "二级指标", "三级指标", "指标值", "实际完成值"],
         ["产出指标", "数量指标", "废弃矿山修复面积", "≥120亩", "126亩"],
         ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值"],
         ["满意度指标", "服务对象满意度指标", "周边群众满意度", "≥90%", "93%"]],
        "（三）总体目标完成情况。截至年底，项目累计完成投资1572.46万元，区域生态环境质量持续改善。")
    record = record_from_document(made)
    assert [i.name for i in record.indicators] == ["废弃矿山修复面积", "周边群众满意度"]
    assert _codes(record) == ["cross_reference_mismatch"]  # 1527.46 and 1572.46
