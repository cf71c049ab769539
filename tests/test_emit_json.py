"""JSON output keeps every Decimal's digits as a JSON number."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from extractor.emit.json import dumps, loads, record_json
from extractor.pipeline import extract_file

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_record_json_round_trips_exact_decimals() -> None:
    record = extract_file(CORPUS / "t05_puhui_gulou_2022_table_pipe.txt")
    text = record_json(record)
    assert "\ue000" not in text
    assert loads(text) == record.model_dump(mode="python")
    data = loads(text)
    assert data["funds"]["budget_total"]["value"] == Decimal("1286.50")
    assert '"value": 1286.50' in record_json(record, indent=2)


def test_dumps_writes_decimals_as_numbers_and_strings_as_strings() -> None:
    data = {"a": Decimal("6359.55"), "b": [Decimal("0.10"), "6359.55"], "c": Decimal("63595500"), "d": None}
    assert dumps(data) == '{"a": 6359.55, "b": [0.10, "6359.55"], "c": 63595500, "d": null}'
    assert loads(dumps(data)) == {"a": Decimal("6359.55"), "b": [Decimal("0.10"), "6359.55"], "c": 63595500,
                                  "d": None}
