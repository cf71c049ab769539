"""The report's identity: title, region, fiscal year and fund name.

Each comes from where reports state it, never from the page chrome a portal puts around them
(日期 / 来源 / 发布时间 lines): the title, the 项目名称 and unit cells of a form (主管部门, 实施单位,
单位名称, 填报单位, their codes stripped), the sentence that states the budget, the first lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from extractor import patterns
from extractor.extract import places
from extractor.extract.context import TextUnit
from extractor.extract.forms.columns import role_of
from extractor.models import Report
from extractor.normalise.text import fold

_TITLE_WINDOW = 8
_TITLE_LINE_MAX = 60
_YEAR_WINDOW = 20
_CITY_LEVEL = ("市", "州", "盟", "地区")
_COUNTY_LEVEL = ("县", "区", "旗")
_UNIT_LINE_WINDOW = 40


def is_chrome(unit: TextUnit) -> bool:
    """A portal's page furniture: 日期/来源/发布时间/索引号/浏览量 lines, share and font widgets."""
    return patterns.search("report.page_chrome", unit.folded) is not None


def find_title(units: list[TextUnit]) -> str | None:
    """A heading line at the top that ends like a title ("…绩效自评报告"); else heading lines
    joined until they do (a PDF may break the title anywhere, "…绩效自" / "评报告", or run the
    填报单位 line into it); else the report a first paragraph announces ("现将…报告如下")."""
    candidates = title_candidates(units)
    return candidates[0] if candidates else _announced_title(units)


def title_candidates(units: list[TextUnit]) -> list[str]:
    """Each run of heading lines at the top (up to three) that ends like a title, in order."""
    lines = [_before_filing_details(u.text.strip(), u.folded.strip()) for u in units[:_TITLE_WINDOW]
             if not is_chrome(u)]
    lines = [(t, f) for t, f in lines if t and not patterns.fullmatch("report.attachment", f)]
    return _joined_titles(lines)


def _joined_titles(lines: list[tuple[str, str]]) -> list[str]:
    found: list[str] = []
    parts: list[tuple[str, str]] = []
    for line, folded in lines:
        if len(line) > _TITLE_LINE_MAX:
            break
        parts.append((line, folded))
        if patterns.search("report.title_end", "".join(f for _, f in parts)):
            found.append("".join(t for t, _ in parts))
            parts = []
        if len(parts) >= 3:
            parts.pop(0)
    return found


def _announced_title(units: list[TextUnit]) -> str | None:
    for unit in units[:_TITLE_WINDOW]:
        found = patterns.search("report.announced_title", unit.folded)
        if found:
            return unit.text[found.start("title"):found.end("title")]
    return None


def _before_filing_details(text: str, folded: str) -> tuple[str, str]:
    """A title line without the 填报单位/填报日期 details a PDF may join to it."""
    details = patterns.search("report.filing_details", folded)
    if details is None or details.start() == 0:
        return text, folded
    return text[:details.start()].strip(), folded[:details.start()].strip()


def find_year(*texts: str | None) -> int | None:
    """The year evaluated: "2021年度" first, else a year that is not a full date (a report is
    published, signed and dated the year after the one it evaluates: 2022年4月6日)."""
    present = [text for text in texts if text]
    for name in ("report.year_of_report", "report.year"):
        for text in present:
            found = patterns.search(name, text)
            if found:
                return int(found.group("year"))
    return None


def strip_year(text: str) -> str:
    found = patterns.match("report.year", fold(text))  # "２０２１年度" too: the fold keeps lengths
    return text[found.end():] if found else text


def region_at_start(text: str) -> str | None:
    """The administrative area a phrase starts with: '赤峰市红山区补助资金…' -> '赤峰市红山区',
    '昌宁县珠街彝族乡中心学校' -> '昌宁县珠街彝族乡'; None for what only looks like one
    ('该双心及文明城市', '全县')."""
    rest = strip_year(text.strip())
    found = patterns.match("report.region", rest)
    if not found or not found.group("region"):
        return None
    candidate = str(found.group("region"))
    if any(candidate.endswith(word) for word in patterns.words("report", "not_regions")):
        return None
    region = places.validated(candidate)
    if region is None:
        return None
    return places.township_after(rest, region) or region


def fund_after(text: str) -> str | None:
    """The fund named after year and region: '2025年度赤峰市红山区就业补助资金全年预算…'; a
    verb and its recipient before it are passed ('…下达我市中央补助…专项资金1883.00万元')."""
    rest = strip_year(text.strip())
    named = _fund_at_start(rest)
    if named is not None:
        return named
    lead = patterns.search("report.fund_lead", rest)
    if lead is not None:
        rest = rest[lead.end():]
    return _fund_at_start(rest)


