"""The outputs: the four tables identical in CSV, Parquet and SQLite; SQLite keys, indexes and views
(through datasette's test client); the audit workbook; the data dictionary in docs/ kept in step."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook
from test_ingest_helpers import MAX_BYTES, make_archive, read_csv

from extractor.ingest import IngestOptions, ingest
from extractor.ingest.columns import DOCUMENTS, TABLES, Table
from extractor.ingest.dictionary import data_dictionary

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS_NAMES = DOCUMENTS.names


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = make_archive(tmp_path_factory.mktemp("archive"), hostile=False)
    target = tmp_path_factory.mktemp("out")
    ingest([source], target, IngestOptions(workers=2, max_bytes=MAX_BYTES, progress="none"))
    return target


def canonical(value: object, kind: str) -> object:
    """One comparable value per cell, whatever the format held it as."""
    if value is None or value == "":
        return None
    if kind == "decimal":
        return Decimal(str(value)).normalize()
    if kind == "int":
        return int(str(value))
    if kind == "bool":
        return value in (True, 1, "true")
    return str(value)


def from_csv(out: Path, table: Table) -> list[tuple[object, ...]]:
    rows = read_csv(out / "csv" / f"{table.name}.csv")
    assert rows[0] == table.names
    return [tuple(canonical(v, c.kind) for v, c in zip(row, table.columns, strict=True)) for row in rows[1:]]


def from_parquet(out: Path, table: Table) -> list[tuple[object, ...]]:
    data = pq.read_table(out / "parquet" / f"{table.name}.parquet")
    assert data.column_names == table.names
    decimals = [c for c in table.columns if c.kind == "decimal"]
    assert all(str(data.schema.field(c.name).type) == "decimal128(38, 10)" for c in decimals)
    rows = data.to_pylist()
    return [tuple(canonical(row[c.name], c.kind) for c in table.columns) for row in rows]


def from_sqlite(out: Path, table: Table) -> list[tuple[object, ...]]:
    with sqlite3.connect(out / "reports.db") as db:
        rows = db.execute(f"SELECT {', '.join(table.names)} FROM {table.name}").fetchall()
    return [tuple(canonical(v, c.kind) for v, c in zip(row, table.columns, strict=True)) for row in rows]


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_the_four_tables_are_identical_in_csv_parquet_and_sqlite(out: Path, table: Table) -> None:
    rows = from_csv(out, table)
    assert rows, f"{table.name} is empty"
    assert rows == from_parquet(out, table) == from_sqlite(out, table)
    keys = [row[: len(table.key)] for row in rows]
    assert keys == sorted(keys)  # deterministic order: by key


def test_amounts_stay_exact_decimals(out: Path) -> None:
    funds = pq.read_table(out / "parquet" / "funds.parquet").to_pylist()
    budgets = [row["budget_yuan"] for row in funds if row["budget_yuan"] is not None]
    assert budgets and all(isinstance(value, Decimal) for value in budgets)
    with sqlite3.connect(out / "reports.db") as db:
        kinds = {row[0] for row in db.execute("SELECT typeof(budget_yuan) FROM funds WHERE budget_yuan IS NOT NULL")}
    assert kinds == {"real"}  # numbers: they sort, sum and facet as numbers in datasette


@pytest.mark.parametrize("table", [t for t in TABLES if any(c.kind == "decimal" for c in t.columns)],
                         ids=lambda t: t.name)
def test_every_real_in_sqlite_prints_back_as_the_exact_decimal(out: Path, table: Table) -> None:
    exact = read_csv(out / "csv" / f"{table.name}.csv")[1:]
    decimals = [k for k, c in enumerate(table.columns) if c.kind == "decimal"]
    with sqlite3.connect(out / "reports.db") as db:
        stored = db.execute(f"SELECT {', '.join(table.names)} FROM {table.name}").fetchall()
    compared = 0
    for text_row, real_row in zip(exact, stored, strict=True):
        for k in decimals:
            if text_row[k]:
                assert isinstance(real_row[k], float)
                assert Decimal(repr(real_row[k])) == Decimal(text_row[k]), (table.name, text_row[k], real_row[k])
                compared += 1
    assert compared > 10


def test_sqlite_keys_and_indexes(out: Path) -> None:
    with sqlite3.connect(out / "reports.db") as db:
        children = ("funds", "indicators", "findings")
        foreign = {t: db.execute(f"PRAGMA foreign_key_list({t})").fetchall() for t in children}
        assert all(rows and rows[0][2] == "documents" for rows in foreign.values())
        sql = "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        indexed = {row[0] for row in db.execute(sql)}
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    text = "\n".join(indexed)
    for needle in ("documents (region)", "documents (fiscal_year)", "findings (code)", "findings (doc_id)"):
        assert needle in text


def expected_execution(out: Path) -> dict[tuple[str, int], tuple[int, Decimal, Decimal]]:
    """The view's rows computed here from the CSV with Decimal, over the primary copies."""
    docs = {row[0]: dict(zip(read_csv(out / "csv" / "documents.csv")[0], row, strict=True))
            for row in read_csv(out / "csv" / "documents.csv")[1:]}
    totals: dict[tuple[str, int], tuple[int, Decimal, Decimal]] = {}
    for row in read_csv(out / "csv" / "funds.csv")[1:]:
        doc = docs[row[0]]
        if row[1] != "0" or not row[4] or not row[5] or doc["status"] != "ok" or doc["is_primary"] != "true":
            continue
        key = (doc["region"], int(doc["fiscal_year"]))
        count, budget, executed = totals.get(key, (0, Decimal(0), Decimal(0)))
        totals[key] = (count + 1, budget + Decimal(row[4]), executed + Decimal(row[5]))
    return totals


