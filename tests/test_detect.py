"""Format detection by content: OLE2 stream names, zip members, HTML starts, and wrong extensions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from extractor.readers import read_document, read_documents
from extractor.readers.detect import OLE2_MAGIC, looks_html, sniff

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DOC = CORPUS / "w01_zhenan_yanglao_doc.doc"
XLS = CORPUS / "x04_laifeng_nongye_transfer.xls"
XLSX = CORPUS / "x01_sihong_gonglu_transfer.xlsx"
DOCX = CORPUS / "d01_transfer_region_table.docx"
HTML = CORPUS / "h01_pingli_jiuye_portal.html"


def _ole2_with_entry(name: str, offset: int) -> bytes:
    """A 2 KB OLE2-looking file with one directory entry named `name` at `offset`."""
    data = bytearray(OLE2_MAGIC + bytes(2048 - len(OLE2_MAGIC)))
    encoded = name.encode("utf-16-le") + b"\x00\x00"
    data[offset:offset + len(encoded)] = encoded
    data[offset + 64:offset + 66] = len(encoded).to_bytes(2, "little")
    return bytes(data)


def test_ole2_kind_from_stream_names() -> None:
    assert sniff(DOC.read_bytes()) == "doc"
    assert sniff(XLS.read_bytes()) == "xls"
    assert sniff(_ole2_with_entry("WordDocument", 1024)) == "doc"
    assert sniff(_ole2_with_entry("Workbook", 1152)) == "xls"
    assert sniff(_ole2_with_entry("Book", 512)) == "xls"
    assert sniff(OLE2_MAGIC + bytes(4088)) == "ole2"


def test_a_stream_name_off_an_entry_boundary_is_not_one() -> None:
    assert sniff(_ole2_with_entry("WordDocument", 1030)) == "ole2"


def test_zip_kinds() -> None:
    assert sniff(XLSX.read_bytes()) == "xlsx"
    assert sniff(DOCX.read_bytes()) == "docx"


@pytest.mark.parametrize("start", [
    b"<!DOCTYPE html><html><body>x</body></html>",
    b"\xef\xbb\xbf  \r\n<html lang='zh'>",
    b"<?xml version='1.0' encoding='gbk'?>\n<!-- saved from portal -->\n<HTML>",
    b"<table><tr><td>1</td></tr></table>",
    b"\n\n<meta charset='gbk'><title>t</title>",
])
def test_html_starts(start: bytes) -> None:
    assert looks_html(start)
    assert sniff(start) == "html"


@pytest.mark.parametrize("start", [b"<<not html", b"report <html> inside text", b"<!-- unterminated comment"])
def test_not_html(start: bytes) -> None:
    assert not looks_html(start)


def test_gbk_page_is_html_not_text() -> None:
    assert sniff(HTML.read_bytes()) == "html"


def test_doc_that_is_really_docx(tmp_path: Path) -> None:
    path = tmp_path / "report.doc"
    shutil.copyfile(DOCX, path)
    document = read_document(path)
    assert document.format == "docx"
    assert document.notes[0] == (
        "wrong_extension", "扩展名为 .doc，但内容是 Word 文档（.docx），已按 Word 文档（.docx）读取")


def test_doc_that_is_really_html(tmp_path: Path) -> None:
    path = tmp_path / "report.doc"
    shutil.copyfile(HTML, path)
    document = read_document(path)
    assert document.format == "html"
    assert document.notes[0] == ("wrong_extension", "扩展名为 .doc，但内容是 HTML 网页，已按 HTML 网页读取")


def test_xls_that_is_really_an_html_table(tmp_path: Path) -> None:
    # Portals' "export to Excel" often writes an HTML table with an .xls name.
    path = tmp_path / "export.xls"
    path.write_bytes("<table><tr><td>三级指标</td><td>指标值</td></tr><tr><td>培训人数</td><td>≥10人</td></tr></table>"
                     .encode("gb18030"))
    document = read_document(path)
    assert document.format == "html" and document.notes[0][0] == "wrong_extension"


def test_docx_that_is_really_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "table.docx"
    shutil.copyfile(XLSX, path)
    documents = read_documents(path)
    assert [d.format for d in documents] == ["xlsx"]
    assert documents[0].notes[0][0] == "wrong_extension"
