"""Scanned and mixed PDFs read by OCR (extractor[ocr]), and the clear error without the extra.

The corpus's scanned copies (corpus/s*_*.pdf) and mixed PDF (corpus/m*_*.pdf) are made by
corpus/make/build_scanned.py from text PDFs of the corpus; their goldens equal the text
documents' goldens (checked in test_corpus.py). Here: the recall of amounts and indicator
pairs against the text document's golden, the tables rebuilt from the bitmap, evidence boxes
and confidences, laziness of the engine, and the error path without the extra.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from extractor.document import Cell, Document, Paragraph, Table
from extractor.errors import ReadError
from extractor.evaluate import load_golden
from extractor.models import Evidence, Record
from extractor.pipeline import extract_file
from extractor.readers import read_document
from extractor.readers.ocr import OcrChar, line_chars

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SCANNED_TABLE = CORPUS / "s02_project_scored_table_scan.pdf"
SCANNED_REPORT = CORPUS / "s01_hongshan_jiuye_2025_scan.pdf"
MIXED = CORPUS / "m01_long_report_split_table_mixed.pdf"
# Each OCR'd corpus document and the text document it was made from.
SCANS = {
    SCANNED_REPORT: CORPUS / "hongshan_jiuye_2025.pdf",
    SCANNED_TABLE: CORPUS / "d02_project_scored_table.pdf",
    MIXED: CORPUS / "d04_long_report_split_table.pdf",
}
MIN_RECALL = 0.95


@pytest.fixture
def without_ocr(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The OCR extra as if not installed: its import fails and find_spec finds nothing."""
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)
    yield


# --- without the extra (always run) ---


def test_scanned_pdf_without_extra_says_install_ocr(without_ocr: None) -> None:
    with pytest.raises(ReadError) as info:
        read_document(SCANNED_TABLE)
    error = info.value
    assert error.code == "no_text_layer"
    assert error.path.endswith(SCANNED_TABLE.name)
    assert "extractor[ocr]" in error.detail
    assert "没有文字层" in error.detail


def test_mixed_pdf_without_extra_reads_text_pages_and_names_scanned_ones(without_ocr: None) -> None:
    doc = read_document(MIXED)
    assert doc.pages == 6
    assert [code for code, _ in doc.notes] == ["pdf_scanned_pages"]
    assert doc.notes[0][1].startswith("第2、4页没有文字层")
    assert "extractor[ocr]" in doc.notes[0][1]


