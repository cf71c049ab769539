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
import sys
import time
from pathlib import Path

from .campaign import run, table
from .regressions import code_of, expected, replay
from .runner import Outcome, warm_up
from .seeds import CORPUS, EXTENSIONS, FORMATS


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
    parser.add_argument("--no-regressions", action="store_true", help="skip replaying tests/fuzz/regressions")
    return parser.parse_args(argv)


def _replay_regressions(jobs: int, timeout_s: float) -> int:
    """Every kept case: the count of those not giving an outcome they are allowed."""
    entries = expected()
    wrong = 0
    for name, outcome in sorted(replay(sorted(entries), jobs, timeout_s)):
        if code_of(outcome) not in entries[name]["expect"]:  # type: ignore[operator]
            wrong += 1
            print(f"regression {name}: {code_of(outcome)} ({outcome.detail}), expected {entries[name]['expect']}")
    print(f"{len(entries)} regression cases replayed: {len(entries) - wrong} as expected, {wrong} not")
    return wrong


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
    if results:
        slowest = max(results, key=lambda r: r[2].seconds)
        biggest = max(results, key=lambda r: r[2].peak_mib)
        print(f"\nslowest: {slowest[0]}-{args.seed}-{slowest[1]} {slowest[2].seconds:.1f} s; "
              f"largest: {biggest[0]}-{args.seed}-{biggest[1]} {biggest[2].peak_mib:.0f} MiB")
    if args.json:
        args.json.write_text(json.dumps([[f, i, o.kind, o.detail, round(o.seconds, 3), round(o.peak_mib)]
                                         for f, i, o in results], ensure_ascii=False), "utf-8")
    wrong = 0 if args.no_regressions else _replay_regressions(args.jobs, args.timeout)
    return 1 if wrong or any(o.bad for _, _, o in results) else 0


if __name__ == "__main__":
    sys.exit(main())
