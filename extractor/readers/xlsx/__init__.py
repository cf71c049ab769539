"""XLSX reader: python-calamine for values and merged ranges, the package XML for number formats.

Each visible sheet becomes a `Document` (`sheet` set): rows above and below the table that hold a
single text (the caption, 单位：万元, 填报说明) become paragraphs, so the title is found as in a
Word export; the rows between become one `Table` with merged cells once at their top-left and the
covered positions empty, and the table remembers its sheet position so evidence names the cell
in A1 notation. Numbers become the text the cell displays (0.7959 formatted `0.00%` is "79.59%",
see xlsx/numfmt.py); formulas are read as the values cached in the file. Hidden rows and columns
are not read (xlsx/hidden.py), with a note when they held anything.

A workbook often holds one 自评表 per sheet: every sheet that looks like one is its own record;
other sheets beside them (填报说明, lookup lists) are skipped with a note. A workbook where no sheet
looks like a 自评表 gives one record per non-empty sheet. The words are a first cut: after
extraction `pipeline.records_of` drops a cover sheet that gave nothing of a report and joins a
funds sheet and an indicators sheet of one report.

Bulk ingest reads thousands of these, so the per-cell work is kept to two Python loops (display
text and blank test in one, the `Cell` in the other): a 60x8 sheet reads in about 2.6x the time
python-calamine takes to hand over its values (bench/bench_readers.py).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from extractor.document import Cell, Document, Paragraph, Table
from extractor.errors import ReadError
from extractor.readers.limits import Limits, limit_exceeded
from extractor.readers.xlsx.hidden import Hidden, hidden_cells
from extractor.readers.xlsx.limits import check_parts, check_sheet, check_unresolved_sheets, clip_merges
from extractor.readers.xlsx.numfmt import format_number, general_text
from extractor.readers.xlsx.styles import CellFormats, cell_formats, sheet_parts, style_formats
from extractor.readers.zip_members import ENCRYPTED, Member, read_directory, read_member

# Words only a 自评表 (or its caption) holds: a sheet without any is not a separate record.
SHEET_MARKERS = ("三级指标", "指标值", "全年预算数", "年度资金总额", "自评表", "自评报告", "绩效目标")
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, ValueError,
               NotImplementedError)

# A formula element followed by the cell's end, with no value or an empty one between.
_FORMULA_WITHOUT_VALUE = re.compile(
    rb"(?:</(?:[A-Za-z_][\w.-]*:)?f>|<(?:[A-Za-z_][\w.-]*:)?f\b[^>]*/>)\s*"
    rb"(?:<(?:[A-Za-z_][\w.-]*:)?v\s*/>|<(?:[A-Za-z_][\w.-]*:)?v>\s*</(?:[A-Za-z_][\w.-]*:)?v>)?\s*"
    rb"</(?:[A-Za-z_][\w.-]*:)?c>")
_NOTHING: frozenset[int] = frozenset()
_NO_FORMATS: dict[int, str] = {}
Merge = tuple[int, int, int, int]  # first row, first col, last row, last col (inclusive, 0-based)


@dataclass(slots=True)
class SheetGrid:
    """A sheet's display texts and merges."""

    name: str
    texts: list[list[str]]
    merges: list[Merge]
    covered: dict[int, frozenset[int]]  # row -> the columns merges cover there (see _covered)
    filled: list[list[int]]  # per row, the columns of its non-empty cells (covered positions excluded)
    text: str  # all cells' texts run together
    notes: list[tuple[str, str]] = field(default_factory=list)  # what the sheet's reader noticed

    def looks_like_self_evaluation(self) -> bool:
        compact = "".join(self.text.split())
        return any(marker in compact for marker in SHEET_MARKERS)


def read_xlsx(path: Path, data: bytes, limits: Limits) -> Document:
    """The first record of the workbook (see `read_xlsx_documents`)."""
    return read_xlsx_documents(path, data, limits)[0]


def read_xlsx_documents(path: Path, data: bytes, limits: Limits, file_format: str = "xlsx",
                        members: dict[str, Member] | None = None) -> list[Document]:
    """One document per sheet that is a separate 自评表 (or per non-empty sheet when none is).

    `members` is `read_directory(data)` when the caller has it already (format detection reads
    the package's directory), so it is not read twice."""
    grids, notes = _read_grids(path, data, limits, members)
    if not grids:
        raise ReadError(path, "empty_file", "工作簿的各工作表中都没有内容")
    chosen = grids if len(grids) == 1 else [g for g in grids if g.looks_like_self_evaluation()] or grids
    notes += [("sheet_skipped", f"工作表“{g.name}”不是自评表，未单独读取") for g in grids if g not in chosen]
    documents = [sheet_document(path, grid, file_format) for grid in chosen]
    documents[0].notes.extend(notes)
    return documents


