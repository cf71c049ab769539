"""The readers' rooms: OCR builds on the shared layout primitives, never on the PDF reader's internals."""

from __future__ import annotations

import ast
from pathlib import Path

READERS = Path(__file__).resolve().parent.parent / "extractor" / "readers"


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_ocr_imports_nothing_from_the_pdf_reader() -> None:
    for path in sorted((READERS / "ocr").glob("*.py")):
        pdf = {name for name in _imported(path) if name == "extractor.readers.pdf"
               or name.startswith("extractor.readers.pdf.")}
        assert not pdf, f"{path.name} imports {sorted(pdf)}"


def test_layout_primitives_import_no_reader() -> None:
    assert not {name for name in _imported(READERS / "layout.py") if name.startswith("extractor.")}
