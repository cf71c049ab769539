"""Level cells as the form writes them: known levels by their usual names, a template's own
levels ("项目决策", "资金投入") as written, without numbering or points ("产出指标(70分)")."""

from __future__ import annotations

from extractor import patterns
from extractor.extract.levels import LEVEL1_CANONICAL, LEVEL2_CANONICAL, strip_numbering


def _bare(key: str) -> str:
    body = key[strip_numbering(key):]
    points = patterns.search("tables.level_points", body)
    if points is not None:
        body = body[:points.start()]
    return body.rstrip(":：")


def level1_as_written(key: str) -> str | None:
    body = _bare(key)
    if not body:
        return None
    for short, name in LEVEL1_CANONICAL.items():
        if body in (short, name):
            return name
    for short, name in LEVEL1_CANONICAL.items():
        if body.startswith(short) and body.endswith("指标") and len(body) <= len(name) + 2:
            return name  # "产出类指标"
    return body


def level2_as_written(key: str) -> str | None:
    body = _bare(key)
    if not body:
        return None
    if body in LEVEL2_CANONICAL.values() or body in LEVEL1_CANONICAL.values():
        return body  # "满意度指标" stays as the form wrote it
    for short in sorted(LEVEL2_CANONICAL, key=len, reverse=True):
        if body == short:
            return LEVEL2_CANONICAL[short]
    return body
