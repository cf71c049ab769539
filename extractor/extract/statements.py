"""Claims of completion, shortfalls named in section 三, and reasons found there.

Which indicator a shortfall names is `extractor.names.mentions`, the checker's own test.
"""

from __future__ import annotations

from extractor import patterns
from extractor.extract.context import TextUnit
from extractor.extract.levels import strip_numbering
from extractor.models import Indicator, Statement
from extractor.names import mentions

_SENTENCE_ENDS = "。；;！!？?"


def sentences(unit: TextUnit) -> list[tuple[int, int]]:
    """Spans of the sentences of a paragraph, each with its final punctuation."""
    spans: list[tuple[int, int]] = []
    start = 0
    for index, char in enumerate(unit.folded):
        if char in _SENTENCE_ENDS:
            spans.append((start, index + 1))
            start = index + 1
    if start < len(unit.folded) and unit.folded[start:].strip():
        spans.append((start, len(unit.folded)))
    return spans


def deviation_section(units: list[TextUnit]) -> list[TextUnit]:
    """The paragraphs of section 三 (偏离绩效目标的原因…), up to the next numbered section; the
    heading's own paragraph too, which may go on with the reasons ("5.偏差原因。一是…")."""
    inside = False
    found: list[TextUnit] = []
    for unit in units:
        if patterns.match("statements.deviation_section", unit.folded):
            inside = True
            found.append(unit)
            continue
        if inside and patterns.match("statements.section_heading", unit.folded):
            break
        if inside:
            found.append(unit)
    return found


def completion_claims(units: list[TextUnit], indicator_blocks: set[int]) -> list[Statement]:
    """'各项指标均已完成' and the like, outside the indicator sentences themselves ("…实际满意度
    90.5%。综上，项目各项绩效指标均已全面完成" claims all of them, in the paragraph of the last)."""
    claims: list[Statement] = []
    for unit in units:
        level = _level_lead(unit.folded)
        for start, end in sentences(unit):
            sentence = unit.folded[start:end]
            if not patterns.search("statements.claim_subject_all", sentence) or patterns.search(
                    "statements.claim_exception", sentence):
                continue
            if unit.block in indicator_blocks and patterns.search("indicators.target_label", sentence):
                continue  # an indicator's own sentence: its claim is that indicator's
            found = patterns.search("statements.completion_claim", unit.folded, start, end)
            if found:
                claims.append(Statement(kind="completion_claim", subject=level,
                                        text=unit.text[found.start():found.end()],
                                        evidence=unit.evidence(start, end)))
    return claims


def _level_lead(folded: str) -> str | None:
    """The level a paragraph opens with ("2.数量指标：…均达到年度目标"): its claims are about that
    level's indicators, not all of them."""
    lead = patterns.match("levels.level2_inline", folded, strip_numbering(folded))
    return f"{lead.group('level')}指标" if lead is not None else None


def shortfalls(section: list[TextUnit]) -> list[Statement]:
    """'享受一次性求职人数为零', 'X未达到指标值': one per sentence of section 三 that names one."""
    found_all: list[Statement] = []
    for unit in section:
        for start, end in sentences(unit):
            begin = start + strip_numbering(unit.folded[start:end])
            found = patterns.search("statements.shortfall", unit.folded, begin, end)
            if not found:
                continue
            subject_start = found.start("subject")
            subject_start += strip_numbering(unit.folded[subject_start:found.end("subject")])
            subject = unit.text[subject_start:found.end("subject")]
            if subject in patterns.words("statements", "generic_subjects") or any(
                    word in subject for word in patterns.words("statements", "funds_subjects")):
                continue
            # The shortfall as written ("享受一次性求职人数为零") is what the report says.
            found_all.append(Statement(kind="shortfall", subject=unit.text[subject_start:found.end()],
                                       text=unit.text[subject_start:found.end()],
                                       evidence=unit.evidence(start, end)))
    return found_all


def attach_section_reasons(indicators: list[Indicator], section: list[TextUnit],
                           found_shortfalls: list[Statement]) -> None:
    """An unmet indicator with no reason of its own takes the section 三 sentence naming it."""
    for indicator in indicators:
        if indicator.met is not False or indicator.deviation_reason:
            continue
        for shortfall in found_shortfalls:
            if shortfall.subject and mentions(shortfall.subject, indicator.name):
                indicator.deviation_reason = _sentence_text(section, shortfall)
                break


def _sentence_text(section: list[TextUnit], shortfall: Statement) -> str:
    evidence = shortfall.evidence
    for unit in section:
        if unit.block == evidence.block and unit.row == evidence.row and unit.col == evidence.col:
            start = evidence.start + strip_numbering(unit.folded[evidence.start:evidence.end])
            return unit.text[start:evidence.end].strip()
    return evidence.text


def named_shortfalls(found: list[Statement], indicators: list[Indicator]) -> list[Statement]:
    """Shortfalls, without the soft ones ("…有待加强") that name no indicator."""
    return [statement for statement in found
            if not patterns.search("statements.soft_shortfall", statement.text)
            or any(mentions(statement.subject or statement.text, i.name) for i in indicators)]
