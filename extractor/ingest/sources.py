"""Walk what the user named (files, folders, .zip archives) into the list of files to ingest.

Folders are walked recursively in sorted order. A folder's files with the extension of a document
format are ingested, readable or not (.pptx, .odt, ...): the reader turns those it cannot read into
`unsupported_format` error records (or reads a renamed .docx), so they show up in the audit;
anything else (images, JSON, golden files) is ignored and counted. A file named on the command
line is always ingested: the reader decides from its bytes. A .zip archive's members are treated
like a folder's files, with their names decoded as their authors wrote them (`archives`).

Never read: symbolic links inside folders (unless `follow_symlinks`: `x.txt -> /etc/shadow` in a
shared folder stays out), the output folder of this run, any other ingest output folder (it holds
`.ingest/state.db`), and review reports this tool wrote (their generator mark).
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from extractor.digest import sha256_of_stream
from extractor.ingest.archives import member_name, open_archive
from extractor.readers.detect import EXPECTED_BY_EXTENSION

# Every extension of a document format, readable or not (the reader decides and explains).
DOCUMENT_EXTENSIONS = frozenset(EXPECTED_BY_EXTENSION) | {".csv", ".ppt"}
MEMBER_SEPARATOR = "!/"
STATE_MARK = os.path.join(".ingest", "state.db")
# `extractor report` writes this into every review report: such a page is an output, not a source.
GENERATOR_MARK = b'<meta name="generator" content="extractor'
_HTML = {".html", ".htm", ".shtml"}
_HEAD = 4096


@dataclass(frozen=True, slots=True)
class Source:
    path: str  # as shown in the outputs
    fs_path: str  # the file on disk (for a zip member: the archive)
    member: str | None  # a zip member's name as the zip module knows it (for opening it)
    size: int
    stamp: str  # changes whenever the content may have changed (size, mtime; CRC for members)
    location: str  # absolute: what identifies the file from run to run (archive!/member for a member)


@dataclass(slots=True)
class Walk:
    sources: list[Source] = field(default_factory=list)
    ignored: int = 0  # not documents (images, JSON, ...)
    symlinks: int = 0  # symbolic links not followed
    outputs: int = 0  # output folders and review reports of this tool, never read
    roots: list[str] = field(default_factory=list)  # absolute paths named: what vanished under them is gone


def walk(inputs: Iterable[str | Path], exclude: Iterable[str | Path] = (), follow_symlinks: bool = False) -> Walk:
    """The files to ingest under `inputs`, never entering the folders in `exclude` (the output folder)."""
    result = Walk()
    excluded = {os.path.realpath(p) for p in exclude}
    for item in inputs:
        path = Path(item)
        location = os.path.abspath(path)
        result.roots.append(location)
        if path.is_dir():
            if _is_output(str(path), excluded):
                result.outputs += 1
                continue
            found = list(_folder(path, excluded, follow_symlinks, result))
            result.sources.extend(sorted(found, key=lambda s: PurePosixPath(s.path).parts))
        elif _inside(location, excluded) or _is_review_report(path):
            result.outputs += 1
        else:
            result.sources.extend(_classified(path, named=True, walked=result) or [])
    return result


def _folder(root: Path, excluded: set[str], follow: bool, result: Walk) -> Iterator[Source]:
    visited = {os.path.realpath(root)}
    for folder, dirs, files in os.walk(root, followlinks=follow):
        kept = []
        for name in sorted(dirs):
            full = os.path.join(folder, name)
            if os.path.islink(full) and not follow:
                result.symlinks += 1
            elif _is_output(full, excluded):
                result.outputs += 1
            elif os.path.realpath(full) not in visited:  # a followed link back up the tree: once only
                visited.add(os.path.realpath(full))
                kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            file = Path(folder, name)
            if file.is_symlink() and not follow:
                result.symlinks += 1
            elif _is_review_report(file):
                result.outputs += 1
            elif file.is_file():
                found = _classified(file, named=False, walked=result)
                result.ignored += found is None
                yield from found or []


def _is_output(folder: str, excluded: set[str]) -> bool:
    return os.path.realpath(folder) in excluded or os.path.isfile(os.path.join(folder, STATE_MARK))


def _inside(location: str, excluded: set[str]) -> bool:
    real = os.path.realpath(location)
    return any(real == folder or real.startswith(folder + os.sep) for folder in excluded)


def _is_review_report(path: Path) -> bool:
    if path.suffix.lower() not in _HTML:
        return False
    try:
        with path.open("rb") as handle:
            return GENERATOR_MARK in handle.read(_HEAD)
    except OSError:
        return False


def _classified(path: Path, named: bool, walked: Walk) -> list[Source] | None:
    suffix = path.suffix.lower()
    if suffix == ".zip" and zipfile.is_zipfile(path):
        return list(_members(path, walked))
    if named or suffix in DOCUMENT_EXTENSIONS:
        return [_file_source(path)]
    return None


def _file_source(path: Path) -> Source:
    try:
        info = path.stat()
        size, stamp = info.st_size, f"{info.st_size}:{info.st_mtime_ns}"
    except OSError:  # missing: the reader reports it with its own code
        size, stamp = 0, "missing"
    return Source(str(path), str(path), None, size, stamp, os.path.abspath(path))


def _members(archive: Path, walked: Walk) -> Iterator[Source]:
    info = archive.stat()
    location = os.path.abspath(archive) + MEMBER_SEPARATOR
    opened = open_archive(str(archive))
    for member in sorted(opened.infolist(), key=member_name):
        name = member_name(member)
        suffix = PurePosixPath(name).suffix.lower()
        if member.is_dir():
            continue
        if suffix not in DOCUMENT_EXTENSIONS:
            walked.ignored += 1
            continue
        stamp = f"{info.st_size}:{info.st_mtime_ns}:{member.CRC}:{member.file_size}"
        yield Source(f"{archive}{MEMBER_SEPARATOR}{name}", str(archive), member.filename, member.file_size, stamp,
                     location + name)


def sha256_of(source: Source) -> str:
    """The content's sha256, read in chunks (a zip member is hashed decompressed, from the open archive)."""
    if source.member is None and not os.path.isfile(source.fs_path):
        return _unreadable_key(source)  # missing, a folder, or a FIFO that would block a read
    try:
        if source.member is None:
            with open(source.fs_path, "rb") as handle:
                return sha256_of_stream(handle)
        with open_archive(source.fs_path).open(source.member) as member:
            return sha256_of_stream(member)
    except (OSError, zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError, KeyError):
        return _unreadable_key(source)


def _unreadable_key(source: Source) -> str:
    """A file that cannot be hashed is keyed by its path, so it still gets one error record (from the reader)."""
    return hashlib.sha256(("unreadable:" + source.path).encode()).hexdigest()
