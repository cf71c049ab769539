"""JSON output in which every Decimal is a JSON number with the document's digits.

The standard library writes Decimals only through float, which may change their digits.
Instead a Decimal is first written as a marked string ("\ue000" + its digits, by the
models' serializer or by `_marked` here) and the marks are then replaced by the bare digits
in one pass: the encoders stay the fast C ones.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import regex

from extractor.models import DECIMAL_MARK, Record

_MARKED = regex.compile('"' + DECIMAL_MARK + r'(-?[0-9]+(?:\.[0-9]+)?)"')


def _unmark(text: str) -> str:
    return _MARKED.sub(r"\1", text) if DECIMAL_MARK in text else text


def _marked(data: Any) -> Any:
    if isinstance(data, Decimal):
        return DECIMAL_MARK + format(data, "f")
    if isinstance(data, dict):
        return {key: _marked(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [_marked(value) for value in data]
    return data


def dumps(data: Any, indent: int | None = None) -> str:
    """Any JSON-able data holding Decimals (as from `model_dump(mode="python")`)."""
    return _unmark(json.dumps(_marked(data), ensure_ascii=False, indent=indent))


def record_json(record: Record, indent: int | None = None) -> str:
    return _unmark(record.model_dump_json(indent=indent))


def loads(text: str) -> Any:
    """Parse JSON keeping numbers exact (floats as Decimal)."""
    return json.loads(text, parse_float=Decimal)
