"""Every way a file can fail to be read gives a ReadError with a stable code and a specific detail."""

from __future__ import annotations

import io
import os
import random
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractor.document import Paragraph
from extractor.errors import ReadError
from extractor.readers import DEFAULT_LIMITS, Limits, read_document

DATA = Path(__file__).parent / "data"
ORDER_DOCX = DATA / "docx" / "order.docx"
PDF_SAMPLE = DATA / "pdf" / "prose.pdf"
DOCUMENT_XML = "word/document.xml"


def read_error(path: Path, limits: Limits = DEFAULT_LIMITS) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_document(path, limits)
    assert caught.value.path == str(path)
    return caught.value


def docx_with_document_xml(path: Path, document_xml: bytes) -> Path:
    """A copy of order.docx whose word/document.xml is replaced."""
    with zipfile.ZipFile(ORDER_DOCX) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = document_xml if item.filename == DOCUMENT_XML else source.read(item)
            target.writestr(item.filename, data)
    return path


def test_missing_file(tmp_path: Path) -> None:
    error = read_error(tmp_path / "没有这个文件.docx")
    assert error.code == "file_not_found"
    assert error.detail == "路径不存在"


def test_directory(tmp_path: Path) -> None:
    error = read_error(tmp_path)
    assert error.code == "not_a_file"
    assert "目录" in error.detail


def test_fifo_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    error = read_error(fifo)
    assert error.code == "not_a_file"


