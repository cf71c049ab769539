#!/usr/bin/env python3
"""Generate the blind office-format evaluation set (7 documents + hand-written gold).

Every figure below is invented. The gold for each document is written by hand in the SPEC
dictionaries next to the renderer that prints the same strings; amounts are given in 万元 as
written in the document and converted to yuan with Decimal (x 10000, exact). A final check()
recomputes every sum/rate/score with Decimal and prints what is (in)consistent so that the only
inconsistencies are the three planted errors.

run: /work/main/.venv/bin/python make.py
"""
from __future__ import annotations

import json
from decimal import Decimal, ROUND_HALF_UP
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT, WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, Cm, RGBColor
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

OUT = Path(__file__).resolve().parent


# ----------------------------------------------------------------------------- helpers
def yuan(wan: str | None) -> str | None:
    """万元 string as written (may carry thousands separators) -> yuan decimal string."""
    if wan is None:
        return None
    d = Decimal(wan.replace(",", "")) * 10000
    return str(d.quantize(Decimal("0.01")))


def pct(a: str, b: str, places: int = 2) -> str:
    q = Decimal(1).scaleb(-places)
    return str((Decimal(a.replace(",", "")) / Decimal(b.replace(",", "")) * 100).quantize(q, ROUND_HALF_UP))


def ind(l1, l2, name, target, actual, met):
    return {"level1": l1, "level2": l2, "name": name, "target_raw": target, "actual_raw": actual, "met": met}


def write_gold(name: str, fmt: str, layout: str, report: dict, funds: dict, indicators: list,
               findings: list, notes: str) -> None:
    gold = {
        "file": f"{name}.{fmt}",
        "format": fmt,
        "layout": layout,
        "source_url": None,
        "partial": False,
        "report": report,
        "funds": funds,
        "indicators": [{k: i[k] for k in ("level1", "level2", "name", "target_raw", "actual_raw", "met")}
                       for i in indicators],
        "expected_findings": findings,
        "notes": notes,
    }
    (OUT / f"{name}.gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# ---- docx helpers
def set_run_font(run, name="宋体", size=10.5, bold=False):
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), name)
    rfonts.set(qn("w:ascii"), name)
    rfonts.set(qn("w:hAnsi"), name)


def new_doc(font="仿宋_GB2312", size=12):
    doc = Document()
    st = doc.styles["Normal"]
    st.font.name = font
    st.font.size = Pt(size)
    st.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    sec = doc.sections[0]
    sec.left_margin = sec.right_margin = Cm(2.2)
    sec.top_margin = sec.bottom_margin = Cm(2.5)
    return doc


def para(doc, text, size=12, bold=False, align=None, font="仿宋_GB2312", indent=True, style=None):
    p = doc.add_paragraph(style=style) if style else doc.add_paragraph()
    if align == "center":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "right":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    r = p.add_run(text)
    set_run_font(r, font, size, bold)
    return p


def heading(doc, text, level, font="黑体", size=14):
    h = doc.add_heading(level=level)
    r = h.add_run(text)
    set_run_font(r, font, size, True)
    r.font.color.rgb = RGBColor(0, 0, 0)
    return h


