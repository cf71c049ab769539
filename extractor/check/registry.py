"""The rule registry: each rule is one function, registered with its code and severity.

A rule body yields `Issue`s (message, figures, evidence) and knows nothing of its code or
severity; the `rule` decorator turns it into a function yielding `Finding`s and records it in
`RULES`, so the code and severity live in exactly one place.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from extractor.models import Evidence, Finding, Record, Severity


class HasEvidence(Protocol):
    @property
    def evidence(self) -> Evidence | None: ...


@dataclass(frozen=True, slots=True)
class Issue:
    """What a rule found: a Chinese message, the two figures compared, every place involved."""

    message: str
    stated: str | None = None
    computed: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


IssueRule = Callable[[Record], Iterator[Issue]]
FindingRule = Callable[[Record], Iterator[Finding]]


@dataclass(frozen=True, slots=True)
class RuleSpec:
    code: str
    severity: Severity
    check: FindingRule


RULES: list[RuleSpec] = []


def rule(code: str, severity: Severity) -> Callable[[IssueRule], FindingRule]:
    """Register a rule body under its finding code and severity."""
    if any(spec.code == code for spec in RULES):
        raise ValueError(f"rule {code!r} registered twice")

    def register(body: IssueRule) -> FindingRule:
        @functools.wraps(body)
        def check(record: Record) -> Iterator[Finding]:
            for issue in body(record):
                yield Finding(
                    code=code,
                    severity=severity,
                    message=issue.message,
                    stated=issue.stated,
                    computed=issue.computed,
                    evidence=list(issue.evidence),
                )

        RULES.append(RuleSpec(code, severity, check))
        return check

    return register


def evidence_of(*items: HasEvidence | Evidence | None) -> list[Evidence]:
    """The evidence of every place given, in order, skipping absent ones and repeats."""
    found: list[Evidence] = []
    for item in items:
        evidence = item if isinstance(item, Evidence) or item is None else item.evidence
        if evidence is not None and evidence not in found:
            found.append(evidence)
    return found
