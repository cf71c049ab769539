"""Build corpus PDFs laid out by reportlab, as report generators write them.

Usage (from the repository root, with the project's venv and reportlab installed):
    python corpus/make/build_reportlab.py            # build every output below
    python corpus/make/build_reportlab.py --check    # only verify every output exists

Report systems often write PDFs with a standard CJK font that is not embedded (reportlab's
STSong-Light, a CID font every PDF viewer must supply) and break lines their own way: anywhere
between two characters, inside a number too ("6359." / "55万元"), before a % or after 万, and
left-aligned (ragged) as often as justified. Each output lays out the paragraphs of a corpus
text document (one paragraph per non-empty line) like that; its golden is the text document's
golden with `source` changed. corpus/make/borderless.py adds reports whose 自评表 has no ruling
lines (or only an outer frame), its header at the foot of page 1 and its rows on page 2.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

FONT = "STSong-Light"
PAGE_W, PAGE_H = 595.0, 842.0
# Closing punctuation never starts a line, opening punctuation never ends one.
NO_LINE_START = "，。、；：！？）》」』”’"
NO_LINE_END = "（《「『“‘"


@dataclass(frozen=True, slots=True)
class Prose:
    name: str
    source: str  # a corpus text document: one paragraph per non-empty line
    left: float = 90.0
    right: float = 505.0
    size: float = 12.0
    leading: float = 1.75  # line pitch in font sizes
    justify: bool = True
    indent: bool = True
    # Keep ASCII runs (numbers) whole, as word processors do; False breaks anywhere, as
    # reportlab's CJK wrapping does.
    whole_numbers: bool = False
    # Closing punctuation that does not fit hangs past the margin (Word's default for Chinese);
    # False moves it down with the character before it (LibreOffice), leaving the line short.
    hang: bool = True
    header: str | None = None


PROSE = (
    # Justified, first lines indented, lines broken anywhere: wraps after 万 and before 元
    # (327.55万 / 元), between a number and 万元, inside numbers (18 / 0), before % (100 / %).
    Prose("p01_hongshan_jiuye_2025_reportlab.pdf", "hongshan_jiuye_2025.txt", left=117, right=478,
          size=13, header="赤峰市红山区财政局"),
    # Ragged right, no indents, smaller type on a narrower measure: lines end short of the margin.
    Prose("p02_hongshan_jiuye_2025_ragged.pdf", "hongshan_jiuye_2025.txt", left=96, right=489,
          size=11, justify=False, indent=False, whole_numbers=True, hang=False),
)


def register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def width(text: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics

    return float(pdfmetrics.stringWidth(text, FONT, size))


def wrap(text: str, measure: float, size: float, first_indent: float, whole_numbers: bool, hang: bool) -> list[str]:
    """Greedy line breaking: CJK characters break anywhere, closing punctuation hangs or moves
    down with its neighbour, opening punctuation moves down with what follows it."""
    tokens = re.findall(r"[!-~]+|.", text) if whole_numbers else list(text)
    lines: list[str] = []
    current: list[str] = []
    for token in tokens:
        limit = measure - (first_indent if not lines else 0)
        if not current or width("".join(current) + token, size) <= limit:
            current.append(token)
            continue
        if token[0] in NO_LINE_START:
            if hang:
                current.append(token)
                continue
            carried = [current.pop(), token] if len(current) > 1 else [token]
        else:
            carried = [token]
        while len(current) > 1 and current[-1][-1] in NO_LINE_END:
            carried.insert(0, current.pop())
        lines.append("".join(current))
        current = carried
    lines.append("".join(current))
    return lines


class Canvas:
    """Pages of flowing lines with an optional running header and a page-number footer."""

    def __init__(self, path: Path, header: str | None, top: float = 760.0, bottom: float = 80.0) -> None:
        from reportlab.pdfgen.canvas import Canvas as RLCanvas

        self.c: Any = RLCanvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1)
        self.c.setTitle(path.stem)
        self.header = header
        self.top, self.bottom = top, bottom
        self.page = 1
        self.y = top
        self._decorate()

    def _decorate(self) -> None:
        if self.header:
            self.c.setFont(FONT, 9)
            self.c.drawCentredString(PAGE_W / 2, 800, self.header)
        self.c.setFont(FONT, 10.5)
        self.c.drawCentredString(PAGE_W / 2, 44, f"- {self.page} -")

    def new_page(self) -> None:
        self.c.showPage()
        self.page += 1
        self.y = self.top
        self._decorate()

    def need(self, height: float) -> None:
        if self.y - height < self.bottom:
            self.new_page()

    def line(self, text: str, x0: float, x1: float, size: float, pitch: float, justify: bool) -> None:
        self.need(pitch)
        self.y -= pitch
        out = self.c.beginText(x0, self.y)
        out.setFont(FONT, size)
        if justify and len(text) > 1:
            out.setCharSpace(((x1 - x0) - width(text, size)) / (len(text) - 1))
        out.textOut(text)
        self.c.drawText(out)

    def save(self) -> None:
        self.c.save()


def paragraphs(source: str) -> list[str]:
    text = (CORPUS / source).read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def build_prose(spec: Prose) -> Path:
    path = CORPUS / spec.name
    canvas = Canvas(path, spec.header)
    pitch = spec.size * spec.leading
    measure = spec.right - spec.left
    for text in paragraphs(spec.source):
        indent = 2 * spec.size if spec.indent else 0.0
        lines = wrap(text, measure, spec.size, indent, spec.whole_numbers, spec.hang)
        for index, line in enumerate(lines):
            last = index == len(lines) - 1
            x0 = spec.left + (indent if index == 0 else 0)
            canvas.line(line, x0, spec.right, spec.size, pitch, spec.justify and not last)
    canvas.save()
    return path


def outputs() -> list[str]:
    import borderless

    return [spec.name for spec in PROSE] + [spec.name for spec in borderless.TABLES]


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only verify the outputs exist")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.check:
        missing = [name for name in outputs() if not (CORPUS / name).exists()]
        for name in missing:
            print(f"missing: corpus/{name}", file=sys.stderr)
        return 1 if missing else 0
    import borderless

    register_font()
    for spec in PROSE:
        print(f"corpus/{build_prose(spec).name}")
    for table in borderless.TABLES:
        print(f"corpus/{borderless.build(table).name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
