"""The overview figures of a batch, computed exactly (Decimal) from the entries.

The execution rate a chart uses is the one recomputed from the amounts (executed / budget, by
`extractor.rates.percent_of`, at two decimals: the rate binned is the rate shown), or the stated
rate when an amount is missing; sums by region, year and fund add the amounts (yuan) and divide once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import PurePath
from typing import Any

from extractor.rates import percent_of
from extractor.review.load import Entry, is_error

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
# Upper bounds (exclusive) of the execution-rate bins, in percent; 100 exactly and over 100 apart.
RATE_BINS: list[tuple[str, Decimal]] = [
    ("<50%", Decimal(50)), ("50–60%", Decimal(60)), ("60–70%", Decimal(70)), ("70–80%", Decimal(80)),
    ("80–90%", Decimal(90)), ("90–95%", Decimal(95)), ("95–100%（不含）", Decimal(100)),
]
RATE_FULL, RATE_OVER = "100%", ">100%"
SEVERITIES = ("error", "warning", "info")
_SUFFIX_FORMAT = {".txt": "text", ".text": "text", ".csv": "text", ".docx": "docx", ".pdf": "pdf"}


@dataclass(slots=True)
class Money:
    budget: Decimal = Decimal(0)
    executed: Decimal = Decimal(0)
    documents: int = 0

    def add(self, budget: Decimal, executed: Decimal) -> None:
        self.budget += budget
        self.executed += executed
        self.documents += 1

    @property
    def rate(self) -> Decimal | None:
        return percent(self.executed, self.budget)


@dataclass(slots=True)
class Overview:
    documents: int = 0  # every file (a workbook: every record), copies included
    reports: int = 0  # reports read: copies of one report count once
    read: int = 0
    failed: int = 0
    by_format: dict[str, Counter[str]] = field(default_factory=dict)  # format -> {"ok": n, "error": n}
    error_codes: Counter[str] = field(default_factory=Counter)
    findings: Counter[tuple[str, str]] = field(default_factory=Counter)  # (code, severity) -> n
    severities: Counter[str] = field(default_factory=Counter)
    documents_with: Counter[str] = field(default_factory=Counter)  # severity -> documents having one
    rate_bins: Counter[str] = field(default_factory=Counter)
    without_rate: int = 0
    region_year: dict[tuple[str, int | None], Money] = field(default_factory=dict)
    funds: dict[str, Money] = field(default_factory=dict)
    indicators: dict[str, Counter[str]] = field(default_factory=dict)  # level2 -> met/unmet/unjudged


def percent(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part / whole × 100 at two decimals, None without a whole above zero (`extractor.rates`)."""
    return percent_of(part, whole)


def rounded(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(CENT, rounding=ROUND_HALF_UP)


def amount(entry: Entry, key: str) -> Decimal | None:
    found = (entry.get("funds") or {}).get(key)
    return None if found is None else Decimal(found["yuan"])


def stated_rate(entry: Entry) -> Decimal | None:
    found = (entry.get("funds") or {}).get("execution_rate")
    return None if found is None else Decimal(found["value"])


def computed_rate(entry: Entry) -> Decimal | None:
    return percent(amount(entry, "executed_total"), amount(entry, "budget_total"))


def chart_rate(entry: Entry) -> Decimal | None:
    computed = computed_rate(entry)
    return computed if computed is not None else stated_rate(entry)


def entry_format(entry: Entry) -> str:
    if not is_error(entry):
        return str(entry["source"]["format"])
    return _SUFFIX_FORMAT.get(PurePath(entry["path"]).suffix.lower(), "其他")


def rate_bin(rate: Decimal) -> str:
    if rate == HUNDRED:
        return RATE_FULL
    if rate > HUNDRED:
        return RATE_OVER
    return next(label for label, upper in RATE_BINS if rate < upper)


def met_key(indicator: dict[str, Any]) -> str:
    met = indicator.get("met")
    return "unjudged" if met is None else "met" if met else "unmet"


def overview(entries: Iterable[Entry]) -> Overview:
    result = Overview()
    for entry in entries:
        add(result, entry)
    return result


def add(result: Overview, entry: Entry, primary: bool = True) -> None:
    """Count one entry into the overview (entries are streamed, never all held). Every document
    counts among the documents and formats; only a report's primary copy in the figures of reports."""
    result.documents += 1
    status = "error" if is_error(entry) else "ok"
    result.by_format.setdefault(entry_format(entry), Counter())[status] += 1
    if status == "error":
        result.failed += 1
        result.error_codes[entry["error"]["code"]] += 1
        return
    result.read += 1
    if primary:
        result.reports += 1
        _add_record(result, entry)


def _add_record(result: Overview, entry: Entry) -> None:
    seen: set[str] = set()
    for finding in entry.get("findings", []):
        result.findings[(finding["code"], finding["severity"])] += 1
        result.severities[finding["severity"]] += 1
        seen.add(finding["severity"])
    result.documents_with.update(seen)
    rate = chart_rate(entry)
    if rate is None:
        result.without_rate += 1
    else:
        result.rate_bins[rate_bin(rate)] += 1
    report = entry.get("report") or {}
    budget, executed = amount(entry, "budget_total"), amount(entry, "executed_total")
    if budget is not None and executed is not None:
        region = report.get("region") or "（未注明地区）"
        result.region_year.setdefault((region, report.get("fiscal_year")), Money()).add(budget, executed)
        fund = report.get("fund_name") or "（未注明资金）"
        result.funds.setdefault(fund, Money()).add(budget, executed)
    for indicator in entry.get("indicators", []):
        level2 = indicator.get("level2") or "（未分级）"
        result.indicators.setdefault(level2, Counter())[met_key(indicator)] += 1
