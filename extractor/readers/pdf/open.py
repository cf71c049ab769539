"""Opening a PDF with pdfium, without letting a damaged one hang the process.

pdfium opens a sound file in well under a millisecond, but a file whose cross-reference table is
broken (offsets shifted by inserted bytes, a cut-off end) is rebuilt by scanning every object, and
on some damaged files that rebuild is quadratic: an 8 MB mutant took minutes inside one native
call, where neither a signal nor a timeout can stop it. So when `startxref` does not lead to a
cross-reference table or stream, the open is first tried in a forked child under
`Limits.repair_timeout_s`; a child still busy then is killed and the file reported corrupt. Sound
files (all the corpus, and what Word, WPS and LibreOffice write) never pay for the fork.
"""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from pathlib import Path
from typing import Any

from extractor.errors import ReadError
from extractor.readers.limits import Limits

_STARTXREF = re.compile(rb"startxref\s+(\d{1,12})")
_XREF_AT = re.compile(rb"\s*(?:xref\b|\d{1,10}\s+\d{1,5}\s+obj\b)")
_TAIL = 2048
_POLL_S = 0.002


def xref_is_sound(data: bytes) -> bool:
    """Whether the file's last `startxref` points at a cross-reference table or stream object."""
    found = [*_STARTXREF.finditer(data, max(0, len(data) - _TAIL))]
    if not found:
        return False
    offset = int(found[-1].group(1))
    return offset < len(data) and _XREF_AT.match(data, offset) is not None


def open_pdf(path: Path, data: bytes, limits: Limits) -> Any:
    """pypdfium2's PdfDocument of `data` (its errors propagate), after a timed trial open when
    the file needs repair."""
    import pypdfium2 as pdfium

    if not xref_is_sound(data):
        _trial_open(path, data, limits.repair_timeout_s)
    return pdfium.PdfDocument(data)


def _trial_open(path: Path, data: bytes, timeout_s: float) -> None:
    # Forking beside other threads could copy a lock another thread holds: then open directly.
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return
    pid = os.fork()
    if pid == 0:  # the child opens, closes and leaves without running any exit handler
        try:
            import pypdfium2 as pdfium

            pdfium.PdfDocument(data).close()
        finally:
            os._exit(0)
    deadline = time.monotonic() + timeout_s
    while os.waitpid(pid, os.WNOHANG)[0] == 0:
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise ReadError(path, "corrupt_file", f"PDF 结构损坏，修复超过 {timeout_s:g} 秒仍未完成"
                                                  f"（Limits.repair_timeout_s），已放弃")
        time.sleep(_POLL_S)
