"""Generate the text and DOCX reader fixtures under tests/data/text and tests/data/docx.

Run from the repository root: `.venv/bin/python tests/data/make_fixtures.py`. The outputs are
committed, so the tests need neither this script nor msoffcrypto-tool (used only for the encrypted
fixture). All content is invented for these fixtures.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.table import Table

HERE = Path(__file__).resolve().parent
TEXT_DIR = HERE / "text"
DOCX_DIR = HERE / "docx"

REPORT_TEXT = """青溪县农村饮水安全维修养护资金2024年度绩效自评报告

一、基本情况
2024年度青溪县农村饮水安全维修养护资金全年预算数842.60万元，全年执行数815.32万元，预算执行率96.76%。

二、绩效指标完成情况
一级指标\t二级指标\t三级指标\t指标值\t全年实际完成值\t未完成原因和改进措施
产出指标\t数量指标\t维修养护供水工程处数\t≥120处\t126处\t
\t\t更换老旧管网长度\t≥35公里\t33.5公里\t部分路段征地未完成，顺延至次年
\t质量指标\t水质检测合格率\t≥95%\t97.2%\t
满意度指标\t服务对象满意度指标\t受益群众满意度\t≥90%\t93%\t

三、下一步改进措施
加快管网改造进度，完善运行管护机制。
"""

PIPE_TABLES_TEXT = """资金来源情况如下：
| 资金来源 | 全年预算数 | 全年执行数 |
|---|---|---|
| 中央财政资金 | 500.00 | 488.10 |
| 县级资金 |  | 127.22 |
以下为竖线分隔但无外框的表：
项目 | 金额 | 备注
合计 | 842.60 |
说明：以上金额单位为万元。
"""


def write_text_fixtures() -> None:
    TEXT_DIR.mkdir(parents=True, exist_ok=True)
    (TEXT_DIR / "report_utf8.txt").write_bytes(REPORT_TEXT.encode("utf-8"))
    crlf = REPORT_TEXT.replace("\n", "\r\n")
    (TEXT_DIR / "report_utf8_bom_crlf.txt").write_bytes(b"\xef\xbb\xbf" + crlf.encode("utf-8"))
    (TEXT_DIR / "report_gbk_crlf.txt").write_bytes(crlf.encode("gbk"))
    (TEXT_DIR / "report_utf16.txt").write_bytes(REPORT_TEXT.encode("utf-16"))
    (TEXT_DIR / "pipe_tables.txt").write_bytes(PIPE_TABLES_TEXT.encode("utf-8"))


def _fill(table: Table, rows: list[list[str]]) -> None:
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value:
                table.cell(r, c).text = value


def make_order_docx(path: Path) -> None:
    """Paragraphs around a table with a horizontal and a vertical merge; tabs, breaks and a hyperlink."""
    doc = Document()
    doc.add_paragraph("青溪县农村饮水安全维修养护资金2024年度绩效自评表")
    doc.add_paragraph("单位：万元")
    table = doc.add_table(rows=4, cols=4)
    table.cell(0, 0).merge(table.cell(0, 3))
    table.cell(1, 0).merge(table.cell(3, 0))
    _fill(
        table,
        [
            ["资金投入情况", "", "", ""],
            ["年度资金总额", "全年预算数", "全年执行数", "执行率"],
            ["", "842.60", "815.32", "96.76%"],
            ["", "其中：中央财政资金", "500.00", "488.10"],
        ],
    )
    paragraph = doc.add_paragraph("填报单位")
    paragraph._p.append(parse_xml(f"<w:r {nsdecls('w')}><w:tab/><w:t>青溪县水务局</w:t></w:r>"))
    breaks = doc.add_paragraph("年度总目标：")
    breaks._p.append(parse_xml(f"<w:r {nsdecls('w')}><w:t>完成120处</w:t><w:br/><w:t>维修养护</w:t></w:r>"))
    link = doc.add_paragraph("详见")
    link._p.append(
        parse_xml(
            f'<w:hyperlink {nsdecls("w", "r")} r:id="rIdNone">'
            "<w:r><w:t>县政府网站公开栏目</w:t></w:r></w:hyperlink>"
        )
    )
    doc.add_paragraph("")
    doc.add_paragraph("填报日期：2025年2月18日")
    doc.save(str(path))


INDICATOR_GROUPS: list[tuple[str, list[tuple[str, int]]]] = [
    ("产出指标", [("数量指标", 13), ("质量指标", 8), ("时效指标", 5)]),
    ("成本指标", [("经济成本指标", 3)]),
    ("效益指标", [("社会效益指标", 5), ("可持续影响指标", 2)]),
    ("满意度指标", [("服务对象满意度指标", 2)]),
]
HEADER = [
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
]


def _indicator_rows() -> list[list[str]]:
    rows: list[list[str]] = []
    n = 0
    for level1, level2s in INDICATOR_GROUPS:
        for level2, count in level2s:
            for _ in range(count):
                n += 1
                target = 100 + 7 * n
                actual = target + (n % 5) - 2
                reason = f"受汛期影响第{n}项延后实施" if actual < target else ""
                rows.append(
                    [
                        level1,
                        level2,
                        f"第{n}项维护工程完成量",
                        f"≥{target}处",
                        f"{actual}处",
                        "2",
                        "2",
                        reason,
                    ]
                )
    return rows


def make_merged_report_docx(path: Path) -> None:
    """A report with an 8-column, 40-row indicator table whose level columns are merged (the benchmark)."""
    doc = Document()
    doc.add_paragraph("附件2")
    doc.add_paragraph("青溪县农村饮水安全维修养护资金2024年度项目支出绩效自评表")
    for i in range(1, 6):
        doc.add_paragraph(f"（{i}）第{i}部分说明：本年度按计划推进维修养护工作，资金拨付及时，管理规范。")
    body = _indicator_rows()
    table = doc.add_table(rows=1 + len(body) + 1, cols=8)
    table.style = "Table Grid"
    _fill(table, [HEADER])
    for r, values in enumerate(body, start=1):
        for c in range(2, 8):
            if values[c]:
                table.cell(r, c).text = values[c]
    _merge_level_column(table, [row[0] for row in body], col=0)
    _merge_level_column(table, [row[1] for row in body], col=1)
    last = len(body) + 1
    total = table.cell(last, 0).merge(table.cell(last, 4))
    total.text = "总分"
    table.cell(last, 5).text = "100"
    table.cell(last, 6).text = "96"
    doc.add_paragraph("自评结论：该项目绩效目标基本完成，自评等级为优。")
    doc.save(str(path))


def _merge_level_column(table: Table, values: list[str], col: int) -> None:
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            merged = table.cell(start + 1, col).merge(table.cell(i, col)) if i - 1 > start else None
            (merged or table.cell(start + 1, col)).text = values[start]
            start = i


def make_nested_docx(path: Path) -> None:
    """A cell holding a paragraph and a nested 2x2 table."""
    doc = Document()
    doc.add_paragraph("资金分配明细")
    table = doc.add_table(rows=2, cols=2)
    _fill(table, [["项目", "分配情况"], ["维修养护", ""]])
    cell = table.cell(1, 1)
    cell.text = "按乡镇分配："
    nested = cell.add_table(rows=2, cols=2)
    _fill(nested, [["城关镇", "210.40"], ["河西乡", "96.75"]])
    doc.add_paragraph("以上分配经县政府常务会议研究确定。")
    doc.save(str(path))


TEXT_BOX_RUN = """<w:r {ns}>
  <mc:AlternateContent>
    <mc:Choice Requires="wps">
      <w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>
        <w:txbxContent><w:p><w:r><w:t>文本框：单位公章</w:t></w:r></w:p></w:txbxContent>
      </wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>
    </mc:Choice>
    <mc:Fallback>
      <w:pict><v:shape><v:textbox>
        <w:txbxContent><w:p><w:r><w:t>文本框：单位公章</w:t></w:r></w:p></w:txbxContent>
      </v:textbox></v:shape></w:pict>
    </mc:Fallback>
  </mc:AlternateContent>
