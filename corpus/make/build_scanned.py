"""Build the corpus's scanned (image-only) and mixed PDFs from its text PDFs.

Usage (from the repository root, with the project's venv):
    python corpus/make/build_scanned.py            # build every output below
    python corpus/make/build_scanned.py --check    # only verify every output exists

A scanned copy renders each page of a text PDF with pypdfium2 at SCAN_DPI in greyscale, adds a
little seeded noise (so it looks like a scanner made it, and stays byte-for-byte reproducible),
JPEG-compresses it and writes an image-only page of the same size. A mixed PDF keeps some pages of
its text PDF as they are and replaces the others by such images. The goldens of these files are
hand-checked (see corpus/README.md).
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import random
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from PIL import Image, ImageFilter

CORPUS = Path(__file__).resolve().parent.parent
SCAN_DPI = 150
JPEG_QUALITY = 80
NOISE_SEED = 20250101


@dataclass(frozen=True, slots=True)
class Output:
    name: str
    source: str
    # 1-based pages replaced by images; None means every page.
    scanned: tuple[int, ...] | None = None


OUTPUTS = (
    Output("s01_hongshan_jiuye_2025_scan.pdf", "hongshan_jiuye_2025.pdf"),
    Output("s02_project_scored_table_scan.pdf", "d02_project_scored_table.pdf"),
    Output("m01_long_report_split_table_mixed.pdf", "d04_long_report_split_table.pdf", scanned=(2, 4)),
    # The sample on a narrower measure, where lines end short ("结转资" / "金）1319.12万元").
    Output("s03_hongshan_jiuye_2025_narrow_scan.pdf", "p03_hongshan_jiuye_2025_narrow.pdf"),
)


def scan_page(page: Any, rng: random.Random) -> bytes:
    """The page as a greyscale JPEG, the way a 150 dpi office scanner would give it."""
    image = page.render(scale=SCAN_DPI / 72, grayscale=True).to_pil().convert("L")
    image = image.filter(ImageFilter.GaussianBlur(0.4))
    # Grey specks from a seeded RNG (PIL's effect_noise cannot be seeded): dust on the glass.
    speckle = Image.new("1", image.size, 0)
    width, height = image.size
    for _ in range(width * height // 4000):
        speckle.putpixel((rng.randrange(width), rng.randrange(height)), 1)
    image = Image.composite(Image.new("L", image.size, 110), image, speckle)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue()


def build(output: Output) -> None:
    source = pdfium.PdfDocument(CORPUS / output.source)
    target = pdfium.PdfDocument.new()
    rng = random.Random(f"{NOISE_SEED}:{output.name}")
    try:
        for index in range(len(source)):
            number = index + 1
            if output.scanned is None or number in output.scanned:
                _add_image_page(target, source[index], rng)
            else:
                target.import_pages(source, [index])
        buffer = io.BytesIO()
        target.save(buffer)
    finally:
        target.close()
        source.close()
    (CORPUS / output.name).write_bytes(_stable_pdf()(buffer.getvalue()))


def _stable_pdf() -> Callable[[bytes], bytes]:
    """build.py's date and file-id blanking, so a rebuild gives the same bytes."""
    spec = importlib.util.spec_from_file_location("corpus_build", Path(__file__).with_name("build.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    stable: Callable[[bytes], bytes] = module.stable_pdf
    return stable


def _add_image_page(target: Any, page: Any, rng: random.Random) -> None:
    width, height = page.get_size()
    jpeg = scan_page(page, rng)
    new = target.new_page(width, height)
    image = pdfium.PdfImage.new(target)
    image.load_jpeg(io.BytesIO(jpeg), inline=True)
    image.set_matrix(pdfium.PdfMatrix().scale(width, height))
    new.insert_obj(image)
    new.gen_content()
    new.close()


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only verify the outputs exist")
    args = parser.parse_args(list(argv) if argv is not None else None)
    missing = [o.name for o in OUTPUTS if not (CORPUS / o.name).exists()]
    if args.check:
        for name in missing:
            print(f"missing: corpus/{name}", file=sys.stderr)
        return 1 if missing else 0
    for output in OUTPUTS:
        build(output)
        print(f"corpus/{output.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
