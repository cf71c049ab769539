"""What every read document must satisfy before extraction: the text and table limits, and text
that any writer can write.

Readers check the limits that bound their own allocations before making them (a span, a sheet's
used range, an inflated part); this guard checks the document they built, once, whatever the
format: its characters, each block's characters, each table's cells and grid. It also repairs
code points no JSON, CSV or SQLite writer accepts — lone surrogates (a PDF font mapping a glyph
to U+D800, a file name that was not UTF-8), non-characters — and the JSON writer's private
Decimal mark U+E000, which a document must not be able to forge: each becomes U+FFFD (one
character for one, so evidence offsets stay true) and the record gets an `invalid_characters`
warning.
"""

from __future__ import annotations

import re

from extractor.document import Document, Paragraph, Table
from extractor.readers.limits import Limits, limit_exceeded

REPLACEMENT = "\ufffd"
# extractor.models.DECIMAL_MARK (a test holds them equal): importing the models here would load
# pydantic for every reader import, and `extractor --help` imports no pydantic.
DECIMAL_MARK = "\ue000"
# Lone surrogates, the Decimal mark, and the non-characters U+FFFE/U+FFFF.
_UNWRITABLE = re.compile(f"[\ud800-\udfff{DECIMAL_MARK}\ufffe\uffff]")


def repair_text(text: str) -> tuple[str, int]:
    """`text` with every unwritable code point replaced by U+FFFD, and how many there were."""
    if _UNWRITABLE.search(text) is None:
        return text, 0
    return _UNWRITABLE.subn(REPLACEMENT, text)


def guard_document(document: Document, limits: Limits) -> None:
    """Raise ReadError(limit_exceeded) for a document over a limit; repair unwritable text."""
    if len(document.blocks) > limits.max_blocks:
        raise limit_exceeded(document.path, limits, "max_blocks", len(document.blocks))
    texts: list[str] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            texts.append(block.text)
        else:
            _check_table(document, block, limits)
            texts.extend(cell.text for row in block.rows for cell in row)
    longest = max(texts, key=len, default="")
    if len(longest) > limits.max_block_chars:
        raise limit_exceeded(document.path, limits, "max_block_chars", len(longest))
    total = sum(map(len, texts))
    if total > limits.max_document_chars:
        raise limit_exceeded(document.path, limits, "max_document_chars", total)
    # One search over all the text: most documents have nothing to repair.
    if _UNWRITABLE.search("\n".join(texts)) is not None or _UNWRITABLE.search(_labels(document)):
        _repair(document)


def _labels(document: Document) -> str:
    return "\n".join([document.path, document.sheet or "", *(message for _, message in document.notes)])


def _check_table(document: Document, table: Table, limits: Limits) -> None:
    cells = sum(map(len, table.rows))
    if cells > limits.max_table_cells:
        raise limit_exceeded(document.path, limits, "max_table_cells", cells, f"第 {table.index + 1} 个块（表格）")
    area = len(table.rows) * table.n_cols
    if area > limits.max_table_area:
        raise limit_exceeded(document.path, limits, "max_table_area", area, f"第 {table.index + 1} 个块（表格）")


def _repair(document: Document) -> None:
    count = 0
    for block in document.blocks:
        units = [block] if isinstance(block, Paragraph) else [cell for row in block.rows for cell in row]
        for unit in units:
            unit.text, found = repair_text(unit.text)
            count += found
    document.path, found_path = repair_text(document.path)
    sheet, found_sheet = repair_text(document.sheet or "")
    document.sheet = sheet if document.sheet is not None else None
    notes = [(code, *repair_text(message)) for code, message in document.notes]
    document.notes = [(code, message) for code, message, _ in notes]
    count += found_path + found_sheet + sum(found for _, _, found in notes)
    document.notes.append(("invalid_characters", f"文档中有 {count} 个无法写出的字符（孤立的代理码位、非字符或"
                                                 f"私用区字符 U+E000），已替换为 U+FFFD（�）"))
