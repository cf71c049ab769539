"""The font benchmark's input: bench/out/prose.pdf's paragraphs laid out by reportlab in
STSong-Light, a CJK font PDF viewers supply themselves, so it is not embedded.

Usage (from the repository root): .venv/bin/python bench/make_font_inputs.py [--remake]
Same page size, margins and type size as the LibreOffice prose.pdf (bench/make_inputs.py); the
text is the same paragraphs from the same seed. Remade when this file or make_inputs.py changes.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT / "corpus" / "make"))

import make_inputs  # noqa: E402

PROSE_CID_PDF = make_inputs.OUT / "prose_cid.pdf"
MM = 72 / 25.4


def prose_paragraphs() -> list[str]:
    """The paragraphs make_inputs.make_prose_docx writes, in order."""
    rng = random.Random(20250602)
    head = [
        "临川县2024年度农村人居环境整治专项资金绩效自评报告",
        "2024年度临川县农村人居环境整治专项资金全年预算数3825.60万元，全年执行数3519.55万元，预算执行率92.00%。",
    ]
    return head + list(make_inputs._prose_paragraphs(rng))


def make_prose_cid(path: Path) -> None:
    import build_reportlab as layout

    layout.register_font()
    left, right = 28 * MM, 595.0 - 28 * MM
    canvas = layout.Canvas(path, None, top=842.0 - 25 * MM, bottom=25 * MM)
    size, pitch = 12.0, 12.0 * 1.45
    for text in prose_paragraphs():
        for line in layout.wrap(text, right - left, size, 0.0, whole_numbers=True, hang=False):
            canvas.line(line, left, right, size, pitch, justify=False)
    canvas.save()


def _hash() -> str:
    sources = [Path(__file__), BENCH / "make_inputs.py"]
    return hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()[:16]


def make(remake: bool = False, log: Callable[[str], None] = print) -> list[Path]:
    stamp = PROSE_CID_PDF.with_name(PROSE_CID_PDF.name + ".stamp")
    if remake or not PROSE_CID_PDF.exists() or not stamp.exists() or stamp.read_text().strip() != _hash():
        log(f"making {PROSE_CID_PDF.relative_to(ROOT)} ...")
        PROSE_CID_PDF.parent.mkdir(parents=True, exist_ok=True)
        make_prose_cid(PROSE_CID_PDF)
        stamp.write_text(_hash() + "\n")
    return [PROSE_CID_PDF]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--remake", action="store_true")
    args = parser.parse_args(argv)
    for path in make(args.remake):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
