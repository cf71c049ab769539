"""What the document deadline costs a pattern call, against the former timeout on every call.

    python bench/bench_regex_deadline.py

Per call (median of interleaved rounds, the same pattern and texts): the bare compiled pattern;
the former helper (regex's `timeout=2.0` on every call); the helper inside a document deadline
armed by SIGALRM (no timeout passed); the helper inside a deadline in a thread other than the
main one (the remaining time as the timeout). Then the whole pipeline on the sample report and a
DOCX with the former helpers patched in and with the current ones, interleaved.
"""

from __future__ import annotations

import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import patterns  # noqa: E402
from extractor.deadline import deadline  # noqa: E402
from extractor.pipeline import extract_file  # noqa: E402

TEXTS = ["本项目全年预算数6359.55万元，执行数5061.56万元，预算执行率79.59%。", "数量指标", "≥95%", "完成",
         "（一）资金投入情况。2025年度共安排资金6359.55万元，其中中央财政资金3000万元。"]
NAMES = ["funds.budget_total", "values.number_with_unit", "values.op_prefix", "tables.total_score_row"]
CALLS = 20_000
ROUNDS = 7


def _former(name: str) -> Callable[..., Any]:
    """The helpers as they were: a timeout on every call."""
    def search(q: str, text: str, pos: int = 0, endpos: int | None = None) -> Any:
        return patterns.get(q).search(text, pos, len(text) if endpos is None else endpos, timeout=2.0)

    def match(q: str, text: str, pos: int = 0, endpos: int | None = None) -> Any:
        return patterns.get(q).match(text, pos, len(text) if endpos is None else endpos, timeout=2.0)

    def fullmatch(q: str, text: str) -> Any:
        return patterns.get(q).fullmatch(text, timeout=2.0)

    def finditer(q: str, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Any]:
        found: Iterator[Any] = patterns.get(q).finditer(text, pos, len(text) if endpos is None else endpos,
                                                         timeout=2.0)
        return found

    return {"search": search, "match": match, "fullmatch": fullmatch, "finditer": finditer}[name]


def _calls(call: Callable[[str, str], Any]) -> float:
    started = time.perf_counter()
    for i in range(CALLS):
        call(NAMES[i % len(NAMES)], TEXTS[i % len(TEXTS)])
    return (time.perf_counter() - started) / CALLS * 1e6


def _in_deadline(call: Callable[[str, str], Any]) -> float:
    with deadline(60):
        return _calls(call)


def _in_thread(call: Callable[[str, str], Any]) -> float:
    box: list[float] = []
    thread = threading.Thread(target=lambda: box.append(_in_deadline(call)))
    thread.start()
    thread.join()
    return box[0]


def per_call() -> None:
    for name in NAMES:
        patterns.get(name)
    former = _former("search")
    cases: dict[str, Callable[[], float]] = {
        "bare compiled pattern, no timeout": lambda: _calls(lambda q, t: patterns.get(q).search(t)),
        "former helper: timeout=2.0 on every call": lambda: _calls(former),
        "helper in a deadline (main thread, SIGALRM)": lambda: _in_deadline(patterns.search),
        "helper in a deadline (other thread, remaining time)": lambda: _in_thread(patterns.search),
        "helper outside any deadline (own 2 s timeout)": lambda: _calls(patterns.search),
    }
    times: dict[str, list[float]] = {label: [] for label in cases}
    for _ in range(ROUNDS):
        for label, run in cases.items():
            times[label].append(run())
    print(f"per pattern call, median of {ROUNDS} interleaved rounds of {CALLS:,} calls:")
    for label, values in times.items():
        print(f"  {label:55} {statistics.median(values):.2f} µs")


def pipeline() -> None:
    documents = [ROOT / "corpus" / "hongshan_jiuye_2025.txt", ROOT / "corpus" / "c02_renju_scored.docx"]
    current = {name: getattr(patterns, name) for name in ("search", "match", "fullmatch", "finditer")}
    former = {name: _former(name) for name in current}

    def timed(path: Path, helpers: dict[str, Callable[..., Any]]) -> float:
        for name, helper in helpers.items():
            setattr(patterns, name, helper)
        started = time.perf_counter()
        for _ in range(10):
            extract_file(path)
        return (time.perf_counter() - started) / 10 * 1e3

    for path in documents:
        extract_file(path)
        before: list[float] = []
        after: list[float] = []
        for _ in range(ROUNDS):
            before.append(timed(path, former))
            after.append(timed(path, current))
        for name, helper in current.items():
            setattr(patterns, name, helper)
        b, a = statistics.median(before), statistics.median(after)
        print(f"  {path.name:40} former {b:.2f} ms, now {a:.2f} ms ({b / a:.2f}x)")


if __name__ == "__main__":
    per_call()
    print("read + extract + check, median of interleaved rounds:")
    pipeline()
