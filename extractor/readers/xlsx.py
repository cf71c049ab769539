"""XLSX reader: python-calamine for values and merged ranges, the package XML for number formats.

Each visible sheet becomes a `Document` (`sheet` set): rows above and below the table that hold a
single text (the caption, 单位：万元, 填报说明) become paragraphs, so the title is found as in a
Word export; the rows between become one `Table` with merged cells once at their top-left and the
covered positions empty, and the table remembers its sheet position so evidence names the cell
in A1 notation. Numbers become the text the cell displays (0.7959 formatted `0.00%` is "79.59%",
see numfmt.py); formulas are read as the values cached in the file.

A workbook often holds one 自评表 per sheet: every sheet that looks like one is its own record;
other sheets beside them (填报说明, lookup lists) are skipped with a note. A workbook where no sheet
looks like a 自评表 gives one record per non-empty sheet.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook, SheetVisibleEnum

from extractor.document import Cell, Document, Paragraph, Table
from extractor.errors import ReadError
from extractor.readers.limits import Limits
from extractor.readers.numfmt import format_number, general_text
from extractor.readers.xlsx_styles import cell_formats, sheet_parts, style_formats

# Words only a 自评表 (or its caption) holds: a sheet without any is not a separate record.
SHEET_MARKERS = ("三级指标", "指标值", "全年预算数", "年度资金总额", "自评表", "自评报告", "绩效目标")
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, ValueError,
               NotImplementedError)

Merge = tuple[int, int, int, int]  # first row, first col, last row, last col (inclusive, 0-based)


@dataclass(slots=True)
class SheetGrid:
    """A sheet's display texts, merges and which positions a merge covers."""

    name: str
    texts: list[list[str]]
    merges: dict[tuple[int, int], Merge]  # top-left -> merge
    covered: dict[tuple[int, int], tuple[int, int]]  # position inside a merge -> the merge's top-left
    filled: list[list[int]]  # per row, the columns of its non-empty cells (covered positions excluded)

    def looks_like_self_evaluation(self) -> bool:
        compact = "".join("".join(row) for row in self.texts)
        compact = "".join(compact.split())
        return any(marker in compact for marker in SHEET_MARKERS)


def read_xlsx(path: Path, data: bytes, limits: Limits) -> Document:
    """The first record of the workbook (see `read_xlsx_documents`)."""
    return read_xlsx_documents(path, data, limits)[0]


def read_xlsx_documents(path: Path, data: bytes, limits: Limits, file_format: str = "xlsx") -> list[Document]:
    """One document per sheet that is a separate 自评表 (or per non-empty sheet when none is)."""
    grids, notes = _read_grids(path, data, limits)
    if not grids:
        raise ReadError(path, "empty_file", "工作簿的各工作表中都没有内容")
    chosen = [g for g in grids if g.looks_like_self_evaluation()] or grids
    notes += [("sheet_skipped", f"工作表“{g.name}”不是自评表，未单独读取") for g in grids if g not in chosen]
    documents = [sheet_document(path, grid, file_format) for grid in chosen]
    documents[0].notes.extend(notes)
    return documents


def _read_grids(path: Path, data: bytes, limits: Limits) -> tuple[list[SheetGrid], list[tuple[str, str]]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_members(path, archive, limits)
            formats = style_formats(archive)
            parts = sheet_parts(archive) if formats else {}
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
            grids: list[SheetGrid] = []
            notes: list[tuple[str, str]] = []
            for meta in workbook.sheets_metadata:
                if meta.visible != SheetVisibleEnum.Visible:
                    notes.append(("sheet_skipped", f"工作表“{meta.name}”为隐藏工作表，未读取"))
                    continue
                sheet = workbook.get_sheet_by_name(meta.name)
                part = parts.get(meta.name)
                styled = cell_formats(archive.read(part), formats) if part and part in archive.NameToInfo else {}
                grid = _grid(path, sheet, styled, limits)
                if grid is not None:
                    grids.append(grid)
            return grids, notes
    except ReadError:
        raise
    except _ZIP_ERRORS as exc:
        raise ReadError(path, "corrupt_file", f"XLSX 文件（ZIP 压缩包）已损坏：{exc}") from exc
    except CalamineError as exc:
        raise ReadError(path, "corrupt_file", f"XLSX 工作簿无法解析：{exc}") from exc


def _check_members(path: Path, archive: zipfile.ZipFile, limits: Limits) -> None:
    total = 0
    for info in archive.infolist():
        if info.flag_bits & 0x1:
            raise ReadError(path, "encrypted", f"工作簿部件 {info.filename} 经 ZIP 加密，无法读取")
        total += info.file_size
    if total > limits.max_unzipped_bytes:
        raise ReadError(path, "zip_bomb", f"工作簿解压后达 {total / 2**20:.0f} MB，超过上限 "
                                          f"{limits.max_unzipped_bytes / 2**20:.0f} MB")


def _grid(path: Path, sheet: CalamineSheet, styled: dict[tuple[int, int], str], limits: Limits) -> SheetGrid | None:
    if sheet.height * sheet.width > limits.max_sheet_cells:
        raise ReadError(path, "file_too_large", f"工作表“{sheet.name}”有 {sheet.height} 行 × {sheet.width} 列，"
                                                f"超过上限 {limits.max_sheet_cells} 个单元格")
    shown: dict[tuple[float, str | None], str] = {}  # scores and rates repeat down a sheet
    texts = [_row_texts(r, row, styled, shown) for r, row in enumerate(sheet.to_python(skip_empty_area=False))]
    merges: dict[tuple[int, int], Merge] = {}
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []:
        merges[(r0, c0)] = (r0, c0, r1, c1)
        covered.update(((r, c), (r0, c0)) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0))
    filled = [[c for c, text in enumerate(row) if text and not text.isspace() and (r, c) not in covered]
              for r, row in enumerate(texts)]
    if not any(filled):
        return None
    return SheetGrid(sheet.name, texts, merges, covered, filled)


