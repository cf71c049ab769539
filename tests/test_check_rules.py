"""The consistency checker's rules: each fires with the right figures on a bad record, and stays
silent on good ones (rounding edges, units, source partitions included).

Records are built by hand with the pydantic models; nothing here reads a document.
"""

from __future__ import annotations

import itertools
import re
from decimal import Decimal
from pathlib import Path

import pytest

from extractor.check import RULES, check_record
from extractor.check.registry import RuleSpec
from extractor.models import (
    Amount,
    Evidence,
    Figure,
    Finding,
    Funds,
    FundStatement,
    Goal,
    Indicator,
    Operator,
    Percent,
    Record,
    Score,
    Source,
    SourceFile,
    SourceKind,
    Statement,
    Value,
    ValueKind,
)

_BLOCKS = itertools.count(1)
_SCALE = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}
_OPS: dict[str, Operator] = {"≥": ">=", ">=": ">=", "≤": "<=", "<=": "<=", ">": ">", "<": "<", "=": "="}
_VALUE = re.compile(r"^(≥|>=|≤|<=|>|<|=)?\s*(\d+(?:\.\d+)?)(.*)$")


def at(figure: Amount | Percent | None) -> Evidence:
    """Where a figure that the test built was stated."""
    assert figure is not None and figure.evidence is not None
    return figure.evidence


def ev(text: str = "x") -> Evidence:
    """A distinct place in the document (each call a new block)."""
    return Evidence(block=next(_BLOCKS), start=0, end=len(text), text=text)


def amount(value: str, unit: str = "万元") -> Amount:
    number = Decimal(value)
    return Amount(
        raw=f"{value}{unit}", value=number, unit=unit, yuan=number * _SCALE[unit], evidence=ev(value)
    )


def percent(value: str) -> Percent:
    return Percent(raw=f"{value}%", value=Decimal(value), evidence=ev(value))


def val(raw: str) -> Value:
    """A Value parsed the simple way the test data needs ("≥1700人次", "96%", "未设定", "效果显著")."""
    match = _VALUE.match(raw)
    if match is None:
        kind: ValueKind = "unset" if raw in ("", "未设定", "—", "/") else "text"
        if re.search(r"\d{4}年", raw):
            kind = "date"
        return Value(raw=raw, kind=kind, evidence=ev(raw))
    op, number, unit = _OPS.get(match.group(1) or ""), Decimal(match.group(2)), match.group(3) or None
    if unit is not None and "，" in unit:  # a multi-part value
        return Value(raw=raw, kind="text", evidence=ev(raw))
    if unit == "%":
        kind = "percent"
    elif unit is not None and unit.startswith(("元", "万元", "亿元")):
        kind = "amount"
    else:
        kind = "number"
    return Value(raw=raw, op=op, number=number, unit=unit, kind=kind, evidence=ev(raw))


def indicator(
    name: str,
    target: str,
    actual: str,
    *,
    met: bool | None = None,
    reason: str | None = None,
    level1: str | None = "产出指标",
    level2: str | None = "数量指标",
    completion_rate: str | None = None,
    max_score: str | None = None,
    score: str | None = None,
) -> Indicator:
    return Indicator(
        level1=level1,
        level2=level2,
        name=name,
        target=val(target),
        actual=val(actual),
        met=met,
        deviation_reason=reason,
        completion_rate=percent(completion_rate) if completion_rate else None,
        max_score=Decimal(max_score) if max_score else None,
        score=Decimal(score) if score else None,
        evidence=ev(name),
    )


def source(
    name: str,
    kind: SourceKind,
    budget: str | None = None,
    executed: str | None = None,
    rate: str | None = None,
    unit: str = "万元",
) -> Source:
    return Source(
        name=name,
        kind=kind,
        budget=amount(budget, unit) if budget else None,
        executed=amount(executed, unit) if executed else None,
        execution_rate=percent(rate) if rate else None,
    )


def funds(
    budget: str | None = "6359.55",
    executed: str | None = "5061.56",
    rate: str | None = "79.59",
    *,
    sources: list[Source] | None = None,
    statements: list[FundStatement] | None = None,
    unit: str = "万元",
) -> Funds:
    return Funds(
        budget_total=amount(budget, unit) if budget else None,
        executed_total=amount(executed, unit) if executed else None,
        execution_rate=percent(rate) if rate else None,
        sources=sources or [],
        statements=statements or [],
    )


def figure(name: str, raw: str) -> Figure:
    return Figure(name=name, value=val(raw))


def goal(label: str, text: str, *figures: Figure, actual: str | None = None) -> Goal:
    return Goal(label=label, text=text, actual=actual, figures=list(figures), evidence=ev(text))


def claim(text: str, subject: str | None = None) -> Statement:
    return Statement(kind="completion_claim", subject=subject, text=text, evidence=ev(text))


def shortfall(text: str, subject: str | None = None) -> Statement:
    return Statement(kind="shortfall", subject=subject, text=text, evidence=ev(text))


def score(
    execution_max: str = "10",
    execution_score: str | None = "7.96",
    execution_rate: str | None = "79.59",
    total: str | None = None,
    total_max: str = "100",
) -> Score:
    return Score(
        execution_max=Decimal(execution_max),
        execution_score=Decimal(execution_score) if execution_score else None,
        execution_rate=percent(execution_rate) if execution_rate else None,
        total_max=Decimal(total_max),
        total=Decimal(total) if total else None,
        evidence=ev("score"),
    )


