"""Reports, not files: the key that groups copies of one report, its primary copy, and where copies disagree.

Agencies publish one report as .docx and .pdf, archives hold the Word original beside the published
PDF and a text copy: each is a document (a row of `documents`), all are one report. Copies share a
report key — region, fiscal year, fund and title, normalised — whatever their format or path; a
document that does not state all of these is a report of its own (keyed by its content). The
primary copy is the richest format (DOCX/XLSX, then converted .doc/.xls/.rtf, PDF, HTML, text,
scans), then the first path. Copies are compared figure by figure (fund totals and rate, the total
score, each indicator's actual value both state): a difference is a `copy_figures_mismatch` finding
on the primary with both copies as evidence.

Works on records as JSON data (`Entry` dicts), so the ingest and the review report share it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from extractor.rounding import as_written, same_at_lower_precision

COPY_CODE = "copy_figures_mismatch"
COPY_SEVERITY = "error"
FORMAT_RANK = {"docx": 0, "xlsx": 0, "doc": 1, "xls": 1, "rtf": 1, "pdf": 2, "html": 3, "text": 4, "image": 5}
OTHER_RANK = 6
_FUND_FIGURES = (("budget_total", "全年预算数"), ("executed_total", "全年执行数"))

Entry = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Figure:
    label: str  # what the figure is, in Chinese
    text: str  # as the document writes it: 583.18万元, 79.59%, 12436人
    value: str  # the comparable number: yuan for amounts, else the number as written
    kind: str  # amount | percent | number
    place: str  # where in its document
    quote: str  # the text it was read from

    def agrees(self, other: Figure) -> bool:
        if self.value == other.value:  # the usual case among copies; equal values agree at any precision
            return True
        mine, theirs = Decimal(self.value), Decimal(other.value)
        return mine == theirs or (self.kind != "amount" and same_at_lower_precision(mine, theirs))


@dataclass(slots=True)
class Facts:
    """What grouping and comparing copies needs of one document."""

    key: str
    rank: int
    path: str
    figures: dict[str, Figure] = field(default_factory=dict)


_DROPPED_MAX = 1 << 16


class _Dropped(dict[int, int | None]):
    """str.translate's table: punctuation, symbols, separators and other (P S Z C) code points map to None.

    Filled on first sight of each code point, so `translate` runs at C speed over a report's text
    instead of a Python test per character (every indicator name of every document is folded)."""

    def __missing__(self, code: int) -> int | None:
        kept: int | None = None if unicodedata.category(chr(code))[0] in "PSZC" else code
        if len(self) < _DROPPED_MAX:  # a hostile text of every code point cannot grow it without bound
            self[code] = kept
        return kept


_DROPPED = _Dropped()


def normal(text: object) -> str:
    """Folded (NFKC), without spaces or punctuation: 赤峰市 红山区（2025） and 赤峰市红山区(2025) agree.

    (Every white-space character is of category Z or C, so dropping P S Z C drops spaces too.)"""
    if text is None:
        return ""
    return unicodedata.normalize("NFKC", str(text)).translate(_DROPPED)


def report_key(report: dict[str, Any], sha256: str, part: int) -> str:
    region, year = normal(report.get("region")), report.get("fiscal_year")
    fund, title = normal(report.get("fund_name")), normal(report.get("title"))
    if region and year is not None and (fund or title):
        return f"{region}|{year}|{fund}|{title}"
    return f"sha256:{sha256}:{part}"  # too little stated to match other files: only identical bytes group


def rank_of(file_format: str) -> int:
    return FORMAT_RANK.get(file_format, OTHER_RANK)


def _fields(*names: str, **nested: Any) -> dict[str, Any]:
    return {**dict.fromkeys(names, True), **nested}


_EVIDENCE = _fields("sheet", "page", "block", "cell_ref", "row", "col", "text")  # what `place` and `_where` read
# What `facts_of` reads of a record, as pydantic's `include`: the ingest worker dumps only this
# instead of parsing the record's whole JSON again (most of it is indicators' evidence: ~0.5 ms a
# document). Keep it in step with `facts_of`: tests/test_ingest_batching.py compares both ways.
FACT_FIELDS: dict[str, Any] = {
    "source": _fields("sha256", "format", "path"),
    "report": _fields("region", "fiscal_year", "fund_name", "title"),
    "funds": {name: _fields("value", "unit", "yuan", evidence=_EVIDENCE)
              for name in ("budget_total", "executed_total", "execution_rate")},
    "score": _fields("total", evidence=_EVIDENCE),
    "indicators": {"__all__": _fields("name", actual=_fields("raw", "number", "unit", evidence=_EVIDENCE))},
}


def facts_of(entry: Entry, place: Any, part: int = 0) -> Facts:
    """The facts of a record (JSON data); `place(evidence dict) -> str` says where a figure is."""
    source = entry["source"]
    key = report_key(entry.get("report") or {}, source["sha256"], part)
    facts = Facts(key, rank_of(source["format"]), source["path"])
    funds = entry.get("funds") or {}
    for name, label in _FUND_FIGURES:
        amount = funds.get(name)
        if amount is not None:
            facts.figures[name] = Figure(label, f"{as_written(Decimal(amount['value']))}{amount['unit']}",
                                         str(amount["yuan"]), "amount", *_where(amount, place))
    rate = funds.get("execution_rate")
    if rate is not None:
        facts.figures["execution_rate"] = Figure("预算执行率", f"{as_written(Decimal(rate['value']))}%",
                                                 str(rate["value"]), "percent", *_where(rate, place))
    score = entry.get("score") or {}
    if score.get("total") is not None:
        facts.figures["score_total"] = Figure("总分", as_written(Decimal(score["total"])), str(score["total"]),
                                              "number", *_where(score, place))
    for indicator in entry.get("indicators", []):
        actual = indicator["actual"]
        name = f"indicator:{normal(indicator['name'])}:{actual.get('unit') or ''}"
        if actual.get("number") is not None and name not in facts.figures:
            facts.figures[name] = Figure(f"指标“{indicator['name']}”实际完成值", actual["raw"], str(actual["number"]),
                                         "number", *_where(actual, place))
    return facts


def _where(value: dict[str, Any], place: Any) -> tuple[str, str]:
    evidence = value.get("evidence")
    return ("", "") if evidence is None else (str(place(evidence)), str(evidence.get("text") or ""))


def primary_index(group: Sequence[Facts]) -> int:
    """The copy that stands for the report: best format, then first path."""
    return min(range(len(group)), key=lambda k: (group[k].rank, group[k].path, k))


@dataclass(frozen=True, slots=True)
class Disagreement:
    name: str
    primary: Figure
    copy: Figure
    primary_path: str
    copy_path: str

    @property
    def message(self) -> str:
        return (f"同一报告的副本数字不一致：{self.primary.label}在 {self.primary_path} 中为{self.primary.text}，"
                f"在 {self.copy_path} 中为{self.copy.text}")

    @property
    def places(self) -> str:
        return f"{self.primary_path}：{self.primary.place}；{self.copy_path}：{self.copy.place}"

    @property
    def quotes(self) -> str:
        return f"{self.primary.quote}｜{self.copy.quote}"


def disagreements(group: Sequence[Facts]) -> list[Disagreement]:
    """Every figure a copy states differently from the primary (figures both state)."""
    if len(group) < 2:
        return []
    first = group[primary_index(group)]
    found: list[Disagreement] = []
    for other in group:
        if other is first:
            continue
        for name, mine in first.figures.items():
            theirs = other.figures.get(name)
            if theirs is not None and not mine.agrees(theirs):
                found.append(Disagreement(name, mine, theirs, first.path, other.path))
    return found


def figure_json(facts: Facts) -> list[list[str]]:
    """The figures as plain JSON (kept in the ingest store beside each document)."""
    return [[name, f.label, f.text, f.value, f.kind, f.place, f.quote] for name, f in facts.figures.items()]


def figures_from_json(items: list[list[str]]) -> dict[str, Figure]:
    return {item[0]: Figure(*item[1:]) for item in items}
