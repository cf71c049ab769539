"""Read Chinese budget-performance self-evaluation reports into checked, structured JSON.

The public API, importable from the package itself::

    import extractor
    record = extractor.extract_file("report.pdf")            # a checked Record; ReadError on bad input
    records = extractor.extract_records("book.xlsx")          # every record a file holds (one per sheet)
    records = extractor.extract_bytes(data, "report.docx")    # from bytes (a download, a database blob)
    records = extractor.extract_stream(handle, "report.pdf")  # from a binary file object (stdin, a zip member)
    document = extractor.read_document("report.docx")         # the document model only, no extraction

Names are imported on first use, so `import extractor` stays cheap (the command line's start-up).
"""

from __future__ import annotations

import importlib
from pathlib import Path, PurePath
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extractor.errors import ReadError
    from extractor.models import Record
    from extractor.pipeline import Options, extract_file, extract_records
    from extractor.readers import read_document, read_documents

__version__ = "0.2.0"

__all__ = ["Options", "ReadError", "Record", "__version__", "extract_bytes", "extract_file", "extract_records",
           "extract_stream", "read_document", "read_documents"]

_LAZY = {
    "Options": "extractor.pipeline", "extract_file": "extractor.pipeline", "extract_records": "extractor.pipeline",
    "read_document": "extractor.readers", "read_documents": "extractor.readers",
    "Record": "extractor.models", "ReadError": "extractor.errors",
}
# The readers see a document given as bytes under this name with the caller's extension (the reader
# notes a mismatch with the bytes); anything else in the name is the caller's, set on the records.
_DOCUMENT_STEM = "document"
_SAFE_SUFFIX = 12


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'extractor' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def extract_bytes(data: bytes, name: str = "document", options: Options | None = None) -> list[Record]:
    """Every record in a document given as bytes, read -> extract -> check like a file.

    `name` is what records (`source.path`) and errors call the document; its extension, if it has
    one, is compared with the bytes as a file's would be. Raises ReadError naming `name`.
    """
    from extractor.errors import ReadError
    from extractor.pipeline import Options, records_of
    from extractor.readers import read_bytes

    chosen = options or Options()
    limit = chosen.limits.max_file_bytes
    if len(data) > limit:
        raise ReadError(name, "file_too_large", f"文件大小 {len(data)} 字节，超过上限 {limit} 字节")
    suffix = PurePath(name).suffix.lower()
    suffix = suffix if len(suffix) <= _SAFE_SUFFIX and suffix[1:].isalnum() else ""
    # The readers take the bytes as they are: no copy is written to disk.
    try:
        documents = read_bytes(data, Path(_DOCUMENT_STEM + suffix), chosen.limits)
        records = [record for _, record in records_of(documents, chosen.check, chosen.limits)]
    except ReadError as error:  # named as the caller knows it, not by the name the readers were given
        raise ReadError(name, error.code, error.detail) from error
    for record in records:
        record.source.path = name
    return records


def extract_stream(stream: IO[bytes], name: str = "document", options: Options | None = None) -> list[Record]:
    """Every record in a document read from a binary file object (never more than the size limit + 1 byte)."""
    from extractor.pipeline import Options

    chosen = options or Options()
    return extract_bytes(stream.read(chosen.limits.max_file_bytes + 1), name, chosen)
