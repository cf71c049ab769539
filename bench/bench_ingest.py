"""Ingest benchmark: the generated archive through `extractor ingest`, against plain extraction in the same run.

Usage (from the repository root):
    .venv/bin/python bench/bench_ingest.py                  # 1,000-report archive, 3 rounds
    .venv/bin/python bench/bench_ingest.py --quick          # 300 reports, 1 round
    .venv/bin/python bench/bench_ingest.py --docs 10000 --rounds 1

Each round runs, in fresh child processes (timed inside the child, after its imports):
  plain   extract_file + record_json over every file, one process: the per-document baseline
  w1      ingest with 1 worker into an empty folder (hashing, scheduling, all outputs written)
  w2      ingest with 2 workers into an empty folder
  rerun   ingest with 2 workers again over the unchanged archive into w2's folder
A sampler reads VmHWM of every worker process (/proc) while the ingests run: peak RSS per worker.
Medians over the rounds are printed with the targets of issue 5.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import make_archive  # noqa: E402  (bench/ is not a package)

MIB = 2**20
WORK = BENCH / "out" / "ingest"
PEAK = "int([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')][0])"
CPU = "(lambda u: u.ru_utime + u.ru_stime)(__import__('resource').getrusage(0))"
TICK = os.sysconf("SC_CLK_TCK")
PLAIN_CHILD = f"""
import json, sys, time
from extractor.emit.json import record_json
from extractor.errors import ReadError
from extractor.ingest.sources import walk
from extractor.pipeline import extract_file
import extractor.check, extractor.readers.docx, extractor.readers.pdf
files = [s.fs_path for s in walk([sys.argv[1]]).sources]
started = time.perf_counter()
pages = failed = 0
for path in files:
    try:
        record = extract_file(path)
        record_json(record)
        pages += record.source.pages or 0
    except ReadError:
        failed += 1
print(json.dumps({{"seconds": time.perf_counter() - started, "docs": len(files), "pages": pages,
                  "failed": failed, "rss_kib": {PEAK}, "cpu": {CPU}}}))
"""
INGEST_CHILD = f"""
import json, sys, time
from extractor.ingest import IngestOptions, ingest
import extractor.check, extractor.readers.docx, extractor.readers.pdf
started = time.perf_counter()
summary = ingest([sys.argv[1]], sys.argv[2], IngestOptions(workers=int(sys.argv[3]), progress="none"))
print(json.dumps({{"seconds": time.perf_counter() - started, "docs": summary.processed, "pages": summary.pages,
                  "failed": summary.failed, "skipped": summary.skipped, "rss_kib": {PEAK}, "cpu": {CPU},
                  "export": summary.export_seconds}}))
"""


@dataclass(slots=True)
class Run:
    seconds: float
    docs: int
    pages: int
    failed: int
    rss_mib: float
    cpu: float  # CPU seconds of the child itself
    skipped: int = 0
    worker_peaks_mib: list[float] = field(default_factory=list)  # per worker process, in start order
    helper_cpu: float = 0.0  # CPU seconds of its forkserver and workers (sampled from /proc)
    export: dict[str, float] = field(default_factory=dict)
    load: float = 0.0  # 1-minute load average when the run ended (other work on the machine)

    @property
    def total_cpu(self) -> float:
        return self.cpu + self.helper_cpu


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            tree.setdefault(ppid, []).append(int(entry))
    return tree


def _cpu_s(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def _peak_kib(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


class WorkerSampler:
    """Peak RSS of the worker processes: grandchildren of the ingest child (children of its forkserver)."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.peaks: dict[int, int] = {}
        self.cpu: dict[int, float] = {}  # last CPU seconds seen per helper process (forkserver, workers)
        self.order: list[int] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        while not self.stop.wait(0.05):
            tree = _children()
            for server in tree.get(self.root, []):
                self._cpu(server)
                for worker in tree.get(server, []):
                    self._cpu(worker)
                    peak = _peak_kib(worker)
                    if peak is not None:
                        if worker not in self.peaks:
                            self.order.append(worker)
                        self.peaks[worker] = max(peak, self.peaks.get(worker, 0))

    def _cpu(self, pid: int) -> None:
        seconds = _cpu_s(pid)
        if seconds is not None:
            self.cpu[pid] = max(seconds, self.cpu.get(pid, 0.0))

    def result(self) -> list[float]:
        self.stop.set()
        self.thread.join()
        return [self.peaks[pid] / 1024 for pid in self.order]


def run_child(code: str, *args: str, sample: bool = False) -> Run:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(BENCH / "out" / "pycache")
    process = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, env=env,
                               cwd=ROOT)
    sampler = WorkerSampler(process.pid) if sample else None
    stdout, _ = process.communicate()
    peaks = sampler.result() if sampler else []
    helper_cpu = sum(sampler.cpu.values()) if sampler else 0.0
    if process.returncode not in (0,):
        raise SystemExit(f"child failed ({process.returncode}): {stdout}")
    data = json.loads(stdout.strip().splitlines()[-1])
    return Run(data["seconds"], data["docs"], data["pages"], data["failed"], data["rss_kib"] / 1024, data["cpu"],
               data.get("skipped", 0), peaks, helper_cpu, data.get("export", {}), os.getloadavg()[0])


