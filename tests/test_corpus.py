"""Every corpus document's extraction (with findings) equals its hand-written golden file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from extractor.document import Paragraph, Table
from extractor.evaluate import conform, document_of, golden_files, load_golden, project
from extractor.models import Evidence, Record
from extractor.pipeline import extract_file
from extractor.readers import read_document

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
GOLDENS = golden_files(CORPUS)


@pytest.fixture(scope="module")
def records() -> dict[Path, Record]:
    return {golden: extract_file(document_of(golden)) for golden in GOLDENS}


def test_corpus_is_large_enough() -> None:
    formats = {document_of(g).suffix for g in GOLDENS}
    assert len(GOLDENS) >= 15
    assert {".txt", ".docx", ".pdf"} <= formats


@pytest.mark.parametrize("golden", GOLDENS, ids=[g.name.removesuffix(".golden.json") for g in GOLDENS])
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


@pytest.mark.parametrize("golden", GOLDENS, ids=[g.name.removesuffix(".golden.json") for g in GOLDENS])
def test_evidence_points_at_its_text(golden: Path, records: dict[Path, Record]) -> None:
    """Provenance is real: each evidence span, read back from the document, is its text."""
    document = read_document(document_of(golden))
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
        assert evidence.page == block.page
