"""PDF benchmark: pages whose CJK font is not embedded against the same text with embedded fonts,
and the reader against pdfplumber, all interleaved in one run.

Usage (from the repository root; run it with fonts-noto-cjk installed, which is when pdfium's
font substitution is expensive):
    .venv/bin/python bench/bench_pdf_fonts.py           # full run
    .venv/bin/python bench/bench_pdf_fonts.py --quick   # short run

Pairs of inputs, the same text laid out twice:
    prose       bench/out/prose.pdf (python-docx -> LibreOffice, fonts embedded, from make_inputs)
                and bench/out/prose_cid.pdf (the same paragraphs by reportlab in STSong-Light, not
                embedded, same page size, margins and type size)
    sample      corpus/hongshan_jiuye_2025.pdf (LibreOffice, embedded) and
                corpus/p01_hongshan_jiuye_2025_reportlab.pdf (reportlab, STSong-Light not embedded)
The layouts differ a little (page counts), so costs are compared per page and per character.

Operations, each timed on every input in every round (round robin, one warm-up round excluded,
the garbage collector run before each, outside the timing):
    pdfium system fonts   pypdfium2 text of every page as pdfium reads it with the system's fonts
    pdfium box font       the same inside the reader's font scope (extractor/readers/pdf/fonts.py)
    reader                read_document (the reader as it is)
    reader, system fonts  read_document with the font scope switched off (the reader before it)
    full pipeline         read + extract + check + JSON
    pdfplumber            pdfplumber.open + extract_text of every page
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from unittest import mock

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

import make_font_inputs  # noqa: E402  (bench/ is not a package)
import make_inputs  # noqa: E402

PAIRS = {
    "prose": (make_inputs.PROSE_PDF, make_font_inputs.PROSE_CID_PDF),
    "sample": (ROOT / "corpus" / "hongshan_jiuye_2025.pdf", ROOT / "corpus" / "p01_hongshan_jiuye_2025_reportlab.pdf"),
}


def pdfium_text(path: Path) -> None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
    finally:
        document.close()


def pdfium_box_font(path: Path) -> None:
    from extractor.readers.pdf import fonts as pdf_fonts

    with pdf_fonts.reading():
        pdfium_text(path)


def reader(path: Path) -> None:
    from extractor.readers import read_document

    read_document(path)


@contextlib.contextmanager
def _no_font_scope() -> Iterator[None]:
    yield


def reader_system_fonts(path: Path) -> None:
    from extractor.readers import read_document
    from extractor.readers.pdf import fonts as pdf_fonts

    with mock.patch.object(pdf_fonts, "reading", _no_font_scope):
        read_document(path)


def full_pipeline(path: Path) -> None:
    from extractor.emit.json import record_json
    from extractor.pipeline import Options, extract_file

    record_json(extract_file(path, Options(check=True)))


def pdfplumber_text(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()


OPERATIONS: dict[str, Callable[[Path], None]] = {
    "pdfium system fonts": pdfium_text,
    "pdfium box font": pdfium_box_font,
    "reader": reader,
    "reader, system fonts": reader_system_fonts,
    "full pipeline": full_pipeline,
    "pdfplumber": pdfplumber_text,
}


def measure(paths: list[Path], rounds: int) -> dict[tuple[str, Path], float]:
    samples: dict[tuple[str, Path], list[float]] = {(op, p): [] for op in OPERATIONS for p in paths}
    for round_index in range(rounds + 1):
        for path in paths:
            for name, operation in OPERATIONS.items():
                # The garbage of the operation before (pdfplumber's above all) is not this one's.
                gc.collect()
                begin = time.perf_counter_ns()
                operation(path)
                if round_index:  # the first round warms caches up
                    samples[(name, path)].append((time.perf_counter_ns() - begin) / 1e9)
    return {key: statistics.median(values) for key, values in samples.items()}


def page_and_char_counts(path: Path) -> tuple[int, int]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        chars = sum(len("".join(document[i].get_textpage().get_text_range().split())) for i in range(len(document)))
        return len(document), chars
    finally:
        document.close()


def cjk_fonts_installed() -> bool:
    roots = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts"]
    return any("cjk" in p.name.lower() for root in roots if root.exists() for p in root.rglob("*"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 rounds instead of 9")
    args = parser.parse_args(argv)
    rounds = 3 if args.quick else 9
    make_inputs.make_inputs(log=lambda m: print(m, file=sys.stderr))
    make_font_inputs.make(log=lambda m: print(m, file=sys.stderr))
    load = os.getloadavg()
    print(f"python {platform.python_version()}, {os.cpu_count()} cpus, load {load[0]:.2f}; "
          f"CJK system fonts {'installed' if cjk_fonts_installed() else 'NOT installed'}; "
          f"{rounds} rounds, medians")
    paths = [p for pair in PAIRS.values() for p in pair]
    counts = {p: page_and_char_counts(p) for p in paths}
    medians = measure(paths, rounds)
    print()
    print(f"{'operation':<22} {'input':<40} {'pages':>5} {'ms/page':>9} {'us/char':>8}")
    for name in OPERATIONS:
        for path in paths:
            pages, chars = counts[path]
            seconds = medians[(name, path)]
            print(f"{name:<22} {path.name:<40} {pages:>5} {seconds / pages * 1e3:>9.3f} {seconds / chars * 1e6:>8.2f}")
    print()
    print("not embedded / embedded (per page, per character):")
    for label, (embedded, cid) in PAIRS.items():
        for name in OPERATIONS:
            per_page = (medians[(name, cid)] / counts[cid][0]) / (medians[(name, embedded)] / counts[embedded][0])
            per_char = (medians[(name, cid)] / counts[cid][1]) / (medians[(name, embedded)] / counts[embedded][1])
            print(f"  {label:<7} {name:<22} {per_page:>6.2f}x  {per_char:>6.2f}x")
    print()
    print("pdfplumber / reader and pdfplumber / full pipeline (same input, same run):")
    for path in paths:
        plumber = medians[("pdfplumber", path)]
        print(f"  {path.name:<40} {plumber / medians[('reader', path)]:>6.1f}x  "
              f"{plumber / medians[('full pipeline', path)]:>6.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
