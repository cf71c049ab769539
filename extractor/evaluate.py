"""`extractor eval`: precision and recall of extraction and checking against golden files.

A golden file (`<document>.golden.json`) holds what a careful reader extracts, without
evidence, paths and hashes (corpus/README.md). `project` turns a record into that shape;
the corpus test asserts equality, and this module scores field by field.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.emit.json import loads
from extractor.models import Record

GOLDEN_SUFFIX = ".golden.json"
SHEET_MARK = "#"  # <workbook>#<sheet>.golden.json: the golden of one sheet's record
_DROP_KEYS = {"evidence", "statements", "warnings", "figures"}
_DROP_SOURCE = {"path", "sha256"}


def _strip(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _strip(v) for k, v in data.items() if k not in _DROP_KEYS}
    if isinstance(data, list):
        return [_strip(v) for v in data]
    return data


def project(record: Record) -> dict[str, Any]:
    """The record as a golden file holds it."""
    data: dict[str, Any] = _strip(record.model_dump(mode="python"))
    data["source"] = {k: v for k, v in data["source"].items() if k not in _DROP_SOURCE}
    data["findings"] = sorted(
        ({k: v for k, v in f.items() if k not in {"message"}} for f in data["findings"]),
        key=lambda f: (f["code"], str(f["stated"]), str(f["computed"])),
    )
    return data


def conform(got: Any, golden: Any) -> Any:
    """Drop from `got` the keys the golden leaves out when they are empty (null, [], {}),
    so a golden need not spell out every null, while a stray value still differs."""
    if isinstance(got, dict) and isinstance(golden, dict):
        return {k: conform(v, golden.get(k)) for k, v in got.items()
                if k in golden or v not in (None, [], {})}
    if isinstance(got, list) and isinstance(golden, list):
        return [conform(g, golden[i] if i < len(golden) else None) for i, g in enumerate(got)]
    return got


def load_golden(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = loads(path.read_text(encoding="utf-8"))
    data["findings"] = sorted(data.get("findings", []),
                              key=lambda f: (f["code"], str(f.get("stated")), str(f.get("computed"))))
    return data


def golden_files(corpus: Path) -> list[Path]:
    return sorted(corpus.glob(f"*{GOLDEN_SUFFIX}"))


def document_of(golden: Path) -> Path:
    """The document a golden file describes: `<file>.golden.json`, or `<file>#<sheet>.golden.json` for
    one sheet's record of a workbook that holds several."""
    return golden.with_name(golden.name[: -len(GOLDEN_SUFFIX)].split(SHEET_MARK, 1)[0])


def sheet_of(golden: Path) -> str | None:
    name = golden.name[: -len(GOLDEN_SUFFIX)]
    return name.split(SHEET_MARK, 1)[1] if SHEET_MARK in name else None


def record_of(golden: Path) -> Record:
    """The extracted record a golden file is compared with (raises ReadError, or KeyError for a missing sheet)."""
    from extractor.pipeline import extract_file, extract_records

    sheet = sheet_of(golden)
    if sheet is None:
        return extract_file(document_of(golden))
    records = {r.source.sheet: r for r in extract_records(document_of(golden))}
    if sheet not in records:
        raise KeyError(f"{document_of(golden)} has no record for sheet {sheet!r} (sheets: {sorted(map(str, records))})")
    return records[sheet]


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, expected: Any, got: Any) -> None:
        if expected is not None and expected == got:
            self.tp += 1
            return
        if got is not None and got != [] and got != {}:
            self.fp += 1
        if expected is not None and expected != [] and expected != {}:
            self.fn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Scores:
    fields: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))

    def add(self, name: str, expected: Any, got: Any) -> None:
        self.fields[name].add(expected, got)


_INDICATOR_FIELDS = ("level1", "level2", "target", "actual", "met", "deviation_reason", "completion_rate",
                     "max_score", "score")


