"""The report facts and the claims stage on documents built in memory: title, region, year and fund
from where reports state them; completion claims and named shortfalls the checker weighs."""

from __future__ import annotations

from documents import document, quoted, where

from extractor.extract import extract


def test_title_region_year_and_fund_after_an_attachment_line() -> None:
    made = document("附件2", "遵义市播州区2023年度城乡居民基本医疗保险补助资金绩效自评报告",
                    "2023年度播州区城乡居民基本医疗保险补助资金全年预算总额3.25亿元。")
    report = extract(made).report
    assert report.title == "遵义市播州区2023年度城乡居民基本医疗保险补助资金绩效自评报告"
    assert (report.region, report.fiscal_year) == ("遵义市播州区", 2023)
    assert report.fund_name == "城乡居民基本医疗保险补助资金"


def test_a_time_word_before_money_names_no_fund() -> None:
    # A funds block of label lines opens "年度资金总额…"; its "年度资金" is no fund: the title's is.
    made = document("滦平县2019年度城乡义务教育补助经费绩效自评报告", "年度资金总额：1286.20万元",
                    "其中：中央财政资金：900.00万元", "省级资金：386.20万元")
    assert extract(made).report.fund_name == "城乡义务教育补助经费"


def test_a_form_title_names_a_project() -> None:
    made = document("景洪市2024年度城区公共厕所提升改造项目支出绩效自评表", [["项目名称", "城区公共厕所提升改造项目"]])
    report = extract(made).report
    assert (report.region, report.fiscal_year, report.fund_name) == ("景洪市", 2024, "城区公共厕所提升改造项目")


def test_a_traditional_title_is_read_in_simplified_characters() -> None:
    report = extract(document("嵊泗縣2024年度漁業發展補助資金績效自評報告")).report
    assert (report.title, report.region, report.fund_name) == (
        "嵊泗县2024年度渔业发展补助资金绩效自评报告", "嵊泗县", "渔业发展补助资金")


def test_an_autonomous_prefecture_written_short_is_a_region() -> None:
    # 恩施州 is 恩施土家族苗族自治州, 长阳县 长阳土家族自治县; "恩施州巴东县" is not a county of 恩施.
    for title, region in (("恩施州巴东县2024年度农村公路养护资金绩效自评报告", "恩施州巴东县"),
                          ("湘西州2023年度就业补助资金绩效自评报告", "湘西州"),
                          ("宜昌市长阳县2023年度就业补助资金绩效自评报告", "宜昌市长阳县")):
        assert extract(document(title)).report.region == region


def test_a_short_name_is_a_known_place_only_as_the_start_of_one() -> None:
    from extractor.extract.places import is_known, segments

    assert all(is_known(name) for name in ("恩施州", "黔东南州", "长阳县", "彭水自治县"))
    assert not is_known("恩施州巴东县")
    assert segments("湖北省恩施州巴东县") == ["湖北省", "恩施州", "巴东县"]


ROADS = document(
    "汉阴县2024年度农村公路养护资金绩效自评报告",
    "①养护农村公路里程，指标值≥420公里，全年实际完成值436公里。",
    "②路面优良率，指标值≥85%，全年实际完成值82.6%。",
    "三、偏离绩效目标的原因和下一步改进措施",
    "路面优良率未达到年度目标，主要是部分路段雨季损毁严重，下一步将加大日常巡查力度。",
    "四、总体评价",
    "本年度绩效目标全部完成。",
)


def test_a_claim_of_full_completion_is_a_statement() -> None:
    claims = [s for s in extract(ROADS).statements if s.kind == "completion_claim"]
    assert [(s.text, where(s.evidence)) for s in claims] == [("全部完成", (6, None, None, 0, 12))]
    assert quoted(ROADS, claims[0].evidence) == "本年度绩效目标全部完成。"


def test_a_shortfall_named_in_the_deviation_section_reaches_its_indicator() -> None:
    found = extract(ROADS)
    (shortfall,) = [s for s in found.statements if s.kind == "shortfall"]
    assert (shortfall.subject, where(shortfall.evidence)[:3]) == ("路面优良率未达到", (4, None, None))
    rate = next(i for i in found.indicators if i.name == "路面优良率")
    assert rate.met is False
    assert rate.deviation_reason == "路面优良率未达到年度目标，主要是部分路段雨季损毁严重，下一步将加大日常巡查力度。"
