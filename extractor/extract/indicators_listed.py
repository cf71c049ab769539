"""Indicators a report lists without the labels 指标值 / 实际完成值, inside its indicator section.

"（三）绩效指标完成情况分析。项目验收合格率100%，工作任务及时完成率≥90%，…效果明显"; "2.质量指标。
经费发放率为98%覆盖率及资金到位率均为100%"; "4、社会效益指标：残疾人康复服务水平有所提高；…";
"一是数量指标：…补助学生人次940人次，实际发放940人次". What is stated is read, nothing more: a list
of achievements has actuals and no targets, so `met` stays unknown.
"""

from __future__ import annotations

import regex

from extractor import patterns
from extractor.extract.prose_levels import LevelState, sentence_leads
from extractor.extract.units import Joined
from extractor.models import Indicator, Value
from extractor.normalise.values import parse_value
from extractor.settings import SETTINGS

_NAME_MIN, _NAME_MAX = 3, 40
# A clause about the money is the funds' (全年执行数1,421.63万元), not an indicator.
_NOT_NAMES = ("预算", "执行数", "支出数", "万元", "资金共", "资金合计")


def listed_indicators(unit: Joined, levels: LevelState, covered: list[tuple[int, int]]) -> list[Indicator]:
    """Indicators of the sentences not `covered` by labelled ones (levels are updated in order)."""
    found: list[Indicator] = []
    folded = unit.folded
    spans = sentence_leads(folded, levels)
    for index, sentence in enumerate(spans):
        end = spans[index + 1].start if index + 1 < len(spans) else len(folded)
        if not sentence.listing or any(a < end and sentence.start < b for a, b in covered):
            continue
        paired = _figure_then_actual(unit, sentence.body, end, sentence.level1, sentence.level2)
        found.extend(paired or _items(unit, sentence.body, end, sentence.level1, sentence.level2))
    return found


def _clean_name(unit: Joined, start: int, end: int) -> tuple[int, int]:
    folded = unit.folded
    lead = patterns.match("indicators.subject_lead", folded, start, end)
    if lead is not None:
        start = lead.end()
    numbering = patterns.match("indicators.numbering", folded, start, end)
    if numbering is not None:
        start = numbering.end()
    while start < end and folded[start] in " ,，、":
        start += 1
    while end > start and folded[end - 1] in " ,，、":
        end -= 1
    return start, end


def _plausible_name(name: str) -> bool:
    return (_NAME_MIN <= len(name) <= _NAME_MAX and not name[0].isdigit()
            and not any(word in name for word in _NOT_NAMES))


def _figure_then_actual(unit: Joined, start: int, end: int, level1: str | None,
                        level2: str | None) -> list[Indicator]:
    found: list[Indicator] = []
    matches = [*patterns.finditer("indicators.figure_then_actual", unit.folded, start, end),
               *patterns.finditer("indicators.actual_then_target", unit.folded, start, end)]
    for match in sorted(matches, key=lambda m: m.start()):
        name_start, name_end = _clean_name(unit, match.start("name"), match.end("name"))
        name = unit.text[name_start:name_end].strip()
        if not _plausible_name(name):
            continue
        found.append(Indicator(
            level1=level1, level2=level2, name=name,
            target=_value(unit, match, "target"), actual=_value(unit, match, "actual"),
            evidence=unit.evidence(name_start, max(match.end("actual"), match.end("target")))))
    return found


def _value(unit: Joined, match: regex.Match[str], group: str) -> Value:
    start, end = match.start(group), match.end(group)
    return parse_value(unit.text[start:end], unit.evidence(start, end))


def _items(unit: Joined, start: int, end: int, level1: str | None, level2: str | None) -> list[Indicator]:
    matches = [m for m in patterns.finditer("indicators.listed_item", unit.folded, start, end)
               if not patterns.fullmatch("indicators.year_value", m.group("value").strip())]
    body = len(unit.folded[start:end].strip(" 。;；,，"))
    if not matches or sum(m.end() - m.start() for m in matches) < SETTINGS.list_share * body:
        return []  # a narrative sentence that happens to hold a figure
    found: list[Indicator] = []
    for match in matches:
        name_start, name_end = _clean_name(unit, match.start("name"), match.end("name"))
        actual = parse_value(unit.text[match.start("value"):match.end("value")],
                             unit.evidence(match.start("value"), match.end("value")))
        if actual.kind == "amount":
            continue  # money stated in a list is the funds', not an indicator's
        for part_start, part_end in _shared_names(unit, name_start, name_end, match):
            name = unit.text[part_start:part_end].strip()
            if _plausible_name(name):
                found.append(Indicator(level1=level1, level2=level2, name=name, target=parse_value(""),
                                       actual=actual, evidence=unit.evidence(part_start, part_end)))
    return found


def _shared_names(unit: Joined, start: int, end: int, match: regex.Match[str]) -> list[tuple[int, int]]:
    """"覆盖率及资金到位率均为100%": each name the one value is stated for."""
    if not unit.folded[match.end("name"):match.start("value")].startswith("均"):
        return [(start, end)]
    parts: list[tuple[int, int]] = []
    at = start
    for separator in patterns.finditer("indicators.shared_value_names", unit.folded, start, end):
        parts.append((at, separator.start()))
        at = separator.end()
    parts.append((at, end))
    return parts
