"""Layout primitives the PDF text layer and OCR share: characters with boxes, ruling lines, cell boxes.

The PDF reader reads `Char`s from pdfium; OCR makes them from the lines rapidocr reads, so lines,
paragraphs, tables and evidence boxes are built by the same code whichever path read the page.
Rules are pdfplumber edges, found among a page's drawing objects or on a scanned page's bitmap.
Coordinates are top-down page points (0 at the top of the media box), like pdfplumber's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class Char:
    """One character (read by pdfium, or placed on an OCR line) in top-down page coordinates; text
    "\n" marks a line break (pdfium's, or the end of an OCR line)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    generated: bool = False


Edge = dict[str, Any]  # a pdfplumber edge: x0, x1, top, bottom, width, height, orientation


def line_edge(x0: float, x1: float, top: float, bottom: float) -> Edge:
    """A ruling line in the shape pdfplumber's table finder takes."""
    return {
        "object_type": "line_edge",
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": "h" if top == bottom else "v",
    }


Box = tuple[float, float, float, float]  # x0, top, x1, bottom