def test_views_through_datasette_test_client(out: Path) -> None:
    from datasette.app import Datasette

    metadata = json.loads((out / "metadata.json").read_text(encoding="utf-8"))

    async def fetch(path: str) -> list[dict[str, object]]:
        datasette = Datasette([str(out / "reports.db")], metadata=metadata)
        response = await datasette.client.get(path)
        assert response.status_code == 200, response.text
        rows: list[dict[str, object]] = response.json()["rows"]
        return rows

    rows = asyncio.run(fetch("/reports/execution_by_region_year.json?_shape=objects&_size=max"))
    expected = expected_execution(out)
    assert len(rows) == len(expected) > 3
    for row in rows:
        count, budget, executed = expected[(str(row["region"]), int(str(row["fiscal_year"])))]
        assert row["reports"] == count
        assert Decimal(str(row["budget_yuan"])) == budget
        rate = (executed / budget * 100).quantize(Decimal("0.01")) if budget else None
        assert (None if row["execution_rate"] is None else Decimal(str(row["execution_rate"]))) == rate
    per_doc = asyncio.run(fetch("/reports/findings_per_document.json?_shape=objects&_size=max"))
    findings = read_csv(out / "csv" / "findings.csv")[1:]
    assert sum(int(str(r["findings"])) for r in per_doc) == len(findings)
    assert len(per_doc) == len(read_csv(out / "csv" / "documents.csv")) - 1
    errors = sum(1 for f in findings if f[3] == "error")
    assert sum(int(str(r["errors"])) for r in per_doc) == errors
    reports = asyncio.run(fetch("/reports/reports.json?_shape=objects&_size=max"))
    by_key = {str(r["report_key"]): r for r in reports}
    zhaoming = next(r for key, r in by_key.items() if key.startswith("瑞安市|2024"))
    assert (zhaoming["copies"], zhaoming["formats"]) == (2, "docx, pdf")
    assert str(zhaoming["path"]).endswith(".docx")  # the primary copy: DOCX before PDF
    # numbers sort as numbers: 985000 after 9680000 would be string order
    ordered = asyncio.run(fetch("/reports/funds.json?_shape=objects&_size=max&_sort_desc=budget_yuan"
                                "&budget_yuan__notblank=1"))
    budgets = [Decimal(str(r["budget_yuan"])) for r in ordered]
    assert budgets == sorted(budgets, reverse=True) and len(budgets) > 5


