"""The published JSON Schema (docs/record.schema.json) is what the code produces."""

from __future__ import annotations

import json
from pathlib import Path

from extractor.emit.schema import record_schema, record_schema_json

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_committed_schema_matches_models() -> None:
    committed = (DOCS / "record.schema.json").read_text(encoding="utf-8")
    assert committed == record_schema_json(), "run `make schema` and commit docs/record.schema.json"


def test_schema_names_the_contract_fields() -> None:
    schema = record_schema()
    assert set(schema["required"]) >= {"source"}
    assert {"schema_version", "source", "report", "funds", "goals", "indicators", "findings", "warnings"} <= set(
        schema["properties"])
    amount = schema["$defs"]["Amount"]["properties"]
    assert amount["value"]["type"] == "number" and amount["yuan"]["type"] == "number"
    assert json.loads(record_schema_json()) == schema
