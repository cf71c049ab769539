"""The audit workbook `audit.xlsx` for finance staff (XlsxWriter, streamed in constant-memory mode).

A summary sheet, then one sheet per table: Chinese column titles, frozen header row, filters,
amounts in 万元 with two decimals, failed files and error findings highlighted, and each finding
with its file and the place in it. The exact figures stay in the CSV/Parquet/SQLite outputs: an
Excel cell is a binary float, fine for reading, not for the record.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from extractor.ingest.atomic import replacing
from extractor.ingest.columns import DOCUMENTS, FINDINGS, Column, Table

TEN_THOUSAND = Decimal(10_000)
SUMMARY_SHEET = "汇总"
PATH_TITLE = "文件路径"
_WIDTHS = {"text": 18, "int": 8, "bool": 8, "decimal": 14}
_WIDE = {"path": 48, "title": 36, "message": 48, "error": 48, "place": 30, "evidence": 40, "name": 24,
         "doc_id": 20, "sha256": 20, "fund_name": 24, "deviation_reason": 30}

Batches = Iterable[list[tuple[Any, ...]]]


class AuditWorkbook:
    def __init__(self, workbook: Workbook) -> None:
        self.book = workbook
        self.header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
        self.money = workbook.add_format({"num_format": "#,##0.00"})
        self.rate = workbook.add_format({"num_format": "0.00"})
        self.bad = workbook.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
        self.bad_money = workbook.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006",
                                              "num_format": "#,##0.00"})
        self.title = workbook.add_format({"bold": True, "font_size": 14})

    def summary(self, facts: list[tuple[str, object]]) -> None:
        sheet = self.book.add_worksheet(SUMMARY_SHEET)
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, 1, 16)
        sheet.write(0, 0, "绩效自评报告批量导入汇总", self.title)
        sheet.write_row(1, 0, ["项目", "数值"], self.header)
        for index, (label, value) in enumerate(facts, start=2):
            sheet.write(index, 0, label)
            sheet.write(index, 1, value)

    def table(self, table: Table, batches: Batches, with_path: bool = False) -> int:
        """One sheet; rows as stored, plus the document's path first when `with_path` (findings)."""
        sheet = self.book.add_worksheet(table.zh)
        # The tables hold yuan; the workbook shows money in 万元, and its titles say so.
        titles = ([PATH_TITLE] if with_path else []) + [
            c.zh.replace("（元）", "（万元）") if c.money else c.zh for c in table.columns]
        columns: list[Column | None] = ([None] if with_path else []) + list(table.columns)
        for index, column in enumerate(columns):
            width = 48 if column is None else _WIDE.get(column.name, _WIDTHS[column.kind])
            sheet.set_column(index, index, width)
        sheet.write_row(0, 0, titles, self.header)
        sheet.freeze_panes(1, 0)
        highlight = _highlighter(table, with_path)
        count = 0
        for batch in batches:
            for row in batch:
                count += 1
                self._row(sheet, count, columns, row, highlight(row))
        sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
        return count

    def _row(self, sheet: Worksheet, index: int, columns: list[Column | None], row: tuple[Any, ...],
             bad: bool) -> None:
        for col, (column, value) in enumerate(zip(columns, row, strict=True)):
            if value is None:
                if bad:
                    sheet.write_blank(index, col, None, self.bad)
                continue
            if column is not None and column.kind == "decimal":
                number = Decimal(value) / TEN_THOUSAND if column.money else Decimal(value)
                style = (self.bad_money if bad else self.money) if column.money else (self.bad if bad else self.rate)
                sheet.write_number(index, col, float(number), style)
            elif column is not None and column.kind == "bool":
                sheet.write(index, col, "是" if value else "否", self.bad if bad else None)
            else:
                sheet.write(index, col, value, self.bad if bad else None)


def _highlighter(table: Table, with_path: bool) -> Any:
    offset = 1 if with_path else 0
    if table is DOCUMENTS:
        status = offset + table.names.index("status")
        return lambda row: row[status] == "failed"
    if table is FINDINGS:
        severity = offset + table.names.index("severity")
        return lambda row: row[severity] == "error"
    return lambda row: False


def write_xlsx(target: Path, facts: list[tuple[str, object]], tables: Sequence[tuple[Table, Batches, bool]]) -> None:
    with replacing(target) as temporary:
        workbook = xlsxwriter.Workbook(str(temporary), {"constant_memory": True, "strings_to_numbers": False,
                                                        "strings_to_formulas": False, "strings_to_urls": False})
        audit = AuditWorkbook(workbook)
        audit.summary(facts)
        for table, batches, with_path in tables:
            audit.table(table, batches, with_path)
        workbook.close()