def record(
    *,
    fund: Funds | None = None,
    indicators: list[Indicator] | None = None,
    goals: list[Goal] | None = None,
    statements: list[Statement] | None = None,
    scored: Score | None = None,
) -> Record:
    """A record that passes every rule unless a part is replaced."""
    return Record(
        source=SourceFile(path="test.txt", sha256="0" * 64, format="txt"),
        funds=fund if fund is not None else funds(),
        indicators=indicators
        if indicators is not None
        else [indicator("培训人次", "1700", "1722", met=True)],
        goals=goals or [],
        statements=statements or [],
        score=scored,
    )


# ---------------------------------------------------------------------------- helpers


def run(code: str, rec: Record) -> list[Finding]:
    """The findings of one rule."""
    spec: RuleSpec = next(spec for spec in RULES if spec.code == code)
    return list(spec.check(rec))


def figures(findings: list[Finding]) -> list[tuple[str, str, str | None, str | None]]:
    return [(f.code, f.severity, f.stated, f.computed) for f in findings]


def with_statements(*pairs: tuple[str, str | None, Amount | Percent]) -> list[FundStatement]:
    return [
        FundStatement(
            field=field,
            source=src,
            amount=fig if isinstance(fig, Amount) else None,
            percent=fig if isinstance(fig, Percent) else None,
        )
        for field, src, fig in pairs
    ]


SAMPLE_SOURCES: tuple[tuple[str, SourceKind, str], ...] = (
    ("中央财政资金", "central", "3319"),
    ("自治区财政资金", "provincial", "1069.11"),
    ("盟市财政资金", "municipal", "327.55"),
    ("旗县财政资金", "county", "324.77"),
    ("其他资金（含以前年度结转资金）", "other", "1319.12"),
)


def sample_sources(**override: str) -> list[Source]:
    return [source(name, kind, override.get(kind, budget)) for name, kind, budget in SAMPLE_SOURCES]


# ---------------------------------------------------------------------------- registry


def test_registry_follows_the_readme_table_of_codes_and_severities() -> None:
    readme = (Path(__file__).resolve().parent.parent / "corpus" / "README.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| ([a-z_0-9]+) \| (error|warning|info) \|", readme, flags=re.M))
    assert len(table) == 13
    assert {spec.code: spec.severity for spec in RULES} == table


def test_a_consistent_record_has_no_finding_and_is_left_unchanged() -> None:
    rec = record()
    before = rec.model_dump()
    assert check_record(rec) == []
    assert rec.model_dump() == before


# ---------------------------------------------------------------------------- execution_rate_mismatch


@pytest.mark.parametrize("stated", ["79.59", "79.6", "80", "79.590"])
def test_execution_rate_consistent_at_its_own_precision(stated: str) -> None:
    assert run("execution_rate_mismatch", record(fund=funds(rate=stated))) == []


@pytest.mark.parametrize(
    ("stated", "computed"), [("79.60", "79.59"), ("79.5", "79.6"), ("79", "80"), ("79.589", "79.590")]
)
def test_execution_rate_mismatch_is_computed_at_the_stated_precision(stated: str, computed: str) -> None:
    fund = funds(rate=stated)
    [finding] = run("execution_rate_mismatch", record(fund=fund))
    assert (finding.severity, finding.stated, finding.computed) == ("error", stated, computed)
    assert finding.evidence == [
        at(fund.execution_rate),
        at(fund.executed_total),
        at(fund.budget_total),
    ]


def test_execution_rate_mismatch_message_names_the_figures() -> None:
    [finding] = run("execution_rate_mismatch", record(fund=funds(rate="79.60")))
    assert finding.message == "预算执行率填报为79.60%，按执行数5061.56万元÷预算数6359.55万元计算应为79.59%"


@pytest.mark.parametrize(
    ("stated", "fires"), [("12.35", False), ("12.34", True), ("12.3", False), ("12", False)]
)
def test_a_ratio_exactly_on_a_half_rounds_up(stated: str, fires: bool) -> None:
    # 2469 / 20000 = 12.345% exactly: 12.35 at 2 decimals, 12.3 at 1, 12 at 0.
    rec = record(fund=funds("20000", "2469", stated, unit="元"))
    assert [f.computed for f in run("execution_rate_mismatch", rec)] == (["12.35"] if fires else [])


def test_a_half_at_zero_decimals_rounds_up() -> None:
    # 1 / 8 = 12.5%: "13" is right, "12" is not.
    assert run("execution_rate_mismatch", record(fund=funds("8", "1", "13", unit="元"))) == []
    [finding] = run("execution_rate_mismatch", record(fund=funds("8", "1", "12", unit="元")))
    assert (finding.stated, finding.computed) == ("12", "13")


def test_execution_rate_uses_yuan_across_units() -> None:
    fund = Funds(
        budget_total=amount("1", "万元"), executed_total=amount("7959", "元"), execution_rate=percent("79.59")
    )
    assert run("execution_rate_mismatch", record(fund=fund)) == []
    fund.execution_rate = percent("7959")
    assert figures(run("execution_rate_mismatch", record(fund=fund))) == [
        ("execution_rate_mismatch", "error", "7959", "80")  # compared at the stated 0 decimals
    ]