def _fund_at_start(rest: str) -> str | None:
    region = region_at_start(rest)
    if region:
        rest = rest[len(region):]
    rest = strip_year(rest)
    found = patterns.match("report.fund_after_region", rest)
    return _named_fund(str(found.group("fund"))) if found else None


def _named_fund(name: str) -> str | None:
    """A fund name without a demonstrative in front ("该…专项资金"), or None for a word that
    names no fund ("项目", "项目支出") and for an agency's name alone."""
    name = name.lstrip("该本此").strip()
    verb = patterns.match("report.fund_verb_lead", name)
    if verb is not None and verb.end() < len(name):
        name = name[verb.end():]
    if name in patterns.words("report", "generic_funds") or role_of(name, "funds_columns") is not None:
        return None  # "全年下达资金612.00万元" states an amount; it names no fund
    agency = patterns.match("report.agency_lead", name)
    if agency is not None and agency.end() == len(name):
        return None  # "部门名称 | 秭归县农业局": the department whose whole spending is reported
    return name or None


def fund_from_title(title: str) -> str | None:
    """'赤峰市红山区补助资金2025年度绩效自评报告' -> '补助资金'; an agency before the year
    ('秭归县农业农村局2022年度部门整体支出…') gives way to what follows the year; a fund
    named in brackets is the fund ('…绩效自评报告(残疾人事业发展补助资金)')."""
    bracketed = patterns.search("report.bracketed_fund", title)
    if bracketed is not None:
        return _named_fund(strip_year(bracketed.group("fund")))
    rest = strip_year(title)
    region = region_at_start(rest)
    if region:
        rest = rest[len(region):]
    end = patterns.search("report.title_end", rest)
    if end:
        rest = rest[: end.start()]
    year = patterns.search("report.year", rest)
    if year:
        before, after = rest[: year.start()], rest[year.end():]
        rest = after or before
    agency = patterns.match("report.agency_lead", rest)
    if agency is not None and agency.end() < len(rest):
        rest = rest[agency.end():]
    tail = patterns.search("report.title_fund_tail", rest)
    if tail is not None and tail.start() > 0:
        rest = rest[:tail.start()]
    return _named_fund(rest) if rest else None


def unit_names_in(units: Iterable[TextUnit]) -> list[str]:
    """Units a report names in prose ("项目主管部门：昌宁县农业农村局", "来源：临河区退役军人事务局")."""
    names: list[str] = []
    for index, unit in enumerate(units):
        if index >= _UNIT_LINE_WINDOW:
            break
        for found in patterns.finditer("report.unit_named", unit.folded):
            names.append(unit.text[found.start("unit"):found.end("unit")])
    return names


def _unit_region(texts: list[str]) -> str | None:
    """The region the first unit names; a county a later unit names when the first names only its
    city (主管部门 湛江市农业农村局, 实施单位 徐闻县农业农村局: the report is 徐闻县's)."""
    regions = [found for found in map(region_at_start, texts) if found]
    if not regions:
        return None
    if regions[0].endswith(_CITY_LEVEL):
        return next((r for r in regions[1:] if r.endswith(_COUNTY_LEVEL)), regions[0])
    return regions[0]


def build_report(units: list[TextUnit], funds_sentence: str | None, table_fund: str | None,
                 unit_names: list[str], stated_funds: list[str] | None = None, caption: str | None = None,
                 caption_lines: Sequence[str] = ()) -> Report:
    title = find_title(units) or caption
    content = [u for u in units if not is_chrome(u)]
    after_title = [title] if title else []
    bracket_line = next((u.text.strip() for u in content[:_TITLE_WINDOW]
                         if patterns.fullmatch("report.bracketed_line", u.folded.strip())), None)
    region = next((found for found in map(region_at_start, [
        *after_title, *([funds_sentence] if funds_sentence else [])]) if found), None) or _unit_region(
        [*unit_names, *unit_names_in(units), *(u.text for u in content[:3])]) or places.first_county_in(
        "".join(u.text for u in content))
    titles = [*([bracket_line] if bracket_line else []), *([title] if title else []),
              *(t for t in title_candidates(units) if t != title)]
    stated = next((name for name in map(_named_fund, stated_funds or []) if name), None)
    labelled = next((u.text[found.start("fund"):found.end("fund")] for u in content[:_TITLE_WINDOW]
                     if (found := patterns.match("report.fund_labelled", u.folded))), None)
    fund = (_named_fund(table_fund) if table_fund else None) or labelled or stated or (
        fund_after(funds_sentence) if funds_sentence else None) or next(
        (found for found in map(fund_from_title, titles) if found), None)
    year = find_year(title, funds_sentence, *(u.folded for u in content[:_YEAR_WINDOW]), *map(fold, caption_lines))
    return Report(title=title, region=region, fiscal_year=year, fund_name=fund)
