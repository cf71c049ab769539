"""Read a document file into the internal `Document` model, whatever its real format.

`read_document` checks the path, reads the bytes once, detects the format from the bytes (not the
extension) and hands them to the reader registered for it in `READERS`; `read_documents` gives every
record a file holds (`MULTI_READERS`: a workbook with one 自评表 per sheet), and `read_bytes` the
same for bytes already in memory (a zip member, stdin, an upload), with no file written. What
detection read to find the format (a text file's decoded text, a package's zip directory) goes on
to the built-in reader, which does not read it again. Readers that need lxml, pypdfium2 or
pdfplumber are imported only when a file of their format is read, so importing this package
stays cheap.
"""

from __future__ import annotations

import hashlib
import importlib
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from extractor.document import Document
from extractor.errors import ReadError
from extractor.readers.detect import Sniffed, examine, resolve_format
from extractor.readers.guard import guard_document
from extractor.readers.limits import DEFAULT_LIMITS, Limits
from extractor.readers.text import read_text

Reader = Callable[[Path, bytes, Limits], Document]
# Formats whose file may hold several records (a workbook with one 自评表 per sheet).
MultiReader = Callable[[Path, bytes, Limits], list[Document]]
_T = TypeVar("_T")

__all__ = ["DEFAULT_LIMITS", "MULTI_READERS", "READERS", "Limits", "MultiReader", "Reader", "read_bytes",
           "read_document", "read_documents"]


def _lazy(module: str, function: str) -> Callable[..., Any]:
    """A reader imported from its module on first use, so importing this package stays cheap."""

    def read(path: Path, data: bytes, limits: Limits, **handed_on: Any) -> Any:
        return getattr(importlib.import_module(module), function)(path, data, limits, **handed_on)

    return read


_read_xlsx: MultiReader = _lazy("extractor.readers.xlsx", "read_xlsx_documents")
_read_xls: MultiReader = _lazy("extractor.readers.legacy", "read_xls_documents")


def _first_of(multi: MultiReader) -> Reader:
    def read_first(path: Path, data: bytes, limits: Limits) -> Document:
        return multi(path, data, limits)[0]

    return read_first


MULTI_READERS: dict[str, MultiReader] = {"xlsx": _read_xlsx, "xls": _read_xls}
_read_docx: Reader = _lazy("extractor.readers.docx", "read_docx")
READERS: dict[str, Reader] = {
    "text": read_text,
    "docx": _read_docx,
    "pdf": _lazy("extractor.readers.pdf", "read_pdf"),
    "html": _lazy("extractor.readers.html", "read_html"),
    "doc": _lazy("extractor.readers.legacy", "read_doc"),
    "rtf": _lazy("extractor.readers.legacy", "read_rtf"),
    "image": _lazy("extractor.readers.image", "read_image"),
    **{name: _first_of(multi) for name, multi in MULTI_READERS.items()},
}


def read_document(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read the file at `path` (its first record), or raise ReadError naming the file and the cause."""
    return read_documents(path, limits)[0]


def read_documents(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> list[Document]:
    """Every record the file holds: one per 自评表 sheet of a workbook, else the one document."""
    file_path = Path(path)
    _check_path(file_path, limits)
    return _read(file_path, _read_file(file_path, limits), limits)


def read_bytes(data: bytes, path: str | Path, limits: Limits = DEFAULT_LIMITS) -> list[Document]:
    """Every record of a document held in memory, read as `read_documents` reads a file of these
    bytes at `path` (which names it in documents and errors and whose extension is compared with
    the bytes; nothing is written or read there)."""
    file_path = Path(path)
    if not data:
        raise ReadError(file_path, "empty_file", "文件大小为 0 字节")
    if len(data) > limits.max_file_bytes:
        raise ReadError(file_path, "file_too_large", _too_large_detail(len(data), limits))
    return _read(file_path, data, limits)


def _read(path: Path, data: bytes, limits: Limits) -> list[Document]:
    if not data or data.isspace():  # isspace() finds what strip() would, without a copy
        raise ReadError(path, "empty_file", "文件只含空白字符")
    sniffed = examine(data)
    resolved = resolve_format(path, sniffed.format, READERS.keys())
    handed_on = _handed_on(sniffed) if resolved.format == sniffed.format else {}
    multi = MULTI_READERS.get(resolved.format)
    documents = (_run_reader(multi, path, data, limits, handed_on) if multi is not None
                 else [_run_reader(READERS[resolved.format], path, data, limits, handed_on)])
    # The bytes are in memory once: hash them here rather than read the file again for the record.
    digest = hashlib.sha256(data).hexdigest()
    for document in documents:
        document.sha256 = digest
        if resolved.note is not None:
            document.notes.insert(0, resolved.note)
        guard_document(document, limits)
    return documents


def _handed_on(sniffed: Sniffed) -> dict[str, Any]:
    """What detection read that the built-in reader of the format takes instead of reading it again
    (passed only to the built-in readers: one registered in their place takes the three arguments)."""
    if sniffed.text is not None and READERS.get("text") is read_text:
        return {"text": sniffed.text}
    if sniffed.members is not None and sniffed.format == "xlsx" and MULTI_READERS.get("xlsx") is _read_xlsx:
        return {"members": sniffed.members}
    if sniffed.members is not None and sniffed.format == "docx" and READERS.get("docx") is _read_docx:
        return {"members": sniffed.members}
    return {}


def _check_path(path: Path, limits: Limits) -> None:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ReadError(path, "file_not_found", "路径不存在") from None
    except OSError as exc:
        raise ReadError(path, "file_not_found", f"无法访问该路径：{exc.strerror}") from exc
    if stat.S_ISDIR(info.st_mode):
        raise ReadError(path, "not_a_file", "这是一个目录，不是文件")
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(path, "not_a_file", "这是设备、管道或套接字等特殊文件，不是普通文件")
    if info.st_size == 0:
        raise ReadError(path, "empty_file", "文件大小为 0 字节")
    if info.st_size > limits.max_file_bytes:
        raise ReadError(path, "file_too_large", _too_large_detail(info.st_size, limits))


def _read_file(path: Path, limits: Limits) -> bytes:
    try:
        with path.open("rb") as handle:
            # The file may have grown since stat(): never read past the limit.
            data = handle.read(limits.max_file_bytes + 1)
    except FileNotFoundError:
        raise ReadError(path, "file_not_found", "文件在读取前被删除") from None
    except OSError as exc:
        raise ReadError(path, "file_not_found", f"无法打开文件：{exc.strerror}") from exc
    if len(data) > limits.max_file_bytes:
        raise ReadError(path, "file_too_large", _too_large_detail(len(data), limits))
    return data


def _too_large_detail(size: int, limits: Limits) -> str:
    return f"文件大小 {size} 字节，超过上限 {limits.max_file_bytes} 字节（Limits.max_file_bytes）"


def _run_reader(reader: Callable[..., _T], path: Path, data: bytes, limits: Limits, handed_on: dict[str, Any]) -> _T:
    try:
        return reader(path, data, limits, **handed_on)
    except ReadError:
        raise
    except RecursionError as exc:
        raise ReadError(path, "corrupt_file", "文档结构嵌套过深，无法读取") from exc
    except Exception as exc:
        # A reader bug must still name the file; the traceback stays on __cause__.
        raise ReadError(path, "internal_error", f"{type(exc).__name__}: {exc}") from exc
