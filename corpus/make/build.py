"""Build the corpus's DOCX and PDF documents from their sources in corpus/src/*.src.

Usage (from the repository root, with the project's venv):
    python corpus/make/build.py                 # build every corpus/src/*.src
    python corpus/make/build.py foo bar.src     # build only these sources (name, file or path)
    python corpus/make/build.py --check         # only verify every source has its outputs
    python corpus/make/build.py --outdir /tmp/x t.src   # write elsewhere (trying out a source)
Each source becomes corpus/<name>.docx, and corpus/<name>.pdf when it has `@formats ... pdf`
(LibreOffice converts the DOCX, so the PDF looks like a Word export). The markup is described in
corpus/README.md: @formats/@header/@footer/@landscape/@pagebreak/@table-unit, `|` tables with
`^^` (merge up) and `<<` (merge left) cells, and `@nested a / b ;; c / d` nested tables.
Outputs are made deterministic where possible (fixed core properties, zip dates, PDF dates and id).
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

CORPUS = Path(__file__).resolve().parent.parent
SOURCES = CORPUS / "src"
LATIN_FONT = "SimSun"
EAST_ASIAN_FONT = "宋体"
BODY_SIZE = Pt(12)
FIXED_TIME = dt.datetime(2025, 1, 1, 0, 0, 0)
ZIP_TIME = (2025, 1, 1, 0, 0, 0)
LO_PROFILE = Path("/tmp/lo_profile_build")
LO_LOCK = Path("/tmp/lo_profile_build.lock")
LO_TIMEOUT_S = 300
MERGE_UP = "^^"
MERGE_LEFT = "<<"
NESTED = "@nested"


class SourceError(Exception):
    """A source file that breaks the markup rules."""


@dataclass
class TableSpec:
    rows: list[list[str]]


@dataclass
class Source:
    name: str
    formats: list[str] = field(default_factory=lambda: ["docx"])
    header: str | None = None
    footer: str | None = None
    landscape: bool = False
    margins_mm: int = 28  # left and right
    borderless: bool = False  # tables without ruling lines (Word's plain table style)
    # Each block is a paragraph (str), a page break (None) or a table.
    blocks: list[str | TableSpec | None] = field(default_factory=list)


# ---------------------------------------------------------------- parsing

DIRECTIVES = ("@formats", "@header", "@footer", "@landscape", "@margins", "@borderless")


def parse_source(path: Path) -> Source:
    source = Source(name=path.stem)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    body_start = _read_directives(source, lines)
    table_rows: list[list[str]] = []
    for lineno, line in enumerate(lines[body_start:], start=body_start + 1):
        stripped = line.strip()
        if stripped.startswith("|"):
            table_rows.append(_split_row(stripped, path, lineno))
            continue
        if table_rows:
            source.blocks.append(TableSpec(table_rows))
            table_rows = []
        if not stripped:
            continue
        if stripped == "@pagebreak":
            source.blocks.append(None)
        elif stripped.startswith("@table-unit"):
            source.blocks.append(stripped.removeprefix("@table-unit").strip())
        else:
            source.blocks.append(stripped)
    if table_rows:
        source.blocks.append(TableSpec(table_rows))
    return source


def _read_directives(source: Source, lines: list[str]) -> int:
    """Apply the leading directive lines; return the index of the first body line."""
    for index, line in enumerate(lines):
        stripped = line.strip()
        keyword, _, argument = stripped.partition(" ")
        if keyword not in DIRECTIVES:
            return index
        argument = argument.strip()
        if keyword == "@formats":
            source.formats = argument.split()
        elif keyword == "@header":
            source.header = argument
        elif keyword == "@footer":
            source.footer = argument
        elif keyword == "@margins":
            source.margins_mm = int(argument)
        elif keyword == "@borderless":
            source.borderless = True
        else:
            source.landscape = True
    return len(lines)


def _split_row(line: str, path: Path, lineno: int) -> list[str]:
    inner = line[1:-1] if line.endswith("|") and len(line) > 1 else line[1:]
    if not inner.strip() and "|" not in inner:
        raise SourceError(f"{path}:{lineno}: empty table row")
    return [cell.strip() for cell in inner.split("|")]


# ---------------------------------------------------------------- DOCX writing


def set_run_fonts(element: Any, size: Length | None = BODY_SIZE) -> None:
    """Set fonts on an rPr-bearing element; eastAsia makes LibreOffice choose a CJK face."""
    r_pr = element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute, font in (
        ("w:ascii", LATIN_FONT),
        ("w:hAnsi", LATIN_FONT),
        ("w:cs", LATIN_FONT),
        ("w:eastAsia", EAST_ASIAN_FONT),
    ):
        fonts.set(qn(attribute), font)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            node = r_pr.find(qn(tag))
            if node is None:
                node = OxmlElement(tag)
                r_pr.append(node)
            node.set(qn("w:val"), str(int(size.pt * 2)))


def _set_chinese_language(r_pr: BaseOxmlElement) -> None:
    """Mark East-Asian text as zh-CN, so font fallback picks a Simplified Chinese face."""
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def add_text(paragraph: Paragraph, text: str) -> None:
    run = paragraph.add_run(text)
    set_run_fonts(run._r)


def new_docx(source: Source) -> Document:
    document = new_document()
    normal = document.styles["Normal"].element
    set_run_fonts(normal)
    _set_chinese_language(normal.get_or_add_rPr())
    _set_chinese_language(document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rPr")))
    section = document.sections[0]
    width, height = Mm(210), Mm(297)
    if source.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    section.top_margin = section.bottom_margin = Mm(25)
    section.left_margin = section.right_margin = Mm(source.margins_mm)
    if source.header:
        _write_header(document, source.header)
    if source.footer:
        _write_footer(document, source.footer)
    _fix_core_properties(document)
    return document


def _write_header(document: Document, text: str) -> None:
    paragraph = document.sections[0].header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_text(paragraph, text)


def _write_footer(document: Document, text: str) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if text != "page":
        add_text(paragraph, text)
        return
    add_text(paragraph, "- ")
    _add_page_field(paragraph)
    add_text(paragraph, " -")


def _add_page_field(paragraph: Paragraph) -> None:
    """A real PAGE field (begin / instruction / separate / cached result / end)."""

    def field_run(child: BaseOxmlElement) -> None:
        run = paragraph.add_run()
        set_run_fonts(run._r)
        run._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    field_run(begin)
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    field_run(instruction)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    field_run(separate)
    add_text(paragraph, "1")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    field_run(end)


def _fix_core_properties(document: Document) -> None:
    props = document.core_properties
    props.author = "corpus"
    props.last_modified_by = "corpus"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.revision = 1
    props.title = ""
    props.comments = ""


def write_blocks(document: Document, source: Source) -> None:
    for block in source.blocks:
        if block is None:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(block, TableSpec):
            write_table(document, block, source.name, ruled=not source.borderless)
        else:
            add_text(document.add_paragraph(), block)


def write_table(document: Document, spec: TableSpec, name: str, ruled: bool = True) -> None:
    width = max(len(row) for row in spec.rows)
    rows = [row + [""] * (width - len(row)) for row in spec.rows]
    table = document.add_table(rows=len(rows), cols=width)
    if ruled:
        table.style = document.styles["Table Grid"]
    owners = merge_owners(rows, name)
    for (top, left), (bottom, right) in merge_regions(owners).items():
        if (bottom, right) != (top, left):
            table.cell(top, left).merge(table.cell(bottom, right))
    for (top, left), _ in merge_regions(owners).items():
        fill_cell(table.cell(top, left), rows[top][left])
    # An empty paragraph keeps two adjacent tables from fusing into one in Word.
    document.add_paragraph()


def merge_owners(rows: list[list[str]], name: str) -> list[list[tuple[int, int]]]:
    """For each grid position, the top-left position of the cell that covers it."""
    owners: list[list[tuple[int, int]]] = []
    for r, row in enumerate(rows):
        owners.append([])
        for c, text in enumerate(row):
            if text == MERGE_UP:
                if r == 0:
                    raise SourceError(f"{name}: '^^' in the first table row")
                owners[r].append(owners[r - 1][c])
            elif text == MERGE_LEFT:
                if c == 0:
                    raise SourceError(f"{name}: '<<' in the first column (row {r + 1})")
                owners[r].append(owners[r][c - 1])
            else:
                owners[r].append((r, c))
    return owners


def merge_regions(
    owners: list[list[tuple[int, int]]],
) -> dict[tuple[int, int], tuple[int, int]]:
    """Map each cell's top-left position to its bottom-right; refuse non-rectangular merges."""
    extents: dict[tuple[int, int], tuple[int, int]] = {}
    counts: dict[tuple[int, int], int] = {}
    for r, row in enumerate(owners):
        for c, owner in enumerate(row):
            bottom, right = extents.get(owner, owner)
            extents[owner] = (max(bottom, r), max(right, c))
            counts[owner] = counts.get(owner, 0) + 1
    for (top, left), (bottom, right) in extents.items():
        if counts[(top, left)] != (bottom - top + 1) * (right - left + 1):
            raise SourceError(f"merge at row {top + 1}, column {left + 1} is not a rectangle")
    return extents


