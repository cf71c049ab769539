"""Every pattern's examples, as written beside it in patterns/*.toml."""

from __future__ import annotations

from typing import Any

import pytest

from extractor import patterns
from extractor.normalise.text import fold


def _all_examples() -> list[tuple[str, str, dict[str, Any]]]:
    cases = []
    for concern in patterns.concerns():
        for name, pattern in patterns.load(concern).items():
            for example in pattern.examples:
                cases.append((concern, name, example))
    return cases


CASES = _all_examples()


def test_every_pattern_has_examples() -> None:
    missing = [f"{c}.{n}" for c in patterns.concerns() for n, p in patterns.load(c).items() if not p.examples]
    assert missing == []


@pytest.mark.parametrize(("concern", "name", "example"), CASES, ids=[f"{c}.{n}-{i}" for i, (c, n, _) in
                                                                    enumerate(CASES)])
def test_pattern_example(concern: str, name: str, example: dict[str, Any]) -> None:
    found = patterns.search(f"{concern}.{name}", fold(example["text"]))
    expected = example.get("match", True)
    if expected is False:
        assert found is None
        return
    assert found is not None, f"{name} did not match {example['text']!r}"
    if isinstance(expected, str):
        assert found.group(0) == fold(expected)
    for group, value in example.get("groups", {}).items():
        assert found.group(group) == fold(value)


def test_matching_has_a_timeout() -> None:
    # A catastrophic input must not hang a worker: calls go through a timeout.
    assert patterns.TIMEOUT_SECONDS <= 5
    assert patterns.search("funds.budget_total", "全年预算" * 10000) is None
