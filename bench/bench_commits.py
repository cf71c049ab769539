"""Two checkouts of the extractor timed in one run, on the same inputs, interleaved.

Usage (from the repository root):
    .venv/bin/python bench/bench_commits.py BASE_CHECKOUT [--rounds 5] [--runs 15] [--only docx]

BASE_CHECKOUT is another working tree of this repository (e.g. `git worktree add ../base <commit>`).
Each round runs, for every input and for each checkout in turn, a fresh child process that imports
that checkout's extractor, extracts the input once to warm up and then `--runs` times, and prints
its median; the rounds alternate which checkout goes first, so machine noise hits both alike. The
table gives per input the median over rounds of each checkout's median and the ratio current/base.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import make_inputs  # noqa: E402  (bench/ is not a package)

CHILD = """
import statistics, sys, time
sys.path.insert(0, sys.argv[1])
from extractor.emit.json import record_json
from extractor.pipeline import extract_file
path, runs = sys.argv[2], int(sys.argv[3])
record_json(extract_file(path))
times = []
for _ in range(runs):
    start = time.perf_counter()
    record_json(extract_file(path))
    times.append(time.perf_counter() - start)
print(statistics.median(times))
"""


def child_output(code: str, checkout: Path, path: Path, runs: int) -> str:
    """The last line a fresh interpreter running `code` in `checkout` prints (its own PYTHONPATH unset)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-c", code, str(checkout), str(path), str(runs)],
                          capture_output=True, text=True, check=True, env=env, cwd=checkout)
    return done.stdout.strip().splitlines()[-1]


def child_median(checkout: Path, path: Path, runs: int) -> float:
    return float(child_output(CHILD, checkout, path, runs))


T = TypeVar("T")


def interleaved(base: Path, inputs: dict[str, Path], rounds: int, runs: int,
                child: Callable[[Path, Path, int], T]) -> dict[tuple[str, str], list[T]]:
    """`child(checkout, input, runs)` for each input and checkout, round after round; the rounds
    alternate which checkout goes first, so machine noise hits both alike."""
    checkouts = {"base": base.resolve(), "current": ROOT}
    print(f"{rounds} rounds x {runs} runs, load {os.getloadavg()[0]:.2f}; base = {checkouts['base']}")
    found: dict[tuple[str, str], list[T]] = {}
    for round_index in range(rounds):
        order = ["base", "current"] if round_index % 2 == 0 else ["current", "base"]
        for label, path in inputs.items():
            for name in order:
                found.setdefault((label, name), []).append(child(checkouts[name], path, runs))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path, help="the other checkout (the baseline)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", default="", help="only the inputs whose label holds this (docx, text, pdf, xlsx)")
    args = parser.parse_args(argv)
    make_inputs.make_inputs(False, log=lambda m: print(m, file=sys.stderr))
    inputs = {
        "docx report with a 40-row table": make_inputs.DOCX_REPORT,
        "text report (the sample)": ROOT / "corpus" / "hongshan_jiuye_2025.txt",
        "pdf prose, 30 pages": make_inputs.PROSE_PDF,
        "pdf tables, 10 pages": make_inputs.TABLES_PDF,
        "xlsx 自评表": ROOT / "corpus" / "x01_sihong_gonglu_transfer.xlsx",
    }
    inputs = {label: path for label, path in inputs.items() if path.exists() and args.only in label}
    medians = interleaved(args.base, inputs, args.rounds, args.runs, child_median)
    print(f"{'input':36} {'base ms':>9} {'current ms':>11} {'ratio':>7}")
    for label in inputs:
        base = statistics.median(medians[(label, "base")]) * 1e3
        current = statistics.median(medians[(label, "current")]) * 1e3
        print(f"{label:36} {base:9.2f} {current:11.2f} {current / base:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
