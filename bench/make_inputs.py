"""Make the benchmark's input documents in bench/out/ (git-ignored).

Usage (from the repository root):
    .venv/bin/python bench/make_inputs.py            # make what is missing or stale
    .venv/bin/python bench/make_inputs.py --remake   # make everything again

Inputs (all text is invented for the benchmark; figures are generated, deterministic):
    report_table.docx   a short report plus an 8-column, 40-row 项目支出绩效自评表 with
                        vertically merged 一级/二级 level cells (python-docx)
    prose.pdf           ~30 pages of long Chinese paragraphs and indicator sentences, with a
                        "- N -" page-number footer (python-docx -> LibreOffice)
    tables.pdf          ~10 pages, most of them carrying one long ruled 自评表 (python-docx ->
                        LibreOffice)
Each output is remade when this file changes (a stamp holds the hash of this source), so a
benchmark never measures inputs made by an older generator.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"
DOCX_REPORT = OUT / "report_table.docx"
PROSE_PDF = OUT / "prose.pdf"
TABLES_PDF = OUT / "tables.pdf"
LO_PROFILE_URL = "file:///tmp/lo_profile_bench"
LO_TIMEOUT_S = 300
TABLE_COLUMNS = 8
TABLE_ROWS = 40
# Calibrated with LibreOffice 7/24 and Noto CJK: ~30 pages of prose, ~10 pages of table.
PROSE_SECTIONS = 31
TABLE_INDICATORS = 110
TABLE_TAIL_SECTIONS = 2
# Landscape column widths (mm) of the 自评表: the last column holds the deviation reasons.
TABLE_WIDTHS_MM = (22, 26, 52, 28, 28, 14, 14, 57)

CENT = Decimal("0.01")

# ---------------------------------------------------------------- invented content

LEVELS: list[tuple[str, list[tuple[str, list[tuple[str, str, str]]]]]] = [
    ("产出指标", [
        ("数量指标", [
            ("改造农村户厕数量", "≥{n}户", "户"),
            ("新建乡镇污水处理站", "≥{n}座", "座"),
            ("培训基层管护人员", "≥{n}人次", "人次"),
            ("铺设村内排水管网长度", "≥{n}公里", "公里"),
            ("配置垃圾分类收集设施", "≥{n}套", "套"),
            ("开展村庄清洁行动次数", "≥{n}次", "次"),
        ]),
        ("质量指标", [
            ("改造户厕验收合格率", "≥95%", "%"),
            ("污水处理站出水达标率", "≥90%", "%"),
            ("管网工程一次验收通过率", "100%", "%"),
        ]),
        ("时效指标", [
            ("项目开工及时率", "100%", "%"),
            ("资金拨付及时率", "≥95%", "%"),
        ]),
        ("成本指标", [
            ("单户改厕补助标准", "≤{n}元/户", "元/户"),
            ("单座污水站建设成本", "≤{n}万元", "万元"),
        ]),
    ]),
    ("效益指标", [
        ("社会效益指标", [
            ("受益农村人口", "≥{n}人", "人"),
            ("农村卫生厕所普及率", "≥85%", "%"),
            ("村庄环境整治覆盖率", "≥80%", "%"),
        ]),
        ("生态效益指标", [
            ("生活污水治理率", "≥60%", "%"),
            ("生活垃圾无害化处理率", "≥90%", "%"),
        ]),
        ("可持续影响指标", [
            ("长效管护机制建立情况", "逐步健全", ""),
            ("管护队伍稳定运行年限", "≥{n}年", "年"),
        ]),
    ]),
    ("满意度指标", [
        ("服务对象满意度指标", [
            ("受益农户满意度", "≥90%", "%"),
            ("村民代表满意度", "≥85%", "%"),
        ]),
    ]),
]

TOWNS = ["青石", "柳湾", "白杨", "东岭", "南渠", "桃坪", "石门", "双河", "龙泉", "枫林", "梨园", "金沙",
         "云溪", "松岗", "杏花", "马坊", "黄泥", "鹤鸣", "凤栖", "竹山", "沙坝", "牛角", "红岩", "清水",
         "长乐", "安平", "永宁", "太和", "平湖", "望江", "西坡", "北塘"]

PROSE_SENTENCES = [
    "{town}镇按照农村人居环境整治提升行动方案，统筹安排专项资金，分批次推进户厕改造和污水治理工程。",
    "项目实施过程中，县农业农村局会同财政局建立月调度、季通报工作机制，及时协调解决施工中出现的问题。",
    "资金使用严格执行国库集中支付制度，按照工程进度和验收结果分期拨付，未发现截留、挤占、挪用等情况。",
    "在质量管控方面，聘请第三方监理单位全过程跟踪，对隐蔽工程实行影像留存，确保工程质量可追溯。",
    "通过入户走访和问卷调查等方式收集群众意见，对反映集中的管护不到位问题建立了台账并限期整改。",
    "部分村组地处山区，施工材料运输困难，雨季施工窗口期较短，对工程进度造成一定影响。",
    "下一步将进一步压实乡镇主体责任，完善以村民自治为基础的长效管护机制，巩固整治成果。",
    "{town}镇结合当地实际推行“先建后补、以奖代补”方式，充分调动了农户参与改厕的积极性。",
    "全年共组织技术培训{n}期，覆盖乡镇技术人员和村级管护员，基层管护能力得到明显提升。",
    "项目绩效目标设定与年度工作任务相衔接，各项指标均细化量化，具有较强的可考核性。",
]


@dataclass(frozen=True, slots=True)
class Indicator:
    level1: str
    level2: str
    name: str
    target: str
    actual: str
    points: Decimal
    score: Decimal
    reason: str


def _indicators(count: int, rng: random.Random, total_points: Decimal) -> list[Indicator]:
    """`count` indicators in level order; points share `total_points`; about one in nine is unmet."""
    templates = [(l1, l2, t) for l1, groups in LEVELS for l2, items in groups for t in items]
    chosen = [templates[i * len(templates) // count] if count <= len(templates)
              else templates[i % len(templates)] for i in range(count)]
    chosen.sort(key=lambda item: _level_order(item[0], item[1]))
    share = (total_points / count).quantize(CENT, ROUND_HALF_UP)
    points = [share] * (count - 1) + [total_points - share * (count - 1)]
    seen: dict[str, int] = {}
    indicators = []
    for index, ((l1, l2, template), pts) in enumerate(zip(chosen, points, strict=True)):
        repeat = seen.get(template[0], 0)
        seen[template[0]] = repeat + 1
        # Names stay unique, so a repeated name is a real cross-reference for the checker.
        prefix = "" if repeat == 0 else TOWNS[repeat - 1] + "镇"
        indicators.append(_indicator(l1, l2, template, index, pts, prefix, rng))
    return indicators


def _level_order(level1: str, level2: str) -> tuple[int, int]:
    for i, (l1, groups) in enumerate(LEVELS):
        for j, (l2, _items) in enumerate(groups):
            if (l1, l2) == (level1, level2):
                return i, j
    raise ValueError(level2)


def _indicator(level1: str, level2: str, template: tuple[str, str, str], index: int, points: Decimal,
               prefix: str, rng: random.Random) -> Indicator:
    name, target_pattern, unit = template
    label = prefix + name
    unmet = index % 9 == 4
    if "{n}" in target_pattern:
        planned = rng.randint(12, 3000)
        target = target_pattern.format(n=planned)
        actual_value = planned - rng.randint(1, max(2, planned // 10)) if unmet else planned + rng.randint(0, 40)
        if target.startswith("≤"):
            actual_value = planned + rng.randint(1, 9) if unmet else planned - rng.randint(0, planned // 20)
        actual = f"{actual_value}{unit}"
    elif unit == "%":
        floor = int(target_pattern.strip("≥%"))
        actual = f"{floor - rng.randint(2, 6)}%" if unmet else f"{min(100, floor + rng.randint(0, 8))}%"
        target = target_pattern
    else:
        target, actual = target_pattern, "已建立县乡村三级管护体系"
        unmet = False
    score = (points * Decimal("0.8")).quantize(CENT, ROUND_HALF_UP) if unmet else points
    reason = ("受汛期施工窗口缩短及部分农户意愿变化影响未达预期，已纳入下年度计划并加强宣传动员。"
              if unmet else "无")
    return Indicator(level1, level2, label, target, actual, points, score, reason)


# ---------------------------------------------------------------- DOCX helpers


def _new_docx(landscape: bool = False) -> Document:
    document = new_document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(12)
    r_pr = normal.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), "宋体")  # makes LibreOffice pick a CJK face for the PDF
    section = document.sections[0]
    width, height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    section.top_margin = section.bottom_margin = Mm(25)
    section.left_margin = section.right_margin = Mm(28)
    return document


def _add_page_number_footer(document: Document) -> None:
    """A '- N -' footer like a Word export, so the PDF reader has running lines to drop."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = 1
    paragraph.add_run("- ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(" -")


def _fill_table(table: Table, rows: list[list[str]]) -> None:
    """Write `rows` where "^^" merges a cell into the one above and "<<" into the one on its left."""
    _merge_marked(table, rows)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text not in ("^^", "<<") and text:
                table.cell(r, c).text = text


def _merge_marked(table: Table, rows: list[list[str]]) -> None:
    for c in range(len(rows[0])):
        r = 0
        while r < len(rows):
            end = r
            while end + 1 < len(rows) and rows[end + 1][c] == "^^":
                end += 1
            if end > r:
                table.cell(r, c).merge(table.cell(end, c))
            r = end + 1
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):
            end = c
            while end + 1 < len(row) and row[end + 1] == "<<":
                end += 1
            if end > c:
                table.cell(r, c).merge(table.cell(r, end))
            c = end + 1


