"""Ingest benchmark: the generated archive through `extractor ingest`, against plain extraction in the same run.

Usage (from the repository root):
    .venv/bin/python bench/bench_ingest.py                  # 1,000-report archive, 3 rounds
    .venv/bin/python bench/bench_ingest.py --quick          # 300 reports, 1 round
    .venv/bin/python bench/bench_ingest.py --docs 10000 --rounds 1
    .venv/bin/python bench/bench_ingest.py --dask           # also the Dask engine on a 2-worker LocalCluster

Each round runs, in fresh child processes (timed inside the child, after its imports):
  plain   extract_file + record_json over every file, one process: the per-document baseline
  w1      ingest with 1 worker into an empty folder (hashing, scheduling, all outputs written)
  w2      ingest with 2 workers into an empty folder
  rerun   ingest with 2 workers again over the unchanged archive into w2's folder
  dask    (--dask) ingest on a LocalCluster of 2 worker processes (1 thread each) started in the child:
          its CPU over all processes (client, nannies, workers; cluster start-up included) against w2
A sampler reads VmHWM and CPU of every helper process (/proc) while the ingests run: peak RSS per
worker, and CPU split into the main process, the forkserver, the workers and the export helper.
Medians over the rounds are printed with the targets of issue 5. CPU seconds are what a machine
shared with other jobs distorts least; wall-clock ratios are only meaningful on an idle machine.
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
from collections.abc import Callable
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
# The ingest child imports what `extractor ingest` imports: the main process never reads a document
# (the readers are imported by the forkserver, whose CPU is counted with the workers').
INGEST_CHILD = f"""
import json, sys, time
from extractor.ingest import IngestOptions, ingest
started = time.perf_counter()
recycle = {{"max_tasks_per_child": int(sys.argv[4])}} if len(sys.argv) > 4 else {{}}
summary = ingest([sys.argv[1]], sys.argv[2], IngestOptions(workers=int(sys.argv[3]), progress="none", **recycle))
print(json.dumps({{"seconds": time.perf_counter() - started, "docs": summary.processed, "pages": summary.pages,
                  "failed": summary.failed, "skipped": summary.skipped, "rss_kib": {PEAK}, "cpu": {CPU},
                  "export": summary.export_seconds, "export_cpu": getattr(summary, "export_cpu", {{}})}}))
"""
DASK_CHILD = f"""
import json, sys, time
from distributed import LocalCluster
from extractor.ingest import IngestOptions, ingest
if __name__ == "__main__":
    started = time.perf_counter()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        options = IngestOptions(engine="dask", scheduler=cluster.scheduler_address, progress="none")
        summary = ingest([sys.argv[1]], sys.argv[2], options)
        seconds = time.perf_counter() - started
    print(json.dumps({{"seconds": seconds, "docs": summary.processed, "pages": summary.pages,
                      "failed": summary.failed, "skipped": summary.skipped, "rss_kib": {PEAK}, "cpu": {CPU},
                      "export": summary.export_seconds, "export_cpu": getattr(summary, "export_cpu", {{}})}}))
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
    export_cpu: dict[str, float] = field(default_factory=dict)
    server_cpu: float = 0.0  # of which the forkserver (LocalCluster: the nannies)
    export_helper_cpu: float = 0.0  # of which the export helper (Parquet, audit.xlsx)
    export_helper_mib: float = 0.0

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

    def split(self, export_helper: bool) -> tuple[float, float]:
        """CPU seconds of the forkserver(s), and of the export helper: the last process the forkserver
        started (it starts once every worker has ended)."""
        servers = sum(seconds for pid, seconds in self.cpu.items() if pid not in self.peaks)
        helper = self.cpu.get(self.order[-1], 0.0) if export_helper and self.order else 0.0
        return servers, helper


def run_child(source: str, *args: str, sample: bool = False, code: str | None = None) -> Run:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(BENCH / "out" / "pycache")
    if code is not None:  # that checkout's extractor first on the path (its workers inherit it)
        env["PYTHONPATH"] = code
    # `python -c` puts the working directory first on sys.path: run in the checkout being timed.
    process = subprocess.Popen([sys.executable, "-c", source, *args], stdout=subprocess.PIPE, text=True, env=env,
                               cwd=code or ROOT)
    sampler = WorkerSampler(process.pid) if sample else None
    stdout, _ = process.communicate()
    peaks = sampler.result() if sampler else []
    helper_cpu = sum(sampler.cpu.values()) if sampler else 0.0
    if process.returncode not in (0,):
        raise SystemExit(f"child failed ({process.returncode}): {stdout}")
    data = json.loads(stdout.strip().splitlines()[-1])
    export = data.get("export", {})
    with_helper = "wait" in export  # the export helper ran: it is the last process started
    servers, export_helper = sampler.split(with_helper) if sampler else (0.0, 0.0)
    export_mib = peaks.pop() if with_helper and peaks else 0.0
    return Run(data["seconds"], data["docs"], data["pages"], data["failed"], data["rss_kib"] / 1024, data["cpu"],
               data.get("skipped", 0), peaks, helper_cpu, export, os.getloadavg()[0], data.get("export_cpu", {}),
               servers, export_helper, export_mib)


