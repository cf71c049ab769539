"""The indicators stage on documents built in memory: prose "指标值…实际完成值…" sentences and 自评表
rows under 一级/二级指标 columns, with targets, actual values, levels, judgement and places."""

from __future__ import annotations

from decimal import Decimal

from documents import COVERED, Span, document, quoted, where

from extractor.extract import extract
from extractor.models import Indicator

C = COVERED

ROADS = document(
    "汉阴县2024年度农村公路养护资金绩效自评报告",
    "二、绩效指标完成情况",
    "①养护农村公路里程，指标值≥420公里，全年实际完成值436公里。",
    "②路面优良率，指标值≥85%，全年实际完成值82.6%。未完成原因是部分路段雨季损毁严重。",
    "③群众满意度，指标值≥90%，实际完成值93%。",
)

INSURANCE = document(
    "遵义市播州区2023年度城乡居民基本医疗保险补助资金绩效自评报告",
    "1.参保人数，年度指标值≥68万人，实际完成值69.2万人。",
    "2.住院费用政策范围内基金支付比例，指标值≥70%，全年实际完成值71.5%，完成率102.14%。",
)

HOUSING = document(
    "望谟县2024年度农村危房改造补助资金绩效自评报告",
    "（一）产出指标完成情况",
    "1.数量指标",
    "①农村危房改造户数，指标值≥320户，全年实际完成值326户。",
    "2.质量指标",
    "②改造房屋竣工验收合格率，指标值100%，全年实际完成值100%。",
    "（二）效益指标完成情况",
    "1.社会效益指标",
    "③住房安全有保障的农户比例，指标值100%，实际完成值100%。",
)

REASON = "个别学生家庭经济状况变化未及时更新，下一步实行季度动态复核。"
EDUCATION_TABLE = document("紫阳县2024年度城乡义务教育补助经费绩效目标自评表", [
    ["一级指标", "二级指标", "三级指标", "指标值", "全年实际完成值", "未完成原因和改进措施"],
    [Span("产出指标", rows=4), Span("数量指标", rows=2), "公用经费补助学生人数", "≥21000人", "21460人", ""],
    [C, C, "家庭经济困难寄宿生资助人数", "≥3200人", "3315人", ""],
    [C, "质量指标", "资助对象识别准确率", "100%", "98.7%", REASON],
    [C, "时效指标", "资金拨付完成时间", "2024年10月底前", "2024年9月", ""],
    ["效益指标", "社会效益指标", "义务教育巩固率", "≥96%", "97.3%", ""],
    ["满意度指标", "服务对象满意度指标", "学生家长满意度", "≥90%", "94%", ""],
])

TOILETS_TABLE = document("景洪市2024年度城区公共厕所提升改造项目支出绩效自评表", [
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    [Span("产出指标", rows=2), "数量指标", "改造公共厕所座数", "≥24座", "24座", "20", "20", "无"],
    [C, "成本指标", "单座改造成本", "≤14.4万元", "13.26万元", "20", "20", "无"],
    ["效益指标", "社会效益指标", "群众如厕环境改善", "明显改善", "明显改善", "30", "28", "个别点位保洁不及时"],
    ["满意度指标", "服务对象满意度指标", "周边居民满意度", "≥90%", "91.5%", "20", "20", "无"],
])


def _by_name(indicators: list[Indicator]) -> dict[str, Indicator]:
    return {indicator.name: indicator for indicator in indicators}


def test_prose_indicator_target_and_actual() -> None:
    first = extract(ROADS).indicators[0]
    assert first.name == "养护农村公路里程"
    assert (first.target.op, first.target.number, first.target.unit, first.target.kind) == (
        ">=", Decimal(420), "公里", "number")
    assert (first.actual.raw, first.actual.number, first.actual.op) == ("436公里", Decimal(436), None)
    assert first.met is True and first.deviation_reason is None


def test_prose_indicator_places_cover_the_sentence_and_the_actual_value() -> None:
    first = extract(ROADS).indicators[0]
    assert where(first.evidence) == (2, None, None, 1, 32)
    assert quoted(ROADS, first.evidence) == "养护农村公路里程，指标值≥420公里，全年实际完成值436公里"
    assert where(first.actual.evidence) == (2, None, None, 27, 32)
    assert quoted(ROADS, first.actual.evidence) == "436公里"


