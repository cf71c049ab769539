"""Scanned pages as image files (.png, .jpg, .tif; a multi-page TIFF is a multi-page document).

The frames are placed, losslessly, on the pages of an in-memory PDF at their stated resolution
and that PDF is read by the PDF reader, whose OCR path (extractor[ocr]) reads pages without a
text layer: one way to lines, paragraphs, ruled tables, evidence boxes and confidences.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from extractor.document import Document
from extractor.errors import ReadError
from extractor.readers import ocr
from extractor.readers.limits import Limits

NO_OCR_DETAIL = "图片（扫描件）没有文字层，需要 OCR：请安装 extractor[ocr] 后读取"
# Scanners that write no resolution are assumed to scan at this one.
DEFAULT_DPI = 150.0


def read_image(path: Path, data: bytes, limits: Limits) -> Document:
    if not ocr.available():
        raise ReadError(path, "no_text_layer", NO_OCR_DETAIL)
    from extractor.readers.pdf import read_pdf

    document = read_pdf(path, _as_pdf(path, data, limits), limits)
    document.format = "image"
    return document


def _as_pdf(path: Path, data: bytes, limits: Limits) -> bytes:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            frames = getattr(image, "n_frames", 1)
            if frames > limits.max_pages:
                raise ReadError(path, "too_many_pages",
                                f"图片共 {frames} 页，超过上限 {limits.max_pages} 页（Limits.max_pages）")
            dpi = _dpi(image.info.get("dpi"))
            pages = [(frame.convert("L"), dpi) for frame in ImageSequence.Iterator(image)]
    except ReadError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ReadError(path, "corrupt_file", f"无法解码图片：{exc}") from exc
    return _pdf_of(pages)


def _dpi(value: Any) -> float:
    try:
        x = float(value[0])
    except (TypeError, ValueError, IndexError):
        return DEFAULT_DPI
    # Some writers store 1 (or 72 for "unknown"); a scan is never that coarse.
    return x if x >= 96 else DEFAULT_DPI


def _pdf_of(pages: list[tuple[Any, float]]) -> bytes:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    try:
        for image, dpi in pages:
            width, height = image.width * 72 / dpi, image.height * 72 / dpi
            page = pdf.new_page(width, height)
            embedded = pdfium.PdfImage.new(pdf)
            embedded.set_bitmap(pdfium.PdfBitmap.from_pil(image))
            embedded.set_matrix(pdfium.PdfMatrix().scale(width, height))
            page.insert_obj(embedded)
            page.gen_content()
            page.close()
        buffer = io.BytesIO()
        pdf.save(buffer)
    finally:
        pdf.close()
    return buffer.getvalue()