def score_document(golden: dict[str, Any], got: dict[str, Any], scores: Scores) -> None:
    for key in ("title", "region", "fiscal_year", "fund_name"):
        scores.add(f"report.{key}", golden.get("report", {}).get(key), got["report"].get(key))
    for key in ("budget_total", "executed_total", "execution_rate", "initial_budget"):
        scores.add(f"funds.{key}", golden.get("funds", {}).get(key), got["funds"].get(key))
    _score_list(scores, "funds.sources", golden.get("funds", {}).get("sources", []), got["funds"]["sources"],
                key="name", fields=("kind", "budget", "executed", "execution_rate"))
    _score_list(scores, "goals", golden.get("goals", []), got["goals"], key="label", fields=("text", "actual"))
    _score_list(scores, "indicators", golden.get("indicators", []), got["indicators"], key="name",
                fields=_INDICATOR_FIELDS)
    scores.add("score", golden.get("score"), got.get("score"))
    _score_findings(scores, golden.get("findings", []), got["findings"])


def _score_list(scores: Scores, prefix: str, expected: list[dict[str, Any]], got: list[dict[str, Any]],
                key: str, fields: tuple[str, ...]) -> None:
    remaining = list(got)
    for item in expected:
        match = next((g for g in remaining if g.get(key) == item.get(key)), None)
        scores.add(prefix, item.get(key), match.get(key) if match else None)
        if match is None:
            for name in fields:
                scores.add(f"{prefix}.{name}", item.get(name), None)
            continue
        remaining.remove(match)
        for name in fields:
            scores.add(f"{prefix}.{name}", item.get(name), match.get(name))
    for extra in remaining:
        scores.add(prefix, None, extra.get(key))
        for name in fields:
            scores.add(f"{prefix}.{name}", None, extra.get(name))


def _finding_key(finding: dict[str, Any]) -> tuple[str, str, str, str]:
    return (finding["code"], str(finding.get("severity")), str(finding.get("stated")),
            str(finding.get("computed")))


def _score_findings(scores: Scores, expected: list[dict[str, Any]], got: list[dict[str, Any]]) -> None:
    want, have = Counter(map(_finding_key, expected)), Counter(map(_finding_key, got))
    for key in want | have:
        tally = scores.fields[f"findings.{key[0]}"]
        matched = min(want[key], have[key])
        tally.tp += matched
        tally.fn += want[key] - matched
        tally.fp += have[key] - matched


def evaluate_corpus(corpus: Path) -> tuple[dict[str, Scores], list[str]]:
    """Scores by format ('all' too), and the documents that could not be read."""
    from extractor.errors import ReadError

    by_format: dict[str, Scores] = defaultdict(Scores)
    failures: list[str] = []
    for golden_path in golden_files(corpus):
        golden = load_golden(golden_path)
        try:
            record = record_of(golden_path)
        except (ReadError, KeyError) as error:
            failures.append(str(error))
            continue
        got = conform(project(record), golden)
        for name in ("all", record.source.format):
            score_document(golden, got, by_format[name])
    return by_format, failures


def format_table(by_format: dict[str, Scores]) -> str:
    lines: list[str] = []
    formats = ["all", *sorted(k for k in by_format if k != "all")]
    for name in formats:
        scores = by_format[name]
        lines.append(f"== {name} ==")
        lines.append(f"{'field':40} {'precision':>9} {'recall':>7} {'tp':>5} {'fp':>4} {'fn':>4}")
        for field_name in sorted(scores.fields):
            tally = scores.fields[field_name]
            lines.append(f"{field_name:40} {tally.precision:9.3f} {tally.recall:7.3f} "
                         f"{tally.tp:5d} {tally.fp:4d} {tally.fn:4d}")
    return "\n".join(lines)


def run_eval(corpus: Path) -> int:
    by_format, failures = evaluate_corpus(corpus)
    print(format_table(by_format))
    for failure in failures:
        print(f"unreadable: {failure}")
    return 1 if failures else 0