def fill_cell(cell: _Cell, text: str) -> None:
    before, marker, nested = text.partition(NESTED)
    paragraph = cell.paragraphs[0]
    if before.strip() or not marker:
        add_text(paragraph, before.strip())
    if not marker:
        return
    inner_rows = [[part.strip() for part in row.split(" / ")] for row in nested.split(";;")]
    inner_width = max(len(row) for row in inner_rows)
    inner = cell.add_table(rows=len(inner_rows), cols=inner_width)
    _style_nested(inner)
    for r, row in enumerate(inner_rows):
        for c, part in enumerate(row):
            add_text(inner.cell(r, c).paragraphs[0], part)
    if not before.strip():
        # The cell's leading empty paragraph would show as a blank line above the nested table.
        paragraph._p.getparent().remove(paragraph._p)


def _style_nested(table: Table) -> None:
    style = OxmlElement("w:tblStyle")
    style.set(qn("w:val"), "TableGrid")
    table._tbl.tblPr.insert(0, style)


# ---------------------------------------------------------------- output


def docx_bytes(document: Document) -> bytes:
    """The DOCX with fixed zip entry dates, so an unchanged source gives identical bytes."""
    raw = io.BytesIO()
    document.save(raw)
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return fixed.getvalue()


def build_docx(source: Source, out: Path) -> None:
    document = new_docx(source)
    write_blocks(document, source)
    out.write_bytes(docx_bytes(document))


