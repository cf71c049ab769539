"""Every corpus document's extraction (with findings) equals its hand-written golden file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from extractor.document import Paragraph, Table
from extractor.evaluate import conform, document_of, golden_files, load_golden, project, record_of, sheet_of
from extractor.models import Evidence, Record
from extractor.readers import read_documents

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
GOLDENS = golden_files(CORPUS)
# Scanned (s01_...) and mixed (m01_...) PDFs are read by OCR: their tests need the OCR extra.
_OCR_DOCUMENT = re.compile(r"[sm]\d\d_.*\.pdf$")
# Legacy binaries are read through LibreOffice: their tests need soffice.
_CONVERTED = {".doc", ".xls", ".wps", ".et", ".rtf"}


def _params(goldens: list[Path]) -> list[Any]:
    return [
        pytest.param(g, id=g.name.removesuffix(".golden.json"),
                     marks=[pytest.mark.ocr] if _OCR_DOCUMENT.match(document_of(g).name) else
                     [pytest.mark.soffice] if document_of(g).suffix in _CONVERTED else [])
        for g in goldens
    ]


class _Records(dict[Path, Record]):
    """Extracted on first use, so a document a skipped test needs (an optional tool) is never read."""

    def __missing__(self, golden: Path) -> Record:
        record = self[golden] = record_of(golden)
        return record


@pytest.fixture(scope="module")
def records() -> dict[Path, Record]:
    return _Records()


def test_corpus_is_large_enough() -> None:
    formats = {document_of(g).suffix for g in GOLDENS}
    assert len(GOLDENS) >= 15
    assert {".txt", ".docx", ".pdf", ".xlsx", ".xls", ".doc", ".html"} <= formats


@pytest.mark.parametrize("golden", _params(GOLDENS))
def test_extraction_equals_golden(golden: Path, records: dict[Path, Record]) -> None:
    expected = load_golden(golden)
    assert conform(project(records[golden]), expected) == expected


def _evidence_in(data: Any) -> list[Evidence]:
    found: list[Evidence] = []
    if isinstance(data, Evidence):
        found.append(data)
    elif isinstance(data, list):
        for item in data:
            found.extend(_evidence_in(item))
    elif isinstance(data, BaseModel):
        for name in type(data).model_fields:
            found.extend(_evidence_in(getattr(data, name)))
    return found


@pytest.mark.parametrize("golden", _params(GOLDENS))
def test_evidence_points_at_its_text(golden: Path, records: dict[Path, Record]) -> None:
    """Provenance is real: each evidence span, read back from the document, is its text."""
    documents = read_documents(document_of(golden))
    document = next(d for d in documents if d.sheet == sheet_of(golden)) if sheet_of(golden) else documents[0]
    for evidence in _evidence_in(records[golden]):
        block = document.blocks[evidence.block]
        if isinstance(block, Paragraph):
            assert evidence.row is None
            source = block.text
        else:
            assert isinstance(block, Table) and evidence.row is not None
            cell = next(c for row in block.rows for c in row if c.row == evidence.row and c.col == evidence.col)
            source = cell.text
        assert source[evidence.start:evidence.end] == evidence.text
        # A block that runs onto the next page starts on block.page; its span may be printed later.
        assert evidence.page == block.page or (block.page is not None and evidence.page is not None
                                               and evidence.page > block.page)
