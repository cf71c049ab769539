"""Indicators stated in prose, under 一级/二级 headings.

"①享受职业培训补贴人次数，指标值1700，全年实际完成值1722。", "X：年度指标值≥1700人次，实际完成
1722人次，完成率101.29%。", "X目标值3200人，实际完成3772人", "X（指标值：100户，实际完成：98户）".
A paragraph may hold several indicators, and one indicator may span two paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from extractor import patterns
from extractor.extract.context import TextUnit
from extractor.extract.indicators_listed import listed_indicators
from extractor.extract.levels import level1_of, level2_of, strip_numbering
from extractor.extract.prose_levels import LevelState, apply_lead, apply_leads_before
from extractor.extract.units import Joined
from extractor.memo import per_document
from extractor.models import Indicator, Percent, Statement
from extractor.normalise.values import make_percent, parse_value

_SEPARATORS = " \t\n，,。；;：:、"
_ENDS = "。；;"


@dataclass(slots=True)
class ProseIndicators:
    indicators: list[Indicator] = field(default_factory=list)
    # Stated without target/actual labels (see indicators_listed): kept only where no table
    # lists the indicators, since a narrative then sums up its attached table.
    listed: list[Indicator] = field(default_factory=list)
    claims: list[Statement] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Labels:
    """A paragraph's target and actual label matches, found once and asked many times."""

    targets: tuple[regex.Match[str], ...]
    actuals: tuple[regex.Match[str], ...]

    @staticmethod
    def of(folded: str) -> Labels:
        return _labels_of(folded)

    def open_target(self) -> bool:
        """A target label with no actual label after it: the actual is on the next line."""
        return bool(self.targets) and not any(a.start() >= self.targets[-1].end() for a in self.actuals)

    def ends_with_actual(self, folded: str) -> bool:
        """"…目标值62,000人，实际完成" with the value on the next line."""
        return bool(self.actuals) and not folded[self.actuals[-1].end():].strip(_SEPARATORS)

    def starts_with_actual(self, folded: str) -> bool:
        """The paragraph opens with an actual label ("实际完成：98户"), the rest of a line above."""
        if not self.actuals or (self.targets and self.targets[0].start() < self.actuals[0].start()):
            return False
        return not folded[strip_numbering(folded):self.actuals[0].start()].strip(_SEPARATORS)


@per_document
def _labels_of(folded: str) -> Labels:
    """Once per paragraph text: joining lines, reading indicators and listing the rest all ask."""
    return Labels(tuple(patterns.finditer("indicators.target_label", folded)),
                  tuple(patterns.finditer("indicators.actual_label", folded)))


def _is_dangling_name(unit: TextUnit, labels: Labels) -> bool:
    """"X：" or "指标名称：X" on a line of its own, the target on the next."""
    text = unit.folded.rstrip()
    if labels.targets or len(text) >= 60:
        return False
    if text.endswith((":", "，", ",")):
        return True
    return "指标" in text and patterns.match("indicators.name_label", text, strip_numbering(text)) is not None


def _starts_with_target(folded: str) -> bool:
    body = folded[strip_numbering(folded):].lstrip(_SEPARATORS)
    return patterns.match("indicators.target_label", body) is not None


def _joins_next(unit: TextUnit, labels: Labels, following: TextUnit, following_labels: Labels) -> bool:
    if following.block != unit.block + 1:
        return False
    return ((labels.open_target() and following_labels.starts_with_actual(following.folded))
            or (_is_dangling_name(unit, labels) and _starts_with_target(following.folded))
            or (labels.ends_with_actual(unit.folded) and not _starts_with_target(following.folded)))


_MAX_JOINED = 4  # "指标名称：X" / "年度目标：…" / "实际完成：…" on lines of their own


def join_spanning(units: list[TextUnit]) -> list[Joined]:
    """Group paragraphs so that an indicator split over lines is read as one."""
    labels = [Labels.of(unit.folded) for unit in units]
    joined: list[Joined] = []
    index = 0
    while index < len(units):
        end = index + 1
        while (end < len(units) and end - index < _MAX_JOINED
               and _joins_next(units[end - 1], labels[end - 1], units[end], labels[end])):
            end += 1
        joined.append(Joined(tuple(units[index:end])))
        index = end
    return joined


_MAX_NAME, _MAX_VALUE = 60, 60


