"""The PDF reader on small generated PDFs (tests/data/pdf/make_fixtures.py writes them)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from extractor.document import Cell, Document, Paragraph, Table
from extractor.errors import ReadError
from extractor.normalise.wraps import join_wrapped
from extractor.readers import pdf as pdf_reader
from extractor.readers.limits import Limits
from extractor.readers.line_kinds import is_page_number, starts_item
from extractor.readers.pdf import read_pdf
from extractor.readers.pdf.lines import Line, PageLines, normalise_spaces
from extractor.readers.pdf.paragraphs import drop_running_lines
from extractor.readers.pdf.tables import PageTable, append_continuation

DATA = Path(__file__).parent / "data" / "pdf"
REPO = Path(__file__).resolve().parents[1]


def _fixtures() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pdf_fixtures", DATA / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


FIX = _fixtures()


def read(name: str, limits: Limits | None = None) -> Document:
    path = DATA / name
    return read_pdf(path, path.read_bytes(), limits or Limits())


def paragraphs(doc: Document) -> list[Paragraph]:
    return [b for b in doc.blocks if isinstance(b, Paragraph)]


def tables(doc: Document) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def cell_at(table: Table, row: int, col: int) -> Cell:
    found = [c for c in table.rows[row] if c.col == col]
    assert len(found) == 1, f"no cell starts at ({row}, {col})"
    return found[0]


# --- prose -------------------------------------------------------------------------------------


def test_prose_paragraphs_are_rebuilt_exactly() -> None:
    doc = read("prose.pdf")
    assert doc.format == "pdf"
    assert doc.pages == 2
    assert not tables(doc)
    assert [p.text for p in paragraphs(doc)] == FIX.prose_expected()


def test_prose_drops_running_header_and_page_numbers() -> None:
    text = read("prose.pdf").text()
    assert FIX.PROSE_HEADER not in text
    assert "- 1 -" not in text and "- 2 -" not in text
    assert not any(is_page_number(line) for line in text.splitlines())


def test_number_split_at_line_end_joins_without_space() -> None:
    first = paragraphs(read("prose.pdf"))[3]
    assert first.text.startswith("2024年度余杭区养老服务补助资金全年预算总额4827.36万元，其中")


def test_paragraph_continues_across_page_break() -> None:
    doc = read("prose.pdf")
    crossing = [p for p in paragraphs(doc) if p.text.startswith("全年累计开展养老护理员技能培训42期")]
    assert len(crossing) == 1
    assert crossing[0].page == 1
    # "建" ends page 1, "立" starts page 2; header and footer lie between them.
    assert "各镇街同步建立服务质量回访制度" in crossing[0].text
    assert crossing[0].text.endswith("为下一年度资金安排提供了依据。")


def test_spaces_between_cjk_go_but_ascii_words_keep_theirs() -> None:
    texts = [p.text for p in paragraphs(read("prose.pdf"))]
    assert "资金使用坚持专款专用原则，实行项目化管理，全年未发现挤占挪用情况，年末结余资金按规定收回统筹使用。" in texts
    assert any("并通过 Smart Care 平台对补贴对象" in t for t in texts)


def test_numbered_item_reaching_the_margin_does_not_swallow_the_next() -> None:
    texts = [p.text for p in paragraphs(read("prose.pdf"))]
    assert "①享受居家养老服务补贴人数，指标值12000，全年实际完成值12436。" in texts
    assert "②新增养老机构床位数，指标值300，全年实际完成值268。" in texts


def test_blocks_carry_their_page_and_index() -> None:
    doc = read("prose.pdf")
    assert [b.index for b in doc.blocks] == list(range(len(doc.blocks)))
    assert doc.blocks[0].page == 1
    assert [p.page for p in paragraphs(doc)[-2:]] == [2, 2]


# --- tables ------------------------------------------------------------------------------------


def test_ruled_table_sits_between_paragraphs() -> None:
    doc = read("table.pdf")
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "Paragraph", "Table", "Paragraph"]
    assert doc.blocks[1].text == FIX.TABLE_BEFORE.expected  # type: ignore[union-attr]
    assert doc.blocks[3].text == FIX.TABLE_AFTER.expected  # type: ignore[union-attr]
    assert doc.blocks[2].page == 1


def test_table_merged_cells_appear_once_with_spans() -> None:
    table = tables(read("table.pdf"))[0]
    assert len(table.rows) == 8
    assert table.n_cols == 5
    assert [c.text for c in table.rows[0]] == ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值"]
    output = cell_at(table, 1, 0)
    assert (output.text, output.rowspan, output.colspan) == ("产出指标", 4, 1)
    assert (cell_at(table, 1, 1).text, cell_at(table, 1, 1).rowspan) == ("数量指标", 2)
    assert (cell_at(table, 3, 1).text, cell_at(table, 3, 1).rowspan) == ("质量指标", 2)
    funds = cell_at(table, 7, 0)
    assert (funds.text, funds.rowspan, funds.colspan) == ("资金执行", 1, 2)
    # Covered positions hold no cell.
    assert [c.col for c in table.rows[2]] == [2, 3, 4]
    assert [c.col for c in table.rows[7]] == [0, 2, 3, 4]
    assert [c.text for c in table.rows[7]] == ["资金执行", "全年执行数（万元）", "4827.36", "4511.08"]
    grid = table.grid()
    assert grid[3][0] is output and grid[4][0] is output


@pytest.mark.cjk_fonts  # table.pdf uses the non-embedded STSong-Light: pdfium places its glyphs with a system font
def test_cell_lines_join_without_separator_between_cjk() -> None:
    table = tables(read("table.pdf"))[0]
    assert cell_at(table, 1, 2).text == "享受居家养老服务补贴人数"
    assert cell_at(table, 4, 2).text == "Smart Care 平台服务工单办结率"
    assert cell_at(table, 6, 1).text == "服务对象满意度指标"


def test_table_text_is_not_repeated_in_paragraphs() -> None:
    prose = "".join(p.text for p in paragraphs(read("table.pdf")))
    for word in ("享受居家养老服务补贴人数", "一级指标", "4511.08", "96.4%"):
        assert word not in prose


def test_table_continued_on_next_page_is_one_table_without_repeated_header() -> None:
    doc = read("table_split.pdf")
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Table", "Paragraph", "Paragraph"]
    table = tables(doc)[0]
    assert len(table.rows) == 1 + len(FIX.SPLIT_ROWS)
    assert sum(c.text == "补助对象" for row in table.rows for c in row) == 1
    last = table.rows[-1]
    assert [c.text for c in last] == ["余杭街道第36社区", "352", "57.00"]
    assert [c.row for c in last] == [36, 36, 36]
    first_on_page_2 = table.rows[FIX.SPLIT_PAGE1 + 1]
    assert [c.text for c in first_on_page_2] == ["余杭街道第28社区", "296", "47.00"]


def test_merge_cut_by_page_break_continues_across_it() -> None:
    table = tables(read("table_split.pdf"))[0]
    middle = cell_at(table, 25, 0)
    assert (middle.text, middle.rowspan) == ("中片", 6)
    new_town = cell_at(table, 31, 0)
    assert (new_town.text, new_town.rowspan) == ("新城片", 6)


def test_row_cut_by_page_break_is_made_whole() -> None:
    table = tables(read("table_split.pdf"))[0]
    cut = table.rows[FIX.SPLIT_PAGE1]
    assert [c.text for c in cut] == ["余杭街道第27社区（含新建安置小区）", "289", "45.75"]
    assert all(c.rowspan == 1 for c in cut)


def test_split_table_drops_footer_and_keeps_pages() -> None:
    doc = read("table_split.pdf")
    text = doc.text()
    assert "第 1 页 共 2 页" not in text and "居家养老服务补贴发放明细" not in text
    assert [b.page for b in doc.blocks] == [1, 1, 2, 2]
    assert doc.blocks[2].text == FIX.SPLIT_AFTER.expected  # type: ignore[union-attr]


def test_far_apart_fields_keep_an_ideographic_space_between_them() -> None:
    last = read("table_split.pdf").blocks[-1]
    assert isinstance(last, Paragraph)
    assert last.text == "填报人：王晓燕\u3000联系电话：0571-8862XXXX"


def test_line_ending_short_before_a_long_number_continues() -> None:
    texts = [p.text for p in paragraphs(read("prose.pdf"))]
    assert texts[-1].startswith(
        "截至2024年12月31日，区级养老服务补助资金全年累计实际执行数为4511.08万元，执行率93.45%，"
    )


def test_permissions_only_encryption_still_reads() -> None:
    table = tables(read("permissions_only.pdf"))[0]
    assert cell_at(table, 1, 0).text == "产出指标"


def _part(page: int, edges: list[int], rows: list[list[tuple[int, int, int, str]]]) -> PageTable:
    cells = [[Cell(text, r, c, rs, 1) for c, r, rs, text in row] for row in rows]
    return PageTable(page, 100, 700, [float(e) for e in edges], cells)


def test_continuation_with_fewer_column_edges_maps_onto_the_first_part() -> None:
    first = _part(1, [0, 50, 100, 150], [[(0, 0, 1, "名称"), (1, 0, 1, "a"), (2, 0, 1, "b")]])
    nxt = _part(2, [0, 100, 150], [[(0, 0, 1, "合计"), (1, 0, 1, "9")]])
    rows = list(first.rows)
    append_continuation(rows, first, nxt)
    assert [(c.row, c.col, c.colspan, c.text) for c in rows[1]] == [(1, 0, 2, "合计"), (1, 2, 1, "9")]


def test_continuation_leading_empty_label_is_a_carried_merge_not_a_cut_row() -> None:
    edges = [0, 50, 100, 150, 200]
    first = _part(1, edges, [[(0, 0, 1, "产出指标"), (1, 0, 1, "成本指标"), (2, 0, 1, "人均标准"), (3, 0, 1, "89元")]])
    nxt = _part(2, edges, [[(0, 0, 1, ""), (1, 0, 1, ""), (2, 0, 1, "补助占比"), (3, 0, 1, "41.5%")]])
    rows = list(first.rows)
    append_continuation(rows, first, nxt)
    assert len(rows) == 2
    assert [(c.text, c.rowspan) for c in rows[0][:2]] == [("产出指标", 2), ("成本指标", 2)]
    assert [c.text for c in rows[1]] == ["补助占比", "41.5%"]


# --- errors ------------------------------------------------------------------------------------


def _error(name: str, data: bytes | None = None, limits: Limits | None = None) -> ReadError:
    path = DATA / name
    with pytest.raises(ReadError) as info:
        read_pdf(path, path.read_bytes() if data is None else data, limits or Limits())
    return info.value


def test_password_protected_pdf_is_encrypted() -> None:
    error = _error("encrypted.pdf")
    assert error.code == "encrypted"
    assert error.path.endswith("encrypted.pdf")


def test_scanned_pdf_has_no_text_layer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)  # the OCR extra not installed
    error = _error("scanned.pdf")
    assert error.code == "no_text_layer"
    assert "PDF 没有文字层（扫描件），需要 OCR" in error.detail
    assert "extractor[ocr]" in error.detail


def test_scanned_page_among_typed_ones_is_noted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)  # the OCR extra not installed
    doc = read("mixed_scanned.pdf")
    assert doc.pages == 2
    assert [p.text for p in paragraphs(doc)] == ["附件：扫描件见下页。"]
    assert [code for code, _ in doc.notes] == ["pdf_scanned_pages"]
    assert doc.notes[0][1].startswith("第2页没有文字层")


def test_corrupt_pdf() -> None:
    assert _error("corrupt.pdf").code == "corrupt_file"


def test_bytes_that_are_not_a_pdf() -> None:
    assert _error("fake.pdf", data=b"PK\x03\x04 this is a zip, not a pdf").code == "corrupt_file"


def test_too_many_pages() -> None:
    error = _error("prose.pdf", limits=Limits(max_pages=1))
    assert error.code == "too_many_pages"
    assert "2" in error.detail


# --- cost: pdfplumber only where ruled, pages closed, lazy imports ------------------------------------


def test_pdfplumber_not_used_on_pages_without_ruling(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("pdfplumber called on a page without ruling")

    monkeypatch.setattr(pdf_reader, "find_grids", forbidden)
    assert len(paragraphs(read("prose.pdf"))) == len(FIX.prose_expected())


def test_pdfplumber_pages_are_closed_one_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import pdfplumber.page

    events: list[tuple[str, int]] = []
    close, find_tables = pdfplumber.page.Page.close, pdfplumber.page.Page.find_tables

    def recording_close(self: Any) -> None:
        events.append(("close", self.page_number))
        close(self)

    def recording_find(self: Any, *args: Any, **kwargs: Any) -> Any:
        events.append(("find", self.page_number))
        return find_tables(self, *args, **kwargs)

    monkeypatch.setattr(pdfplumber.page.Page, "close", recording_close)
    monkeypatch.setattr(pdfplumber.page.Page, "find_tables", recording_find)
    read("table_split.pdf")
    assert events[:4] == [("find", 1), ("close", 1), ("find", 2), ("close", 2)]


def test_reader_imports_pdf_libraries_lazily() -> None:
    code = (
        "import sys, extractor.readers.pdf\n"
        "assert 'pypdfium2' not in sys.modules and 'pdfplumber' not in sys.modules, sorted(sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)


# --- helpers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["- 3 -", "—3—", "-12-", "3", "第3页", "第 3 页 共 5 页", "3/5", "3 / 12", "Page 3 of 5"]
)
def test_page_numbers(text: str) -> None:
    assert is_page_number(text)


@pytest.mark.parametrize("text", ["2024年", "一、基本情况", "3.5万元", "第三部分", "共计5项", "12436人"])
def test_not_page_numbers(text: str) -> None:
    assert not is_page_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "一、基本情况",
        "（一）资金",
        "(2)质量",
        "1.分配",
        "2、下达",
        "⒈产出",
        "⑴数量",
        "①享受",
        "目标1：",
        "一是资金",
        "3）时效",
    ],
)
def test_item_starts(text: str) -> None:
    assert starts_item(text)


@pytest.mark.parametrize("text", ["1.5万元，其中", "2024年度", "36万元", "是资金", "目的是"])
def test_not_item_starts(text: str) -> None:
    assert not starts_item(text)


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("6359.", "55万元", "6359.55万元"),
        ("全年预算数63", "59.55万元", "全年预算数6359.55万元"),
        ("通过 Smart", "Care 平台", "通过 Smart Care 平台"),
        ("资金管理", "办法", "资金管理办法"),
        ("完成值1722。", "下一步", "完成值1722。下一步"),
    ],
)
def test_join_wrapped(left: str, right: str, joined: str) -> None:
    assert join_wrapped(left, right) == joined


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("资 金 使 用 坚 持 专 款 专 用", "资金使用坚持专款专用"),
        ("预算数 6 359.55 万元", "预算数 6359.55 万元"),
        ("6 3 5 9 . 5 5 万 元", "6359.55万元"),
        ("Smart  Care 平台", "Smart Care 平台"),
        ("\u3000\u3000全年执行数", "全年执行数"),
    ],
)
def test_normalise_spaces(raw: str, clean: str) -> None:
    assert normalise_spaces(raw) == clean


def _page(number: int, texts: list[tuple[float, str]]) -> PageLines:
    lines = [Line(number, 90, 500, top, top + 12, text) for top, text in texts]
    return PageLines(number, 595, 842, lines)


def test_running_lines_repeat_with_changing_numbers_and_body_stays() -> None:
    pages = [
        _page(n, [(40, f"鄞州区{2020 + n}年度报告"), (100, "附件"), (400, f"正文第{n}段"), (790, f"{n}/3")])
        for n in (1, 2, 3)
    ]
    pages[1].lines.insert(1, Line(2, 90, 500, 60, 72, "仅此页页眉下的说明"))
    drop_running_lines(pages)
    assert [ln.text for ln in pages[0].lines] == ["正文第1段"]
    # Only lines at the page edge are running lines: one below a body line stays.
    assert [ln.text for ln in pages[1].lines] == ["仅此页页眉下的说明", "附件", "正文第2段"]


def test_single_page_keeps_unrepeated_margin_lines_but_drops_page_number() -> None:
    page = _page(1, [(40, "附件2"), (400, "正文"), (790, "- 1 -")])
    drop_running_lines([page])
    assert [ln.text for ln in page.lines] == ["附件2", "正文"]
