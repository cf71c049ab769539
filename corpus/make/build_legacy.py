"""Build the corpus's legacy Word document (w01 .doc) from its source in corpus/make/legacy/.

Usage (from the repository root, with the project's venv; needs LibreOffice):
    python corpus/make/build_legacy.py [--outdir DIR]
The source uses the corpus markup (corpus/README.md); build.py turns it into a DOCX in a temporary
folder and LibreOffice saves that as a Word 97-2003 .doc, the binary format older reports come in.
The source lives outside corpus/src so that `make corpus` does not also commit a DOCX of it.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build import build_docx, parse_source

CORPUS = Path(__file__).resolve().parent.parent
SOURCES = Path(__file__).resolve().parent / "legacy"
LO_TIMEOUT_S = 300


def build(outdir: Path) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for path in sorted(SOURCES.glob("*.src")):
            docx = work / f"{path.stem}.docx"
            build_docx(parse_source(path), docx)
            subprocess.run(["soffice", f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                            "--norestore", "--convert-to", "doc:MS Word 97", "--outdir", str(work / "out"),
                            str(docx)], check=True, capture_output=True, timeout=LO_TIMEOUT_S)
            shutil.copyfile(work / "out" / f"{path.stem}.doc", outdir / f"{path.stem}.doc")
            print(f"wrote {outdir / f'{path.stem}.doc'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build corpus/w*.doc from corpus/make/legacy/*.src")
    parser.add_argument("--outdir", type=Path, default=CORPUS)
    build(parser.parse_args(argv).outdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
