"""Lines that wrap inside an amount or a name: one rule for text, PDF and OCR'd pages.

tests/data/pdf/wraps.pdf (make_fixtures.py) breaks its funds paragraphs after 万, inside a
number, between a number and 万元 and between a number and %, each line left short of the margin
so that only the amount says the paragraph goes on; an indicator name wraps where "数，" moved
down together. wraps_scan.pdf is its scanned copy (OCR).
"""

from __future__ import annotations

import importlib.util
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

from extractor.document import Document, Paragraph
from extractor.models import Record
from extractor.normalise.wraps import breaks_inside_amount, join_wrapped
from extractor.pipeline import extract_file
from extractor.readers import read_document
from extractor.readers.text import blocks_from_text

DATA = Path(__file__).parent / "data" / "pdf"
WRAPS = DATA / "wraps.pdf"
WRAPS_SCAN = DATA / "wraps_scan.pdf"


def _fixtures() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pdf_fixtures_wraps", DATA / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


FIX = _fixtures()


@pytest.mark.parametrize(
    ("line", "following"),
    [
        ("全年执行数1,002.", "75万元"),
        ("预算总额6359.", "55万元，其中"),
        ("盟市财政资金327.55万", "元、旗县"),
        ("盟市财政资金 327.55 万", "元、旗县"),
        ("旗县财政资金324.77", "万元、其他"),
        ("预算数6359.55", "万元。"),
        ("预算执行率79.59", "%，资金"),
        ("完成率98.6", "％"),
        ("补助标准为800", "元/人/年"),
        ("新增就业1", "万人"),
        ("指标值1700，", "2024年"),
    ],
)
def test_a_line_ending_inside_an_amount_continues(line: str, following: str) -> None:
    assert breaks_inside_amount(line, following)


@pytest.mark.parametrize(
    ("line", "following"),
    [
        ("全年实际完成值1722。", "下一步"),
        ("第1", "2、下一项"),  # a number followed by an item number is no amount
        ("全年实际完成值1722，", "2、享受社会保险补贴人数"),
        ("目标1", "年末城镇新增就业人数"),
        ("共安排资金", "元旦前下达"),  # 元 after no number
        ("资金管理", "办法"),
        ("", "万元"),
        ("6359.55", ""),
    ],
)
def test_other_line_ends_are_not_amount_wraps(line: str, following: str) -> None:
    assert not breaks_inside_amount(line, following)


def test_join_keeps_amounts_whole_and_ascii_words_apart() -> None:
    assert join_wrapped("327.55万", "元、") == "327.55万元、"
    assert join_wrapped("79.59", "%，") == "79.59%，"
    assert join_wrapped("通过 Smart", "Care 平台") == "通过 Smart Care 平台"


def test_text_reader_uses_the_same_rule() -> None:
    blocks = blocks_from_text("盟市财政资金327.55万\n元、旗县财政资金324.77\n万元。\n执行率79.59\n%。\n")
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == [
        "盟市财政资金327.55万元、旗县财政资金324.77万元。",
        "执行率79.59%。",
    ]


def _paragraph_texts(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def test_pdf_paragraphs_wrapped_inside_amounts_and_a_name_are_whole() -> None:
    assert _paragraph_texts(read_document(WRAPS)) == [p.expected for p in FIX.WRAPS]


def _assert_every_source_and_no_finding(record: Record) -> None:
    funds = record.funds
    assert funds.budget_total is not None and funds.budget_total.value == Decimal("6359.55")
    assert [(s.name, s.budget.value if s.budget else None) for s in funds.sources] == [
        ("中央财政资金", Decimal(3319)),
        ("盟市财政资金", Decimal("327.55")),
        ("旗县财政资金", Decimal("324.77")),
        ("自治区财政资金", Decimal("1069.11")),
        ("其他资金", Decimal("1319.12")),
    ]
    assert funds.execution_rate is not None and funds.execution_rate.value == Decimal("79.59")
    assert [i.name for i in record.indicators] == [FIX.WRAPPED_NAME.removeprefix("③")]
    assert record.findings == []


def test_pdf_wrapped_amounts_give_every_source_and_no_finding() -> None:
    _assert_every_source_and_no_finding(extract_file(WRAPS))


def test_evidence_of_an_amount_wrapped_over_two_lines_is_true_to_the_page() -> None:
    record = extract_file(WRAPS)
    doc = read_document(WRAPS)
    budget = next(s.budget for s in record.funds.sources if s.name == "盟市财政资金")
    assert budget is not None and budget.evidence is not None
    evidence = budget.evidence
    block = doc.blocks[evidence.block]
    assert isinstance(block, Paragraph)
    assert block.text[evidence.start:evidence.end] == evidence.text == "327.55万元"
    assert evidence.page == 1 and evidence.bbox is not None
    x0, top, x1, bottom = evidence.bbox
    # "327.55万" ends one line, "元" starts the next: the box spans both lines' height.
    assert bottom - top > 1.5 * FIX.SIZE
    assert FIX.LEFT - 1 <= x0 < x1 <= FIX.RIGHT + 1


@pytest.mark.ocr
def test_scanned_copy_reads_the_same_paragraphs_and_figures() -> None:
    assert _paragraph_texts(read_document(WRAPS_SCAN)) == [p.expected for p in FIX.WRAPS]
    _assert_every_source_and_no_finding(extract_file(WRAPS_SCAN))
