"""`python -m tests.fuzz` (`make fuzz`): mutants of every format, each in a forked child under limits.

    python -m tests.fuzz --per-format 600 --jobs 2 --save tests/fuzz/found

prints, per format, how many mutants gave a record or a clean error and how many crashed, hung,
went over the memory limit or hit an internal error; with --save, every bad case's file is kept
there with its outcome (promote it to tests/fuzz/regressions/ with its expected code once fixed).
The exit code is 1 when any case was bad.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from .runner import BAD, Outcome, poll, start, warm_up
from .seeds import CORPUS, EXTENSIONS, FORMATS, case_rng, mutant

COLUMNS = ("record", "error", *BAD)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.splitlines()[0])
    parser.add_argument("--per-format", type=int, default=600)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--seed", type=int, default=0, help="base seed: the same seed makes the same mutants")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per case")
    parser.add_argument("--memory-mib", type=int, default=1024, help="resident memory limit per case")
    parser.add_argument("--save", type=Path, help="keep each bad case's file here")
    parser.add_argument("--json", type=Path, help="write every outcome here")
    return parser.parse_args(argv)


def run(cases: list[tuple[str, int]], seed: int, jobs: int, timeout_s: float, memory_bytes: int,
        save: Path | None = None, on_outcome: object = None) -> list[tuple[str, int, Outcome]]:
    """Run the cases (format, index) `jobs` at a time; outcomes in the order they finished."""
    work = Path(tempfile.mkdtemp(prefix="fuzz-"))
    results: list[tuple[str, int, Outcome]] = []
    pending = list(reversed(cases))
    running: dict[tuple[str, int], tuple[object, Path]] = {}
    try:
        while pending or running:
            while pending and len(running) < jobs:
                file_format, index = pending.pop()
                path = work / f"{file_format}-{seed}-{index}{EXTENSIONS[file_format]}"
                path.write_bytes(mutant(file_format, case_rng(file_format, index, seed)))
                running[(file_format, index)] = (start(path), path)
            for key, (child, path) in list(running.items()):
                outcome = poll(child, timeout_s, memory_bytes)  # type: ignore[arg-type]
                if outcome is None:
                    continue
                del running[key]
                results.append((*key, outcome))
                if outcome.bad and save is not None:
                    save.mkdir(parents=True, exist_ok=True)
                    shutil.copy(path, save / path.name)
                    (save / f"{path.name}.outcome.json").write_text(json.dumps(outcome.__repr__()), "utf-8")
                if callable(on_outcome):
                    on_outcome(key[0], key[1], outcome)
                path.unlink(missing_ok=True)
            time.sleep(0.01)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return results


def table(results: list[tuple[str, int, Outcome]]) -> str:
    counts = {f: Counter[str]() for f in dict.fromkeys(f for f, _, _ in results)}
    for file_format, _, outcome in results:
        counts[file_format][outcome.kind] += 1
    header = "| format | cases | " + " | ".join(COLUMNS) + " |"
    lines = [header, "|" + "---|" * (len(COLUMNS) + 2)]
    for file_format, counter in counts.items():
        lines.append(f"| {file_format} | {sum(counter.values())} | "
                     + " | ".join(str(counter[c]) for c in COLUMNS) + " |")
    total = sum((c for c in counts.values()), Counter[str]())
    lines.append(f"| all | {sum(total.values())} | " + " | ".join(str(total[c]) for c in COLUMNS) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    warm_up([next(iter(sorted(CORPUS.glob(f"*{EXTENSIONS[f]}"))), CORPUS) for f in formats])
    cases = [(f, i) for i in range(args.per_format) for f in formats]
    started = time.monotonic()

    def report(file_format: str, index: int, outcome: Outcome) -> None:
        if outcome.bad:
            print(f"{outcome.kind:8} {file_format}-{args.seed}-{index}: {outcome.detail} "
                  f"({outcome.seconds:.1f} s, {outcome.peak_mib:.0f} MiB)", flush=True)

    results = run(cases, args.seed, args.jobs, args.timeout, args.memory_mib * 2**20, args.save, report)
    print(f"\n{len(results)} mutants in {time.monotonic() - started:.0f} s (seed {args.seed}, {args.jobs} jobs, "
          f"{args.timeout:g} s and {args.memory_mib} MiB per case)\n")
    print(table(results))
    slowest = max(results, key=lambda r: r[2].seconds)
    biggest = max(results, key=lambda r: r[2].peak_mib)
    print(f"\nslowest: {slowest[0]}-{args.seed}-{slowest[1]} {slowest[2].seconds:.1f} s; "
          f"largest: {biggest[0]}-{args.seed}-{biggest[1]} {biggest[2].peak_mib:.0f} MiB")
    if args.json:
        args.json.write_text(json.dumps([[f, i, o.kind, o.detail, round(o.seconds, 3), round(o.peak_mib)]
                                         for f, i, o in results], ensure_ascii=False), "utf-8")
    return 1 if any(o.bad for _, _, o in results) else 0


if __name__ == "__main__":
    sys.exit(main())
