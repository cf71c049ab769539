"""Resource limits every reader honours, as options with safe defaults.

Like docling's `max_file_size` / `max_num_pages`, each limit bounds what a file may make the
reader allocate, whatever its bytes claim: the file, each inflated package part and all of them
together, a sheet's used range (read from the sheet XML before the native reader sees it), a
table's cells and its grid after spans, the characters of the document and of one paragraph or
cell, the pages. They are checked before the allocation they bound; breaking one is a ReadError
with code `limit_exceeded` (or the older `file_too_large`, `zip_bomb`, `too_many_pages`) naming
the option and the value found.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from extractor.errors import ReadError


@dataclass(frozen=True, slots=True)
class Limits:
    max_file_bytes: int = 200 * 2**20
    max_unzipped_bytes: int = 300 * 2**20  # all members of a package, as their directory declares
    max_member_bytes: int = 32 * 2**20  # one inflated part a reader parses (document.xml, a sheet)
    max_xml_elements: int = 1_000_000  # tags of one XML part or HTML page, counted before parsing
    max_pages: int = 2000
    max_blocks: int = 50_000  # paragraphs and tables of one document
    max_sheet_cells: int = 200_000  # per worksheet: rows x columns of its used range
    max_table_cells: int = 50_000  # cells of one table (a merged cell counts once)
    max_table_area: int = 250_000  # rows x columns of one table's grid, spans included
    max_document_chars: int = 2_000_000  # all text of one document (a record)
    max_block_chars: int = 100_000  # one paragraph, text line, cell or PDF page
    extract_timeout_s: float = 10.0  # pattern matching and checks of one document, all together
    repair_timeout_s: float = 5.0  # pdfium rebuilding a damaged PDF's cross-reference table
    convert_timeout_s: float = 120.0  # LibreOffice conversion of a legacy .doc/.xls/.wps/.et


DEFAULT_LIMITS = Limits()

_WHAT = {
    "max_member_bytes": "压缩包部件解压后大小（字节）",
    "max_sheet_cells": "工作表单元格数（行×列）",
    "max_table_cells": "表格单元格数",
    "max_table_area": "表格网格大小（行×列，含合并）",
    "max_document_chars": "文档字符数",
    "max_block_chars": "单个段落、行、单元格或 PDF 单页的字符数",
    "max_pages": "页数",
    "max_xml_elements": "XML/HTML 元素（标签）数",
    "max_blocks": "段落与表格数",
}


def limit_exceeded(path: str | Path, limits: Limits, name: str, value: int, where: str = "") -> ReadError:
    """The error for `value` over the limit `name` (a field of Limits), naming both."""
    limit = getattr(limits, name)
    place = f"{where}：" if where else ""
    return ReadError(path, "limit_exceeded",
                     f"{place}{_WHAT.get(name, name)} {value} 超过上限 {limit}（Limits.{name}={limit}）")
