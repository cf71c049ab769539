"""Make a realistic archive for the ingest benchmark in bench/out/archive/ (git-ignored).

Usage (from the repository root):
    .venv/bin/python bench/make_archive.py                 # 1,000 reports (+ broken files)
    .venv/bin/python bench/make_archive.py --docs 10000    # a bigger one, elsewhere with --out

From the corpus's text, DOCX and PDF reports (scanned and mixed PDFs are left out: OCR, seconds
and ~800 MiB a document, is another benchmark) it writes `--docs` distinct files, round-robin over
the corpus, in year/region folders.
Each copy gets distinct bytes in a way the readers ignore (a text line "附注：归档编号N", an extra zip
member in a DOCX, a comment after a PDF's %%EOF), so every file is a new document to the ingest.
Every 50th report is one of bench/make_inputs.py's large documents (30-page prose PDF, 10-page table
PDF, 40-row table DOCX) when they exist, for varied sizes. About 2% more files are broken: truncated
DOCX and PDF, random bytes, empty files, an encrypted DOCX. Deterministic for a given --docs.
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import sys
import zipfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CORPUS = ROOT / "corpus"
OUT = BENCH / "out" / "archive"
LARGE = [BENCH / "out" / name for name in ("prose.pdf", "tables.pdf", "report_table.docx")]
ENCRYPTED = ROOT / "tests" / "data" / "docx" / "encrypted.docx"
REGIONS = ["hongshan", "taoyuan", "dancheng", "gulou", "zigui", "mianxian", "anding", "zhenglan"]
BROKEN_EVERY = 50  # one broken file per 50 reports


def corpus_reports() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir()
                  if p.suffix in (".txt", ".docx", ".pdf") and "scan" not in p.name and "mixed" not in p.name)


def distinct_bytes(source: Path, index: int) -> bytes:
    data = source.read_bytes()
    if source.suffix == ".pdf":
        return data + f"\n%bench-archive {index}\n".encode()
    if source.suffix == ".docx":
        buffer = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as original, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as copy:
            for item in original.infolist():
                copy.writestr(item, original.read(item))
            copy.writestr(f"customXml/bench{index}.xml", f"<bench n='{index}'/>")
        return buffer.getvalue()
    text = data.decode("gb18030") if "gbk" in source.name else data.decode("utf-8-sig")
    encoding = "gb18030" if "gbk" in source.name else "utf-8"
    return (text + f"\n附注：归档编号{index}\n").encode(encoding)


def broken_bytes(kind: int, rng: random.Random, sample_docx: bytes, sample_pdf: bytes) -> tuple[str, bytes]:
    if kind == 0:
        return ".docx", sample_docx[: len(sample_docx) // 3]
    if kind == 1:
        return ".pdf", sample_pdf[: len(sample_pdf) // 4]
    if kind == 2:
        return ".pdf", rng.randbytes(4096)
    if kind == 3:
        return ".txt", b""
    return ".docx", ENCRYPTED.read_bytes()


def make_archive(docs: int = 1000, out: Path = OUT, log: bool = True) -> Path:
    if out.exists():
        shutil.rmtree(out)
    rng = random.Random(docs)
    sources = corpus_reports()
    large = [p for p in LARGE if p.exists()]
    sample_docx = (CORPUS / "c02_renju_scored.docx").read_bytes()
    sample_pdf = (CORPUS / "c03_gongwei_units.pdf").read_bytes()
    for index in range(docs):
        source = large[index // 50 % len(large)] if large and index % 50 == 49 else sources[index % len(sources)]
        folder = out / str(2019 + index % 7) / REGIONS[index % len(REGIONS)]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{index:05}_{source.name}").write_bytes(distinct_bytes(source, index))
        if index % BROKEN_EVERY == 0:
            suffix, data = broken_bytes(index // BROKEN_EVERY % 5, rng, sample_docx, sample_pdf)
            (folder / f"{index:05}_broken{suffix}").write_bytes(data)
    if log:
        files = [p for p in out.rglob("*") if p.is_file()]
        counts = {s: sum(1 for p in files if p.suffix == s) for s in (".txt", ".docx", ".pdf")}
        size = sum(p.stat().st_size for p in files)
        print(f"made {len(files)} files ({counts}), {size / 2**20:.1f} MiB, in {out}"
              f"{'' if large else ' (no large inputs: run bench/make_inputs.py first for varied sizes)'}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    make_archive(args.docs, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
