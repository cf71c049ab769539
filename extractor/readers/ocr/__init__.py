"""OCR of PDF pages without a text layer (optional extra `extractor[ocr]`: rapidocr-onnxruntime).

A page is rendered in greyscale with pypdfium2, its table rules are found on the bitmap
(ocr/tables.py) and rapidocr reads its text lines with boxes and confidences. Each line becomes
characters with boxes spread over the line's box: the same `Char` objects the text-layer path
reads from pdfium, so lines, paragraphs, tables and evidence boxes are built by the same code.
rapidocr's wheel ships its Chinese models, so nothing is downloaded. The engine (onnxruntime
sessions, about a second to load) is created once per process, on the first page that needs it:
reading a text PDF never imports it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

from extractor.readers.layout import Char, Edge
from extractor.readers.ocr.tables import find_rules

OCR_MODULE = "rapidocr_onnxruntime"
# Pixels per point. 2.0 (144 dpi) measured on the corpus scans (bench/bench_ocr.py): at 1.5 table
# dashes and small digits lose confidence; 2.5 and 3 read the same text two to three times slower.
RENDER_SCALE = 2.0
# A box that is only a long horizontal stroke is a dash ("—", a table's "no value"), which the
# recogniser reads as the ideograph 一; alone in its box, 一 is never a word in these documents.
_DASH_MISREADS = {"一": "—", "一一": "——"}
# The recogniser writes "?" for a symbol it has no character for (circled item numbers ⑥, bullets);
# at the start of a line, before Chinese text, it is never a question mark.
_UNKNOWN_SYMBOL = re.compile(r"[?？](?=[\u2e80-\u9fff])")

_Line = tuple[str, tuple[float, float, float, float], float]  # text, box in points, confidence
_LOCK = threading.Lock()
_ENGINES: dict[str, Any] = {}
# OCR results of the pages read last (a page is about 30 KB of results, OCR about 3 s).
_CACHED_PAGES = 64
_RESULTS: OrderedDict[bytes, tuple[list[Edge], list[_Line]]] = OrderedDict()


@dataclass(slots=True)
class OcrChar(Char):
    """A character read by OCR, with the confidence of the line it was read in."""

    confidence: float = 1.0


@dataclass(slots=True)
class OcrPage:
    number: int  # 1-based
    # The characters of each line read, each line followed by a "\n" Char (pdfium's convention).
    chars: list[Char] = field(default_factory=list)
    rules: list[Edge] = field(default_factory=list)
    confidence: float | None = None  # mean over the characters read


def available() -> bool:
    """Whether the OCR extra is installed (checked without importing it)."""
    try:
        return importlib.util.find_spec(OCR_MODULE) is not None
    except (ImportError, ValueError):
        return False


def engine() -> Any:
    """The process's rapidocr engine, created on first use."""
    with _LOCK:
        if OCR_MODULE not in _ENGINES:
            from rapidocr_onnxruntime import RapidOCR

            _ENGINES[OCR_MODULE] = RapidOCR(print_verbose=False)
        return _ENGINES[OCR_MODULE]


def ocr_page(page: Any, number: int, scale: float | None = None) -> OcrPage:
    """Read one pdfium page by OCR: characters in top-down page points (origin at the media box's
    top-left, like the text-layer path), and the page's table rules. `scale` defaults to RENDER_SCALE."""
    scale = scale or RENDER_SCALE
    gray = page.render(scale=scale, grayscale=True).to_numpy()
    if gray.ndim == 3:
        gray = gray[..., 0]
    rules, lines = _recognise(gray, scale)
    dx, dy = _crop_offset(page)
    chars: list[Char] = []
    for text, (x0, top, x1, bottom), score in lines:
        line = line_chars(text, (x0 + dx, top + dy, x1 + dx, bottom + dy), score)
        chars.extend(line[1:] if _UNKNOWN_SYMBOL.match(text) else line)
    read = [c for c in chars if isinstance(c, OcrChar)]
    confidence = fmean(c.confidence for c in read) if read else None
    return OcrPage(number, chars, [_shifted(edge, dx, dy) for edge in rules], confidence)



def _recognise(gray: Any, scale: float) -> tuple[list[Edge], list[_Line]]:
    """Rules and text lines of a page bitmap; a bitmap already read in this process (the same
    document read again, as a review or an evidence check does) is not OCR'd twice."""
    import numpy as np

    key = hashlib.blake2b(gray.tobytes(), digest_size=16, person=str(scale).encode()[:16]).digest()
    with _LOCK:
        cached = _RESULTS.get(key)
        if cached is not None:
            _RESULTS.move_to_end(key)
            return cached
    # The classifier only flips upside-down lines; rendered pages are upright.
    result, _ = engine()(np.dstack([gray, gray, gray]), use_cls=False)
    lines: list[_Line] = []
    for points, text, score in result or []:
        xs = [float(p[0]) / scale for p in points]
        ys = [float(p[1]) / scale for p in points]
        lines.append((_DASH_MISREADS.get(text.strip(), text), (min(xs), min(ys), max(xs), max(ys)), float(score)))
    found = (find_rules(gray, scale), lines)
    with _LOCK:
        _RESULTS[key] = found
        while len(_RESULTS) > _CACHED_PAGES:
            _RESULTS.popitem(last=False)
    return found


def _crop_offset(page: Any) -> tuple[float, float]:
    # Rendering shows the crop box; text-layer coordinates are relative to the media box.
    left, _, _, top = page.get_mediabox()
    crop_left, _, _, crop_top = page.get_cropbox()
    return crop_left - left, top - crop_top


def _shifted(edge: Edge, dx: float, dy: float) -> Edge:
    moved = {"x0": edge["x0"] + dx, "x1": edge["x1"] + dx, "top": edge["top"] + dy, "bottom": edge["bottom"] + dy}
    return {**edge, **moved}


def line_chars(text: str, box: tuple[float, float, float, float], confidence: float) -> list[Char]:
    """One OCR line as characters: the box's width shared out by character widths (CJK full,
    ASCII about half), so a line crossing a cell rule splits where its characters lie."""
    x0, top, x1, bottom = box
    weights = [_width(ch) for ch in text]
    total = sum(weights)
    if not text or total <= 0:
        return []
    unit = (x1 - x0) / total
    chars: list[Char] = []
    left = x0
    for ch, weight in zip(text, weights, strict=True):
        right = left + weight * unit
        chars.append(OcrChar(" " if ch.isspace() else ch, left, right, top, bottom, confidence=float(confidence)))
        left = right
    chars.append(Char("\n", x1, x1, top, bottom, True))
    return chars


def _width(ch: str) -> float:
    if ch.isspace():
        return 0.3
    return 0.55 if ch.isascii() else 1.0


def confidence_of(glyph_runs: Iterable[tuple[int, Sequence[Any]]]) -> float | None:
    """The mean OCR confidence of a block's characters, None when none was read by OCR."""
    values = [g.confidence for _, glyphs in glyph_runs for g in glyphs if isinstance(g, OcrChar)]
    return round(fmean(values), 3) if values else None