def test_datasette_metadata_describes_every_column_in_chinese_and_english(out: Path) -> None:
    metadata = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    tables = metadata["databases"]["reports"]["tables"]
    for table in TABLES:
        columns = tables[table.name]["columns"]
        assert set(columns) == set(table.names)
        assert all(c.zh in columns[c.name] and c.en in columns[c.name] for c in table.columns)


def test_audit_workbook(out: Path) -> None:
    book = load_workbook(out / "audit.xlsx")
    assert book.sheetnames == ["汇总", "文档", "资金", "绩效指标", "校验问题", "版本历史"]
    summary = {row[0]: row[1] for row in book["汇总"].iter_rows(min_row=3, values_only=True)}
    assert summary["无法读取 failed"] == 6 and summary["文件 files"] == 16
    assert summary["报告 reports（同一报告的多个副本计一份）"] == 8
    assert all(isinstance(value, int) for value in summary.values())  # counts are whole numbers
    for name in ("文档", "资金", "绩效指标", "校验问题", "版本历史"):
        sheet = book[name]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith("A1:")
    documents = book["文档"]
    header = [cell.value for cell in documents[1]]
    assert header[:3] == ["文件路径", "标题", "地区"] and "文件SHA256" in header and "文档编号" in header
    status = header.index("状态")
    for row in documents.iter_rows(min_row=2):
        red = row[0].fill.fgColor.rgb.endswith("FFC7CE")
        assert red == (row[status].value == "读取失败")
        assert row[status].value in {"读取成功", "读取失败"}
    codes = {row[header.index("错误代码")] for row in documents.iter_rows(min_row=2, values_only=True)} - {None}
    assert "文件已损坏，无法读取（corrupt_file）" in codes
    for name in ("资金", "绩效指标", "校验问题"):
        titles = [cell.value for cell in book[name][1]]
        assert titles[:3] == ["文件路径", "标题", "地区"] and titles[-1] == "文档编号"
    funds = book["资金"]
    header = [cell.value for cell in funds[1]]
    budget, source = header.index("全年预算数（万元）"), header.index("资金来源")
    assert {row[source] for row in funds.iter_rows(min_row=2, values_only=True)} >= {"合计"}
    csv_docs = {row[0]: row for row in read_csv(out / "csv" / "documents.csv")[1:]}
    primary = DOCUMENTS_NAMES.index("is_primary")
    csv_funds = [row for row in read_csv(out / "csv" / "funds.csv")[1:] if csv_docs[row[0]][primary] == "true"]
    rows = list(funds.iter_rows(min_row=2))
    assert len(rows) == len(csv_funds)  # one report once: its primary copy's rows
    for row, csv_row in zip(rows, csv_funds, strict=True):
        if csv_row[4]:
            assert row[budget].number_format == "#,##0.00"
            assert row[budget].value == pytest.approx(float(Decimal(csv_row[4]) / 10000))
    findings = book["校验问题"]
    header = [cell.value for cell in findings[1]]
    place, code, severity = header.index("位置"), header.index("问题代码"), header.index("严重程度")
    rows = list(findings.iter_rows(min_row=2, values_only=True))
    assert rows and all(str(r[0]).endswith((".txt", ".docx", ".pdf")) and r[place] for r in rows)
    assert {r[severity] for r in rows} <= {"错误", "警告", "提示"}
    assert all(str(r[code]).endswith(")") or str(r[code]).endswith("）") for r in rows)


def test_data_dictionary_in_docs_matches_the_code() -> None:
    assert (ROOT / "docs" / "tables.md").read_text(encoding="utf-8") == data_dictionary(), (
        "docs/tables.md is stale: .venv/bin/python -m extractor.ingest.dictionary > docs/tables.md")
