"""Plain-text reader: decode, split into lines, and turn runs of tab- or pipe-separated rows into tables.

Text copied out of a Word or Excel table keeps each row as a line of separated cells, with merged
cells repeated or left empty; such runs are tables, not prose, so they become `Table` blocks with
`merges_unknown=True`.
"""

from __future__ import annotations

import codecs
import csv
import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from extractor.document import Cell, Document, Paragraph, Table
from extractor.errors import ReadError
from extractor.normalise.wraps import breaks_inside_amount, join_wrapped
from extractor.readers.limits import DEFAULT_LIMITS, Limits, limit_exceeded
from extractor.readers.text_reflow import continues, drop_page_furniture, find_wrap

# Above this share of control, private-use or replacement characters a "decoded" text is really a
# binary file that happened to decode (GB18030 accepts many byte sequences, mapping some to private use).
_MAX_GARBAGE_SHARE = 0.02
_GARBAGE = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff\U000f0000-\U0010ffff]")

UNREADABLE_ENCODING_DETAIL = "无法按 UTF-8、GB18030（GBK）或 UTF-16 解码，可能不是文本文件"

_PIPE = re.compile(r"[|｜]")
_QUOTED_ROW = re.compile(r'^"(?:[^"]|"")*"(?:\s*,\s*"(?:[^"]|"")*")+\s*,?$')
_MARKDOWN_RULE_CELL = re.compile(r":?-{2,}:?")


def decode_text(data: bytes) -> str | None:
    """The text of `data` in the first encoding that decodes it cleanly, or None for binary data."""
    text = _decode_any(data)
    if text is None or _looks_binary(text):
        return None
    return text


