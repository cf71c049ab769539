"""The real published reports in ../shared/real, scored against their hand-made gold files.

They stay where they are (their text is not ours to copy into the repository); this test runs the
team's scorer over them with the thresholds the real-reports issue set, so the gain cannot
silently regress: field F1 ≥ 0.95, at least 5 of the 6 real errors found, no false error.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
HELDOUT = Path(__file__).resolve().parents[1] / "corpus" / "heldout"


def _assert_scores(folders: list[Path], min_f1: str, min_finding_recall: str, max_false_errors: int = 0) -> None:
    """The team's scorer over gold folders, with no false error allowed unless a round still has
    some it measured (no more than those); its headline on failure."""
    command = [sys.executable, str(SHARED / "tools" / "score_gold.py"), *map(str, folders),
               "--cmd", f"{sys.executable} -m extractor extract",
               "--min-f1", min_f1, "--min-finding-recall", min_finding_recall,
               "--max-false-errors", str(max_false_errors)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    headline = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-500:]
    assert result.returncode == 0, headline


@pytest.mark.shared_real
def test_real_reports_meet_the_thresholds() -> None:
    _assert_scores([SHARED / "real"], "0.95", "0.83")


@pytest.mark.shared_real
def test_the_held_out_set_meets_what_it_measured() -> None:
    # corpus/heldout: 15 reports (text, DOCX, XLSX, HTML) and their gold, written by a session that
    # had not read the extractor. Blind, they scored F1 0.93 (text) and 0.78 (office formats) with 7
    # false errors; the fixes they led to took them to 0.96 / 0.82 and none. This keeps that.
    _assert_scores([HELDOUT / "text", HELDOUT / "office"], "0.88", "0.83")


@pytest.mark.shared_real
@pytest.mark.parametrize("folder", ["round3", "round4", "round5"])
def test_the_later_held_out_rounds_meet_what_they_measured(folder: str) -> None:
    # corpus/heldout/round3 (26 reports: 7 PDF, 9 text, 4 DOCX, 3 XLSX, 3 HTML), round4 (12: 6 text,
    # 3 PDF, 3 DOCX) and round5 (14 in all five formats), written by helpers that had not read the
    # extractor. Blind they scored F1 0.875, 0.880 and 0.926 with 8, 10 and 2 false errors; the
    # fixes they led to took them to 0.995-0.999, every planted error found and none false. This
    # keeps most of that, each round on its own (together, one round's loss hides in the others).
    _assert_scores([HELDOUT / folder], "0.97", "0.9")


@pytest.mark.shared_real
def test_the_sixth_held_out_round_meets_what_it_measured() -> None:
    # corpus/heldout/round6: 27 reports (7 text, 5 HTML, 5 PDF, 5 DOCX, 5 XLSX) by three helpers that
    # had not read the extractor. Blind they scored F1 0.984 (text, HTML), 0.951 (PDF, DOCX) and
    # 0.882 (XLSX, legacy), 2 and 6 false errors; after the fixes 0.997, 19 of 21 planted errors.
    _assert_scores([HELDOUT / "round6"], "0.98", "0.85")


@pytest.mark.shared_real
@pytest.mark.soffice
@pytest.mark.ocr
def test_the_sixth_round_s_legacy_and_scanned_reports_meet_what_they_measured() -> None:
    # round6/tools: 3 .doc, 2 .xls (LibreOffice) and a scan of a ruled PDF form (OCR): 0.999 after.
    _assert_scores([HELDOUT / "round6" / "tools"], "0.97", "0.9")


@pytest.mark.shared_real
def test_the_seventh_held_out_round_meets_what_it_measured() -> None:
    # corpus/heldout/round7: 27 reports (7 text, 5 HTML, 5 PDF, 5 DOCX, 5 XLSX) by three helpers that
    # had not read the extractor. Blind they scored F1 0.876 (text, HTML), 0.921 (PDF, DOCX) and
    # 0.973 (XLSX, legacy) with 12, 3 and 4 false errors; after the fixes the folder scores 0.984,
    # 23 of 24 planted errors. Round 8's totals rules took its false errors from 12 to 6 (a7_04's
    # 150 + 30 = 180万元, a source's share taken for a total); the 6 left are held there (README).
    _assert_scores([HELDOUT / "round7"], "0.98", "0.9", max_false_errors=6)


@pytest.mark.shared_real
def test_the_eighth_held_out_round_meets_what_it_measured() -> None:
    # corpus/heldout/round8: 24 reports (10 text, 4 HTML, 4 DOCX, 3 XLSX, 3 PDF) by three helpers
    # that had not read the extractor. Blind: F1 0.940, 0.988 and 0.949 with 4, 3 and 11 false
    # errors (folder 0.959, 18 false); after the totals rules 0.971, 23 of 24 planted errors, 3
    # false errors, left (README, held-out rounds) and held there.
    _assert_scores([HELDOUT / "round8"], "0.97", "0.95", max_false_errors=3)


@pytest.mark.shared_real
@pytest.mark.soffice
@pytest.mark.ocr
def test_the_seventh_round_s_legacy_and_scanned_reports_meet_what_they_measured() -> None:
    # round7/tools: 3 .doc, 2 .xls (LibreOffice) and a scanned form (OCR, whose indicator rows are
    # still missed): 0.924 after.
    _assert_scores([HELDOUT / "round7" / "tools"], "0.91", "0.75")
