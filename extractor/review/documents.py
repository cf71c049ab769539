"""Per-document data of the report: a small row for the table, and the details shown on demand."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from extractor.document import Document
from extractor.review.labels import finding_name
from extractor.review.load import Entry, is_error
from extractor.review.overview import amount, computed_rate, entry_format, met_key, rounded, stated_rate
from extractor.review.overview_html import rate_text, wan
from extractor.review.quote import place, quotes
from extractor.review.reports import Grouping

_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


def row(index: int, entry: Entry, grouping: Grouping | None = None) -> dict[str, Any]:
    """One line of the documents table (numbers for sorting, texts for showing). A copy of a report
    names its primary (`cp`, hidden unless copies are shown); a primary counts its other copies (`nc`)."""
    line = _row(index, entry)
    if grouping is not None and index in grouping.primary_of:
        line["cp"] = grouping.primary_of[index]
    elif grouping is not None and index in grouping.copies:
        line["nc"] = len(grouping.copies[index])
    return line


def _row(index: int, entry: Entry) -> dict[str, Any]:
    if is_error(entry):
        error = entry["error"]
        return {"i": index, "p": entry["path"], "n": PurePath(entry["path"]).name, "f": entry_format(entry),
                "s": "error", "ec": error["code"], "em": error.get("message", ""), "c": [], "ne": 0, "nw": 0, "ni": 0}
    report = entry.get("report") or {}
    budget, executed = amount(entry, "budget_total"), amount(entry, "executed_total")
    stated, computed = stated_rate(entry), computed_rate(entry)
    severities = Counter(f["severity"] for f in entry.get("findings", []))
    return {
        "i": index, "p": entry["source"]["path"], "n": PurePath(entry["source"]["path"]).name,
        "f": entry["source"]["format"], "s": "ok", "t": report.get("title") or "", "r": report.get("region") or "",
        "y": report.get("fiscal_year"), "fn": report.get("fund_name") or "",
        "b": None if budget is None else wan(budget), "bv": _number(budget),
        "x": None if executed is None else wan(executed), "xv": _number(executed),
        "sr": None if stated is None else f"{stated}%", "srv": _number(stated),
        "cr": None if computed is None else rate_text(computed), "crv": _number(rounded(computed)),
        "ne": severities["error"], "nw": severities["warning"], "ni": severities["info"],
        "c": sorted({f["code"] for f in entry.get("findings", [])}),
    }


def _number(value: Decimal | None) -> float | None:
    # Only for ordering rows in the browser; shown figures are the exact strings.
    return None if value is None else float(value)


def worst_first(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Unreadable documents, then by errors, warnings and notes found; ties in input order."""
    return sorted(rows, key=lambda r: (r["s"] != "error", -r["ne"], -r["nw"], -r["ni"], r["i"]))


def detail(index: int, entry: Entry, document: Document | None, grouping: Grouping | None = None) -> dict[str, Any]:
    """What the document view shows: funds, indicators, findings with evidence in context, and the
    other copies of its report."""
    if is_error(entry):
        return {"i": index, "path": entry["path"], "sha256": entry.get("sha256", ""), "error": entry["error"]}
    return {**_detail(index, entry, document), **_copies(index, grouping or Grouping())}


def _copies(index: int, grouping: Grouping) -> dict[str, Any]:
    if index in grouping.primary_of:
        primary = grouping.primary_of[index]
        return {"copy_of": [primary, *grouping.names[primary]]}
    if index in grouping.copies:
        return {"copies": [[other, *grouping.names[other]] for other in grouping.copies[index]]}
    return {}


def _detail(index: int, entry: Entry, document: Document | None) -> dict[str, Any]:
    source = entry["source"]
    return {
        "i": index, "path": source["path"], "format": source["format"], "pages": source.get("pages"),
        "sha256": source["sha256"], "report": entry.get("report") or {}, "funds": _funds(entry),
        "score": _score(entry.get("score")), "indicators": [_indicator(i) for i in entry.get("indicators", [])],
        "findings": [_finding(f, document) for f in _ordered(entry.get("findings", []))],
        "warnings": [[w["code"], w["message"]] for w in entry.get("warnings", [])],
        "context": document is not None,
    }


def _ordered(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(findings, key=lambda f: _SEVERITY_RANK.get(f["severity"], 3))


def _raw(value: dict[str, Any] | None) -> str | None:
    return None if value is None else str(value["raw"])


def _funds(entry: Entry) -> list[list[Any]]:
    funds = entry.get("funds") or {}
    rows: list[list[Any]] = []
    if any(funds.get(k) for k in ("budget_total", "executed_total", "execution_rate")):
        budget, executed = amount(entry, "budget_total"), amount(entry, "executed_total")
        rows.append(["年度资金总额", _raw(funds.get("initial_budget")), _raw(funds.get("budget_total")),
                     _raw(funds.get("executed_total")), _raw(funds.get("execution_rate")),
                     _computed(budget, executed)])
    for source in funds.get("sources", []):
        budget = None if source.get("budget") is None else Decimal(source["budget"]["yuan"])
        executed = None if source.get("executed") is None else Decimal(source["executed"]["yuan"])
        rows.append([source["name"], None, _raw(source.get("budget")), _raw(source.get("executed")),
                     _raw(source.get("execution_rate")), _computed(budget, executed)])
    return rows


def _computed(budget: Decimal | None, executed: Decimal | None) -> str | None:
    if budget is None or executed is None or budget <= 0:
        return None
    return rate_text(executed * 100 / budget)


def _score(score: dict[str, Any] | None) -> dict[str, Any] | None:
    if score is None:
        return None
    return {k: None if score.get(k) is None else str(score[k]) for k in ("execution_max", "execution_score",
                                                                        "total_max", "total", "grade")}


def _indicator(item: dict[str, Any]) -> list[Any]:
    evidence = item["evidence"]
    return [
        item.get("level1"), item.get("level2"), item["name"], _raw(item["target"]), _raw(item["actual"]),
        met_key(item), item.get("deviation_reason"), _raw(item.get("completion_rate")),
        None if item.get("max_score") is None else str(item["max_score"]),
        None if item.get("score") is None else str(item["score"]), place(evidence, None, [evidence]),
    ]


def _finding(item: dict[str, Any], document: Document | None) -> dict[str, Any]:
    return {"code": item["code"], "name": finding_name(item["code"]), "severity": item["severity"],
            "message": item["message"], "stated": item.get("stated"), "computed": item.get("computed"),
            "quotes": item.get("quotes") or quotes(item.get("evidence", []), document)}
