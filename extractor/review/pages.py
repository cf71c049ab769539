"""PDF pages rendered as small grayscale PNGs, for drawing evidence boxes on what the reader sees."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# 1.3 px per point: an A4 page is about 770 px wide, enough to read body text; 16 grey levels
# keep a text page near 60 KB.
SCALE = 1.3
_GREYS = 16


@dataclass(frozen=True, slots=True)
class PageImage:
    page: int
    width: float  # points
    height: float
    png: bytes

    def json(self) -> dict[str, Any]:
        return {"w": round(self.width, 1), "h": round(self.height, 1),
                "src": "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")}


def render_pages(path: Path, pages: Iterable[int], scale: float = SCALE) -> list[PageImage]:
    """The given 1-based pages of a PDF; pages it does not have are skipped."""
    import pypdfium2 as pdfium

    images: list[PageImage] = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        for number in sorted(set(pages)):
            if not 1 <= number <= len(pdf):
                continue
            page = pdf[number - 1]
            try:
                width, height = page.get_size()
                bitmap = page.render(scale=scale, grayscale=True)
                images.append(PageImage(number, width, height, _png(bitmap.to_pil())))
            finally:
                page.close()
    finally:
        pdf.close()
    return images


def _png(image: Any) -> bytes:
    grey = image.convert("L").quantize(colors=_GREYS)
    out = io.BytesIO()
    grey.save(out, format="PNG", optimize=True)
    return out.getvalue()
