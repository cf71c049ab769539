"""Content keys: the sha256 of a file or stream, read in chunks so memory stays flat."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import IO

_CHUNK = 1 << 20


def sha256_of_stream(handle: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while chunk := handle.read(_CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def sha256_of(path: Path) -> str:
    with path.open("rb") as handle:
        return sha256_of_stream(handle)
