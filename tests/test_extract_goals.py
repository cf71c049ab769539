"""The goals stage on documents built in memory: "目标1：…" paragraphs with their figures, and a
自评表's 年度总体目标 row beside its 全年实际完成情况."""

from __future__ import annotations

from decimal import Decimal

from documents import COVERED, Span, document, quoted, where

from extractor.extract import extract
from extractor.models import Goal

C = COVERED

ROADS = document(
    "汉阴县2024年度农村公路养护资金绩效自评报告",
    "目标1：完成农村公路养护里程420公里，路面优良率达到85%以上。",
    "目标2：群众满意度不低于90%。",
)

INSURANCE = document(
    "遵义市播州区2023年度城乡居民基本医疗保险补助资金绩效自评报告",
    "二、绩效目标完成情况",
    "目标1：城乡居民基本医疗保险参保人数稳定在68万人以上，参保率达到95%。",
    "目标2：政策范围内住院费用基金支付比例不低于70%。",
)

PLANNED = "保障全县义务教育阶段学生公用经费足额拨付，资助家庭经济困难寄宿生不少于3200人。"
DONE = "全年拨付公用经费覆盖学生21460人，资助家庭经济困难寄宿生3315人。"
EDUCATION_TABLE = document("紫阳县2024年度城乡义务教育补助经费绩效目标自评表", [
    ["转移支付名称", Span("城乡义务教育补助经费", cols=5), C, C, C, C],
    [Span("总体目标", rows=2), Span("年度目标", cols=3), C, C, Span("全年实际完成情况", cols=2), C],
    [C, Span(PLANNED, cols=3), C, C, Span(DONE, cols=2), C],
])


def _figures(goal: Goal) -> list[tuple[str, Decimal | None, str | None, str]]:
    return [(f.value.raw, f.value.number, f.value.unit, f.value.kind) for f in goal.figures]


def test_numbered_goals_in_order_with_labels_and_text() -> None:
    goals = extract(ROADS).goals
    assert [(g.label, g.text) for g in goals] == [
        ("目标1", "完成农村公路养护里程420公里，路面优良率达到85%以上。"), ("目标2", "群众满意度不低于90%。")]
    assert [g.actual for g in goals] == [None, None]  # prose goals state no outcome beside them


def test_goal_places_skip_the_label() -> None:
    first, second = extract(ROADS).goals
    assert where(first.evidence) == (1, None, None, 4, 33)
    assert where(second.evidence) == (2, None, None, 4, 16)
    assert quoted(ROADS, second.evidence) == "群众满意度不低于90%。"


def test_goal_figures_with_units_and_kinds() -> None:
    first, second = extract(ROADS).goals
    assert _figures(first) == [("420公里", Decimal(420), "公里", "number"), ("85%", Decimal(85), "%", "percent")]
    assert [f.name for f in first.figures] == ["完成农村公路养护里程", "路面优良率"]
    assert _figures(second) == [("90%", Decimal(90), "%", "percent")]


def test_goals_after_a_heading_with_ten_thousands() -> None:
    first, second = extract(INSURANCE).goals
    assert (first.label, where(first.evidence)[0], second.label, where(second.evidence)[0]) == ("目标1", 2, "目标2", 3)
    assert _figures(first) == [("68万人", Decimal(68), "万人", "number"), ("95%", Decimal(95), "%", "percent")]
    assert first.figures[1].name == "参保率"


def test_table_goal_beside_what_was_done() -> None:
    (goal,) = extract(EDUCATION_TABLE).goals
    assert goal.label == "年度总体目标"
    assert (goal.text, goal.actual) == (PLANNED, DONE)
    assert where(goal.evidence) == (1, 2, 1, 0, 41)  # the whole cell
    assert quoted(EDUCATION_TABLE, goal.evidence) == PLANNED
