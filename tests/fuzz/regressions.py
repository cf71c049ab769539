"""Every case the fuzzer ever found bad, kept with the outcome it must give now.

`tests/fuzz/regressions/expected.json` lists each case by name (`pdf-0-56.pdf`: format, base seed,
index) with the outcomes allowed for it (`record`, or a ReadError's code), what it did when it was
found, and the sha256 of its bytes. Small cases are kept as files (`<name>.gz`); the rest (bombs
of several MB, PDFs) are made again from the corpus by the same mutation, and the sha256 proves
they are the very bytes that were found (if the mutators change, the test says so). A case that
ends near the extraction deadline may give its record or `timeout`, depending on the machine.
`"ocr": true` marks a case with pages that have no text layer: with the OCR extra installed it
is read by OCR (seconds a page), so only `make fuzz` replays it.

    python -m tests.fuzz.regressions promote /tmp/found   # add the bad cases of a run (--save DIR)
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .runner import Outcome, run_many, warm_up
from .seeds import case_rng, mutant, seed_of

DIRECTORY = Path(__file__).resolve().parent / "regressions"
EXPECTED = DIRECTORY / "expected.json"
_NAME = re.compile(r"(?P<format>[a-z]+)-(?P<seed>\d+)-(?P<index>\d+)\.\w+")
# A case that took this long may end on the other side of the deadline on another machine.
_SPEED_DEPENDENT_S = 3.0
_MAX_KEPT_BYTES = 48 * 1024  # gzipped; larger cases are made again from their recipe


def expected() -> dict[str, dict[str, object]]:
    if not EXPECTED.exists():
        return {}
    entries: dict[str, dict[str, object]] = json.loads(EXPECTED.read_text("utf-8"))
    return entries


def code_of(outcome: Outcome) -> str:
    """`record`, the ReadError code, or the bad kind (crash, hang, memory, internal)."""
    return outcome.detail if outcome.kind == "error" else outcome.kind


def case_bytes(name: str, entry: dict[str, object]) -> bytes:
    """The case's bytes: its kept file, or its mutant made again (checked against its sha256)."""
    kept = DIRECTORY / f"{name}.gz"
    data = gzip.decompress(kept.read_bytes()) if kept.exists() else _remade(name, entry)
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        raise AssertionError(f"{name}: the mutators no longer make the bytes that were found; keep the file "
                             f"(python -m tests.fuzz.regressions promote) or restore the mutators")
    return data


def _remade(name: str, entry: dict[str, object]) -> bytes:
    found = _NAME.fullmatch(name)
    assert found is not None, name
    seed_name, seed_count = entry["seed"]  # type: ignore[misc]
    rng = case_rng(found["format"], int(found["index"]), int(found["seed"]))
    return mutant(found["format"], rng, (str(seed_name), int(seed_count)))


def files(work: Path, names: list[str]) -> Iterator[tuple[str, Path]]:
    """Each case written into `work` just before it runs."""
    entries = expected()
    for name in names:
        path = work / name
        path.write_bytes(case_bytes(name, entries[name]))
        yield name, path


def replay(names: list[str], jobs: int = 2, timeout_s: float = 20.0) -> list[tuple[str, Outcome]]:
    with tempfile.TemporaryDirectory(prefix="fuzz-regressions-") as work:
        results = run_many(files(Path(work), names), jobs, timeout_s)
    return [(name, outcome) for name, _, outcome in results]


def promote(found: Path, jobs: int = 2) -> int:
    """Add the cases of `found` (a run's --save folder) with the outcome they give now; a case
    that is still bad is not added (fix it first) and makes the exit code 1."""
    warm_up([])
    DIRECTORY.mkdir(exist_ok=True)
    entries = expected()
    paths = [p for p in sorted(found.iterdir()) if _NAME.fullmatch(p.name)]
    results = run_many(((p.name, p) for p in paths), jobs)
    still_bad = 0
    for name, path, outcome in sorted(results, key=lambda r: r[0]):
        report = path.with_name(path.name + ".outcome.json")
        was = json.loads(report.read_text("utf-8")) if report.exists() else ["?", ""]  # [kind, detail]
        if outcome.bad:
            still_bad += 1
            print(f"still {outcome.kind}: {name}: {outcome.detail}")
            continue
        code = code_of(outcome)
        allowed = sorted({code, "timeout", "record"}) if code == "timeout" or outcome.seconds > _SPEED_DEPENDENT_S \
            else [code]
        data = path.read_bytes()
        entry: dict[str, object] = {"expect": allowed, "found": f"{was[0]}: {str(was[1])[:160]}",
                                    "seconds": round(outcome.seconds, 2), "sha256": hashlib.sha256(data).hexdigest()}
        found_name = _NAME.fullmatch(name)
        assert found_name is not None
        entry["seed"] = list(seed_of(found_name["format"], int(found_name["index"]), int(found_name["seed"])))
        packed = gzip.compress(data, 9, mtime=0)
        # Kept as a file when small, or when the mutators cannot make it again (zips packed
        # with the time of the run, before their time stamps were fixed).
        if len(packed) <= _MAX_KEPT_BYTES or _remade(name, entry) != data:
            (DIRECTORY / f"{name}.gz").write_bytes(packed)
        entries[name] = entry
    EXPECTED.write_text(json.dumps(dict(sorted(entries.items())), ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"{len(entries)} regression cases; {still_bad} still bad")
    return 1 if still_bad else 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "promote":
        sys.exit(__doc__)
    sys.exit(promote(Path(sys.argv[2])))