def _too_long(name: int, target: int, actual: int) -> bool:
    """Narrative that happens to contain both labels is not an indicator statement."""
    return name > _MAX_NAME or target > _MAX_VALUE or actual > _MAX_VALUE


def _after_level_lead(folded: str, start: int, end: int, levels: LevelState) -> int:
    """Past a sentence break and levels written in front of the name ("…；产出指标方面，数量指标：X"),
    which become the levels of this indicator and the ones after it; leads of the sentences
    before it ("产出指标完成情况。一是数量指标：…。四是成本指标：X…") are applied in order first."""
    cut = max(folded.rfind(char, start, end) for char in "；;。") + 1
    if cut > start and folded[cut:end].strip(_SEPARATORS):  # a name after the break: the text before is not
        apply_leads_before(folded, start, cut, levels)
        start = cut
    if "指标" not in folded[start:end]:  # both a name label and a level lead say 指标
        return start
    label = patterns.match("indicators.name_label", folded, start + strip_numbering(folded[start:end]), end)
    if label is not None:
        return int(label.end())
    return apply_lead(folded, start, end, levels)


def _clean_name(folded: str, start: int, end: int) -> tuple[int, int]:
    start += strip_numbering(folded[start:end])
    # "…共设9项，除X（指标值…）外，其余…": the name is X ("除布病外其他病种的…合格率" is a name).
    excepted = folded.rfind("除", start, end)
    if excepted > start and folded[excepted - 1] in _SEPARATORS:
        start = excepted + 1
    while start < end and folded[start] in _SEPARATORS:
        start += 1
        start += strip_numbering(folded[start:end])
    while end > start and (folded[end - 1] in _SEPARATORS + "(" or folded[end - 1] in "的为"):
        end -= 1
    return start, end


def _next_name_start(folded: str, actual_end: int, next_target: int) -> int:
    """Where the next indicator's part of a paragraph begins: at the last sentence break (；。)
    before its target label, else at the last comma that leaves it a name ("①甲，目标值10人，
    实际完成12人，②乙，目标值20人…": not the comma between 乙 and its label)."""
    for separators in ("；;。", "，,"):
        cut = max(folded.rfind(char, actual_end, next_target) for char in separators)
        while cut > actual_end:
            if folded[cut + 1:next_target].strip(_SEPARATORS):
                return cut
            cut = max(folded.rfind(char, actual_end, cut) for char in separators)
    run_on = patterns.search("indicators.figure_end", folded, actual_end, next_target)
    return run_on.start() if run_on else next_target  # "…实际完成值为100%义务兵家庭优待金…指标为…"


def _actual_end(folded: str, start: int, limit: int, in_parens: bool) -> int:
    end = limit
    for char in _ENDS:
        found = folded.find(char, start, end)
        if found != -1:
            end = found
    if in_parens:
        close = folded.find(")", start, end)
        if close != -1:
            end = close
    tail = patterns.search("indicators.actual_tail", folded, start, end)
    if tail:
        end = tail.start()
    run_on = patterns.search("indicators.figure_end", folded, start, end)
    return run_on.start() if run_on else end


_NUMERIC_KINDS = ("number", "percent", "amount")
_OPERATOR_STARTS = "≥≤><=＞＜≧≦"


def _figure_then_aside(text: str, start: int, end: int) -> int:
    """The end of a value that is a figure followed by an aside after a comma ("86个，覆盖全县21个
    乡镇", "≥90%，经问卷调查", "不低于90%，经第三方回访"): the figure is the value."""
    comma = _clause_comma(text, start + 1, end)
    if comma == -1:
        return end
    value = text[start:comma]
    operator = patterns.match("values.op_prefix", value)
    head = value[operator.end() if operator else 0:].lstrip()[:1]
    if not head or not (head.isdigit() or head in _OPERATOR_STARTS):
        return end  # not a figure: a text value keeps its clauses
    return comma if parse_value(value).kind in _NUMERIC_KINDS else end


def _clause_comma(text: str, start: int, end: int) -> int:
    """The first comma in text[start:end] that ends a clause (not the one in "1,722"), or -1."""
    wide = text.find("，", start, end)
    at = text.find(",", start, wide if wide != -1 else end)
    while at != -1 and text[at - 1].isdigit() and text[at + 1:at + 2].isdigit():
        at = text.find(",", at + 1, wide if wide != -1 else end)
    return at if at != -1 else wide


