"""The published tables: every column's name, type and Chinese/English description, in one place.

CSV headers, the Parquet schema, the SQLite DDL, the workbook's Chinese titles, datasette's
metadata.json and docs/tables.md are all derived from `TABLES`, so the formats cannot drift apart.

Types: `text`; `int`; `bool` (CSV "true"/"false", SQLite 0/1, Parquet boolean); `decimal`
(exact: CSV holds the decimal text, Parquet decimal128(38, 10), SQLite a REAL that prints back as
the same decimal — `storage.storable` keeps every value within what all three hold exactly).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "int", "bool", "decimal"]

# decimal128(38, 10): 28 integer digits and 10 decimals. A REAL holds 15 significant digits exactly,
# and amounts are kept to the 分 (2 decimals of a yuan); `storage.storable` rounds what goes beyond,
# with a warning on the document, so no value can break a writer.
DECIMAL_PRECISION = 38
DECIMAL_SCALE = 10
MONEY_SCALE = 2
REAL_DIGITS = 15


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    kind: Kind
    zh: str  # the Chinese title (workbook header, metadata)
    en: str  # the English description
    money: bool = False  # an amount in yuan: the workbook shows it in 万元 with two decimals


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    zh: str
    en: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # primary key, also the deterministic row order

    @property
    def names(self) -> list[str]:
        return [column.name for column in self.columns]


_DOC_ID = Column("doc_id", "text", "文档编号",
                 "Document id: 20 hex digits from the file's location, plus \":N\" for the N-th record of a "
                 "workbook (N from 0); the same while the file stays where it is, whatever its content")
_SEQ = Column("seq", "int", "序号", "Row number within the document, from 0")

DOCUMENTS = Table(
    "documents", "文档", "One row per current file (per record of a workbook), read or failed (status failed)",
    (
        _DOC_ID,
        Column("sha256", "text", "文件SHA256", "sha256 of the file's bytes (this version of the file)"),
        Column("part", "int", "记录序号", "Position of the record in its file, from 0 (a workbook: one per 自评表 "
               "sheet); with the file it makes the key, so sheets of the same name stay apart"),
        Column("sheet", "text", "工作表", "Sheet name when the file is a workbook, else empty"),
        Column("path", "text", "文件路径", "Path of the file (a.zip!/inner/path for a member of a zip archive)"),
        Column("format", "text", "格式", "Format read: text, docx, pdf, ... (for a failed file: the format its "
               "extension promises, or the extension)"),
        Column("pages", "int", "页数", "Number of pages (PDF), else empty"),
        Column("title", "text", "标题", "Report title"),
        Column("region", "text", "地区", "Region (province, city or county) the report is about"),
        Column("fiscal_year", "int", "年度", "Fiscal year"),
        Column("fund_name", "text", "资金（项目）名称", "Name of the fund or project"),
        Column("status", "text", "状态", "ok: read and checked; failed: could not be read (see error_code)"),
        Column("error_code", "text", "错误代码", "Stable error code of a failed file (timeout, encrypted, ...)"),
        Column("error", "text", "错误说明", "Error message naming the file and the reason"),
        Column("indicators", "int", "指标数", "Number of performance indicators extracted"),
        Column("findings", "int", "问题数", "Number of checker findings (with copy_figures_mismatch on a primary)"),
        Column("warnings", "int", "提示数", "Number of extraction warnings (value_rounded among them)"),
        Column("report_key", "text", "报告键", "Groups copies of one report (region|year|fund|title, normalised; "
               "sha256:… when those are not all stated); empty for a failed file"),
        Column("is_primary", "bool", "主副本", "The copy that stands for its report (DOCX/XLSX before converted "
               "formats, PDF, HTML, text; then by path): views and counts of reports use these rows"),
        Column("copies", "int", "副本数", "Number of current documents with this report key (1: no other copy)"),
        Column("extractor_version", "text", "程序版本", "Version of extractor that read this file"),
    ),
    ("doc_id",),
)

FUNDS = Table(
    "funds", "资金", "Fund figures: one TOTAL row per document, then one row per funding source",
    (
        _DOC_ID,
        _SEQ,
        Column("source", "text", "资金来源", "TOTAL for the whole fund, else the source's name as written"),
        Column("kind", "text", "来源类别", "central, provincial, municipal, county, municipal_county, local, "
               "other, current_year, carry_over; empty for TOTAL"),
        Column("budget_yuan", "decimal", "全年预算数（元）", "Budget in yuan, exact", money=True),
        Column("executed_yuan", "decimal", "全年执行数（元）", "Amount executed in yuan, exact", money=True),
        Column("stated_rate", "decimal", "填报执行率（%）", "Execution rate as the document states it, in percent"),
        Column("computed_rate", "decimal", "计算执行率（%）", "executed / budget x 100, rounded half-up to the "
               "stated rate's decimals (2 when none is stated); empty when the budget is 0 or below, or missing"),
    ),
    ("doc_id", "seq"),
)

INDICATORS = Table(
    "indicators", "绩效指标", "Performance indicators, one row per indicator",
    (
        _DOC_ID,
        _SEQ,
        Column("level1", "text", "一级指标", "Level-1 indicator (产出指标, 效益指标, ...)"),
        Column("level2", "text", "二级指标", "Level-2 indicator (数量指标, 质量指标, ...)"),
        Column("name", "text", "三级指标", "Indicator name"),
        Column("target_raw", "text", "年度指标值", "Target as written"),
        Column("target_number", "decimal", "指标值数值", "Target's number, exact"),
        Column("target_unit", "text", "指标值单位", "Target's unit"),
        Column("target_op", "text", "指标值比较符", "Target's operator: >=, <=, >, <, ="),
        Column("actual_raw", "text", "实际完成值", "Actual value as written"),
        Column("actual_number", "decimal", "完成值数值", "Actual value's number, exact"),
        Column("actual_unit", "text", "完成值单位", "Actual value's unit"),
        Column("actual_op", "text", "完成值比较符", "Actual value's operator"),
        Column("met", "bool", "是否达标", "Target met (empty when it cannot be decided: qualitative targets)"),
        Column("deviation_reason", "text", "偏差原因", "Reason given for a deviation"),
        Column("evidence_page", "int", "所在页", "Page (PDF, 1-based)"),
        Column("evidence_block", "int", "所在段落/表格", "Block index in the document"),
        Column("evidence_row", "int", "表格行", "Table row (0-based), empty in prose"),
        Column("evidence_col", "int", "表格列", "Table column (0-based), empty in prose"),
        Column("evidence_cell", "text", "单元格", "Spreadsheet cell (A1 notation) when read from a sheet"),
    ),
    ("doc_id", "seq"),
)

FINDINGS = Table(
    "findings", "校验问题", "Checker findings, one row per finding",
    (
        _DOC_ID,
        _SEQ,
        Column("code", "text", "问题代码", "Stable finding code (execution_rate_mismatch, ...)"),
        Column("severity", "text", "严重程度", "error, warning or info"),
        Column("message", "text", "问题说明", "Message (Chinese)"),
        Column("stated", "text", "填报值", "The figure as stated"),
        Column("computed", "text", "计算值", "The figure as recomputed"),
        Column("place", "text", "位置", "Where in the file: page, block, table cell (every place, joined by ；)"),
        Column("evidence", "text", "原文", "The text at those places, joined by ｜"),
        Column("evidence_page", "int", "所在页", "Page of the first place (PDF)"),
        Column("evidence_block", "int", "所在段落/表格", "Block of the first place"),
    ),
    ("doc_id", "seq"),
)

HISTORY = Table(
    "history", "版本历史", "Every version of every file ever ingested into this folder: when it was seen and what "
    "replaced it. The other tables show only the current versions",
    (
        Column("location", "text", "文件位置", "Absolute location of the file (archive!/member for a zip member)"),
        Column("version", "int", "版本", "1 for the first content seen at this location, then 2, 3, ..."),
        Column("path", "text", "文件路径", "Path as last given on the command line"),
        Column("sha256", "text", "文件SHA256", "sha256 of this version's bytes"),
        Column("status", "text", "版本状态", "current; superseded (the file changed); gone (no longer found under "
               "the folders or archives ingested)"),
        Column("first_seen", "text", "首次发现", "When this version was first seen (UTC, ISO 8601)"),
        Column("last_seen", "text", "最近发现", "When this version was last seen"),
        Column("ended_at", "text", "失效时间", "When it stopped being current, else empty"),
        Column("superseded_by", "text", "替代版本", "sha256 of the version that replaced it, else empty"),
    ),
    ("location", "version"),
)

# Row tables of a document (keyed by doc_id, seq), and all published tables.
CHILD_TABLES: tuple[Table, ...] = (FUNDS, INDICATORS, FINDINGS)
TABLES: tuple[Table, ...] = (DOCUMENTS, *CHILD_TABLES, HISTORY)