def one_round(archive: Path, dask: bool = False, code: str | None = None, recycle: int | None = None) -> dict[str, Run]:
    """One round of every case; `code`: a checkout whose extractor the children import instead."""
    runs: dict[str, Run] = {"plain": run_child(PLAIN_CHILD, str(archive), code=code)}
    for workers in (1, 2):
        out = WORK / f"w{workers}"
        shutil.rmtree(out, ignore_errors=True)
        runs[f"w{workers}"] = run_child(INGEST_CHILD, str(archive), str(out), str(workers), sample=True, code=code)
    runs["rerun"] = run_child(INGEST_CHILD, str(archive), str(WORK / "w2"), "2", sample=True, code=code)
    if recycle is not None:
        shutil.rmtree(WORK / "recycle", ignore_errors=True)
        runs["recycle"] = run_child(INGEST_CHILD, str(archive), str(WORK / "recycle"), "1", str(recycle), sample=True,
                                    code=code)
    if dask:
        shutil.rmtree(WORK / "dask", ignore_errors=True)
        runs["dask"] = run_child(DASK_CHILD, str(archive), str(WORK / "dask"), sample=True, code=code)
    return runs


def median(rounds: list[dict[str, Run]], name: str, value: str) -> float:
    return statistics.median(float(getattr(r[name], value)) for r in rounds)


def per_round(rounds: list[dict[str, Run]], ratio: Callable[[dict[str, Run]], float]) -> str:
    """The median of a ratio taken within each round (both runs under the same load), and its range."""
    values = sorted(ratio(r) for r in rounds)
    spread = f" ({values[0]:.2f}-{values[-1]:.2f})" if len(values) > 1 else ""
    return f"{statistics.median(values):.2f}{spread}"


