"""Find a file's real format from its bytes, and reconcile it with the file's extension.

Users rename files freely (a PDF saved as .docx, a .doc renamed .docx), so the bytes decide how a
file is read; the extension only decides whether a mismatch is worth a note or an error.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from extractor.errors import ReadError
from extractor.readers.text import UNREADABLE_ENCODING_DETAIL, decode_text
from extractor.readers.zip_members import Member, read_directory, read_member

DOCX_MAIN_PART = "word/document.xml"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted OOXML file is an OLE2 container whose directory names this stream (names are UTF-16LE).
ENCRYPTED_PACKAGE_NAME = "EncryptedPackage".encode("utf-16-le")
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# Scanned pages saved as images: PNG, JPEG, TIFF (little- and big-endian).
IMAGE_MAGICS = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
# OLE2 stream names that tell a Word document from a workbook (Kingsoft .wps/.et write the same).
OLE2_WORD_STREAMS = ("WordDocument",)
OLE2_BOOK_STREAMS = ("Workbook", "Book")
OLE2_DIR_ENTRY = 128  # bytes per directory entry; entries are aligned to it within the file
# What an HTML page starts with once BOM, whitespace, an XML declaration and comments are skipped.
HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<table", b"<meta")
HTML_WINDOW = 4096
# ASCII whitespace as bytes.strip() takes it, matched without copying the bytes.
_LEADING_SPACE = re.compile(rb"[ \t\n\r\x0b\x0c]*")
# PDF readers accept the header anywhere in the first 1024 bytes, and so do we.
PDF_HEADER_WINDOW = 1024

DESCRIPTIONS: dict[str, str] = {
    "pdf": "PDF 文档",
    "docx": "Word 文档（.docx）",
    "text": "纯文本",
    "xlsx": "Excel 工作簿（.xlsx）",
    "pptx": "PowerPoint 演示文稿（.pptx）",
    "opendocument": "OpenDocument 文档（.odt/.ods）",
    "zip": "ZIP 压缩包",
    "broken_docx": "缺少正文部件的 Word 文档",
    "corrupt_zip": "已损坏的 ZIP 压缩包",
    "ole2": "旧版 Word/Excel 二进制格式（.doc/.xls）",
    "doc": "旧版 Word 文档（.doc/.wps）",
    "xls": "旧版 Excel 工作簿（.xls/.et）",
    "html": "HTML 网页",
    "encrypted": "加密的 Office 文档",
    "rtf": "RTF 文档",
    "image": "图片（.png/.jpg/.tif 扫描件）",
    "binary": "无法识别的二进制内容",
}

EXPECTED_BY_EXTENSION: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".docx": "docx",
    ".docm": "docx",
    ".pdf": "pdf",
    ".doc": "doc",
    ".wps": "doc",
    ".xls": "xls",
    ".et": "xls",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".pptx": "pptx",
    ".odt": "opendocument",
    ".ods": "opendocument",
    ".rtf": "rtf",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
}

# Extensions a folder walk picks up: every format with a reader (.csv is read as text).
READABLE_SUFFIXES = frozenset(
    suffix for suffix, name in EXPECTED_BY_EXTENSION.items() if name not in {"pptx", "opendocument"}
) | {".csv"}

# What a file whose extension promises a format is called when its bytes are something else.
_EXTENSION_NAMES: dict[str, str] = {
    "text": "文本文件",
    "docx": "Word 文档",
    "pdf": "PDF 文档",
    "ole2": "旧版 Office 文档",
    "doc": "旧版 Word 文档",
    "xls": "旧版 Excel 工作簿",
    "html": "HTML 网页",
    "xlsx": "Excel 工作簿",
    "pptx": "PowerPoint 演示文稿",
    "opendocument": "OpenDocument 文档",
    "rtf": "RTF 文档",
}


@dataclass(frozen=True, slots=True)
class Resolved:
    """The reader to use, and the note to attach when the extension disagreed with the bytes."""

    format: str
    note: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Sniffed:
    """The format the bytes are, and what finding it read that its reader need not read again."""

    format: str  # a key of `DESCRIPTIONS`
    text: str | None = None  # a text file's decoded text (decode_text)
    members: dict[str, Member] | None = None  # a zip package's directory (read_directory)


def sniff(data: bytes) -> str:
    """The format the bytes are: a key of `DESCRIPTIONS`."""
    return examine(data).format


def examine(data: bytes) -> Sniffed:
    """The format the bytes are, with the text or zip directory read to find it."""
    if b"%PDF-" in data[:PDF_HEADER_WINDOW]:
        return Sniffed("pdf")
    if data.startswith(ZIP_MAGICS):
        return _sniff_zip(data)
    if data.startswith(IMAGE_MAGICS):
        return Sniffed("image")
    if data.startswith(OLE2_MAGIC):
        return Sniffed("encrypted" if ENCRYPTED_PACKAGE_NAME in data else _sniff_ole2(data))
    if data.startswith(b"{\\rtf", _space_run_end(data)):
        return Sniffed("rtf")
    if looks_html(data):
        return Sniffed("html")
    text = decode_text(data)
    return Sniffed("binary") if text is None else Sniffed("text", text=text)


def _space_run_end(data: bytes) -> int:
    """Where the bytes' leading ASCII whitespace ends (`len(data) - len(data.lstrip())`, no copy)."""
    found = _LEADING_SPACE.match(data)
    return found.end() if found is not None else 0