def cell_text(cell, text, size=9, bold=False, align="center", font="宋体"):
    cell.text = ""
    lines = str(text).split("\n")
    p = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            p = cell.add_paragraph()
        p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
                       "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
        r = p.add_run(line)
        set_run_font(r, font, size, bold)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def set_widths(table, widths_cm):
    """Fixed column widths (set on every cell, as Word needs), before any merge."""
    table.autofit = False
    for gc, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_cm):
        gc.set(qn("w:w"), str(int(Cm(w).twips)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_cm):
            cell.width = Cm(w)


def grid_fill(table, cells):
    """cells: list of (r0, c0, r1, c1, text, opts) — merge the rectangle, then write text."""
    for r0, c0, r1, c1, text, *opt in cells:
        o = opt[0] if opt else {}
        c = table.cell(r0, c0)
        if (r1, c1) != (r0, c0):
            c = c.merge(table.cell(r1, c1))
        cell_text(c, text, **o)


# ---- xlsx helpers
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def xput(ws, ref, value, fmt=None, bold=False, size=10, h="center", wrap=True, merge=None, border=True):
    c = ws[ref]
    c.value = value
    c.font = Font(name="宋体", size=size, bold=bold)
    c.alignment = Alignment(horizontal=h, vertical="center", wrap_text=wrap)
    if fmt:
        c.number_format = fmt
    if merge:
        ws.merge_cells(f"{ref}:{merge}")
    if border:
        rng = ws[f"{ref}:{merge}"] if merge else ((c,),)
        for row in rng:
            for cc in row:
                cc.border = BOX


# ============================================================================ o1 (DOCX a)
O1 = "o1_kaihua-wushuiyunwei-2023"


def make_o1():
    doc = new_doc("宋体", 10.5)
    para(doc, "项目支出绩效自评表", 18, True, "center", "方正小标宋简体")
    para(doc, "（2023年度）", 12, False, "center", "楷体_GB2312")
    rows = 19
    t = doc.add_table(rows=rows, cols=8)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_widths(t, (1.6, 2.0, 2.9, 1.9, 1.9, 1.1, 1.7, 3.7))
    L = {"align": "left"}
    cells = [
        (0, 0, 0, 1, "项目名称"), (0, 2, 0, 7, "开化县农村生活污水处理设施运维项目", L),
        (1, 0, 1, 1, "主管部门"), (1, 2, 1, 4, "开化县住房和城乡建设局", L),
        (1, 5, 1, 5, "实施单位"), (1, 6, 1, 7, "开化县农村生活污水治理运维中心", L),
        (2, 0, 5, 0, "项目资金\n（万元）"), (2, 1, 2, 1, ""),
        (2, 2, 2, 2, "年初预算数"), (2, 3, 2, 3, "全年预算数"), (2, 4, 2, 4, "全年执行数"),
        (2, 5, 2, 5, "分值"), (2, 6, 2, 6, "执行率"), (2, 7, 2, 7, "得分"),
        (3, 1, 3, 1, "年度资金总额"), (3, 2, 3, 2, "480.00"), (3, 3, 3, 3, "520.00"), (3, 4, 3, 4, "507.36"),
        (3, 5, 3, 5, "10"), (3, 6, 3, 6, "97.57%"), (3, 7, 3, 7, "9.76"),
        (4, 1, 4, 1, "其中：财政拨款"), (4, 2, 4, 2, "480.00"), (4, 3, 4, 3, "500.00"), (4, 4, 4, 4, "487.36"),
        (4, 5, 4, 5, "—"), (4, 6, 4, 6, "—"), (4, 7, 4, 7, "—"),
        (5, 1, 5, 1, "其他资金"), (5, 2, 5, 2, "0.00"), (5, 3, 5, 3, "20.00"), (5, 4, 5, 4, "20.00"),
        (5, 5, 5, 5, "—"), (5, 6, 5, 6, "—"), (5, 7, 5, 7, "—"),
        (6, 0, 7, 0, "年度\n总体\n目标"), (6, 1, 6, 4, "预期目标"), (6, 5, 6, 7, "实际完成情况"),
        (7, 1, 7, 4, "委托专业运维单位对全县126座农村生活污水处理终端及配套管网实施日常巡检、"
                     "设备维修和水质监测，保障设施稳定运行、出水达标排放，持续改善农村人居环境。", L),
        (7, 5, 7, 7, "全年完成126座终端运维和392公里管网巡查，设施运行总体平稳；因部分终端设备老化，"
                     "出水水质达标率为82.6%，较年度目标低2.4个百分点，其余目标均已完成。", L),
        (8, 0, 8, 0, "一级指标", {"bold": True}), (8, 1, 8, 1, "二级指标", {"bold": True}),
        (8, 2, 8, 2, "三级指标", {"bold": True}), (8, 3, 8, 3, "年度指标值", {"bold": True}),
        (8, 4, 8, 4, "全年实际值", {"bold": True}), (8, 5, 8, 5, "分值", {"bold": True}),
        (8, 6, 8, 6, "得分", {"bold": True}), (8, 7, 8, 7, "未完成原因及拟采取的改进措施", {"bold": True}),
        (9, 0, 13, 0, "产出指标"), (9, 1, 10, 1, "数量指标"),
        (11, 1, 11, 1, "质量指标"), (12, 1, 12, 1, "时效指标"), (13, 1, 13, 1, "成本指标"),
        (14, 0, 16, 0, "效益指标"), (14, 1, 14, 1, "社会效益指标"), (15, 1, 15, 1, "生态效益指标"),
        (16, 1, 16, 1, "可持续影响指标"),
        (17, 0, 17, 0, "满意度指标"), (17, 1, 17, 1, "服务对象满意度指标"),
        (18, 0, 18, 4, "总分"), (18, 5, 18, 5, "100"), (18, 6, 18, 6, "96.76"), (18, 7, 18, 7, "自评等级：优"),
    ]
    rowsI = [
        (9, "运维处理设施数量", "≥126座", "126座", "10", "10", ""),
        (10, "管网巡查里程", "≥380公里", "392公里", "10", "10", ""),
        (11, "出水水质达标率", "≥85%", "82.6%", "10", "8",
         "12座终端曝气风机和提升泵运行超过8年，故障频发导致出水不稳定。2024年将列支资金分批更换老化设备，并加密水质抽检频次。"),
        (12, "故障处置响应时间", "≤24小时", "18小时", "10", "10", ""),
        (13, "单座设施年均运维费用", "≤4.2万元", "4.03万元", "10", "10", ""),
        (14, "农村人居环境改善情况", "明显改善", "明显改善", "10", "10", ""),
        (15, "化学需氧量年削减量", "≥260吨", "271吨", "10", "10", ""),
        (16, "设施长效运维机制", "健全", "基本健全", "10", "9",
         "部分行政村管护员兼职较多、流动性大。下一步推行村级管护员持证上岗并纳入考核。"),
        (17, "受益农户满意度", "≥90%", "93.4%", "10", "10", ""),
    ]
    for r, name, tg, ac, fz, df, why in rowsI:
        cells += [(r, 2, r, 2, name, L), (r, 3, r, 3, tg), (r, 4, r, 4, ac), (r, 5, r, 5, fz),
                  (r, 6, r, 6, df), (r, 7, r, 7, why, L)]
    grid_fill(t, cells)
    para(doc, "填报单位（盖章）：开化县住房和城乡建设局        项目负责人：方卫东        填报日期：2024年3月15日",
         9, False, None, "宋体", indent=False)
    doc.save(OUT / f"{O1}.docx")

    I = [
        ind("产出指标", "数量指标", "运维处理设施数量", "≥126座", "126座", True),
        ind("产出指标", "数量指标", "管网巡查里程", "≥380公里", "392公里", True),
        ind("产出指标", "质量指标", "出水水质达标率", "≥85%", "82.6%", False),
        ind("产出指标", "时效指标", "故障处置响应时间", "≤24小时", "18小时", True),
        ind("产出指标", "成本指标", "单座设施年均运维费用", "≤4.2万元", "4.03万元", True),
        ind("效益指标", "社会效益指标", "农村人居环境改善情况", "明显改善", "明显改善", None),
        ind("效益指标", "生态效益指标", "化学需氧量年削减量", "≥260吨", "271吨", True),
        ind("效益指标", "可持续影响指标", "设施长效运维机制", "健全", "基本健全", None),
        ind("满意度指标", "服务对象满意度指标", "受益农户满意度", "≥90%", "93.4%", True),
    ]
    write_gold(
        O1, "docx", "table",
        {"title": "项目支出绩效自评表（2023年度）", "region": "开化县", "fiscal_year": 2023,
         "fund_name": "开化县农村生活污水处理设施运维项目"},
        {"budget_total_yuan": yuan("520.00"), "executed_total_yuan": yuan("507.36"),
         "execution_rate_percent": "97.57",
         "sources": [{"name": "财政拨款", "budget_yuan": yuan("500.00"), "executed_yuan": yuan("487.36")},
                     {"name": "其他资金", "budget_yuan": yuan("20.00"), "executed_yuan": yuan("20.00")}]},
        I, [],
        "Word 项目支出绩效自评表, one 19x8 table with real merges: 项目资金（万元） label merged over 4 rows, "
        "一级 cells merged vertically (产出 5 rows, 效益 3 rows), 数量指标 merged over 2 rows, 年度总体目标 "
        "label over 2 rows with 预期目标/实际完成情况 spanning 4 and 3 columns. Units only in the label "
        "'项目资金（万元）'. 年初预算数 480.00 differs from 全年预算数 520.00 (budget = 全年预算数). "
        "Consistent: 500.00+20.00 = 520.00, 487.36+20.00 = 507.36, 507.36/520.00 = 97.57%, 执行率得分 9.757 -> 9.76; "
        "分值 10+50+30+10 = 100, 得分 9.76+48+29+10 = 96.76 = 总分. Unmet 出水水质达标率 (82.6% < 85%) gets 8 of 10 "
        "and has a reason; 设施长效运维机制 (健全 vs 基本健全) is qualitative (met null) and also has a reason. "
        "Cost check 507.36/126 = 4.03万元 agrees with 单座设施年均运维费用. No findings expected.")


# ============================================================================ o2 (DOCX b)
O2 = "o2_laifeng-jiatingyisheng-2024"


def make_o2():
    doc = new_doc("仿宋_GB2312", 14)
    para(doc, "来凤县2024年度家庭医生签约服务补助资金绩效自评报告", 20, True, "center", "方正小标宋简体")
    para(doc, "来凤县卫生健康局", 14, False, "center", "楷体_GB2312")
    heading(doc, "一、基本情况", 1)
    heading(doc, "（一）项目概况", 2, "楷体_GB2312", 14)
    para(doc, "家庭医生签约服务补助资金主要用于对乡镇卫生院、社区卫生服务中心组建的签约服务团队给予补助，"
              "重点覆盖老年人、孕产妇、儿童、慢性病患者和脱贫人口等人群，推动优质医疗资源向基层延伸。")
    heading(doc, "（二）绩效目标", 2, "楷体_GB2312", 14)
    para(doc, "年初设定的总体目标为：全县重点人群签约服务扩面提质，签约团队覆盖所有乡镇，居民对签约服务的获得感进一步增强。"
              "围绕上述目标，共设置产出、效益、满意度三类9项绩效指标。")
    heading(doc, "二、绩效目标实现情况", 1)
    heading(doc, "（一）资金投入及使用情况", 2, "楷体_GB2312", 14)
    para(doc, "2024年该项目全年预算资金460.00万元，实际支出451.24万元，预算执行率98.10%。各级资金到位及支出情况见下表。")
    t = doc.add_table(rows=5, cols=4)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    data = [("资金来源", "全年预算数（万元）", "全年执行数（万元）", "执行率"),
            ("中央补助资金", "312.00", "312.00", "100.00%"),
            ("省级补助资金", "86.50", "86.50", "100.00%"),
            ("县级配套资金", "61.50", "52.74", "85.76%"),
            ("合计", "460.00", "451.24", "98.10%")]
    for r, row in enumerate(data):
        for c, v in enumerate(row):
            cell_text(t.cell(r, c), v, 10.5, r == 0, "center", "仿宋_GB2312")
    heading(doc, "（二）资金管理情况", 2, "楷体_GB2312", 14)
    para(doc, "县卫生健康局会同县财政局按签约人数和考核结果分两次拨付补助，资金实行专账核算，"
              "未发现截留、挤占、挪用等情况。")
    heading(doc, "（三）总体目标完成情况", 2, "楷体_GB2312", 14)
    para(doc, "全年新组建签约团队6个，重点人群签约规模和履约质量均高于上年。9项绩效指标中，"
              "除高血压患者规范管理率外，其余指标均达到或超过年度目标。")
    heading(doc, "（四）绩效指标完成情况", 2, "楷体_GB2312", 14)
    para(doc, "1.产出指标", bold=True)
    para(doc, "（1）数量指标。重点人群家庭医生签约人数年度指标值≥52000人，实际完成53816人，完成率103.49%；"
              "签约服务团队数指标值不少于120个，实际组建126个，完成率105.00%。")
    para(doc, "（2）质量指标。签约居民履约率目标值≥80%，实际达到84.2%；高血压患者规范管理率目标值≥65%，"
              "实际为61.8%，未达到年度目标。")
    para(doc, "（3）时效指标。补助资金拨付时限为2024年12月31日前，实际于2024年12月16日前全部拨付到位。")
    para(doc, "（4）成本指标。签约服务费补助标准为25元/人/年，全年按25元/人/年执行。")
    para(doc, "2.效益指标", bold=True)
    para(doc, "社会效益指标：基层首诊率目标为较上年提高，实际较上年提高2.3个百分点。"
              "可持续影响指标：签约服务长效机制目标为逐步完善，实际逐步完善，签约服务已纳入乡镇卫生院年度绩效考核。")
    para(doc, "3.满意度指标", bold=True)
    para(doc, "服务对象满意度指标：签约居民满意度指标值不低于90%，经第三方电话回访，实际满意度为91.5%。")
    heading(doc, "三、偏离绩效目标的原因和下一步改进措施", 1)
    para(doc, "（一）高血压患者规范管理率为61.8%，比目标值低3.2个百分点。主要原因是山区患者居住分散、外出务工人员多，"
              "随访次数难以达到规范要求。下一步将推广远程血压监测设备，由村医每季度上门补访，力争2025年达到65%以上。")
    para(doc, "（二）县级配套资金执行率为85.76%，结余8.76万元。原因是第四季度考核结果公布较晚，部分绩效补助未能在年内兑付，"
              "该部分资金将于2025年一季度拨付。")
    heading(doc, "四、绩效自评结果拟应用和公开情况", 1)
    para(doc, "自评结果将作为2025年资金分配的重要依据，并按规定在县人民政府门户网站公开。")
    heading(doc, "五、其他需要说明的问题", 1)
    para(doc, "无。")
    para(doc, "来凤县卫生健康局", align="right")
    para(doc, "2025年4月8日", align="right")
    doc.save(OUT / f"{O2}.docx")

    I = [
        ind("产出指标", "数量指标", "重点人群家庭医生签约人数", "≥52000人", "53816人", True),
        ind("产出指标", "数量指标", "签约服务团队数", "不少于120个", "126个", True),
        ind("产出指标", "质量指标", "签约居民履约率", "≥80%", "84.2%", True),
        ind("产出指标", "质量指标", "高血压患者规范管理率", "≥65%", "61.8%", False),
        ind("产出指标", "时效指标", "补助资金拨付时限", "2024年12月31日前", "2024年12月16日前全部拨付到位", None),
        ind("产出指标", "成本指标", "签约服务费补助标准", "25元/人/年", "25元/人/年", True),
        ind("效益指标", "社会效益指标", "基层首诊率", "较上年提高", "较上年提高2.3个百分点", None),
        ind("效益指标", "可持续影响指标", "签约服务长效机制", "逐步完善", "逐步完善", None),
        ind("满意度指标", "服务对象满意度指标", "签约居民满意度", "不低于90%", "91.5%", True),
    ]
    write_gold(
        O2, "docx", "mixed",
        {"title": "来凤县2024年度家庭医生签约服务补助资金绩效自评报告", "region": "来凤县", "fiscal_year": 2024,
         "fund_name": "家庭医生签约服务补助资金"},
        {"budget_total_yuan": yuan("460.00"), "executed_total_yuan": yuan("451.24"),
         "execution_rate_percent": "98.10",
         "sources": [{"name": "中央补助资金", "budget_yuan": yuan("312.00"), "executed_yuan": yuan("312.00")},
                     {"name": "省级补助资金", "budget_yuan": yuan("86.50"), "executed_yuan": yuan("86.50")},
                     {"name": "县级配套资金", "budget_yuan": yuan("61.50"), "executed_yuan": yuan("52.74")}]},
        I, [],
        "Prose report in Word with real Heading 1/Heading 2 styles (一、… / （一）…) and a 5x4 funds table "
        "(资金来源 | 全年预算数（万元） | 全年执行数（万元） | 执行率) whose 合计 row is the total; indicators are only in "
        "sentences under （四）, grouped by bold paragraphs '1.产出指标' '2.效益指标' '3.满意度指标' with (1)-(4) "
        "二级 lead-ins. Consistent: 312+86.5+61.5 = 460, 312+86.5+52.74 = 451.24, 451.24/460 = 98.10% "
        "(stated in prose and table), 52.74/61.5 = 85.76%, 结余 61.5-52.74 = 8.76; 完成率 53816/52000 = 103.49%, "
        "126/120 = 105.00%; shortfall 65-61.8 = 3.2 points. The single unmet indicator (高血压患者规范管理率) has its "
        "reason in section 三, and section （三） explicitly excepts it. 成本 standard 25元/人/年 met (cost standard = "
        "at most). 基层首诊率 target is relative ('较上年提高') so met is null. No findings expected.")


# ============================================================================ o3 (DOCX c)
O3 = "o3_liping-linyegaige-2021"


def o3_table(doc):
    t = doc.add_table(rows=20, cols=6)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_widths(t, (2.0, 2.6, 3.4, 2.6, 2.6, 3.8))
    L = {"align": "left"}
    B = {"bold": True}
    cells = [
        (0, 0, 0, 1, "转移支付名称"), (0, 2, 0, 5, "林业改革发展资金", L),
        (1, 0, 1, 1, "省级主管部门"), (1, 2, 1, 5, "贵州省林业局", L),
        (2, 0, 2, 1, "地方主管部门"), (2, 2, 2, 2, "黎平县林业局"), (2, 3, 2, 3, "资金使用单位"),
        (2, 4, 2, 5, "黎平县林业局、各乡镇林业站"),
        (3, 0, 7, 0, "资金投入情况"), (3, 1, 3, 1, ""), (3, 2, 3, 2, "全年预算数（A）"),
        (3, 3, 3, 3, "全年执行数（B）"), (3, 4, 3, 5, "执行率（B/A）"),
        (4, 1, 4, 1, "年度资金总额"), (4, 2, 4, 2, "1,268.40万元"), (4, 3, 4, 3, "1,231.06万元"), (4, 4, 4, 5, "97.06%"),
        (5, 1, 5, 1, "其中：中央财政资金"), (5, 2, 5, 2, "860.00万元"), (5, 3, 5, 3, "860.00万元"), (5, 4, 5, 5, "100.00%"),
        (6, 1, 6, 1, "省级资金"), (6, 2, 6, 2, "215.00万元"), (6, 3, 6, 3, "215.00万元"), (6, 4, 6, 5, "100.00%"),
        (7, 1, 7, 1, "县级资金"), (7, 2, 7, 2, "183.40万元"), (7, 3, 7, 3, "156.06万元"), (7, 4, 7, 5, "85.09%"),
        (8, 0, 9, 0, "总体目标"), (8, 1, 8, 3, "年度目标"), (8, 4, 8, 5, "全年实际完成情况"),
        (9, 1, 9, 3, "完成中幼林抚育3.2万亩、退化林修复0.8万亩，有效控制林业有害生物危害，提升森林质量，带动林区群众增收。", L),
        (9, 4, 9, 5, "完成森林抚育3.26万亩、退化林修复0.71万亩，林业有害生物成灾率控制在0.8‰，带动务工512人。", L),
        (10, 0, 10, 0, "一级指标", B), (10, 1, 10, 1, "二级指标", B), (10, 2, 10, 2, "三级指标", B),
        (10, 3, 10, 3, "指标值", B), (10, 4, 10, 4, "实际完成值", B), (10, 5, 10, 5, "偏差原因分析及改进措施", B),
        (11, 0, 15, 0, "产出指标"), (11, 1, 12, 1, "数量指标"), (13, 1, 13, 1, "质量指标"),
        (14, 1, 14, 1, "时效指标"), (15, 1, 15, 1, "成本指标"),
        (16, 0, 18, 0, "效益指标"), (16, 1, 17, 1, "生态效益指标"), (18, 1, 18, 1, "社会效益指标"),
        (19, 0, 19, 0, "满意度指标"), (19, 1, 19, 1, "服务对象满意度指标"),
    ]
    rowsI = [
        (11, "森林抚育面积", "≥3.2万亩", "3.26万亩", "无"),
        (12, "退化林修复面积", "不少于0.8万亩", "0.71万亩",
         "受持续强降雨和山体滑坡影响，0.09万亩地块无法施工；已调整至2022年一季度完成，今后加强雨季施工组织。"),
        (13, "抚育作业质量合格率", "≥95%", "96.8%", "无"),
        (14, "抚育任务完成时限", "2021年12月31日前", "2021年12月20日", "无"),
        (15, "森林抚育中央补助标准", "≤200元/亩", "200元/亩", "无"),
        (16, "林业有害生物成灾率", "＜3‰", "0.8‰", "无"),
        (17, "抚育林分生长状况", "好", "好", "无"),
        (18, "带动林农务工人数", "≥450人", "512人", "无"),
        (19, "林区群众满意度", "≥90%", "94.2%", "无"),
    ]
    for r, name, tg, ac, why in rowsI:
        cells += [(r, 2, r, 2, name, L), (r, 3, r, 3, tg), (r, 4, r, 4, ac), (r, 5, r, 5, why, L)]
    grid_fill(t, cells)


def make_o3():
    doc = new_doc("仿宋_GB2312", 14)
    para(doc, "黎平县林业局2021年度林业改革发展资金绩效自评报告", 18, True, "center", "方正小标宋简体")
    para(doc, "一、项目基本情况", 14, True, None, "黑体", indent=False)
    para(doc, "2021年我县共安排林业改革发展资金1268.40万元，主要用于中幼林抚育、退化林修复和林业有害生物防治，"
              "由县林业局统筹、各乡镇林业站组织实施。截至2021年12月31日，实际支出1231.06万元，执行率97.06%。")
    para(doc, "二、绩效目标完成情况", 14, True, None, "黑体", indent=False)
    para(doc, "全年完成森林抚育3.26万亩，退化林修复0.71万亩，抚育作业经县级核查合格率96.8%，"
              "带动林区群众就近务工512人。除退化林修复面积外，其余绩效指标均已完成，具体见附件自评表。")
    para(doc, "三、偏离绩效目标的原因和改进措施", 14, True, None, "黑体", indent=False)
    para(doc, "退化林修复面积较目标少0.09万亩，县级资金执行率为85.09%，原因是8月至9月持续强降雨，"
              "德顺、水口两乡部分地块发生山体滑坡无法进场作业，相应资金未能支出。"
              "剩余任务已调整至2022年一季度完成，结余资金结转使用。")
    para(doc, "四、自评结果应用", 14, True, None, "黑体", indent=False)
    para(doc, "本次自评结果将作为下一年度林业项目安排和资金分配的参考依据。")
    para(doc, "附件：2021年度林业改革发展资金绩效自评表", 14, False, None, "仿宋_GB2312", indent=False)
    doc.add_page_break()
    para(doc, "林业改革发展资金绩效自评表", 16, True, "center", "黑体")
    para(doc, "（2021年度）", 12, False, "center", "楷体_GB2312")
    o3_table(doc)
    para(doc, "填表人：杨秀梅　　审核人：吴志刚　　填报日期：2022年2月28日", 10.5, False, None, "宋体", indent=False)
    doc.save(OUT / f"{O3}.docx")

    I = [
        ind("产出指标", "数量指标", "森林抚育面积", "≥3.2万亩", "3.26万亩", True),
        ind("产出指标", "数量指标", "退化林修复面积", "不少于0.8万亩", "0.71万亩", False),
        ind("产出指标", "质量指标", "抚育作业质量合格率", "≥95%", "96.8%", True),
        ind("产出指标", "时效指标", "抚育任务完成时限", "2021年12月31日前", "2021年12月20日", None),
        ind("产出指标", "成本指标", "森林抚育中央补助标准", "≤200元/亩", "200元/亩", True),
        ind("效益指标", "生态效益指标", "林业有害生物成灾率", "＜3‰", "0.8‰", True),
        ind("效益指标", "生态效益指标", "抚育林分生长状况", "好", "好", None),
        ind("效益指标", "社会效益指标", "带动林农务工人数", "≥450人", "512人", True),
        ind("满意度指标", "服务对象满意度指标", "林区群众满意度", "≥90%", "94.2%", True),
    ]
    write_gold(
        O3, "docx", "mixed",
        {"title": "黎平县林业局2021年度林业改革发展资金绩效自评报告", "region": "黎平县", "fiscal_year": 2021,
         "fund_name": "林业改革发展资金"},
        {"budget_total_yuan": yuan("1,268.40"), "executed_total_yuan": yuan("1,231.06"),
         "execution_rate_percent": "97.06",
         "sources": [{"name": "中央财政资金", "budget_yuan": yuan("860.00"), "executed_yuan": yuan("860.00")},
                     {"name": "省级资金", "budget_yuan": yuan("215.00"), "executed_yuan": yuan("215.00")},
                     {"name": "县级资金", "budget_yuan": yuan("183.40"), "executed_yuan": yuan("156.06")}]},
        I,
        [{"code": "sources_sum_mismatch",
          "detail": "资金投入情况, 全年预算数(A): 年度资金总额 1,268.40万元, but 中央财政资金 860.00 + 省级资金 215.00 + "
                    "县级资金 183.40 = 1,258.40万元 (10.00万元 short). The 执行数 column agrees "
                    "(860.00 + 215.00 + 156.06 = 1,231.06). The total's 97.06% (1231.06/1268.40) and the county "
                    "row's 85.09% (156.06/183.40) are each consistent with their own row, so the gap sits between "
                    "the total and its 其中 rows; the prose repeats 1268.40."}],
        "Short prose report (四 sections) followed, after a page break, by 附件 自评表 as a Word table (20x6, merged "
        "一级/二级 cells; 生态效益指标 spans 2 rows). Every amount cell carries its unit ('1,268.40万元', with thousands "
        "separator); indicator cells carry units (万亩, 元/亩, ‰, 人). Headers 指标值 / 实际完成值 / 偏差原因分析及改进措施; "
        "met rows say '无' in the reason column. 退化林修复面积 (0.71 < 0.8万亩) is unmet with a reason in the table "
        "and in prose 三, and prose 二 excepts it from '其余绩效指标均已完成'. 林业有害生物成灾率 target '＜3‰' "
        "(fullwidth less-than, per-mille) -> met true for 0.8‰. 森林抚育中央补助标准 ≤200 vs 200 met. The date "
        "indicator and the qualitative '好' have met null. No 分值/得分 columns (转移支付 style).")


# ============================================================================ x1 (XLSX single)
X1 = "x1_tongxiang-laonianzhucan-2022"


def xlsx_form(ws, spec):
    """Lay out one 项目支出绩效自评表 on a sheet in columns A..H like an exported form."""
    for col, w in zip("ABCDEFGH", (10, 14, 24, 14, 14, 8, 9, 34)):
        ws.column_dimensions[col].width = w
    xput(ws, "A1", "项目支出绩效自评表", bold=True, size=16, merge="H1", border=False)
    ws.row_dimensions[1].height = 30
    xput(ws, "A2", f"（{spec['year']}年度）", size=11, merge="H2", border=False)
    xput(ws, "A3", f"填报单位（盖章）：{spec['unit']}", h="left", merge="E3", border=False)
    xput(ws, "F3", "单位：万元", h="right", merge="H3", border=False)
    xput(ws, "A4", "项目名称", merge="B4")
    xput(ws, "C4", spec["project"], h="left", merge="H4")
    xput(ws, "A5", "主管部门", merge="B5")
    xput(ws, "C5", spec["dept"], h="left", merge="E5")
    xput(ws, "F5", "实施单位")
    xput(ws, "G5", spec["impl"], h="left", merge="H5")
    nsrc = len(spec["src"])
    last = 7 + 1 + nsrc  # header rows 6,7; total row 8; sources 9..
    xput(ws, "A6", "项目资金", merge=f"A{last}")
    xput(ws, "B6", "", merge="B7")
    xput(ws, "C6", "年初预算数", merge="C7")
    xput(ws, "D6", "全年预算数")
    xput(ws, "D7", "（A）")
    xput(ws, "E6", "全年执行数")
    xput(ws, "E7", "（B）")
    xput(ws, "F6", "分值", merge="F7")
    xput(ws, "G6", "执行率")
    xput(ws, "G7", "（B/A）")
    xput(ws, "H6", "得分", merge="H7")
    money = "#,##0.00"
    tot = spec["total"]
    xput(ws, "B8", "年度资金总额")
    for col, v in zip("CDE", tot[:3]):
        xput(ws, f"{col}8", v, money)
    xput(ws, "F8", tot[3], "0")
    xput(ws, "G8", tot[4], "0.00%")
    xput(ws, "H8", tot[5], "0.00")
    for i, (label, vals) in enumerate(spec["src"]):
        r = 9 + i
        xput(ws, f"B{r}", label)
        for col, v in zip("CDE", vals):
            xput(ws, f"{col}{r}", v, money if v is not None else None)
        for col in "FGH":
            xput(ws, f"{col}{r}", "—")
    r = last + 1
    xput(ws, f"A{r}", "年度总体目标", merge=f"A{r + 1}")
    xput(ws, f"B{r}", "预期目标", merge=f"E{r}")
    xput(ws, f"F{r}", "实际完成情况", merge=f"H{r}")
    xput(ws, f"B{r + 1}", spec["goal"], h="left", merge=f"E{r + 1}")
    xput(ws, f"F{r + 1}", spec["done"], h="left", merge=f"H{r + 1}")
    ws.row_dimensions[r + 1].height = 75
    r += 2
    xput(ws, f"A{r}", "一级指标", bold=True, merge=f"A{r + 1}")
    xput(ws, f"B{r}", "二级指标", bold=True, merge=f"B{r + 1}")
    xput(ws, f"C{r}", "三级指标", bold=True, merge=f"C{r + 1}")
    xput(ws, f"D{r}", "指标完成情况", bold=True, merge=f"E{r}")
    xput(ws, f"F{r}", "评分", bold=True, merge=f"G{r}")
    xput(ws, f"H{r}", "偏差原因分析及改进措施", bold=True, merge=f"H{r + 1}")
    xput(ws, f"D{r + 1}", "年度指标值", bold=True)
    xput(ws, f"E{r + 1}", "实际完成值", bold=True)
    xput(ws, f"F{r + 1}", "分值", bold=True)
    xput(ws, f"G{r + 1}", "得分", bold=True)
    r += 2
    first = r
    inds = spec["inds"]
    # merges for level1 / level2 runs
    def runs(key):
        out, start = [], 0
        for i in range(1, len(inds) + 1):
            if i == len(inds) or inds[i][key] != inds[start][key] or (key == 1 and inds[i][0] != inds[start][0]):
                out.append((start, i - 1))
                start = i
        return out
    for key, col in ((0, "A"), (1, "B")):
        for a, b in runs(key):
            xput(ws, f"{col}{first + a}", inds[a][key], merge=(f"{col}{first + b}" if b > a else None))
            for k in range(a + 1, b + 1):
                ws[f"{col}{first + k}"].border = BOX
    for i, it in enumerate(inds):
        rr = first + i
        l1, l2, name, tg, ac, acfmt, fz, df, why = it
        xput(ws, f"C{rr}", name, h="left")
        xput(ws, f"D{rr}", tg)
        xput(ws, f"E{rr}", ac, acfmt)
        xput(ws, f"F{rr}", fz, "0")
        xput(ws, f"G{rr}", df, "0.##" if isinstance(df, float) else "0")
        xput(ws, f"H{rr}", why, h="left")
        if why:
            ws.row_dimensions[rr].height = 45
    r = first + len(inds)
    xput(ws, f"A{r}", "总分", bold=True, merge=f"E{r}")
    xput(ws, f"F{r}", spec["total_score"][0], "0")
    xput(ws, f"G{r}", spec["total_score"][1], "0.00")
    xput(ws, f"H{r}", "")
    r += 1
    xput(ws, f"A{r}", "自评等级", merge=f"E{r}")
    xput(ws, f"F{r}", spec["grade"], merge=f"H{r}")
    r += 1
    xput(ws, f"A{r}", spec["foot"], h="left", merge=f"H{r}", border=False)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True


X1_SPEC = {
    "year": 2022, "unit": "桐乡市民政局", "project": "桐乡市老年人助餐服务补助项目",
    "dept": "桐乡市民政局", "impl": "各镇（街道）、助餐服务机构",
    "total": (360, 392.5, 385.56, 10, 0.9823, 9.82),
    "src": [("其中：财政拨款", (360, 372.5, 365.56)), ("其他资金", (0, 20, 20))],
    "goal": "对全市老年食堂和助餐点给予建设运营补助和助餐补贴，全年提供助餐服务不少于18万人次，"
            "保障助餐食品安全，方便老年人就近用餐。",
    "done": "全市42个助餐点全年提供助餐服务19.2万人次，食品安全抽检全部合格；5个农村助餐点累计停业超过3个月，"
            "可持续运营比例未达目标，其余指标均已完成。",
    "inds": [
        ("产出指标", "数量指标", "助餐服务人次", "≥18万人次", "19.2万人次", None, 10, 10, ""),
        ("产出指标", "数量指标", "运营助餐点数量", "≥42个", 42, "0", 10, 10, ""),
        ("产出指标", "质量指标", "食品安全抽检合格率", "100%", 1, "0%", 10, 10, ""),
        ("产出指标", "时效指标", "补助资金拨付及时率", "≥95%", 0.97, "0%", 10, 10, ""),
        ("产出指标", "成本指标", "每餐政府补助标准", "≤5元/餐", "5元/餐", None, 10, 10, ""),
        ("效益指标", "社会效益指标", "老年人就餐便利度", "明显提升", "明显提升", None, 15, 15, ""),
        ("效益指标", "可持续影响指标", "助餐点可持续运营比例", "≥90%", 0.881, "0.0%", 15, 13,
         "5个农村助餐点因就餐老人少、运营成本偏高，全年累计停业超过3个月。下一步引入社会餐饮企业连锁运营，并调整农村助餐点补贴方式。"),
        ("满意度指标", "服务对象满意度指标", "就餐老人满意度", "≥95%", 0.968, "0.0%", 10, 10, ""),
    ],
    "total_score": (100, 97.82), "grade": "优",
    "foot": "填表人：沈丽华　　联系电话：0573-88120000　　填报日期：2023年2月20日",
}


def make_x1():
    wb = Workbook()
    ws = wb.active
    ws.title = "自评表"
    xlsx_form(ws, X1_SPEC)
    wb.save(OUT / f"{X1}.xlsx")
    I = [
        ind("产出指标", "数量指标", "助餐服务人次", "≥18万人次", "19.2万人次", True),
        ind("产出指标", "数量指标", "运营助餐点数量", "≥42个", "42", True),
        ind("产出指标", "质量指标", "食品安全抽检合格率", "100%", "100%", True),
        ind("产出指标", "时效指标", "补助资金拨付及时率", "≥95%", "97%", True),
        ind("产出指标", "成本指标", "每餐政府补助标准", "≤5元/餐", "5元/餐", True),
        ind("效益指标", "社会效益指标", "老年人就餐便利度", "明显提升", "明显提升", None),
        ind("效益指标", "可持续影响指标", "助餐点可持续运营比例", "≥90%", "88.1%", False),
        ind("满意度指标", "服务对象满意度指标", "就餐老人满意度", "≥95%", "96.8%", True),
    ]
    write_gold(
        X1, "xlsx", "table",
        {"title": "项目支出绩效自评表（2022年度）", "region": "桐乡市", "fiscal_year": 2022,
         "fund_name": "桐乡市老年人助餐服务补助项目"},
        {"budget_total_yuan": yuan("392.5"), "executed_total_yuan": yuan("385.56"),
         "execution_rate_percent": "98.23",
         "sources": [{"name": "财政拨款", "budget_yuan": yuan("372.5"), "executed_yuan": yuan("365.56")},
                     {"name": "其他资金", "budget_yuan": yuan("20"), "executed_yuan": yuan("20")}]},
        I, [],
        "One sheet '自评表' laid out like an exported form: A1:H1 merged title, A2:H2 '（2022年度）', row 3 "
        "'填报单位' left and '单位：万元' right (the only unit statement), funds header over two rows "
        "('全年预算数' / '（A）', '执行率' / '（B/A）'; 年初预算数, 分值, 得分 merged vertically), indicator header over two "
        "rows (group cells '指标完成情况' over 年度指标值/实际完成值 and '评分' over 分值/得分). Amounts are numeric cells "
        "with format #,##0.00 (392.5 shows 392.50); 执行率 is the number 0.9823 formatted 0.00% (shows 98.23%). "
        "Several actuals are numbers with percent formats: 1 -> '100%', 0.97 -> '97%', 0.881 -> '88.1%', 0.968 -> "
        "'96.8%'; 运营助餐点数量 actual is the bare number 42 (unit only in the target '≥42个'). actual_raw in gold is the "
        "displayed text. Consistent: 372.5+20 = 392.5, 365.56+20 = 385.56, 385.56/392.5 = 98.23%, 执行率得分 9.823 -> "
        "9.82, 分值 10+50+30+10 = 100, 得分 9.82+50+28+10 = 97.82 = 总分; 37/42 = 88.1% matches the reason (5 sites). "
        "The one unmet indicator (88.1% < 90%) gets 13/15 and has a reason. No findings expected.")


# ============================================================================ x2 (XLSX two sheets)
X2 = "x2_qingshanhu-tiyu-2020"

X2_S1 = {
    "year": 2020, "unit": "青山湖区教育体育局", "project": "青山湖区社区体育健身设施更新项目",
    "dept": "青山湖区教育体育局", "impl": "青山湖区全民健身服务中心",
    "total": (150, 150, 150, 10, 1, 10),
    "src": [("其中：当年财政拨款", (135, 135, 135)), ("上年结转资金", (15, 15, 15)), ("其他资金", (None, None, None))],
    "goal": "更新老旧小区及公园健身路径30套以上，新建笼式多功能运动场4个，方便居民就近健身。",
    "done": "更新健身路径32套、新建笼式多功能运动场4个，10月26日全部完工并通过验收，交付社区管护。",
    "inds": [
        ("产出指标", "数量指标", "更新健身路径数量", "≥30套", "32套", None, 10, 10, ""),
        ("产出指标", "数量指标", "新建笼式多功能运动场", "≥4个", "4个", None, 10, 10, ""),
        ("产出指标", "质量指标", "器材安装验收合格率", "100%", 1, "0%", 10, 10, ""),
        ("产出指标", "时效指标", "项目完工时间", "2020年10月底前", "2020年10月26日", None, 10, 10, ""),
        ("产出指标", "成本指标", "单套健身路径采购安装成本", "≤3.5万元", "3.38万元", None, 10, 10, ""),
        ("效益指标", "社会效益指标", "居民日常健身参与度", "有效提升", "有效提升", None, 15, 15, ""),
        ("效益指标", "可持续影响指标", "设施管护责任落实率", "100%", "100%", None, 15, 15, ""),
        ("满意度指标", "服务对象满意度指标", "社区居民满意度", "≥90%", 0.951, "0.0%", 10, 10, ""),
    ],
    "total_score": (100, 100), "grade": "优",
    "foot": "填表人：熊晓燕　　审核人：万建平　　填报日期：2021年3月5日",
}

X2_S2 = {
    "year": 2020, "unit": "青山湖区教育体育局", "project": "青山湖区全民健身赛事活动补助项目",
    "dept": "青山湖区教育体育局", "impl": "青山湖区全民健身服务中心",
    "total": (80, 65, 58.72, 10, 0.9034, 9.03),
    "src": [("其中：当年财政拨款", (80, 65, 58.72)), ("上年结转资金", (None, None, None)), ("其他资金", (None, None, None))],
    "goal": "全年举办区级全民健身赛事12场以上，参赛群众6000人次以上，培育群众性体育社会组织，营造全民健身氛围。",
    "done": "受疫情防控影响，全年举办区级赛事9场、参赛4870人次，年中预算由80万元调减至65万元；"
            "新培育体育社会组织6个。",
    "inds": [
        ("产出指标", "数量指标", "举办区级全民健身赛事场次", "≥12场", "9场", None, 10, 7.5,
         "上半年3场线下赛事因疫情防控取消，改为线上健身打卡活动。下一年度将预留线上线下两套赛事方案。"),
        ("产出指标", "数量指标", "参赛群众人次", "≥6000人次", "4870人次", None, 10, 8,
         "赛事场次减少且部分赛事限制参赛规模。后续通过街道分站赛扩大参与面。"),
        ("产出指标", "质量指标", "赛事安全事故发生次数", "0次", "0次", None, 10, 10, ""),
        ("产出指标", "时效指标", "补助资金发放时限", "赛事结束后30日内", "平均18日", None, 10, 10, ""),
        ("产出指标", "成本指标", "单场赛事补助金额", "≤8万元/场", "6.52万元/场", None, 10, 10, ""),
        ("效益指标", "社会效益指标", "群众健身意识", "明显增强", "有所增强", None, 15, 12,
         "线下赛事减少，宣传覆盖面不及预期。将加强新媒体宣传和社区健身指导。"),
        ("效益指标", "可持续影响指标", "培育群众性体育社会组织", "≥5个", "6个", None, 15, 15, ""),
        ("满意度指标", "服务对象满意度指标", "参赛群众满意度", "≥85%", 0.913, "0.0%", 10, 10, ""),
    ],
    "total_score": (100, 93.53), "grade": "优",
    "foot": "填表人：熊晓燕　　审核人：万建平　　填报日期：2021年3月5日",
}


def make_x2():
    wb = Workbook()
    ws1 = wb.active
    ws1.title = "健身设施更新"
    xlsx_form(ws1, X2_S1)
    ws2 = wb.create_sheet("健身赛事补助")
    xlsx_form(ws2, X2_S2)
    wb.save(OUT / f"{X2}.xlsx")
    I = [
        ind("产出指标", "数量指标", "更新健身路径数量", "≥30套", "32套", True),
        ind("产出指标", "数量指标", "新建笼式多功能运动场", "≥4个", "4个", True),
        ind("产出指标", "质量指标", "器材安装验收合格率", "100%", "100%", True),
        ind("产出指标", "时效指标", "项目完工时间", "2020年10月底前", "2020年10月26日", None),
        ind("产出指标", "成本指标", "单套健身路径采购安装成本", "≤3.5万元", "3.38万元", True),
        ind("效益指标", "社会效益指标", "居民日常健身参与度", "有效提升", "有效提升", None),
        ind("效益指标", "可持续影响指标", "设施管护责任落实率", "100%", "100%", True),
        ind("满意度指标", "服务对象满意度指标", "社区居民满意度", "≥90%", "95.1%", True),
        # sheet 2
        ind("产出指标", "数量指标", "举办区级全民健身赛事场次", "≥12场", "9场", False),
        ind("产出指标", "数量指标", "参赛群众人次", "≥6000人次", "4870人次", False),
        ind("产出指标", "质量指标", "赛事安全事故发生次数", "0次", "0次", True),
        ind("产出指标", "时效指标", "补助资金发放时限", "赛事结束后30日内", "平均18日", True),
        ind("产出指标", "成本指标", "单场赛事补助金额", "≤8万元/场", "6.52万元/场", True),
        ind("效益指标", "社会效益指标", "群众健身意识", "明显增强", "有所增强", None),
        ind("效益指标", "可持续影响指标", "培育群众性体育社会组织", "≥5个", "6个", True),
        ind("满意度指标", "服务对象满意度指标", "参赛群众满意度", "≥85%", "91.3%", True),
    ]
    write_gold(
        X2, "xlsx", "table",
        {"title": "项目支出绩效自评表（2020年度）", "region": "青山湖区", "fiscal_year": 2020,
         "fund_name": "青山湖区社区体育健身设施更新项目"},
        {"budget_total_yuan": yuan("150"), "executed_total_yuan": yuan("150"),
         "execution_rate_percent": "100.00",
         "sources": [{"name": "当年财政拨款", "budget_yuan": yuan("135"), "executed_yuan": yuan("135")},
                     {"name": "上年结转资金", "budget_yuan": yuan("15"), "executed_yuan": yuan("15")}]},
        I,
        [{"code": "score_sum_mismatch",
          "detail": "sheet '健身赛事补助' (全民健身赛事活动补助项目): 得分 执行率 9.03 + 产出 7.5+8+10+10+10 (=45.5) + "
                    "效益 12+15 (=27) + 满意度 10 = 91.53, but the 总分 row states 得分 93.53 (2.00 more). "
                    "分值 add to 100 as stated. (执行率得分 9.03 = 90.34% x 10 is itself consistent.)"}],
        "Workbook with two sheets in the same exported-form layout, each a different project of 青山湖区教育体育局 "
        "(2020). The gold schema holds one report, so report/funds describe sheet 1 '健身设施更新' and indicators "
        "list sheet 1 (8) then sheet 2 (8). Sheet 2 '健身赛事补助', project 青山湖区全民健身赛事活动补助项目: 年初预算数 "
        "80.00, 全年预算数 65.00 (调减), 全年执行数 58.72, 执行率 0.9034 shown 90.34% (58.72/65 = 90.34%, consistent), "
        "分值 10, 得分 9.03; 其中：当年财政拨款 80 / 65 / 58.72 (budget 650000.00 yuan, executed 587200.00 yuan); 上年结转资金 and 其他资金 rows empty. Sheet 1: 135+15 = 150 (budget and executed), "
        "rate 1 shown 100.00%, 得分 10; items 10+50+30+10 = 100 = 总分 100 (consistent); 其他资金 row empty (not listed). "
        "Percent actuals are numeric cells (1 -> '100%', 0.951 -> '95.1%', 0.913 -> '91.3%'). met: 0次 target = at "
        "most; '赛事结束后30日内' is an upper bound (以内) and 平均18日 meets it; 单场赛事补助 6.52 = 58.72/9 (consistent); "
        "群众健身意识 (明显增强 vs 有所增强, 12/15, reason given) is qualitative so met is null. Both unmet sheet-2 "
        "quantities have reasons and partial scores (7.5/10, 8/10). 2 sheets, 1 expected finding on sheet 2.")


# ============================================================================ h1 (HTML table)
H1 = "h1_zhalaiteqi-xiaoshe-2019"

PORTAL_HEAD = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="{charset}">
<title>{title}-{site}</title>
<meta name="keywords" content="{kw}">
<link rel="stylesheet" href="/static/css/common.css">
<script src="/static/js/jquery.min.js"></script>
</head>
<body>
<div class="top-bar"><div class="w1200"><span>{today}</span><a href="/wza/">无障碍</a> | <a href="/en/">English</a> | <a href="javascript:void(0)" class="elder">长者模式</a></div></div>
<div class="header"><div class="w1200"><a href="/" class="logo"><img src="/static/img/logo.png" alt="{site}"></a>
<form class="search" action="/search/"><input type="text" name="q" placeholder="请输入关键词"><button type="submit">搜索</button></form></div></div>
<div class="nav"><ul class="w1200">
<li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li>
<li><a href="/hdjl/">互动交流</a></li><li><a href="/zjwm/">{about}</a></li></ul></div>
"""

PORTAL_FOOT = """<div class="footer"><div class="w1200">
<p><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a> | <a href="/sm/">网站声明</a></p>
<p>主办单位：{host}　　承办：{op}</p>
<p>{icp}　　{gongan}　　网站标识码：{wzbs}</p>
</div></div>
<script>var _visit = 1;</script>
</body>
</html>
"""


def make_h1():
    site = "扎赉特旗人民政府"
    title = "扎赉特旗2019年度城乡义务教育校舍安全保障长效机制补助资金绩效自评表"
    head = PORTAL_HEAD.format(charset="utf-8", title=title, site=site, kw="绩效自评,校舍安全,财政资金",
                              today="2020年6月12日 星期五", about="走进扎赉特")
    cw = 'style="text-align:center"'
    fund_rows = [
        ("年度资金总额", "2146.80", "2077.56", "97.67%"),
        ("其中：中央财政资金", "1520.00", "1472.35", "96.87%"),
        ("自治区资金", "380.00", "380.00", "100.00%"),
        ("盟市资金", "96.80", "96.80", "100.00%"),
        ("旗县资金", "150.00", "128.41", "85.61%"),
    ]
    t = []
    t.append('<table class="MsoTableGrid" border="1" cellspacing="0" cellpadding="4" width="100%" style="border-collapse:collapse">')
    t.append('<tbody>')
    t.append(f'<tr><td colspan="2" {cw}>转移支付名称</td><td colspan="5">城乡义务教育校舍安全保障长效机制补助资金</td></tr>')
    t.append(f'<tr><td colspan="2" {cw}>中央主管部门</td><td colspan="2">教育部</td><td {cw}>地方主管部门</td><td colspan="2">扎赉特旗教育局</td></tr>')
    t.append(f'<tr><td colspan="2" {cw}>地方财政部门</td><td colspan="5">扎赉特旗财政局</td></tr>')
    t.append(f'<tr><td rowspan="6" {cw}>资金投入<br>情况<br>（万元）</td><td colspan="2">&nbsp;</td>'
             f'<td {cw}>全年预算数（A）</td><td {cw}>全年执行数（B）</td><td colspan="2" {cw}>执行率（B/A）</td></tr>')
    for name, a, b, r in fund_rows:
        t.append(f'<tr><td colspan="2">{name}</td><td {cw}>{a}</td><td {cw}>{b}</td><td colspan="2" {cw}>{r}</td></tr>')
    t.append(f'<tr><td rowspan="2" {cw}>总体<br>目标</td><td colspan="3" {cw}>年度目标</td><td colspan="3" {cw}>全年实际完成情况</td></tr>')
    t.append('<tr><td colspan="3">对全旗存在安全隐患的中小学校舍实施维修改造和抗震加固，消除校舍安全隐患，'
             '逐步建立校舍安全保障长效机制，改善农村牧区学校办学条件。</td>'
             '<td colspan="3">完成28所学校校舍维修改造3.72万平方米，当年开工的29个项目完工27个，'
             '2个项目因施工与教学时间冲突顺延至2020年暑期，已完工校舍安全隐患全部消除。</td></tr>')
    inds = [
        ("产出指标", 5, "数量指标", 2, "维修改造校舍面积", "≥3.6万平方米", "3.72万平方米", ""),
        (None, 0, None, 0, "受益中小学校数", "28所", "28所", ""),
        (None, 0, "质量指标", 1, "竣工验收合格率", "100%", "100%", ""),
        (None, 0, "时效指标", 1, "当年开工项目完工率", "≥95%", "93.1%",
         "2所寄宿制学校施工期与教学期冲突，为保证师生安全暂缓施工，已安排在2020年暑期完工；今后将开工时间统一前移至寒暑假。"),
        (None, 0, "成本指标", 1, "校舍维修改造平均单价", "≤600元/平方米", "558元/平方米", ""),
        ("效益指标", 2, "社会效益指标", 1, "校舍安全隐患", "基本消除", "已完工校舍隐患全部消除", ""),
        (None, 0, "可持续影响指标", 1, "校舍安全保障长效机制", "逐步健全", "逐步健全", ""),
        ("满意度指标", 1, "服务对象满意度指标", 1, "师生及家长满意度", "＞90%", "92.7%", ""),
    ]
    t.append(f'<tr><td rowspan="{len(inds) + 1}" {cw}>绩<br>效<br>指<br>标</td><td {cw}><strong>一级指标</strong></td>'
             f'<td {cw}><strong>二级指标</strong></td><td {cw}><strong>三级指标</strong></td><td {cw}><strong>指标值</strong></td>'
             f'<td {cw}><strong>全年实际完成值</strong></td><td {cw}><strong>未完成原因和改进措施</strong></td></tr>')
    for l1, n1, l2, n2, name, tg, ac, why in inds:
        cells = ""
        if l1:
            cells += f'<td rowspan="{n1}" {cw}>{l1}</td>' if n1 > 1 else f'<td {cw}>{l1}</td>'
        if l2:
            cells += f'<td rowspan="{n2}" {cw}>{l2}</td>' if n2 > 1 else f'<td {cw}>{l2}</td>'
        cells += f'<td>{name}</td><td {cw}>{tg}</td><td {cw}>{ac}</td><td>{why or "&nbsp;"}</td>'
        t.append(f'<tr>{cells}</tr>')
    t.append('</tbody></table>')
    body = f"""<div class="main w1200">
<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/czxx/">财政信息</a> &gt; <a href="/zwgk/czxx/ysjx/">预算绩效</a></div>
<div class="left-col"><ul class="sub-menu"><li><a href="/zwgk/czxx/ys/">财政预算</a></li><li><a href="/zwgk/czxx/js/">财政决算</a></li>
<li class="on"><a href="/zwgk/czxx/ysjx/">预算绩效</a></li><li><a href="/zwgk/czxx/zfcg/">政府采购</a></li></ul></div>
<div class="article">
<h1 class="art-title">{title}</h1>
<div class="art-info"><span>发布时间：2020-06-12 10:36</span><span>来源：扎赉特旗教育局</span><span>浏览次数：<em id="hits">--</em></span>
<span class="fontsize">字号：<a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a></span></div>
<div class="art-content" id="zoom">
<p style="text-indent:2em">根据自治区财政厅、教育厅关于开展2019年度转移支付资金绩效自评工作的通知要求，我旗对城乡义务教育校舍安全保障长效机制补助资金开展了绩效自评，现将自评表公开如下。中央财政资金结余47.65万元为工程质量保证金，按合同约定于质保期满后支付；旗县资金结余21.59万元随顺延项目结转使用。</p>
<p style="text-align:center"><strong>{title}</strong></p>
<p style="text-align:center">（2019年度）</p>
{chr(10).join(t)}
<p style="text-align:right">扎赉特旗教育局</p>
<p style="text-align:right">2020年6月10日</p>
</div>
<div class="art-share">分享到：<a href="javascript:;" class="wx">微信</a> <a href="javascript:;" class="wb">微博</a></div>
<div class="art-pn"><p>上一篇：<a href="/zwgk/czxx/ysjx/202006/t20200611_10871.html">扎赉特旗2019年度学生资助补助经费绩效自评表</a></p>
<p>下一篇：<a href="/zwgk/czxx/ysjx/202006/t20200615_10893.html">扎赉特旗2019年度农村综合改革转移支付资金绩效自评报告</a></p></div>
<div class="art-tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
</div>
"""
    foot = PORTAL_FOOT.format(host="扎赉特旗人民政府办公室", op="扎赉特旗融媒体中心", icp="蒙ICP备05000000号-1",
                              gongan="蒙公网安备 15222302000000号", wzbs="1522230000")
    (OUT / f"{H1}.html").write_text(head + body + foot, encoding="utf-8")

    I = [
        ind("产出指标", "数量指标", "维修改造校舍面积", "≥3.6万平方米", "3.72万平方米", True),
        ind("产出指标", "数量指标", "受益中小学校数", "28所", "28所", True),
        ind("产出指标", "质量指标", "竣工验收合格率", "100%", "100%", True),
        ind("产出指标", "时效指标", "当年开工项目完工率", "≥95%", "93.1%", False),
        ind("产出指标", "成本指标", "校舍维修改造平均单价", "≤600元/平方米", "558元/平方米", True),
        ind("效益指标", "社会效益指标", "校舍安全隐患", "基本消除", "已完工校舍隐患全部消除", None),
        ind("效益指标", "可持续影响指标", "校舍安全保障长效机制", "逐步健全", "逐步健全", None),
        ind("满意度指标", "服务对象满意度指标", "师生及家长满意度", "＞90%", "92.7%", True),
    ]
    write_gold(
        H1, "html", "table",
        {"title": title, "region": "扎赉特旗", "fiscal_year": 2019,
         "fund_name": "城乡义务教育校舍安全保障长效机制补助资金"},
        {"budget_total_yuan": yuan("2146.80"), "executed_total_yuan": yuan("2077.56"),
         "execution_rate_percent": "97.67",
         "sources": [{"name": "中央财政资金", "budget_yuan": yuan("1520.00"), "executed_yuan": yuan("1472.35")},
                     {"name": "自治区资金", "budget_yuan": yuan("380.00"), "executed_yuan": yuan("380.00")},
                     {"name": "盟市资金", "budget_yuan": yuan("96.80"), "executed_yuan": yuan("96.80")},
                     {"name": "旗县资金", "budget_yuan": yuan("150.00"), "executed_yuan": yuan("128.41")}]},
        I,
        [{"code": "execution_rate_mismatch",
          "detail": "年度资金总额 执行率（B/A） stated 97.67%, but 2077.56/2146.80 = 96.77% (digits transposed). The source "
                    "rows are consistent (1472.35/1520 = 96.87%, 128.41/150 = 85.61%, 100.00% twice) and the sources "
                    "add up (1520+380+96.80+150 = 2146.80; 1472.35+380+96.80+128.41 = 2077.56)."}],
        "Government portal page (UTF-8): top bar, search, nav, breadcrumb (首页 > 政务公开 > 财政信息 > 预算绩效), left "
        "sub-menu, 发布时间 2020-06-12, share/print widgets, previous/next links naming other 2019 reports, footer. "
        "The content div holds one intro paragraph and a 转移支付 区域绩效自评表 <table> (7 columns) using colspan for "
        "header cells and rowspan for 资金投入情况 (6 rows), 总体目标 (2), a vertical '绩效指标' label (9 rows), 一级 "
        "(产出 5, 效益 2) and 二级 (数量 2). Inner Mongolia source names 自治区/盟市/旗县. Unit only in '资金投入情况"
        "（万元）'. Intro: 1520-1472.35 = 47.65 and 150-128.41 = 21.59 (consistent). 受益中小学校数 target bare '28所' "
        "(at least) met. 完工率 93.1% (27/29 = 93.10%) < 95% unmet with reason; '＞90%' fullwidth greater-than. Cost "
        "3.72万㎡ x 558 = 2075.76万元 is plausible against 2077.56 executed. Links to other reports in the page are "
        "navigation, not content.")


# ============================================================================ h2 (HTML prose, GBK)
H2 = "h2_ningyuan-chengxiangkeyun-2023"


def make_h2():
    site = "宁远县人民政府"
    title = "宁远县2023年度城乡交通运输一体化补助资金绩效自评报告"
    head = PORTAL_HEAD.format(charset="gbk", title=title, site=site, kw="绩效自评报告,交通运输",
                              today="2024年5月20日", about="走进宁远")
    ps = [
        ("h", "一、基本情况"),
        ("p", "为推进城乡客运一体化发展，2023年我县共获得城乡交通运输一体化补助资金６５８．２０万元，其中中央车购税补助资金"
              "420.00万元、省级补助资金150.00万元、县级配套资金88.20万元，主要用于新能源公交车购置补助、城乡公交线路运营补贴"
              "和农村客运站点改造。"),
        ("p", "年度总体目标为：新增和优化城乡公交线路，实现具备条件的建制村100%通客车，提升城乡客运服务均等化水平。"),
        ("h", "二、绩效目标完成情况分析"),
        ("s", "（一）资金投入情况分析"),
        ("p", "全年预算数658.20万元，执行数645.18万元，预算执行率98.02%。其中中央车购税补助资金支出420.00万元，省级补助资金支出"
              "150.00万元，县级配套资金支出75.18万元。"),
        ("s", "（二）资金管理情况分析"),
        ("p", "县交通运输局与县财政局联合制定补贴资金分配方案，按车辆购置发票和线路运营里程核定补助金额，资金通过国库集中支付"
              "直达企业，财务资料完整。"),
        ("s", "（三）绩效指标完成情况分析"),
        ("p", "1.产出指标。"),
        ("p", "数量指标：城乡公交线路开通数量目标值≥36条，实际开通38条；具备条件的建制村通客车率，指标值100%，全年实际完成值100%。"),
        ("p", "质量指标：城乡公交运营安全责任事故目标为0起，全年实际发生0起。"),
        ("p", "时效指标：补贴资金发放时间要求2023年11月底前，实际于11月24日全部发放到企业。"),
        ("p", "成本指标：新能源公交车购置补助标准为不高于8万元/辆，实际按8万元/辆执行。"),
        ("p", "2.效益指标。"),
        ("p", "社会效益指标：农村群众出行便利程度目标为显著提升，实际完成显著提升，平均候车时间由40分钟缩短至25分钟。"),
        ("p", "生态效益指标：新能源公交车占比目标值≥80%，实际完成76.5%，未完成年度目标。"),
        ("p", "3.满意度指标。"),
        ("p", "服务对象满意度指标：沿线群众满意度目标值不低于90%，问卷调查实际满意度93.6%。"),
        ("p", "8项指标中，除新能源公交车占比外，其余7项均已完成。自评得分94.5分，等级为“优”。"),
        ("h", "三、偏离绩效目标的原因和下一步改进措施"),
        ("p", "（一）新能源公交车占比为76.5%，低于目标3.5个百分点。主要原因是九嶷山、桐木漯等山区线路坡陡弯多，纯电动车辆"
              "续航和爬坡能力不足，仍保留部分柴油车运营。下一步将试点投放插电式混合动力车型，逐步替换老旧柴油车。"),
        ("p", "（二）县级配套资金结余13.02万元，系两处农村客运招呼站改造工程尚未结算，待2024年竣工决算后支付。"),
        ("h", "四、绩效自评结果应用"),
        ("p", "自评结果作为下一年度补助资金分配和线路运营考核的依据，并按要求向社会公开。"),
        ("h", "五、其他需要说明的问题"),
        ("p", "无。"),
    ]
    html_p = []
    for kind, text in ps:
        if kind == "h":
            html_p.append(f'<p style="text-indent:2em;font-family:黑体"><strong>{text}</strong></p>')
        elif kind == "s":
            html_p.append(f'<p style="text-indent:2em;font-family:楷体">{text}</p>')
        else:
            html_p.append(f'<p style="text-indent:2em">{text}</p>')
    body = f"""<div class="main w1200">
<div class="crumbs">您当前的位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/bmxxgk/">部门信息公开</a> &gt; <a href="/zwgk/bmxxgk/jtysj/">县交通运输局</a></div>
<table class="xxgk-meta" width="100%"><tr><td>索引号：</td><td>431126000/2024-00318</td><td>发布机构：</td><td>宁远县交通运输局</td></tr>
<tr><td>公开方式：</td><td>主动公开</td><td>发布时间：</td><td>2024-05-20</td></tr></table>
<div class="article">
<h1 class="art-title">{title}</h1>
<div class="art-info">发布时间：2024-05-20 16:02　来源：宁远县交通运输局　【字体：<a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a>】</div>
<div class="TRS_Editor" id="zoom">
{chr(10).join(html_p)}
<p style="text-align:right">宁远县交通运输局</p>
<p style="text-align:right">2024年5月16日</p>
<p>附件：<a href="./P020240520360000000000.xls">2023年度城乡交通运输一体化补助资金绩效自评表.xls</a></p>
</div>
<div class="art-tools"><a href="javascript:window.print()">打印</a> | <a href="javascript:window.close()">关闭</a></div>
</div>
<div class="related"><h3>相关阅读</h3><ul><li><a href="/zwgk/bmxxgk/jtysj/202405/t20240520_0001.html">宁远县交通运输局2023年部门整体支出绩效自评报告</a></li>
<li><a href="/zwgk/bmxxgk/jtysj/202404/t20240412_0002.html">宁远县交通运输局2024年部门预算公开</a></li></ul></div>
</div>
"""
    foot = PORTAL_FOOT.format(host="宁远县人民政府办公室", op="宁远县融媒体中心", icp="湘ICP备10000000号",
                              gongan="湘公网安备 43112600000000号", wzbs="4311260000")
    page = head + body + foot
    (OUT / f"{H2}.html").write_bytes(page.encode("gbk"))  # strict: fails if any char is outside GBK

    I = [
        ind("产出指标", "数量指标", "城乡公交线路开通数量", "≥36条", "38条", True),
        ind("产出指标", "数量指标", "具备条件的建制村通客车率", "100%", "100%", True),
        ind("产出指标", "质量指标", "城乡公交运营安全责任事故", "0起", "0起", True),
        ind("产出指标", "时效指标", "补贴资金发放时间", "2023年11月底前", "11月24日全部发放到企业", None),
        ind("产出指标", "成本指标", "新能源公交车购置补助标准", "不高于8万元/辆", "8万元/辆", True),
        ind("效益指标", "社会效益指标", "农村群众出行便利程度", "显著提升", "显著提升", None),
        ind("效益指标", "生态效益指标", "新能源公交车占比", "≥80%", "76.5%", False),
        ind("满意度指标", "服务对象满意度指标", "沿线群众满意度", "不低于90%", "93.6%", True),
    ]
    write_gold(
        H2, "html", "prose",
        {"title": title, "region": "宁远县", "fiscal_year": 2023, "fund_name": "城乡交通运输一体化补助资金"},
        {"budget_total_yuan": yuan("658.20"), "executed_total_yuan": yuan("645.18"),
         "execution_rate_percent": "98.02",
         "sources": [{"name": "中央车购税补助资金", "budget_yuan": yuan("420.00"), "executed_yuan": yuan("420.00")},
                     {"name": "省级补助资金", "budget_yuan": yuan("150.00"), "executed_yuan": yuan("150.00")},
                     {"name": "县级配套资金", "budget_yuan": yuan("88.20"), "executed_yuan": yuan("75.18")}]},
        I, [],
        "Portal page encoded in GBK (<meta charset=\"gbk\">), with nav, breadcrumb, an 信息公开 meta table (索引号/发布机构/"
        "发布时间 — not a 自评表), related-reading links and footer; the report is prose in <p> paragraphs, headings "
        "only as bold/styled <p>. The section-一 total is written in fullwidth digits '６５８．２０万元' (same value as "
        "the 658.20 in section 二). The page also links a 自评表 .xls attachment that is not included. Consistent: "
        "420+150+88.20 = 658.20, 420+150+75.18 = 645.18, 645.18/658.20 = 98.02%, 88.20-75.18 = 13.02 (stated 结余), "
        "80-76.5 = 3.5 points. The one unmet indicator (新能源公交车占比) is excepted in the summary sentence and has "
        "a reason in section 三. 自评得分94.5分 with no item scores (nothing to add up). Operators: ≥, 不高于 (cost, "
        "met), 不低于; '0起' target = at most; the deadline indicator is met null.")


# ============================================================================ checks
def check():
    D = Decimal
    r = lambda a, b, p=2: pct(a, b, p)
    print("o1 rate", r("507.36", "520.00"), "sources", D("500") + D("20"), D("487.36") + D("20"),
          "score9.757", (D("97.57") / 10).quantize(D("0.01"), ROUND_HALF_UP),
          "sum", D("9.76") + 48 + 29 + 10, "unit cost", (D("507.36") / 126).quantize(D("0.01")))
    print("o2 rate", r("451.24", "460"), "county", r("52.74", "61.50"), "sum", D("312") + D("86.5") + D("61.5"),
          D("312") + D("86.5") + D("52.74"), "完成率", r("53816", "52000"), r("126", "120"))
    print("o3 rate", r("1231.06", "1268.40"), "county", r("156.06", "183.40"),
          "SRC BUDGET SUM", D("860") + D("215") + D("183.40"), "exec sum", D("860") + D("215") + D("156.06"))
    print("x1 rate", r("385.56", "392.5"), "sum", D("372.5") + 20, D("365.56") + 20, "37/42", r("37", "42", 1),
          "score", D("9.82") + 50 + 28 + 10)
    s1 = sum(D(str(i[7])) for i in X2_S1["inds"]) + D("10")
    s2 = sum(D(str(i[7])) for i in X2_S2["inds"]) + D("9.03")
    f2 = sum(D(str(i[6])) for i in X2_S2["inds"]) + 10
    print("x2 s1 score", s1, "s2 rate", r("58.72", "65"), "s2 score SUM", s2, "vs stated 93.53; 分值", f2,
          "per-event", (D("58.72") / 9).quantize(D("0.01")))
    print("h1 RATE", r("2077.56", "2146.80"), "vs stated 97.67; central", r("1472.35", "1520"), "qixian",
          r("128.41", "150"), "sums", D("1520") + D("380") + D("96.80") + D("150"),
          D("1472.35") + D("380") + D("96.80") + D("128.41"), "27/29", r("27", "29"),
          "unit", D("3.72") * 558)
    print("h2 rate", r("645.18", "658.20"), "sums", D("420") + D("150") + D("88.20"), D("420") + D("150") + D("75.18"))


if __name__ == "__main__":
    make_o1()
    make_o2()
    make_o3()
    make_x1()
    make_x2()
    make_h1()
    make_h2()
    check()
