"""The command line: output shapes, exit codes, errors that name the file, and a fast --help."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.pipeline import extract_many

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SAMPLE = CORPUS / "hongshan_jiuye_2025.txt"
runner = CliRunner()


def test_extract_one_file_prints_one_object() -> None:
    result = runner.invoke(app, ["extract", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["funds"]["budget_total"]["yuan"] == 63595500
    assert record["findings"][0]["code"] == "unmet_reason_for_met"


def test_extract_several_files_prints_json_lines_in_input_order(tmp_path: Path) -> None:
    docx = CORPUS / "d01_transfer_region_table.docx"
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(docx), str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["source"]["path"] for line in lines] == [str(docx), str(SAMPLE)]


def test_bad_file_is_named_and_others_still_processed(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["extract", str(empty), str(SAMPLE)])
    assert result.exit_code == 1
    assert f"{empty}" in result.stderr and "empty_file" in result.stderr
    assert json.loads(result.stdout.splitlines()[0])["report"]["fiscal_year"] == 2025


def test_no_check_leaves_findings_empty() -> None:
    result = runner.invoke(app, ["extract", str(SAMPLE), "--no-check"])
    assert json.loads(result.stdout)["findings"] == []


@pytest.mark.parametrize(("fail_on", "document", "code"), [
    ("error", "e01_jiuye_prose.txt", 1),
    ("never", "e01_jiuye_prose.txt", 0),
    ("error", "hongshan_jiuye_2025.txt", 0),      # only an info finding
    ("warning", "e07_shuili_no_executed.docx", 1),  # missing_core_figure is a warning
])
def test_check_exit_code_follows_fail_on(fail_on: str, document: str, code: int) -> None:
    result = runner.invoke(app, ["check", str(CORPUS / document), "--fail-on", fail_on])
    assert result.exit_code == code, result.output


def test_check_jsonl_lists_findings_per_file() -> None:
    result = runner.invoke(app, ["check", str(CORPUS / "e01_jiuye_prose.txt"), "--format", "jsonl",
                                 "--fail-on", "never"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {f["code"] for f in rows[0]["findings"]} == {
        "execution_rate_mismatch", "completion_rate_mismatch", "cross_reference_mismatch"}


def test_unexpected_failure_costs_one_file(monkeypatch: pytest.MonkeyPatch) -> None:
    import extractor.pipeline as pipeline

    real = pipeline.extract

    def explode_on_docx(document):  # type: ignore[no-untyped-def]
        if document.format == "docx":
            raise RuntimeError("boom")
        return real(document)

    monkeypatch.setattr(pipeline, "extract", explode_on_docx)
    outcomes = list(extract_many([CORPUS / "d01_transfer_region_table.docx", SAMPLE]))
    assert outcomes[0].error is not None and outcomes[0].error.code == "internal_error"
    assert outcomes[1].record is not None


def test_help_does_not_import_heavy_readers() -> None:
    probe = ("import sys; from extractor.cli import app\n"
             "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
             "heavy = [m for m in ('pdfplumber', 'pypdfium2', 'lxml', 'pydantic', 'docx') if m in sys.modules]\n"
             "print('HEAVY', heavy)")
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in output
    assert "extractor extract" in output  # the help carries examples


def test_a_cold_extract_imports_no_plugin_machinery_and_an_error_no_models(tmp_path: Path) -> None:
    probe = ("import sys; from extractor.cli import main\n"
             "sys.argv = ['extractor', *sys.argv[1:]]\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print('LOADED', [m for m in ('importlib.metadata', 'email', 'extractor.models') if m in sys.modules])")
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    out = tmp_path / "record.json"
    run = subprocess.run([sys.executable, "-c", probe, "extract", str(SAMPLE), "-o", str(out)], env=env,
                         capture_output=True, text=True, check=True)
    assert "LOADED ['extractor.models']" in run.stdout  # pydantic asked the stand-in loader: no plugins
    assert json.loads(out.read_text(encoding="utf-8"))["funds"]["budget_total"]["raw"] == "6359.55万元"
    (tmp_path / "empty").mkdir()
    run = subprocess.run([sys.executable, "-c", probe, "extract", str(tmp_path / "empty")], env=env,
                         capture_output=True, text=True, check=True)
    assert "LOADED []" in run.stdout and "no_documents" in run.stderr  # an error is printed without the models


def test_plugins_chosen_by_the_user_are_left_to_pydantic() -> None:
    probe = ("import sys; from extractor.cli import plugins_off; plugins_off()\n"
             "import pydantic.plugin._loader as loader; print('STANDIN', getattr(loader, '__file__', None) is None)")
    env = {**os.environ, "PYDANTIC_DISABLE_PLUGINS": "logfire"}
    run = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert "STANDIN False" in run.stdout


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run([sys.executable, "-m", "extractor", "schema"], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout)["title"]


@pytest.mark.parametrize("command", ["extract", "check"])
def test_a_folder_without_documents_is_an_error(tmp_path: Path, command: str) -> None:
    (tmp_path / "notes.bin").write_bytes(b"\x00")
    result = runner.invoke(app, [command, str(tmp_path)])
    assert result.exit_code == 1
    assert str(tmp_path) in result.stderr and "no_documents" in result.stderr


def test_unwritable_output_is_named(tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "out.json"
    result = runner.invoke(app, ["extract", str(SAMPLE), "-o", str(target)])
    assert result.exit_code == 1  # one scheme: 1 is a failure, 2 a usage error
    assert str(target) in result.stderr and "output_unwritable" in result.stderr


def test_version_and_short_help() -> None:
    from extractor import __version__

    result = subprocess.run([sys.executable, "-m", "extractor", "--version"], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == f"extractor {__version__}"
    for command in ([], ["extract"], ["ingest"], ["report"]):
        shown = runner.invoke(app, [*command, "-h"])
        assert shown.exit_code == 0 and "Usage" in shown.stdout


def test_extract_dash_reads_standard_input() -> None:
    data = SAMPLE.read_bytes()
    result = subprocess.run([sys.executable, "-m", "extractor", "extract", "-"], input=data, capture_output=True,
                            check=True)
    record = json.loads(result.stdout)
    assert record["source"]["path"] == "<stdin>" and record["funds"]["budget_total"]["yuan"] == 63595500
    broken = subprocess.run([sys.executable, "-m", "extractor", "extract", "-"], input=b"\x00\x01" * 50,
                            capture_output=True)
    assert broken.returncode == 1 and "<stdin>" in broken.stderr.decode()


def test_jsonl_output_is_json_lines_whatever_the_number_of_records(tmp_path: Path) -> None:
    one = tmp_path / "one.jsonl"
    assert runner.invoke(app, ["extract", str(SAMPLE), "-o", str(one)]).exit_code == 0
    lines = one.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["report"]["fiscal_year"] == 2025
    workbook = CORPUS / "x03_yingshan_two_projects.xlsx"  # two 自评表 sheets: two records
    result = runner.invoke(app, ["extract", str(workbook)])
    assert [json.loads(line)["source"]["sheet"] for line in result.stdout.splitlines()] == ["茶叶基地", "冷链物流"]
    several = runner.invoke(app, ["extract", str(SAMPLE), str(CORPUS / "c01_jineng_rounding.txt")])
    assert len(several.stdout.splitlines()) == 2  # the same shape as several files


@pytest.mark.parametrize(("arguments", "code"), [
    (["extract", "{sample}"], 0),
    (["extract", "{missing}"], 1),
    (["extract", "--no-such-option", "{sample}"], 2),
    (["check", "{sample}"], 0),
    (["check", "{missing}"], 1),
    (["check", "{sample}", "--format", "xml"], 2),
    (["report", "{missing}", "--html", "{html}"], 1),
    (["report", "{sample}"], 2),
    (["ingest", "{sample}"], 2),
    (["ingest", "{missing}", "--out", "{out}", "--progress", "none"], 1),
    (["schema", "extra"], 2),
    (["no-such-command"], 2),
])
def test_one_exit_code_scheme_for_every_command(tmp_path: Path, arguments: list[str], code: int) -> None:
    values = {"sample": str(SAMPLE), "missing": str(tmp_path / "missing.txt"), "html": str(tmp_path / "r.html"),
              "out": str(tmp_path / "out")}
    result = runner.invoke(app, [a.format(**values) for a in arguments])
    assert result.exit_code == code, result.output
