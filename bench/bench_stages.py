"""Where the time of one extraction goes, stage by stage, for two checkouts in one run.

Usage (from the repository root):
    .venv/bin/python bench/bench_stages.py BASE_CHECKOUT [--rounds 5] [--runs 30]

The stages are the pipeline's (README, Layout): read (file -> Document), extract (Document ->
the record's content, its models included), check (findings), emit (JSON); total is all of them. Each round
runs, for every input and for each checkout in turn, a fresh child process that times each stage
`--runs` times on its own (warm, after one full extraction) and prints the medians; rounds
alternate which checkout goes first. The table gives per input and stage the median over rounds
and the ratio current / base.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import make_inputs  # noqa: E402  (bench/ is not a package)
from bench_commits import child_output, interleaved  # noqa: E402

STAGES = ("read", "extract", "check", "emit", "total")
CHILD = """
import json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from extractor.check import check_record
from extractor.emit.json import record_json
from extractor.extract import extract
from extractor.pipeline import extract_file, record_from_document
from extractor.readers import read_documents
from extractor.readers.limits import DEFAULT_LIMITS
path, runs = Path(sys.argv[2]), int(sys.argv[3])
document = read_documents(path, DEFAULT_LIMITS)[0]
unchecked = record_from_document(document, check=False)
record = record_from_document(document)
record_json(extract_file(path))

try:  # what one document's texts gave is forgotten before the next (extractor.memo)
    from extractor.memo import forget
except ImportError:
    forget = lambda: None

def median_ms(work):
    times = []
    for _ in range(runs):
        forget()  # every timed run reads the document afresh, as the pipeline does
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3

print(json.dumps({
    "read": median_ms(lambda: read_documents(path, DEFAULT_LIMITS)),
    "extract": median_ms(lambda: extract(document)),
    "check": median_ms(lambda: check_record(unchecked)),
    "emit": median_ms(lambda: record_json(record)),
    "total": median_ms(lambda: record_json(extract_file(path))),
}))
"""


def child_stages(checkout: Path, path: Path, runs: int) -> dict[str, float]:
    stages: dict[str, float] = json.loads(child_output(CHILD, checkout, path, runs))
    return stages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path, help="the other checkout (the baseline)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args(argv)
    make_inputs.make_inputs(False, log=lambda m: print(m, file=sys.stderr))
    inputs = {
        "docx report, 40-row table": make_inputs.DOCX_REPORT,
        "text (the sample)": ROOT / "corpus" / "hongshan_jiuye_2025.txt",
        "xlsx 自评表 (x01)": ROOT / "corpus" / "x01_sihong_gonglu_transfer.xlsx",
    }
    found = interleaved(args.base, inputs, args.rounds, args.runs, child_stages)
    print("| input | stage | base ms | current ms | ratio |\n| --- | --- | ---: | ---: | ---: |")
    for label in inputs:
        for stage in STAGES:
            base = statistics.median(run[stage] for run in found[(label, "base")])
            current = statistics.median(run[stage] for run in found[(label, "current")])
            ratio = f"{current / base:.2f}" if base > 0.005 else "—"
            print(f"| {label} | {stage} | {base:.2f} | {current:.2f} | {ratio} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
