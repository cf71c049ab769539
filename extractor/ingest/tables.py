"""Flatten one record (or one failed file) into rows of the four tables, in `columns.TABLES` order.

Rows are tuples of plain values (str, int, bool, Decimal, None); they are made in the worker, so
the flattening runs in parallel and the main process only stores them.
"""

from __future__ import annotations

from decimal import Decimal

from extractor.check.rounding import percent_of, round_half_up
from extractor.ingest.columns import DOCUMENTS, FINDINGS, FUNDS, INDICATORS
from extractor.models import Amount, Evidence, Finding, Indicator, Percent, Record

Cell = str | int | bool | Decimal | None
Row = tuple[Cell, ...]
Rows = dict[str, list[Row]]

TOTAL = "TOTAL"
DEFAULT_RATE_DECIMALS = 2


def doc_id_of(sha256: str, sheet: str | None) -> str:
    """A file's sha256; a sheet of a workbook (one record per sheet) adds ":sheet"."""
    return sha256 if sheet is None else f"{sha256}:{sheet}"


def record_rows(record: Record) -> Rows:
    source = record.source
    doc_id = doc_id_of(source.sha256, source.sheet)
    report = record.report
    document = (
        doc_id, source.sha256, source.sheet, source.path, source.format, source.pages,
        report.title, report.region, report.fiscal_year, report.fund_name,
        "ok", None, None, len(record.indicators), len(record.findings),
    )
    return {
        DOCUMENTS.name: [document],
        FUNDS.name: _fund_rows(doc_id, record),
        INDICATORS.name: [_indicator_row(doc_id, seq, item) for seq, item in enumerate(record.indicators)],
        FINDINGS.name: [_finding_row(doc_id, seq, item) for seq, item in enumerate(record.findings)],
    }


def failed_rows(sha256: str, path: str, file_format: str, code: str, message: str) -> Rows:
    """A file that could not be read: one documents row with status failed, nothing else."""
    document = (sha256, sha256, None, path, file_format, None, None, None, None, None,
                "failed", code, message, 0, 0)
    return {DOCUMENTS.name: [document], FUNDS.name: [], INDICATORS.name: [], FINDINGS.name: []}


def _yuan(amount: Amount | None) -> Decimal | None:
    return None if amount is None else amount.yuan


def _rate(percent: Percent | None) -> Decimal | None:
    return None if percent is None else percent.value


def computed_rate(budget: Amount | None, executed: Amount | None, stated: Percent | None) -> Decimal | None:
    """executed / budget x 100, rounded half-up like the stated rate (2 decimals when none is stated)."""
    if budget is None or executed is None:
        return None
    exact = percent_of(executed.yuan, budget.yuan)
    if exact is None:
        return None
    places = DEFAULT_RATE_DECIMALS
    if stated is not None:
        exponent = stated.value.as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else DEFAULT_RATE_DECIMALS
    return round_half_up(exact, places)


def _fund_rows(doc_id: str, record: Record) -> list[Row]:
    funds = record.funds
    rows: list[Row] = [(
        doc_id, 0, TOTAL, None, _yuan(funds.budget_total), _yuan(funds.executed_total),
        _rate(funds.execution_rate), computed_rate(funds.budget_total, funds.executed_total, funds.execution_rate),
    )]
    for seq, source in enumerate(funds.sources, start=1):
        rows.append((
            doc_id, seq, source.name, source.kind, _yuan(source.budget), _yuan(source.executed),
            _rate(source.execution_rate), computed_rate(source.budget, source.executed, source.execution_rate),
        ))
    return rows


def _indicator_row(doc_id: str, seq: int, item: Indicator) -> Row:
    target, actual, evidence = item.target, item.actual, item.evidence
    return (
        doc_id, seq, item.level1, item.level2, item.name,
        target.raw, target.number, target.unit, target.op,
        actual.raw, actual.number, actual.unit, actual.op,
        item.met, item.deviation_reason,
        evidence.page, evidence.block, evidence.row, evidence.col, evidence.cell_ref,
    )


def place_of(evidence: Evidence) -> str:
    """A place a finance officer can find: 第2页 第14段 表格第3行第5列 (rows and columns 1-based)."""
    parts: list[str] = []
    if evidence.sheet is not None:
        parts.append(f"工作表 {evidence.sheet}")
    if evidence.page is not None:
        parts.append(f"第{evidence.page}页")
    parts.append(f"第{evidence.block + 1}块")
    if evidence.cell_ref is not None:
        parts.append(f"单元格 {evidence.cell_ref}")
    elif evidence.row is not None and evidence.col is not None:
        parts.append(f"表格第{evidence.row + 1}行第{evidence.col + 1}列")
    return " ".join(parts)


def _finding_row(doc_id: str, seq: int, item: Finding) -> Row:
    first = item.evidence[0] if item.evidence else None
    return (
        doc_id, seq, item.code, item.severity, item.message, item.stated, item.computed,
        "；".join(place_of(e) for e in item.evidence) or None,
        "｜".join(e.text for e in item.evidence) or None,
        None if first is None else first.page,
        None if first is None else first.block,
    )
