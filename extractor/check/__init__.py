"""The consistency checker: independent rules over an extracted `Record`.

Each rule is one function in a `rules_*` module, registered with its finding code and severity
(see `registry.rule`); the rules know nothing of file formats. The tolerance policy every
numeric comparison follows is in `extractor.rounding` (outside this package, so the ingest can use
it without importing every rule).
"""

from __future__ import annotations

from extractor.check import (
    rules_claims,
    rules_cross,
    rules_funds,
    rules_indicators,
    rules_presence,
    rules_scores,
)
from extractor.check.registry import RULES, Issue, RuleSpec, rule
from extractor.models import Finding, Record

# Importing a rules module registers its rules; this names them so the import is not "unused".
RULE_MODULES = (rules_funds, rules_indicators, rules_scores, rules_cross, rules_claims, rules_presence)

__all__ = ["RULES", "Issue", "RuleSpec", "check_record", "ordered_rules", "rule"]


def check_record(record: Record) -> list[Finding]:
    """Every finding of every registered rule, rule by rule; the record is not modified.

    Rules run module by module in `RULE_MODULES` order (funds first, presence last), each
    module's rules in the order they are defined.
    """
    return [finding for spec in ordered_rules() for finding in spec.check(record)]


def ordered_rules() -> list[RuleSpec]:
    rank = {module.__name__: index for index, module in enumerate(RULE_MODULES)}
    return sorted(RULES, key=lambda spec: rank.get(spec.check.__module__, len(rank)))
