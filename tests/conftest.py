"""Markers for tests that need an external tool or an optional extra.

The quick `make test` skips them with a visible reason when the tool is missing;
`make test-all` (what CI runs) sets EXTRACTOR_REQUIRE_ALL=1, and then a missing tool is a
failure, never a silent skip.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess

import pytest


def _cjk_fonts() -> bool:
    """Whether fontconfig knows a Chinese font (pdfium lays out non-embedded CJK fonts with one)."""
    if shutil.which("fc-list") is None:
        return False
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(listed.stdout.strip())


def _mount_namespace() -> bool:
    """Whether a user+mount namespace can be made here (to mount a small or read-only tmpfs)."""
    if shutil.which("unshare") is None:
        return False
    probe = ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", "mount -t tmpfs tmpfs /mnt"]
    return subprocess.run(probe, capture_output=True, check=False).returncode == 0


SHARED = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "shared")


REQUIREMENTS: dict[str, tuple[bool, str]] = {
    "shared_real": (os.path.isdir(os.path.join(SHARED, "real")) and os.path.isfile(
        os.path.join(SHARED, "tools", "score_gold.py")),
        "the real reports and their scorer (../shared/real, ../shared/tools) are not beside this checkout"),
    "soffice": (shutil.which("soffice") is not None,
                "soffice not on PATH (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui)"),
    "ocr": (importlib.util.find_spec("rapidocr_onnxruntime") is not None,
            "OCR extra not installed (pip install 'extractor[ocr]')"),
    "browser": (shutil.which("chromium") is not None or os.path.exists("/usr/bin/chromium"),
                "Chromium not installed (apt-get install chromium)"),
    "dask": (importlib.util.find_spec("distributed") is not None,
             "Dask extra not installed (pip install 'extractor[dask]')"),
    "cjk_fonts": (_cjk_fonts(), "no Chinese font known to fontconfig (apt-get install fonts-noto-cjk)"),
    "mount_namespace": (_mount_namespace(), "cannot create a user and mount namespace (unshare -rm) to mount "
                        "a full or read-only file system"),
}


# Tests that run OCR or LibreOffice take seconds each: `pytest -m "not slow"` leaves them out.
SLOW = ("ocr", "soffice")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    require_all = os.environ.get("EXTRACTOR_REQUIRE_ALL") == "1"
    for item in items:
        if any(marker in item.keywords for marker in SLOW):
            item.add_marker(pytest.mark.slow)
        for marker, (available, reason) in REQUIREMENTS.items():
            if marker in item.keywords and not available:
                if require_all:
                    item.user_properties.append(("missing", reason))
                    item.add_marker(pytest.mark.usefixtures("_missing_requirement"))
                else:
                    item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def _missing_requirement(request: pytest.FixtureRequest) -> None:
    reasons = [value for key, value in request.node.user_properties if key == "missing"]
    pytest.fail(f"full run (EXTRACTOR_REQUIRE_ALL=1) but {'; '.join(reasons)}")
