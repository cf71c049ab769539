"""Scores a prose report states in sentences: the execution rate's points and the total.

"预算执行率指标分值10分，自评得分9.78分" and "绩效自评得分99分" are what a 自评表's execution row
and 总分 row say; read from prose, they are checked the same way (the execution score against the
stated rate, the total against the items).
"""

from __future__ import annotations

from extractor import patterns
from extractor.extract.context import TextUnit
from extractor.models import Score
from extractor.normalise.numbers import parse_arabic


def prose_score(units: list[TextUnit]) -> Score | None:
    """The first execution score and the first total the paragraphs state, or None."""
    score = Score()
    for unit in units:
        execution = patterns.search("scores.execution_score", unit.folded)
        if execution is not None and score.execution_score is None:
            score.execution_max = parse_arabic(execution.group("max"))
            score.execution_score = parse_arabic(execution.group("score"))
            score.evidence = unit.evidence(execution.start(), execution.end())
        if score.total is None:
            for total in patterns.finditer("scores.total_score", unit.folded):
                # "…分值10分，自评得分10分" is the execution row's score, not the total.
                if execution is None or not execution.start() <= total.start() < execution.end():
                    score.total = parse_arabic(total.group("total"))
                    score.evidence = score.evidence or unit.evidence(total.start(), total.end())
                    break
    return score if score.execution_score is not None or score.total is not None else None
