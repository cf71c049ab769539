"""The real sample report (就业补助资金, 2025) in three formats: what the issue requires of it."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest

from extractor.models import Record
from extractor.pipeline import extract_file

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
FORMATS = ["txt", "docx", "pdf"]


@pytest.fixture(scope="module", params=FORMATS)
def record(request: pytest.FixtureRequest) -> Record:
    return extract_file(CORPUS / f"hongshan_jiuye_2025.{request.param}")


def _indicator(record: Record, fragment: str):  # type: ignore[no-untyped-def]
    matches = [i for i in record.indicators if fragment in i.name]
    assert len(matches) == 1, fragment
    return matches[0]


def test_funds(record: Record) -> None:
    funds = record.funds
    assert funds.budget_total is not None and funds.executed_total is not None
    assert (funds.budget_total.value, funds.budget_total.unit) == (Decimal("6359.55"), "万元")
    assert funds.budget_total.yuan == Decimal(63595500)
    assert funds.executed_total.value == Decimal("5061.56")
    assert funds.execution_rate is not None and funds.execution_rate.value == Decimal("79.59")
    assert len(funds.sources) == 5
    assert sum(s.budget.yuan for s in funds.sources if s.budget) == funds.budget_total.yuan


def test_indicators(record: Record) -> None:
    assert len(record.indicators) == 38
    assert all(i.level1 and i.level2 for i in record.indicators)
    jianxi = _indicator(record, "就业见习补贴人数")
    assert (jianxi.target.number, jianxi.actual.number, jianxi.met) == (Decimal(180), Decimal(132), False)
    assert jianxi.deviation_reason and "见习" in jianxi.deviation_reason
    tijian = _indicator(record, "体检人数")
    assert (tijian.target.number, tijian.actual.number, tijian.met) == (Decimal(60), Decimal(0), False)
    assert tijian.deviation_reason and "体检" in tijian.deviation_reason
    unset = [i for i in record.indicators if i.target.kind == "unset"]
    assert len(unset) == 4 and all(i.met is None for i in unset)
    qualitative = [i for i in record.indicators if i.target.raw == "效果显著"]
    assert len(qualitative) == 6 and all(i.met is None for i in qualitative)


def test_findings(record: Record) -> None:
    assert [(f.code, f.stated) for f in record.findings] == [("unmet_reason_for_met", "享受一次性求职人数为零")]


def test_three_formats_agree() -> None:
    records = [extract_file(CORPUS / f"hongshan_jiuye_2025.{ext}") for ext in FORMATS]
    views = [r.model_dump(mode="python", exclude={"source", "warnings", "statements"}) for r in records]

    def without_evidence(data):  # type: ignore[no-untyped-def]
        if isinstance(data, dict):
            return {k: without_evidence(v) for k, v in data.items() if k != "evidence"}
        if isinstance(data, list):
            return [without_evidence(v) for v in data]
        return data

    first = without_evidence(views[0])
    for other in views[1:]:
        assert without_evidence(other) == first


@pytest.mark.parametrize("extension", FORMATS)
def test_source_names_the_file_and_its_content_hash(extension: str) -> None:
    path = CORPUS / f"hongshan_jiuye_2025.{extension}"
    record = extract_file(path)
    assert record.source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (record.source.path, record.source.format) == (str(path), "text" if extension == "txt" else extension)
