"""Legacy .doc/.xls/.wps/.et through LibreOffice: conversion, no leftovers, and each failure's error."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractor.document import Table
from extractor.errors import ReadError
from extractor.readers import Limits, read_document, read_documents

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "corpus" / "w01_zhenan_yanglao_doc.doc"
XLS = ROOT / "corpus" / "x04_laifeng_nongye_transfer.xls"


def leftovers() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("extractor-convert-*")}


@pytest.fixture(autouse=True)
def private_tempdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Conversions of this test only: other processes converting at the same time do not count."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))


@pytest.fixture
def fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder first on PATH where a test writes its own `soffice` script."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    yield folder


def script(folder: Path, body: str) -> None:
    path = folder / "soffice"
    path.write_text("#!/bin/sh\nPATH=/usr/bin:/bin\n" + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


@pytest.mark.soffice
def test_doc_is_converted_and_read() -> None:
    before = leftovers()
    document = read_document(DOC)
    assert document.format == "doc" and document.notes == []
    assert document.blocks[0].text == "镇安县2023年度居家和社区养老服务补助资金"  # type: ignore[union-attr]
    assert leftovers() == before


@pytest.mark.soffice
def test_xls_is_converted_with_formats_and_merges() -> None:
    documents = read_documents(XLS)
    assert [(d.format, d.sheet) for d in documents] == [("xls", "Sheet1")]
    table = next(b for b in documents[0].blocks if isinstance(b, Table))
    texts = [[c.text for c in row] for row in table.rows]
    assert texts[4][-3:] == ["1968.40", "1872.52", "96.12%"]
    assert texts[5][-1] == "97.07%"  # a formula: LibreOffice keeps its value when converting
    assert table.rows[3][0].rowspan == 4


@pytest.mark.soffice
def test_wps_extension_on_a_word_binary(tmp_path: Path) -> None:
    path = tmp_path / "报告.wps"
    shutil.copyfile(DOC, path)
    document = read_document(path)
    assert document.format == "doc" and document.notes == []


@pytest.mark.soffice
def test_rtf_is_converted(tmp_path: Path) -> None:
    path = tmp_path / "r.rtf"
    path.write_text(r"{\rtf1\ansi\uc1 {\u32489\'3f\u25928\'3f report 2024}\par}", encoding="ascii")
    document = read_document(path)
    assert document.format == "rtf" and "绩效 report 2024" in document.text()


def test_no_soffice_names_the_packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    for path in (DOC, XLS):
        with pytest.raises(ReadError) as caught:
            read_document(path)
        assert caught.value.code == "converter_missing" and caught.value.path == str(path)
        assert "libreoffice-writer-nogui" in caught.value.detail
        assert "libreoffice-calc-nogui" in caught.value.detail


def test_conversion_timeout_kills_and_cleans_up(fake_soffice: Path) -> None:
    script(fake_soffice, "sleep 30 &\nwait")
    before = leftovers()
    with pytest.raises(ReadError) as caught:
        read_document(DOC, Limits(convert_timeout_s=0.5))
    assert caught.value.code == "timeout" and "0.5 秒" in caught.value.detail
    assert leftovers() == before


def test_conversion_failure_reports_soffice_stderr(fake_soffice: Path) -> None:
    script(fake_soffice, "echo 'Error: source file could not be loaded' >&2\nexit 1")
    with pytest.raises(ReadError) as caught:
        read_document(XLS)
    assert caught.value.code == "conversion_failed"
    assert "退出码 1" in caught.value.detail and "could not be loaded" in caught.value.detail


def test_converter_that_writes_nothing(fake_soffice: Path) -> None:
    script(fake_soffice, "exit 0")
    with pytest.raises(ReadError) as caught:
        read_document(DOC)
    assert caught.value.code == "conversion_failed"


def test_converter_is_called_in_a_private_profile(fake_soffice: Path, tmp_path: Path) -> None:
    log = tmp_path / "args.txt"
    script(fake_soffice, f'for a in "$@"; do echo "$a" >> {log}; done\nexit 1')
    with pytest.raises(ReadError):
        read_document(DOC)
    args = log.read_text().splitlines()
    profile = next(a for a in args if a.startswith("-env:UserInstallation=file://"))
    assert "extractor-convert-" in profile
    assert args[args.index("--convert-to") + 1] == "docx" and "--headless" in args
    assert args[-1].endswith("input.doc")