def test_each_source_rate_is_checked_against_its_own_amounts() -> None:
    good = source("中央财政资金", "central", "3319", "3000", "90.39")  # 3000/3319 = 90.3887…
    bad = source("地方资金", "local", "3040.55", "2061.56", "70")  # 67.80…
    [finding] = run("execution_rate_mismatch", record(fund=funds(sources=[good, bad])))
    assert (finding.stated, finding.computed) == ("70", "68")
    assert finding.message == "地方资金执行率填报为70%，按执行数2061.56万元÷预算数3040.55万元计算应为68%"
    assert finding.evidence == [at(bad.execution_rate), at(bad.executed), at(bad.budget)]


def test_every_stated_rate_in_statements_is_checked_once_per_value() -> None:
    wrong_a, wrong_b, right = percent("79.60"), percent("79.60"), percent("79.59")
    fund = funds(
        statements=with_statements(
            ("execution_rate", None, wrong_a),
            ("execution_rate", None, wrong_b),
            ("execution_rate", None, right),
        )
    )
    [finding] = run("execution_rate_mismatch", record(fund=fund))
    assert (finding.stated, finding.computed) == ("79.60", "79.59")
    assert finding.evidence == [
        wrong_a.evidence,
        wrong_b.evidence,
        at(fund.executed_total),
        at(fund.budget_total),
    ]


def test_a_statement_of_a_source_rate_uses_the_source_amounts() -> None:
    central = source("中央财政资金", "central", "3319", "3000")
    fund = funds(
        sources=[central], statements=with_statements(("execution_rate", "中央财政资金", percent("90.4")))
    )
    assert run("execution_rate_mismatch", record(fund=fund)) == []
    fund.statements = with_statements(("execution_rate", "中央财政资金", percent("79.59")))
    assert [(f.stated, f.computed) for f in run("execution_rate_mismatch", record(fund=fund))] == [
        ("79.59", "90.39")
    ]


def test_no_rate_check_without_both_amounts_or_with_a_zero_budget() -> None:
    assert run("execution_rate_mismatch", record(fund=funds(executed=None, rate="50"))) == []
    assert run("execution_rate_mismatch", record(fund=funds("0", "0", "50"))) == []


# ---------------------------------------------------------------------------- sources_sum_mismatch


def test_sample_sources_add_up_to_the_total() -> None:
    assert run("sources_sum_mismatch", record(fund=funds(sources=sample_sources()))) == []


def test_sources_not_adding_up_give_the_total_and_the_sum_in_the_document_s_unit() -> None:
    sources = sample_sources(other="1319.13")
    fund = funds(sources=sources)
    [finding] = run("sources_sum_mismatch", record(fund=fund))
    assert figures([finding]) == [("sources_sum_mismatch", "error", "6359.55万元", "6359.56万元")]
    assert finding.evidence == [at(fund.budget_total)] + [at(s.budget) for s in sources]
    assert finding.message.startswith("资金总额预算数填报为6359.55万元，中央财政资金3319万元+")
    assert finding.message.endswith("合计为6359.56万元（相差0.01万元）")


def test_budget_and_executed_sums_are_separate_findings() -> None:
    sources = [
        source("中央财政资金", "central", "3000", "2500"),
        source("地方资金", "local", "3359.55", "2561.55"),
    ]
    [finding] = run("sources_sum_mismatch", record(fund=funds(sources=sources)))
    assert (finding.stated, finding.computed) == ("5061.56万元", "5061.55万元")
    assert "执行数" in finding.message


def test_no_sum_check_when_a_source_leaves_the_amount_out() -> None:
    sources = sample_sources()
    sources[1].budget = None
    assert run("sources_sum_mismatch", record(fund=funds(sources=sources))) == []


def test_a_single_listed_source_is_not_a_split() -> None:
    sources = [source("中央财政资金", "central", "3319")]
    assert run("sources_sum_mismatch", record(fund=funds(sources=sources))) == []


def test_sources_in_yuan_sum_exactly_against_a_total_in_wan_yuan() -> None:
    sources = [
        source("中央财政资金", "central", "33190000", unit="元"),
        source("地方资金", "local", "30405500", unit="元"),
    ]
    assert run("sources_sum_mismatch", record(fund=funds(sources=sources))) == []
    sources[1].budget = amount("30405500.5", "元")
    [finding] = run("sources_sum_mismatch", record(fund=funds(sources=sources)))
    assert (finding.stated, finding.computed) == ("6359.55万元", "6359.55005万元")


def test_two_partitions_are_checked_separately() -> None:
    sources = [
        source("当年财政拨款", "current_year", "5000"),
        source("上年结转资金", "carry_over", "1359.55"),
        source("中央财政资金", "central", "4000"),
        source("地方资金", "local", "2359.55"),
    ]
    assert run("sources_sum_mismatch", record(fund=funds(sources=sources))) == []
    sources[3].budget = amount("2359.5")
    [finding] = run("sources_sum_mismatch", record(fund=funds(sources=sources)))
    assert (finding.stated, finding.computed) == ("6359.55万元", "6359.5万元")
    assert "中央财政资金4000万元+地方资金2359.5万元" in finding.message


