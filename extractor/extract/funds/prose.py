"""Fund amounts stated in prose: totals, the execution rate, and each funding source.

"全年预算总额6359.55万元，其中中央财政资金3319万元、自治区财政资金1069.11万元…" — a list after
其中 belongs to the total named just before it (budget or executed).
"""

from __future__ import annotations

import regex

from extractor import patterns
from extractor.extract.context import TextUnit
from extractor.extract.funds.collector import FundsCollector, amount_from, percent_from, source_kind
from extractor.extract.funds.sources import Total, role_by_sum, source_list, sources_after_totals, summed_up
from extractor.normalise.values import make_amount


def collect_prose_funds(collector: FundsCollector, unit: TextUnit) -> None:
    folded = unit.folded
    if patterns.search("funds.trigger", folded) is None:  # most paragraphs state no fund figure
        return
    if collector.first("budget_total") is not None and patterns.match("funds.project_item", folded):
        return  # one of the department's projects, after the department's own figures
    in_list = _continues_a_list(collector, folded)
    totals: list[Total] = []
    budgets: list[Total] = []  # every budget figure, a share or not: a 合计 may add them up
    for field, role in (("budget_total", "budget"), ("executed_total", "executed")):
        for found in patterns.finditer(f"funds.{field}", folded):
            if in_list:
                continue
            states_total = _sub_scope(folded, found.start()) is None and _states_the_total(folded, found)
            if not states_total and field != "budget_total":
                continue
            amount = amount_from(unit, found)
            if field == "budget_total":
                budgets.append(Total(found.end(), role, amount))
            if not states_total:
                continue
            if field == "budget_total" and _initial_in_clause(folded, found):
                collector.add_amount("initial_budget", amount)  # "年初预算安排…资金2150万元"
                continue
            collector.add_amount(field, amount)
            totals.append(Total(found.end(), role, amount))
            if field == "budget_total":
                _name_the_fund(collector, unit, found)
    for found in patterns.finditer("funds.respectively", folded):
        if _sub_scope(folded, found.start()) is None:
            totals.extend(_respectively(collector, unit, found))
    totals = summed_up(collector, unit, budgets, totals)
    consumed: set[int] = set()
    if totals:
        consumed = sources_after_totals(collector, unit, sorted(totals, key=lambda t: t.end))
    elif collector.first("budget_total") is not None:
        # Sources stated in a paragraph of their own ("（二）资金来源。其中：…", "投入中央直达资金29.6万，
        # 执行数29.6万"): the totals a paragraph before.
        lead = patterns.match("funds.sources_lead", folded)
        begin = lead.end() if lead is not None else 0
        role = role_by_sum(collector, unit, begin, len(folded), "budget")
        consumed = source_list(collector, unit, begin, len(folded), role)
    for found in patterns.finditer("funds.initial_budget", folded):
        if _sub_scope(folded, found.start()) is None:
            collector.add_amount("initial_budget", amount_from(unit, found))
    for found in patterns.finditer("funds.execution_rate", folded):
        number_at = found.start("pnum") if found.group("pnum") else found.start()
        # "预算执行率达到90%以上" is a target, not the rate achieved.
        if found.group("target") or found.group("suffix") or number_at in consumed:
            continue
        # The label may hold the source's last characters ("区级资金执行率"): look up to its end.
        # A rate's scope is its own clause: "…县级资金1987.43万元，预算执行率98.46%" is the total's.
        scope = _sub_scope(folded, found.end("label"), "。；;，,")
        if scope is None and not _part_states_own_figures(folded, found.start()):
            collector.add_rate(percent_from(unit, found))
        elif scope is not None and scope.group("source"):
            _source_rate(collector, unit, scope, found)