def test_prose_percent_indicator_unmet_keeps_its_reason() -> None:
    second = extract(ROADS).indicators[1]
    assert (second.name, second.target.kind, second.target.number, second.actual.number) == (
        "路面优良率", "percent", Decimal(85), Decimal("82.6"))
    assert second.met is False
    assert second.deviation_reason == "未完成原因是部分路段雨季损毁严重。"


def test_prose_indicators_in_order_without_full_year_wording() -> None:
    indicators = extract(ROADS).indicators
    assert [i.name for i in indicators] == ["养护农村公路里程", "路面优良率", "群众满意度"]
    third = indicators[2]
    assert (third.actual.raw, third.met) == ("93%", True) and where(third.actual.evidence) == (4, None, None, 20, 23)


def test_annual_target_in_ten_thousands_of_people() -> None:
    first = extract(INSURANCE).indicators[0]
    assert (first.name, first.target.unit, first.target.number, first.actual.number) == (
        "参保人数", "万人", Decimal(68), Decimal("69.2"))
    assert first.met is True


def test_stated_completion_rate_is_read() -> None:
    second = extract(INSURANCE).indicators[1]
    assert second.completion_rate is not None and second.completion_rate.value == Decimal("102.14")
    assert (second.target.number, second.actual.number, second.met) == (Decimal(70), Decimal("71.5"), True)


def test_unset_target_is_not_judged() -> None:
    made = document("红河州2024年度森林生态效益补偿资金绩效自评报告",
                    "①管护面积，指标值未设定，全年实际完成值186.3万亩。")
    (only,) = extract(made).indicators
    assert (only.target.raw, only.target.kind, only.target.number) == ("未设定", "unset", None)
    assert (only.actual.number, only.actual.unit, only.met) == (Decimal("186.3"), "万亩", None)


def test_prose_headings_give_the_levels() -> None:
    levels = [(i.level1, i.level2, i.name) for i in extract(HOUSING).indicators]
    assert levels == [("产出指标", "数量指标", "农村危房改造户数"), ("产出指标", "质量指标", "改造房屋竣工验收合格率"),
                      ("效益指标", "社会效益指标", "住房安全有保障的农户比例")]


def test_table_levels_from_merged_first_and_second_level_cells() -> None:
    levels = [(i.level1, i.level2, i.name) for i in extract(EDUCATION_TABLE).indicators]
    assert levels == [
        ("产出指标", "数量指标", "公用经费补助学生人数"), ("产出指标", "数量指标", "家庭经济困难寄宿生资助人数"),
        ("产出指标", "质量指标", "资助对象识别准确率"), ("产出指标", "时效指标", "资金拨付完成时间"),
        ("效益指标", "社会效益指标", "义务教育巩固率"), ("满意度指标", "服务对象满意度指标", "学生家长满意度")]


def test_table_indicator_places_are_its_name_and_actual_cells() -> None:
    indicators = extract(EDUCATION_TABLE).indicators
    assert [where(i.evidence)[:3] for i in indicators] == [(1, row, 2) for row in range(1, 7)]
    assert [where(i.actual.evidence)[:3] for i in indicators] == [(1, row, 4) for row in range(1, 7)]
    assert quoted(EDUCATION_TABLE, indicators[1].actual.evidence) == "3315人"


def test_table_indicator_unmet_with_the_reason_column() -> None:
    accuracy = _by_name(extract(EDUCATION_TABLE).indicators)["资助对象识别准确率"]
    assert (accuracy.target.number, accuracy.actual.number, accuracy.met) == (Decimal(100), Decimal("98.7"), False)
    assert accuracy.deviation_reason == REASON


def test_dates_are_read_as_dates_and_left_unjudged() -> None:
    deadline = _by_name(extract(EDUCATION_TABLE).indicators)["资金拨付完成时间"]
    assert (deadline.target.kind, deadline.actual.kind, deadline.actual.raw) == ("date", "date", "2024年9月")
    assert deadline.met is None


def test_scored_table_rows_carry_max_score_and_score() -> None:
    indicators = extract(TOILETS_TABLE).indicators
    assert [(i.max_score, i.score) for i in indicators] == [
        (Decimal(20), Decimal(20)), (Decimal(20), Decimal(20)), (Decimal(30), Decimal(28)), (Decimal(20), Decimal(20))]