def test_other_funds_may_belong_to_either_partition() -> None:
    sources = [
        source("当年财政拨款", "current_year", "5000"),
        source("上年结转资金", "carry_over", "1000"),
        source("其他资金", "other", "359.55"),
        source("中央财政资金", "central", "4000"),
        source("地方资金", "local", "2359.55"),
    ]
    assert run("sources_sum_mismatch", record(fund=funds(sources=sources))) == []
    # now 其他资金 completes the level split and the budget-type split adds up without it
    sources[1].budget, sources[4].budget = amount("1359.55"), amount("2000")
    assert run("sources_sum_mismatch", record(fund=funds(sources=sources))) == []
    sources[4].budget = amount("2000.01")
    [finding] = run("sources_sum_mismatch", record(fund=funds(sources=sources)))
    assert (finding.stated, finding.computed) == ("6359.55万元", "6359.56万元")
    assert "其他资金359.55万元" in finding.message  # the first alternative: with 其他资金


def test_local_funds_split_into_levels_is_its_own_partition() -> None:
    sources = [
        source("中央财政资金", "central", "3319"),
        source("地方资金", "local", "3040.55"),
        source("省级财政资金", "provincial", "2000"),
        source("市级财政资金", "municipal", "1000"),
        source("县级财政资金", "county", "40.55"),
    ]
    assert run("sources_sum_mismatch", record(fund=funds(sources=sources))) == []
    sources[4].budget = amount("40")
    [finding] = run("sources_sum_mismatch", record(fund=funds(sources=sources)))
    assert (finding.stated, finding.computed) == ("3040.55万元", "3040万元")
    assert finding.message.startswith("地方资金预算数填报为3040.55万元")


# ---------------------------------------------------------------------------- rate_over_100


def test_executed_above_budget_without_a_stated_rate() -> None:
    fund = funds("1000", "1000.5", None)
    [finding] = run("rate_over_100", record(fund=fund))
    assert figures([finding]) == [("rate_over_100", "warning", "1000.5万元", "1000万元")]
    assert finding.evidence == [at(fund.executed_total), at(fund.budget_total)]


def test_a_stated_rate_over_100_gives_the_rate_and_the_computed_one() -> None:
    [finding] = run("rate_over_100", record(fund=funds("1000", "1053", "105.3")))
    assert (finding.stated, finding.computed) == ("105.3", "105.30")
    assert run("execution_rate_mismatch", record(fund=funds("1000", "1053", "105.3"))) == []


def test_a_stated_rate_over_100_without_amounts() -> None:
    [finding] = run("rate_over_100", record(fund=funds("1000", None, "101")))
    assert (finding.stated, finding.computed) == ("101", None)


def test_a_source_over_its_budget_is_flagged_and_exactly_100_is_not() -> None:
    sources = [
        source("中央财政资金", "central", "100", "120"),
        source("地方资金", "local", "50", "50", "100"),
    ]
    fund = funds("150", "170", None, sources=sources)
    found = run("rate_over_100", record(fund=fund))
    assert [(f.stated, f.computed) for f in found] == [("170万元", "150万元"), ("120万元", "100万元")]
    assert found[1].message == "中央财政资金执行数120万元超过预算数100万元"


# ---------------------------------------------------------------------------- completion_rate_mismatch


@pytest.mark.parametrize(
    ("stated", "computed"),
    [("101.29", None), ("101.3", None), ("101", None), ("101.30", "101.29"), ("100", "101")],
)
def test_completion_rate(stated: str, computed: str | None) -> None:
    ind = indicator("享受职业培训补贴人次数", "≥1700人次", "1722人次", met=True, completion_rate=stated)
    found = run("completion_rate_mismatch", record(indicators=[ind]))
    assert [(f.stated, f.computed) for f in found] == ([] if computed is None else [(stated, computed)])
    if stated == "101.30":
        assert found[0].evidence == [
            at(ind.completion_rate),
            ind.actual.evidence,
            ind.target.evidence,
            ind.evidence,
        ]
        assert found[0].message == (
            "“享受职业培训补贴人次数”完成率填报为101.30%，按实际完成值1722人次÷指标值≥1700人次计算应为101.29%"
        )


def test_completion_rate_half_rounds_up_and_zero_target_is_skipped() -> None:
    half = indicator("户数", "8", "1", met=False, reason="r", completion_rate="12")  # 12.5 → 13
    zero = indicator("事件数", "0", "0", met=True, completion_rate="100")
    assert [
        (f.stated, f.computed) for f in run("completion_rate_mismatch", record(indicators=[half, zero]))
    ] == [("12", "13")]


# ---------------------------------------------------------------------------- scores


def scored_indicators(*scores: tuple[str, str]) -> list[Indicator]:
    return [
        indicator(f"指标{i}", "100%", "100%", met=True, max_score=most, score=got)
        for i, (most, got) in enumerate(scores, start=1)
    ]


def test_score_sum_consistent_and_mismatched() -> None:
    inds = scored_indicators(("45", "45"), ("45", "43.5"))
    assert run("score_sum_mismatch", record(indicators=inds, scored=score(total="96.46"))) == []
    assert (
        run("score_sum_mismatch", record(indicators=inds, scored=score(total="96.5"))) == []
    )  # at its 1 decimal
    [finding] = run("score_sum_mismatch", record(indicators=inds, scored=score(total="97")))
    assert figures([finding]) == [("score_sum_mismatch", "error", "97", "96.46")]
    assert finding.message == "总分填报为97，按预算执行率得分7.96与2项指标得分之和计算为96.46"


