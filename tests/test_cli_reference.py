"""docs/cli.md is made from the CLI itself and must be current (regenerate: `make docs`)."""

from __future__ import annotations

from pathlib import Path

from extractor.cli_reference import reference

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def test_cli_reference_in_docs_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == reference(), "docs/cli.md is out of date: run `make docs`"


def test_cli_reference_lists_every_command_with_its_options() -> None:
    text = reference()
    for command in ("extract", "check", "schema", "ingest", "report", "eval"):
        assert f"## `extractor {command}`" in text
    assert "| `--retry-failed` / `--no-retry-failed` |" in text
    assert "| `--fail-on` |" in text and "`error`" in text
