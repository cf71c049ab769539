"""Legacy binary documents (.doc/.wps, .xls/.et) and RTF: converted by LibreOffice, then read as DOCX/XLSX.

`soffice --headless --convert-to docx|xlsx` runs in a private temporary directory with its own
user profile (so it neither touches nor waits for the user's LibreOffice), under a timeout after
which its whole process group is killed; the directory is removed whatever happens, so no file is
left behind. Without LibreOffice the error names the Debian packages to install.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from extractor.document import Document
from extractor.errors import ReadError
from extractor.readers.limits import Limits

SOFFICE_NAMES = ("soffice", "libreoffice")
INSTALL_HINT = ("未找到 LibreOffice（soffice），无法转换旧版 Office 文档：请安装 Debian 软件包 "
                "libreoffice-writer-nogui（.doc/.wps/.rtf）或 libreoffice-calc-nogui（.xls/.et）")
# The input keeps its own extension when it is one LibreOffice knows for that kind of document.
_SUFFIXES = {"docx": (".doc", ".wps", ".rtf"), "xlsx": (".xls", ".et")}
_DEFAULT_SUFFIX = {"doc": ".doc", "rtf": ".rtf", "xls": ".xls"}
_STDERR_TAIL = 300


def find_soffice() -> str | None:
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def convert(path: Path, data: bytes, source_format: str, target: str, limits: Limits) -> bytes:
    """The bytes of `data` (a `source_format` file) converted by LibreOffice to `target` (docx or xlsx)."""
    soffice = find_soffice()
    if soffice is None:
        raise ReadError(path, "converter_missing", INSTALL_HINT)
    suffix = path.suffix.lower()
    if suffix not in _SUFFIXES[target]:
        suffix = _DEFAULT_SUFFIX[source_format]
    with tempfile.TemporaryDirectory(prefix="extractor-convert-") as tmp:
        work = Path(tmp)
        source = work / f"input{suffix}"
        source.write_bytes(data)
        command = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--invisible",
                   "--norestore", "--nolockcheck", "--nodefault", "--nologo",
                   "--convert-to", target, "--outdir", str(work / "out"), str(source)]
        returncode, stderr = _run(path, command, work, limits.convert_timeout_s)
        result = work / "out" / f"input.{target}"
        if returncode != 0 or not result.is_file():
            raise ReadError(path, "conversion_failed", _failure_detail(returncode, stderr))
        return result.read_bytes()


def _run(path: Path, command: list[str], work: Path, timeout: float) -> tuple[int, str]:
    # A session of its own, so a timeout can kill soffice.bin too, not only the oosplash wrapper.
    env = {**os.environ, "HOME": str(work)}
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                          cwd=work, env=env, start_new_session=True) as process:
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process.pid)
            process.communicate()
            raise ReadError(path, "timeout", f"LibreOffice 转换超过 {timeout:g} 秒未完成，已终止") from None
        finally:
            _kill_group(process.pid)  # nothing of the conversion may outlive it
    return process.returncode, stderr.decode("utf-8", "replace")


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def _failure_detail(returncode: int, stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip() and "javaldx" not in line]
    tail = " ".join(lines)[-_STDERR_TAIL:]
    detail = f"LibreOffice 未能转换该文件（退出码 {returncode}）"
    return f"{detail}：{tail}" if tail else detail


def read_doc(path: Path, data: bytes, limits: Limits) -> Document:
    return _read_word(path, data, limits, "doc")


def read_rtf(path: Path, data: bytes, limits: Limits) -> Document:
    return _read_word(path, data, limits, "rtf")


def _read_word(path: Path, data: bytes, limits: Limits, source_format: str) -> Document:
    from extractor.readers.docx import read_docx

    document = read_docx(path, convert(path, data, source_format, "docx", limits), limits)
    document.format = source_format
    return document


def read_xls_documents(path: Path, data: bytes, limits: Limits) -> list[Document]:
    from extractor.readers.xlsx import read_xlsx_documents

    return read_xlsx_documents(path, convert(path, data, "xls", "xlsx", limits), limits, file_format="xls")


def read_xls(path: Path, data: bytes, limits: Limits) -> Document:
    return read_xls_documents(path, data, limits)[0]