def _row_texts(r: int, row: Sequence[object], styled: dict[tuple[int, int], str],
               shown: dict[tuple[float, str | None], str]) -> list[str]:
    # Most cells are text or empty: only the others pay for a format lookup.
    return [value.replace("\r\n", "\n") if value.__class__ is str
            else _number_text(value, styled.get((r, c)), shown) if value.__class__ is float
            else cell_text(value, styled.get((r, c)))
            for c, value in enumerate(row)]


def _number_text(value: float, code: str | None, shown: dict[tuple[float, str | None], str]) -> str:
    key = (value, code)
    text = shown.get(key)
    if text is None:
        text = shown[key] = format_number(value, code) if code else general_text(value)
    return text


def cell_text(value: object, code: str | None) -> str:
    """What the cell displays: numbers through their format, dates as written in Chinese."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return format_number(float(value), code) if code else general_text(float(value))
    if isinstance(value, dt.datetime | dt.date):
        return _date_text(value, code)
    return "" if value is None else str(value)


def _date_text(value: dt.date, code: str | None) -> str:
    if isinstance(value, dt.datetime) and value.time() != dt.time(0):
        return value.strftime("%Y-%m-%d %H:%M")
    if code is not None and "年" in code:
        if "d" not in code.lower():
            return f"{value.year}年{value.month}月"
        return f"{value.year}年{value.month}月{value.day}日"
    return value.strftime("%Y-%m-%d")


def sheet_document(path: Path, grid: SheetGrid, file_format: str) -> Document:
    document = Document(path=str(path), format=file_format, sheet=grid.name)
    table_rows = [r for r, columns in enumerate(grid.filled) if len(columns) > 1]
    first, last = (table_rows[0], table_rows[-1]) if table_rows else (len(grid.texts), -1)
    for row in range(first):
        _add_paragraph(document, grid, row)
    if table_rows:
        document.add(_table(grid, first, last))
    for row in range(last + 1, len(grid.texts)):
        _add_paragraph(document, grid, row)
    return document


def _add_paragraph(document: Document, grid: SheetGrid, row: int) -> None:
    texts = [grid.texts[row][c].strip() for c in grid.filled[row]]
    if texts:
        document.add(Paragraph(" ".join(texts)))


def _table(grid: SheetGrid, first: int, last: int) -> Table:
    """Rows first..last as a table, from its leftmost to its rightmost used column."""
    used = [c for r in range(first, last + 1) for c in grid.filled[r]]
    used += [m[3] for (r, _), m in grid.merges.items() if first <= r <= last]
    left, right = min(used), max(used)
    covered, merges = grid.covered, grid.merges
    rows: list[list[Cell]] = []
    for r in range(first, last + 1):
        texts = grid.texts[r]
        row: list[Cell] = []
        for c in range(left, right + 1):
            if (r, c) in covered:
                owner = covered[(r, c)]
                if owner[0] >= first and owner[1] >= left:
                    continue
            merge = merges.get((r, c))
            if merge is None:
                row.append(Cell(texts[c] if c < len(texts) else "", r - first, c - left))
            else:
                row.append(Cell(texts[c], r - first, c - left, min(merge[2], last) - r + 1,
                                min(merge[3], right) - c + 1))
        rows.append(row)
    return Table(rows, sheet=grid.name, origin=(first, left))

