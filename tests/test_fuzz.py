"""The fuzz harness inside `make test`: a quick run of fresh mutants, the quick regression cases,
and hypothesis properties of the pieces that stand between hostile bytes and the writers.

The long run is `make fuzz` (3,000 mutants and every regression case; see README, Reliability).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from fuzz.campaign import run, table
from fuzz.regressions import code_of, expected, replay
from fuzz.runner import run_case, warm_up
from fuzz.seeds import CORPUS, FORMATS, read_by_ocr, seed_of
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.errors import ReadError
from extractor.models import DECIMAL_MARK
from extractor.normalise.numbers import parse_number, to_yuan
from extractor.normalise.values import normalise_yuan
from extractor.readers import guard
from extractor.readers.limits import Limits
from extractor.readers.text import blocks_from_text
from extractor.readers.xlsx.limits import column_number, sheet_extent
from extractor.readers.xlsx.numfmt import format_number

QUICK_SEED = 15  # the long run uses seed 0: these are other mutants
QUICK_PER_FORMAT = 60
QUICK_REGRESSION_S = 0.5  # regression cases faster than this replay here; all of them in `make fuzz`


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    warm_up([next(iter(sorted(CORPUS.glob(f"*.{ext}")))) for ext in ("txt", "docx", "pdf", "html", "xlsx")])


def test_quick_run_of_mutants_gives_records_and_clean_errors_only() -> None:
    # Mutants of scanned seeds cost the OCR engine's seconds a page (minutes for the lot): they
    # run in `make fuzz`.
    cases = [(f, i) for i in range(QUICK_PER_FORMAT) for f in FORMATS
             if not read_by_ocr(seed_of(f, i, QUICK_SEED)[0])]
    assert len(cases) > 250  # the scanned seeds are a few of the 29 PDF seeds
    results = run(cases, QUICK_SEED, jobs=2, timeout_s=20.0, memory_bytes=2**30)
    bad = [f"{f}-{QUICK_SEED}-{i}: {o.kind} {o.detail}" for f, i, o in results if o.bad]
    assert len(results) == len(cases)
    assert bad == [], table(results) + "\n" + "\n".join(bad)


def test_quick_regression_cases_give_their_expected_outcome() -> None:
    entries = expected()
    # A case with pages that have no text layer is read by OCR where the extra is installed: seconds
    # a page, so it replays in `make fuzz` only.
    names = [name for name, entry in entries.items()
             if float(entry["seconds"]) < QUICK_REGRESSION_S and not entry.get("ocr")]  # type: ignore[arg-type]
    assert len(names) >= 100
    wrong = [f"{name}: {code_of(o)} ({o.detail}), expected {entries[name]['expect']}" for name, o in replay(names)
             if code_of(o) not in entries[name]["expect"]]  # type: ignore[operator]
    assert wrong == []


def test_every_regression_case_is_recorded_with_its_find_and_its_bytes() -> None:
    entries = expected()
    kinds = {str(entry["found"]).split(":")[0] for entry in entries.values()}
    assert {"crash", "hang", "memory", "internal"} <= kinds
    for name, entry in entries.items():
        assert re.fullmatch(r"[a-z]+-\d+-\d+\.\w+", name) and len(str(entry["sha256"])) == 64
        assert entry["expect"] and not set(entry["expect"]) & {"crash", "hang", "memory", "internal"}  # type: ignore[arg-type]


def test_runner_tells_a_crash_a_hang_and_memory_from_clean_outcomes(tmp_path: Path) -> None:
    # The harness itself must see what it measures: a reader that aborts, sleeps or allocates.
    from extractor import readers

    original = readers.READERS["text"]

    def hostile(path: Path, data: bytes, limits: Limits) -> object:
        if data.startswith(b"#ABORT"):
            import os
            import signal

            os.kill(os.getpid(), signal.SIGABRT)
        if data.startswith(b"#SLEEP"):
            import time

            time.sleep(60)
        if data.startswith(b"#GROW"):
            return [b"\x01" * 2**20 for _ in range(1536)]  # written, so resident
        return original(path, data, limits)

    readers.READERS["text"] = hostile  # type: ignore[assignment]
    try:
        outcomes = {}
        for name in ("ABORT", "SLEEP", "GROW"):
            path = tmp_path / f"{name}.txt"
            path.write_bytes(f"#{name}\n全年预算数100万元".encode())
            outcomes[name] = run_case(path, timeout_s=2.0 if name == "SLEEP" else 20.0)
        empty = tmp_path / "empty.txt"
        empty.write_bytes(b"   ")
        outcomes["EMPTY"] = run_case(empty)
    finally:
        readers.READERS["text"] = original
    assert outcomes["ABORT"].kind == "crash" and "SIGABRT" in outcomes["ABORT"].detail
    assert outcomes["SLEEP"].kind == "hang"
    assert outcomes["GROW"].kind == "memory"
    assert (outcomes["EMPTY"].kind, outcomes["EMPTY"].detail) == ("error", "empty_file")


# Any code point, lone surrogates and the private-use Decimal mark included.
ANY_TEXT = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()), max_size=200)


@given(ANY_TEXT)
def test_repaired_text_can_be_written_and_keeps_its_offsets(text: str) -> None:
    repaired, count = guard.repair_text(text)
    repaired.encode("utf-8")
    assert DECIMAL_MARK not in repaired and len(repaired) == len(text)
    assert count == sum(1 for a, b in zip(text, repaired, strict=True) if a != b)


def test_guard_mark_is_the_writers_mark() -> None:
    assert guard.DECIMAL_MARK == DECIMAL_MARK


@given(st.text("0123456789.,一二三四五六七八九十百千万亿点零两 ", max_size=60))
def test_any_number_text_parses_to_nothing_or_a_figure_the_arithmetic_holds(text: str) -> None:
    number = parse_number(text)
    if number is not None:
        for unit in ("元", "万元", "亿元"):
            normalise_yuan(to_yuan(number, unit))
            (number * 100).quantize(Decimal("0.01"))


FORMAT_CODES = ["General", "0.00%", "#,##0.00", "0.00", "0." + "0" * 40 + "%", "0%%%%%%%%%%", '0.00"万元"',
                "[Red][<0]0.00;;", "0.0#", "#", '"', "\\", "yyyy年m月", ";;;", "0.00E+00", "# ?/?"]


@given(st.floats(allow_nan=True, allow_infinity=True) | st.integers(-10**30, 10**30).map(float),
       st.sampled_from(FORMAT_CODES) | st.text('0#.,%;"[]Ee+-?/ymd\\万元 ', max_size=30))
def test_any_number_in_any_format_gives_a_text(value: float, code: str) -> None:
    assert isinstance(format_number(value, code), str)


@given(st.lists(st.tuples(st.integers(1, 20_000), st.integers(1, 2_000_000)), min_size=1, max_size=40),
       st.booleans())
def test_sheet_extent_covers_every_cell_placed(cells: list[tuple[int, int]], prefixed: bool) -> None:
    def letters(column: int) -> str:
        text = ""
        while column:
            column, rest = divmod(column - 1, 26)
            text = chr(65 + rest) + text
        return text

    tag = "x:c" if prefixed else "c"
    rows = "".join(f'<row r="{r}"><{tag} r="{letters(c)}{r}"><v>1</v></{tag}></row>' for c, r in cells)
    extent = sheet_extent(f"<worksheet><sheetData>{rows}</sheetData></worksheet>".encode())
    assert extent[0] >= max(r for _, r in cells) and extent[1] >= max(c for c, _ in cells)
    assert column_number(letters(max(c for c, _ in cells)).encode()) == max(c for c, _ in cells)


@settings(max_examples=60)
@given(st.text(st.sampled_from("ab1.,%\t|｜\n\r 全年预算数万元：-"), max_size=2000))
def test_plain_text_becomes_blocks_or_a_limit_error(text: str) -> None:
    small = Limits(max_block_chars=300, max_table_cells=200)
    try:
        blocks = blocks_from_text(text, small, Path("t.txt"))
    except ReadError as error:
        assert error.code == "limit_exceeded" and "Limits.max_" in error.detail
        return
    assert all(json.dumps(getattr(b, "text", "")) for b in blocks)


@given(st.lists(st.tuples(st.integers(1, 60), st.integers(1, 3000)), min_size=1, max_size=30), st.booleans())
def test_sheet_check_refuses_exactly_the_sheets_over_the_limit(cells: list[tuple[int, int]], prefixed: bool) -> None:
    from extractor.readers.xlsx.limits import check_sheet

    def letters(column: int) -> str:
        return chr(64 + column) if column <= 26 else chr(64 + (column - 1) // 26) + chr(65 + (column - 1) % 26)

    tag = "x:c" if prefixed else "c"
    rows = "".join(f'<row r="{r}"><{tag} r="{letters(c)}{r}"><v>1</v></{tag}></row>' for c, r in cells)
    xml = f"<worksheet><sheetData>{rows}</sheetData></worksheet>".encode()
    area = max(r for _, r in cells) * max(c for c, _ in cells)
    limits = Limits(max_sheet_cells=30_000)
    if area > limits.max_sheet_cells:
        with pytest.raises(ReadError):
            check_sheet(Path("s.xlsx"), "s", xml, limits)
    else:
        check_sheet(Path("s.xlsx"), "s", xml, limits)
