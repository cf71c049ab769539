"""Bytes read once: what format detection read goes on to the reader, a ruled PDF page's characters
are read once, and bytes in memory are read without a temporary file."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import extractor
from extractor.document import Paragraph, Table
from extractor.readers import detect, read_bytes, read_document, read_documents, text
from extractor.readers import pdf as pdf_reader
from extractor.readers import xlsx as xlsx_reader

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
TABLE_PDF = ROOT / "tests" / "data" / "pdf" / "table_split.pdf"


def _counted(monkeypatch: pytest.MonkeyPatch, targets: list[tuple[Any, str]]) -> list[int]:
    calls = [0]
    original: Callable[..., Any] = getattr(targets[0][0], targets[0][1])

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return original(*args, **kwargs)

    for module, name in targets:
        monkeypatch.setattr(module, name, counting)
    return calls


def test_a_text_file_is_decoded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counted(monkeypatch, [(text, "decode_text"), (detect, "decode_text")])
    document = read_document(CORPUS / "t02_gonggongweisheng_dancheng_2022_gbk.txt")
    assert calls == [1] and document.blocks


def test_a_workbook_directory_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counted(monkeypatch, [(detect, "read_directory"), (xlsx_reader, "read_directory")])
    documents = read_documents(CORPUS / "x03_yingshan_two_projects.xlsx")
    assert calls == [1] and len(documents) == 2


def test_a_ruled_page_s_characters_are_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counted(monkeypatch, [(pdf_reader, "read_chars")])
    document = read_document(TABLE_PDF)
    assert any(isinstance(block, Table) for block in document.blocks) and calls == [document.pages]


def test_bytes_are_read_without_a_temporary_file(monkeypatch: pytest.MonkeyPatch) -> None:
    path = CORPUS / "hongshan_jiuye_2025.docx"
    from_file = extractor.extract_records(path)

    def no_file(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a temporary file was written")

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", no_file)
    monkeypatch.setattr(tempfile, "mkstemp", no_file)
    from_bytes = extractor.extract_bytes(path.read_bytes(), path.name)
    for record in from_file:
        record.source.path = path.name
    assert [r.model_dump() for r in from_bytes] == [r.model_dump() for r in from_file]
    documents = read_bytes(path.read_bytes(), "member.docx")
    assert documents[0].path == "member.docx"
    assert [_texts(b) for b in documents[0].blocks] == [_texts(b) for b in read_document(path).blocks]


def _texts(block: Paragraph | Table) -> list[str]:
    return [block.text] if isinstance(block, Paragraph) else [cell.text for row in block.rows for cell in row]