def _add_table(document: Document, rows: list[list[str]], widths_mm: tuple[int, ...] = ()) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"  # ruled, so a PDF export carries the grid lines
    if widths_mm:
        table.autofit = False
        # LibreOffice lays out by the grid columns, Word by the cell widths: set both.
        for grid_column, width in zip(table._tbl.tblGrid.gridCol_lst, widths_mm, strict=True):
            grid_column.w = Mm(width)
        for column, width in zip(table.columns, widths_mm, strict=True):
            for cell in column.cells:
                cell.width = Mm(width)
    _fill_table(table, rows)


# ---------------------------------------------------------------- the documents


def _self_evaluation_rows(indicator_count: int, rng: random.Random) -> list[list[str]]:
    """A 项目支出绩效自评表: fund block, overall goal, indicators (merged levels), total."""
    budget, executed = Decimal("1286.40"), Decimal("1207.95")
    rate = (executed / budget * 100).quantize(CENT, ROUND_HALF_UP)
    rate_score = (rate / 10).quantize(CENT, ROUND_HALF_UP)
    indicators = _indicators(indicator_count, rng, Decimal(90))
    total = rate_score + sum((i.score for i in indicators), Decimal(0))
    rows = [
        ["项目名称", "农村人居环境整治提升项目", "<<", "<<", "<<", "<<", "<<", "<<"],
        ["主管部门", "临川县农业农村局", "<<", "<<", "实施单位", "临川县乡村建设服务中心", "<<", "<<"],
        ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["^^", "年度资金总额", "1200.00", str(budget), str(executed), "10", f"{rate}%", str(rate_score)],
        ["^^", "其中：当年财政拨款", "1100.00", "1166.40", "1097.95", "—", "—", "—"],
        ["^^", "上年结转资金", "100.00", "120.00", "110.00", "—", "—", "—"],
        ["^^", "其他资金", "0.00", "0.00", "0.00", "—", "—", "—"],
        ["年度总体目标", "预期目标", "<<", "<<", "实际完成情况", "<<", "<<", "<<"],
        ["^^", "完成农村户厕改造和村庄污水治理年度任务，改善农村人居环境，受益群众满意度达到90%以上。",
         "<<", "<<", "完成户厕改造及污水治理主要任务，农村人居环境明显改善，受益群众满意度93.2%。",
         "<<", "<<", "<<"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ]
    previous = ("", "")
    for item in indicators:
        level1 = "^^" if item.level1 == previous[0] else item.level1
        level2 = "^^" if (item.level1, item.level2) == previous else item.level2
        rows.append([level1, level2, item.name, item.target, item.actual, str(item.points), str(item.score),
                     item.reason])
        previous = (item.level1, item.level2)
    rows.append(["总分", "<<", "<<", "<<", "<<", "100", str(total), ""])
    rows.append(["自评等级", "<<", "<<", "<<", "<<", "优" if total >= 90 else "良", "<<", "<<"])
    return rows


def make_docx_report(path: Path) -> None:
    rng = random.Random(20250601)
    document = _new_docx()
    document.add_paragraph("临川县2024年度农村人居环境整治提升项目绩效自评报告")
    document.add_paragraph("一、基本情况")
    document.add_paragraph(
        "2024年度临川县农村人居环境整治提升项目全年预算数1286.40万元，其中当年财政拨款1166.40万元、"
        "上年结转资金120.00万元；全年执行数1207.95万元，预算执行率93.90%。")
    document.add_paragraph(
        "项目围绕农村户厕改造、生活污水治理和村庄清洁行动三项重点任务，由县农业农村局统筹，"
        "各乡镇具体组织实施，年度绩效目标已随预算同步下达。")
    document.add_paragraph("二、绩效自评情况")
    document.add_paragraph("项目各项绩效指标完成情况详见下表。")
    rows = _self_evaluation_rows(TABLE_ROWS - 12, rng)
    assert len(rows) == TABLE_ROWS and all(len(r) == TABLE_COLUMNS for r in rows)
    _add_table(document, rows)
    document.add_paragraph("三、偏离绩效目标的原因和下一步改进措施")
    document.add_paragraph("个别数量指标受汛期影响未完成，将在下一年度优先安排并加强施工调度。")
    document.save(str(path))


PROSE_INDICATORS = [(name, unit) for _l1, groups in LEVELS for _l2, items in groups
                    for name, target, unit in items if "{n}" in target and unit != "万元"]


def _chinese_ordinal(number: int) -> str:
    """1..99 as 一 .. 九十九."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else digits[tens] + "十")
    return head + (digits[ones] if ones else "")


def _prose_paragraphs(rng: random.Random, sections: int = PROSE_SECTIONS, first: int = 0) -> Iterator[str]:
    circled = "①②③④⑤⑥⑦⑧⑨⑩"
    for section in range(first, first + sections):
        heading = _chinese_ordinal(section + 1)
        town = TOWNS[section % len(TOWNS)]
        yield f"（{heading}）{town}镇项目实施及绩效目标完成情况"
        for _ in range(3):
            picks = rng.sample(PROSE_SENTENCES, 6)
            yield "".join(s.format(town=TOWNS[rng.randrange(len(TOWNS))], n=rng.randint(3, 30)) for s in picks)
        for number in range(8):
            name, unit = PROSE_INDICATORS[(section + number) % len(PROSE_INDICATORS)]
            planned = rng.randint(40, 5000)
            actual = planned + rng.randint(0, 90)
            yield (f"{circled[number]}{town}镇{name}，指标值{planned}{unit}，"
                   f"全年实际完成值{actual}{unit}。")


def make_prose_docx(path: Path) -> None:
    rng = random.Random(20250602)
    document = _new_docx()
    _add_page_number_footer(document)
    document.add_paragraph("临川县2024年度农村人居环境整治专项资金绩效自评报告")
    document.add_paragraph(
        "2024年度临川县农村人居环境整治专项资金全年预算数3825.60万元，全年执行数3519.55万元，"
        "预算执行率92.00%。")
    for text in _prose_paragraphs(rng):
        document.add_paragraph(text)
    document.save(str(path))


def make_tables_docx(path: Path) -> None:
    rng = random.Random(20250603)
    document = _new_docx(landscape=True)
    _add_page_number_footer(document)
    document.add_paragraph("临川县2024年度农村人居环境整治提升项目支出绩效自评表")
    document.add_paragraph("单位：万元")
    _add_table(document, _self_evaluation_rows(TABLE_INDICATORS, rng), TABLE_WIDTHS_MM)
    document.add_paragraph("附：各乡镇实施情况说明")
    for text in _prose_paragraphs(rng, TABLE_TAIL_SECTIONS, first=len(TOWNS) - TABLE_TAIL_SECTIONS):
        document.add_paragraph(text)
    document.add_paragraph("填表人：王明远　联系电话：0794-6123456　填报日期：2025年3月18日")
    document.save(str(path))


def docx_to_pdf(docx_path: Path, pdf_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("soffice (LibreOffice) is not installed: cannot make the PDF inputs")
    with tempfile.TemporaryDirectory(prefix="bench_lo_") as tmp:
        subprocess.run(
            [soffice, f"-env:UserInstallation={LO_PROFILE_URL}", "--headless", "--convert-to", "pdf",
             "--outdir", tmp, str(docx_path)],
            check=True, capture_output=True, timeout=LO_TIMEOUT_S,
        )
        made = Path(tmp) / (docx_path.stem + ".pdf")
        if not made.exists():
            raise SystemExit(f"LibreOffice made no PDF from {docx_path}")
        shutil.move(str(made), pdf_path)


def _via_pdf(make_docx: Callable[[Path], None]) -> Callable[[Path], None]:
    def make(pdf_path: Path) -> None:
        docx_path = pdf_path.with_suffix(".docx")
        make_docx(docx_path)
        docx_to_pdf(docx_path, pdf_path)

    return make


# ---------------------------------------------------------------- staleness

MAKERS: dict[Path, Callable[[Path], None]] = {
    DOCX_REPORT: make_docx_report,
    PROSE_PDF: _via_pdf(make_prose_docx),
    TABLES_PDF: _via_pdf(make_tables_docx),
}


def _generator_hash() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def _stamp(path: Path) -> Path:
    return path.with_name(path.name + ".stamp")


def is_fresh(path: Path) -> bool:
    stamp = _stamp(path)
    return path.exists() and stamp.exists() and stamp.read_text().strip() == _generator_hash()


def make_inputs(remake: bool = False, log: Callable[[str], None] = print) -> list[Path]:
    """Make the inputs that are missing or stale (all with `remake`); return their paths."""
    OUT.mkdir(parents=True, exist_ok=True)
    for path, maker in MAKERS.items():
        if remake or not is_fresh(path):
            log(f"making {path.relative_to(BENCH.parent)} ...")
            maker(path)
            _stamp(path).write_text(_generator_hash() + "\n")
    return list(MAKERS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Make the benchmark inputs in bench/out/.")
    parser.add_argument("--remake", action="store_true", help="make every input again")
    args = parser.parse_args(argv)
    for path in make_inputs(args.remake):
        print(f"{path.relative_to(BENCH.parent)}: {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
