"""The seeds: corpus documents by format, and portal pages made from the plain-text reports."""

from __future__ import annotations

import functools
import html
import random
from pathlib import Path

from .mutate_bytes import mutate_html, mutate_text
from .mutate_pdf import mutate_pdf
from .mutate_zip import mutate_package

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
DATA = ROOT / "tests" / "data"
FORMATS = ("pdf", "xlsx", "text", "html", "docx")
EXTENSIONS = {"pdf": ".pdf", "xlsx": ".xlsx", "text": ".txt", "html": ".html", "docx": ".docx"}
MUTATORS = {"pdf": mutate_pdf, "xlsx": mutate_package, "text": mutate_text, "html": mutate_html,
            "docx": mutate_package}


def _files(extension: str) -> list[Path]:
    found = sorted(CORPUS.glob(f"*{extension}")) + sorted(DATA.glob(f"*/*{extension}"))
    return [path for path in found if path.is_file()]


def _page_from_text(text: str, title: str) -> bytes:
    """A portal-like page: the report's lines as paragraphs, its tab- or pipe-separated runs as a table."""
    body: list[str] = []
    rows: list[str] = []
    for line in text.splitlines():
        separator = "\t" if "\t" in line else "|" if line.count("|") >= 2 else None
        if separator:
            cells = [html.escape(c.strip()) for c in line.strip("|").split(separator)]
            rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
            continue
        if rows:
            body.append("<table border='1'>" + "".join(rows) + "</table>")
            rows = []
        if line.strip():
            body.append(f"<p>{html.escape(line.strip())}</p>")
    if rows:
        body.append("<table border='1'>" + "".join(rows) + "</table>")
    page = (f"<html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head><body>"
            f"<div class='nav'><a href='/'>首页</a></div><div id='zoom' class='TRS_Editor'>{''.join(body)}</div>"
            f"<div class='footer'>版权所有</div></body></html>")
    return page.encode("utf-8")


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return ""


@functools.cache
def seeds(file_format: str) -> tuple[tuple[str, bytes], ...]:
    """(name, bytes) of each seed of this format, in a stable order."""
    found = [(path.name, path.read_bytes()) for path in _files(EXTENSIONS[file_format])]
    if file_format == "html":
        found += [(f"page-from-{path.name}", _page_from_text(_decode(path.read_bytes()), path.stem))
                  for path in _files(".txt")]
    return tuple((name, data) for name, data in found if data)


@functools.cache
def read_by_ocr(name: str) -> bool:
    """Whether a PDF seed has a page without a text layer, which the reader OCRs: its mutants cost
    the OCR engine's seconds a page. Seeds only: a mutant is opened in a forked child alone."""
    if not name.lower().endswith(".pdf"):
        return False
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(dict(seeds("pdf"))[name])
    except pypdfium2.PdfiumError:  # the encrypted and broken seeds are refused before any OCR
        return False
    try:
        return any(page.get_textpage().count_chars() == 0 for page in document)
    finally:
        document.close()


def seed_of(file_format: str, index: int, base_seed: int = 0) -> tuple[str, int]:
    """Which seed case `index` mutates, and how many seeds there were to choose from."""
    available = seeds(file_format)
    return available[case_rng(file_format, index, base_seed).randrange(len(available))][0], len(available)


def mutant(file_format: str, rng: random.Random, seed: tuple[str, int] | None = None) -> bytes:
    """One hostile variant of a seed of this format (at least one byte). `seed` (name, number of
    seeds) makes a recorded case again when the corpus has grown since it was found."""
    available = seeds(file_format)
    choice = rng.randrange(len(available) if seed is None else seed[1])
    data = available[choice][1] if seed is None else dict(available)[seed[0]]
    return MUTATORS[file_format](data, rng) or data[:1]


def case_rng(file_format: str, index: int, base_seed: int = 0) -> random.Random:
    """Case `index` of a format: the same bytes on every run with the same base seed."""
    return random.Random(f"{base_seed}:{file_format}:{index}")
