"""Build the corpus's spreadsheet documents: x01-x03 (.xlsx) and x04 (.xls).

Usage (from the repository root, with the project's venv; needs LibreOffice):
    python corpus/make/build_xlsx.py [--outdir DIR]
Each workbook is described below as rows of cells, with the corpus markup for merges (`^^` merged
with the cell above, `<<` with the cell to the left). A number cell is `N(value, format)`, a
formula `F("=E6/D6", format)`. openpyxl writes the workbook, and LibreOffice then converts it
(to .xlsx, or to .xls for x04): LibreOffice computes the formulas and stores their cached
values, which openpyxl cannot do, so the files read like ones saved by an office suite.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

CORPUS = Path(__file__).resolve().parent.parent
MERGE_UP = "^^"
MERGE_LEFT = "<<"
LO_TIMEOUT_S = 300


@dataclass(frozen=True)
class N:
    value: float
    format: str = "General"


@dataclass(frozen=True)
class F:
    formula: str
    format: str = "General"


Row = list[object]
WAN = "0.00"
PCT = "0.00%"


def transfer_x01() -> list[Row]:
    reason_bridge = "2座危桥因汛期河道水位偏高顺延至2025年枯水期施工，已完成设计招标，下一步加快施工进度。"
    return [
        ["泗洪县2024年度农村公路养护补助资金绩效目标自评表", "<<", "<<", "<<", "<<", "<<"],
        ["转移支付名称", "农村公路养护补助资金", "<<", "<<", "<<", "<<"],
        ["中央主管部门", "交通运输部", "<<", "<<", "<<", "<<"],
        ["地方主管部门", "泗洪县交通运输局", "<<", "地方财政部门", "泗洪县财政局", "<<"],
        ["资金投入情况（万元）", "", "<<", "全年预算数(A)", "全年执行数(B)", "执行率(B/A)"],
        ["^^", "年度资金总额", "<<", N(2850, WAN), F("=SUM(E7:E9)", "#,##0.00"), F("=E6/D6", PCT)],
        ["^^", "其中：中央财政资金", "<<", N(1500, WAN), N(1500, WAN), F("=E7/D7", PCT)],
        ["^^", "省级财政资金", "<<", N(800, WAN), N(742.35, "#,##0.00"), F("=E8/D8", PCT)],
        ["^^", "县级财政资金", "<<", N(550, WAN), N(498.6, WAN), F("=E9/D9", PCT)],
        ["资金管理情况", "分配科学性", "<<", "按各乡镇列养里程和路况等级因素法分配，分配方案经县政府常务会议审定。",
         "<<", "<<"],
        ["^^", "下达及时性", "<<", "省级资金到位后20日内下达至各乡镇和养护单位。", "<<", "<<"],
        ["^^", "使用规范性", "<<", "实行县级报账制，专款专用，未发现截留挪用。", "<<", "<<"],
        ["总体目标", "年度目标", "<<", "<<", "全年实际完成情况", "<<"],
        ["^^", "完成1200公里以上农村公路日常养护，改造危桥6座，农村公路列养率100%，优良中等路比例不低于85%，"
               "改善沿线群众出行条件。", "<<", "<<",
         "全年完成农村公路日常养护1268公里，改造危桥4座，列养率98.2%，优良中等路比例87.3%，沿线群众出行条件明显改善。",
         "<<"],
        ["一级指标", "二级指标", "三级指标", "指标值", "全年实际完成值", "未完成原因和改进措施"],
        ["产出指标", "数量指标", "农村公路日常养护里程", "≥1200公里", N(1268, '0"公里"'), ""],
        ["^^", "^^", "危桥改造座数", "6座", "4座", reason_bridge],
        ["^^", "质量指标", "农村公路列养率", "100%", N(0.982, "0.0%"), ""],
        ["^^", "^^", "优良中等路比例", "≥85%", N(0.873, "0.0%"), ""],
        ["^^", "时效指标", "养护资金拨付完成时间", "2024年12月31日前", "2024年12月", ""],
        ["^^", "成本指标", "农村公路养护单位成本", "≤1.2万元/公里", "1.15万元/公里", ""],
        ["效益指标", "社会效益指标", "沿线群众出行条件", "明显改善", "明显改善", ""],
        ["^^", "可持续影响指标", "农村公路管养长效机制", "持续健全", "已建立县乡村三级路长制", ""],
        ["满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%", N(0.936, "0.0%"), ""],
        [],
        ["填报日期：2025年2月18日"],
    ]


def project_x02() -> list[Row]:
    return [
        ["岳池县2024年度中小学校舍维修改造项目支出绩效自评表", "<<", "<<", "<<", "<<", "<<", "<<", "<<", "<<"],
        ["项目名称", "中小学校舍维修改造项目", "<<", "<<", "<<", "<<", "<<", "<<", "<<"],
        ["主管部门", "岳池县教育和体育局", "<<", "<<", "实施单位", "岳池县教育基建服务中心", "<<", "<<", "<<"],
        ["项目资金（万元）", "", "<<", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["^^", "年度资金总额", "<<", N(420, WAN), N(456.8, WAN), N(441.26, WAN), N(10), F("=F5/E5", PCT),
         F("=ROUND(MIN(F5/E5,1)*G5,2)", WAN)],
        ["^^", "其中：当年财政拨款", "<<", N(400, WAN), N(430, WAN), N(416.26, WAN), "—", "—", "—"],
        ["^^", "上年结转资金", "<<", N(20, WAN), N(26.8, WAN), N(25, WAN), "—", "—", "—"],
        ["年度总体目标", "预期目标", "<<", "<<", "<<", "实际完成情况", "<<", "<<", "<<"],
        ["^^", "完成12所中小学校舍维修改造，维修面积不少于18000平方米，工程验收合格率100%，消除校舍安全隐患。",
         "<<", "<<", "<<",
         "完成12所学校校舍维修改造18650平方米，工程全部验收合格，校舍安全隐患整改率95%，受益学生9420人。",
         "<<", "<<", "<<"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施",
         "<<"],
        ["产出指标", "数量指标", "维修改造校舍面积", "≥18000平方米", N(18650, '0"平方米"'), N(15), N(15), "无", "<<"],
        ["^^", "^^", "改造学校数量", "12所", "12所", N(10), N(10), "无", "<<"],
        ["^^", "质量指标", "工程验收合格率", "100%", N(1, "0%"), N(10), N(10), "无", "<<"],
        ["^^", "时效指标", "工程完工时间", "2024年8月31日前", "2024年9月", N(5), N(4),
         "个别项目受汛期影响延后半个月完工，已督促施工单位加强工期管理。", "<<"],
        ["^^", "成本指标", "单位面积维修成本", "≤260元/平方米", "236.6元/平方米", N(10), N(10), "无", "<<"],
        ["效益指标", "社会效益指标", "受益学生人数", "≥9000人", "9420人", N(10), N(10), "无", "<<"],
        ["^^", "^^", "校舍安全隐患整改率", "100%", N(0.95, "0%"), N(10), N(9),
         "3处隐患需结合2025年新建项目一并整改，已列入下年度计划。", "<<"],
        ["满意度指标", "服务对象满意度指标", "师生及家长满意度", "≥90%", N(0.952, "0.0%"), N(10), N(10), "无", "<<"],
        ["总分", "<<", "<<", "<<", "<<", N(100), N(88.66, WAN), "", "<<"],
        ["自评等级", "<<", "<<", "<<", "<<", "良", "<<", "<<", "<<"],
    ]


def _small_project(title: str, name: str, agency: str, funds: tuple[float, float, float],
                   indicators: list[Row], total: float, grade: str) -> list[Row]:
    initial, budget, executed = funds
    return [
        [title, "<<", "<<", "<<", "<<", "<<", "<<", "<<", "<<"],
        ["项目名称", name, "<<", "<<", "<<", "<<", "<<", "<<", "<<"],
        ["主管部门", agency, "<<", "<<", "实施单位", agency, "<<", "<<", "<<"],
        ["项目资金（万元）", "", "<<", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["^^", "年度资金总额", "<<", N(initial, WAN), N(budget, WAN), N(executed, WAN), N(10), F("=F5/E5", PCT),
         F("=ROUND(MIN(F5/E5,1)*G5,2)", WAN)],
        ["^^", "其中：当年财政拨款", "<<", N(initial, WAN), N(budget, WAN), N(executed, WAN), "—", "—", "—"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施",
         "<<"],
        *indicators,
        ["总分", "<<", "<<", "<<", "<<", N(100), F("=I5+SUM(G8:G" + str(7 + len(indicators)) + ")", WAN), "", "<<"],
        ["自评等级", "<<", "<<", "<<", "<<", grade, "<<", "<<", "<<"],
    ]


def tea_sheet() -> list[Row]:
    return _small_project(
        "英山县2024年度茶叶标准化基地建设项目支出绩效自评表", "茶叶标准化基地建设项目", "英山县农业农村局",
        (300, 300, 287.4),
        [["产出指标", "数量指标", "新建标准化茶园面积", "≥3000亩", N(3120, '0"亩"'), N(30), N(30), "无", "<<"],
         ["^^", "质量指标", "茶苗成活率", "≥90%", N(0.914, "0.0%"), N(20), N(20), "无", "<<"],
         ["效益指标", "经济效益指标", "带动茶农户均增收", "≥2000元", "2350元", N(20), N(20), "无", "<<"],
         ["满意度指标", "服务对象满意度指标", "茶农满意度", "≥90%", N(0.93, "0%"), N(20), N(20), "无", "<<"]],
        99.58, "优")


def cold_chain_sheet() -> list[Row]:
    return _small_project(
        "英山县2024年度农产品冷链物流设施补助项目支出绩效自评表", "农产品冷链物流设施补助项目", "英山县商务局",
        (180, 200, 150),
        [["产出指标", "数量指标", "新建冷库库容", "≥5000吨", "4200吨", N(30), N(25),
          "1座冷库因用地手续办理滞后未能按期建成，预计2025年6月投入使用。", "<<"],
         ["^^", "时效指标", "补助资金拨付时间", "2024年10月底前", "2024年10月", N(20), N(20), "无", "<<"],
         ["效益指标", "社会效益指标", "农产品产后损耗率", "≤8%", N(0.075, "0.0%"), N(20), N(20), "无", "<<"],
         ["满意度指标", "服务对象满意度指标", "经营主体满意度", "≥85%", N(0.88, "0%"), N(20), N(18), "无", "<<"]],
        90.5, "优")


def notes_sheet() -> list[Row]:
    return [["填报说明"], ["1. 金额单位为万元，保留两位小数。"], ["2. 每个项目单独填写一个工作表。"]]


def transfer_x04() -> list[Row]:
    return [
        ["来凤县2023年度农业生产发展资金绩效目标自评表", "<<", "<<", "<<", "<<", "<<"],
        ["转移支付名称", "农业生产发展资金", "<<", "<<", "<<", "<<"],
        ["中央主管部门", "农业农村部", "<<", "<<", "<<", "<<"],
        ["地方主管部门", "来凤县农业农村局", "<<", "地方财政部门", "来凤县财政局", "<<"],
        ["资金投入情况（万元）", "", "<<", "全年预算数(A)", "全年执行数(B)", "执行率(B/A)"],
        ["^^", "年度资金总额", "<<", N(1968.4, WAN), N(1872.52, WAN), N(0.9612, PCT)],
        ["^^", "其中：中央财政资金", "<<", N(1620, WAN), N(1572.52, WAN), F("=E7/D7", PCT)],
        ["^^", "省级财政资金", "<<", N(348.4, WAN), N(300, WAN), F("=E8/D8", PCT)],
        ["总体目标", "年度目标", "<<", "<<", "全年实际完成情况", "<<"],
        ["^^", "支持新型农业经营主体高质量发展，实施耕地地力保护和农机购置补贴，稳定粮食播种面积。", "<<", "<<",
         "扶持新型农业经营主体46家，发放农机购置补贴1350台（套），粮食播种面积稳定在33.6万亩。", "<<"],
        ["一级指标", "二级指标", "三级指标", "指标值", "全年实际完成值", "未完成原因和改进措施"],
        ["产出指标", "数量指标", "扶持新型农业经营主体数量", "≥40家", "46家", ""],
        ["^^", "^^", "农机购置补贴机具数量", "≥1500台（套）", "1350台（套）",
         "部分农户购机意愿推迟，下一步加强政策宣传。"],
        ["^^", "质量指标", "补贴对象核查准确率", "100%", N(1, "0%"), ""],
        ["效益指标", "社会效益指标", "粮食播种面积", "≥33万亩", "33.6万亩", ""],
        ["满意度指标", "服务对象满意度指标", "补贴对象满意度", "≥90%", N(0.945, "0.0%"), ""],
    ]


WORKBOOKS: dict[str, list[tuple[str, list[Row]]]] = {
    "x01_sihong_gonglu_transfer.xlsx": [("自评表", transfer_x01())],
    "x02_yuechi_xiaoshe_project.xlsx": [("项目支出绩效自评表", project_x02())],
    "x03_yingshan_two_projects.xlsx": [("茶叶基地", tea_sheet()), ("冷链物流", cold_chain_sheet()),
                                       ("填报说明", notes_sheet())],
    "x04_laifeng_nongye_transfer.xls": [("Sheet1", transfer_x04())],
}


def write_sheet(sheet: object, rows: list[Row]) -> None:
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(sheet, Worksheet)
    owners: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value == MERGE_UP:
                owners[(r, c)] = owners.get((r - 1, c), (r - 1, c))
                continue
            if value == MERGE_LEFT:
                owners[(r, c)] = owners.get((r, c - 1), (r, c - 1))
                continue
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, N):
                cell.value, cell.number_format = value.value, value.format
            elif isinstance(value, F):
                cell.value, cell.number_format = value.formula, value.format
            else:
                cell.value = str(value)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for (r, c), owner in owners.items():
        last = spans.get(owner, owner)
        spans[owner] = (max(last[0], r), max(last[1], c))
    for (r0, c0), (r1, c1) in spans.items():
        sheet.merge_cells(f"{get_column_letter(c0)}{r0}:{get_column_letter(c1)}{r1}")


def convert(source: Path, target_ext: str, outdir: Path, profile: Path) -> Path:
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", target_ext, "--outdir", str(outdir), str(source)],
                   check=True, capture_output=True, timeout=LO_TIMEOUT_S)
    return outdir / f"{source.stem}.{target_ext}"


def build(outdir: Path) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, sheets in WORKBOOKS.items():
            workbook = Workbook()
            workbook.remove(workbook.active)
            for title, rows in sheets:
                write_sheet(workbook.create_sheet(title), rows)
            stem = Path(name).stem
            draft = work / "draft" / f"{stem}.xlsx"
            draft.parent.mkdir(exist_ok=True)
            workbook.save(draft)
            made = convert(draft, Path(name).suffix.lstrip("."), work / "out", work / "profile")
            shutil.copyfile(made, outdir / name)
            print(f"wrote {outdir / name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--outdir", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    build(args.outdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
