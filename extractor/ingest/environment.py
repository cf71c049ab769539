"""What a file was read with, and when a failure is worth another try.

Each content read is stored with the environment of the run that read it: the extractor's version,
whether LibreOffice and the OCR extra were there, and the limits it ran under. A failed file is
read again when the reason may have gone — the missing converter or extra is now present, the
limit it broke was raised, the extractor changed — or on `--retry-failed`; never otherwise, so an
unchanged broken archive costs nothing on the next run.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from dataclasses import asdict, dataclass

# The OCR extra's module (extractor.readers.ocr.OCR_MODULE), looked up without importing the reader.
OCR_MODULE = "rapidocr_onnxruntime"
SOFFICE_NAMES = ("soffice", "libreoffice")  # extractor.readers.legacy.SOFFICE_NAMES


@dataclass(frozen=True, slots=True)
class Environment:
    version: str
    soffice: bool
    ocr: bool
    timeout_s: float
    max_bytes: int
    max_memory_mib: int  # 0: no limit

    def json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @staticmethod
    def from_json(text: str) -> Environment | None:
        try:
            return Environment(**json.loads(text))
        except (ValueError, TypeError):
            return None


def current(timeout_s: float, max_bytes: int, max_memory_mib: int) -> Environment:
    from extractor import __version__

    return Environment(__version__, any(shutil.which(name) for name in SOFFICE_NAMES), _has_ocr(), timeout_s,
                       max_bytes, max_memory_mib)


def _has_ocr() -> bool:
    try:
        return importlib.util.find_spec(OCR_MODULE) is not None
    except (ImportError, ValueError):
        return False


def _raised(then: int, now: int) -> bool:
    """A memory limit is higher now (0 is no limit)."""
    return then != 0 and (now == 0 or now > then)


def retry_reason(code: str | None, then_version: str, then_json: str, now: Environment) -> str | None:
    """Why a file that failed with `code` should be read again now, or None to keep its failure."""
    then = Environment.from_json(then_json)
    if then is None or then_version != now.version:
        return "extractor_changed"
    reasons = {
        "converter_missing": now.soffice and not then.soffice,
        "no_text_layer": now.ocr and not then.ocr,
        "timeout": now.timeout_s > then.timeout_s,
        "file_too_large": now.max_bytes > then.max_bytes,
        "out_of_memory": _raised(then.max_memory_mib, now.max_memory_mib),
    }
    return code if code is not None and reasons.get(code, False) else None
