"""Zip archives: one open archive per process, and member names as Chinese Windows writes them.

Opening a `ZipFile` parses the whole central directory; a 10,000-member archive opened once per
member parses it 10,000 times (minutes). `open_archive` keeps it open while the file is unchanged.

Windows' built-in zip tool and most Chinese archivers write names in the ANSI code page (GBK) and
do not set the UTF-8 flag; Python then reads them as CP437 (`2024─Ω/║∞╔╜…`). A name without the
flag is decoded as GB18030 when that gives clean text, else kept as the zip module read it.
"""

from __future__ import annotations

import os
import threading
import unicodedata
import zipfile

UTF8_FLAG = 0x800
_KEEP_OPEN = 4
_OPEN: dict[str, tuple[tuple[int, int], zipfile.ZipFile]] = {}
_LOCK = threading.Lock()  # Dask runs tasks in threads; reading members of one ZipFile is thread-safe
_NOT_TEXT = {"Cc", "Cn", "Co", "Cs"}


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author wrote it."""
    if info.flag_bits & UTF8_FLAG:
        return info.filename
    try:
        raw = info.orig_filename.encode("cp437")  # undo the zip module's CP437 reading: the bytes
        decoded = raw.decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename
    if any(unicodedata.category(ch) in _NOT_TEXT for ch in decoded):
        return info.filename
    return decoded


def open_archive(path: str) -> zipfile.ZipFile:
    """The archive at `path`, opened once and kept while its size and mtime stay the same."""
    info = os.stat(path)
    stamp = (info.st_size, info.st_mtime_ns)
    with _LOCK:
        found = _OPEN.get(path)
        if found is not None and found[0] == stamp:
            return found[1]
        if found is not None or len(_OPEN) >= _KEEP_OPEN:
            _OPEN.pop(path if found is not None else next(iter(_OPEN)))[1].close()
        archive = zipfile.ZipFile(path)
        _OPEN[path] = (stamp, archive)
        return archive


def close_archives() -> None:
    with _LOCK:
        for _, archive in _OPEN.values():
            archive.close()
        _OPEN.clear()
