"""One regression test per bug reported in an issue, named after what went wrong."""

from __future__ import annotations

import json
from pathlib import Path

from extractor.emit.json import record_json
from extractor.pipeline import extract_records
from extractor.review.load import Batch, SourceDocuments

WORKBOOK = Path(__file__).resolve().parents[1] / "corpus" / "x03_yingshan_two_projects.xlsx"


def _entries() -> list[dict[str, object]]:
    return [json.loads(record_json(record)) for record in extract_records(WORKBOOK)]


def test_review_quotes_a_workbooks_second_sheet_from_that_sheet() -> None:
    # Issue 13: evidence on sheet 2 of a workbook was quoted from sheet 1, re-read by its sha256 alone.
    entries = _entries()
    sheets = [entry["source"]["sheet"] for entry in entries]  # type: ignore[index]
    assert len(set(sheets)) == 2
    sources = SourceDocuments(Batch(lambda: iter(entries)), reread=True)
    for entry, sheet in zip(entries, sheets, strict=True):
        document = sources.get(entry)
        assert document is not None and document.sheet == sheet


def test_review_keeps_each_sheets_document_from_the_run() -> None:
    from extractor.review.load import load

    batch = load([WORKBOOK])
    entries = list(batch.entries)
    sources = SourceDocuments(batch, reread=False)
    assert [sources.get(entry).sheet for entry in entries] == [  # type: ignore[union-attr]
        entry["source"]["sheet"] for entry in entries]
