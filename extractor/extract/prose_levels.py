"""Indicator levels in prose: headings, and levels written in front of indicators.

"1.产出指标" / "（1）数量指标" on lines of their own are headings; "产出指标方面，数量指标：X…",
"一是数量指标：…", "产出数量指标：第一，…" are leads inside a paragraph. Either sets the levels of
the indicators after it until the next one.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractor import patterns
from extractor.extract.context import TextUnit
from extractor.extract.levels import level1_kept, level1_of, level2_of, numbering_style, strip_numbering

_HEADING_MAX = 16


@dataclass(slots=True)
class LevelState:
    level1: str | None = None
    level2: str | None = None
    level1_style: str | None = None
    # Inside the part of a report that states its indicators: after a level heading or lead, or a
    # "绩效指标完成情况" heading. Only there is a bare "X 100%" or "X有所提高" read as an indicator.
    listing: bool = False

    def heading(self, unit: TextUnit) -> bool:
        """Update the levels if the paragraph is a level heading; say whether it was."""
        folded = unit.folded.strip()
        body = folded[strip_numbering(folded):].strip().rstrip("。:")
        points = patterns.search("levels.points_aside", body)
        if points is not None:  # "产出指标(分值50分,得分49分)": the level, its points aside
            body = body[:points.start()]
        if len(body) > _HEADING_MAX:
            return False
        if patterns.fullmatch("indicators.section_lead", body):
            self.listing = True
            return True
        style = numbering_style(folded)
        pair = patterns.fullmatch("levels.level_pair", body)
        if pair:
            self.level1, self.level1_style = level1_of(pair.group("one")), style
            self.level2 = level2_of(pair.group("two"))
            self.listing = True
            return True
        one, two = level1_of(body), level2_of(body)
        if one and two:  # 成本指标: a 二级 under 产出 unless numbered like the 一级 headings
            if self.level1 and style != self.level1_style:
                one = None
            else:
                two = None
        if one:
            self.level1, self.level1_style, self.level2, self.listing = one, style, None, True
            return True
        if two:
            self.set_level2(two)
            self.listing = True
            return True
        return False

    def copy(self) -> LevelState:
        return LevelState(self.level1, self.level2, self.level1_style, self.listing)

    def set_level2(self, level2: str | None) -> None:
        self.level2 = level2
        self.level1 = level1_kept(self.level1, level2)


def apply_lead(folded: str, start: int, end: int, levels: LevelState) -> int:
    """Levels written at `start` become the levels in force; returns where the text after them starts."""
    lead = patterns.match("levels.level_lead", folded, start, end)
    if lead is None or lead.end() == start:
        return start
    one, two = lead.group("one"), lead.group("two")
    if one is None and two is None:
        section = patterns.match("indicators.section_lead", folded, start + strip_numbering(folded[start:end]), end)
        if section is not None:
            levels.listing = True
            return int(section.end())
        return start
    levels.listing = True
    if one == "成本" and not two and levels.level1 == "产出指标":
        levels.level2 = "成本指标"  # under 产出, as a heading would be (see LevelState.heading)
    elif one:
        levels.level1, levels.level2 = level1_of(one + "指标"), None
    if two:
        levels.set_level2(level2_of(two + "指标"))
    return int(lead.end())


def apply_leads_before(folded: str, start: int, end: int, levels: LevelState) -> None:
    """The leads of every sentence in [start, end), in order."""
    sentence = start
    while sentence < end:
        apply_lead(folded, sentence, end, levels)
        stops = [at for at in (folded.find(char, sentence, end) for char in "。；;") if at >= 0]
        if not stops:
            break
        sentence = min(stops) + 1


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    body: int  # where the text after its lead starts
    level1: str | None
    level2: str | None
    listing: bool


def sentence_leads(folded: str, levels: LevelState) -> list[Sentence]:
    """Each sentence of a paragraph with the levels in force once its lead is applied."""
    spans: list[Sentence] = []
    sentence = 0
    has_leads = "指标" in folded  # every level lead and section lead names 指标
    while sentence < len(folded):
        stops = [at for at in (folded.find(char, sentence) for char in "。；;") if at >= 0]
        end = min(stops) + 1 if stops else len(folded)
        body = apply_lead(folded, sentence, end, levels) if has_leads else sentence
        spans.append(Sentence(sentence, body, levels.level1, levels.level2, levels.listing))
        sentence = end
    return spans
