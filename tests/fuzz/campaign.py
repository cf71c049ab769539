"""A fuzz campaign: mutants of every format run under the limits, counted per format."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from .runner import BAD, Outcome, run_many
from .seeds import EXTENSIONS, FORMATS, case_rng, mutant

COLUMNS = ("record", "error", *BAD)


def mutants(cases: list[tuple[str, int]], seed: int, work: Path) -> Iterator[tuple[tuple[str, int], Path]]:
    """Each case's mutant written to `work` just before it runs."""
    for file_format, index in cases:
        path = work / f"{file_format}-{seed}-{index}{EXTENSIONS[file_format]}"
        path.write_bytes(mutant(file_format, case_rng(file_format, index, seed)))
        yield (file_format, index), path


def run(cases: list[tuple[str, int]], seed: int, jobs: int, timeout_s: float, memory_bytes: int,
        save: Path | None = None,
        on_outcome: Callable[[str, int, Outcome], None] | None = None) -> list[tuple[str, int, Outcome]]:
    """Run the cases (format, index); a bad case's file is copied to `save` with its outcome."""
    work = Path(tempfile.mkdtemp(prefix="fuzz-"))

    def finished(key: tuple[str, int], path: Path, outcome: Outcome) -> None:
        if outcome.bad and save is not None:
            save.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, save / path.name)
            (save / f"{path.name}.outcome.json").write_text(json.dumps([outcome.kind, outcome.detail]), "utf-8")
        if on_outcome is not None:
            on_outcome(key[0], key[1], outcome)
        path.unlink(missing_ok=True)

    try:
        results = run_many(mutants(cases, seed, work), jobs, timeout_s, memory_bytes, finished)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return [(key[0], key[1], outcome) for key, _, outcome in results]


def table(results: list[tuple[str, int, Outcome]]) -> str:
    seen = {f for f, _, _ in results}
    counts = {f: Counter[str]() for f in [*FORMATS, *sorted(seen - set(FORMATS))] if f in seen}
    for file_format, _, outcome in results:
        counts[file_format][outcome.kind] += 1
    header = "| format | cases | " + " | ".join(COLUMNS) + " |"
    lines = [header, "|" + "---|" * (len(COLUMNS) + 2)]
    for file_format, counter in counts.items():
        lines.append(f"| {file_format} | {sum(counter.values())} | "
                     + " | ".join(str(counter[c]) for c in COLUMNS) + " |")
    total = sum((c for c in counts.values()), Counter[str]())
    lines.append(f"| all | {sum(total.values())} | " + " | ".join(str(total[c]) for c in COLUMNS) + " |")
    return "\n".join(lines)
