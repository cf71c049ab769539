"""The HTML reader: charset, the report without the portal around it, tables with spans, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.document import Paragraph, Table
from extractor.errors import ReadError
from extractor.readers import read_document

ROOT = Path(__file__).resolve().parents[1]
PORTAL = ROOT / "corpus" / "h01_pingli_jiuye_portal.html"


def write(tmp_path: Path, body: str, encoding: str = "utf-8", name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_bytes(body.encode(encoding))
    return path


def paragraphs(path: Path) -> list[str]:
    return [b.text for b in read_document(path).blocks if isinstance(b, Paragraph)]


def test_portal_page_keeps_the_report_only() -> None:
    document = read_document(PORTAL)
    assert document.format == "html"
    text = document.text()
    assert document.blocks[0] == Paragraph("平利县2024年度就业补助资金绩效自评报告", 0)
    for clutter in ("首页", "当前位置", "栏目导航", "发布时间", "分享到", "相关文章", "主办单位", "doZoom", "搜索"):
        assert clutter not in text
    assert "自评结果在县政府网站公开" in text
    # A source line break between Chinese characters is not a space in the text.
    assert "职业技能培训补贴、公益性岗位补贴" in text


def test_portal_table_spans_are_expanded() -> None:
    table = next(b for b in read_document(PORTAL).blocks if isinstance(b, Table))
    grid = table.grid()
    assert len(table.rows) == 7 and table.n_cols == 6
    output = grid[1][0]
    assert output is not None and (output.text, output.rowspan) == ("产出指标", 4)
    assert grid[4][0] is output and grid[2][1] is grid[1][1]
    assert [c.col for c in table.rows[2]] == [2, 3, 4, 5]  # the covered positions hold no cell
    assert [c.text for c in table.rows[3]] == ["质量指标", "培训后取得证书人员比例", "≥80%", "86.5%", ""]


@pytest.mark.parametrize(("encoding", "head"), [
    ("gb18030", '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'),
    ("gbk", '<meta charset="GBK">'),
    ("utf-8", '<meta charset="utf-8">'),
    ("gb18030", ""),  # undeclared: detected
])
def test_charsets(tmp_path: Path, encoding: str, head: str) -> None:
    page = f"<html><head>{head}</head><body><p>资金全年预算数６３５９．５５万元。</p></body></html>"
    assert paragraphs(write(tmp_path, page, encoding)) == ["资金全年预算数６３５９．５５万元。"]


def test_declared_charset_that_lies_falls_back_to_detection(tmp_path: Path) -> None:
    page = '<html><head><meta charset="utf-8"></head><body><p>绩效自评报告</p></body></html>'
    assert paragraphs(write(tmp_path, page, "gb18030")) == ["绩效自评报告"]


def test_bom_wins(tmp_path: Path) -> None:
    path = tmp_path / "bom.html"
    path.write_bytes(b"\xef\xbb\xbf" + '<html><head><meta charset="gbk"></head><body><p>报告</p></body></html>'
                     .encode())
    assert paragraphs(path) == ["报告"]


def test_br_and_blocks_end_paragraphs(tmp_path: Path) -> None:
    page = ("<html><body><div class='content'>一、基本情况<br>资金<b>全年</b>预算数100万元。<br/><br/>"
            "<p>　　二、绩效目标</p><script>var x = '脚本';</script><style>p{}</style></div></body></html>")
    assert paragraphs(write(tmp_path, page)) == ["一、基本情况", "资金全年预算数100万元。", "二、绩效目标"]


def test_colspan_and_ragged_rows(tmp_path: Path) -> None:
    page = ("<table><tr><th colspan='3'>资金投入情况（万元）</th></tr>"
            "<tr><td rowspan='2'>a</td><td>b</td><td>c</td></tr><tr><td>d</td></tr></table>")
    table = read_document(write(tmp_path, page)).blocks[0]
    assert isinstance(table, Table)
    assert [(c.text, c.row, c.col, c.rowspan, c.colspan) for row in table.rows for c in row] == [
        ("资金投入情况（万元）", 0, 0, 1, 3), ("a", 1, 0, 2, 1), ("b", 1, 1, 1, 1), ("c", 1, 2, 1, 1),
        ("d", 2, 1, 1, 1)]


def test_layout_table_page_finds_the_content_cell(tmp_path: Path) -> None:
    links = "".join(f"<a href='/{i}.html'>栏目{i}</a><br>" for i in range(8))
    report = "".join(f"<p>第{i}段：资金执行情况良好，各项指标均按计划完成，群众满意度较高。</p>" for i in range(6))
    page = (f"<html><body><table><tr><td>{links}</td><td><table><tr><td>{report}</td></tr></table></td></tr>"
            "</table><p>版权所有</p></body></html>")
    texts = paragraphs(write(tmp_path, page))
    assert texts == [f"第{i}段：资金执行情况良好，各项指标均按计划完成，群众满意度较高。" for i in range(6)]


def test_page_without_content(tmp_path: Path) -> None:
    page = "<html><body><nav><a href='/'>首页</a></nav><footer>版权所有</footer><script>x()</script></body></html>"
    with pytest.raises(ReadError) as caught:
        read_document(write(tmp_path, page))
    assert caught.value.code == "empty_file" and "没有找到正文" in caught.value.detail


def test_page_with_only_attachment_links_names_them(tmp_path: Path) -> None:
    page = ("<html><body><div class='content'><a href='/files/zp2024.docx'>2024年度绩效自评报告.docx</a>"
            "</div></body></html>")
    with pytest.raises(ReadError) as caught:
        read_document(write(tmp_path, page))
    assert caught.value.code == "empty_file"
    assert "2024年度绩效自评报告.docx" in caught.value.detail


def test_undecodable_page(tmp_path: Path) -> None:
    path = tmp_path / "bad.html"
    path.write_bytes(b"<html><body>" + bytes(range(128, 256)) * 8 + b"</body></html>")
    with pytest.raises(ReadError) as caught:
        read_document(path)
    assert caught.value.code in {"unreadable_encoding", "unsupported_format"}


NESTED = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>
<table width="980"><tr><td><b>&nbsp;某县民政局</b></td></tr>
<tr><td><table><tr>
  <td width="200"><table><tr><td><a href="a">栏目一</a></td></tr><tr><td><a href="b">栏目二</a></td></tr></table></td>
  <td width="780"><table>
    <tr><td align="center"><font size="4"><b>某县2024年度养老服务补助资金绩效自评报告</b></font><br>
      发布日期：2025-03-06</td></tr>
    <tr><td>&nbsp;&nbsp;全年预算100.00万元，全年执行90.00万元，执行率90.00%，详见下表。
      <table border="1">
        <tr><td colspan="4">养老服务补助资金绩效自评表</td></tr>
        <tr><td colspan="2">项目名称</td><td colspan="2">&nbsp;养老服务补助资金</td></tr>
        <tr><td colspan="4"><table border="1">
          <tr><td>资金来源</td><td>全年预算数<br>（万元）</td><td>全年执行数<br>（万元）</td><td>执行率</td></tr>
          <tr><td>&nbsp;年度资金总额</td><td>100.00&nbsp;</td><td>90.00&nbsp;</td><td>90.00%</td></tr>
        </table></td></tr>
        <tr><td>一级<br>指标</td><td>二级<br>指标</td><td>三级指标</td><td>指标值</td><td>实际<br>完成值</td></tr>
        <tr><td>产出<br>指标</td><td>数量指标</td><td>&nbsp;助餐服务<br>人次</td><td>≥1500人次</td><td>&nbsp;1638人次&nbsp;</td></tr>
      </table>
    </td></tr>
  </table></td>
</tr></table></td></tr></table></body></html>"""