def _decode_any(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return _try_decode(data, "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _try_decode(data, "utf-16")
    for encoding in ("utf-8", "gb18030"):
        text = _try_decode(data, encoding)
        if text is not None:
            return text
    return None


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    garbage = sum(1 for _ in _GARBAGE.finditer(text))
    return garbage > _MAX_GARBAGE_SHARE * max(len(text), 1)


class RowKind(Enum):
    NONE = "none"  # prose
    STRONG = "strong"  # certainly a table row
    WEAK = "weak"  # two cells: a table row only beside other rows
    FILLER = "filler"  # separated but with at most one filled cell: continues a table, never starts one
    RULE = "rule"  # a markdown |---|---| line: part of a table, not a row


@dataclass(slots=True)
class Line:
    text: str
    kind: RowKind
    separator: str  # "\t", "|", "," (quoted CSV) or "" for prose
    cells: list[str]


def read_text(path: Path, data: bytes, limits: Limits, text: str | None = None) -> Document:
    """Read a plain-text document (UTF-8 with or without BOM, GB18030/GBK, UTF-16 with BOM).

    `text` is `decode_text(data)` when the caller has it already (format detection decodes a text
    file to tell it from binary), so the bytes are not decoded twice."""
    if len(data) > 4 * limits.max_document_chars:  # no encoding takes more than 4 bytes a character
        raise limit_exceeded(path, limits, "max_document_chars", len(data) // 4, "按字节数估计（至少）")
    if text is None:
        text = decode_text(data)
    if text is None:
        raise ReadError(path, "unreadable_encoding", UNREADABLE_ENCODING_DETAIL)
    if not text.strip():
        raise ReadError(path, "empty_file", "文件只含空白字符")
    if len(text) > limits.max_document_chars:
        raise limit_exceeded(path, limits, "max_document_chars", len(text))
    document = Document(path=str(path), format="text")
    for block in blocks_from_text(text, limits, path):
        document.add(block)
    return document


def blocks_from_text(text: str, limits: Limits = DEFAULT_LIMITS, path: Path | None = None) -> list[Paragraph | Table]:
    """The text's paragraphs and tables; a line or a table over the limits is a ReadError naming `path`."""
    raw_lines = normalise_newlines(text).split("\n")
    longest = max(map(len, raw_lines))
    if longest > limits.max_block_chars:  # before splitting it into cells
        raise limit_exceeded(path or "", limits, "max_block_chars", longest, "单行")
    lines = [classify_line(raw) for raw in drop_page_furniture(raw_lines)]
    wrap = find_wrap([line.text for line in lines if line.kind is RowKind.NONE])
    blocks: list[Paragraph | Table] = []
    i = 0
    while i < len(lines):
        end = _table_run_end(lines, i)
        if end > i:
            cells = sum(len(line.cells) for line in lines[i:end])
            if cells > limits.max_table_cells:
                raise limit_exceeded(path or "", limits, "max_table_cells", cells, f"第 {i + 1} 行起的表格")
            blocks.append(_table_from_lines(lines[i:end]))
            i = end
            continue
        stripped = lines[i].text.strip()
        if stripped:
            previous = blocks[-1] if blocks and i > 0 and lines[i - 1].text.strip() else None
            if isinstance(previous, Paragraph) and (breaks_inside_amount(previous.text, stripped)
                                                    or continues(lines[i - 1].text, stripped, wrap)):
                previous.text = join_wrapped(previous.text, stripped)
            else:
                blocks.append(Paragraph(text=stripped))
        i += 1
    return blocks


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def classify_line(text: str) -> Line:
    line = text.rstrip(" \u3000")
    if _QUOTED_ROW.match(line.strip()):
        # A spreadsheet saved as CSV with every cell quoted ("年度资金总额","","1,862.40",…).
        return _classify_cells(line, next(csv.reader([line.strip()])), ",")
    if "\t" in line:
        tab_line = _classify_cells(line, line.split("\t"), "\t")
        if tab_line.kind is not RowKind.NONE:
            return tab_line
    stripped = line.strip()
    pipes = len(_PIPE.findall(stripped))
    if pipes >= 1:
        return _classify_pipe_line(line, stripped, pipes)
    return Line(text, RowKind.NONE, "", [])


def _classify_pipe_line(line: str, stripped: str, pipes: int) -> Line:
    # `| a | b |` is framed on both sides; in `a | b |` the last pipe closes an empty cell.
    body = stripped
    if body[0] in "|｜":
        body = body[1:]
        if body and body[-1] in "|｜":
            body = body[:-1]
    parts = _PIPE.split(body)
    if pipes >= 2 and all(_MARKDOWN_RULE_CELL.fullmatch(p.strip()) for p in parts):
        return Line(line, RowKind.RULE, "|", [])
    if pipes == 1 and len(parts) != 2:
        return Line(line, RowKind.NONE, "", [])
    classified = _classify_cells(line, parts, "|")
    if classified.kind is RowKind.NONE and stripped[-1] in "|｜":
        # "产 出 指 标 |": a row of a pipe table wrapped onto lines of its own (see _join_wrapped)
        return Line(line, RowKind.FILLER, "|", [p.strip() for p in parts])
    return classified


def _classify_cells(line: str, parts: list[str], separator: str) -> Line:
    cells = [p.strip() for p in parts]
    filled = sum(1 for c in cells if c)
    if len(cells) >= 3:
        kind = RowKind.STRONG if filled >= 2 else RowKind.FILLER
    elif filled == 2:
        kind = RowKind.WEAK
    elif separator == "|" and len(cells) == 1:
        kind = RowKind.FILLER  # `| 合计 |`: a one-cell row inside a pipe table
    else:
        kind = RowKind.NONE  # an indenting tab or a trailing separator in prose
    if kind is RowKind.NONE:
        return Line(line, kind, "", [])
    return Line(line, kind, separator, cells)


def _table_run_end(lines: list[Line], start: int) -> int:
    """The end of the table starting at `start`, or `start` when no table starts there."""
    first = lines[start]
    if first.kind not in (RowKind.STRONG, RowKind.WEAK):
        return start
    end = start
    strong = weak = 0
    while end < len(lines) and _continues(lines[end], first.separator):
        strong += lines[end].kind is RowKind.STRONG
        weak += lines[end].kind is RowKind.WEAK
        end += 1
    if strong == 0 and weak < 2:
        return start
    return end


def _continues(line: Line, separator: str) -> bool:
    return line.kind is not RowKind.NONE and line.separator == separator


def _table_from_lines(lines: list[Line]) -> Table:
    rows: list[list[Cell]] = []
    kept = _unframed([line for line in lines if line.kind is not RowKind.RULE])
    for cells in _join_wrapped(kept):
        r = len(rows)
        rows.append([Cell(text=text, row=r, col=c) for c, text in enumerate(cells)])
    return Table(rows=rows, merges_unknown=True)


def _unframed(lines: list[Line]) -> list[Line]:
    """A pipe table framed on the left has every line open with a pipe ("| a | b |"); in one that
    is not, a line that opens with a pipe (" | 数(A) | 数(B) |") opens with an empty cell, which must
    keep its column."""
    piped = [line for line in lines if line.separator == "|"]
    opening = sum(1 for line in piped if line.text.strip()[:1] in "|｜")
    if not piped or opening >= _FRAMED_SHARE * len(piped):
        return lines
    return [Line(line.text, line.kind, line.separator, [part.strip() for part in _PIPE.split(line.text.strip())])
            if line.separator == "|" and line.text.strip()[:1] in "|｜" else line for line in lines]


_FIXED_WIDTH_SHARE = 0.5
_FRAMED_SHARE = 0.9


def _separators(line: Line) -> int:
    if line.separator == ",":  # commas inside quoted cells ("1,862.40") separate nothing
        return len(line.cells) - 1
    if line.separator == "|":
        return len(_PIPE.findall(line.text))
    return line.text.count(line.separator)


def _join_wrapped(lines: list[Line]) -> list[list[str]]:
    """Rows of a table whose lines all carry the same number of separators (a copy that pads
    every row to the table's width): lines with fewer that add up to that number are one row
    wrapped over several lines ("绩效指标 | 一级 指标 |" / "二级指标 | 三级指标 | …")."""
    counts = [_separators(line) for line in lines]
    width = max(set(counts), key=counts.count) if counts else 0
    if not lines or counts.count(width) < _FIXED_WIDTH_SHARE * len(lines):
        return [line.cells for line in lines]
    rows: list[list[str]] = []
    index = 0
    while index < len(lines):
        end, total = index + 1, counts[index]
        while total < width and end < len(lines) and total + counts[end] <= width:
            total += counts[end]
            end += 1
        if total == width and end - index > 1:
            rows.append(_joined_cells(lines[index:end]))
        else:
            end = index + 1
            rows.append(lines[index].cells)
        index = end
    return rows


def _joined_cells(parts: list[Line]) -> list[str]:
    """The cells of one row written over several lines: a line that ends with its separator
    closes its last cell; one that does not continues it on the next line."""
    cells: list[str] = []
    open_cell = False
    for part in parts:
        pieces = list(part.cells)
        closed = part.text.rstrip(" \u3000").endswith(("|", "｜") if part.separator == "|" else "\t")
        if closed and pieces and pieces[-1] == "":
            pieces.pop()
        if open_cell and cells and pieces:
            cells[-1] += pieces.pop(0)
        cells.extend(pieces)
        open_cell = not closed
    return cells
