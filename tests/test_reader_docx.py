"""The DOCX reader: document order, merges, nested tables, revisions; python-docx as the oracle."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from extractor.document import Document, Paragraph, Table
from extractor.readers import Limits, read_document
from extractor.readers.docx import read_docx

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "docx"
# revisions.docx holds what python-docx deliberately ignores (insertions, content controls, text boxes).
ORACLE_FILES = sorted(p for p in DATA.glob("*.docx") if p.name not in {"revisions.docx", "encrypted.docx"})
CORPUS_FILES = sorted((ROOT / "corpus").glob("*.docx"))

SpanMap = dict[tuple[int, int], tuple[str, int, int]]


def paragraphs(document: Document) -> list[str]:
    return [block.text for block in document.blocks if isinstance(block, Paragraph)]


def tables(document: Document) -> list[Table]:
    return [block for block in document.blocks if isinstance(block, Table)]


def spans(table: Table) -> SpanMap:
    return {(c.row, c.col): (c.text, c.rowspan, c.colspan) for row in table.rows for c in row}


# --- the python-docx oracle ---------------------------------------------------------------------
# The reader turns a tab into a space and drops line breaks inside a paragraph; otherwise its text
# is python-docx's, stripped, with empty paragraphs left out.


def oracle_paragraph(paragraph: DocxParagraph) -> str:
    return paragraph.text.replace("\t", " ").replace("\n", "").strip()


def oracle_cell_text(cell: Any) -> str:
    texts: list[str] = []
    for item in cell.iter_inner_content():
        if isinstance(item, DocxParagraph):
            texts.append(oracle_paragraph(item))
        else:
            grid = oracle_spans(item)
            rows = sorted({r for r, _ in grid})
            texts.append(
                "\n".join(
                    "\t".join(grid[key][0] for key in sorted(k for k in grid if k[0] == r)) for r in rows
                )
            )
    return "\n".join(text for text in texts if text)


def oracle_spans(table: DocxTable) -> SpanMap:
    """Each distinct w:tc (python-docx repeats merged cells) at its first grid position, with its spans."""
    first_seen: dict[Any, tuple[int, int]] = {}
    rows_of: dict[Any, set[int]] = {}
    cols_of: dict[Any, set[int]] = {}
    cells: dict[Any, Any] = {}
    for r, row in enumerate(table.rows):
        offset = row.grid_cols_before
        for c, cell in enumerate(row.cells):
            tc = cell._tc
            first_seen.setdefault(tc, (r, offset + c))
            cells[tc] = cell
            rows_of.setdefault(tc, set()).add(r)
            if first_seen[tc][0] == r:
                cols_of.setdefault(tc, set()).add(offset + c)
    return {
        first_seen[tc]: (oracle_cell_text(cells[tc]), len(rows_of[tc]), len(cols_of[tc])) for tc in first_seen
    }


@pytest.mark.parametrize("path", ORACLE_FILES + CORPUS_FILES, ids=lambda p: p.name)
def test_matches_python_docx(path: Path) -> None:
    ours = read_document(path)
    theirs = docx.Document(str(path))

    expected_paragraphs = [oracle_paragraph(p) for p in theirs.paragraphs]
    assert paragraphs(ours) == [text for text in expected_paragraphs if text]
    # Each table nested in a cell follows the table that holds it, in reading order.
    expected_tables = [table for outer in theirs.tables for table in (outer, *nested_in(outer))]
    assert len(tables(ours)) == len(expected_tables)
    for our_table, their_table in zip(tables(ours), expected_tables, strict=True):
        assert spans(our_table) == oracle_spans(their_table)


def nested_in(table: DocxTable) -> list[DocxTable]:
    found: list[DocxTable] = []
    seen: list[object] = []
    for row in table.rows:
        for cell in row.cells:
            if any(tc is cell._tc for tc in seen):  # a merged cell is listed once per position it covers
                continue
            seen.append(cell._tc)
            # Through content controls too, which python-docx's cell.tables does not enter.
            for tbl in cell._tc.iter(qn("w:tbl")):
                if next(tbl.iterancestors(qn("w:tc"))) is cell._tc:
                    inner = DocxTable(tbl, cell)
                    found.extend([inner, *nested_in(inner)])
    return found


def test_oracle_set_is_not_empty() -> None:
    assert len(ORACLE_FILES) >= 3


# --- exact behaviour on the fixtures ------------------------------------------------------------


def test_table_between_paragraphs_keeps_document_order() -> None:
    document = read_document(DATA / "order.docx")

    kinds = [type(block).__name__ for block in document.blocks]
    assert kinds == ["Paragraph", "Paragraph", "Table"] + ["Paragraph"] * 4
    assert paragraphs(document) == [
        "青溪县农村饮水安全维修养护资金2024年度绩效自评表",
        "单位：万元",
        "填报单位 青溪县水务局",
        "年度总目标：完成120处维修养护",
        "详见县政府网站公开栏目",
        "填报日期：2025年2月18日",
    ]
    assert [block.index for block in document.blocks] == list(range(7))
    assert document.format == "docx"
    assert document.notes == []


def test_horizontal_and_vertical_merges_appear_once() -> None:
    (table,) = tables(read_document(DATA / "order.docx"))

    assert spans(table) == {
        (0, 0): ("资金投入情况", 1, 4),
        (1, 0): ("年度资金总额", 3, 1),
        (1, 1): ("全年预算数", 1, 1),
        (1, 2): ("全年执行数", 1, 1),
        (1, 3): ("执行率", 1, 1),
        (2, 1): ("842.60", 1, 1),
        (2, 2): ("815.32", 1, 1),
        (2, 3): ("96.76%", 1, 1),
        (3, 1): ("其中：中央财政资金", 1, 1),
        (3, 2): ("500.00", 1, 1),
        (3, 3): ("488.10", 1, 1),
    }
    assert table.merges_unknown is False
    grid = table.grid()
    assert grid[3][0] is grid[1][0]
    assert grid[0][3] is grid[0][0]


def test_merged_indicator_table_levels_span_their_rows() -> None:
    (table,) = tables(read_document(DATA / "merged_report.docx"))

    assert len(table.rows) == 40
    assert table.n_cols == 8
    assert spans(table)[(1, 0)] == ("产出指标", 26, 1)
    assert spans(table)[(1, 1)] == ("数量指标", 13, 1)
    assert spans(table)[(14, 1)] == ("质量指标", 8, 1)
    assert spans(table)[(39, 0)] == ("总分", 1, 5)
    assert [c.text for c in table.rows[2]] == ["第2项维护工程完成量", "≥114处", "114处", "2", "2", ""]
    assert [c.col for c in table.rows[2]] == [2, 3, 4, 5, 6, 7]
    assert [c.text for c in table.rows[39]] == ["总分", "100", "96", ""]


def test_nested_table_text_stays_in_its_cell_and_the_table_is_read_after_it_with_a_note() -> None:
    document = read_document(DATA / "nested.docx")

    table, inner = tables(document)
    assert spans(table)[(1, 1)] == ("按乡镇分配：\n城关镇\t210.40\n河西乡\t96.75", 1, 1)
    # A funds or indicator grid inside an outer cell is a table the form layer reads.
    assert [[c.text for c in row] for row in inner.rows] == [["城关镇", "210.40"], ["河西乡", "96.75"]]
    assert document.blocks.index(inner) == document.blocks.index(table) + 1
    assert len(document.notes) == 1
    code, message = document.notes[0]
    assert code == "nested_table"
    assert "第 2 行第 2 列" in message
    assert paragraphs(document) == ["资金分配明细", "以上分配经县政府常务会议研究确定。"]


def test_insertions_content_controls_and_text_boxes_are_read_deletions_are_not() -> None:
    document = read_document(DATA / "revisions.docx")

    assert paragraphs(document) == [
        "资金已全部拨付到位。",
        "填报人：李明远",
        "控件中的段落：项目已通过竣工验收。",
        "落款",
        "文本框：单位公章",
        "报告结束。",
    ]
    (table,) = tables(document)
    assert [[c.text for c in row] for row in table.rows] == [["指标", "完成值"], ["处数", "126处"]]
    assert "尚未" not in document.text()


def test_importing_the_package_loads_no_heavy_parser() -> None:
    code = (
        "import sys, extractor.readers\n"
        "heavy = {'lxml', 'pypdfium2', 'pdfplumber', 'docx'}\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in heavy)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""


def median_ms(action: Callable[[], object], runs: int) -> float:
    action()
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000


def test_reader_is_faster_than_python_docx_merely_opening_the_file() -> None:
    path = DATA / "merged_report.docx"
    data = path.read_bytes()

    ours = median_ms(lambda: read_docx(path, data, Limits()), runs=21)
    python_docx_open = median_ms(lambda: docx.Document(str(path)), runs=21)

    assert ours < python_docx_open


# --- raw WordprocessingML the fixtures cannot express -------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_from_body(path: Path, body_xml: str) -> Path:
    """A copy of order.docx whose body is `body_xml`."""
    xml = f'<w:document xmlns:w="{W_NS}"><w:body>{body_xml}<w:sectPr/></w:body></w:document>'
    with zipfile.ZipFile(DATA / "order.docx") as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = xml.encode() if item.filename == "word/document.xml" else source.read(item)
            target.writestr(item.filename, data)
    return path


def tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def test_grid_before_and_legacy_horizontal_merge(tmp_path: Path) -> None:
    restart = '<w:hMerge w:val="restart"/>'
    body = (
        "<w:tbl>"
        f"<w:tr>{tc('指标')}{tc('目标')}{tc('完成')}</w:tr>"
        f'<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>{tc("120处")}{tc("126处")}</w:tr>'
        f"<w:tr>{tc('合计', restart)}{tc('', '<w:hMerge/>')}{tc('246处')}</w:tr>"
        "</w:tbl>"
    )
    (table,) = tables(read_document(docx_from_body(tmp_path / "t.docx", body)))

    assert spans(table) == {
        (0, 0): ("指标", 1, 1),
        (0, 1): ("目标", 1, 1),
        (0, 2): ("完成", 1, 1),
        (1, 1): ("120处", 1, 1),
        (1, 2): ("126处", 1, 1),
        (2, 0): ("合计", 1, 2),
        (2, 2): ("246处", 1, 1),
    }


def test_vertical_continuation_without_a_cell_above_is_a_cell(tmp_path: Path) -> None:
    body = (
        "<w:tbl>"
        f"<w:tr>{tc('孤立', '<w:vMerge/>')}{tc('甲')}</w:tr>"
        f"<w:tr>{tc('', '<w:vMerge/>')}{tc('乙')}</w:tr>"
        "</w:tbl>"
    )
    (table,) = tables(read_document(docx_from_body(tmp_path / "t.docx", body)))

    assert spans(table) == {(0, 0): ("孤立", 2, 1), (0, 1): ("甲", 1, 1), (1, 1): ("乙", 1, 1)}


def test_field_codes_and_deleted_moves_are_not_text(tmp_path: Path) -> None:
    body = (
        "<w:p><w:r><w:t>第</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>页</w:t></w:r>'
        '<w:moveFrom w:id="1" w:author="a"><w:r><w:t>旧位置</w:t></w:r></w:moveFrom>'
        '<w:moveTo w:id="2" w:author="a"><w:r><w:t>（新位置）</w:t></w:r></w:moveTo>'
        '<w:r><w:noBreakHyphen/><w:t>完</w:t><w:br w:type="page"/></w:r></w:p>'
    )
    document = read_document(docx_from_body(tmp_path / "t.docx", body))

    assert paragraphs(document) == ["第3页（新位置）-完"]
