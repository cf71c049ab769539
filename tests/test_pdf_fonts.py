"""What a PDF says does not depend on the fonts the machine has.

The fixtures' CJK font (STSong-Light) is not embedded. While the reader reads, pdfium gets the
generated box font for it, never a system font; page images (review report) still get the
system's fonts. CI runs these and the other PDF tests twice: with fonts-noto-cjk installed and
with no system fonts visible at all (`make test-pdf` under an empty /usr/share/fonts, .ci/run).
"""

from __future__ import annotations

import ctypes
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.pipeline import extract_file
from extractor.readers import read_document
from extractor.readers.pdf import fonts as pdf_fonts

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "pdf"
NOT_EMBEDDED = [
    DATA / "table.pdf",
    DATA / "prose.pdf",
    DATA / "wraps.pdf",
    ROOT / "corpus" / "p01_hongshan_jiuye_2025_reportlab.pdf",
]


def _families(path: Path) -> set[bytes]:
    """The family names of the faces pdfium loaded for the text of page 1."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument(path)
    try:
        page = pdf[0]
        names = set()
        for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_TEXT,)):
            buffer = ctypes.create_string_buffer(128)
            pdfium_c.FPDFFont_GetFamilyName(pdfium_c.FPDFTextObj_GetFont(obj.raw), buffer, 128)
            names.add(buffer.value)
        page.close()
        return names
    finally:
        pdf.close()


def test_reading_loads_the_box_font_for_a_cjk_font_that_is_not_embedded() -> None:
    with pdf_fonts.reading():
        assert _families(DATA / "table.pdf") == {pdf_fonts.FACE_NAME}


def test_outside_reading_pdfium_gets_the_system_fonts() -> None:
    pdf_fonts.install()
    assert pdf_fonts.FACE_NAME not in _families(DATA / "table.pdf")


@pytest.mark.parametrize("path", NOT_EMBEDDED, ids=lambda p: p.name)
def test_reader_never_asks_the_system_for_a_font(path: Path) -> None:
    before = pdf_fonts.system_lookups()
    extract_file(path)
    assert pdf_fonts.system_lookups() == before


def test_a_cell_ending_in_a_lone_wrapped_character_keeps_it() -> None:
    # Without a CJK font pdfium's substitute has no glyph boxes and drops a text object one
    # character wide: the "数" wrapped onto its own line, the "标" of 满意度指标.
    doc = read_document(DATA / "table.pdf")
    texts = {c.text for block in doc.blocks if hasattr(block, "rows") for row in block.rows for c in row}
    assert {"享受居家养老服务补贴人数", "满意度指标", "服务对象满意度指标"} <= texts


def _render_digest(install_first: bool) -> str:
    code = (
        "import hashlib, sys\n"
        "import pypdfium2 as pdfium\n"
        + ("from extractor.readers import read_document\n"
           f"read_document({str(DATA / 'table.pdf')!r})\n" if install_first else "")
        + f"pdf = pdfium.PdfDocument({str(DATA / 'table.pdf')!r})\n"
        "image = pdf[0].render(scale=1.0, grayscale=True).to_numpy()\n"
        "print(hashlib.sha256(image.tobytes()).hexdigest())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return done.stdout.strip()


def test_page_images_after_reading_use_the_same_fonts_as_without_the_reader() -> None:
    assert _render_digest(install_first=True) == _render_digest(install_first=False)


@pytest.mark.parametrize(
    ("charset", "family", "cjk"),
    [
        (134, b"STSong-Light", True),
        (0, "宋体".encode("gbk"), True),
        (0, b"SimSun", True),
        (1, b"MicrosoftYaHei", True),
        (0, b"FangSong_GB2312", True),
        (0, b"Helvetica", False),
        (0, b"Arial", False),
        (0, b"TimesNewRomanPSMT", False),
    ],
)
def test_cjk_requests(charset: int, family: bytes, cjk: bool) -> None:
    assert pdf_fonts.is_cjk_request(charset, family) is cjk


def test_box_font_tables() -> None:
    font = pdf_fonts.box_font()
    assert font[:4] == b"\x00\x01\x00\x00"
    assert pdf_fonts.font_table(0) == font
    head = pdf_fonts.font_table(int.from_bytes(b"head", "big"))
    assert head is not None and head[12:16] == b"\x5f\x0f\x3c\xf5"
    assert pdf_fonts.font_table(int.from_bytes(b"ttcf", "big")) is None
    assert hashlib.sha256(font).digest() == hashlib.sha256(pdf_fonts.box_font()).digest()
