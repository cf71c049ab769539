"""The published JSON Schema of a record (docs/record.schema.json is a committed copy)."""

from __future__ import annotations

import json
from typing import Any

from extractor.models import Record


def record_schema() -> dict[str, Any]:
    schema = Record.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "绩效自评 extraction record"
    return schema


def record_schema_json() -> str:
    return json.dumps(record_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
