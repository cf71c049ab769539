"""The report's identity: title, region, fiscal year and fund name."""

from __future__ import annotations

from extractor import patterns
from extractor.extract.context import TextUnit
from extractor.models import Report
from extractor.normalise.text import fold

_TITLE_WINDOW = 8
_TITLE_LINE_MAX = 60


def find_title(units: list[TextUnit]) -> str | None:
    """Heading lines at the top joined until they end like a title ("…绩效自评报告"); a PDF may
    break the title anywhere ("…绩效自" / "评报告") or run the 填报单位 line into it."""
    parts: list[tuple[str, str]] = []  # (text, folded)
    for unit in units[:_TITLE_WINDOW]:
        line, folded = _before_filing_details(unit.text.strip(), unit.folded.strip())
        if not line or patterns.fullmatch("report.attachment", folded):
            continue
        if len(line) > _TITLE_LINE_MAX:
            break
        parts.append((line, folded))
        if patterns.search("report.title_end", "".join(f for _, f in parts)):
            return "".join(t for t, _ in parts)
        if len(parts) >= 3:
            parts.pop(0)
    return None


def _before_filing_details(text: str, folded: str) -> tuple[str, str]:
    """A title line without the 填报单位/填报日期 details a PDF may join to it."""
    details = patterns.search("report.filing_details", folded)
    if details is None or details.start() == 0:
        return text, folded
    return text[:details.start()].strip(), folded[:details.start()].strip()


def find_year(*texts: str | None) -> int | None:
    for text in texts:
        if text:
            found = patterns.search("report.year", text)
            if found:
                return int(found.group("year"))
    return None


def strip_year(text: str) -> str:
    found = patterns.match("report.year", fold(text))  # "２０２１年度" too: the fold keeps lengths
    return text[found.end():] if found else text


def region_at_start(text: str) -> str | None:
    """The administrative area a phrase starts with: '赤峰市红山区补助资金…' -> '赤峰市红山区'."""
    found = patterns.match("report.region", strip_year(text.strip()))
    if not found or not found.group("region"):
        return None
    region = str(found.group("region"))
    if any(region.endswith(word) for word in patterns.words("report", "not_regions")):
        return None
    return region


def fund_after(text: str) -> str | None:
    """The fund named after year and region: '2025年度赤峰市红山区就业补助资金全年预算…'."""
    rest = strip_year(text.strip())
    region = region_at_start(rest)
    if region:
        rest = rest[len(region):]
    rest = strip_year(rest)
    found = patterns.match("report.fund_after_region", rest)
    return str(found.group("fund")) if found else None


def fund_from_title(title: str) -> str | None:
    """'赤峰市红山区补助资金2025年度绩效自评报告' -> '补助资金'; an agency before the year
    ('秭归县农业农村局2022年度部门整体支出…') gives way to what follows the year."""
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
    return rest or None


def build_report(units: list[TextUnit], funds_sentence: str | None, table_fund: str | None,
                 unit_names: list[str]) -> Report:
    title = find_title(units)
    region = (region_at_start(title) if title else None) or (
        region_at_start(funds_sentence) if funds_sentence else None) or next(
        (found for found in map(region_at_start, unit_names) if found), None)
    fund = table_fund or (fund_after(funds_sentence) if funds_sentence else None) or (
        fund_from_title(title) if title else None)
    year = find_year(title, funds_sentence, *(u.folded for u in units[:20]))
    return Report(title=title, region=region, fiscal_year=year, fund_name=fund)