def one_round(archive: Path) -> dict[str, Run]:
    runs: dict[str, Run] = {"plain": run_child(PLAIN_CHILD, str(archive))}
    for workers in (1, 2):
        out = WORK / f"w{workers}"
        shutil.rmtree(out, ignore_errors=True)
        runs[f"w{workers}"] = run_child(INGEST_CHILD, str(archive), str(out), str(workers), sample=True)
    runs["rerun"] = run_child(INGEST_CHILD, str(archive), str(WORK / "w2"), "2", sample=True)
    return runs


def median(rounds: list[dict[str, Run]], name: str, value: str) -> float:
    return statistics.median(float(getattr(r[name], value)) for r in rounds)


def report(rounds: list[dict[str, Run]]) -> None:
    plain, w1, w2 = (median(rounds, n, "seconds") for n in ("plain", "w1", "w2"))
    plain_cpu, w1_cpu = median(rounds, "plain", "total_cpu"), median(rounds, "w1", "total_cpu")
    export = {k: statistics.median(r["w1"].export.get(k, 0.0) for r in rounds) for k in rounds[0]["w1"].export}
    tables = sum(v for k, v in export.items() if k in ("csv", "parquet", "sqlite"))
    rerun = median(rounds, "rerun", "seconds")
    first = rounds[0]
    docs, pages = first["w1"].docs, first["w1"].pages
    peaks = [p for r in rounds for n in ("w1", "w2") for p in r[n].worker_peaks_mib]
    early = [p for r in rounds for p in r["w1"].worker_peaks_mib[:1]]
    late = [p for r in rounds for p in r["w1"].worker_peaks_mib[-1:]]
    rows = [
        ("archive", f"{docs} files ({first['plain'].failed} broken), {pages} PDF pages", "", ""),
        ("plain extraction, 1 process", f"{plain:.2f} s = {docs / plain:.1f} docs/s", "baseline", ""),
        ("ingest, 1 worker", f"{w1:.2f} s = {docs / w1:.1f} docs/s, {pages / w1:.1f} pages/s", "", ""),
        ("ingest, 2 workers", f"{w2:.2f} s = {docs / w2 / 2:.1f} docs/s/worker, {pages / w2 / 2:.1f} pages/s/worker",
         "", ""),
        ("ingest overhead vs plain, wall (w1 / plain - 1)", f"{(w1 / plain - 1) * 100:+.1f} %", "", ""),
        ("ingest overhead vs plain, CPU s (all processes)", f"{plain_cpu:.1f} -> {w1_cpu:.1f} s = "
         f"{(w1_cpu / plain_cpu - 1) * 100:+.1f} %", "<= 15 %", _ok(w1_cpu / plain_cpu - 1 <= 0.15)),
        ("  of which writing CSV+Parquet+SQLite", f"{tables:.2f} s = {tables / plain * 100:.1f} % of plain", "", ""),
        ("  of which records.jsonl", f"{export.get('jsonl', 0):.2f} s", "", ""),
        ("  audit.xlsx (not in the target; --no-xlsx)", f"{export.get('xlsx', 0):.2f} s = "
         f"{export.get('xlsx', 0) / plain * 100:.1f} % of plain", "", ""),
        ("speed-up 1 -> 2 workers", f"{w1 / w2:.2f} x", ">= 1.8 x", _ok(w1 / w2 >= 1.8)),
        ("re-run, unchanged archive", f"{rerun:.2f} s = {rerun / w2 * 100:.1f} % of the first run", "<= 5 %",
         _ok(rerun / w2 <= 0.05)),
        ("peak RSS per worker (max)", f"{max(peaks):.0f} MiB", "<= 150 MiB", _ok(max(peaks) <= 150)),
        ("peak RSS, first vs last worker (recycled)", f"{statistics.median(early):.0f} -> "
         f"{statistics.median(late):.0f} MiB", "flat", ""),
        ("peak RSS of the main process (w2)", f"{median(rounds, 'w2', 'rss_mib'):.0f} MiB", "", ""),
        ("peak RSS of plain extraction", f"{median(rounds, 'plain', 'rss_mib'):.0f} MiB", "", ""),
        ("load average at the end of w1 / w2 (2 cores)", f"{median(rounds, 'w1', 'load'):.1f} / "
         f"{median(rounds, 'w2', 'load'):.1f}", "", ""),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'case':{width}}  {'median':58}  {'target':10}  ok")
    for case, value, target, ok in rows:
        print(f"{case:{width}}  {value:58}  {target:10}  {ok}")


def _ok(passed: bool) -> str:
    return "pass" if passed else "MISS"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="300 reports, 1 round")
    args = parser.parse_args(argv)
    docs, rounds = (300, 1) if args.quick else (args.docs, args.rounds)
    archive = make_archive.make_archive(docs, WORK / f"archive{docs}")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    results = []
    for index in range(rounds):
        started = time.perf_counter()
        results.append(one_round(archive))
        print(f"round {index + 1}/{rounds}: {time.perf_counter() - started:.0f} s", flush=True)
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