def _a_levels_share(folded: str, lead: str, after: int) -> bool:
    """"县级安排配套资金219万元", "收到中央下达…1372.7万元，自治区下达98.6万元": a level's share,
    matching money or one of several levels listed; "县财政安排…资金共计1,520.00万元，其中：…" is
    the fund's total."""
    share = patterns.search("funds.part_lead", lead)
    if share is None:
        return False
    if "配套" in share.group(0):
        return True
    sentence_end = min((at for at in (folded.find(char, after) for char in "。；;") if at >= 0), default=len(folded))
    return patterns.search("funds.level_gives", folded, after, sentence_end) is not None


def _name_the_fund(collector: FundsCollector, unit: TextUnit, found: regex.Match[str]) -> None:
    """The fund a budget statement names with its verb: "下达我市中央补助…专项资金1883.00万元",
    or the fund in brackets after it ("…中央转移支付资金(残疾人事业发展补助资金)29.6万元")."""
    if "fund" not in found.re.groupindex or not found.group("fund"):
        return
    folded = unit.folded
    bracket = patterns.search("funds.bracketed_fund", folded, found.end("fund"), found.start("num"))
    if bracket is not None:
        collector.fund_names.append(unit.text[bracket.start("fund"):bracket.end("fund")])
        return
    start = found.start("fund")
    lead = patterns.match("funds.fund_phrase_lead", folded, start, found.end("fund"))
    if lead is not None:
        start = lead.end()
    collector.fund_names.append(unit.text[start:found.end("fund")])


def _continues_a_list(collector: FundsCollector, folded: str) -> bool:
    """Whether this paragraph is an item of a list the one before opened ("…13540.45万元。其中：" /
    "1.一般项目及绩效奖励资金共计40803万元…"): its totals are parts."""
    item = collector.list_open and patterns.match("indicators.numbering", folded) is not None
    collector.list_open = (item or patterns.search("funds.list_opens", folded) is not None)
    return item


def _states_the_total(folded: str, found: regex.Match[str]) -> bool:
    """Whether a total's label states the fund's total: not money passed on to others
    ("安排自治区本级有关部门预算资金…", "下达各市县…"), not a level's share ("收到中央下达…资金",
    "县级安排配套资金"), not a source named after its verb ("下达中央财政资金30.9万元"), not an
    indicator's figure ("“三公”经费支出：年度目标值≤18.5万元，实际支出16.92万元")."""
    clause = max(folded.rfind(char, 0, found.start()) for char in "。；;，,") + 1
    lead = folded[clause:found.start("num")]
    sentence = max(folded.rfind(char, 0, found.start()) for char in "。；;") + 1
    if patterns.search("indicators.target_label", folded, sentence, found.start()):
        return False
    if patterns.search("funds.allocation_lead", lead) or _a_levels_share(folded, lead, found.end()):
        return False
    fund = found.group("fund") if "fund" in found.re.groupindex else None
    if not fund or "(" in folded[found.end("fund"):found.start("num")]:
        return True  # "中央转移支付资金(残疾人事业发展补助资金)": the bracket names the fund
    return patterns.fullmatch("funds.source_label", fund.strip()) is None


def _initial_in_clause(folded: str, found: regex.Match[str]) -> bool:
    """A budget its clause calls the year's first (年初), later adjusted: not the year's budget."""
    clause = max(folded.rfind(char, 0, found.start()) for char in "。；;，,") + 1
    return "年初" in folded[clause:found.start("num")]


def _field_of_label(label: str) -> tuple[str, str]:
    if "年初" in label:
        return "initial_budget", "budget"
    if any(word in label for word in ("执行", "决算", "支出")):
        return "executed_total", "executed"
    return "budget_total", "budget"