def test_score_sum_needs_a_scored_table() -> None:
    unscored = [indicator("指标", "100%", "100%", met=True)]
    assert run("score_sum_mismatch", record(indicators=unscored, scored=score(total="50"))) == []
    assert run("score_sum_mismatch", record(indicators=scored_indicators(("90", "90")))) == []


def test_score_exceeds_max_for_indicators_the_execution_row_and_the_total() -> None:
    inds = scored_indicators(("20", "20"), ("10", "12"))
    found = run(
        "score_exceeds_max",
        record(indicators=inds, scored=score(execution_score="10.5", execution_rate="105", total="102.5")),
    )
    assert [(f.stated, f.computed) for f in found] == [("12", "10"), ("10.5", "10"), ("102.5", "100")]
    assert found[0].evidence == [inds[1].evidence]
    assert found[0].message == "“指标2”得分12超过分值10"


def test_unmet_indicator_given_its_whole_score() -> None:
    inds = [
        indicator("泊位数", "≥120套", "108套", met=False, reason="工期延误", max_score="10", score="10"),
        indicator("验收合格率", "100%", "96%", met=False, max_score="10", score="8"),
        indicator("完好率", "≥95%", "98%", met=True, max_score="10", score="10"),
        indicator("满意度", "≥90%", "未调查", met=None, max_score="10", score="10"),
    ]
    [finding] = run("unmet_full_score", record(indicators=inds))
    assert figures([finding]) == [("unmet_full_score", "warning", "10", "10")]
    assert finding.message == "“泊位数”未完成（指标值≥120套，实际完成值108套），却得满分10"
    assert finding.evidence == [inds[0].evidence]


@pytest.mark.parametrize(
    ("rate", "got", "computed"),
    [
        ("79.59", "7.96", None),
        ("79.59", "8.0", None),
        ("79.59", "8", "7.96"),  # a whole score hiding 7.96: a warning (docs/tolerance.md)
        ("79.59", "7.9", "8.0"),
        ("105", "10", None),
        ("105", "10.5", "10.0"),
        ("79.55", "7.96", None),
        ("79.55", "7.95", "7.96"),
    ],
)
def test_execution_score(rate: str, got: str, computed: str | None) -> None:
    scored = score(execution_score=got, execution_rate=rate)
    found = run("execution_score_mismatch", record(scored=scored))
    assert [(f.stated, f.computed) for f in found] == ([] if computed is None else [(got, computed)])


def test_execution_score_falls_back_to_the_funds_rate() -> None:
    scored = score(execution_score="9", execution_rate=None)
    [finding] = run("execution_score_mismatch", record(scored=scored))
    assert (finding.stated, finding.computed) == ("9", "8")
    assert finding.message == "预算执行率得分填报为9，按执行率79.59%×分值10计算应为8"


# ---------------------------------------------------------------------------- cross_reference_mismatch


EMPLOYMENT = [
    indicator("城镇新增就业人数", "3200", "3772", met=True, level1="效益指标", level2="经济效益指标"),
    indicator("失业人员再就业人数", "900", "1491", met=True, level1="效益指标", level2="经济效益指标"),
    indicator("就业困难人员就业人数", "850", "1172", met=True, level1="效益指标", level2="经济效益指标"),
    indicator(
        "年末高校毕业生就业去向落实率", "96%", "96%", met=True, level1="效益指标", level2="经济效益指标"
    ),
]


def employment_goal(new_jobs: str = "3772人", reemployed: str = "1491人", hard: str = "1172人") -> Goal:
    return goal(
        "目标3",
        "年末城镇新增就业人数…",
        figure("年末城镇新增就业人数", new_jobs),
        figure("失业人员再就业人数新增", reemployed),
        figure("就业困难人员实现再就业人数新增", hard),
    )


def test_goal_figures_match_their_indicators_by_similar_name() -> None:
    assert run("cross_reference_mismatch", record(indicators=EMPLOYMENT, goals=[employment_goal()])) == []


@pytest.mark.parametrize(("which", "computed"), [(0, "3772"), (1, "1491"), (2, "1172")])
def test_a_goal_figure_differing_from_the_indicator_actual(which: int, computed: str) -> None:
    values = ["3772人", "1491人", "1172人"]
    values[which] = "1000人"
    g = employment_goal(*values)
    [finding] = run("cross_reference_mismatch", record(indicators=EMPLOYMENT, goals=[g]))
    assert figures([finding]) == [("cross_reference_mismatch", "error", "1000", computed)]
    ind = EMPLOYMENT[which]
    assert finding.evidence == [
        g.figures[which].value.evidence,
        g.evidence,
        ind.actual.evidence,
        ind.evidence,
    ]


def test_a_goal_figure_restating_the_target_is_the_plan_not_a_mismatch() -> None:
    prose = employment_goal(new_jobs="3200人")  # "城镇新增就业不少于3200人" in a goals section
    table = employment_goal(new_jobs="3200人")
    table.actual = "城镇新增就业3772人"
    assert run("cross_reference_mismatch", record(indicators=EMPLOYMENT, goals=[prose, table])) == []
    neither = employment_goal(new_jobs="3300人")
    found = run("cross_reference_mismatch", record(indicators=EMPLOYMENT, goals=[neither]))
    assert [(f.stated, f.computed) for f in found] == [("3300", "3772")]


