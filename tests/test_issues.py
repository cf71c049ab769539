"""One regression test per bug reported in an issue, named after what went wrong."""

from __future__ import annotations

import json
from decimal import Decimal
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


def test_a_negative_budget_has_no_rate_in_tables_review_and_checker_alike() -> None:
    # One pass, one fold, one home: the ingest tables computed -50.00% over a budget of -100 元, the review
    # overview no rate at all (whole <= 0) and the checker compared a stated rate with -50.
    from extractor.check.rules_funds import FundScope
    from extractor.ingest.tables import computed_rate
    from extractor.models import Amount
    from extractor.review.overview import computed_rate as review_rate

    def amount(yuan: str) -> Amount:
        return Amount(raw=f"{yuan}元", value=Decimal(yuan), unit="元", yuan=Decimal(yuan))

    entry = {"funds": {"budget_total": {"yuan": "-100"}, "executed_total": {"yuan": "50"}}}
    assert computed_rate(amount("-100"), amount("50"), None) is None
    assert review_rate(entry) is None
    assert FundScope(None, amount("-100"), amount("50")).rate() is None


def test_the_review_counts_a_rate_in_the_bin_of_the_figure_it_shows() -> None:
    # The overview binned 99.996% under "95–100%（不含）" while the documents table showed it as 100.00%.
    from extractor.review.overview import chart_rate, rate_bin
    from extractor.review.overview_html import rate_text

    rate = chart_rate({"funds": {"budget_total": {"yuan": "100000"}, "executed_total": {"yuan": "99996"}}})
    assert rate is not None and rate_text(rate) == "100.00%" and rate_bin(rate) == "100%"


def test_extraction_and_checker_agree_on_which_indicator_a_shortfall_names() -> None:
    # Extraction compared bigram sets of the raw names (0.571 here), the checker bigram multisets of the
    # normalised ones (0.632): the checker took this 偏差 sentence as naming the indicator, extraction not.
    from extractor.check.rules_claims import shortfall_names
    from extractor.extract import statements
    from extractor.models import Evidence, Indicator, Statement, Value

    sentence, name = "受资助本专科困难学生覆盖率有待进一步提高", "受资助本专科学生人数"
    def evidence(text: str) -> Evidence:
        return Evidence(block=0, start=0, end=len(text), text=text)

    shortfall = Statement(kind="shortfall", subject=sentence, text=sentence, evidence=evidence(sentence))
    indicator = Indicator(name=name, target=Value(raw="14726", number=Decimal(14726), kind="number"),
                          actual=Value(raw="15935", number=Decimal(15935), kind="number"), met=True,
                          evidence=evidence(name))
    by_extraction = bool(statements.named_shortfalls([shortfall], [indicator]))
    assert by_extraction == shortfall_names(shortfall, indicator)


def test_greater_or_equal_written_out_is_an_operator() -> None:
    # "大于等于90%" was text: the prefix pattern tried "大于" first and left "等于90%" behind.
    from extractor.normalise.values import parse_value

    for raw, op, number in (("大于等于90%", ">=", "90"), ("小于等于5%", "<=", "5"), ("大于90%", ">", "90")):
        value = parse_value(raw)
        assert (value.op, value.number, value.kind) == (op, Decimal(number), "percent")
