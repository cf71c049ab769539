"""The plain-text reader: encodings, line ends, and tab/pipe tables among paragraphs."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from extractor.document import Document, Paragraph, Table
from extractor.errors import ReadError
from extractor.readers import read_document
from extractor.readers.text import blocks_from_text, decode_text

DATA = Path(__file__).parent / "data" / "text"

REPORT_PARAGRAPHS_BEFORE = [
    "青溪县农村饮水安全维修养护资金2024年度绩效自评报告",
    "一、基本情况",
    "2024年度青溪县农村饮水安全维修养护资金全年预算数842.60万元，全年执行数815.32万元，预算执行率96.76%。",
    "二、绩效指标完成情况",
]
REPORT_TABLE = [
    ["一级指标", "二级指标", "三级指标", "指标值", "全年实际完成值", "未完成原因和改进措施"],
    ["产出指标", "数量指标", "维修养护供水工程处数", "≥120处", "126处", ""],
    ["", "", "更换老旧管网长度", "≥35公里", "33.5公里", "部分路段征地未完成，顺延至次年"],
    ["", "质量指标", "水质检测合格率", "≥95%", "97.2%", ""],
    ["满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", "93%", ""],
]
REPORT_PARAGRAPHS_AFTER = ["三、下一步改进措施", "加快管网改造进度，完善运行管护机制。"]


def cell_texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table.rows]


def paragraphs(document: Document) -> list[str]:
    return [block.text for block in document.blocks if isinstance(block, Paragraph)]


def tables(document: Document) -> list[Table]:
    return [block for block in document.blocks if isinstance(block, Table)]


@pytest.mark.parametrize(
    "name",
    ["report_utf8.txt", "report_utf8_bom_crlf.txt", "report_gbk_crlf.txt", "report_utf16.txt"],
)
def test_every_encoding_gives_the_same_blocks(name: str) -> None:
    document = read_document(DATA / name)

    assert document.format == "text"
    assert document.notes == []
    kinds = [type(block).__name__ for block in document.blocks]
    assert kinds == ["Paragraph"] * 4 + ["Table"] + ["Paragraph"] * 2
    assert paragraphs(document) == REPORT_PARAGRAPHS_BEFORE + REPORT_PARAGRAPHS_AFTER
    (table,) = tables(document)
    assert cell_texts(table) == REPORT_TABLE
    assert table.merges_unknown is True
    assert [block.index for block in document.blocks] == list(range(7))


def test_no_bom_or_carriage_return_survives() -> None:
    text = read_document(DATA / "report_utf8_bom_crlf.txt").text()

    assert "\ufeff" not in text
    assert "\r" not in text


def test_table_cells_carry_grid_positions() -> None:
    (table,) = tables(read_document(DATA / "report_gbk_crlf.txt"))

    third_row = table.rows[2]
    assert [(cell.row, cell.col, cell.rowspan, cell.colspan) for cell in third_row] == [
        (2, c, 1, 1) for c in range(6)
    ]
    assert table.n_cols == 6


def test_pipe_tables_with_and_without_outer_pipes() -> None:
    document = read_document(DATA / "pipe_tables.txt")

    kinds = [type(block).__name__ for block in document.blocks]
    assert kinds == ["Paragraph", "Table", "Paragraph", "Table", "Paragraph"]
    framed, bare = tables(document)
    assert cell_texts(framed) == [
        ["资金来源", "全年预算数", "全年执行数"],
        ["中央财政资金", "500.00", "488.10"],
        ["县级资金", "", "127.22"],
    ]
    assert cell_texts(bare) == [["项目", "金额", "备注"], ["合计", "842.60", ""]]
    assert paragraphs(document) == [
        "资金来源情况如下：",
        "以下为竖线分隔但无外框的表：",
        "说明：以上金额单位为万元。",
    ]


def test_gb18030_only_characters_decode(tmp_path: Path) -> None:
    path = tmp_path / "rare.txt"
    path.write_bytes("𠀾水库除险加固：已完成。\n".encode("gb18030"))

    assert paragraphs(read_document(path)) == ["𠀾水库除险加固：已完成。"]


def test_bare_carriage_returns_split_lines(tmp_path: Path) -> None:
    path = tmp_path / "mac.txt"
    path.write_bytes("第一行\r第二行\r\r第三行".encode())

    assert paragraphs(read_document(path)) == ["第一行", "第二行", "第三行"]


def test_header_row_with_fewer_cells_is_kept_as_is() -> None:
    text = (
        "资金投入情况\t全年预算数\n年度资金总额\t842.60\t815.32\t96.76%\n其中：中央\t500.00\t488.10\t97.62%\n"
    )

    (table,) = blocks_from_text(text)

    assert isinstance(table, Table)
    assert cell_texts(table) == [
        ["资金投入情况", "全年预算数"],
        ["年度资金总额", "842.60", "815.32", "96.76%"],
        ["其中：中央", "500.00", "488.10", "97.62%"],
    ]


def test_two_cell_rows_form_a_table_only_in_a_run() -> None:
    blocks = blocks_from_text("项目名称\t农村饮水\n\n主管部门\t县水务局\n实施单位\t县供水中心\n")

    assert isinstance(blocks[0], Paragraph)
    assert blocks[0].text == "项目名称\t农村饮水"
    assert isinstance(blocks[1], Table)
    assert cell_texts(blocks[1]) == [["主管部门", "县水务局"], ["实施单位", "县供水中心"]]


def test_indenting_tabs_are_prose() -> None:
    blocks = blocks_from_text("\t一、基本情况\n\t本年度资金全部到位。\n")

    assert [type(block) for block in blocks] == [Paragraph, Paragraph]
    assert [block.text for block in blocks if isinstance(block, Paragraph)] == [
        "一、基本情况",
        "本年度资金全部到位。",
    ]


def test_sparse_rows_continue_a_table_but_never_start_one() -> None:
    blocks = blocks_from_text("\t\t续：资金\n指标\t目标\t完成\n\t\t（续）\n")

    assert isinstance(blocks[0], Paragraph)
    assert blocks[0].text == "续：资金"
    assert isinstance(blocks[1], Table)
    assert cell_texts(blocks[1]) == [["指标", "目标", "完成"], ["", "", "（续）"]]


def test_a_single_pipe_in_prose_needs_company() -> None:
    blocks = blocks_from_text("说明：A | B 两类工程均已完工。\n")

    assert [block.text for block in blocks if isinstance(block, Paragraph)] == [
        "说明：A | B 两类工程均已完工。"
    ]


def test_separator_change_splits_tables() -> None:
    blocks = blocks_from_text("a\tb\tc\n1\t2\t3\n| x | y |\n| 7 | 8 |\n")

    assert [cell_texts(block) for block in blocks if isinstance(block, Table)] == [
        [["a", "b", "c"], ["1", "2", "3"]],
        [["x", "y"], ["7", "8"]],
    ]


def test_random_bytes_are_not_text(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(random.Random(20240601).randbytes(4096))

    with pytest.raises(ReadError) as caught:
        read_document(path)

    assert caught.value.code == "unreadable_encoding"
    assert caught.value.path == str(path)


def test_text_with_nul_bytes_is_binary() -> None:
    assert decode_text(b"abc\x00\x00def") is None
    assert decode_text("正常文本\t含制表符\x0c".encode()) == "正常文本\t含制表符\x0c"


def test_an_amount_wrapped_over_two_lines_is_one_paragraph() -> None:
    blocks = blocks_from_text("全年执行数1,002.\n75万元，执行率92.30%。\n预算数6359.55\n万元。\n第1\n2、下一项\n")
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == [
        "全年执行数1,002.75万元，执行率92.30%。", "预算数6359.55万元。", "第1", "2、下一项"]