def _read_grids(path: Path, data: bytes, limits: Limits,
                members: dict[str, Member] | None) -> tuple[list[SheetGrid], list[tuple[str, str]]]:
    try:
        if members is None:
            members = read_directory(data)
        _check_members(path, members, limits)
        check_parts(path, data, members, limits)
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = workbook.sheets_metadata
        formats = style_formats(data, members)
        worksheets = [meta.name for meta in sheets if meta.typ == SheetTypeEnum.WorkSheet]
        parts = sheet_parts(data, members, worksheets)
        visible = [meta for meta in sheets if meta.visible == SheetVisibleEnum.Visible]
        if any(parts.get(meta.name, "") not in members for meta in visible):
            check_unresolved_sheets(path, data, members, set(parts.values()), limits)
        grids: list[SheetGrid] = []
        notes: list[tuple[str, str]] = [("sheet_skipped", f"工作表“{meta.name}”为隐藏工作表，未读取")
                                        for meta in sheets if meta.visible != SheetVisibleEnum.Visible]
        too_large: list[ReadError] = []
        for meta in visible:
            part = parts.get(meta.name, "")
            xml = read_member(data, members, part) if part in members else b""
            try:
                # The native reader aborts the process on a grid it cannot allocate: check it first.
                check_sheet(path, meta.name, xml, limits)
                grid = _grid(path, workbook.get_sheet_by_name(meta.name), cell_formats(xml, formats), limits)
                if grid is not None:
                    _drop_hidden(grid, hidden_cells(xml))
            except ReadError as error:
                if error.code != "limit_exceeded":
                    raise
                # One huge sheet (a data dump beside the 自评表) costs that sheet, not the workbook.
                too_large.append(error)
                notes.append(("sheet_skipped", f"{error.detail}，该工作表未读取"))
                continue
            if grid is not None:
                grid.notes.extend(_formula_notes(meta.name, xml))
                grids.append(grid)
        if not grids and too_large:
            raise too_large[0]
        return grids, notes
    except ReadError:
        raise
    except _ZIP_ERRORS as exc:
        raise ReadError(path, "corrupt_file", f"XLSX 文件（ZIP 压缩包）已损坏：{exc}") from exc
    except CalamineError as exc:
        raise ReadError(path, "corrupt_file", f"XLSX 工作簿无法解析：{exc}") from exc


def _formula_notes(sheet: str, xml: bytes) -> list[tuple[str, str]]:
    """Formulas saved without their result (a workbook written by a program and never opened in
    Excel or WPS): calamine reads those cells as blank, which the user must be told."""
    if not _has_formula(xml):
        return []
    count = len(_FORMULA_WITHOUT_VALUE.findall(xml))
    if not count:
        return []
    return [("formula_without_value", f"工作表“{sheet}”有 {count} 个公式单元格没有保存计算结果（文件未经 Excel/WPS "
                                      f"打开保存），按空白读取")]


def _has_formula(xml: bytes) -> bool:
    """Whether the sheet holds an <f> element. A lowercase f is rare in sheet XML, and finding one
    byte is a memchr: 4x faster than searching for "<f", whose "<" starts every tag."""
    at = xml.find(b"f")
    while at != -1:
        if xml[at - 1:at] in (b"<", b"/", b":") and xml[at + 1:at + 2] in (b">", b" ", b"/"):
            return True
        at = xml.find(b"f", at + 1)
    return False


def _check_members(path: Path, members: dict[str, Member], limits: Limits) -> None:
    total = 0
    for name, member in members.items():
        if member.flags & ENCRYPTED:
            raise ReadError(path, "encrypted", f"工作簿部件 {name} 经 ZIP 加密，无法读取")
        total += member.size
    if total > limits.max_unzipped_bytes:
        raise ReadError(path, "zip_bomb", f"工作簿解压后达 {total / 2**20:.0f} MB，超过上限 "
                                          f"{limits.max_unzipped_bytes / 2**20:.0f} MB")


def _grid(path: Path, sheet: CalamineSheet, styled: CellFormats, limits: Limits) -> SheetGrid | None:
    if sheet.height * sheet.width > limits.max_sheet_cells:  # the XML check errs high; this is the truth
        raise limit_exceeded(path, limits, "max_sheet_cells", sheet.height * sheet.width,
                             f"工作表“{sheet.name}”有 {sheet.height} 行 × {sheet.width} 列")
    merges = clip_merges(path, sheet.name, [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []],
                         sheet.height, sheet.width, limits)
    covered = _covered(merges)
    shown: dict[tuple[object, str | None], str] = {}  # scores and rates repeat down a sheet
    texts: list[list[str]] = []
    filled: list[list[int]] = []
    joined: list[str] = []
    for r, values in enumerate(sheet.to_python(skip_empty_area=False)):
        filled.append(_display_row(values, styled.get(r, _NO_FORMATS), covered.get(r, _NOTHING), shown))
        row = cast(list[str], values)  # now the texts the cells display
        joined.append("".join(row))
        texts.append(row if "\r" not in joined[-1] else [text.replace("\r\n", "\n") for text in row])
    if not any(filled):
        return None
    return SheetGrid(sheet.name, texts, merges, covered, filled, "".join(joined))