def _sniff_ole2(data: bytes) -> str:
    """doc or xls from the OLE2 directory's stream names; "ole2" when neither is there."""
    if any(_has_ole2_stream(data, name) for name in OLE2_WORD_STREAMS):
        return "doc"
    if any(_has_ole2_stream(data, name) for name in OLE2_BOOK_STREAMS):
        return "xls"
    return "ole2"


def _has_ole2_stream(data: bytes, name: str) -> bool:
    """Whether a directory entry is named `name`: UTF-16LE, NUL-terminated, at an entry boundary,
    with the entry's name-length field agreeing (so text that happens to hold the name is no match)."""
    needle = name.encode("utf-16-le") + b"\x00\x00"
    position = data.find(needle, len(OLE2_MAGIC))
    while position != -1:
        length = int.from_bytes(data[position + 64:position + 66], "little")
        if position % OLE2_DIR_ENTRY == 0 and length == len(needle):
            return True
        position = data.find(needle, position + 1)
    return False


def looks_html(data: bytes) -> bool:
    head = data[:HTML_WINDOW].removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    while head.startswith((b"<?xml", b"<!--")):
        end = head.find(b"?>" if head.startswith(b"<?") else b"-->")
        if end == -1:
            return False
        head = head[end + (2 if head.startswith(b"<?") else 3):].lstrip()
    return head.startswith(HTML_STARTS)


def _sniff_zip(data: bytes) -> Sniffed:
    try:
        names = read_directory(data)
        mimetype = read_member(data, names, "mimetype")[:80] if "mimetype" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError):
        return Sniffed("corrupt_zip")
    return Sniffed(_zip_format(names, mimetype), members=names)


def _zip_format(names: dict[str, Member], mimetype: bytes) -> str:
    if DOCX_MAIN_PART in names:
        return "docx"
    if any(name.startswith("word/") for name in names):
        return "broken_docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        return "opendocument"
    return "zip"


def resolve_format(path: Path, actual: str, readable: Collection[str]) -> Resolved:
    """Choose the reader for bytes sniffed as `actual`, or raise the ReadError that explains why none fits."""
    extension = path.suffix.lower()
    expected = EXPECTED_BY_EXTENSION.get(extension)
    if actual == "encrypted":
        raise ReadError(path, "encrypted", "文件受密码保护（加密的 Office 文档），请解除密码后再处理")
    if actual in readable:
        return Resolved(actual, _mismatch_note(extension, expected, actual))
    if actual == "ole2" and extension in (".wps", ".et") and expected is not None and expected in readable:
        # Older Kingsoft files lack the Word/Excel stream names: LibreOffice's own filters decide.
        return Resolved(expected)
    if actual in ("corrupt_zip", "broken_docx"):
        raise ReadError(path, "corrupt_file", _corrupt_zip_detail(actual, expected))
    if actual == "ole2":
        raise ReadError(path, "unsupported_format", DESCRIPTIONS["ole2"])
    if actual == "binary" and expected == "text":
        raise ReadError(path, "unreadable_encoding", UNREADABLE_ENCODING_DETAIL)
    if expected is not None and expected != actual:
        raise ReadError(path, "wrong_extension", _wrong_extension_detail(extension, expected, actual))
    if actual == "binary":
        raise ReadError(path, "unsupported_format", "无法识别的文件内容：不是文本、Word（.docx）或 PDF 文档")
    raise ReadError(path, "unsupported_format", f"{DESCRIPTIONS[actual]}，暂不支持读取")


def _mismatch_note(extension: str, expected: str | None, actual: str) -> tuple[str, str] | None:
    if expected is None or expected == actual:
        return None
    found = DESCRIPTIONS[actual]
    return (
        "wrong_extension",
        f"扩展名为 {extension}，{_join('但内容是', found)}，{_join('已按', found)}读取",
    )


def _corrupt_zip_detail(actual: str, expected: str | None) -> str:
    if actual == "broken_docx":
        return f"Word 文档缺少正文部件 {DOCX_MAIN_PART}"
    if expected == "docx":
        return "DOCX 文件（ZIP 压缩包）已损坏或不完整"
    return "ZIP 压缩包已损坏或不完整"


def _wrong_extension_detail(extension: str, expected: str, actual: str) -> str:
    expected_name = _EXTENSION_NAMES.get(expected, DESCRIPTIONS.get(expected, expected))
    if actual == "binary":
        return f"扩展名为 {extension}，{_join('但内容不是', expected_name)}"
    return f"扩展名为 {extension}，{_join('但内容是', DESCRIPTIONS[actual])}，{_join('不是', expected_name)}"


def _join(chinese: str, name: str) -> str:
    """Chinese text followed by a name, with the space Chinese typography puts before a Latin word."""
    return f"{chinese} {name}" if name[:1].isascii() else chinese + name