</w:r>"""

NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def make_revisions_docx(path: Path) -> None:
    """Tracked insertions and deletions, content controls (inline, block and row) and a text box."""
    doc = Document()
    tracked = doc.add_paragraph("资金")
    tracked._p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="1" w:author="审核" w:date="2025-01-05T00:00:00Z">'
            "<w:r><w:t>已全部</w:t></w:r></w:ins>"
        )
    )
    tracked._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="2" w:author="审核" w:date="2025-01-05T00:00:00Z">'
            "<w:r><w:delText>尚未</w:delText></w:r></w:del>"
        )
    )
    tracked._p.append(parse_xml(f"<w:r {nsdecls('w')}><w:t>拨付到位。</w:t></w:r>"))
    inline = doc.add_paragraph("填报人：")
    inline._p.append(
        parse_xml(
            f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="姓名"/></w:sdtPr>'
            "<w:sdtContent><w:r><w:t>李明远</w:t></w:r></w:sdtContent></w:sdt>"
        )
    )
    block = parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent>"
        "<w:p><w:r><w:t>控件中的段落：项目已通过竣工验收。</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    doc.element.body.insert(len(doc.element.body) - 1, block)
    boxed = doc.add_paragraph("落款")
    boxed._p.append(parse_xml(TEXT_BOX_RUN.format(ns=NAMESPACES)))
    table = doc.add_table(rows=2, cols=2)
    _fill(table, [["指标", "完成值"], ["处数", "126处"]])
    second_row = table.rows[1]._tr
    row_control = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent/></w:sdt>")
    second_row.addprevious(row_control)
    row_control[1].append(second_row)
    doc.add_paragraph("报告结束。")
    doc.save(str(path))


def make_encrypted_docx(plain: Path, path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    with plain.open("rb") as source:
        encrypted = io.BytesIO()
        office_file: Any = OOXMLFile(source)
        office_file.encrypt("qingxi2024", encrypted)
    path.write_bytes(encrypted.getvalue())


def write_docx_fixtures() -> None:
    DOCX_DIR.mkdir(parents=True, exist_ok=True)
    make_order_docx(DOCX_DIR / "order.docx")
    make_merged_report_docx(DOCX_DIR / "merged_report.docx")
    make_nested_docx(DOCX_DIR / "nested.docx")
    make_revisions_docx(DOCX_DIR / "revisions.docx")
    make_encrypted_docx(DOCX_DIR / "order.docx", DOCX_DIR / "encrypted.docx")


if __name__ == "__main__":
    write_text_fixtures()
    write_docx_fixtures()
