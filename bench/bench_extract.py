"""Extraction benchmark: makes its inputs, then prints medians, targets and ratios to a bare read.

Usage (from the repository root):
    .venv/bin/python bench/bench_extract.py              # full run (a few seconds per case)
    .venv/bin/python bench/bench_extract.py --quick      # short run, same cases
    .venv/bin/python bench/bench_extract.py --profile    # also cProfile / -X importtime every miss
    .venv/bin/python bench/bench_extract.py --remake     # remake the inputs first

Every in-process case times three things interleaved in one loop (so machine noise hits them
alike): the bare read of the format (what no extractor can beat), `read_document` alone, and the
full pipeline `record_json(extract_file(path))` with the checker on. One warm-up round is
excluded; the median of the rest is reported. Peak RSS and cold starts run in fresh subprocesses.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import statistics
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

import make_inputs  # noqa: E402  (bench/ is not a package)

TEXT_INPUT = ROOT / "corpus" / "hongshan_jiuye_2025.txt"
EXTRACTOR_CLI = Path(sys.prefix) / "bin" / "extractor"
MIB = 2**20
PYCACHE = BENCH / "out" / "pycache"
# Children run as an installed tool does, with a bytecode cache (kept in bench/out/, not in the
# source tree). The session's own environment may forbid .pyc files (PYTHONDONTWRITEBYTECODE),
# which makes every cold start compile the extractor's sources: that is measured separately.
CACHED_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
CACHED_ENV["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
AS_IS_ENV = dict(os.environ)

# Peak RSS is the child's VmHWM: getrusage's ru_maxrss survives fork+exec on Linux, so a child
# of this (large) process would report the parent's peak instead of its own.
PEAK_RSS = "print([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')][0])"
RSS_CHILD = """
import sys
from extractor.emit.json import record_json
from extractor.pipeline import extract_file
record_json(extract_file(sys.argv[1]))
""" + PEAK_RSS
# The same imports, the reader's modules too, but no document: where the memory goes.
RSS_IMPORTS_CHILD = """
import importlib, sys
from extractor.emit.json import record_json
from extractor.pipeline import extract_file
import extractor.check
importlib.import_module(sys.argv[1])
""" + PEAK_RSS
RSS_BARE_CHILD = PEAK_RSS


@dataclass(frozen=True, slots=True)
class Settings:
    budget_s: float  # wall time one in-process case may take
    min_reps: int
    max_reps: int
    help_runs: int
    cold_runs: int
    rss_runs: int


FULL = Settings(budget_s=4.0, min_reps=7, max_reps=3000, help_runs=10, cold_runs=5, rss_runs=3)
QUICK = Settings(budget_s=0.8, min_reps=3, max_reps=500, help_runs=5, cold_runs=3, rss_runs=1)


@dataclass(frozen=True, slots=True)
class Row:
    case: str
    value: float
    unit: str
    target: str = ""
    ratio: str = ""
    ok: bool | None = None  # None: informational, no target


@dataclass(frozen=True, slots=True)
class Timings:
    bare: list[float]
    read: list[float]
    full: list[float]

    def medians(self) -> tuple[float, float, float]:
        return statistics.median(self.bare), statistics.median(self.read), statistics.median(self.full)


# ---------------------------------------------------------------- the measured operations


def bare_docx(path: Path) -> None:
    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        etree.fromstring(archive.read("word/document.xml"))


def bare_text(path: Path) -> None:
    path.read_bytes().decode("utf-8-sig")


def bare_pdf(path: Path) -> None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        for index in range(len(document)):
            page = document[index]
            page.get_textpage().get_text_range()
    finally:
        document.close()


def read_only(path: Path) -> None:
    from extractor.readers import read_document

    read_document(path)


def full_pipeline(path: Path) -> None:
    from extractor.emit.json import record_json
    from extractor.pipeline import Options, extract_file

    record_json(extract_file(path, Options(check=True)))


def time_interleaved(path: Path, bare: Callable[[Path], None], settings: Settings) -> Timings:
    """Run bare, read-only and full in turn until the budget is spent; the first round is warm-up."""
    operations = (bare, read_only, full_pipeline)
    samples: list[list[float]] = [[], [], []]
    for operation in operations:
        operation(path)
    started = time.perf_counter()
    rounds = 0
    while rounds < settings.max_reps and (
        rounds < settings.min_reps or time.perf_counter() - started < settings.budget_s
    ):
        for operation, sink in zip(operations, samples, strict=True):
            begin = time.perf_counter_ns()
            operation(path)
            sink.append((time.perf_counter_ns() - begin) / 1e9)
        rounds += 1
    return Timings(*samples)


# ---------------------------------------------------------------- subprocess measurements


def run_child(args: Sequence[str], env: dict[str, str] = CACHED_ENV) -> str:
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"child failed ({done.returncode}): {' '.join(args)}\n{done.stderr[-2000:]}")
    return done.stdout


def peak_rss_mib(code: str, argument: str | None, runs: int) -> float:
    args = [sys.executable, "-c", code] + ([argument] if argument else [])
    run_child(args)  # warm-up: a first run may still be writing the bytecode cache
    return statistics.median(int(run_child(args).split()[-1]) * 1024 / MIB for _ in range(runs))


def wall_times(commands: Sequence[Sequence[str]], runs: int, env: dict[str, str] = CACHED_ENV
               ) -> list[list[float]]:
    """Median-ready wall times of each command, interleaved run by run, one warm-up run excluded."""
    for command in commands:
        run_child(command, env)
    samples: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for command, sink in zip(commands, samples, strict=True):
            begin = time.perf_counter_ns()
            run_child(command, env)
            sink.append((time.perf_counter_ns() - begin) / 1e9)
    return samples


# ---------------------------------------------------------------- rows


def _ratio(value: float, bare: float) -> str:
    return f"{value / bare:.2f}x" if bare > 0 else ""


def docx_rows(path: Path, settings: Settings) -> list[Row]:
    bare, read, full = time_interleaved(path, bare_docx, settings).medians()
    return [
        Row("docx bare read (zip + lxml document.xml)", bare * 1e3, "ms/doc", ratio="1.00x"),
        Row("docx read_document only", read * 1e3, "ms/doc", ratio=_ratio(read, bare)),
        Row("docx full read+extract+check+JSON", full * 1e3, "ms/doc", "<= 5", _ratio(full, bare),
            full * 1e3 <= 5),
        Row("docx full throughput", 1 / full, "docs/s", ">= 200", "", 1 / full >= 200),
        Row("docx full / bare read", full / bare, "x", "<= 3", "", full / bare <= 3),
    ]


def text_rows(path: Path, settings: Settings) -> list[Row]:
    bare, read, full = time_interleaved(path, bare_text, settings).medians()
    return [
        Row("text bare read (bytes + decode)", bare * 1e3, "ms/doc", ratio="1.00x"),
        Row("text read_document only", read * 1e3, "ms/doc", ratio=_ratio(read, bare)),
        Row("text full pipeline", full * 1e3, "ms/doc", "<= 2", _ratio(full, bare), full * 1e3 <= 2),
        Row("text full throughput", 1 / full, "docs/s", ">= 500", "", 1 / full >= 500),
    ]


def pdf_rows(label: str, path: Path, target_pages_s: float, settings: Settings) -> list[Row]:
    pages = pdf_page_count(path)
    bare, read, full = time_interleaved(path, bare_pdf, settings).medians()
    return [
        Row(f"{label} bare pypdfium2 text read", pages / bare, "pages/s", ratio="1.00x"),
        Row(f"{label} read_document only", pages / read, "pages/s", ratio=_ratio(read, bare)),
        Row(f"{label} full pipeline", pages / full, "pages/s", f">= {target_pages_s:g}", _ratio(full, bare),
            pages / full >= target_pages_s),
        Row(f"{label} full per document ({pages} pages)", full * 1e3, "ms/doc", ratio=_ratio(full, bare)),
    ]


def rss_rows(settings: Settings) -> list[Row]:
    runs = settings.rss_runs
    bare = peak_rss_mib(RSS_BARE_CHILD, None, runs)
    rows = [Row("peak RSS python -c (bare interpreter)", bare, "MiB", ratio="1.00x")]
    cases = [
        ("docx", make_inputs.DOCX_REPORT, "extractor.readers.docx", 40.0),
        ("pdf prose 30p", make_inputs.PROSE_PDF, "extractor.readers.pdf", 100.0),
        ("pdf tables", make_inputs.TABLES_PDF, "extractor.readers.pdf", None),
        ("text", TEXT_INPUT, "extractor.readers.text", None),
    ]
    imported: dict[str, float] = {}
    for label, path, reader_module, limit in cases:
        if reader_module not in imported:
            imported[reader_module] = peak_rss_mib(RSS_IMPORTS_CHILD, reader_module, runs)
            rows.append(Row(f"peak RSS imports only ({reader_module.rsplit('.', 1)[1]} reader)",
                            imported[reader_module], "MiB", ratio=_ratio(imported[reader_module], bare)))
        peak = peak_rss_mib(RSS_CHILD, str(path), runs)
        rows.append(Row(f"peak RSS extract {label}", peak, "MiB", f"<= {limit:g}" if limit else "",
                        _ratio(peak, bare), peak <= limit if limit else None))
    return rows


def cli_rows(settings: Settings) -> list[Row]:
    python_pass = [sys.executable, "-c", "pass"]
    help_cmd = [str(EXTRACTOR_CLI), "--help"]
    cold_cmd = [str(EXTRACTOR_CLI), "extract", str(TEXT_INPUT.relative_to(ROOT))]
    bare_s, help_s = (statistics.median(s) for s in wall_times([python_pass, help_cmd], settings.help_runs))
    bare2_s, cold_s = (statistics.median(s) for s in wall_times([python_pass, cold_cmd], settings.cold_runs))
    rows = [
        Row("python -c pass (baseline)", bare_s * 1e3, "ms", ratio="1.00x"),
        Row("extractor --help", help_s * 1e3, "ms", "<= 120", _ratio(help_s, bare_s), help_s * 1e3 <= 120),
        Row("extractor extract hongshan .txt (cold)", cold_s * 1e3, "ms", "<= 250", _ratio(cold_s, bare2_s),
            cold_s * 1e3 <= 250),
    ]
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        bare3_s, help3_s, cold3_s = (statistics.median(s) for s in wall_times(
            [python_pass, help_cmd, cold_cmd], settings.cold_runs, AS_IS_ENV))
        rows += [
            Row("  same, no .pyc (PYTHONDONTWRITEBYTECODE): --help", help3_s * 1e3, "ms", "<= 120",
                _ratio(help3_s, bare3_s), help3_s * 1e3 <= 120),
            Row("  same, no .pyc: extract .txt (cold)", cold3_s * 1e3, "ms", "<= 250", _ratio(cold3_s, bare3_s),
                cold3_s * 1e3 <= 250),
        ]
    return rows


# ---------------------------------------------------------------- inputs and output


def pdf_page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        return len(document)
    finally:
        document.close()


def describe_inputs(paths: Sequence[Path]) -> list[str]:
    """What the extractor finds in each input, so a fast figure cannot hide an extractor that bailed out."""
    from extractor.pipeline import extract_file

    lines = []
    for path in paths:
        record = extract_file(path)
        pages = f"{record.source.pages} pages, " if record.source.pages else ""
        lines.append(f"  {path.relative_to(ROOT)}: {path.stat().st_size} bytes, {pages}"
                     f"{len(record.indicators)} indicators, {len(record.findings)} findings")
    return lines


def format_table(rows: Sequence[Row]) -> str:
    header = ("case", "median", "unit", "target", "ratio to bare", "pass/miss")
    cells = [header] + [
        (r.case, _format_value(r.value), r.unit, r.target, r.ratio,
         "" if r.ok is None else ("pass" if r.ok else "MISS"))
        for r in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for index, row in enumerate(cells):
        lines.append("  ".join(cell.rjust(w) if 0 < i < 2 else cell.ljust(w)
                               for i, (cell, w) in enumerate(zip(row, widths, strict=True))).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _format_value(value: float) -> str:
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


# ---------------------------------------------------------------- profiling of misses


def profile_in_process(path: Path, rounds: int, top: int = 18) -> str:
    profiler = cProfile.Profile()
    full_pipeline(path)
    profiler.enable()
    for _ in range(rounds):
        full_pipeline(path)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    out.write(f"--- cProfile of {rounds} x full pipeline on {path.relative_to(ROOT)}, by own time\n")
    stats.sort_stats("tottime").print_stats(top)
    out.write("--- by cumulative time\n")
    stats.sort_stats("cumulative").print_stats(top)
    return "\n".join(line for line in out.getvalue().splitlines() if line.strip())


def profile_imports(command: Sequence[str], top: int = 15) -> str:
    """Cumulative import times (-X importtime) of a cold command: what the start-up pays for."""
    env = dict(CACHED_ENV, PYTHONPROFILEIMPORTTIME="1")
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env, check=False)
    top_level = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        self_us, cumulative_us, name = line.removeprefix("import time:").split("|")
        if not name.startswith("  "):  # deeper imports are indented by two more spaces per level
            top_level.append((int(cumulative_us), int(self_us), name.strip()))
    total = sum(cumulative for cumulative, _, _ in top_level)
    lines = [f"--- -X importtime of {' '.join(command)}: imports take {total / 1e3:.1f} ms in total "
             "(inflated by the tracing); top-level imports by cumulative ms (self ms)"]
    lines += [f"  {cumulative / 1e3:7.1f} ({own / 1e3:5.1f})  {name}"
              for cumulative, own, name in sorted(top_level, reverse=True)[:top]]
    return "\n".join(lines)


def profile_cold(command: Sequence[str], top: int = 18) -> str:
    """cProfile of one cold run of the CLI (imports, first-use compilation and the work itself)."""
    stats_file = BENCH / "out" / "cold.pstats"
    run_child([sys.executable, "-m", "cProfile", "-o", str(stats_file), *command])
    out = io.StringIO()
    out.write(f"--- cProfile of one cold run of {' '.join(command)}, by own time\n")
    pstats.Stats(str(stats_file), stream=out).strip_dirs().sort_stats("tottime").print_stats(top)
    out.write("--- the extractor's own functions (and module bodies) by cumulative time\n")
    own = pstats.Stats(str(stats_file), stream=out).sort_stats("cumulative")
    own.print_stats(str(ROOT / "extractor"), top)
    text = out.getvalue().replace(str(ROOT) + "/", "")
    return "\n".join(line for line in text.splitlines() if line.strip())


def profile_misses(rows: Sequence[Row], settings: Settings) -> list[str]:
    missed = {row.case for row in rows if row.ok is False}
    reports = []
    in_process = [("docx", make_inputs.DOCX_REPORT, 200), ("text", TEXT_INPUT, 300),
                  ("pdf prose", make_inputs.PROSE_PDF, 5), ("pdf tables", make_inputs.TABLES_PDF, 5)]
    for prefix, path, rounds in in_process:
        if any(case.startswith(prefix + " ") and "RSS" not in case for case in missed):
            reports.append(profile_in_process(path, rounds if settings is FULL else max(1, rounds // 5)))
    cli = str(EXTRACTOR_CLI)
    if any("--help" in case for case in missed):
        reports.append(profile_imports([cli, "--help"]))
    if any("extract" in case and "(cold)" in case for case in missed):
        cold = [cli, "extract", str(TEXT_INPUT.relative_to(ROOT))]
        reports.append(profile_imports(cold))
        reports.append(profile_cold(cold))
    return reports


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the extractor on generated inputs.")
    parser.add_argument("--quick", action="store_true", help="short run (fewer repetitions)")
    parser.add_argument("--remake", action="store_true", help="remake the inputs first")
    parser.add_argument("--profile", action="store_true", help="profile every missed target")
    args = parser.parse_args(argv)
    settings = QUICK if args.quick else FULL

    inputs = make_inputs.make_inputs(args.remake, log=lambda m: print(m, file=sys.stderr))
    load = os.getloadavg()
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cpus, "
          f"load {load[0]:.2f} {load[1]:.2f}; {'quick' if args.quick else 'full'} run, "
          f"~{settings.budget_s:g} s per in-process case")
    print("inputs:")
    for line in describe_inputs([*inputs, TEXT_INPUT]):
        print(line)

    rows: list[Row] = []
    rows += docx_rows(make_inputs.DOCX_REPORT, settings)
    rows += text_rows(TEXT_INPUT, settings)
    rows += pdf_rows("pdf prose", make_inputs.PROSE_PDF, 60, settings)
    rows += pdf_rows("pdf tables", make_inputs.TABLES_PDF, 45, settings)
    rows += rss_rows(settings)
    rows += cli_rows(settings)
    print()
    print(format_table(rows))
    missed = [row.case.strip() for row in rows if row.ok is False]
    print(f"\n{sum(row.ok is True for row in rows)} pass, {len(missed)} miss"
          + (": " + "; ".join(missed) if missed else ""))
    if args.profile and missed:
        for report in profile_misses(rows, settings):
            print()
            print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