def test_cost_indicator_is_an_amount_at_most_its_target() -> None:
    cost = _by_name(extract(TOILETS_TABLE).indicators)["单座改造成本"]
    assert (cost.target.op, cost.target.number, cost.target.unit, cost.target.kind) == (
        "<=", Decimal("14.4"), "万元", "amount")
    assert (cost.actual.number, cost.met) == (Decimal("13.26"), True)


def test_text_targets_are_kept_as_written() -> None:
    wording = _by_name(extract(TOILETS_TABLE).indicators)["群众如厕环境改善"]
    assert (wording.target.kind, wording.target.raw, wording.actual.raw) == ("text", "明显改善", "明显改善")
    assert wording.deviation_reason == "个别点位保洁不及时"


def test_traditional_characters_are_matched_but_quoted_as_written() -> None:
    made = document("嵊泗縣2024年度漁業發展補助資金績效自評報告",
                    "①漁船更新改造數量，指標值≥12艘，全年實際完成值13艘。")
    (only,) = extract(made).indicators
    assert only.name == "渔船更新改造数量"  # matched on its simplified form
    assert (only.target.number, only.actual.number, only.actual.unit, only.met) == (
        Decimal(12), Decimal(13), "艘", True)
    assert only.evidence.text == "漁船更新改造數量，指標值≥12艘，全年實際完成值13艘"
    assert quoted(made, only.evidence) == only.evidence.text


def _pairs(made: object) -> list[tuple[str, str | None, str | None]]:
    return [(i.name, i.target.raw, i.actual.raw) for i in extract(made).indicators]  # type: ignore[arg-type]


def test_a_year_target_before_an_operator_word_or_a_quality() -> None:
    made = document("泽阳市2021年度林业改革发展资金绩效自评报告", "（一）产出指标",
                    "①完成人工造林面积，年度目标不少于1.2万亩，实际完成1.26万亩；",
                    "②区域生态环境，年度目标有效提升，实际完成有效提升。")
    assert _pairs(made) == [("完成人工造林面积", "不少于1.2万亩", "1.26万亩"),
                            ("区域生态环境", "有效提升", "有效提升")]


def test_an_actual_with_its_own_verb_and_a_target_written_as_目标为() -> None:
    made = document("来凤县2024年度家庭医生签约服务补助资金绩效自评报告", "1.产出指标",
                    "（1）数量指标。签约服务团队数指标值不少于120个，实际组建126个。",
                    "（2）质量指标：城乡公交运营安全责任事故目标为0起，全年实际发生0起。")
    assert _pairs(made) == [("签约服务团队数", "不少于120个", "126个"), ("城乡公交运营安全责任事故", "0起", "0起")]


def test_a_claim_under_a_level_is_about_that_levels_indicators() -> None:
    # "1.数量指标：…均达到年度目标" claims nothing of the unmet quality indicator.
    made = document("禾丰县2025年度农村公路养护资金绩效自评报告", "二、绩效指标完成情况",
                    "农村公路日常养护里程，指标值≥1260公里，实际完成值1284公里。",
                    "安全隐患整治完成率，指标值100%，实际完成值96%。",
                    "1.数量指标：全年完成农村公路日常养护1284公里，均达到年度目标。")
    record = extract(made)
    claims = [s for s in record.statements if s.kind == "completion_claim"]
    assert [(c.subject, c.text) for c in claims] == [("数量指标", "均达到")]


def test_a_text_row_that_writes_every_cell_keeps_a_dash_in_its_place() -> None:
    # "| | 时效指标 | 当年开工率 | ≥95% | 100% | — | |": the dash is the 完成率, 100% the actual.
    made = document("兰山县2022年度农村危房改造补助资金绩效自评表", [
        ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "完成率", "未完成原因"],
        ["产出指标", "数量指标", "改造户数", "≥180户", "186户", "103.33%", ""],
        ["", "时效指标", "当年开工率", "≥95%", "100%", "—", ""]], file_format="text", path="memory.txt")
    made.blocks[-1].merges_unknown = True  # as the text reader reads a | table
    assert _pairs(made)[-1] == ("当年开工率", "≥95%", "100%")
