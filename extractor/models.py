"""The JSON contract: pydantic models of one extracted record.

Dashboards and downstream tools key on these names. Money and figures are
`Decimal` so a value keeps the digits the document wrote; `emit.json` writes them
as JSON numbers with exactly those digits.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema

from extractor.errors import ReadError

SCHEMA_VERSION: Literal["1"] = "1"

# Serialised to JSON as a marked string that emit.json turns into a bare JSON number with
# exactly these digits; the published schema says "number", which is what users get.
DECIMAL_MARK = "\ue000"


def _mark_decimal(value: Decimal) -> str:
    return DECIMAL_MARK + format(value, "f")


Number = Annotated[Decimal, PlainSerializer(_mark_decimal, when_used="json"), WithJsonSchema({"type": "number"})]

ValueKind = Literal["number", "percent", "amount", "text", "date", "unset"]
Operator = Literal[">=", "<=", ">", "<", "="]
Severity = Literal["error", "warning", "info"]
SourceKind = Literal[
    "central", "provincial", "municipal", "county", "municipal_county", "local", "other", "current_year",
    "carry_over",
]


class Contract(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Evidence(Contract):
    """Where a value was read: page (PDF, 1-based), block index, table cell, char span."""

    page: int | None = None
    block: int
    row: int | None = None
    col: int | None = None
    start: int
    end: int
    text: str
    sheet: str | None = None
    cell_ref: str | None = None  # spreadsheet cell in A1 notation ("C12")
    bbox: list[float] | None = None  # PDF: [x0, top, x1, bottom] in points, origin at the page's top-left
    confidence: float | None = None  # OCR: the recogniser's confidence (0-1) for the text read


class Amount(Contract):
    raw: str
    value: Number
    unit: str
    yuan: Number
    evidence: Evidence | None = None


class Percent(Contract):
    raw: str
    value: Number
    evidence: Evidence | None = None


class Value(Contract):
    raw: str
    op: Operator | None = None
    number: Number | None = None
    unit: str | None = None
    kind: ValueKind
    evidence: Evidence | None = None


class Source(Contract):
    name: str
    kind: SourceKind
    budget: Amount | None = None
    executed: Amount | None = None
    execution_rate: Percent | None = None


class FundStatement(Contract):
    """One place the report states a fund figure; the checker cross-checks repeats."""

    field: str  # budget_total | executed_total | execution_rate | initial_budget
    source: str | None = None  # source name, None for the total
    amount: Amount | None = None
    percent: Percent | None = None


class FundPart(Contract):
    """A part of the fund a report breaks down on its own, with its own total and sources
    (a 计划生育 form's 奖励扶助 and 特别扶助 blocks under the 合计 block): the parts should add up
    to the whole, source by source."""

    name: str
    budget_total: Amount | None = None
    executed_total: Amount | None = None
    sources: list[Source] = Field(default_factory=list)


class Funds(Contract):
    budget_total: Amount | None = None
    executed_total: Amount | None = None
    execution_rate: Percent | None = None
    initial_budget: Amount | None = None
    sources: list[Source] = Field(default_factory=list)
    parts: list[FundPart] = Field(default_factory=list)
    statements: list[FundStatement] = Field(default_factory=list)


class Figure(Contract):
    """A quantity stated in a goal or in the narrative: "城镇新增就业人数3772人"."""

    name: str
    value: Value


class Goal(Contract):
    label: str
    text: str
    actual: str | None = None  # a table's 全年实际完成情况 beside the goal
    figures: list[Figure] = Field(default_factory=list)
    evidence: Evidence | None = None


class Indicator(Contract):
    level1: str | None = None
    level2: str | None = None
    name: str
    target: Value
    actual: Value
    met: bool | None = None
    deviation_reason: str | None = None
    completion_rate: Percent | None = None
    max_score: Number | None = None
    score: Number | None = None
    evidence: Evidence


class Score(Contract):
    """A scored 自评表: the execution-rate row and the stated total."""

    execution_max: Number | None = None
    execution_score: Number | None = None
    execution_rate: Percent | None = None
    total_max: Number | None = None
    total: Number | None = None
    grade: str | None = None
    evidence: Evidence | None = None


class Statement(Contract):
    """A claim in prose the checker weighs against the figures."""

    kind: Literal["completion_claim", "shortfall"]
    subject: str | None = None
    text: str
    evidence: Evidence


class Warning(Contract):
    code: str
    message: str
    evidence: Evidence | None = None


class Finding(Contract):
    code: str
    severity: Severity
    message: str
    stated: str | None = None
    computed: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class SourceFile(Contract):
    path: str
    sha256: str
    format: str
    pages: int | None = None
    sheet: str | None = None


class Report(Contract):
    title: str | None = None
    region: str | None = None
    fiscal_year: int | None = None
    fund_name: str | None = None


class Record(Contract):
    schema_version: Literal["1"] = SCHEMA_VERSION
    source: SourceFile
    report: Report = Field(default_factory=Report)
    funds: Funds = Field(default_factory=Funds)
    goals: list[Goal] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    score: Score | None = None
    statements: list[Statement] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    warnings: list[Warning] = Field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a batch gives for one record of one file: the record, or the error that kept the file
    from being read (never both)."""

    path: str
    record: Record | None = None
    error: ReadError | None = None
