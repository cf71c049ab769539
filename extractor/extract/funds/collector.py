"""Fund statements in document order: every place a total, a rate or a source's figure is stated."""

from __future__ import annotations

import regex

from extractor import patterns
from extractor.extract.context import TextUnit
from extractor.models import Amount, FundPart, FundStatement, Percent, Source, SourceKind
from extractor.normalise.values import make_amount, make_percent


def source_kind(name: str) -> SourceKind:
    for key, kind in _source_kind_table():
        if key in name:
            return kind  # type: ignore[return-value]
    return "other"


def _source_kind_table() -> list[tuple[str, str]]:
    table = patterns.table("funds", "words").get("source_kinds", [])
    if not table:
        raise RuntimeError("patterns/funds.toml has no [words] source_kinds table")
    return [(str(k), str(v)) for k, v in table]


def amount_from(unit: TextUnit, found: regex.Match[str]) -> Amount | None:
    start = found.start("num")
    return make_amount(unit.text[start:found.end("unit")], found.group("num"), found.group("unit"),
                       unit.evidence(start, found.end("unit")))


def percent_from(unit: TextUnit, found: regex.Match[str]) -> Percent | None:
    start = found.start("pnum") if found.group("pnum") else found.start("pcn") - len("百分之")
    return make_percent(unit.text[start:found.end()].rstrip("以上"), found.group("pnum"), found.group("pcn"),
                        unit.evidence(start, found.end()))


class FundsCollector:
    """Accumulates fund statements in document order; the first statement of a field wins
    (see funds.resolve for the exceptions)."""

    def __init__(self) -> None:
        self.statements: list[FundStatement] = []
        self.sources: list[Source] = []
        # The sources listed after each total, by the total's amount (identity): a total whose
        # sources add up to it is confirmed by them.
        self.listed: dict[int, list[Amount]] = {}
        # The last paragraph ended with "其中：": the numbered paragraphs after it are its items.
        self.list_open = False
        self.parts: list[FundPart] = []
        self.fund_names: list[str] = []  # the funds budget statements name, in order

    def source(self, name: str) -> Source:
        """The source of this name, or one named the same but for 财政/资金 ("省级资金" in the
        attached table is the narrative's "省级财政资金")."""
        key = _source_key(name)
        for existing in self.sources:
            if existing.name == name or _source_key(existing.name) == key:
                return existing
        created = Source(name=name, kind=source_kind(name))
        self.sources.append(created)
        return created

    def add_amount(self, field: str, amount: Amount | None, source: str | None = None) -> None:
        if amount is not None:
            self.statements.append(FundStatement(field=field, source=source, amount=amount))

    def list_under(self, total: Amount | None, part: Amount | None) -> None:
        if total is not None and part is not None:
            self.listed.setdefault(id(total), []).append(part)

    def add_rate(self, percent: Percent | None, source: str | None = None) -> None:
        if percent is not None:
            self.statements.append(FundStatement(field="execution_rate", source=source, percent=percent))

    def first(self, field: str) -> FundStatement | None:
        return next((s for s in self.statements if s.field == field and s.source is None), None)


def _source_key(name: str) -> str:
    level = patterns.search("funds.bracketed_level", name) if ("(" in name or "（" in name) else None
    if level is not None:
        name = level.group("level")
    # 自治区配套资金 and 自治区资金, 县级配套资金 and 县级资金: the level's own money either way.
    return name.replace("财政", "").replace("资金", "").replace("配套", "").replace("其中", "").strip(":：、， ")


