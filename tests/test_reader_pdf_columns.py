"""PDF pages set in two columns of text, and tables without rules whose rows sit at the line pitch.

Pages are built from characters (10 pt CJK, 5 pt ASCII), as pdfium hands them: what is checked
is the reading order and the rows, not a particular producer.
"""

from __future__ import annotations

from documents import PageRow, pdf_page

from extractor.document import Document, Paragraph
from extractor.readers.pdf import _Builder
from extractor.readers.pdf.borderless import find_borderless
from extractor.readers.pdf.columns import FULL, LEFT, RIGHT
from extractor.readers.pdf.lines import PageLines
from extractor.readers.pdf.paragraphs import continues, page_geometry
from extractor.readers.pdf.tables import PageTable

Row = PageRow
_page = pdf_page


# Each column 21 characters wide (60-270 and 320-530); a sentence runs from the foot of the left
# column to the head of the right one.
LEFT_TEXT = ["（一）资金安排。全年预算数1048.60万元，", "其中省级补助资金520.00万元，县级财政",
             "资金528.60万元，主要用于高龄津贴发放。", "（二）资金执行情况。截至年底实际支出",
             "1031.27万元，其中省级补助资金支出520", ".00万元，县级财政资金支出511.27万元，"]
RIGHT_TEXT = ["预算执行率98.35%，结余资金为设备尾款", "。", "（三）绩效指标完成情况。发放高龄津贴",
              "人数：年度指标值≥9800人，实际完成", "10126人。", "服务对象满意度：年度指标值≥90%。"]


def _two_columns() -> PageLines:
    rows: list[Row] = [(60, [(200, "缙云县2018年度老年人福利补助资金绩效自评报告")])]
    for k in range(6):
        rows.append((100 + 18 * k, [(60, LEFT_TEXT[k]), (320, RIGHT_TEXT[k])]))
    rows.append((800, [(280, "第3页")]))
    return _page(rows)


def _paragraphs(pages: list[PageLines]) -> list[str]:
    doc = Document(path="memory.pdf", format="pdf")
    _Builder(doc, pages, page_geometry(pages)).build({})
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def test_two_columns_are_read_left_then_right() -> None:
    page = _two_columns()
    assert page.columns is not None and 270 < page.columns.gutter <= 320
    assert [line.column for line in page.lines] == [FULL, *[LEFT] * 6, *[RIGHT] * 6, FULL]
    assert page.lines[1].text == LEFT_TEXT[0] and page.lines[7].text == RIGHT_TEXT[0]


def test_a_sentence_runs_on_from_the_left_column_into_the_right() -> None:
    texts = _paragraphs([_two_columns()])
    assert "县级财政资金支出511.27万元，预算执行率98.35%，结余资金为设备尾款。" in texts[2]
    assert texts[1].startswith("（一）资金安排。") and texts[1].endswith("主要用于高龄津贴发放。")
    assert not any("\u3000" in text for text in texts)  # no line of one column joined to the other's


def test_a_table_whose_cells_stand_apart_is_not_two_columns() -> None:
    page = _page([(100 + 14 * k, [(60, "产出指标"), (200, "补助人数"), (330, f"≥{k}00人"), (450, f"{k}10人")])
                  for k in range(1, 8)])
    assert page.columns is None


def test_a_contents_line_reaching_the_margin_does_not_run_on() -> None:
    page = _page([(100, [(60, "一、基本情况……………………………………………………3")]),
                  (118, [(60, "二、绩效目标完成情况………………………………………………3")]),
                  (136, [(60, "缙云县2018年度老年人福利补助资金绩效自评报告")])])
    geometry = page_geometry([page])
    first, second, _ = page.lines
    assert not continues(first, second, geometry[(595, 842, FULL)], 1, None)


def _found(page: PageLines) -> list[PageTable]:
    tables: dict[int, list[PageTable]] = {}
    find_borderless([page], tables)
    return tables.get(1, [])


def test_rows_at_the_line_pitch_with_levels_written_once_are_rows() -> None:
    # Monospaced report output: every line one row, 一级/二级 only on a group's first row.
    pitch = 12.6
    lines = [
        [(60, "一级指标"), (130, "二级指标"), (200, "三级指标"), (360, "年度指标值"), (450, "实际完成值")],
        [(60, "产出指标"), (130, "数量指标"), (200, "生活补贴发放人数"), (360, "≥3200人"), (450, "3315人")],
        [(200, "护理补贴发放人数"), (360, "≥4100人"), (450, "4236人")],
        [(130, "质量指标"), (200, "补贴对象认定准确率"), (360, "≥98%"), (450, "99.2%")],
        [(60, "满意度指标"), (130, "满意度指标"), (200, "补贴对象满意度"), (360, "≥90%"), (450, "94.3%")],
    ]
    (table,) = _found(_page([(100 + pitch * k, pieces) for k, pieces in enumerate(lines)]))
    assert [[c.text for c in row] for row in table.rows] == [
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"],
        ["产出指标", "数量指标", "生活补贴发放人数", "≥3200人", "3315人"],
        ["", "", "护理补贴发放人数", "≥4100人", "4236人"],
        ["", "质量指标", "补贴对象认定准确率", "≥98%", "99.2%"],
        ["满意度指标", "满意度指标", "补贴对象满意度", "≥90%", "94.3%"],
    ]


def test_row_labels_under_no_header_cell_are_a_column_of_their_own() -> None:
    lines = [
        [(200, "全年预算数"), (300, "全年执行数"), (400, "执行率")],
        [(60, "年度资金总额"), (200, "1236.84"), (300, "1221.77"), (400, "98.78%")],
        [(60, "其中：中央财政资金"), (200, "612.00"), (300, "612.00"), (400, "100.00%")],
        [(60, "县级资金"), (200, "236.44"), (300, "221.37"), (400, "93.63%")],
    ]
    (table,) = _found(_page([(100 + 12.6 * k, pieces) for k, pieces in enumerate(lines)]))
    assert [[c.text for c in row] for row in table.rows] == [
        ["", "全年预算数", "全年执行数", "执行率"],
        ["年度资金总额", "1236.84", "1221.77", "98.78%"],
        ["其中：中央财政资金", "612.00", "612.00", "100.00%"],
        ["县级资金", "236.44", "221.37", "93.63%"],
    ]