def test_a_data_table_nesting_its_funds_block_is_read_as_tables(tmp_path: Path) -> None:
    from extractor.pipeline import extract_file

    path = write(tmp_path, NESTED, encoding="gb2312")
    tables = [b for b in read_document(path).blocks if isinstance(b, Table)]
    assert [[c.text for c in row] for row in tables[1].rows][1] == ["年度资金总额", "100.00", "90.00", "90.00%"]
    assert [c.text for c in tables[2].rows[1]][2] == "助餐服务\n人次"
    record = extract_file(path)
    assert record.report.title == "某县2024年度养老服务补助资金绩效自评报告"  # bold, outside the content cell
    assert record.report.fund_name == "养老服务补助资金"
    assert [(i.level1, i.level2, str(i.actual.number)) for i in record.indicators] == [("产出指标", "数量指标", "1638")]


def _cells(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


GRID_BY_NAMES = """<html><body><div class="content">
<p>某县2025年度养老服务补助资金全年预算100.00万元，全年执行90.00万元。</p>
<div class="grid">
 <div class="g-row g-head"><div class="g-cell">一级指标</div><div class="g-cell">二级指标</div>
  <div class="g-cell">三级指标</div><div class="g-cell">年度指标值</div><div class="g-cell">实际完成值</div></div>
 <div class="g-row"><div class="g-cell">产出指标</div><div class="g-cell">数量指标</div>
  <div class="g-cell">助餐服务人次</div><div class="g-cell">≥4.5万人次</div><div class="g-cell">4.82万人次</div></div>
 <div class="g-row"><div class="g-cell"></div><div class="g-cell"></div>
  <div class="g-cell">上门服务人数</div><div class="g-cell">≥800人</div><div class="g-cell">836人</div></div>
</div></div></body></html>"""

GRID_BY_STYLESHEET = """<html><head><style>.fund .line { display: grid; grid-template-columns: 1fr 1fr 1fr; }</style>
</head><body><div class="fund">
<div class="line"><span>资金来源</span><span>全年预算数（万元）</span><span>全年执行数（万元）</span></div>
<div class="line"><span>合计</span><span>100.00</span><span>90.00</span></div>
<div class="line"><span style="grid-column: span 3">注：本表金额单位为万元。</span></div></div>
<div class="row"><div class="col-md-8"><p>正文一段。</p><p>正文二段。</p></div>
<div class="col-md-4"><p>侧栏</p></div></div>
</body></html>"""


def test_a_grid_of_divs_is_read_as_a_table(tmp_path: Path) -> None:
    from extractor.pipeline import extract_file

    path = write(tmp_path, GRID_BY_NAMES)
    tables = [b for b in read_document(path).blocks if isinstance(b, Table)]
    assert len(tables) == 1 and _cells(tables[0])[0][:3] == ["一级指标", "二级指标", "三级指标"]  # "g-head" is kept
    record = extract_file(path)
    assert [(i.level1, i.level2, i.name, str(i.actual.number)) for i in record.indicators] == [
        ("产出指标", "数量指标", "助餐服务人次", "4.82"), ("产出指标", "数量指标", "上门服务人数", "836")]


def test_rows_a_stylesheet_displays_as_grid_are_a_table_and_page_columns_are_not(tmp_path: Path) -> None:
    blocks = read_document(write(tmp_path, GRID_BY_STYLESHEET)).blocks
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 1
    assert _cells(tables[0]) == [["资金来源", "全年预算数（万元）", "全年执行数（万元）"], ["合计", "100.00", "90.00"],
                                 ["注：本表金额单位为万元。"]]
    assert tables[0].rows[2][0].colspan == 3
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == ["正文一段。", "正文二段。", "侧栏"]