def test_a_goal_figure_without_a_similar_indicator_or_in_another_unit_is_not_compared() -> None:
    g = goal("目标1", "…", figure("新建创业孵化基地数", "3个"), figure("城镇新增就业人数", "96%"))
    assert run("cross_reference_mismatch", record(indicators=EMPLOYMENT, goals=[g])) == []


def test_a_goal_rate_figure_against_the_funds_rate_at_the_lower_precision() -> None:
    assert (
        run("cross_reference_mismatch", record(goals=[goal("目标2", "…", figure("预算执行率", "79.6%"))]))
        == []
    )
    g = goal("目标2", "…", figure("预算执行率", "79.5%"))
    fund = funds()
    [finding] = run("cross_reference_mismatch", record(fund=fund, goals=[g]))
    assert (finding.stated, finding.computed) == ("79.5", "79.59")
    assert finding.evidence == [g.figures[0].value.evidence, g.evidence, at(fund.execution_rate)]


def test_fund_statements_of_the_same_figure_compared_in_yuan() -> None:
    first, same_in_yuan, other = amount("6359.55"), amount("63595500", "元"), amount("6359.56")
    fund = funds(
        statements=with_statements(
            ("budget_total", None, first), ("budget_total", None, same_in_yuan), ("budget_total", None, other)
        )
    )
    fund.budget_total = first
    [finding] = run("cross_reference_mismatch", record(fund=fund))
    assert figures([finding]) == [("cross_reference_mismatch", "error", "6359.55万元", "6359.56万元")]
    assert finding.evidence == [first.evidence, other.evidence]
    assert finding.message == "资金总额预算数前后填报不一致：先填报为6359.55万元，另一处为6359.56万元"


def test_fund_rate_statements_compared_at_the_lower_precision() -> None:
    fund = funds(
        statements=with_statements(
            ("execution_rate", None, percent("79.59")), ("execution_rate", None, percent("79.6"))
        )
    )
    fund.execution_rate = fund.statements[0].percent
    assert run("cross_reference_mismatch", record(fund=fund)) == []
    fund.statements.append(with_statements(("execution_rate", None, percent("79.5")))[0])
    assert [(f.stated, f.computed) for f in run("cross_reference_mismatch", record(fund=fund))] == [
        ("79.59", "79.5")
    ]


def test_a_source_amount_stated_twice_differently() -> None:
    central = source("中央财政资金", "central", "3319")
    fund = funds(
        sources=[central], statements=with_statements(("budget_total", "中央财政资金", amount("3391")))
    )
    [finding] = run("cross_reference_mismatch", record(fund=fund))
    assert (finding.stated, finding.computed) == (
        "3319万元",
        "3391万元",
    )  # no evidence order: primary first here
    assert finding.message.startswith("中央财政资金预算数前后填报不一致")


def test_an_indicator_in_prose_and_in_the_table_with_different_figures() -> None:
    prose = indicator("享受职业培训补贴人次数", "1700", "1722", met=True)
    table = indicator("享受职业培训补贴人次数", "1700", "1727", met=True)
    same = indicator("享受职业培训补贴人次数", "1700人次", "1722人次", met=True)
    assert run("cross_reference_mismatch", record(indicators=[prose, same])) == []
    [finding] = run("cross_reference_mismatch", record(indicators=[prose, table]))
    assert (finding.stated, finding.computed) == ("1722", "1727")
    assert finding.evidence == [prose.actual.evidence, prose.evidence, table.actual.evidence, table.evidence]
    assert finding.message == "指标“享受职业培训补贴人次数”的全年实际完成值两处填报不一致：1722与1727"


# ---------------------------------------------------------------------------- claims


UNMET = [
    indicator("享受就业见习补贴人数", "180", "132", met=False, reason="见习岗位不足。"),
    indicator("储备人员体检人数", "60", "0", met=False, reason="未参加体检。"),
    indicator("资金拨付及时率", "100%", "100%", met=True, level2="时效指标"),
]


def test_a_claim_that_all_were_completed_while_two_are_unmet() -> None:
    c = claim("各项指标全部完成")
    [finding] = run("false_completion_claim", record(indicators=UNMET, statements=[c]))
    assert figures([finding]) == [("false_completion_claim", "error", "各项指标全部完成", "2")]
    assert finding.evidence == [c.evidence, UNMET[0].evidence, UNMET[1].evidence]


def test_a_claim_about_one_indicator_or_one_level() -> None:
    named = claim("资金拨付及时率达到100%", subject="资金拨付及时率")
    level = claim("时效指标全部完成", subject="时效指标")
    wrong = claim("见习补贴人数完成目标", subject="享受就业见习补贴人数")
    found = run("false_completion_claim", record(indicators=UNMET, statements=[named, level, wrong]))
    assert [(f.stated, f.computed) for f in found] == [("见习补贴人数完成目标", "1")]
    assert run("false_completion_claim", record(statements=[claim("全部完成")])) == []


