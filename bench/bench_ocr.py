"""OCR benchmark: pages/s and peak RSS of reading scanned PDFs, against the bare page render.

Usage (from the repository root, with the OCR extra installed):
    .venv/bin/python bench/bench_ocr.py              # the corpus scans, 3 rounds per page
    .venv/bin/python bench/bench_ocr.py --quick      # 1 round
    .venv/bin/python bench/bench_ocr.py --scales 1.5 2 2.5 3   # also compare render scales

Inputs are the corpus's scanned copies (corpus/s01_*.pdf: 5 pages of prose; corpus/s02_*.pdf:
2 pages of a ruled 自评表), made by corpus/make/build_scanned.py. Per page, interleaved in one
loop so machine noise hits both alike: the bare render (pypdfium2 greyscale at the OCR scale,
to numpy: what any OCR must do first) and `ocr_page` (render, rules, recognition), with the
in-process OCR cache cleared so every round really recognises. Medians are reported, and the
ratio OCR / render. The whole read (`extract_file`) runs once per document, timed, and peak RSS
(VmHWM) comes from fresh subprocesses: reading a scanned copy, and reading its text original.
With --scales, each scale reads both documents and reports time per page, mean confidence
and whether the extraction still equals the golden file.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT / "corpus"
SCANS = {
    CORPUS / "s01_hongshan_jiuye_2025_scan.pdf": CORPUS / "hongshan_jiuye_2025.pdf",
    CORPUS / "s02_project_scored_table_scan.pdf": CORPUS / "d02_project_scored_table.pdf",
}
PEAK_RSS = "print([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')][0])"
RSS_CHILD = """
import sys
from extractor.pipeline import extract_file
extract_file(sys.argv[1])
""" + PEAK_RSS


def _render(page: object, scale: float) -> None:
    page.render(scale=scale, grayscale=True).to_numpy()  # type: ignore[attr-defined]


def bench_pages(rounds: int) -> None:
    import pypdfium2 as pdfium

    from extractor.readers import ocr

    start = time.perf_counter()
    ocr.engine()
    print(f"engine load (models from the wheel): {(time.perf_counter() - start) * 1000:.0f} ms")
    print(f"{'page':<40} {'render ms':>10} {'OCR ms':>10} {'ratio':>7}")
    renders: list[float] = []
    reads: list[float] = []
    for path in SCANS:
        pdf = pdfium.PdfDocument(path)
        for index in range(len(pdf)):
            page = pdf[index]
            page_renders, page_reads = [], []
            for _ in range(rounds):
                start = time.perf_counter()
                _render(page, ocr.RENDER_SCALE)
                page_renders.append(time.perf_counter() - start)
                ocr._RESULTS.clear()
                start = time.perf_counter()
                ocr.ocr_page(page, index + 1)
                page_reads.append(time.perf_counter() - start)
            render, read = statistics.median(page_renders), statistics.median(page_reads)
            renders.append(render)
            reads.append(read)
            name = f"{path.name} p{index + 1}"
            print(f"{name:<40} {render * 1000:>10.1f} {read * 1000:>10.0f} {read / render:>7.0f}x")
            page.close()
        pdf.close()
    render, read = statistics.median(renders), statistics.median(reads)
    print(f"{'median page':<40} {render * 1000:>10.1f} {read * 1000:>10.0f} {read / render:>7.0f}x")
    print(f"OCR: {1 / read:.2f} pages/s per process (bare render {1 / render:.0f} pages/s)")


def bench_documents() -> None:
    from extractor.pipeline import extract_file
    from extractor.readers import ocr

    for scan, text in SCANS.items():
        ocr._RESULTS.clear()
        start = time.perf_counter()
        record = extract_file(scan)
        seconds = time.perf_counter() - start
        pages = record.source.pages or 1
        start = time.perf_counter()
        extract_file(text)
        text_seconds = time.perf_counter() - start
        print(
            f"extract_file {scan.name}: {seconds:.1f} s, {pages / seconds:.2f} pages/s "
            f"(text original {text_seconds * 1000:.0f} ms; {len(record.indicators)} indicators)"
        )


def bench_rss() -> None:
    for scan, text in SCANS.items():
        peaks = []
        for path in (scan, text):
            out = subprocess.run([sys.executable, "-c", RSS_CHILD, str(path)], capture_output=True, text=True,
                                 check=True, cwd=ROOT)
            peaks.append(int(out.stdout.split()[-1]) / 1024)
        print(f"peak RSS {scan.name}: {peaks[0]:.0f} MiB (text original {text.name}: {peaks[1]:.0f} MiB)")


def bench_scales(scales: list[float]) -> None:
    from extractor.evaluate import conform, load_golden, project
    from extractor.pipeline import extract_file
    from extractor.readers import ocr

    default = ocr.RENDER_SCALE
    print(f"{'scale':>6} {'s/page':>8} {'mean conf':>10}  equals golden")
    try:
        for scale in scales:
            ocr.RENDER_SCALE = scale
            ocr._RESULTS.clear()
            seconds = pages = 0.0
            confidences: list[float] = []
            equal = []
            for scan in SCANS:
                start = time.perf_counter()
                record = extract_file(scan)
                seconds += time.perf_counter() - start
                pages += record.source.pages or 1
                golden = load_golden(scan.with_name(scan.name + ".golden.json"))
                equal.append(conform(project(record), golden) == golden)
                confidences.extend(_confidences(record.warnings[0].message if record.warnings else ""))
            conf = statistics.fmean(confidences) if confidences else float("nan")
            print(f"{scale:>6} {seconds / pages:>8.2f} {conf:>10.3f}  {equal}")
    finally:
        ocr.RENDER_SCALE = default


def _confidences(message: str) -> list[float]:
    import re

    return [float(v) for v in re.findall(r"（(\d\.\d\d)）", message)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--scales", type=float, nargs="*", default=[])
    args = parser.parse_args()
    from extractor.readers import ocr

    if not ocr.available():
        print("the OCR extra is not installed: pip install 'extractor[ocr]'", file=sys.stderr)
        return 1
    bench_pages(1 if args.quick else 3)
    bench_documents()
    bench_rss()
    if args.scales:
        bench_scales(args.scales)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
