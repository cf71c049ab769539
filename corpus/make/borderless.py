"""Reports whose 自评表 is drawn without ruling lines, its header at the foot of page 1 and its rows
on page 2, cells wrapped over two or three lines (reportlab, STSong-Light not embedded).

Used by build_reportlab.py. All text is invented. Each table is laid out as WPS and report
generators do without borders: columns by position only, cell text wrapped inside its column,
a little padding between rows; the first page's prose is long enough that only the header
row fits below it (the build fails if the header and the rows do not fall that way).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import build_reportlab as base

SIZE = 10.0
LEADING = 13.0


@dataclass(frozen=True, slots=True)
class BorderlessTable:
    name: str
    title: str
    before: tuple[str, ...]  # paragraphs on page 1 above the table
    columns: tuple[tuple[str, float], ...]  # header text and width (points)
    rows: tuple[tuple[str, ...], ...]
    after: tuple[str, ...]  # paragraphs after the table
    valign: str = "top"  # or "middle": each cell centred in its row
    frame: bool = False  # an outer frame around each page's part, no inner rules
    padding: float = 3.5
    left: float = 72.0
    footer_numbers: bool = True
    extra: dict[str, str] = field(default_factory=dict)


def _cell_lines(text: str, width: float) -> list[str]:
    if not text:
        return []
    return base.wrap(text, width - 4, SIZE, 0.0, whole_numbers=True, hang=True)


class _Table:
    def __init__(self, canvas: base.Canvas, spec: BorderlessTable) -> None:
        self.canvas = canvas
        self.spec = spec
        self.lefts = [spec.left]
        for _, width in spec.columns:
            self.lefts.append(self.lefts[-1] + width)
        self.part_top: float | None = None

    def row_height(self, cells: tuple[str, ...]) -> float:
        lines = max(len(_cell_lines(text, width)) for text, (_, width) in zip(cells, self.spec.columns, strict=True))
        return max(lines, 1) * LEADING + 2 * self.spec.padding

    def draw_row(self, cells: tuple[str, ...]) -> None:
        canvas = self.canvas
        height = self.row_height(cells)
        if self.part_top is None:
            self.part_top = canvas.y
        top = canvas.y
        for text, (_, width), x in zip(cells, self.spec.columns, self.lefts, strict=False):
            lines = _cell_lines(text, width)
            offset = (height - 2 * self.spec.padding - len(lines) * LEADING) / 2 if self.spec.valign == "middle" else 0
            y = top - self.spec.padding - offset
            for line in lines:
                y -= LEADING
                canvas.c.setFont(base.FONT, SIZE)
                canvas.c.drawString(x + 2, y + 3, line)
        canvas.y = top - height

    def close_part(self) -> None:
        if self.spec.frame and self.part_top is not None:
            self.canvas.c.setLineWidth(0.8)
            width = self.lefts[-1] - self.lefts[0]
            self.canvas.c.rect(self.lefts[0], self.canvas.y, width, self.part_top - self.canvas.y)
        self.part_top = None


def build(spec: BorderlessTable) -> Path:
    path = base.CORPUS / spec.name
    canvas = base.Canvas(path, None, top=770.0, bottom=70.0)
    measure = 595.0 - 2 * spec.left
    canvas.c.setFont(base.FONT, 16)
    canvas.y -= 24
    canvas.c.drawCentredString(base.PAGE_W / 2, canvas.y, spec.title)
    canvas.y -= 10
    _paragraphs(canvas, spec.before, spec.left, measure)
    table = _Table(canvas, spec)
    header = tuple(text for text, _ in spec.columns)
    canvas.y -= 6
    left = canvas.y - canvas.bottom
    if left < table.row_height(header):
        raise SystemExit(f"{spec.name}: the header does not fit on page 1 ({left:.0f} pt left); shorten the prose")
    table.draw_row(header)
    left = canvas.y - canvas.bottom
    if left >= table.row_height(spec.rows[0]):
        raise SystemExit(f"{spec.name}: the first row still fits on page 1 ({left:.0f} pt left); lengthen the prose")
    for row in spec.rows:
        if canvas.y - table.row_height(row) < canvas.bottom:
            table.close_part()
            canvas.new_page()
        table.draw_row(row)
    table.close_part()
    canvas.y -= 8
    _paragraphs(canvas, spec.after, spec.left, measure)
    canvas.save()
    return path


def _paragraphs(canvas: base.Canvas, texts: tuple[str, ...], left: float, measure: float) -> None:
    size = 12.0
    for text in texts:
        lines = base.wrap(text, measure, size, 2 * size, whole_numbers=True, hang=True)
        for index, line in enumerate(lines):
            x0 = left + (2 * size if index == 0 else 0)
            canvas.line(line, x0, left + measure, size, 21.0, index < len(lines) - 1)


_B01_COLUMNS = (
    ("一级指标", 44.0), ("二级指标", 46.0), ("三级指标", 82.0), ("年度指标值", 52.0),
    ("全年实际完成值", 52.0), ("分值", 26.0), ("得分", 28.0), ("偏差原因分析及改进措施", 121.0),
)
_B01_REASON = "三座危旧桥梁因汛期河道水位偏高未能按期开工，已调整至2025年枯水期实施。"

B01 = BorderlessTable(
    name="b01_chunan_gonglu_borderless.pdf",
    title="淳安县2024年度农村公路养护补助资金绩效自评报告",
    before=(
        "一、基本情况",
        "淳安县农村公路养护补助资金用于县道、乡道和村道的日常养护、桥梁定期检查和危旧桥梁改造，由县交通运输局"
        "会同县财政局按照各乡镇养护里程和路况评定结果测算分配，资金实行专账核算、专款专用。",
        "2024年度淳安县农村公路养护补助资金全年预算数1856.40万元，其中中央财政资金620.00万元、省级财政资金"
        "812.40万元、县级财政资金424.00万元；全年执行数1702.35万元，预算执行率91.70%。",
        "二、绩效目标完成情况",
        "县交通运输局组织各乡镇对养护里程、桥梁检查和改造任务逐项核实，通过路况检测数据、工程验收资料和"
        "群众满意度调查相结合的方式确定完成值。全年共完成县乡村道日常养护1312公里，完成农村公路桥梁定期"
        "检查146座，改造危旧桥梁9座，农村公路优良中等路率达到83.6%，养护工程全部通过验收。",
        "养护资金按照“以奖代补、先干后补”的方式拨付，各乡镇在完成季度养护考核后申请拨付，县财政局在"
        "收到考核结果后十个工作日内完成拨付，全年资金拨付及时率97.2%。县交通运输局建立了养护巡查台账，"
        "对巡查中发现的路面坑槽、边沟堵塞等病害实行限期处置、销号管理，日常养护质量较上年有明显提升。",
        "绩效目标设定方面，县交通运输局依据省厅下达的年度养护任务，结合全县农村公路技术状况评定结果，"
        "设定了产出、效益和满意度三类共十项三级指标，明确了指标值、数据来源和评价标准，并随预算一并下达"
        "至各乡镇。年中对指标执行情况开展了一次监控，对桥梁改造进度滞后的问题进行了预警和督办。",
        "资金管理方面，县财政局将补助资金纳入国库集中支付，按照养护考核结果分季度拨付，乡镇在收到资金后"
        "十五个工作日内支付给养护单位，全年未发现截留、挤占和挪用资金的情况；对两个乡镇养护台账不完整的"
        "问题，已督促整改到位。",
        "同时，县交通运输局委托第三方检测机构对全县农村公路路况开展年度抽检，抽检结果作为下一年度"
        "资金分配的重要依据，对路况评定等级下降的乡镇相应核减补助资金，对连续两年评定为优良的乡镇给予"
        "适当奖励，奖励资金统筹用于当地农村公路的日常养护、安全隐患整治和路域环境提升，进一步调动乡镇"
        "加强养护管理的积极性，形成了以考核促养护、以养护保畅通的良性循环，全县农村公路通行条件持续改善。",
        "各项绩效指标的完成情况详见下表。",
    ),
    columns=_B01_COLUMNS,
    rows=(
        ("产出指标", "数量指标", "县道及乡村道路日常养护里程", "≥1280公里", "1312公里", "10", "10", ""),
        ("", "", "农村公路桥梁定期检查座数", "≥146座", "146座", "10", "10", ""),
        ("", "", "危旧桥梁改造座数", "12座", "9座", "10", "7.5", _B01_REASON),
        ("", "质量指标", "农村公路优良中等路率", "≥80%", "83.6%", "10", "10", ""),
        ("", "", "养护工程验收合格率", "100%", "100%", "10", "10", ""),
        ("", "时效指标", "补助资金拨付及时率", "≥95%", "97.2%", "10", "10", ""),
        ("", "成本指标", "每公里日常养护补助标准", "≤7000元/公里", "6800元/公里", "10", "10", ""),
        ("效益指标", "社会效益指标", "沿线农村群众出行平均时间缩短", "≥5分钟", "4分钟", "10", "8", ""),
        ("", "可持续影响指标", "农村公路管护长效机制运行情况", "持续有效", "县乡村三级路长制有效运行", "5", "5", ""),
        ("满意度指标", "服务对象满意度指标", "沿线群众对农村公路养护的满意度", "≥90%", "92.8%", "5", "5", ""),
    ),
    after=(
        "三、偏离绩效目标的原因和下一步改进措施",
        "全年各项绩效指标已全部完成，下一步将继续完善农村公路养护考核办法，提高资金使用效益。",
    ),
)

_B02_REASON = "两个月份因代发银行系统升级延迟一至两天到账，已与代发银行建立提前对账机制。"

B02 = BorderlessTable(
    name="b02_yiliang_yanglao_frame.pdf",
    title="宜良县2023年度城乡居民基本养老保险补助资金绩效自评报告",
    before=(
        "一、项目基本情况",
        "城乡居民基本养老保险补助资金用于发放城乡居民基础养老金、为困难群体代缴最低档次养老保险费和对"
        "参保人缴费给予补贴。宜良县人力资源和社会保障局负责参保登记和待遇审核，县财政局负责资金筹集和拨付。",
        "2023年度宜良县城乡居民基本养老保险补助资金全年预算数9368.20万元，其中中央财政资金6120.50万元、"
        "省级财政资金1842.30万元、市级财政资金460.40万元、县级财政资金945.00万元；全年执行数9368.20万元，"
        "预算执行率100.00%。",
        "二、绩效自评情况",
        "县人力资源和社会保障局对照年初设定的绩效目标，逐月核对养老金发放花名册和银行代发回执，"
        "并抽取部分乡镇开展入户核查，核实待遇领取资格和发放到账情况。全年按月足额发放基础养老金，"
        "为符合条件的困难群体全部代缴了最低档次养老保险费，参保缴费结构持续优化。",
        "资金管理方面，补助资金纳入社会保障基金财政专户管理，实行收支两条线，县财政局按月将基础养老金"
        "划拨至支出户，由代发银行直接发放至参保人社会保障卡，全年未发现挤占挪用和冒领情况。",
        "绩效目标设定方面，县人力资源和社会保障局根据省市下达的参保扩面任务和待遇调整政策，设定了产出、"
        "效益和满意度三类共八项三级指标，其中数量指标两项、质量指标一项、时效指标一项、成本指标一项、"
        "社会效益和可持续影响指标各一项、满意度指标一项，各项指标均明确了指标值和数据来源。",
        "为提高待遇发放的准确性，县社保中心每月与公安、民政、卫生健康等部门比对死亡和服刑人员信息，"
        "及时停发不符合条件人员的养老金，全年共追回多发养老金2.36万元；对因信息比对滞后造成的多发，"
        "已建立台账并逐人追回，确保基金安全。",
        "在服务方面，全县十四个乡镇均设立了社保服务窗口，推行参保登记、待遇申领和资格认证等业务"
        "一窗通办，并开通网上经办和手机认证，群众办事更加便捷。对行动不便的高龄和重度残疾参保人员，"
        "乡镇经办人员提供上门认证和代办服务，全年共上门服务一千二百余人次，切实打通了服务群众的最后一公里。"
        "同时，县社保中心利用村级公示栏和微信公众号定期公开待遇发放情况，主动接受群众监督，全年未发生"
        "因待遇发放引发的信访事件。",
        "绩效指标完成情况见下表。",
    ),
    columns=(
        ("一级指标", 52.0), ("二级指标", 60.0), ("三级指标", 96.0), ("指标值", 56.0),
        ("实际完成值", 86.0), ("未完成原因", 101.0),
    ),
    rows=(
        ("产出指标", "数量指标", "城乡居民基础养老金按月足额发放人数", "≥8.6万人", "8.72万人", ""),
        ("产出指标", "数量指标", "符合条件的困难群体代缴保费比例", "100%", "100%", ""),
        ("产出指标", "质量指标", "养老金社会化发放率", "100%", "100%", ""),
        ("产出指标", "时效指标", "养老金按月发放及时率", "100%", "99.2%", _B02_REASON),
        ("产出指标", "成本指标", "基础养老金月人均标准", "≥143元", "143元", ""),
        ("效益指标", "社会效益指标", "城乡居民基本养老保险参保率", "≥95%", "96.3%", ""),
        ("效益指标", "可持续影响指标", "参保缴费档次结构", "逐步优化", "中高档次缴费人数占比提高2.1个百分点", ""),
        ("满意度指标", "服务对象满意度指标", "参保群众满意度", "≥90%", "93.5%", ""),
    ),
    after=(
        "三、存在的问题及改进措施",
        "养老金按月发放及时率未达到100%，下一步将与代发银行加强沟通，确保养老金按时足额发放到位。",
    ),
    valign="middle",
    frame=True,
    padding=4.5,
    left=72.0,
)

TABLES = (B01, B02)
