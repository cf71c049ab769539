"""The warehouse finance staff trust: copies of one report counted once, edits replace, deletions leave,
outputs never come back as sources, failures retried when their reason may have gone, GBK zip names,
formula cells neutralised."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_ingest_helpers import CORPUS, history, read_csv

from extractor.ingest import IngestOptions, IngestSummary, ingest

OPTIONS = IngestOptions(workers=2, progress="none", xlsx=False)
SAMPLE = "hongshan_jiuye_2025"


def rows(out: Path, table: str) -> list[dict[str, str]]:
    lines = read_csv(out / "csv" / f"{table}.csv")
    return [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]


def view(out: Path, name: str) -> list[sqlite3.Row]:
    with sqlite3.connect(out / "reports.db") as db:
        db.row_factory = sqlite3.Row
        return db.execute(f"SELECT * FROM {name}").fetchall()


def run(source: Path | list[Path], out: Path, **changes: object) -> IngestSummary:
    options = IngestOptions(**{**{f: getattr(OPTIONS, f) for f in OPTIONS.__dataclass_fields__}, **changes})
    return ingest(source if isinstance(source, list) else [source], out, options)


def test_one_report_in_three_formats_is_counted_once(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    for suffix in (".txt", ".docx", ".pdf"):
        shutil.copy(CORPUS / f"{SAMPLE}{suffix}", source / f"{SAMPLE}{suffix}")
    out = tmp_path / "out"
    summary = run(source, out)
    assert (summary.documents, summary.reports) == (3, 1)
    documents = rows(out, "documents")
    assert len(documents) == 3 and len({d["report_key"] for d in documents}) == 1
    assert [d["path"].rsplit(".", 1)[1] for d in documents if d["is_primary"] == "true"] == ["docx"]
    assert {d["copies"] for d in documents} == {"3"}
    (region_year,) = view(out, "execution_by_region_year")
    assert (region_year["region"], region_year["reports"]) == ("赤峰市红山区", 1)
    assert Decimal(str(region_year["budget_yuan"])) == Decimal("63595500")  # not three times that
    (report,) = view(out, "reports")
    assert (report["copies"], report["formats"]) == (3, "docx, pdf, text")
    by_code = {row["code"]: row["findings"] for row in view(out, "findings_by_code")}
    assert by_code == {"unmet_reason_for_met": 1}  # each copy states it: the report has it once
    assert summary.findings_by_code == {"unmet_reason_for_met": 1}
    assert not [f for f in rows(out, "findings") if f["code"] == "copy_figures_mismatch"]  # the copies agree


def test_copies_whose_figures_disagree_are_a_finding_with_both_as_evidence(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    shutil.copy(CORPUS / f"{SAMPLE}.docx", source / "original.docx")
    text = (CORPUS / f"{SAMPLE}.txt").read_text(encoding="utf-8")
    # Every statement of the budget changed: a copy stating it once differently reports the
    # statement its own execution rate confirms (extract.funds.resolve), which is the original's.
    (source / "published.txt").write_text(text.replace("6359.55", "6395.55"), encoding="utf-8")
    out = tmp_path / "out"
    run(source, out)
    documents = {Path(d["path"]).name: d for d in rows(out, "documents")}
    primary = documents["original.docx"]
    assert primary["is_primary"] == "true" and documents["published.txt"]["is_primary"] == "false"
    (finding,) = [f for f in rows(out, "findings") if f["code"] == "copy_figures_mismatch"]
    assert finding["doc_id"] == primary["doc_id"] and finding["severity"] == "error"
    assert (finding["stated"], finding["computed"]) == ("6359.55万元", "6395.55万元")
    assert str(source / "original.docx") in finding["place"] and str(source / "published.txt") in finding["place"]
    assert "6359.55" in finding["evidence"] and "6395.55" in finding["evidence"]
    own = sum(1 for f in rows(out, "findings") if f["doc_id"] == primary["doc_id"])
    assert int(primary["findings"]) == own


def test_an_edited_file_supersedes_its_earlier_version(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    report = source / "report.txt"
    text = (CORPUS / f"{SAMPLE}.txt").read_text(encoding="utf-8")
    report.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    run(source, out)
    (before,) = rows(out, "documents")
    report.write_text(text.replace("6359.55", "6395.55"), encoding="utf-8")  # every statement of it
    os.utime(report, ns=(report.stat().st_atime_ns, report.stat().st_mtime_ns + 10**9))
    again = run(source, out)
    assert (again.changed, again.processed, again.new) == (1, 1, 0)
    (after,) = rows(out, "documents")
    assert after["doc_id"] == before["doc_id"] and after["sha256"] != before["sha256"]
    (total,) = [f for f in rows(out, "funds") if f["seq"] == "0"]
    assert total["budget_yuan"] == "63955500"
    (region_year,) = view(out, "execution_by_region_year")
    assert Decimal(str(region_year["budget_yuan"])) == Decimal("63955500")  # the new version only
    assert [(row[1], row[3], row[4], row[5]) for row in history(out)] == [
        ("1", before["sha256"], "superseded", after["sha256"]), ("2", after["sha256"], "current", "")]
    assert len((out / "records.jsonl").read_text(encoding="utf-8").splitlines()) == 1


def test_a_deleted_file_is_no_longer_current_and_other_folders_stay(tmp_path: Path) -> None:
    first, second = tmp_path / "2024", tmp_path / "2025"
    first.mkdir()
    second.mkdir()
    shutil.copy(CORPUS / "e01_jiuye_prose.txt", first / "a.txt")
    shutil.copy(CORPUS / "c01_jineng_rounding.txt", first / "b.txt")
    shutil.copy(CORPUS / "t01_yibao_taoyuan_2023.txt", second / "c.txt")
    out = tmp_path / "out"
    run(first, out)
    run(second, out)  # another folder: adds to the first
    assert sorted(Path(d["path"]).name for d in rows(out, "documents")) == ["a.txt", "b.txt", "c.txt"]
    (first / "b.txt").unlink()
    gone = run(first, out)
    assert (gone.gone, gone.processed, gone.files) == (1, 0, 1)
    assert sorted(Path(d["path"]).name for d in rows(out, "documents")) == ["a.txt", "c.txt"]
    statuses = {Path(row[2]).name: row[4] for row in history(out)}
    assert statuses == {"a.txt": "current", "b.txt": "gone", "c.txt": "current"}
    assert len(view(out, "reports")) == 2


def test_the_output_folder_inside_the_source_is_never_read(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    shutil.copy(CORPUS / f"{SAMPLE}.txt", source / "a.txt")
    out = source / "warehouse"
    run(source, out, xlsx=True)
    from extractor.review import ReportOptions, build_report

    build_report([out], source / "review.html", ReportOptions())
    elsewhere = tmp_path / "other"
    again = run(source, elsewhere, xlsx=True)  # another warehouse: the first one's folder is an output too
    assert (again.files, again.documents) == (1, 1) and again.outputs == 2  # the warehouse and the review page
    second = run(source, out, xlsx=True)
    assert (second.files, second.processed, second.documents) == (1, 0, 1)
    assert [Path(d["path"]).name for d in rows(out, "documents")] == ["a.txt"]


def test_retry_failed_and_after_the_extractor_changed(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "broken.docx").write_bytes(b"PK\x03\x04 not a zip" * 20)
    out = tmp_path / "out"
    run(source, out)
    assert (run(source, out).processed, run(source, out).retried) == (0, 0)  # the failure is kept, not retried
    forced = run(source, out, retry_failed=True)
    assert (forced.processed, forced.retried, forced.failed) == (1, 1, 1)
    with sqlite3.connect(out / ".ingest" / "state.db") as db:
        db.execute("UPDATE contents SET version = '0.0.1'")  # read by an older extractor
    upgraded = run(source, out)
    assert (upgraded.processed, upgraded.retried) == (1, 1)
    assert run(source, out).processed == 0


FAKE_SOFFICE = """#!{python}
import shutil, sys
from pathlib import Path
args = sys.argv[1:]
out = Path(args[args.index("--outdir") + 1])
out.mkdir(parents=True, exist_ok=True)
shutil.copy({docx!r}, out / (Path(args[-1]).stem + ".docx"))
"""


def _cli_ingest(source: Path, out: Path, path: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": path}
    return subprocess.run([sys.executable, "-m", "extractor", "ingest", str(source), "--out", str(out),
                           "--progress", "none", "--no-xlsx", "--workers", "1"], capture_output=True, text=True,
                          env=env, timeout=300)


def test_a_file_that_failed_for_lack_of_libreoffice_is_read_once_it_is_installed(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    shutil.copy(CORPUS / "w01_zhenan_yanglao_doc.doc", source / "old.doc")
    out = tmp_path / "out"
    empty = tmp_path / "no-tools"
    empty.mkdir()
    first = _cli_ingest(source, out, str(empty))
    assert first.returncode == 1, first.stderr
    assert [d["error_code"] for d in rows(out, "documents")] == ["converter_missing"]
    tools = tmp_path / "bin"
    tools.mkdir()
    fake = tools / "soffice"
    fake.write_text(FAKE_SOFFICE.format(python=sys.executable, docx=str(CORPUS / "d01_transfer_region_table.docx")),
                    encoding="utf-8")
    fake.chmod(0o755)
    second = _cli_ingest(source, out, str(tools))
    assert second.returncode == 0, second.stderr + second.stdout
    (document,) = rows(out, "documents")
    assert (document["status"], document["format"]) == ("ok", "doc")


def _gbk_zip(path: Path, members: dict[str, bytes]) -> None:
    """A zip as Chinese Windows writes it: names in GBK, no UTF-8 flag."""
    placeholders = {}
    with zipfile.ZipFile(path, "w") as archive:
        for number, (name, data) in enumerate(members.items()):
            raw = name.encode("gbk")
            placeholder = f"{number:04d}".ljust(len(raw) - 4, "x") + ".txt"
            placeholders[placeholder.encode("ascii")] = raw
            archive.writestr(placeholder, data)
    content = path.read_bytes()
    for placeholder, raw in placeholders.items():
        content = content.replace(placeholder, raw)
    path.write_bytes(content)


def test_gbk_member_names_are_read_as_written(tmp_path: Path) -> None:
    archive = tmp_path / "2024.zip"
    name = "2024年/红山区就业补助资金绩效自评报告.txt"
    _gbk_zip(archive, {name: (CORPUS / f"{SAMPLE}.txt").read_bytes()})
    assert not zipfile.ZipFile(archive).infolist()[0].flag_bits & 0x800
    out = tmp_path / "out"
    summary = run(archive, out)
    assert summary.documents == 1
    (document,) = rows(out, "documents")
    assert document["path"] == f"{archive}!/{name}" and document["status"] == "ok"


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (CORPUS / f"{SAMPLE}.txt").read_text(encoding="utf-8")
    link = '=HYPERLINK("http://example.invalid","点击")'
    hostile = text.replace("③享受就业见习补贴人数", f"③{link}享受就业见习补贴人数", 1)
    monkeypatch.chdir(tmp_path)
    for name in ("=1+2.txt", "+cmd.txt", "-2.txt", "@SUM.txt"):
        Path(name).write_text(hostile, encoding="utf-8")
    out = tmp_path / "out"
    run([Path("=1+2.txt"), Path("+cmd.txt"), Path("-2.txt"), Path("@SUM.txt")], out, xlsx=True)
    paths = sorted(d["path"] for d in rows(out, "documents"))
    assert paths == ["'+cmd.txt", "'-2.txt", "'=1+2.txt", "'@SUM.txt"]
    names = [i["name"] for i in rows(out, "indicators") if "HYPERLINK" in i["name"]]
    assert set(names) == {"'=HYPERLINK(\"http://example.invalid\",\"点击\")享受就业见习补贴人数"} and len(names) == 4
    budgets = {f["budget_yuan"] for f in rows(out, "funds") if f["budget_yuan"]}
    assert budgets and all(b[0].isdigit() for b in budgets)  # numbers are not prefixed
    book = load_workbook(out / "audit.xlsx")
    cells = [c for row in book["绩效指标"].iter_rows() for c in row if "HYPERLINK" in str(c.value)]
    assert cells and all(c.data_type == "s" and str(c.value).startswith("=HYPERLINK") for c in cells)
    with sqlite3.connect(out / "reports.db") as db:
        stored = db.execute("SELECT name FROM indicators WHERE name LIKE '%HYPERLINK%'").fetchall()
    assert set(stored) == {('=HYPERLINK("http://example.invalid","点击")享受就业见习补贴人数',)}  # raw in SQLite


def test_the_pandas_read_in_the_readme_sums_exactly_and_survives_a_zero_budget(tmp_path: Path) -> None:
    import pandas as pd  # in the test extra
    source = tmp_path / "src"
    source.mkdir()
    shutil.copy(CORPUS / "e03_nongye_zero_total.docx", source / "zero.docx")  # a total budget of 0
    shutil.copy(CORPUS / f"{SAMPLE}.txt", source / "a.txt")
    out = tmp_path / "out"
    run(source, out)
    path = out / "parquet" / "funds.parquet"
    funds = pd.read_parquet(path, dtype_backend="pyarrow")
    exact = sum(Decimal(f["budget_yuan"]) for f in rows(out, "funds") if f["budget_yuan"])
    assert Decimal(str(funds.budget_yuan.sum())) == exact
    rate = funds.executed_yuan.astype("float64[pyarrow]") / funds.budget_yuan.astype("float64[pyarrow]")
    assert len(rate) == len(funds)
    plain = pd.read_parquet(path)
    with pytest.raises(ArithmeticError):  # what the README warns of
        plain.executed_yuan / plain.budget_yuan
