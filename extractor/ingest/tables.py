"""Flatten one record (or one failed file) into the rows the store keeps, in `columns.TABLES` order.

The store keeps what depends on a file's bytes only, keyed by (sha256, part): copies of the same
bytes are read and stored once. What depends on where the file is — doc_id, path, the report it
belongs to among the other files — is added when the tables are published (`publish`). Rows are
tuples of plain values (str, int, bool, Decimal, None), made in the worker, so the flattening runs
in parallel and the main process only stores them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from extractor.ingest.columns import FINDINGS, FUNDS, INDICATORS, Column
from extractor.ingest.storage import Fitted
from extractor.rates import percent_of

if TYPE_CHECKING:  # only annotations: the main process imports this module and never builds a model
    from extractor.models import Amount, Evidence, Finding, Indicator, Percent, Record

Cell = str | int | bool | Decimal | None
Row = tuple[Cell, ...]

TOTAL = "TOTAL"
# The content columns of a document, as the store keeps them (after sha256 and part).
DOCUMENT_CONTENT = ("sheet", "format", "pages", "title", "region", "fiscal_year", "fund_name", "status",
                    "error_code", "error_detail", "indicators", "findings", "warnings", "report_key", "rank",
                    "figures")


@dataclass(slots=True)
class ContentRows:
    """One record's rows: the document's content columns, and the rows of funds, indicators, findings
    (each starting with its seq)."""

    document: Row
    children: dict[str, list[Row]]
    fitted: Fitted


def _columns(table_columns: tuple[Column, ...]) -> dict[str, Column]:
    return {column.name: column for column in table_columns}


_FUND = _columns(FUNDS.columns)
_INDICATOR = _columns(INDICATORS.columns)


def record_rows(record: Record) -> ContentRows:
    """The rows of a record; the document row still lacks its last three columns (report_key, rank,
    figures), which the worker adds once the record's JSON is written."""
    fitted = Fitted()
    source, report = record.source, record.report
    children = {
        FUNDS.name: _fund_rows(record, fitted),
        INDICATORS.name: [_indicator_row(seq, item, fitted) for seq, item in enumerate(record.indicators)],
        FINDINGS.name: [_finding_row(seq, item) for seq, item in enumerate(record.findings)],
    }
    document = (
        source.sheet, source.format, source.pages, report.title, report.region, report.fiscal_year,
        report.fund_name, "ok", None, None, len(record.indicators), len(record.findings),
        len(record.warnings) + len(fitted.changes),
    )
    return ContentRows(document, children, fitted)


def failed_document(file_format: str, code: str, detail: str) -> Row:
    """A file that could not be read: its documents row (status failed); it has no other rows."""
    return (None, file_format, None, None, None, None, None, "failed", code, detail, 0, 0, 0, None, None, None)


def _yuan(amount: Amount | None) -> Decimal | None:
    return None if amount is None else amount.yuan


def _rate(percent: Percent | None) -> Decimal | None:
    return None if percent is None else percent.value


def computed_rate(budget: Amount | None, executed: Amount | None, stated: Percent | None) -> Decimal | None:
    """executed / budget x 100, rounded half-up like the stated rate (2 decimals when none is stated)."""
    if budget is None or executed is None:
        return None
    return percent_of(executed.yuan, budget.yuan, like=None if stated is None else stated.value)


def _fund_row(seq: int, name: str, kind: str | None, budget: Amount | None, executed: Amount | None,
              rate: Percent | None, fitted: Fitted) -> Row:
    return (
        seq, name, kind, fitted.fit(_yuan(budget), _FUND["budget_yuan"]),
        fitted.fit(_yuan(executed), _FUND["executed_yuan"]), fitted.fit(_rate(rate), _FUND["stated_rate"]),
        fitted.fit(computed_rate(budget, executed, rate), _FUND["computed_rate"]),
    )


def _fund_rows(record: Record, fitted: Fitted) -> list[Row]:
    funds = record.funds
    rows = [_fund_row(0, TOTAL, None, funds.budget_total, funds.executed_total, funds.execution_rate, fitted)]
    for seq, source in enumerate(funds.sources, start=1):
        rows.append(_fund_row(seq, source.name, source.kind, source.budget, source.executed, source.execution_rate,
                              fitted))
    return rows


def _indicator_row(seq: int, item: Indicator, fitted: Fitted) -> Row:
    target, actual, evidence = item.target, item.actual, item.evidence
    return (
        seq, item.level1, item.level2, item.name,
        target.raw, fitted.fit(target.number, _INDICATOR["target_number"]), target.unit, target.op,
        actual.raw, fitted.fit(actual.number, _INDICATOR["actual_number"]), actual.unit, actual.op,
        item.met, item.deviation_reason,
        evidence.page, evidence.block, evidence.row, evidence.col, evidence.cell_ref,
    )


_PLACE_FIELDS = ("sheet", "page", "block", "cell_ref", "row", "col")


def place_of(evidence: Evidence | dict[str, object]) -> str:
    """A place a finance officer can find: 第2页 第14块 表格第3行第5列 (rows and columns 1-based)."""
    values = evidence if isinstance(evidence, dict) else {k: getattr(evidence, k) for k in _PLACE_FIELDS}
    sheet, page, block, cell_ref = (values.get(k) for k in ("sheet", "page", "block", "cell_ref"))
    row, col = values.get("row"), values.get("col")
    parts: list[str] = []
    if sheet is not None:
        parts.append(f"工作表 {sheet}")
    if page is not None:
        parts.append(f"第{page}页")
    if isinstance(block, int):
        parts.append(f"第{block + 1}块")
    if cell_ref is not None:
        parts.append(f"单元格 {cell_ref}")
    elif isinstance(row, int) and isinstance(col, int):
        parts.append(f"表格第{row + 1}行第{col + 1}列")
    return " ".join(parts)


def _finding_row(seq: int, item: Finding) -> Row:
    first = item.evidence[0] if item.evidence else None
    return (
        seq, item.code, item.severity, item.message, item.stated, item.computed,
        "；".join(place_of(e) for e in item.evidence) or None,
        "｜".join(e.text for e in item.evidence) or None,
        None if first is None else first.page,
        None if first is None else first.block,
    )
