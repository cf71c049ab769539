"""The audit workbook `audit.xlsx` for finance staff (XlsxWriter, streamed in constant-memory mode).

A summary sheet, then one sheet per table. Every sheet names the document — path, title, region
first — beside its sha256 and doc_id; code values carry Chinese labels (读取失败, 执行率与金额不符
（execution_rate_mismatch）, 中央); counts are whole numbers; amounts are in 万元 with two decimals;
failed files and error findings are highlighted. The funds, indicators and findings sheets list
each report once (its primary copy), so a SUBTOTAL over a filtered column counts no copy twice.
Document text is written as plain strings (never formulas or links). The exact figures stay in
the CSV/Parquet/SQLite outputs: an Excel cell is a binary float, fine for reading, not the record.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from extractor.ingest.columns import CHILD_TABLES, DOCUMENTS, FINDINGS, HISTORY, Column, Table
from extractor.ingest.state import State, child_columns, content_table
from extractor.ingest.versions import HISTORY_SQL
from extractor.labels import value_label

TEN_THOUSAND = Decimal(10_000)
SUMMARY_SHEET = "汇总"
_NAMING = ("path", "title", "region")
_LABELLED = {"status", "error_code", "code", "severity", "kind", "format", "source"}
_WIDTHS = {"text": 18, "int": 8, "bool": 8, "decimal": 14}
_WIDE = {"path": 48, "title": 36, "message": 48, "error": 48, "place": 30, "evidence": 40, "name": 24,
         "doc_id": 20, "sha256": 20, "fund_name": 24, "deviation_reason": 30, "location": 48, "report_key": 30,
         "code": 30, "error_code": 24}

Batches = Iterable[list[tuple[Any, ...]]]


def _documents_order() -> list[Column]:
    """Documents with what names them first, the keys last."""
    by_name = {c.name: c for c in DOCUMENTS.columns}
    first = [*_NAMING, "fiscal_year", "fund_name", "format", "status", "error_code", "error", "is_primary",
             "copies"]
    last = ["sha256", "doc_id"]
    middle = [n for n in DOCUMENTS.names if n not in first and n not in last]
    return [by_name[n] for n in [*first, *middle, *last]]


class AuditWorkbook:
    def __init__(self, workbook: Workbook) -> None:
        self.book = workbook
        self.header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
        self.money = workbook.add_format({"num_format": "#,##0.00"})
        self.rate = workbook.add_format({"num_format": "0.00"})
        self.count = workbook.add_format({"num_format": "0"})
        self.bad = workbook.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
        self.bad_money = workbook.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006",
                                              "num_format": "#,##0.00"})
        self.title = workbook.add_format({"bold": True, "font_size": 14})

    def summary(self, facts: list[tuple[str, int]]) -> None:
        sheet = self.book.add_worksheet(SUMMARY_SHEET)
        sheet.set_column(0, 0, 48)
        sheet.set_column(1, 1, 12)
        sheet.write_string(0, 0, "绩效自评报告批量导入汇总", self.title)
        sheet.write_row(1, 0, ["项目", "数量"], self.header)
        for index, (label, value) in enumerate(facts, start=2):
            sheet.write_string(index, 0, label)
            sheet.write_number(index, 1, int(value), self.count)

    def table(self, name: str, columns: list[Column], batches: Batches, bad: Any) -> int:
        sheet = self.book.add_worksheet(name)
        # The tables hold yuan; the workbook shows money in 万元, and its titles say so.
        titles = [c.zh.replace("（元）", "（万元）") if c.money else c.zh for c in columns]
        for index, column in enumerate(columns):
            sheet.set_column(index, index, _WIDE.get(column.name, _WIDTHS[column.kind]))
        sheet.write_row(0, 0, titles, self.header)
        sheet.freeze_panes(1, 0)
        count = 0
        for batch in batches:
            for row in batch:
                count += 1
                self._row(sheet, count, columns, row, bad(row))
        sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
        return count

    def _row(self, sheet: Worksheet, index: int, columns: list[Column], row: tuple[Any, ...], bad: bool) -> None:
        for col, (column, value) in enumerate(zip(columns, row, strict=True)):
            if value is None:
                if bad:
                    sheet.write_blank(index, col, None, self.bad)
                continue
            if column.kind == "decimal":
                number = Decimal(value) / TEN_THOUSAND if column.money else Decimal(value)
                style = (self.bad_money if bad else self.money) if column.money else (self.bad if bad else self.rate)
                sheet.write_number(index, col, float(number), style)
            elif column.kind == "int":
                sheet.write_number(index, col, int(value), self.bad if bad else self.count)
            elif column.kind == "bool":
                sheet.write_string(index, col, "是" if value else "否", self.bad if bad else None)
            else:
                text = value_label(column.name, str(value)) if column.name in _LABELLED else str(value)
                sheet.write_string(index, col, text, self.bad if bad else None)


def _flag(columns: list[Column], name: str, value: str) -> Any:
    position = [c.name for c in columns].index(name)
    return lambda row: row[position] == value


def _child_sheet(table: Table) -> tuple[list[Column], str]:
    """A child table with its document's path, title and region first; primary copies only."""
    naming = [c for c in DOCUMENTS.columns if c.name in _NAMING]
    columns = [*naming, *table.columns[1:], table.columns[0]]
    names = ", ".join(f"x.{n}" for n in child_columns(table))
    sql = (f"SELECT d.path, d.title, d.region, {names}, d.doc_id FROM p_documents d JOIN {content_table(table)} x "
           "ON x.sha256 = d.sha256 AND x.part = d.part WHERE d.is_primary = 1")
    if table is FINDINGS:
        copies = ", ".join(f"c.{n}" for n in child_columns(table))
        sql += (f" UNION ALL SELECT d.path, d.title, d.region, {copies}, d.doc_id FROM p_copy_findings c "
                "JOIN p_documents d ON d.doc_id = c.doc_id")
        sql = f"SELECT * FROM ({sql}) ORDER BY doc_id, seq"
    else:
        sql += " ORDER BY d.doc_id, x.seq"
    return columns, sql


def write_xlsx(state: State, target: Path, facts: list[tuple[str, int]]) -> None:
    workbook = xlsxwriter.Workbook(str(target), {"constant_memory": True, "strings_to_numbers": False,
                                                 "strings_to_formulas": False, "strings_to_urls": False})
    audit = AuditWorkbook(workbook)
    audit.summary(facts)
    documents = _documents_order()
    sql = f"SELECT {', '.join(c.name for c in documents)} FROM p_documents ORDER BY path, part, doc_id"
    audit.table(DOCUMENTS.zh, documents, state.query(sql), _flag(documents, "status", "failed"))
    for table in CHILD_TABLES:
        columns, sql = _child_sheet(table)
        bad = _flag(columns, "severity", "error") if table is FINDINGS else (lambda row: False)
        audit.table(table.zh, columns, state.query(sql), bad)
    audit.table(HISTORY.zh, list(HISTORY.columns), state.query(HISTORY_SQL), lambda row: False)
    workbook.close()
