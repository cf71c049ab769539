"""Assembling the single HTML file: template, styles, script, overview and embedded data.

Details are JSON, gzip-compressed and base64-encoded in chunks of `CHUNK` documents, each in
its own non-executed <script> element, so the browser parses only the table rows at start and
decompresses a chunk (DecompressionStream) when a document in it is opened.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Sequence
from decimal import Decimal
from html import escape
from importlib import resources
from typing import Any

CHUNK = 64


def _asset(name: str) -> str:
    return resources.files("extractor.review").joinpath("assets", name).read_text(encoding="utf-8")


def _json(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_default)
    # Inside <script>, "</" could close the element early.
    return text.replace("</", "<\\/")


def _default(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def packed(data: Any) -> str:
    """JSON, gzip, base64: how rows and detail chunks are embedded."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_default).encode("utf-8")
    return base64.b64encode(gzip.compress(raw, compresslevel=6, mtime=0)).decode("ascii")


def chunk_elements(chunks: Sequence[str]) -> str:
    """`chunks[k]` is the packed details of documents k*CHUNK ... (k+1)*CHUNK-1."""
    return "".join(f'<script type="application/gzip-base64" id="ch-{k}">{packed_chunk}</script>\n'
                   for k, packed_chunk in enumerate(chunks))


def image_elements(images: dict[int, dict[str, Any]]) -> str:
    return "".join(f'<script type="application/json" id="pg-{i}">{_json(pages)}</script>\n'
                   for i, pages in sorted(images.items()))


def page(*, title: str, subtitle: str, footer: str, overview: str, meta: dict[str, Any],
         rows: list[dict[str, Any]], chunks: Sequence[str], images: dict[int, dict[str, Any]]) -> str:
    values = {
        "TITLE": escape(title), "SUBTITLE": escape(subtitle), "FOOTER": escape(footer), "CSS": _asset("report.css"),
        "OVERVIEW": overview, "META": _json({**meta, "chunk": CHUNK}), "ROWS": packed(rows),
        "CHUNKS": chunk_elements(chunks) + image_elements(images), "JS": _asset("report.js"),
    }
    out = _asset("report.html")
    # One pass over the template's placeholders, so data can never be taken for one.
    pieces = out.split("{{")
    result = [pieces[0]]
    for piece in pieces[1:]:
        name, _, rest = piece.partition("}}")
        result.append(values[name] + rest)
    return "".join(result)
