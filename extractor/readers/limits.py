"""Resource limits every reader honours."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    max_file_bytes: int = 200 * 2**20
    max_unzipped_bytes: int = 300 * 2**20
    max_pages: int = 2000
    max_sheet_cells: int = 2_000_000  # per worksheet (rows x columns of its used range)
    convert_timeout_s: float = 120.0  # LibreOffice conversion of a legacy .doc/.xls/.wps/.et
