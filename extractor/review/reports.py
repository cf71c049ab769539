"""Reports, not files, in the review report: which entries are copies of one report, and where they disagree.

The same rules as the ingest (`extractor.ingest.copies`): copies share a report key, the primary
copy stands for the report in every count and chart, and copies whose figures differ give a
`copy_figures_mismatch` finding on the primary. Worked out before the page is drawn, in passes
over the entries that keep only keys (and, for reports with several copies, their figures).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import cast

from extractor.ingest.copies import (
    COPY_CODE,
    COPY_SEVERITY,
    Disagreement,
    Facts,
    disagreements,
    facts_of,
    primary_index,
    report_key,
)
from extractor.ingest.tables import place_of
from extractor.models import Finding, Record, Severity
from extractor.review.load import Entry, Failure, Headed
from extractor.review.quote import Quote

# What the copy rules read of a record (they work on its JSON data, shared with the ingest).
_FACTS_FIELDS = {"source", "report", "funds", "score", "indicators"}


@dataclass(frozen=True, slots=True)
class CopyFinding:
    """A finding on a report's primary copy that no one record holds: copies disagreeing. Its quotes
    are made here, naming each copy's file, as no single document holds both figures."""

    finding: Finding
    quotes: list[Quote]


@dataclass(slots=True)
class Grouping:
    primary_of: dict[int, int] = field(default_factory=dict)  # a copy's index -> its primary's index
    copies: dict[int, list[int]] = field(default_factory=dict)  # a primary's index -> its other copies
    findings: dict[int, list[CopyFinding]] = field(default_factory=dict)  # a primary's copy findings
    names: dict[int, tuple[str, str]] = field(default_factory=dict)  # index -> (path, format), copies only
    reports: int = 0

    def is_primary(self, index: int) -> bool:
        return index not in self.primary_of


def group(passes: Callable[[], Iterator[Entry]], headings: Callable[[], Iterator[Headed | Failure]] | None = None,
          ) -> Grouping:
    """Group the entries of `passes()` (each call a new pass over the same entries); `headings()`, if
    given, passes over the same entries reading only what the key needs."""
    keys: dict[str, list[int]] = {}  # key -> indexes of the entries
    first: Iterator[Headed | Failure] = passes() if headings is None else headings()
    for index, heading, part in _records(first):
        source = heading.source
        # The key as `facts_of` makes it, without reading the figures of every record.
        key = report_key(heading.report.model_dump(), source.sha256, part)
        keys.setdefault(key, []).append(index)
    grouping = Grouping(reports=len(keys))
    shared = {index: key for key, members in keys.items() if len(members) > 1 for index in members}
    if not shared:
        return grouping
    facts_by_key: dict[str, list[tuple[int, Facts, str]]] = {}
    # A heading read whole only if it has copies: the second pass reads headings again, not records.
    second: Iterator[Headed | Failure] = passes() if headings is None else headings()
    for index, headed, part in _records(second):
        if index in shared:
            record = headed if isinstance(headed, Record) else headed.record()
            facts = facts_of(record.model_dump(include=_FACTS_FIELDS), place_of, part)
            facts_by_key.setdefault(shared[index], []).append((index, facts, record.source.format))
    for members in facts_by_key.values():
        _add_group(grouping, members)
    return grouping


def _records(entries: Iterator[Headed | Failure]) -> Iterator[tuple[int, Headed, int]]:
    """(index, record, part) of the records among the entries; part counts a file's records."""
    parts: dict[tuple[str, str], int] = {}
    for index, entry in enumerate(entries):
        if isinstance(entry, Failure):
            continue
        file_key = (entry.source.path, entry.source.sha256)
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


def _finding(item: Disagreement) -> CopyFinding:
    """A copy finding as a record's finding; its quotes name each copy's file."""
    quotes: list[Quote] = [
        {"place": f"{path}：{figure.place}", "segs": [[figure.quote or figure.text, True]], "bare": True, "boxes": []}
        for path, figure in ((item.primary_path, item.primary), (item.copy_path, item.copy))]
    finding = Finding(code=COPY_CODE, severity=cast(Severity, COPY_SEVERITY), message=item.message,
                      stated=item.primary.text, computed=item.copy.text)
    return CopyFinding(finding, quotes)