def test_unmet_without_reason_fires_and_is_silenced_by_a_reason_or_a_shortfall() -> None:
    bare = indicator("享受就业见习补贴人数", "180", "132", met=False)
    [finding] = run("unmet_without_reason", record(indicators=[bare]))
    assert figures([finding]) == [("unmet_without_reason", "warning", "132", "180")]
    assert finding.evidence == [bare.evidence, bare.actual.evidence, bare.target.evidence]
    explained = shortfall("一是就业见习补贴人数未达到指标值，原因是岗位不足。", subject="就业见习补贴人数")
    assert run("unmet_without_reason", record(indicators=[bare], statements=[explained])) == []
    elsewhere = shortfall("二是享受一次性求职人数为零。", subject="享受一次性求职人数为零")
    assert len(run("unmet_without_reason", record(indicators=[bare], statements=[elsewhere]))) == 1


def test_a_reason_on_a_met_indicator_unless_it_says_met() -> None:
    odd = indicator("公益性岗位人数", "500", "595", met=True, reason="受经济下行影响，岗位减少。")
    fine = indicator("高校毕业生满意度", "95%", "100%", met=True, reason="超额完成年度目标。")
    mixed = indicator(
        "资金拨付及时率", "100%", "100%", met=True, reason="已完成，但部分资金下达不及时，拨付时间不足。"
    )
    found = run("unmet_reason_for_met", record(indicators=[odd, fine, mixed]))
    assert figures(found) == [
        ("unmet_reason_for_met", "info", "595", "500"),
        ("unmet_reason_for_met", "info", "100%", "100%"),
    ]
    assert (
        found[0].message
        == "“公益性岗位人数”已完成（指标值500，实际完成值595），却填写了偏差原因：受经济下行影响，岗位减少。"
    )


def test_a_shortfall_naming_no_indicator() -> None:
    s = shortfall("二是享受一次性求职人数为零，没有符合条件的人员申领。", subject="享受一次性求职人数为零")
    [finding] = run("unmet_reason_for_met", record(indicators=UNMET, statements=[s]))
    assert figures([finding]) == [("unmet_reason_for_met", "info", "享受一次性求职人数为零", None)]
    assert finding.evidence == [s.evidence]
    named = shortfall("一是就业见习补贴人数未达到指标值。", subject="就业见习补贴人数")
    assert run("unmet_reason_for_met", record(indicators=UNMET, statements=[named])) == []


# ---------------------------------------------------------------------------- missing_core_figure


def test_missing_core_figures() -> None:
    rec = record(fund=Funds(), indicators=[])
    assert figures(run("missing_core_figure", rec)) == [
        ("missing_core_figure", "warning", "budget_total", None),
        ("missing_core_figure", "warning", "executed_total", None),
        ("missing_core_figure", "warning", "indicators", None),
    ]
    assert run("missing_core_figure", record()) == []


# ---------------------------------------------------------------------------- the sample report


_CORP = "高校毕业生到中小企业及非公有制组织储备"
# (level1, level2, name, target, actual, met, deviation reason) as the sample states them.
SAMPLE_INDICATORS: list[tuple[str, str, str, str, str, bool | None, str | None]] = [
    ("产出指标", "数量指标", "享受职业培训补贴人次数", "1700", "1722", True, None),
    ("产出指标", "数量指标", "享受社会保险补贴人数", "未设定", "4665", None, None),
    (
        "产出指标",
        "数量指标",
        "享受就业见习补贴人数",
        "180",
        "132",
        False,
        "未完成原因是经济效益不好，企业用工减少。",
    ),
    ("产出指标", "数量指标", "就业困难人员享受公益性岗位补贴人数", "未设定", "595", None, None),
    ("产出指标", "数量指标", "失业动态监测企业户数", "未设定", "68", None, None),
    ("产出指标", "数量指标", "基层劳动保障协理员补助人数", "未设定", "27", None, None),
    ("产出指标", "数量指标", f"{_CORP}每年招募人数", "60", "72", True, None),
    (
        "产出指标",
        "数量指标",
        f"{_CORP}2025年招募人员体检人数",
        "60",
        "0",
        False,
        "原因为部分人员储备时间不长就离职，未参加体检。",
    ),
    ("产出指标", "质量指标", "失业动态监测数据准确率", "100%", "100%", True, None),
    ("产出指标", "质量指标", "基层劳动保障协理员补助发放率", "100%", "100%", True, None),
    ("产出指标", "质量指标", f"{_CORP}补助资金发放准确率", "100%", "100%", True, None),
    ("产出指标", "质量指标", f"{_CORP}招募人才学历标准", "全日制专科以上", "全日制专科以上", None, None),
    ("产出指标", "时效指标", "资金在规定时间内下达率", "100%", "100%", True, None),
    ("产出指标", "时效指标", "资金拨付及时率", "100%", "100%", True, None),
    ("产出指标", "时效指标", f"{_CORP}招募工作完成时间", "2025年底", "2025年9月", None, None),
    ("产出指标", "时效指标", f"{_CORP}新招募人员体检工作完成时间", "2025年底", "2025年9月", None, None),
    (
        "产出指标",
        "成本指标",
        "社会保险补贴人均标准",
        "根据社保实际缴费金额补贴",
        "根据社保实际缴费金额补贴",
        None,
        None,
    ),
    ("产出指标", "成本指标", "公益性岗位补贴人均标准", "2200元/人/年", "2200元/人/年", True, None),
    ("产出指标", "成本指标", "失业动态监测补助标准", "1200元/户/年", "1200元/户/年", True, None),
    (
        "产出指标",
        "成本指标",
        "由自治区财政承担的基层劳动保障协理员补助人均标准",
        "1500元/人/年",
        "1500元/人/年",
        True,
        None,
    ),
    (
        "产出指标",
        "成本指标",
        f"{_CORP}生活补贴标准",
        "1月700元/人/月，2月开始1000元/人/月",
        "1月700元/人/月，2月开始1000元/人/月",
        None,
        None,
    ),
    ("产出指标", "成本指标", f"{_CORP}体检费标准", "200元/次", "200元/次", True, None),
    ("效益指标", "经济效益指标", "城镇新增就业人数", "3200", "3772", True, None),
    ("效益指标", "经济效益指标", "年末高校毕业生就业去向落实率", "96%", "96%", True, None),
    ("效益指标", "经济效益指标", "失业人员再就业人数", "900", "1491", True, None),
    ("效益指标", "经济效益指标", "就业困难人员就业人数", "850", "1172", True, None),
    ("效益指标", "社会效益指标", "零就业家庭帮扶率", "100%", "100%", True, None),
    ("效益指标", "社会效益指标", "因就业问题发生重大群体性事件数量", "0", "0", True, None),
    ("效益指标", "社会效益指标", "保障失业动态监测工作顺利开展", "100%", "100%", True, None),
    ("效益指标", "社会效益指标", "激发创业活力，提升创业能力", "效果显著", "效果显著", None, None),
    ("效益指标", "社会效益指标", "推进人才强区工程建设", "效果显著", "效果显著", None, None),
    ("效益指标", "社会效益指标", "提升就业创业能力", "效果显著", "效果显著", None, None),
    (
        "效益指标",
        "可持续影响指标",
        "优化创业环境，强化公共就业创业服务水平",
        "效果显著",
        "效果显著",
        None,
        None,
    ),
    ("效益指标", "可持续影响指标", "为科学研判就业失业形势提供数据支撑", "效果显著", "效果显著", None, None),
    ("效益指标", "可持续影响指标", "促进高校毕业生就业", "效果显著", "效果显著", None, None),
    ("满意度指标", "服务对象满意度指标", "就业政策满意度", "100%", "100%", True, None),
    ("满意度指标", "服务对象满意度指标", "公共就业服务满意度", "100%", "100%", True, None),
    ("满意度指标", "服务对象满意度指标", "高校毕业生满意度", "95%", "100%", True, None),
]