def test_zero_bytes(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    error = read_error(path)
    assert error.code == "empty_file"
    assert error.detail == "文件大小为 0 字节"


@pytest.mark.parametrize(
    "content", [b" \r\n\t \n", "\ufeff\u3000\u3000\r\n".encode(), "  \n".encode("utf-16")]
)
def test_only_whitespace(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    error = read_error(path)
    assert error.code == "empty_file"
    assert error.detail == "文件只含空白字符"


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes("绩效自评报告正文。".encode())
    error = read_error(path, Limits(max_file_bytes=10))
    assert error.code == "file_too_large"
    assert error.detail == "文件大小 27 字节，超过上限 10 字节（Limits.max_file_bytes）"


def test_garbage_with_docx_extension(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(random.Random(11).randbytes(2048))
    error = read_error(path)
    assert error.code == "wrong_extension"
    assert error.detail == "扩展名为 .docx，但内容不是 Word 文档"


def test_garbage_with_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "report.bin"
    path.write_bytes(random.Random(12).randbytes(2048))
    error = read_error(path)
    assert error.code == "unsupported_format"


def test_random_bytes_in_a_txt(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(random.Random(13).randbytes(2048))
    error = read_error(path)
    assert error.code == "unreadable_encoding"


def test_text_with_docx_extension_is_read_as_text_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes("青溪县2024年度绩效自评报告\r\n预算执行率96.76%。\r\n".encode("gbk"))

    document = read_document(path)

    assert document.format == "text"
    assert [b.text for b in document.blocks if isinstance(b, Paragraph)] == [
        "青溪县2024年度绩效自评报告",
        "预算执行率96.76%。",
    ]
    assert document.notes == [("wrong_extension", "扩展名为 .docx，但内容是纯文本，已按纯文本读取")]


def test_pdf_with_docx_extension_is_read_as_pdf_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    shutil.copyfile(PDF_SAMPLE, path)

    document = read_document(path)

    assert document.format == "pdf"
    assert document.blocks
    assert document.notes[0] == ("wrong_extension", "扩展名为 .docx，但内容是 PDF 文档，已按 PDF 文档读取")


def test_docx_with_txt_extension_is_read_as_docx_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    shutil.copyfile(ORDER_DOCX, path)

    document = read_document(path)

    assert document.format == "docx"
    assert document.notes == [
        ("wrong_extension", "扩展名为 .txt，但内容是 Word 文档（.docx），已按 Word 文档（.docx）读取")
    ]


def test_plain_zip_with_docx_extension(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("附件/说明.txt", "资金明细见附件。")
    error = read_error(path)
    assert error.code == "wrong_extension"
    assert error.detail == "扩展名为 .docx，但内容是 ZIP 压缩包，不是 Word 文档"


def test_plain_zip_without_extension_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "bundle.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "x")
    error = read_error(path)
    assert error.code == "unsupported_format"
    assert error.detail == "ZIP 压缩包，暂不支持读取"


def test_broken_workbook_with_docx_extension(tmp_path: Path) -> None:
    # Read as the workbook it is (tests/test_detect.py), which here has no sheets to read.
    path = tmp_path / "table.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    error = read_error(path)
    assert error.code == "corrupt_file"
    assert error.detail.startswith("XLSX 工作簿无法解析")


def test_docx_without_its_main_part(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    with zipfile.ZipFile(ORDER_DOCX) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            if item.filename != DOCUMENT_XML:
                target.writestr(item.filename, source.read(item))
    error = read_error(path)
    assert error.code == "corrupt_file"
    assert error.detail == "Word 文档缺少正文部件 word/document.xml"


def test_truncated_docx(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(ORDER_DOCX.read_bytes()[:5000])
    error = read_error(path)
    assert error.code == "corrupt_file"
    assert error.detail == "DOCX 文件（ZIP 压缩包）已损坏或不完整"


def test_damaged_deflate_stream(tmp_path: Path) -> None:
    data = bytearray(ORDER_DOCX.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(DOCUMENT_XML)
    # The member's data starts after its 30-byte local header, name and extra field.
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 20, start + 60):
        data[i] ^= 0x5A
    path = tmp_path / "report.docx"
    path.write_bytes(bytes(data))
    error = read_error(path)
    assert error.code == "corrupt_file"
    assert error.detail.startswith("DOCX 文件（ZIP 压缩包）已损坏：")


def test_malformed_document_xml(tmp_path: Path) -> None:
    path = docx_with_document_xml(tmp_path / "report.docx", b"<w:document><w:body><w:p>")
    error = read_error(path)
    assert error.code == "corrupt_file"
    assert error.detail.startswith("Word 正文 XML 无法解析：")


def test_docx_without_text(tmp_path: Path) -> None:
    xml = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p/><w:sectPr/></w:body></w:document>"
    )
    error = read_error(docx_with_document_xml(tmp_path / "report.docx", xml))
    assert error.code == "empty_file"


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容", encoding="utf-8")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>正文&x;</w:t></w:r></w:p></w:body></w:document>"
    ).encode()
    document = read_document(docx_with_document_xml(tmp_path / "report.docx", xml))
    assert "机密内容" not in document.text()
    assert document.text().startswith("正文")


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A DOCX whose word/document.xml inflates to 400 MB of spaces (about 400 KB on disk)."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.docx"
    chunk = b" " * 2**20
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(DOCUMENT_XML, "w", force_zip64=True) as member:
            for _ in range(400):
                member.write(chunk)
    yield path


def test_zip_bomb(zip_bomb: Path) -> None:
    assert zip_bomb.stat().st_size < 2 * 2**20
    error = read_error(zip_bomb)
    assert error.code == "zip_bomb"
    assert error.detail == "word/document.xml 解压后达 400 MB，超过上限 32 MB（Limits.max_member_bytes）"


def test_zip_bomb_whose_header_understates_its_size(zip_bomb: Path, tmp_path: Path) -> None:
    # The central directory claims 1 KB: inflating must still stop early (one byte past the
    # declared size, which then disagrees with it), never allocating the 400 MB.
    data = bytearray(zip_bomb.read_bytes())
    entry = data.find(b"PK\x01\x02")
    name = DOCUMENT_XML.encode()
    while data[entry + 46 : entry + 46 + len(name)] != name:
        entry = data.find(b"PK\x01\x02", entry + 4)
    data[entry + 24 : entry + 28] = (1024).to_bytes(4, "little")
    path = tmp_path / "liar.docx"
    path.write_bytes(bytes(data))
    error = read_error(path)
    assert error.code == "corrupt_file"
    assert "1025 bytes where the directory declares 1024" in error.detail


def test_small_unzip_limit(tmp_path: Path) -> None:
    error = read_error(ORDER_DOCX, Limits(max_unzipped_bytes=1000))
    assert error.code == "zip_bomb"


def test_encrypted_docx() -> None:
    error = read_error(DATA / "docx" / "encrypted.docx")
    assert error.code == "encrypted"
    assert error.detail == "文件受密码保护（加密的 Office 文档），请解除密码后再处理"


def test_legacy_word_binary(tmp_path: Path) -> None:
    path = tmp_path / "report.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088))
    error = read_error(path)
    assert error.code == "unsupported_format"
    assert error.detail == "旧版 Word/Excel 二进制格式（.doc/.xls）"


def test_legacy_word_binary_renamed_docx(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088))
    error = read_error(path)
    assert error.code == "unsupported_format"
    assert error.detail == "旧版 Word/Excel 二进制格式（.doc/.xls）"


def test_error_message_names_file_code_and_reason(tmp_path: Path) -> None:
    error = read_error(tmp_path / "缺失.txt")
    assert str(error) == f"{tmp_path / '缺失.txt'}: 文件不存在 (file_not_found): 路径不存在"
