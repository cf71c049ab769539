"""Walk what the user named (files, folders, .zip archives) into the list of files to ingest.

Folders are walked recursively in sorted order. A folder's files with the extension of a document
format are ingested, readable or not (.pptx, .odt, ...): the reader turns those it cannot read into
`unsupported_format` error records (or reads a renamed .docx), so they show up in the audit;
anything else (images, JSON, golden files) is ignored and counted. A file named on the command
line is always ingested: the reader decides from its bytes. A .zip archive's members are treated like a folder's files.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from extractor.digest import sha256_of_stream
from extractor.readers.detect import EXPECTED_BY_EXTENSION

# Every extension of a document format, readable or not (the reader decides and explains).
DOCUMENT_EXTENSIONS = frozenset(EXPECTED_BY_EXTENSION) | {".csv", ".ppt"}
MEMBER_SEPARATOR = "!/"


@dataclass(frozen=True, slots=True)
class Source:
    path: str  # as shown in the outputs
    fs_path: str  # the file on disk (for a zip member: the archive)
    member: str | None
    size: int
    stamp: str  # changes whenever the content may have changed (size, mtime; CRC for members)


@dataclass(slots=True)
class Walk:
    sources: list[Source]
    ignored: int


def walk(inputs: Iterable[str | Path]) -> Walk:
    sources: list[Source] = []
    ignored = 0
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                found = _classified(file, named=False)
                ignored += found is None
                sources.extend(found or [])
        else:
            sources.extend(_classified(path, named=True) or [])
    return Walk(sources, ignored)


def _classified(path: Path, named: bool) -> list[Source] | None:
    suffix = path.suffix.lower()
    if suffix == ".zip" and zipfile.is_zipfile(path):
        return list(_members(path))
    if named or suffix in DOCUMENT_EXTENSIONS:
        return [_file_source(path)]
    return None


def _file_source(path: Path) -> Source:
    try:
        info = path.stat()
        size, stamp = info.st_size, f"{info.st_size}:{info.st_mtime_ns}"
    except OSError:  # missing: the reader reports it with its own code
        size, stamp = 0, "missing"
    return Source(str(path), str(path), None, size, stamp)


def _members(archive: Path) -> Iterator[Source]:
    info = archive.stat()
    with zipfile.ZipFile(archive) as opened:
        for member in sorted(opened.infolist(), key=lambda m: m.filename):
            suffix = PurePosixPath(member.filename).suffix.lower()
            if member.is_dir() or suffix not in DOCUMENT_EXTENSIONS:
                continue
            stamp = f"{info.st_size}:{info.st_mtime_ns}:{member.CRC}:{member.file_size}"
            yield Source(f"{archive}{MEMBER_SEPARATOR}{member.filename}", str(archive), member.filename,
                         member.file_size, stamp)


def sha256_of(source: Source) -> str:
    """The content's sha256, read in chunks (a zip member is hashed decompressed)."""
    if source.member is None and not os.path.isfile(source.fs_path):
        return _unreadable_key(source)  # missing, a folder, or a FIFO that would block a read
    try:
        if source.member is None:
            with open(source.fs_path, "rb") as handle:
                return sha256_of_stream(handle)
        with zipfile.ZipFile(source.fs_path) as archive, archive.open(source.member) as member:
            return sha256_of_stream(member)
    except (OSError, zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError):
        return _unreadable_key(source)


def _unreadable_key(source: Source) -> str:
    """A file that cannot be hashed is keyed by its path, so it still gets one error record (from the reader)."""
    return hashlib.sha256(("unreadable:" + source.path).encode()).hexdigest()
