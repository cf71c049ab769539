"""JSON output in which every Decimal is a JSON number with the document's digits.

The standard library can only write Decimals through float, which would turn 6359.55
into whatever float repr gives; this writer emits `str(decimal)` digits instead.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from extractor.models import Record


def _number(value: Decimal) -> str:
    text = format(value, "f")
    return text


def dumps(data: Any, indent: int | None = None) -> str:
    return "".join(_encode(data, indent, 0))


def _encode(data: Any, indent: int | None, depth: int) -> list[str]:
    if isinstance(data, Decimal):
        return [_number(data)]
    if isinstance(data, dict):
        return _container([(json.dumps(str(k), ensure_ascii=False) + ": ", v) for k, v in data.items()],
                          "{", "}", indent, depth)
    if isinstance(data, (list, tuple)):
        return _container([("", v) for v in data], "[", "]", indent, depth)
    return [json.dumps(data, ensure_ascii=False)]


def _container(items: list[tuple[str, Any]], open_: str, close: str, indent: int | None,
               depth: int) -> list[str]:
    if not items:
        return [open_ + close]
    if indent is None:
        parts = [open_]
        for index, (prefix, value) in enumerate(items):
            if index:
                parts.append(", ")
            parts.append(prefix)
            parts.extend(_encode(value, indent, depth + 1))
        parts.append(close)
        return parts
    pad = "\n" + " " * (indent * (depth + 1))
    parts = [open_]
    for index, (prefix, value) in enumerate(items):
        parts.append(("," if index else "") + pad + prefix)
        parts.extend(_encode(value, indent, depth + 1))
    parts.append("\n" + " " * (indent * depth) + close)
    return parts


def record_json(record: Record, indent: int | None = None) -> str:
    return dumps(record.model_dump(mode="python"), indent)


def loads(text: str) -> Any:
    """Parse JSON keeping numbers exact (floats as Decimal)."""
    return json.loads(text, parse_float=Decimal)
