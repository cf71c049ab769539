"""Reader benchmark (XLSX, HTML, legacy .doc/.xls): docs/s and the ratio to the bare library read.

Usage (from the repository root):
    .venv/bin/python bench/bench_readers.py           # full run (~30 s)
    .venv/bin/python bench/bench_readers.py --quick   # short run

Inputs are made in bench/out/: a 60-row x 8-column 项目支出绩效自评表 workbook with merged 一级/二级
cells and percent/amount number formats (openpyxl), the corpus's GBK portal page, and the corpus's
.doc and .xls. In-process cases time, interleaved in one loop so machine noise hits them alike:
  XLSX   bare = python-calamine: open, every row's values and the merged ranges;
         ours = read_xlsx_documents (calamine + number formats from the package XML + document model);
         also openpyxl's full load, for reference (it is what the issue compared calamine with).
  HTML   bare = decode + lxml.html.document_fromstring;  ours = read_html (clutter, container, tables).
  legacy ours = read_document on .doc/.xls (LibreOffice conversion, a fresh private profile each time);
         bare = reading the converted DOCX/XLSX, so the ratio is the conversion's cost.
XLSX cases run in batches of 20 calls (bulk ingest's steady state) and again as single calls.
One warm-up round is excluded; medians are printed. Targets: XLSX >= 1,000 docs/s (one core).
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
sys.path.insert(0, str(ROOT))

from extractor.readers import Limits, read_document  # noqa: E402
from extractor.readers.html import decode_html, read_html  # noqa: E402
from extractor.readers.xlsx import read_xlsx_documents  # noqa: E402

XLSX_INPUT = OUT / "sheet_60x8.xlsx"
HTML_INPUT = ROOT / "corpus" / "h01_pingli_jiuye_portal.html"
DOC_INPUT = ROOT / "corpus" / "w01_zhenan_yanglao_doc.doc"
XLS_INPUT = ROOT / "corpus" / "x04_laifeng_nongye_transfer.xls"
XLSX_TARGET_PER_S = 1000
XLSX_BATCH = 20
LIMITS = Limits()


def make_sheet(path: Path) -> None:
    """A 60x8 自评表: header rows, a funds block, 50 indicator rows with merged level cells."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "自评表"
    sheet.append(["2024年度示例项目支出绩效自评表"] + [None] * 7)
    sheet.merge_cells("A1:H1")
    sheet.append(["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
    sheet.append(["年度资金总额", None, 560.0, 612.5, 593.4, 10, 0.9688, 9.69])
    for row in (3,):
        sheet.cell(row, 7).number_format = "0.00%"
        for col in (3, 4, 5):
            sheet.cell(row, col).number_format = "#,##0.00"
    sheet.append(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因"])
    levels = ["产出指标"] * 30 + ["效益指标"] * 12 + ["满意度指标"] * 8
    for i, level in enumerate(levels):
        sheet.append([level, f"二级{i // 5}", f"指标{i}", f"≥{100 + i}人", 0.95 + i / 1000, 2, 1.5, "无"])
        sheet.cell(sheet.max_row, 5).number_format = "0.0%"
    for start, end in ((5, 34), (35, 46), (47, 54)):
        sheet.merge_cells(f"A{start}:A{end}")
    for start in range(5, 55, 5):
        sheet.merge_cells(f"B{start}:B{start + 4}")
    for _ in range(6):
        sheet.append(["备注", "说明文字", None, None, None, None, None, None])
    workbook.save(path)


def bare_calamine(data: bytes) -> int:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    cells = 0
    for name in workbook.sheet_names:
        sheet = workbook.get_sheet_by_name(name)
        cells += sum(len(row) for row in sheet.to_python(skip_empty_area=False))
        cells += len(sheet.merged_cell_ranges or [])
    return cells


def bare_openpyxl(data: bytes) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), data_only=True)
    return sum(1 for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for _ in row)


def bare_lxml(data: bytes) -> int:
    from lxml import html

    return len(html.document_fromstring(decode_html(HTML_INPUT, data)))


def interleaved(cases: dict[str, Callable[[], object]], seconds: float, min_rounds: int,
                batch: int = 1) -> dict[str, float]:
    """Median seconds per call of each case, the cases run in turn in every round.

    With `batch` > 1 each case runs that many times in a row per round and the batch's time is
    divided by it: the steady state of reading many files one after another, where a single call
    squeezed between two of another library's loads also measures refilling the CPU caches."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    start = time.perf_counter()
    rounds = 0
    while rounds <= min_rounds or time.perf_counter() - start < seconds:
        for name, case in cases.items():
            t0 = time.perf_counter()
            for _ in range(batch):
                case()
            if rounds:  # round 0 warms up
                times[name].append((time.perf_counter() - t0) / batch)
        rounds += 1
    return {name: statistics.median(values) for name, values in times.items()}


def report(title: str, medians: dict[str, float], bare: str) -> None:
    print(f"\n{title}")
    print(f"{'case':34} {'median':>10} {'docs/s':>9} {'x bare':>7}")
    for name, seconds in medians.items():
        print(f"{name:34} {seconds * 1000:8.3f}ms {1 / seconds:9.1f} {seconds / medians[bare]:7.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Reader benchmark: docs/s and ratio to the bare library read.")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    seconds, rounds = (0.8, 20) if args.quick else (4.0, 100)
    OUT.mkdir(exist_ok=True)
    if not XLSX_INPUT.exists():
        make_sheet(XLSX_INPUT)

    xlsx = XLSX_INPUT.read_bytes()
    xlsx_cases: dict[str, Callable[[], object]] = {
        "calamine bare (values + merges)": lambda: bare_calamine(xlsx),
        "read_xlsx_documents (ours)": lambda: read_xlsx_documents(XLSX_INPUT, xlsx, LIMITS),
        "openpyxl load (reference)": lambda: bare_openpyxl(xlsx),
    }
    xlsx_medians = interleaved(xlsx_cases, seconds, rounds // 10, batch=XLSX_BATCH)
    report(f"XLSX: 60x8 自评表 with merged ranges and number formats (batches of {XLSX_BATCH})", xlsx_medians,
           "calamine bare (values + merges)")
    ours = 1 / xlsx_medians["read_xlsx_documents (ours)"]
    print(f"target >= {XLSX_TARGET_PER_S} docs/s: {'pass' if ours >= XLSX_TARGET_PER_S else 'MISS'} ({ours:.0f})")
    single = interleaved(xlsx_cases, seconds / 2, rounds)
    report("XLSX: single calls, each after the others' (cold caches)", single, "calamine bare (values + merges)")

    page = HTML_INPUT.read_bytes()
    html_medians = interleaved({
        "lxml.html parse bare": lambda: bare_lxml(page),
        "read_html (ours)": lambda: read_html(HTML_INPUT, page, LIMITS),
    }, seconds, rounds)
    report(f"HTML: portal page {len(page) // 1024} KB (GBK)", html_medians, "lxml.html parse bare")

    from extractor.readers.legacy import convert, find_soffice

    if find_soffice() is None:
        print("\nlegacy: skipped (soffice not on PATH)")
        return 0
    converted_doc = convert(DOC_INPUT, DOC_INPUT.read_bytes(), "doc", "docx", LIMITS)
    converted_xls = convert(XLS_INPUT, XLS_INPUT.read_bytes(), "xls", "xlsx", LIMITS)
    from extractor.readers.docx import read_docx

    legacy_medians = interleaved({
        "read converted .docx": lambda: read_docx(DOC_INPUT, converted_doc, LIMITS),
        "read_document(.doc) with soffice": lambda: read_document(DOC_INPUT),
        "read converted .xlsx": lambda: read_xlsx_documents(XLS_INPUT, converted_xls, LIMITS),
        "read_document(.xls) with soffice": lambda: read_document(XLS_INPUT),
    }, 0.0, 2 if args.quick else 5)
    report("legacy: LibreOffice conversion (fresh profile per file)", legacy_medians, "read converted .docx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