@contextmanager
def office_lock() -> Iterator[None]:
    """One LibreOffice at a time may use the shared profile; other builds wait their turn."""
    with LO_LOCK.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def convert_to_pdf(docx_files: list[Path], outdir: Path) -> None:
    if not docx_files:
        return
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("soffice (LibreOffice) not found; cannot make PDFs")
    with tempfile.TemporaryDirectory(prefix="corpus_pdf_") as tmp, office_lock():
        command = [
            soffice,
            f"-env:UserInstallation=file://{LO_PROFILE}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            *map(str, docx_files),
        ]
        subprocess.run(command, check=True, timeout=LO_TIMEOUT_S, capture_output=True)
        for docx_file in docx_files:
            produced = Path(tmp) / (docx_file.stem + ".pdf")
            if not produced.exists():
                raise SystemExit(f"LibreOffice made no PDF for {docx_file}")
            target = outdir / (docx_file.stem + ".pdf")
            target.write_bytes(stable_pdf(produced.read_bytes()))


PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate)\s*\(D:)(\d{14})")
XMP_DATE = re.compile(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)")
PDF_ID = re.compile(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]+)(>\s*<)([0-9A-Fa-f]+)(>)")
PDF_CHECKSUM = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]+)")


def stable_pdf(data: bytes) -> bytes:
    """Blank the creation dates and file id with same-length text, so xref offsets stay valid."""
    data = PDF_DATE.sub(lambda m: m.group(1) + b"20250101000000", data)
    data = XMP_DATE.sub(lambda m: m.group(1) + b"2025-01-01T00:00:00", data)
    data = PDF_CHECKSUM.sub(lambda m: m.group(1) + b"0" * len(m.group(2)), data)
    return PDF_ID.sub(
        lambda m: m.group(1) + b"0" * len(m.group(2)) + m.group(3) + b"0" * len(m.group(4)) + m.group(5),
        data,
    )


def outputs_of(source: Source, outdir: Path = CORPUS) -> list[Path]:
    return [outdir / f"{source.name}.{fmt}" for fmt in ("docx", "pdf") if fmt in source.formats]


def select_sources(names: list[str]) -> list[Path]:
    if not names:
        return sorted(SOURCES.glob("*.src"))
    paths: list[Path] = []
    for name in names:
        candidate = Path(name)
        if not candidate.exists():
            candidate = SOURCES / (Path(name).stem + ".src")
        if not candidate.exists():
            raise SystemExit(f"no source {name!r} (looked for {candidate})")
        paths.append(candidate)
    return paths


def check(paths: list[Path]) -> int:
    missing = [out for path in paths for out in outputs_of(parse_source(path)) if not out.exists()]
    for out in missing:
        print(f"missing: {out.relative_to(CORPUS.parent)}")
    print(f"{len(paths)} sources checked, {len(missing)} outputs missing")
    return 1 if missing else 0


def build(paths: list[Path], outdir: Path) -> int:
    to_convert: list[Path] = []
    # The PDF is converted from a DOCX, made aside when the source asks for the PDF only.
    with tempfile.TemporaryDirectory(prefix="corpus_docx_") as aside:
        for path in paths:
            source = parse_source(path)
            out = (outdir if "docx" in source.formats else Path(aside)) / f"{source.name}.docx"
            build_docx(source, out)
            if "docx" in source.formats:
                print(f"wrote {out}")
            if "pdf" in source.formats:
                to_convert.append(out)
        convert_to_pdf(to_convert, outdir)
    for out in to_convert:
        print(f"wrote {outdir / out.with_suffix('.pdf').name}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build corpus DOCX/PDF files from corpus/src/*.src")
    parser.add_argument("sources", nargs="*", help="source names or paths (default: all)")
    parser.add_argument("--check", action="store_true", help="only verify every source has its outputs")
    parser.add_argument("--outdir", type=Path, default=CORPUS, help="where to write (default: corpus/)")
    args = parser.parse_args(argv)
    paths = select_sources(args.sources)
    try:
        return check(paths) if args.check else build(paths, args.outdir)
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
