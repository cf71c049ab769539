"""自评表 drawn without ruling lines, header on page 1 and rows on page 2, cells wrapped.

The corpus documents b01-b04 (corpus/make/borderless.py, corpus/src/b0*.src) are read here for
their table structure; their goldens (test_corpus.py) check every extracted field. Small
synthetic pages check what must not become a table.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from documents import pdf_page

from extractor.document import Table
from extractor.pipeline import extract_file
from extractor.readers import read_document
from extractor.readers.pdf.borderless import find_borderless, words_of
from extractor.readers.pdf.borderless_rows import line_pitch
from extractor.readers.pdf.lines import PageLines
from extractor.readers.pdf.tables import PageTable

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
B01 = CORPUS / "b01_chunan_gonglu_borderless.pdf"  # reportlab, top-aligned, no rules
B02 = CORPUS / "b02_yiliang_yanglao_frame.pdf"  # reportlab, outer frame only, cells centred
B03 = CORPUS / "b03_liuyang_xueqian_borderless.pdf"  # LibreOffice, plain table style
B04 = CORPUS / "b04_liuyang_xueqian_row_cut.pdf"  # LibreOffice, a row cut by the page break


def _table(path: Path) -> Table:
    tables = [b for b in read_document(path).blocks if isinstance(b, Table)]
    assert len(tables) == 1
    return tables[0]


def _texts(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def test_header_on_page_one_rows_on_page_two_make_one_table() -> None:
    table = _table(B01)
    texts = _texts(table)
    assert table.page == 1 and table.merges_unknown
    assert texts[0] == ["一级指标", "二级指标", "三级指标", "年度指标值", "全年实际完成值", "分值", "得分",
                        "偏差原因分析及改进措施"]
    assert len(texts) == 11
    # Cells wrapped over two and three lines, joined; levels written once per group.
    assert texts[1] == ["产出指标", "数量指标", "县道及乡村道路日常养护里程", "≥1280公里", "1312公里", "10", "10", ""]
    assert texts[3][2:] == ["危旧桥梁改造座数", "12座", "9座", "10", "7.5",
                            "三座危旧桥梁因汛期河道水位偏高未能按期开工，已调整至2025年枯水期实施。"]
    assert texts[10][:3] == ["满意度指标", "服务对象满意度指标", "沿线群众对农村公路养护的满意度"]
    assert [c.glyphs is not None and c.glyphs.runs[0][0] for c in table.rows[1] if c.text] == [2] * 7


def test_a_frame_without_inner_rules_and_centred_cells() -> None:
    texts = _texts(_table(B02))
    assert texts[0] == ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "未完成原因"]
    assert len(texts) == 9
    assert texts[1] == ["产出指标", "数量指标", "城乡居民基础养老金按月足额发放人数", "≥8.6万人", "8.72万人", ""]
    assert texts[7] == ["效益指标", "可持续影响指标", "参保缴费档次结构", "逐步优化",
                        "中高档次缴费人数占比提高2.1个百分点", ""]


def test_top_aligned_rows_without_padding() -> None:
    texts = _texts(_table(B03))
    assert texts[0][-1] == "偏差原因分析及改进措施"
    assert [row[2] for row in texts[1:]] == [
        "普惠性幼儿园在园幼儿人数", "新建和改扩建公办幼儿园所数", "幼儿园专任教师持证上岗率",
        "生均公用经费补助资金拨付及时率", "公办幼儿园生均公用经费补助标准", "学前三年毛入园率",
        "普惠性幼儿园覆盖率", "幼儿家长满意度",
    ]
    assert texts[5][3:5] == ["≥600元/生/年", "600元/生/年"]


def test_a_row_cut_by_the_page_break_is_whole_again() -> None:
    table = _table(B04)
    assert _texts(table) == _texts(_table(B03))
    reason = table.rows[2][5]
    assert reason.text == "一所幼儿园因征地手续办理滞后推迟开工，已于2025年3月开工建设，预计年底前完工。"
    assert reason.glyphs is not None and [page for page, _ in reason.glyphs.runs] == [1, 2]


def test_borderless_tables_give_indicators_with_scores_and_reasons() -> None:
    record = extract_file(B01)
    assert len(record.indicators) == 10
    unmet = [i for i in record.indicators if i.met is False]
    assert [(i.name, str(i.score), i.deviation_reason is not None) for i in unmet] == [
        ("危旧桥梁改造座数", "7.5", True), ("沿线农村群众出行平均时间缩短", "8", False)]
    assert sorted(f.code for f in record.findings) == ["false_completion_claim", "unmet_without_reason"]


def test_ruled_tables_keep_their_path() -> None:
    table = _table(ROOT / "tests" / "data" / "pdf" / "table.pdf")
    assert not table.merges_unknown and table.rows[1][0].rowspan == 4


# --- synthetic pages ---------------------------------------------------------------------------


_page = pdf_page


def _found(pages: list[PageLines]) -> dict[int, list[PageTable]]:
    tables: dict[int, list[PageTable]] = {}
    find_borderless(pages, tables)
    return tables


def test_three_form_fields_on_a_line_are_no_table() -> None:
    page = _page([
        (100, [(90, "以上各项补贴均已足额发放到位，资金使用合规。")]),
        (130, [(90, "填报人：王晓燕"), (220, "审核人：李明"), (330, "联系电话：0571-8862")]),
        (160, [(90, "填报日期：2025年3月18日")]),
    ])
    assert _found([page]) == {}
    assert len(page.lines) == 3


def test_a_justified_prose_line_with_wide_gaps_starts_no_table() -> None:
    first = _page([
        (700, [(90, "全年实际完成值"), (170, "2025"), (210, "年底，指标值"), (290, "2025年9月。")]),
    ])
    second = _page([(80, [(90, "⑷成本指标")]), (110, [(90, "①社会保险补贴人均标准，指标值根据实际缴费")])], 2)
    assert _found([first, second]) == {}


def test_columns_come_from_the_gaps_no_word_covers() -> None:
    header = (100, [(90, "名称"), (200, "指标值"), (300, "完成值")])
    page = _page([
        header,
        (120, [(90, "受益人口数量"), (200, "≥500人"), (300, "512人")]),
        (135, [(90, "（常住）")]),
        (155, [(90, "覆盖率"), (200, "≥90%"), (300, "93%")]),
    ])
    tables = _found([page])
    (table,) = tables[1]
    assert [[c.text for c in row] for row in table.rows] == [
        ["名称", "指标值", "完成值"], ["受益人口数量（常住）", "≥500人", "512人"], ["覆盖率", "≥90%", "93%"]]
    assert 150 < table.col_edges[1] < 200 and 235 < table.col_edges[2] < 300
    assert page.lines == []


def test_words_split_at_gaps_and_bands() -> None:
    page = _page([(100, [(90, "产出指标"), (140, "12人")])])
    assert ["".join(c.text for c in w.chars) for w in words_of(page.lines[0])] == ["产出指标", "12人"]


@pytest.mark.parametrize(("steps", "pitch"), [([0, 13, 26, 46], 13.0), ([0, 20, 40], 20.0)])
def test_line_pitch_is_the_small_step_within_a_column(steps: list[float], pitch: float) -> None:
    page = _page([(100 + s, [(90, "甲乙")]) for s in steps])
    words = [w for line in page.lines for w in words_of(line)]
    assert line_pitch(words) == pytest.approx(pitch)
