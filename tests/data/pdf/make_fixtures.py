"""Generate the small PDFs the PDF reader tests read.

Run with the project venv (needs reportlab and pillow, test-only tools, and fonts-noto-cjk to
render the scanned copy):
    .venv/bin/python tests/data/pdf/make_fixtures.py
The outputs are committed so tests need neither. The texts below are also what the tests
expect the reader to rebuild, so a paragraph here is one paragraph there.
"""

from __future__ import annotations

import io
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FONT = "STSong-Light"
PAGE_W, PAGE_H = 595.0, 842.0
LEFT, RIGHT = 90.0, 505.0
BODY_TOP, BODY_BOTTOM = 752.0, 96.0
SIZE = 12.0
PITCH = 21.0

NO_LINE_START = "，。、；：！？）》」』”’%％"
PROSE_HEADER = "余杭区2024年度养老服务补助资金绩效自评报告"


@dataclass(frozen=True)
class Para:
    """A paragraph to lay out. `|` in the text forces a line break (the reader must undo it)."""

    text: str
    indent: bool = True
    centred: bool = False
    size: float = SIZE
    # Justify the last line too, so it reaches the right margin like a full line.
    justify_last: bool = False
    # Draw the text with a space between every character (justified text as some exporters write it).
    spaced: bool = False
    # Left-aligned: lines end where the last whole word fits, short of the margin.
    ragged: bool = False
    # Closing punctuation that does not fit moves down with the character before it (as
    # LibreOffice lays out Chinese) instead of hanging past the margin.
    push_down: bool = False
    gap_before: float = 0.0

    @property
    def expected(self) -> str:
        return self.text.replace("|", "")


PROSE: list[Para] = [
    Para("余杭区2024年度养老服务补助资金", indent=False, centred=True, size=16),
    Para("绩效自评报告", indent=False, centred=True, size=16, gap_before=4),
    Para("一、基本情况", indent=False, gap_before=10),
    Para(
        "2024年度余杭区养老服务补助资金全年预算总额4827.|36万元，其中中央财政资金1500万元、省级财政资金"
        "1210.4万元、区级财政资金2116.96万元，主要用于居家养老服务补贴、养老机构运营补助和养老护理员"
        "岗位补贴等支出。"
    ),
    Para(
        "区民政局会同区财政局按照资金管理办法，及时将资金分解下达至各镇街，并通过 Smart Care 平台"
        "对补贴对象实行动态管理，确保资金拨付与服务记录一一对应。"
    ),
    Para(
        "资金使用坚持专款专用原则，实行项目化管理，全年未发现挤占挪用情况，年末结余资金按规定收回统筹使用。",
        spaced=True,
    ),
    Para("二、绩效目标完成情况", indent=False, gap_before=10),
    Para("（一）数量指标", indent=False),
    Para("①享受居家养老服务补贴人数，指标值12000，全年实际完成值12436。", indent=False, justify_last=True),
    Para("②新增养老机构床位数，指标值300，全年实际完成值268。", indent=False),
    Para(
        "全年累计开展养老护理员技能培训42期，培训护理员1863人次，较上年增长百分之十四，护理员持证上岗"
        "率达到百分之九十六以上，服务质量明显提升，老年人及其家属对养老服务的满意度持续提高，社会反响"
        "良好。各镇街同步建立服务质量回访制度，由第三方机构按季度抽查服务记录并电话回访服务对象，"
        "回访结果纳入年度考核，对发现的问题限期整改并跟踪复核，形成了发现问题、整改落实、复核销号的"
        "闭环管理机制，为下一年度资金安排提供了依据。"
    ),
    Para("三、偏离绩效目标的原因和下一步改进措施", indent=False, gap_before=10),
    Para(
        "新增养老机构床位数未完成的主要原因是两处新建养老机构因消防验收延期，床位未能按期投入使用。"
        "下一步将加快验收进度，力争2025年6月底前全部投用。"
    ),
    # Ragged: the number does not fit at the end of the first line, which stops three characters short.
    Para(
        "截至2024年12月31日，区级养老服务补助资金全年累计实际执行数为4511.08万元，执行率93.45%，"
        "剩余资金将按规定结转下一年度继续用于居家养老服务补贴发放。",
        ragged=True,
    ),
]

# Enough filler before the long paragraph that it breaks across pages 1 and 2.
PROSE_FILLER = Para(
    "区财政局将养老服务补助资金纳入预算绩效管理全过程，事前开展绩效评估，事中实施运行监控，事后开展"
    "绩效自评，自评结果作为下一年度预算安排的重要参考。"
)

TABLE_BEFORE = Para("（二）绩效指标完成情况如下表所示，单位为万元的指标按实际拨付数填列。")
TABLE_AFTER = Para("以上指标中，新增床位数未完成，原因见第三部分说明。")

