"""Benchmark of the review report (`extractor report`) at 10,000 documents.

Makes its own input: the corpus documents are extracted once, then varied (path, sha256,
region, fiscal year, amounts) into 10,000 records, 2% of them error records, written as a
records.jsonl. Measures building the HTML (time, size) and, in headless Chromium, the time
from navigation to a usable table, to an opened document view, and to a filtered search.
The baseline, measured in the same run, is the report of the corpus itself (one record per
document). Prints medians and ratios.

    .venv/bin/python bench/bench_report.py [--documents 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.emit.json import dumps, loads, record_json  # noqa: E402
from extractor.pipeline import extract_many  # noqa: E402
from extractor.review import ReportOptions, build_report  # noqa: E402

OUT = ROOT / "bench" / "out"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]
REGIONS = [f"{city}市{county}{kind}" for city in ("赤峰", "绵阳", "湘潭", "南宁", "周口", "定西", "常德", "六盘水")
           for county in ("红山", "游仙", "雨湖", "武鸣", "郸城", "安定", "桃源", "水城") for kind in ("区", "县")]
ERROR_CODES = [("corrupt_file", "文件已损坏，无法读取"), ("encrypted", "文件已加密，无法读取"),
               ("no_text_layer", "PDF 没有文字层（扫描件）")]


def corpus_records() -> list[dict[str, Any]]:
    paths = [p for p in sorted((ROOT / "corpus").iterdir())
             if p.suffix in {".txt", ".docx", ".pdf"} and "_scan" not in p.name]
    return [loads(record_json(o.record)) for o in extract_many(paths) if o.record is not None]


def _scale(amount: dict[str, Any] | None, factor: Decimal) -> None:
    if amount is None:
        return
    value = (Decimal(amount["value"]) * factor).quantize(Decimal("0.01"))
    amount["value"] = value
    amount["yuan"] = (Decimal(amount["yuan"]) * factor).quantize(Decimal("0.01"))
    amount["raw"] = f"{value}{amount['unit']}"


def varied(base: list[dict[str, Any]], count: int, rng: random.Random) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for n in range(count):
        if rng.random() < 0.02:
            code, message = rng.choice(ERROR_CODES)
            out.append({"path": f"archive/broken/{n:05d}.pdf", "sha256": hashlib.sha256(str(n).encode()).hexdigest(),
                        "error": {"code": code, "message": message}})
            continue
        record = copy.deepcopy(rng.choice(base))
        year = rng.randint(2019, 2025)
        region = rng.choice(REGIONS)
        record["source"]["path"] = f"archive/{year}/{region}/{n:05d}_{Path(record['source']['path']).name}"
        record["source"]["sha256"] = hashlib.sha256(f"doc{n}".encode()).hexdigest()
        record["report"]["region"], record["report"]["fiscal_year"] = region, year
        if record["report"].get("title"):
            record["report"]["title"] = f"{region}{year}年度{record['report'].get('fund_name') or ''}绩效自评报告"
        factor = Decimal(rng.randint(50, 200)) / 100
        _scale(record["funds"].get("budget_total"), factor)
        _scale(record["funds"].get("executed_total"), factor * Decimal(rng.randint(90, 103)) / 100)
        out.append(record)
    return out


def write_jsonl(records: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(dumps(record) + "\n")


def browser_times(html: Path, runs: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {"usable": [], "open_document": [], "filter_search": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for _ in range(runs):
            page = browser.new_context().new_page()
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                       else route.abort())
            page.goto(html.as_uri(), wait_until="commit")
            page.wait_for_selector("html[data-ready='1']", timeout=60_000)
            times["usable"].append(page.evaluate("performance.now()") / 1000)
            start = page.evaluate("performance.now()")
            page.click("#doc-table tbody tr:nth-child(3) a")
            page.wait_for_selector("html[data-view='doc']")
            times["open_document"].append((page.evaluate("performance.now()") - start) / 1000)
            page.go_back()
            page.wait_for_selector("html[data-view='list']")
            start = page.evaluate("performance.now()")
            page.select_option("#f-code", "execution_rate_mismatch")
            page.fill("#f-q", "就业")
            page.wait_for_selector("#doc-table tbody tr")
            times["filter_search"].append((page.evaluate("performance.now()") - start) / 1000)
            page.context.close()
        browser.close()
    return {key: statistics.median(values) for key, values in times.items()}


def build(jsonl: Path, html: Path) -> tuple[float, int]:
    start = time.perf_counter()
    summary = build_report([jsonl], html, ReportOptions(reread_sources=False, page_images=False))
    return time.perf_counter() - start, summary.size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    base = corpus_records()
    rng = random.Random(7)
    small, large = OUT / "report_corpus.jsonl", OUT / f"report_{args.documents}.jsonl"
    write_jsonl(base, small)
    write_jsonl(varied(base, args.documents, rng), large)
    results: dict[str, dict[str, float]] = {}
    for name, jsonl in (("corpus", small), ("large", large)):
        html = jsonl.with_suffix(".html")
        seconds, size = build(jsonl, html)
        lines = sum(1 for _ in jsonl.open(encoding="utf-8"))
        results[name] = {"documents": lines, "jsonl_mb": jsonl.stat().st_size / 1e6,
                         "build_s": seconds, "html_mb": size / 1e6, **browser_times(html, args.runs)}
    print(f"{'':16}{'baseline (corpus)':>20}{'large':>14}{'ratio':>10}")
    for key in ("documents", "jsonl_mb", "build_s", "html_mb", "usable", "open_document", "filter_search"):
        a, b = results["corpus"][key], results["large"][key]
        print(f"{key:16}{a:>20.3f}{b:>14.3f}{b / a if a else float('nan'):>10.1f}")
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