def _respectively(collector: FundsCollector, unit: TextUnit, found: regex.Match[str]) -> list[Total]:
    """"年初预算数、全年预算数、全年执行数分别为500万元、520.5万元、498.3万元": pair labels and amounts
    in order; an amount written without its unit takes the unit of the last one."""
    folded = unit.folded
    labels = list(patterns.finditer("funds.respectively_label", folded, found.start(), found.start("amounts")))
    amounts = list(patterns.finditer("funds.respectively_amount", folded, found.start("amounts"), found.end()))
    if len(labels) != len(amounts) or not amounts[-1].group("unit"):
        return []
    last_unit = amounts[-1].group("unit")
    totals: list[Total] = []
    for label, amount in zip(labels, amounts, strict=True):
        field, role = _field_of_label(label.group(0))
        start, end = amount.start("num"), amount.end("unit") if amount.group("unit") else amount.end("num")
        stated = make_amount(unit.text[start:end], amount.group("num"), amount.group("unit") or last_unit,
                             unit.evidence(start, end))
        collector.add_amount(field, stated)
        if field != "initial_budget":
            totals.append(Total(found.end(), role, stated))
    return totals[-1:]  # a 其中 list after it belongs to the last total named


_WHOLE_FUND_WORDS = ("全部为", "全部是", "均为", "均是", "全额为", "全部来自", "均来自", "全部系")


def _sub_scope(folded: str, label_start: int, bounds: str = "。；;") -> regex.Match[str] | None:
    """The last part-scope word ("其中", "基本支出", a source) earlier in the label's sentence
    (or clause, with bounds that include the comma)."""
    sentence_start = max(folded.rfind(c, 0, label_start) for c in bounds) + 1
    # Searched to the end: a restart at the label itself looks ahead into it ("，全年执行数…").
    restarts = [restart for restart in patterns.finditer("funds.clause_restart", folded, sentence_start)
                if restart.start() <= label_start]
    if restarts:  # "…其他资金859.6万元2023年支出2310.4万元": a new statement with no stop before it
        sentence_start = restarts[-1].end()
    scopes = [scope for scope in patterns.finditer("funds.sub_scope", folded, sentence_start, label_start)
              if not _whole_fund(folded, scope.start()) and not _in_document_title(folded, scope.start())
              and not (scope.group("source") and _names_a_giver(folded, scope.end()))]
    return scopes[-1] if scopes else None


def _names_a_giver(folded: str, source_end: int) -> bool:
    """A level that gave the money ("中央下达我省…"), alone or with other levels ("中央、省、市三级共
    安排…"): it names who gave the fund, not a part of it."""
    return (patterns.match("funds.giver_verb", folded, source_end) is not None
            or patterns.match("funds.levels_together", folded, source_end) is not None)


def _in_document_title(folded: str, at: int) -> bool:
    """Inside 《…》: the title of a cited document ("《财政部关于下达…中央支持地方…的通知》")."""
    return folded.rfind("《", 0, at) > folded.rfind("》", 0, at)


def _whole_fund(folded: str, start: int) -> bool:
    """"全年预算18500万元，全部为中央财政资金，全年执行…": a source the whole fund comes from
    names no part of it."""
    return folded[max(0, start - 4):start].endswith(_WHOLE_FUND_WORDS)


def _part_states_own_figures(folded: str, rate_start: int) -> bool:
    """"其中，基本支出年初预算…，决算支出2390.45万元，执行率99.66%；项目支出…": a rate after a
    spending part (基本支出, 项目支出) that states its own budget or executed amount is the part's."""
    part = _sub_scope(folded, rate_start)
    if part is None or part.group("source") or part.group(0) == "其中":
        return False
    return any(patterns.search(f"funds.{field}", folded, part.end(), rate_start) is not None
               for field in ("budget_total", "executed_total", "initial_budget"))


def _source_rate(collector: FundsCollector, unit: TextUnit, scope: regex.Match[str],
                 found: regex.Match[str]) -> None:
    """"区级资金执行率为84.83%": the rate of that source, not of the total; it is kept as a
    statement of the listed source of the same kind (a mention alone adds no source)."""
    kind = source_kind(unit.text[scope.start("source"):scope.end("source")])
    source = next((s for s in collector.sources if s.kind == kind), None)
    if source is not None:
        collector.add_rate(percent_from(unit, found), source.name)