# Rows of the ruled table with merged cells: None marks a position covered by a merge.
TABLE_ROWS: list[list[str | None]] = [
    ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值"],
    ["产出指标", "数量指标", "享受居家养老服务补贴人数", "12000人", "12436人"],
    [None, None, "新增养老机构床位数", "300张", "268张"],
    [None, "质量指标", "护理员持证上岗率", "≥95%", "96.4%"],
    [None, None, "Smart Care 平台服务工单办结率", "≥98%", "99.1%"],
    ["效益指标", "社会效益指标", "老年人服务覆盖面", "逐步扩大", "明显扩大"],
    ["满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", "93.2%"],
    ["资金执行", None, "全年执行数（万元）", "4827.36", "4511.08"],
]
TABLE_SPANS = [((0, 1), (0, 4)), ((1, 1), (1, 2)), ((1, 3), (1, 4)), ((0, 7), (1, 7))]

SPLIT_HEADER = ["片区", "补助对象", "发放人数", "发放金额（万元）"]
SPLIT_AREAS = ["东片", "南片", "西片", "北片", "中片", "新城片"]
# Six communities per area; the area cell is merged over its rows. Rows 1-27 fit on page 1, so
# the 中片 merge (rows 25-30) is cut by the page break and continues empty on page 2.
SPLIT_ROWS = [
    [SPLIT_AREAS[(i - 1) // 6], f"余杭街道第{i}社区", str(100 + 7 * i), f"{12 + i * 1.25:.2f}"] for i in range(1, 37)
]
SPLIT_PAGE1 = 27
# Row 27's name is long and the page break cuts the row: its tail opens page 2.
SPLIT_ROWS[26][1] = "余杭街道第27社区（含新建安置小区）"
SPLIT_CUT = ("余杭街道第27社区（含新建", "安置小区）")
SIGNATURE = ("填报人：王晓燕", "联系电话：0571-8862XXXX")
SPLIT_BEFORE = Para("附表：2024年度居家养老服务补贴分社区发放明细。")
SPLIT_AFTER = Para("以上各社区补贴均已足额发放到位。")


# Paragraphs whose lines break inside an amount, each line left short of the margin (ragged), so
# only the amount itself says the paragraph goes on; and an indicator name wrapped where
# "数，" moved down together (a closing comma never starts a line), leaving the line above short.
WRAPPED_NAME = "③高校毕业生到中小企业及非公有制组织储备招募人员享受就业见习补贴人数"
WRAPS: list[Para] = [
    Para("一、资金情况", indent=False),
    Para(
        "2025年度红山区就业补助资金全年预算总额6359.|55万元，其中中央财政资金3319万元、盟市财政资金327.55万|"
        "元、旗县财政资金324.77|万元、自治区财政资金1069.11万元、其他资金1319.12万元。",
        ragged=True,
    ),
    Para("全年实际执行数5061.56万元，预算执行率79.59|%，资金已及时足额拨付到位。", ragged=True),
    Para("二、绩效指标完成情况", indent=False),
    Para(
        WRAPPED_NAME + "，指标值180，全年实际完成值132，未完成原因是见习岗位不足。",
        indent=False,
        ragged=True,
        push_down=True,
    ),
    Para(
        "区财政局将就业补助资金纳入预算绩效管理全过程，事前开展绩效评估，事中实施运行监控，事后开展"
        "绩效自评，自评结果作为下一年度预算安排的重要参考。"
    ),
]


def _fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _width(text: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics

    return float(pdfmetrics.stringWidth(text, FONT, size))


def _wrap(para: Para, width: float) -> list[str]:
    lines: list[str] = []
    for chunk in para.text.split("|"):
        if para.spaced:
            chunk = " ".join(chunk)
        current = ""
        # ASCII runs (numbers, words) are unbreakable, as in word processors.
        for token in re.findall(r"[!-~]+|.", chunk):
            limit = width - (2 * para.size if not lines and para.indent else 0)
            # Closing punctuation never starts a line (it hangs past the margin instead).
            if current and _width(current + token, para.size) > limit:
                if token not in NO_LINE_START:
                    lines.append(current)
                    current = ""
                elif para.push_down:
                    lines.append(current[:-1])
                    current = current[-1]
            current += token
        lines.append(current)
    return [line.strip() for line in lines]


class Layout:
    """A tiny flowing layout: paragraphs down the page, running header and footer on each."""

    def __init__(self, canvas: Any, header: str | None, footer: Any) -> None:
        self.c = canvas
        self.header = header
        self.footer = footer
        self.page = 1
        self.y = BODY_TOP
        self._decorate()

    def _decorate(self) -> None:
        c = self.c
        if self.header:
            c.setFont(FONT, 9)
            c.drawCentredString(PAGE_W / 2, 800, self.header)
            c.setLineWidth(0.5)
            c.line(LEFT, 795, RIGHT, 795)
        if self.footer:
            c.setFont(FONT, 10.5)
            c.drawCentredString(PAGE_W / 2, 44, self.footer(self.page))

    def new_page(self) -> None:
        self.c.showPage()
        self.page += 1
        self.y = BODY_TOP
        self._decorate()

    def need(self, height: float) -> None:
        if self.y - height < BODY_BOTTOM:
            self.new_page()

    def para(self, para: Para) -> None:
        self.y -= para.gap_before
        lines = _wrap(para, RIGHT - LEFT)
        for i, line in enumerate(lines):
            self.need(PITCH)
            self.y -= PITCH
            last = i == len(lines) - 1
            x0 = LEFT + (2 * para.size if i == 0 and para.indent else 0)
            justify = (not last or para.justify_last) and not para.ragged
            self._line(line, x0, justify=justify, para=para)

    def _line(self, line: str, x0: float, justify: bool, para: Para) -> None:
        c = self.c
        size = para.size
        if para.centred:
            c.setFont(FONT, size)
            c.drawCentredString(PAGE_W / 2, self.y, line)
            return
        text = c.beginText(x0, self.y)
        text.setFont(FONT, size)
        if justify and len(line) > 1:
            spare = (RIGHT - x0) - _width(line, size)
            text.setCharSpace(spare / (len(line) - 1))
        text.textOut(line)
        c.drawText(text)

    def fields(self, left: str, right: str) -> None:
        """Two form fields on one line, far apart (as typed with several spaces)."""
        self.need(PITCH)
        self.y -= PITCH
        self.c.setFont(FONT, SIZE)
        self.c.drawString(LEFT, self.y, left)
        self.c.drawString(LEFT + _width(left, SIZE) + 4 * SIZE, self.y, right)

    def table(self, rows: list[list[str | None]], widths: list[float], spans: list[Any]) -> None:
        from reportlab.lib import colors
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import Paragraph as RLParagraph
        from reportlab.platypus import Table as RLTable
        from reportlab.platypus import TableStyle

        style = ParagraphStyle("cell", fontName=FONT, fontSize=10.5, leading=14, wordWrap="CJK")
        data = [[RLParagraph(cell or "", style) for cell in row] for row in rows]
        table = RLTable(data, colWidths=widths)
        commands: list[Any] = [
            ("GRID", (0, 0), (-1, -1), 0.75, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
        commands += [("SPAN", a, b) for a, b in spans]
        table.setStyle(TableStyle(commands))
        _, height = table.wrapOn(self.c, RIGHT - LEFT, PAGE_H)
        self.need(height + 8)
        self.y -= height + 8
        table.drawOn(self.c, LEFT, self.y)
        self.y -= 4


def _canvas(path: Path, encrypt: Any = None) -> Any:
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(path), pagesize=(PAGE_W, PAGE_H), encrypt=encrypt, invariant=1)
    c.setTitle(path.stem)
    return c


def make_prose(path: Path) -> int:
    """Write the prose PDF; returns how many filler paragraphs it needed."""
    c = _canvas(path)
    layout = Layout(c, PROSE_HEADER, lambda n: f"- {n} -")
    for para in PROSE[:10]:
        layout.para(para)
    fillers = 0
    while layout.y > BODY_BOTTOM + 5 * PITCH:
        layout.para(PROSE_FILLER)
        fillers += 1
    for para in PROSE[10:]:
        layout.para(para)
    c.save()
    return fillers


def prose_expected() -> list[str]:
    """The paragraphs make_prose writes, in order, as the reader should return them."""
    texts = [p.expected for p in PROSE[:10]]
    filler_count = _count_fillers()
    texts += [PROSE_FILLER.expected] * filler_count
    texts += [p.expected for p in PROSE[10:]]
    return texts


def _count_fillers() -> int:
    import json

    return int(json.loads((HERE / "prose.json").read_text("utf-8"))["fillers"])


def make_table(path: Path, encrypt: Any = None) -> None:
    c = _canvas(path, encrypt=encrypt)
    layout = Layout(c, None, lambda n: f"第{n}页")
    layout.para(Para("附件：绩效指标完成情况表", indent=False))
    layout.para(TABLE_BEFORE)
    layout.table(TABLE_ROWS, [62, 80, 130, 65, 78], TABLE_SPANS)
    layout.para(TABLE_AFTER)
    c.save()


def make_table_split(path: Path) -> None:
    c = _canvas(path)
    pages = 2
    layout = Layout(c, "居家养老服务补贴发放明细", lambda n: f"第 {n} 页 共 {pages} 页")
    layout.para(SPLIT_BEFORE)
    first = [list(r) for r in SPLIT_ROWS[:SPLIT_PAGE1]]
    first[-1][1] = SPLIT_CUT[0]
    layout.table(*_split_part(first, continued=False))
    layout.new_page()
    tail = [SPLIT_ROWS[SPLIT_PAGE1][0], SPLIT_CUT[1], "", ""]
    layout.table(*_split_part([tail, *SPLIT_ROWS[SPLIT_PAGE1:]], continued=True))
    layout.para(SPLIT_AFTER)
    layout.fields(*SIGNATURE)
    c.save()


def _split_part(part: list[list[str]], continued: bool) -> tuple[list[list[str | None]], list[float], list[Any]]:
    """One page's part of the split table: header repeated, area cells merged over their rows."""
    rows: list[list[str | None]] = [list(SPLIT_HEADER)]
    spans: list[Any] = []
    for i, row in enumerate(part):
        area = row[0]
        if i == 0 or part[i - 1][0] != area:
            run = next((k for k, r in enumerate(part[i:]) if r[0] != area), len(part) - i)
            # A merge continued from the previous page shows empty, as Word draws it.
            rows.append(["" if continued and i == 0 else area, *row[1:]])
            if run > 1:
                spans.append(((0, len(rows) - 1), (0, len(rows) - 2 + run)))
        else:
            rows.append([None, *row[1:]])
    return rows, [60, 150, 90, 115], spans


def make_wraps(path: Path) -> None:
    c = _canvas(path)
    layout = Layout(c, None, lambda n: f"- {n} -")
    for para in WRAPS:
        layout.para(para)
    c.save()


def make_scan_of(source: Path, path: Path, dpi: int = 150) -> None:
    """An image-only copy of `source` (greyscale JPEG pages), as a scanner gives it. Rendering a
    font that is not embedded needs a system CJK font (fonts-noto-cjk)."""
    import pypdfium2 as pdfium
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    pdf = pdfium.PdfDocument(source)
    c = _canvas(path)
    for page in pdf:
        image: Image.Image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=80)
        c.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 0, 0, PAGE_W, PAGE_H)
        c.showPage()
    c.save()


def make_encrypted(path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    c = _canvas(path, encrypt=StandardEncryption("yuhang2024", "owner-2024", strength=128))
    Layout(c, None, None).para(Para("本文件已加密。"))
    c.save()


def make_permissions_only(path: Path) -> None:
    """Encrypted with an owner password only (copy forbidden): readers open it without a password."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    make_table(path, encrypt=StandardEncryption("", "owner-2024", canCopy=0, canModify=0, strength=128))


def _scan_image() -> Any:
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    rng = random.Random(7)
    image = Image.new("L", (620, 880), 255)
    draw = ImageDraw.Draw(image)
    for row in range(60, 820, 26):
        x = 70
        while x < 540:
            w = rng.randint(8, 14)
            draw.rectangle((x, row, x + w, row + 14), fill=rng.randint(0, 90))
            x += w + rng.randint(3, 9)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ImageReader(io.BytesIO(buffer.getvalue()))


def make_scanned(path: Path) -> None:
    c = _canvas(path)
    for _ in range(2):
        c.drawImage(_scan_image(), 0, 0, PAGE_W, PAGE_H)
        c.showPage()
    c.save()


def make_mixed(path: Path) -> None:
    """A typed first page followed by a scanned one."""
    c = _canvas(path)
    layout = Layout(c, None, None)
    layout.para(Para("附件：扫描件见下页。", indent=False))
    c.showPage()
    c.drawImage(_scan_image(), 0, 0, PAGE_W, PAGE_H)
    c.showPage()
    c.save()


def make_corrupt(path: Path) -> None:
    # A PDF header followed by a truncated body: no xref, no trailer, no objects.
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n" + bytes(range(256)))


def main() -> None:
    import json

    _fonts()
    fillers = make_prose(HERE / "prose.pdf")
    (HERE / "prose.json").write_text(json.dumps({"fillers": fillers}) + "\n", "utf-8")
    make_table(HERE / "table.pdf")
    make_table_split(HERE / "table_split.pdf")
    make_wraps(HERE / "wraps.pdf")
    make_scan_of(HERE / "wraps.pdf", HERE / "wraps_scan.pdf")
    make_encrypted(HERE / "encrypted.pdf")
    make_permissions_only(HERE / "permissions_only.pdf")
    make_scanned(HERE / "scanned.pdf")
    make_mixed(HERE / "mixed_scanned.pdf")
    make_corrupt(HERE / "corrupt.pdf")


if __name__ == "__main__":
    main()
