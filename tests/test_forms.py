"""The form layer on layouts real portals publish (issue: read the reports agencies actually publish).

Every document here is written for the test, in the shapes the real reports take: tables flattened
to `|`/tab rows, cells run together, one cell a line, page chrome, traditional-character mirrors.
The assertions are what a careful reader takes from each.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from extractor.models import Record
from extractor.pipeline import extract_file


def _record(tmp_path: Path, text: str, name: str = "doc.txt") -> Record:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract_file(path)


def _yuan(record: Record) -> tuple[Decimal | None, Decimal | None]:
    funds = record.funds
    return (funds.budget_total.yuan if funds.budget_total else None,
            funds.executed_total.yuan if funds.executed_total else None)


def _sources(record: Record) -> list[tuple[str, Decimal | None, Decimal | None]]:
    return [(s.name, s.budget.yuan if s.budget else None, s.executed.yuan if s.executed else None)
            for s in record.funds.sources]


def _codes(record: Record) -> list[str]:
    return sorted(f.code for f in record.findings)


PIPE_FORM = """\
学前教育发展资金转移支付区域绩效目标自评表 | |||||
转移支付(项目)名称 | 学前教育发展资金 | ||||
地方主管部门 | 岚皋县教育体育和科技局 | ||||
资金投入情况(万元) | 全年预算数(A) | 全年执行数(B) | 执行率(B/A) | ||
年度资金总额: | 812.4万 | 790.2万 | 97.27% | ||
其中:中央财政资金 | 512.4万 | 512.4万 | 100% | ||
幼儿资助专项 | 0 | 0 | 100% | ||
地方资金 | 300万 | 277.8万 | 92.6% | ||
其他资金 | | | | ||
绩效指标 | 一级 指标 |
二级指标 | 三级指标 | 指标值 | 全年实际完成值 |
产 出 指 标 |
数量指标 | 资助幼儿人次 | ≥1200人次 | 1316 | |
质量指标 | 资助对象准确率 | 100%
"""


def test_pipe_form_with_wan_cells_colon_labels_and_wrapped_rows(tmp_path: Path) -> None:
    record = _record(tmp_path, PIPE_FORM)
    assert _yuan(record) == (Decimal(8124000), Decimal(7902000))
    assert record.funds.execution_rate is not None and record.funds.execution_rate.value == Decimal("97.27")
    assert _sources(record) == [("中央财政资金", Decimal(5124000), Decimal(5124000)),
                                ("幼儿资助专项", Decimal(0), Decimal(0)),
                                ("地方资金", Decimal(3000000), Decimal(2778000))]
    assert record.report.fund_name == "学前教育发展资金"
    assert record.report.region == "岚皋县"
    first, second = record.indicators
    # the header row and the level cell wrapped onto lines of their own are joined back
    assert (first.level1, first.level2, first.name, first.target.raw, first.actual.raw, first.met) == (
        "产出指标", "数量指标", "资助幼儿人次", "≥1200人次", "1316", True)
    # the excerpt stops after the target: the actual is not stated, which is no shortfall
    assert (second.level2, second.name, second.target.raw, second.actual.kind, second.met) == (
        "质量指标", "资助对象准确率", "100%", "unset", None)
    assert [f for f in record.findings if f.severity == "error"] == []


def test_label_column_headed_like_a_budget_is_not_the_budget(tmp_path: Path) -> None:
    """"年度预算数(万元)" heads the column of row labels: the budget is 调整后预算数, the
    execution 预算执行数 — a column mapped wrongly would give executed = budget."""
    text = ("部门预算项目支出绩效自评表(2024年度)\n"
            "项目名称\t61082324T000011223344-2024年乡镇敬老院改造项目\n"
            "主管部门\t旬阳市民政局\t实施单位\t旬阳市民政局\n"
            "预算执行情况(10分)\t年度预算数(万元)\t年初预算\t调整后预算数\t预算执行数\t预算执行率\t权重\t得分\t原因\n"
            "\t总额\t40.00\t52.80\t49.10\t92.99%\t10\t9.3\t1.预算执行率未达到90%的需说明原因(100字以内)\n"
            "\t其中:财政资金\t40.00\t52.80\t49.10\t92.99%\t/\t/\n"
            "\t单位资金\t0.00\t0.00\t0.00\t0.00%\t/\t/\n")
    record = _record(tmp_path, text)
    funds = record.funds
    assert funds.initial_budget is not None and funds.initial_budget.yuan == Decimal(400000)
    assert _yuan(record) == (Decimal(528000), Decimal(491000))
    assert funds.execution_rate is not None and funds.execution_rate.value == Decimal("92.99")
    assert record.score is not None and (record.score.execution_max, record.score.execution_score) == (
        Decimal(10), Decimal("9.3"))
    assert record.report.fund_name == "2024年乡镇敬老院改造项目"  # the budget code is not part of the name
    assert record.report.region == "旬阳市"


def test_score_column_named_with_the_rate_is_the_score(tmp_path: Path) -> None:
    text = ("项目资金 | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分(20分*执行率)\n"
            "年度资金总额 | 120 | 96 | 80% | 16\n"
            "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分\n"
            "产出指标 | 数量指标 | 改造户数 | 60户 | 60户 | 30 | 30\n")
    record = _record(tmp_path, text)
    assert _yuan(record) == (Decimal(1200000), Decimal(960000))
    assert record.funds.execution_rate is not None and record.funds.execution_rate.value == Decimal(80)
    assert record.score is not None and record.score.execution_score == Decimal(16)


RUN_TOGETHER = ("附件:项目绩效自评表项目名称石泉县茶园提质增效项目负责人及电话王**13800000000主管部门石泉县农业农村局"
                "实施单位石泉县农业农村局资金情况(万元)全年预算数(A)全年执行数(B)分值执行率(B/A)得分"
                "年度资金总额:150144.910100%10其中:本年财政拨款150150其他资金年度总体目标年初设定目标"
                "年度总体目标完成情况综述改造低产茶园,提高茶叶品质。完成茶园改造。绩效指标一级指标二级指标三级指标分值"
                "年度指标值全年实际值得分未完成原因及拟采取的改进措施产出指标(50分)数量指标改造茶园面积20≥1200亩"
                "≥1200亩20质量指标苗木成活率15≥90%93%15时效指标按期完工率15100%100%15效益指标(30分)"
                "经济效益指标户均增收30≥800元900元30满意度指标(10分)服务对象满意度指标茶农满意度10≥90%95%10"
                "……总分100100注:1.一级指标分值统一设置\n")


def test_form_run_together_is_cut_by_its_header_and_arithmetic(tmp_path: Path) -> None:
    record = _record(tmp_path, RUN_TOGETHER)
    # "150144.910100%10" reads 150 | 144.9 | 10 | 100% | 10: no cut makes the stated 100% agree with
    # B/A (144.9/150 = 96.6%), so the plausible one is taken, unconfirmed, and the error is found.
    assert _yuan(record) == (Decimal(1500000), Decimal(1449000))
    assert "execution_rate_mismatch" in _codes(record)
    assert [(i.name, i.max_score, i.target.raw, i.actual.raw, i.score) for i in record.indicators] == [
        ("改造茶园面积", Decimal(20), "≥1200亩", "≥1200亩", Decimal(20)),
        ("苗木成活率", Decimal(15), "≥90%", "93%", Decimal(15)),
        ("按期完工率", Decimal(15), "100%", "100%", Decimal(15)),
        ("户均增收", Decimal(30), "≥800元", "900元", Decimal(30)),
        ("茶农满意度", Decimal(10), "≥90%", "95%", Decimal(10)),
    ]
    assert [(i.level1, i.level2) for i in record.indicators][:2] == [("产出指标", "数量指标"), ("产出指标", "质量指标")]
    assert record.report.region == "石泉县"
    assert record.score is not None and (record.score.total_max, record.score.total) == (Decimal(100), Decimal(100))
    inferred = [w for w in record.warnings if w.code == "cells_inferred"]
    assert inferred and "置信度" in inferred[0].message
    assert record.indicators[0].evidence.confidence is not None and record.indicators[0].evidence.confidence < 1


def test_run_together_funds_row_split_by_the_rate(tmp_path: Path) -> None:
    text = ("项目名称宁陕县林下经济扶持项目主管部门宁陕县林业局实施单位宁陕县林业局资金情况(万元)全年预算数(A)"
            "全年执行数(B)执行率(B/A)年度资金总额:40004000100%其中:本年财政拨款40004000绩效指标一级指标二级指标"
            "三级指标分值年度指标值全年实际值得分产出指标数量指标扶持农户数40300户300户40总分10090\n")
    record = _record(tmp_path, text)
    assert _yuan(record) == (Decimal(40000000), Decimal(40000000))
    assert record.funds.execution_rate is not None and record.funds.execution_rate.value == Decimal(100)
    assert _sources(record) == [("本年财政拨款", Decimal(40000000), Decimal(40000000))]
    # items add up to 40 but the 总分 row says 90: the form's own arithmetic error is kept and found
    assert "score_sum_mismatch" in _codes(record)


ONE_CELL_A_LINE = """\
2023年度农村公路养护资金绩效自评表
资金投入情况(万元)
全年预算数
全年执行数
执行率
年度资金总额
500
480
96%
其中:中央资金
300
300
100%
县级资金
200
180
90%
一级指标
二级指标
三级指标
指标值
实际完成值
产出指标
数量指标
养护里程
≥120公里
126公里
危桥改造
≥4座
3座
满意度指标
服务对象满意度指标
群众满意度
≥90%
93%
"""


def test_table_copied_one_cell_a_line(tmp_path: Path) -> None:
    record = _record(tmp_path, ONE_CELL_A_LINE)
    assert _yuan(record) == (Decimal(5000000), Decimal(4800000))
    assert _sources(record) == [("中央资金", Decimal(3000000), Decimal(3000000)),
                                ("县级资金", Decimal(2000000), Decimal(1800000))]
    assert [(i.level1, i.level2, i.name, i.met) for i in record.indicators] == [
        ("产出指标", "数量指标", "养护里程", True), ("产出指标", "数量指标", "危桥改造", False),
        ("满意度指标", "服务对象满意度指标", "群众满意度", True)]
    assert "cells_inferred" in {w.code for w in record.warnings}
    assert _codes(record) == ["unmet_without_reason"]


def test_tab_row_whose_name_wraps_does_not_shift_the_columns(tmp_path: Path) -> None:
    text = ("一级指标\t二级指标\t三级指标\t指标值\t实际完成值\t偏差原因\n"
            "产出指标\t数量指标\t享受城乡居民\n"
            "基本医疗保险补助人数\t4164人\t4170人\t\n"
            "产出指标\t质量指标\t补助发放准确率\t100%\t100%\t\n")
    record = _record(tmp_path, text)
    assert [(i.name, i.target.raw, i.actual.raw) for i in record.indicators] == [
        ("享受城乡居民基本医疗保险补助人数", "4164人", "4170人"), ("补助发放准确率", "100%", "100%")]


def test_report_facts_not_taken_from_page_chrome(tmp_path: Path) -> None:
    text = ("日期:2023-05-22 09:10  来源:紫阳县水利局\n"
            "发布时间:2023年5月22日 浏览量:108\n"
            "农村饮水安全维修养护资金绩效自评报告\n"
            "一、基本情况\n"
            "2022年,下达我县农村饮水安全维修养护资金86万元,其中:中央资金60万元,县级资金26万元。\n")
    record = _record(tmp_path, text)
    report = record.report
    assert report.title == "农村饮水安全维修养护资金绩效自评报告"
    assert report.fiscal_year == 2022  # not the year of the publication date
    assert report.region == "紫阳县"  # the unit the portal names, when the report names no place
    assert report.fund_name == "农村饮水安全维修养护资金"
    assert _sources(record) == [("中央资金", Decimal(600000), None), ("县级资金", Decimal(260000), None)]


def test_region_from_unit_cells_with_their_codes(tmp_path: Path) -> None:
    text = ("项目名称\t城乡低保提标资金\n主管部门\t[207]太湖县民政局\n实施单位\t318-太湖县晋熙镇人民政府\n"
            "资金投入情况(万元)\t全年预算数\t全年执行数\t执行率\n年度资金总额\t60\t60\t100%\n")
    record = _record(tmp_path, text)
    assert record.report.region == "太湖县"
    assert record.report.fund_name == "城乡低保提标资金"


def test_a_demonstrative_is_no_region_and_a_generic_word_no_fund(tmp_path: Path) -> None:
    text = ("该双创示范基地专项资金项目于2021年初申报,批复下达预算资金25万元。\n"
            "项目名称\t中央、省、市级财政资金\t资金计划\t资金到位情况\n")
    record = _record(tmp_path, text)
    assert record.report.region is None
    assert record.report.fund_name == "双创示范基地专项资金"
    assert _yuan(record) == (Decimal(250000), None)


def test_prose_levels_are_not_swallowed_by_names(tmp_path: Path) -> None:
    text = ("(四)绩效指标完成情况分析。\n"
            "1、产出数量指标:第一,受助困难群众人数年初指标值为不低于500人,全年实际完成值512人。"
            "第二,临时救助人次年初指标值为不低于90人次,全年实际完成值84人次。\n"
            "2、产出时效指标:救助资金发放时间年初指标值为2022年12月底,实际在规定时间内完成。\n"
            "3、社会效益指标:困难群众基本生活保障水平有所提高;社会救助体系进一步完善。\n")
    record = _record(tmp_path, text)
    got = [(i.level1, i.level2, i.name, i.target.raw, i.actual.raw, i.met) for i in record.indicators]
    assert got[:3] == [
        ("产出指标", "数量指标", "受助困难群众人数", "不低于500人", "512人", True),
        ("产出指标", "数量指标", "临时救助人次", "不低于90人次", "84人次", False),
        ("产出指标", "时效指标", "救助资金发放时间", "2022年12月底", "实际在规定时间内完成", None),
    ]
    # a 二级 of 效益 is under no 一级 the report wrote
    assert got[3][:3] == (None, "社会效益指标", "困难群众基本生活保障水平")
    assert got[3][4] == "有所提高"


def test_sources_after_any_verb_and_names_that_change(tmp_path: Path) -> None:
    text = ("一、绩效目标分解下达情况\n"
            "2023年收到中央下达困难残疾人生活补贴资金420万元,省级下达110万元,县级配套70万元。\n"
            "二、资金投入情况\n"
            "2023年共筹措资金600万元,其中:中央资金420万元,省级资金110万元,县级资金70万元"
            "2023年支出588.5万元,其中中央资金420万元,省级资金110万元,县级资金58.5万元。\n")
    record = _record(tmp_path, text)
    assert _yuan(record) == (Decimal(6000000), Decimal(5885000))
    assert _sources(record) == [("中央资金", Decimal(4200000), Decimal(4200000)),
                                ("省级资金", Decimal(1100000), Decimal(1100000)),
                                ("县级资金", Decimal(700000), Decimal(585000))]
    assert [f for f in record.findings if f.severity == "error"] == []


def test_items_of_a_list_named_by_their_money_are_the_sources(tmp_path: Path) -> None:
    text = ("省级下达我市文化惠民工程专项资金2400万元,其中:一般项目资金1500万元,绩效奖励资金900万元。\n"
            "2022年下达我县农田水利资金900万元,其中:城关镇300万元,河口镇600万元。\n")
    record = _record(tmp_path, text)
    assert _yuan(record) == (Decimal(24000000), None)
    assert [s.name for s in record.funds.sources] == ["一般项目资金", "绩效奖励资金"]  # places are no sources


TRADITIONAL = """\
嵐皋縣2022年度農村危房改造補助資金績效(jì xiào)自評報告
一、資金投入情況
全年預算數320萬元,全年執行數304萬元,預算執行率95%。
二、績效指標完成情況
1.改造農村危房戶數,指標值≥80戶,全年實際完成值82戶。
"""


def test_traditional_mirror_with_pinyin_read_in_simplified(tmp_path: Path) -> None:
    record = _record(tmp_path, TRADITIONAL)
    assert record.report.region == "岚皋县"
    assert record.report.fund_name == "农村危房改造补助资金"
    assert _yuan(record) == (Decimal(3200000), Decimal(3040000))
    indicator = record.indicators[0]
    assert (indicator.name, indicator.met) == ("改造农村危房户数", True)
    # evidence quotes the characters as written
    assert indicator.evidence.text.startswith("改造農村危房戶數")
    assert record.funds.budget_total is not None and record.funds.budget_total.evidence is not None
    assert record.funds.budget_total.evidence.text == "320萬元"


def test_pinyin_and_letter_spacing_are_not_part_of_names(tmp_path: Path) -> None:
    text = ("二、绩效指标完成情况\n"
            "1.资助学生(zī zhù xué shēng)人数,指标值≥300人,全年实际完成值306人。\n"
            "2.资 助 资 金 发 放 率,指标值100%,全年实际完成值100%。\n")
    record = _record(tmp_path, text)
    assert [i.name for i in record.indicators] == ["资助学生人数", "资助资金发放率"]
    assert record.indicators[0].evidence.text.startswith("资助学生(zī zhù xué shēng)人数")


def test_units_written_several_ways_compare(tmp_path: Path) -> None:
    text = ("一、绩效指标完成情况\n成本指标\n"
            "1.护理补贴标准,指标值≤100元/人·月,全年实际完成值100元/人/月。\n"
            "2.困难补贴标准,指标值≤80元/人*月,全年实际完成值90元/人/月。\n")
    record = _record(tmp_path, text)
    assert [i.met for i in record.indicators] == [True, False]


def test_an_operator_cell_is_no_indicator_and_a_blank_actual_no_shortfall(tmp_path: Path) -> None:
    text = ("绩效指标(90分)\t一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t完成值\t权重\t得分\n"
            "产出指标\t数量指标\t采购设备台数\t≥\t12\t台\t12\t30\t30\n"
            "\t\t\t=\t\t\t\t\t\t\n"
            "\t产出指标\t质量指标\t验收合格率\t=\t100\t%\n")
    record = _record(tmp_path, text)
    assert [(i.name, i.target.raw, i.actual.raw, i.met) for i in record.indicators] == [
        ("采购设备台数", "≥12台", "12台", True), ("验收合格率", "=100%", "", None)]
    assert record.findings == [] or all(f.severity != "error" for f in record.findings)


def test_template_instruction_in_a_cell_is_not_a_value(tmp_path: Path) -> None:
    text = ("一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t偏差原因分析及改进措施\n"
            "产出指标\t数量指标\t建成站点数\t10个\t对照年度目标，说明完成情况(100字以内)\t对照年度目标，说明偏差原因(100字以内)\n")
    record = _record(tmp_path, text)
    indicator = record.indicators[0]
    assert (indicator.actual.kind, indicator.deviation_reason, indicator.met) == ("unset", None, None)
    assert "unmet_without_reason" not in _codes(record)


def test_goal_row_claiming_completion_with_an_unmet_indicator(tmp_path: Path) -> None:
    text = ("年度总体目标\t预期目标\t实际完成情况\n"
            "\t完成50户农村改厕。\t完成目标任务。\n"
            "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t偏差原因\n"
            "产出指标\t数量指标\t改厕户数\t50户\t46户\t部分农户外出务工延期施工\n")
    record = _record(tmp_path, text)
    assert "false_completion_claim" in _codes(record)


def test_zero_total_beside_money_spent_and_a_full_rate(tmp_path: Path) -> None:
    text = ("资金投入情况(万元)\t全年预算数\t全年执行数\t执行率\n年度资金总额\t0\t86\t100%\n"
            "其中:中央资金\t86\t86\t100%\n")
    record = _record(tmp_path, text)
    assert {"execution_rate_mismatch", "sources_sum_mismatch"} <= set(_codes(record))


FUNDS_IN_PARTS = """\
2023年度耕地地力保护补贴资金绩效自评表
耕地地力保护补贴资金合计(万元) 年度预算资金总额): 900.00
其中:中央补助 600.00
省级资金 200.00
县级资金 100.00
种粮大户补贴部分(万元)
年度预算资金总额: 540.00
其中:中央补助 360.00
省级资金 120.00
县级资金 60.00
小农户补贴部分(万元)
年度预算资金总额: 360.00
其中:中央补助 240.00
省级资金 81.00
县级资金 40.00
"""


def test_funds_broken_into_parts_are_held_to_the_whole(tmp_path: Path) -> None:
    record = _record(tmp_path, FUNDS_IN_PARTS)
    funds = record.funds
    assert _yuan(record) == (Decimal(9000000), None)
    assert _sources(record) == [("中央补助", Decimal(6000000), None), ("省级资金", Decimal(2000000), None),
                                ("县级资金", Decimal(1000000), None)]
    assert [(p.name, p.budget_total.yuan if p.budget_total else None) for p in funds.parts] == [
        ("种粮大户补贴部分", Decimal(5400000)), ("小农户补贴部分", Decimal(3600000))]
    assert record.report.fund_name == "耕地地力保护补贴资金"
    # 小农户: 240 + 81 + 40 = 361 ≠ 360; 省级 in the whole: 200 ≠ 120 + 81 = 201
    errors = sorted(f.code for f in record.findings if f.severity == "error")
    assert errors == ["cross_reference_mismatch", "sources_sum_mismatch"]