def _trim(folded: str, start: int, end: int) -> tuple[int, int]:
    while start < end and folded[start] in _SEPARATORS + "(":
        start += 1
    while end > start and folded[end - 1] in _SEPARATORS + ")":
        end -= 1
    return start, end


def _reason_in(folded: str, text: str, start: int, end: int) -> str | None:
    marker = patterns.search("indicators.reason_marker", folded, start, end)
    if marker is None:
        return None
    clause_start = start
    for char in _ENDS:
        found = folded.rfind(char, start, marker.start())
        if found != -1:
            clause_start = max(clause_start, found + 1)
    clause_start, _ = _trim(folded, clause_start, end)
    while clause_start < end and folded[clause_start] in _SEPARATORS + ")":
        clause_start += 1
    reason = text[clause_start:end].strip()
    return reason or None


def _completion_rate(unit: Joined, start: int, end: int) -> Percent | None:
    found = patterns.search("indicators.completion_rate", unit.folded, start, end)
    if not found:
        return None
    raw = unit.text[found.start("pnum") if found.group("pnum") else found.start("pcn") - 3:found.end()]
    return make_percent(raw, found.group("pnum"), found.group("pcn"),
                        unit.evidence(found.start(), found.end()))


def _claim_in_tail(unit: Joined, name: str, start: int, end: int) -> Statement | None:
    """A claim in the indicator's own sentence; one in a sentence after it is the report's."""
    stop = unit.folded.find("。", start, end)
    stop = stop if stop != -1 else end
    found = patterns.search("statements.completion_claim", unit.folded, start, stop)
    if not found or patterns.search("statements.claim_exception", unit.folded, start, found.start()):
        return None  # "X（…）外，其余指标均达到": a claim about the others
    return Statement(kind="completion_claim", subject=name, text=unit.text[found.start():found.end()],
                     evidence=unit.evidence(found.start(), found.end()))


def indicators_in(unit: Joined, levels: LevelState, targets: tuple[regex.Match[str], ...]) -> ProseIndicators:
    """Every indicator stated in one (joined) paragraph, its targets found (`targets_in`)."""
    found = ProseIndicators()
    folded, text = unit.folded, unit.text
    if not targets:
        return found
    segment_start = strip_numbering(folded)
    inline = patterns.match("levels.level2_inline", folded, segment_start)
    if inline:
        if inline.group("one"):
            levels.level1 = level1_of(inline.group("one") + "指标")
        levels.set_level2(level2_of(inline.group("level") + "指标"))
        segment_start = inline.end()
    for position, target in enumerate(targets):
        next_target = targets[position + 1].start() if position + 1 < len(targets) else len(folded)
        actual = patterns.search("indicators.actual_label", folded, target.end(), next_target)
        if actual is None:
            continue
        limit = _next_name_start(folded, actual.end(), next_target) if position + 1 < len(targets) else next_target
        name_start, name_end = _clean_name(folded, _after_level_lead(folded, segment_start, target.start(), levels),
                                           target.start())
        in_parens = "(" in folded[name_end:target.start()] or folded[max(0, target.start() - 1)] == "("
        target_start, target_end = _trim(folded, target.end(), _figure_then_aside(text, target.end(), actual.start()))
        actual_start = actual.end()
        actual_stop = _figure_then_aside(text, actual_start, _actual_end(folded, actual_start, limit, in_parens))
        actual_start, actual_stop = _trim(folded, actual_start, actual_stop)
        name = text[name_start:name_end].strip()
        # A sentence that only mentions the labels ("根据各三级绩效指标值，逐项分析全年实际完成情况")
        # has no values; an indicator needs a name and both values.
        if not name or target_start >= target_end or actual_start >= actual_stop or _too_long(
                name_end - name_start, target_end - target_start, actual_stop - actual_start):
            segment_start = limit  # the next indicator's name starts after this one's values
            continue
        if name in patterns.words("indicators", "goal_names"):
            segment_start = limit
            continue  # "年度绩效目标：…。完成情况：…" is the goals paragraph
        tail_end = limit
        reason = _reason_in(folded, text, actual_stop, tail_end)
        target_value = parse_value(text[target_start:target_end], unit.evidence(target_start, target_end))
        actual_value = parse_value(text[actual_start:actual_stop], unit.evidence(actual_start, actual_stop))
        found.indicators.append(Indicator(
            level1=levels.level1, level2=levels.level2, name=name,
            target=target_value, actual=actual_value, deviation_reason=reason,
            completion_rate=_completion_rate(unit, actual_stop, tail_end),
            evidence=unit.evidence(name_start, max(actual_stop, name_end)),
        ))
        claim = _claim_in_tail(unit, name, actual_stop, tail_end)
        if claim:
            found.claims.append(claim)
        segment_start = tail_end
    if not found.indicators and len(targets) == 1:
        reversed_one = _actual_first(unit, levels, segment_start, targets[0])
        if reversed_one is not None:
            found.indicators.append(reversed_one)
    return found


