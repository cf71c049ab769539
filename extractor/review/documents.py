"""Per-document data of the report: a small row for the table, and the details shown on demand."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from extractor.document import Document
from extractor.labels import finding_name
from extractor.models import Amount, Finding, Indicator, Percent, Record, Score, Value
from extractor.review.load import Entry, Failure
from extractor.review.overview import computed_rate, entry_format, met_key, rounded, stated_rate, yuan
from extractor.review.overview_html import rate_text, wan
from extractor.review.quote import Quote, place, quotes
from extractor.review.reports import Grouping

_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
_SCORE_FIELDS = ("execution_max", "execution_score", "total_max", "total", "grade")


def row(index: int, entry: Entry, grouping: Grouping | None = None) -> dict[str, Any]:
    """One line of the documents table (numbers for sorting, texts for showing). A copy of a report
    names its primary (`cp`, hidden unless copies are shown); a primary counts its other copies (`nc`)."""
    copy_findings = [] if grouping is None else [c.finding for c in grouping.findings.get(index, [])]
    line = _row(index, entry, copy_findings)
    if grouping is not None and index in grouping.primary_of:
        line["cp"] = grouping.primary_of[index]
    elif grouping is not None and index in grouping.copies:
        line["nc"] = len(grouping.copies[index])
    return line


def _row(index: int, entry: Entry, copy_findings: list[Finding]) -> dict[str, Any]:
    if isinstance(entry, Failure):
        return {"i": index, "p": entry.path, "n": PurePath(entry.path).name, "f": entry_format(entry),
                "s": "error", "ec": entry.code, "em": entry.message, "c": [], "ne": 0, "nw": 0, "ni": 0}
    report = entry.report
    budget, executed = yuan(entry.funds.budget_total), yuan(entry.funds.executed_total)
    stated, computed = stated_rate(entry), computed_rate(entry)
    findings = [*entry.findings, *copy_findings]
    severities = Counter(f.severity for f in findings)
    return {
        "i": index, "p": entry.source.path, "n": PurePath(entry.source.path).name,
        "f": entry.source.format, "s": "ok", "t": report.title or "", "r": report.region or "",
        "y": report.fiscal_year, "fn": report.fund_name or "",
        "b": None if budget is None else wan(budget), "bv": _number(budget),
        "x": None if executed is None else wan(executed), "xv": _number(executed),
        "sr": None if stated is None else f"{stated}%", "srv": _number(stated),
        "cr": None if computed is None else rate_text(computed), "crv": _number(rounded(computed)),
        "ne": severities["error"], "nw": severities["warning"], "ni": severities["info"],
        "c": sorted({f.code for f in findings}),
    }


def _number(value: Decimal | None) -> float | None:
    # Only for ordering rows in the browser; shown figures are the exact strings.
    return None if value is None else float(value)


def worst_first(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Unreadable documents, then by errors, warnings and notes found; ties in input order."""
    return sorted(rows, key=lambda r: (r["s"] != "error", -r["ne"], -r["nw"], -r["ni"], r["i"]))


def detail(index: int, entry: Entry, document: Document | None, grouping: Grouping | None = None) -> dict[str, Any]:
    """What the document view shows: funds, indicators, findings with evidence in context (a primary
    copy's also where its copies disagree), and the other copies of its report."""
    if isinstance(entry, Failure):
        return {"i": index, "path": entry.path, "sha256": entry.sha256,
                "error": {"code": entry.code, "message": entry.message}}
    chosen = grouping or Grouping()
    shown: list[tuple[Finding, list[Quote] | None]] = [(f, None) for f in entry.findings]
    shown += [(c.finding, c.quotes) for c in chosen.findings.get(index, [])]
    return {**_detail(index, entry, document, shown), **_copies(index, chosen)}


def _copies(index: int, grouping: Grouping) -> dict[str, Any]:
    if index in grouping.primary_of:
        primary = grouping.primary_of[index]
        return {"copy_of": [primary, *grouping.names[primary]]}
    if index in grouping.copies:
        return {"copies": [[other, *grouping.names[other]] for other in grouping.copies[index]]}
    return {}


def _detail(index: int, record: Record, document: Document | None,
            findings: list[tuple[Finding, list[Quote] | None]]) -> dict[str, Any]:
    source = record.source
    ordered = sorted(findings, key=lambda pair: _SEVERITY_RANK.get(pair[0].severity, 3))
    return {
        "i": index, "path": source.path, "format": source.format, "pages": source.pages,
        "sha256": source.sha256, "report": record.report.model_dump(), "funds": _funds(record),
        "score": _score(record.score), "indicators": [_indicator(i) for i in record.indicators],
        "findings": [_finding(finding, made, document) for finding, made in ordered],
        "warnings": [[w.code, w.message] for w in record.warnings],
        "context": document is not None,
    }


def _raw(value: Amount | Percent | Value | None) -> str | None:
    return None if value is None else value.raw


def _funds(record: Record) -> list[list[Any]]:
    funds = record.funds
    rows: list[list[Any]] = []
    if any(found is not None for found in (funds.budget_total, funds.executed_total, funds.execution_rate)):
        budget, executed = yuan(funds.budget_total), yuan(funds.executed_total)
        rows.append(["年度资金总额", _raw(funds.initial_budget), _raw(funds.budget_total),
                     _raw(funds.executed_total), _raw(funds.execution_rate), _computed(budget, executed)])
    for source in funds.sources:
        rows.append([source.name, None, _raw(source.budget), _raw(source.executed),
                     _raw(source.execution_rate), _computed(yuan(source.budget), yuan(source.executed))])
    return rows


def _computed(budget: Decimal | None, executed: Decimal | None) -> str | None:
    if budget is None or executed is None or budget <= 0:
        return None
    return rate_text(executed * 100 / budget)


def _score(score: Score | None) -> dict[str, Any] | None:
    if score is None:
        return None
    values = {name: getattr(score, name) for name in _SCORE_FIELDS}
    return {name: None if value is None else str(value) for name, value in values.items()}


def _indicator(item: Indicator) -> list[Any]:
    evidence = item.evidence
    return [
        item.level1, item.level2, item.name, item.target.raw, item.actual.raw,
        met_key(item), item.deviation_reason, _raw(item.completion_rate),
        None if item.max_score is None else str(item.max_score),
        None if item.score is None else str(item.score), place(evidence, None, [evidence]),
    ]


def _finding(item: Finding, made: list[Quote] | None, document: Document | None) -> dict[str, Any]:
    """A finding shown with its evidence quoted (a copy finding brings quotes of its own)."""
    return {"code": item.code, "name": finding_name(item.code), "severity": item.severity,
            "message": item.message, "stated": item.stated, "computed": item.computed,
            "quotes": made or quotes(item.evidence, document)}
