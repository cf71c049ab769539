"""Reports, not files, in the review report: which entries are copies of one report, and where they disagree.

The same rules as the ingest (`extractor.ingest.copies`): copies share a report key, the primary
copy stands for the report in every count and chart, and copies whose figures differ give a
`copy_figures_mismatch` finding on the primary. Worked out before the page is drawn, in passes
over the entries that keep only keys (and, for reports with several copies, their figures).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from extractor.ingest.copies import (
    COPY_CODE,
    COPY_SEVERITY,
    Disagreement,
    Facts,
    disagreements,
    facts_of,
    primary_index,
)
from extractor.ingest.tables import place_of
from extractor.review.load import Entry, is_error


@dataclass(slots=True)
class Grouping:
    primary_of: dict[int, int] = field(default_factory=dict)  # a copy's index -> its primary's index
    copies: dict[int, list[int]] = field(default_factory=dict)  # a primary's index -> its other copies
    findings: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # a primary's copy findings
    names: dict[int, tuple[str, str]] = field(default_factory=dict)  # index -> (path, format), copies only
    reports: int = 0

    def is_primary(self, index: int) -> bool:
        return index not in self.primary_of


def group(passes: Callable[[], Iterator[Entry]]) -> Grouping:
    """Group the entries of `passes()` (each call a new pass over the same entries)."""
    keys: dict[str, list[tuple[int, int, str]]] = {}  # key -> (index, rank, path)
    for index, entry, part in _records(passes()):
        facts = facts_of({**entry, "indicators": []}, place_of, part)  # the key and rank: no figures yet
        keys.setdefault(facts.key, []).append((index, facts.rank, facts.path))
    grouping = Grouping(reports=len(keys))
    shared = {index: key for key, members in keys.items() if len(members) > 1 for index, _, _ in members}
    if not shared:
        return grouping
    facts_by_key: dict[str, list[tuple[int, Facts, str]]] = {}
    for index, entry, part in _records(passes()):
        if index in shared:
            facts = facts_of(entry, place_of, part)
            facts_by_key.setdefault(shared[index], []).append((index, facts, entry["source"]["format"]))
    for members in facts_by_key.values():
        _add_group(grouping, members)
    return grouping


def _records(entries: Iterator[Entry]) -> Iterator[tuple[int, Entry, int]]:
    """(index, record, part) of the records among the entries; part counts a file's records."""
    parts: dict[tuple[str, str], int] = {}
    for index, entry in enumerate(entries):
        if is_error(entry):
            continue
        source = entry["source"]
        file_key = (source["path"], source["sha256"])
        part = parts.get(file_key, 0)
        parts[file_key] = part + 1
        yield index, entry, part


def _add_group(grouping: Grouping, members: list[tuple[int, Facts, str]]) -> None:
    ordered = [facts for _, facts, _ in members]
    first = primary_index(ordered)
    primary = members[first][0]
    grouping.copies[primary] = [index for k, (index, _, _) in enumerate(members) if k != first]
    for index, facts, file_format in members:
        if index != primary:
            grouping.primary_of[index] = primary
        grouping.names[index] = (facts.path, file_format)
    found = disagreements(ordered)
    if found:
        grouping.findings[primary] = [_finding(item) for item in found]


def _finding(item: Disagreement) -> dict[str, Any]:
    """A copy finding in the shape of a record's finding; its quotes name each copy's file."""
    quotes = [{"place": f"{path}：{figure.place}", "segs": [[figure.quote or figure.text, True]], "bare": True,
               "boxes": []} for path, figure in ((item.primary_path, item.primary), (item.copy_path, item.copy))]
    return {"code": COPY_CODE, "severity": COPY_SEVERITY, "message": item.message, "stated": item.primary.text,
            "computed": item.copy.text, "evidence": [], "quotes": quotes}