def targets_in(folded: str, levels: LevelState) -> tuple[regex.Match[str], ...]:
    """The paragraph's target labels; where the report states its indicators and none is
    labelled, a comparison right after a name ("居民健康素养水平不低于25%，经监测实际达到27.1%")."""
    labelled = Labels.of(folded).targets
    if labelled or not (levels.listing or patterns.match("levels.level2_inline", folded, strip_numbering(folded))):
        return labelled
    return tuple(patterns.finditer("indicators.bare_target", folded))


def _actual_first(unit: Joined, levels: LevelState, start: int, target: regex.Match[str]) -> Indicator | None:
    """"X实际完成1722人次，年度指标值1700人次": the actual stated before the target."""
    folded, text = unit.folded, unit.text
    actual = patterns.search("indicators.actual_label", folded, start, target.start())
    if actual is None:
        return None
    name_start, name_end = _clean_name(folded, start, actual.start())
    actual_start, actual_stop = _trim(folded, actual.end(), target.start())
    target_start, target_end = _trim(folded, target.end(), _actual_end(folded, target.end(), len(folded), False))
    if name_start >= name_end or actual_start >= actual_stop or target_start >= target_end or _too_long(
            name_end - name_start, target_end - target_start, actual_stop - actual_start):
        return None
    return Indicator(
        level1=levels.level1, level2=levels.level2, name=text[name_start:name_end].strip(),
        target=parse_value(text[target_start:target_end], unit.evidence(target_start, target_end)),
        actual=parse_value(text[actual_start:actual_stop], unit.evidence(actual_start, actual_stop)),
        deviation_reason=_reason_in(folded, text, target_end, len(folded)),
        completion_rate=_completion_rate(unit, target_end, len(folded)),
        evidence=unit.evidence(name_start, target_end),
    )


def extract_prose_indicators(units: list[TextUnit]) -> ProseIndicators:
    result = ProseIndicators()
    levels = LevelState()
    for unit in join_spanning(units):
        first = unit.parts[0]
        if levels.heading(first):
            continue
        if patterns.match("statements.section_heading", first.folded) and not Labels.of(first.folded).targets:
            levels = LevelState()
            continue
        before = levels.copy()
        targets = targets_in(unit.folded, levels)
        found = indicators_in(unit, levels, targets)
        result.indicators.extend(found.indicators)
        result.claims.extend(found.claims)
        labelled = [(m.start(), m.end()) for m in targets]
        result.listed.extend(listed_indicators(unit, before, labelled))
        levels = before  # the same leads, applied in order over the whole paragraph
    without_shared_prefix(result.indicators)
    return result


_SHARED_PREFIX_MIN, _SIBLINGS_MIN, _REST_MIN = 8, 3, 4


def _common_prefix(names: list[str]) -> str:
    shortest = min(names, key=len)
    for index, char in enumerate(shortest):
        if any(name[index] != char for name in names):
            return shortest[:index]
    return shortest


def without_shared_prefix(indicators: list[Indicator]) -> list[Indicator]:
    """Sibling indicators of one sentence group that all repeat a long lead ("义务教育阶段家庭经济困难
    学生生活补助小学寄宿学生人均补助标准", "…小学非寄宿…", "…初中寄宿…") are named by what tells
    them apart, as their table would name them."""
    groups: list[list[Indicator]] = []
    for indicator in indicators:
        last = groups[-1][-1] if groups else None
        if last is not None and (last.evidence.block, last.level2) == (indicator.evidence.block, indicator.level2):
            groups[-1].append(indicator)
        else:
            groups.append([indicator])
    for group in groups:
        if len(group) < _SIBLINGS_MIN:
            continue
        prefix = _common_prefix([indicator.name for indicator in group])
        if len(prefix) >= _SHARED_PREFIX_MIN and all(len(i.name) - len(prefix) >= _REST_MIN for i in group):
            for indicator in group:
                indicator.name = indicator.name[len(prefix):]
    return indicators