def report(rounds: list[dict[str, Run]]) -> None:
    plain, w1, w2 = (median(rounds, n, "seconds") for n in ("plain", "w1", "w2"))
    plain_cpu, w1_cpu = median(rounds, "plain", "total_cpu"), median(rounds, "w1", "total_cpu")
    export = {k: statistics.median(r["w1"].export.get(k, 0.0) for r in rounds) for k in rounds[0]["w1"].export}
    export_cpu = {k: statistics.median(r["w1"].export_cpu.get(k, 0.0) for r in rounds)
                  for k in rounds[0]["w1"].export_cpu}
    tables = sum(v for k, v in export.items() if k in ("csv", "parquet", "sqlite", "helper:parquet"))
    rerun = median(rounds, "rerun", "seconds")
    first = rounds[0]
    docs, pages = first["w1"].docs, first["w1"].pages
    peaks = [p for r in rounds for n in ("w1", "w2") for p in r[n].worker_peaks_mib]
    early = [p for r in rounds for p in r["w1"].worker_peaks_mib[:1]]
    late = [p for r in rounds for p in r["w1"].worker_peaks_mib[-1:]]
    speed_up = per_round(rounds, lambda r: r["w1"].seconds / r["w2"].seconds)
    overhead = per_round(rounds, lambda r: (r["w1"].total_cpu / r["plain"].total_cpu - 1) * 100)
    main, server = median(rounds, "w1", "cpu"), median(rounds, "w1", "server_cpu")
    export_helper = median(rounds, "w1", "export_helper_cpu")
    workers = median(rounds, "w1", "helper_cpu") - server - export_helper
    rows = [
        ("archive", f"{docs} files ({first['plain'].failed} broken), {pages} PDF pages", "", ""),
        ("plain extraction, 1 process", f"{plain:.2f} s = {docs / plain:.1f} docs/s", "baseline", ""),
        ("ingest, 1 worker", f"{w1:.2f} s = {docs / w1:.1f} docs/s, {pages / w1:.1f} pages/s", "", ""),
        ("ingest, 2 workers", f"{w2:.2f} s = {docs / w2:.1f} docs/s = {docs / w2 / 2:.1f} docs/s/worker", "", ""),
        ("ingest overhead vs plain, wall (w1 / plain - 1)", f"{(w1 / plain - 1) * 100:+.1f} %", "", ""),
        ("ingest overhead vs plain, CPU s (all processes)", f"{plain_cpu:.1f} -> {w1_cpu:.1f} s; per round "
         f"{overhead} %", "<= 15 %", _ok(w1_cpu / plain_cpu - 1 <= 0.15)),
        ("  CPU s: main / forkserver / workers / export helper", f"{main:.2f} / {server:.2f} / {workers:.2f} / "
         f"{export_helper:.2f}", "", ""),
        ("  export CPU s by output (both processes)", " ".join(f"{k} {v:.2f}" for k, v in export_cpu.items()), "",
         ""),
        ("  of which writing CSV+Parquet+SQLite, wall", f"{tables:.2f} s = {tables / plain * 100:.1f} % of plain",
         "", ""),
        ("  of which records.jsonl, wall", f"{export.get('jsonl', 0):.2f} s", "", ""),
        ("  audit.xlsx, wall (not in the target; --no-xlsx)", f"{export.get('xlsx', export.get('helper:xlsx', 0)):.2f}"
         " s (beside the main process when 'helper:')" if "helper:xlsx" in export else
         f"{export.get('xlsx', 0):.2f} s = {export.get('xlsx', 0) / plain * 100:.1f} % of plain", "", ""),
        ("speed-up 1 -> 2 workers (per round)", f"{speed_up} x", ">= 1.8 x", _ok(w1 / w2 >= 1.8)),
        ("re-run, unchanged archive", f"{rerun:.2f} s = {rerun / w2 * 100:.1f} % of the first run", "<= 5 %",
         _ok(rerun / w2 <= 0.05)),
        ("peak RSS per worker (max)", f"{max(peaks):.0f} MiB", "<= 150 MiB", _ok(max(peaks) <= 150)),
        ("peak RSS, first vs last worker (recycled)", f"{statistics.median(early):.0f} -> "
         f"{statistics.median(late):.0f} MiB", "flat", ""),
        ("peak RSS of the export helper", f"{median(rounds, 'w1', 'export_helper_mib'):.0f} MiB", "", ""),
        ("peak RSS of the main process (w2)", f"{median(rounds, 'w2', 'rss_mib'):.0f} MiB", "", ""),
        ("peak RSS of plain extraction", f"{median(rounds, 'plain', 'rss_mib'):.0f} MiB", "", ""),
        ("load average at the end of w1 / w2 (2 cores)", f"{median(rounds, 'w1', 'load'):.1f} / "
         f"{median(rounds, 'w2', 'load'):.1f}", "", ""),
    ]
    if "recycle" in first:
        recycled = per_round(rounds, lambda r: (r["recycle"].total_cpu / r["plain"].total_cpu - 1) * 100)
        rows.append(("ingest, 1 worker, --recycle: CPU overhead (per round)", f"{recycled} %", "", ""))
    if "dask" in first:
        dask_cpu = per_round(rounds, lambda r: r["dask"].total_cpu / r["w2"].total_cpu)
        rows += [
            ("dask, LocalCluster 2 workers", f"{median(rounds, 'dask', 'seconds'):.2f} s, CPU "
             f"{median(rounds, 'dask', 'total_cpu'):.1f} s (local 2 workers: "
             f"{median(rounds, 'w2', 'total_cpu'):.1f} s)", "", ""),
            ("  dask CPU / local CPU, 2 workers (per round)", f"{dask_cpu} x", "", ""),
        ]
    width = max(len(r[0]) for r in rows)
    print(f"{'case':{width}}  {'median':64}  {'target':10}  ok")
    for case, value, target, ok in rows:
        print(f"{case:{width}}  {value:64}  {target:10}  {ok}")


def _ok(passed: bool) -> str:
    return "pass" if passed else "MISS"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="300 reports, 1 round")
    parser.add_argument("--dask", action="store_true", help="also the Dask engine on a 2-worker LocalCluster")
    parser.add_argument("--recycle", type=int, help="also ingest with 1 worker recycled after this many files "
                        "(IngestOptions.max_tasks_per_child; the default is 500)")
    parser.add_argument("--base", type=Path, help="another checkout (e.g. a git worktree of the code before) "
                        "timed in the same rounds, interleaved, on the same archive")
    args = parser.parse_args(argv)
    docs, rounds = (300, 1) if args.quick else (args.docs, args.rounds)
    archive = make_archive.make_archive(docs, WORK / f"archive{docs}")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    codes: dict[str, str | None] = {"this checkout": None}
    if args.base is not None:
        codes = {f"base {args.base}": str(args.base.resolve()), **codes}
    results: dict[str, list[dict[str, Run]]] = {label: [] for label in codes}
    for index in range(rounds):
        for label, path in codes.items():
            started = time.perf_counter()
            results[label].append(one_round(archive, args.dask, path, args.recycle))
            print(f"round {index + 1}/{rounds}, {label}: {time.perf_counter() - started:.0f} s", flush=True)
    for label, runs in results.items():
        if len(codes) > 1:
            print(f"\n{label}")
        report(runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