def sample_record() -> Record:
    """The sample report as a careful extraction gives it (every figure stated where it is)."""
    budget_1, budget_2 = amount("6359.55"), amount("6359.55")
    executed, rate = amount("5061.56"), percent("79.59")
    sources = sample_sources()
    fund = funds(sources=sources)
    fund.statements = with_statements(
        ("budget_total", None, budget_1),
        *(("budget_total", s.name, s.budget) for s in sources if s.budget),
        ("budget_total", None, budget_2),
        ("executed_total", None, executed),
        ("execution_rate", None, rate),
    )
    fund.budget_total, fund.executed_total, fund.execution_rate = budget_2, executed, rate
    goals = [
        goal("目标1", "资金按规定用于职业培训补贴……等支出以及经省级人民政府批准的其他支出项目。"),
        goal("目标2", "就业补助资金按规定时间内拨付下达，预算执行率79.59%。", figure("预算执行率", "79.59%")),
        employment_goal(),
    ]
    indicators = [
        indicator(name, target, actual, met=met, reason=reason, level1=level1, level2=level2)
        for level1, level2, name, target, actual, met, reason in SAMPLE_INDICATORS
    ]
    statements = [
        shortfall("一是就业见习补贴人数未达到指标值，未完成原因是经济效益不好……", subject="就业见习补贴人数"),
        shortfall("二是享受一次性求职人数为零，没有符合条件的人员申领。", subject="享受一次性求职人数为零"),
    ]
    return record(fund=fund, indicators=indicators, goals=goals, statements=statements)


def test_the_sample_report_has_exactly_the_shortfall_without_an_indicator() -> None:
    rec = sample_record()
    assert sum(s.budget.yuan for s in rec.funds.sources if s.budget) == Decimal("63595500")
    [finding] = check_record(rec)
    assert figures([finding]) == [("unmet_reason_for_met", "info", "享受一次性求职人数为零", None)]
    assert finding.message == "偏差说明“享受一次性求职人数为零”未对应任何绩效指标"
    assert finding.evidence == [rec.statements[1].evidence]


def test_the_sample_report_with_a_changed_figure_is_caught() -> None:
    rec = sample_record()
    rec.funds.execution_rate = percent("79.60")
    rec.indicators[22].actual = val("3773")  # 城镇新增就业人数, the goal says 3772
    found = [(f.code, f.stated, f.computed) for f in check_record(rec)]
    assert found == [
        ("execution_rate_mismatch", "79.60", "79.59"),
        ("cross_reference_mismatch", "79.59", "79.60"),  # 目标2 states 79.59, the funds paragraph 79.60
        ("cross_reference_mismatch", "3772", "3773"),
        ("cross_reference_mismatch", "79.59", "79.60"),  # the statement of the rate vs the changed primary
        ("unmet_reason_for_met", "享受一次性求职人数为零", None),
    ]


def test_the_score_rows_rate_is_a_stated_rate_of_the_total() -> None:
    rec = record(scored=score(execution_score="8.06", execution_rate="80.59"))
    [finding] = run("execution_rate_mismatch", rec)
    assert (finding.stated, finding.computed) == ("80.59", "79.59")