def test_reading_a_text_pdf_does_not_import_the_ocr_engine() -> None:
    code = (
        "import sys\n"
        "from extractor.pipeline import extract_file\n"
        f"extract_file({str(CORPUS / 'd02_project_scored_table.pdf')!r})\n"
        "print(sorted(m for m in ('rapidocr_onnxruntime', 'onnxruntime', 'cv2') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_line_chars_share_the_box_by_character_width() -> None:
    chars = line_chars("合计12", (100.0, 10.0, 130.0, 22.0), 0.9)
    assert [c.text for c in chars] == ["合", "计", "1", "2", "\n"]
    inked = chars[:-1]
    assert inked[0].x0 == 100.0 and inked[-1].x1 == pytest.approx(130.0)
    # CJK characters are about twice as wide as digits.
    assert (inked[0].x1 - inked[0].x0) == pytest.approx(2 * (inked[2].x1 - inked[2].x0), rel=0.2)
    assert all(isinstance(c, OcrChar) and c.confidence == 0.9 for c in inked)
    assert all(c.top == 10.0 and c.bottom == 22.0 for c in inked)


# --- table rules from a bitmap (numpy comes with the extra) ---


def _page(width: int = 600, height: int = 400) -> Any:
    import numpy as np

    return np.full((height, width), 245, dtype=np.uint8)


@pytest.mark.ocr
def test_rules_of_a_drawn_grid_make_its_cells() -> None:
    from extractor.readers.ocr.tables import find_grids, find_rules

    gray = _page()
    for y in (100, 140, 180, 220):  # scale 2: points 50, 70, 90, 110
        gray[y : y + 2, 100:500] = 60
    for x in (100, 300, 500):
        gray[100:222, x : x + 2] = 60
    gray[142:180, 302:500] = 150  # a shaded cell: its fill is not rules inside the cell
    grids = find_grids(find_rules(gray, 2.0))
    assert len(grids) == 1
    cells = sorted(grids[0], key=lambda b: (round(b[1]), round(b[0])))
    assert len(cells) == 6
    assert cells[0] == pytest.approx((50.25, 50.25, 150.25, 70.25), abs=1.0)


@pytest.mark.ocr
def test_glyph_strokes_and_lone_boxes_are_not_tables() -> None:
    from extractor.readers.ocr.tables import find_grids, find_rules

    gray = _page()
    for x in range(100, 400, 30):  # a line of text: short strokes, a few points long
        gray[60:62, x : x + 18] = 40
        gray[52:72, x + 8 : x + 10] = 40
    # A framed note: one box, no grid.
    gray[200:202, 100:500] = 60
    gray[300:302, 100:500] = 60
    gray[200:302, 100:102] = 60
    gray[200:302, 498:500] = 60
    assert find_grids(find_rules(gray, 2.0)) == []


# --- OCR of the corpus scans ---


@pytest.fixture(scope="module")
def scan_records() -> dict[Path, Record]:
    return {scan: extract_file(scan) for scan in SCANS}


@pytest.fixture(scope="module")
def scanned_table() -> Document:
    return read_document(SCANNED_TABLE)


def _amounts(data: dict[str, Any]) -> Counter[tuple[str, str]]:
    """Every amount and rate of a record (as projected for goldens) as (field, value)."""
    found: Counter[tuple[str, str]] = Counter()
    funds = data.get("funds") or {}
    for key in ("budget_total", "executed_total", "initial_budget", "execution_rate"):
        if funds.get(key):
            found[(key, str(funds[key]["value"]))] += 1
    for source in funds.get("sources") or []:
        for key in ("budget", "executed", "execution_rate"):
            if source.get(key):
                found[(f"{source['name']}.{key}", str(source[key]["value"]))] += 1
    return found


def _pairs(data: dict[str, Any]) -> Counter[tuple[str, str, str]]:
    """Every indicator's (name, target, actual) as written."""
    def raw(value: dict[str, Any] | None) -> str:
        return "" if value is None else str(value["raw"])

    return Counter((i["name"], raw(i.get("target")), raw(i.get("actual"))) for i in data.get("indicators") or [])


def _recall(expected: Counter[Any], got: Counter[Any]) -> float:
    total = sum(expected.values())
    return sum((expected & got).values()) / total if total else 1.0


def _projected(record: Record) -> dict[str, Any]:
    from extractor.evaluate import project

    return project(record)


@pytest.mark.ocr
@pytest.mark.parametrize("scan", list(SCANS), ids=[s.name for s in SCANS])
def test_ocr_recall_of_amounts_and_indicator_pairs(scan: Path, scan_records: dict[Path, Record]) -> None:
    """Against the text document's own golden, where the text document itself scores 1.0."""
    text = SCANS[scan]
    truth = load_golden(text.with_name(text.name + ".golden.json"))
    text_data = _projected(extract_file(text))
    assert _recall(_amounts(truth), _amounts(text_data)) == 1.0
    assert _recall(_pairs(truth), _pairs(text_data)) == 1.0
    data = _projected(scan_records[scan])
    amounts, pairs = _recall(_amounts(truth), _amounts(data)), _recall(_pairs(truth), _pairs(data))
    print(f"{scan.name}: recall amounts {amounts:.3f}, indicator pairs {pairs:.3f}")
    assert amounts >= MIN_RECALL
    assert pairs >= MIN_RECALL


@pytest.mark.ocr
def test_scanned_table_rows_match_the_text_layer_table(scanned_table: Document) -> None:
    text_doc = read_document(SCANS[SCANNED_TABLE])
    (scanned,) = [b for b in scanned_table.blocks if isinstance(b, Table)]
    (typed,) = [b for b in text_doc.blocks if isinstance(b, Table)]
    assert len(scanned.rows) == len(typed.rows) == 21
    assert scanned.n_cols == typed.n_cols == 9

    def cells(table: Table, first_row: int) -> list[tuple[int, int, int, int, str]]:
        return [(c.row, c.col, c.rowspan, c.colspan, c.text) for row in table.rows[first_row:] for c in row]

    # From the goals row down (goals, indicator header, indicators with merged levels, 总分): identical.
    assert cells(scanned, 7) == cells(typed, 7)
    assert [(c.text, c.rowspan) for c in scanned.rows[10][:2]] == [("产出指标", 5), ("数量指标", 2)]
    # Dashes ("—", no value) are kept as dashes, not read as the ideograph 一.
    assert [c.text for c in scanned.rows[4][-3:]] == ["—", "—", "—"]


@pytest.mark.ocr
def test_ocr_blocks_carry_confidence_and_a_warning(scanned_table: Document) -> None:
    tables = [b for b in scanned_table.blocks if isinstance(b, Table)]
    confidences = [c.confidence for table in tables for row in table.rows for c in row if c.text]
    assert confidences and all(c is not None and 0.5 < c <= 1.0 for c in confidences)
    ((code, message),) = scanned_table.notes
    assert code == "ocr_used"
    assert "第1页（" in message and "第2页（" in message and "可能有误" in message


@pytest.mark.ocr
def test_ocr_evidence_has_page_box_and_confidence(scan_records: dict[Path, Record]) -> None:
    scanned = scan_records[SCANNED_REPORT].funds.budget_total
    typed = extract_file(SCANS[SCANNED_REPORT]).funds.budget_total
    assert scanned is not None and typed is not None
    assert scanned.evidence is not None and typed.evidence is not None
    assert scanned.evidence.text == typed.evidence.text == "6359.55万元"
    assert scanned.evidence.page == typed.evidence.page == 1
    assert scanned.evidence.bbox is not None and typed.evidence.bbox is not None
    # The box OCR gives is where the text layer puts the same words, within a few points.
    assert scanned.evidence.bbox == pytest.approx(typed.evidence.bbox, abs=3.0)
    assert scanned.evidence.confidence is not None and 0.9 <= scanned.evidence.confidence <= 1.0
    assert typed.evidence.confidence is None
    assert [w.code for w in scan_records[SCANNED_REPORT].warnings] == ["ocr_used"]


@pytest.mark.ocr
def test_mixed_pdf_ocrs_only_the_pages_without_text(scan_records: dict[Path, Record]) -> None:
    warnings = [w for w in scan_records[MIXED].warnings if w.code == "ocr_used"]
    assert len(warnings) == 1
    assert "第2页（" in warnings[0].message and "第4页（" in warnings[0].message
    assert "第1页" not in warnings[0].message and "第3页" not in warnings[0].message
    # Blocks read from text pages keep the text path (no confidence); blocks read from the
    # scanned pages carry one. A paragraph or table running from one kind of page to the other
    # has the confidence of its OCR'd characters.
    typed, scanned = [], []
    for unit in _units(read_document(MIXED)):
        assert unit.glyphs is not None
        pages = {page for page, glyphs in unit.glyphs.runs if glyphs}
        if pages and pages <= {2, 4}:
            scanned.append(unit.confidence)
        elif pages and not pages & {2, 4}:
            typed.append(unit.confidence)
    assert len(typed) > 20 and len(scanned) > 20
    assert all(c is None for c in typed)
    assert all(c is not None and 0.5 < c <= 1.0 for c in scanned)
    found = {e.confidence is None for e in _evidence_in(scan_records[MIXED])}
    assert found == {True, False}


def _units(document: Document) -> list[Paragraph | Cell]:
    units: list[Paragraph | Cell] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            units.append(block)
        else:
            units.extend(cell for row in block.rows for cell in row if cell.text)
    return units


def _evidence_in(data: Any) -> list[Evidence]:
    if isinstance(data, Evidence):
        return [data]
    if isinstance(data, list):
        return [e for item in data for e in _evidence_in(item)]
    if isinstance(data, BaseModel):
        return [e for name in type(data).model_fields for e in _evidence_in(getattr(data, name))]
    return []


@pytest.mark.ocr
def test_image_without_text_is_still_no_text_layer() -> None:
    with pytest.raises(ReadError) as info:
        read_document(ROOT / "tests" / "data" / "pdf" / "scanned.pdf")
    assert info.value.code == "no_text_layer"
    assert "OCR 也未识别出文字" in info.value.detail


@pytest.mark.ocr
def test_engine_is_made_once_and_works_offline() -> None:
    """One engine per process, and no network at any point: the models come from the wheel."""
    code = (
        "import socket\n"
        "def refuse(*args, **kwargs):\n"
        "    raise OSError('network disabled in this test')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "import rapidocr_onnxruntime\n"
        "made = []\n"
        "init = rapidocr_onnxruntime.RapidOCR.__init__\n"
        "def counted(self, *args, **kwargs):\n"
        "    made.append(1)\n"
        "    init(self, *args, **kwargs)\n"
        "rapidocr_onnxruntime.RapidOCR.__init__ = counted\n"
        "from extractor.readers import read_document\n"
        f"doc = read_document({str(SCANNED_TABLE)!r})\n"
        f"read_document({str(MIXED)!r})\n"
        "print(len(made), len(doc.blocks))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["1", "2"]


# --- images (.png/.jpg/.tif) ---


def _scan_images(tmp_path: Path, suffix: str, pages: int = 1) -> Path:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(SCANNED_TABLE)
    try:
        images = [pdf[i].render(scale=200 / 72, grayscale=True).to_pil() for i in range(pages)]
    finally:
        pdf.close()
    path = tmp_path / f"scan{suffix}"
    images[0].save(path, dpi=(200, 200), save_all=pages > 1, append_images=images[1:])
    return path


def test_images_are_detected_by_their_bytes(tmp_path: Path) -> None:
    from extractor.readers.detect import sniff

    for suffix in (".png", ".jpg", ".tif"):
        assert sniff(_scan_images(tmp_path, suffix).read_bytes()) == "image"


def test_image_without_extra_says_install_ocr(tmp_path: Path, without_ocr: None) -> None:
    with pytest.raises(ReadError) as info:
        read_document(_scan_images(tmp_path, ".png"))
    assert info.value.code == "no_text_layer"
    assert "extractor[ocr]" in info.value.detail


@pytest.mark.ocr
def test_multipage_tiff_reads_like_the_text_document(tmp_path: Path) -> None:
    from extractor.evaluate import conform, project

    record = extract_file(_scan_images(tmp_path, ".tif", pages=2))
    golden = load_golden(SCANS[SCANNED_TABLE].with_name(SCANS[SCANNED_TABLE].name + ".golden.json"))
    golden["source"] = {"format": "image", "pages": 2}
    assert conform(project(record), golden) == golden
    assert [w.code for w in record.warnings] == ["ocr_used"]


@pytest.mark.ocr
def test_undecodable_image_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "broken.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"not really an image" * 4)
    with pytest.raises(ReadError) as info:
        read_document(path)
    assert info.value.code == "corrupt_file"
    assert info.value.path.endswith("broken.png")