def _drop_hidden(grid: SheetGrid, hidden: Hidden) -> None:
    """Blank the hidden rows' and columns' cells (see readers/xlsx/hidden.py), with a note when
    any of them held something."""
    if not hidden:
        return
    dropped = 0
    for r, columns in enumerate(grid.filled):
        gone = columns if r in hidden.rows else [c for c in columns if c in hidden.columns]
        if not gone:
            continue
        dropped += len(gone)
        for c in gone:
            grid.texts[r][c] = ""
        grid.filled[r] = [c for c in columns if c not in gone]
    if dropped:
        grid.text = "".join("".join(row) for row in grid.texts)
        grid.notes.append(("hidden_cells_skipped",
                           f"工作表“{grid.name}”有 {dropped} 个非空单元格位于隐藏的行或列中，未读取"))


def _covered(merges: list[Merge]) -> dict[int, frozenset[int]]:
    """Row -> the columns merges cover in it, their top-left cells excluded.

    A merge's first row gets an entry even when the merge covers nothing more there (a vertical
    merge), so a row without an entry has no merge at all."""
    columns: dict[int, tuple[int, ...]] = {}
    for r0, c0, r1, c1 in merges:
        columns[r0] = columns.get(r0, ()) + tuple(range(c0 + 1, c1 + 1))
        spanned = tuple(range(c0, c1 + 1))
        for r in range(r0 + 1, r1 + 1):
            columns[r] = columns[r] + spanned if r in columns else spanned
    return {r: frozenset(cols) for r, cols in columns.items()}


def _display_row(row: list[Any], formats: dict[int, str], covered: frozenset[int],
                 shown: dict[tuple[object, str | None], str]) -> list[int]:
    """Replace the row's values, in place, by the texts the cells display; the columns not blank.

    One loop does both because this runs for every cell of the sheet: most cells are text or
    empty, and only the others pay for a format lookup."""
    filled: list[int] = []
    for c, value in enumerate(row):
        if value.__class__ is not str:
            code = formats.get(c)
            text = shown.get((value, code))
            if text is None:
                text = shown[(value, code)] = (
                    (format_number(value, code) if code else general_text(value)) if value.__class__ is float
                    else cell_text(value, code))
            row[c] = value = text
        if value and c not in covered and not value.isspace():
            filled.append(c)
    return filled


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
    document = Document(path=str(path), format=file_format, sheet=grid.name, notes=list(grid.notes))
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
    inside = [m for m in grid.merges if first <= m[0] <= last]
    ends = [m[3] for m in inside]
    left = min([row[0] for row in grid.filled[first:last + 1] if row] + ends)
    right = max([row[-1] for row in grid.filled[first:last + 1] if row] + ends)
    width = right - left + 1
    # Positions covered by a merge that starts inside the table hold no cell; a merge that starts
    # above it (the caption across the top) or left of it leaves empty cells.
    if left or any(r0 < first <= r1 for r0, _, r1, _ in grid.merges):
        inside = [(r0, c0 - left, r1, c1 - left) for r0, c0, r1, c1 in inside if c0 >= left]
        hidden = _covered(inside)
    else:  # the usual table: the sheet's own merges, as they are
        hidden = grid.covered
    starts: dict[int, dict[int, tuple[int, int]]] = {}  # row -> column -> the spans of the merge there
    for r0, c0, r1, c1 in inside:
        starts.setdefault(r0, {})[c0] = (min(r1, last) - r0 + 1, c1 - c0 + 1)
    columns_shown: dict[frozenset[int], list[int]] = {}  # by the columns hidden
    rows: list[list[Cell]] = []
    for r in range(first, last + 1):
        texts = grid.texts[r]
        if left or len(texts) != width:
            texts = texts[left:right + 1]
            texts += [""] * (width - len(texts))
        at = r - first
        skip = hidden.get(r)
        if skip is None:
            rows.append([Cell(text, at, c) for c, text in enumerate(texts)])
            continue
        columns = columns_shown.get(skip)
        if columns is None:  # level columns are covered alike down most of the table
            columns = columns_shown[skip] = [c for c in range(width) if c not in skip]
        row = [Cell(texts[c], at, c) for c in columns]
        for c, (rowspan, colspan) in starts.get(r, {}).items():
            if c not in skip:  # else merges overlap (a damaged file): the one over it wins
                cell = row[columns.index(c)]
                cell.rowspan, cell.colspan = rowspan, colspan
        rows.append(row)
    return Table(rows, sheet=grid.name, origin=(first, left))
