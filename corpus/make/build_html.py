"""Build the corpus's portal pages (h*.html) from their UTF-8 sources in corpus/make/html/.

Usage: python corpus/make/build_html.py [--outdir DIR]
Each source is a whole portal page (navigation, breadcrumbs, side bar, share bar, related links and
footer around the report) whose meta tag declares gb2312, as many county portals still do; the
page is written in that encoding (GB18030, its superset, for the bytes), so the reader must take the
charset from the page and not assume UTF-8.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent
SOURCES = Path(__file__).resolve().parent / "html"


def build(outdir: Path) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    for path in sorted(SOURCES.glob("*.html")):
        target = outdir / path.name
        target.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
        print(f"wrote {target}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build corpus/h*.html (GBK) from corpus/make/html/")
    parser.add_argument("--outdir", type=Path, default=CORPUS)
    build(parser.parse_args(argv).outdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
