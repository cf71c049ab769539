"""Ingest of one .zip archive holding many small reports: the cost of reading members.

Usage (from the repository root):
    .venv/bin/python bench/bench_zip.py                    # 10,000 members, 2 workers
    .venv/bin/python bench/bench_zip.py --members 2000
    PYTHONPATH=/tmp/base .venv/bin/python bench/bench_zip.py   # another checkout's code, same inputs

The archive holds distinct text reports (the sample report with a numbered note appended), so
every member is hashed and read. Printed: the wall time of the whole ingest, the time to the
first result (walking + hashing the members) and documents per second. The timing runs in a
child process so its imports are not counted.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import zipfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / "out" / "zip"
CHILD = """
import json, sys, time
from extractor.ingest import IngestOptions, ingest
started = time.perf_counter()
summary = ingest([sys.argv[1]], sys.argv[2], IngestOptions(workers=2, progress="none", xlsx=False))
print(json.dumps({"seconds": time.perf_counter() - started, "processed": summary.processed,
                  "failed": summary.failed}))
"""


def make_zip(members: int) -> Path:
    target = WORK / f"reports-{members}.zip"
    if target.exists():
        return target
    WORK.mkdir(parents=True, exist_ok=True)
    text = (ROOT / "corpus" / "hongshan_jiuye_2025.txt").read_text(encoding="utf-8")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for index in range(members):
            archive.writestr(f"reports/{index // 1000:02}/r{index:05}.txt", f"{text}\n附注{index}\n")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    args = parser.parse_args()
    archive = make_zip(args.members)
    out = WORK / f"out-{args.members}"
    subprocess.run(["rm", "-rf", str(out)], check=True)
    run = subprocess.run([sys.executable, "-c", CHILD, str(archive), str(out)], capture_output=True, text=True,
                         check=True)
    result = json.loads(run.stdout.strip().splitlines()[-1])
    seconds = result["seconds"]
    print(f"{args.members} members: {seconds:.1f} s, {result['processed'] / seconds:.1f} docs/s, "
          f"failed {result['failed']}")


if __name__ == "__main__":
    main()
