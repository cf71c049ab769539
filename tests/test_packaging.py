"""Packaging: the patterns ship inside the package, so a wheel, `pip install --target` and a zipapp work
away from the checkout; `import extractor` exposes the public API; one version everywhere."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import tempfile
import tomllib
import zipapp
import zipfile
from pathlib import Path

import pytest

import extractor
from extractor.errors import ReadError
from extractor.readers.limits import Limits

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "hongshan_jiuye_2025.txt"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", str(ROOT),
                    "-w", str(out)], check=True, capture_output=True, cwd=out)
    return next(out.glob("extractor-*.whl"))


def test_the_wheel_carries_every_pattern_file_the_licence_and_the_version(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    patterns = {p.name for p in (ROOT / "patterns").glob("*.toml")}
    assert patterns and {f"extractor/_patterns/{name}" for name in patterns} <= names
    assert any(name.endswith(".dist-info/LICENSE") or "/licenses/" in name for name in names)
    assert wheel.name.startswith(f"extractor-{extractor.__version__}-")


def _away_from_checkout(path_entry: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(path_entry)}


def test_pip_install_target_reads_patterns_from_the_package(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "target"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    probe = ("import json, sys, extractor\n"
             "from extractor import patterns\n"
             "record = extractor.extract_file(sys.argv[1])\n"
             "print(json.dumps([extractor.__file__, patterns.concerns(), str(record.funds.budget_total.yuan)]))")
    run = subprocess.run([sys.executable, "-c", probe, str(SAMPLE)], capture_output=True, text=True, check=True,
                         cwd=tmp_path, env=_away_from_checkout(target))
    where, concerns, budget = json.loads(run.stdout)
    assert where.startswith(str(target))
    assert concerns == sorted(p.stem for p in (ROOT / "patterns").glob("*.toml"))
    assert budget == "63595500"


def test_a_zipapp_runs_the_command_line(wheel: Path, tmp_path: Path) -> None:
    source = tmp_path / "app"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(source)
    app = tmp_path / "extractor.pyz"
    zipapp.create_archive(source, app, main="extractor.cli:main")
    run = subprocess.run([sys.executable, str(app), "extract", str(SAMPLE)], capture_output=True, text=True,
                         cwd=tmp_path, env=_away_from_checkout(tmp_path / "nothing-here"))
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["funds"]["budget_total"]["yuan"] == 63595500


def test_one_version_in_the_package_and_the_changelog() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" in project["dynamic"]  # read from extractor.__version__ by setuptools
    top = re.search(r"^## \[?(\d+\.\d+\.\d+)", (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), re.M)
    assert top is not None and top.group(1) == extractor.__version__
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_import_extractor_exposes_the_public_api() -> None:
    record = extractor.extract_file(SAMPLE)
    assert record.funds.budget_total is not None and record.funds.budget_total.yuan == 63595500
    document = extractor.read_document(SAMPLE)
    assert document.format == "text" and document.blocks
    assert set(extractor.__all__) >= {"extract_file", "extract_records", "extract_bytes", "extract_stream",
                                      "read_document", "read_documents", "Record", "ReadError", "Options"}


def test_bytes_and_file_objects_give_the_same_record_named_as_the_caller_says() -> None:
    data = SAMPLE.read_bytes()
    from_file = extractor.extract_file(SAMPLE)
    (from_bytes,) = extractor.extract_bytes(data, "上传/报告.txt")
    (from_stream,) = extractor.extract_stream(io.BytesIO(data), "stdin")
    assert from_bytes.source.path == "上传/报告.txt" and from_stream.source.path == "stdin"
    for record in (from_bytes, from_stream):
        assert record.source.sha256 == from_file.source.sha256
        assert record.funds == from_file.funds and record.findings == from_file.findings


def test_bad_bytes_are_a_read_error_naming_the_caller_s_name() -> None:
    with pytest.raises(ReadError) as raised:
        extractor.extract_bytes(b"PK\x03\x04 not a zip" * 20, "附件.docx")
    assert raised.value.path == "附件.docx" and raised.value.code == "corrupt_file"
    assert tempfile.gettempdir() not in str(raised.value)  # the temporary copy is never named
    with pytest.raises(ReadError) as too_big:
        extractor.extract_bytes(b"x" * 101, "big.txt", extractor.Options(limits=_limits(100)))
    assert too_big.value.code == "file_too_large"


def _limits(max_bytes: int) -> Limits:
    return Limits(max_file_bytes=max_bytes)
