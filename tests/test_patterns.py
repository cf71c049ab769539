"""Every pattern's examples, as written beside it in patterns/*.toml."""

from __future__ import annotations

from pathlib import Path
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


GATED = [(c, n, p) for c in patterns.concerns() for n, p in patterns.load(c).items() if p.requires]


def test_some_patterns_are_gated() -> None:
    assert len(GATED) >= 10


def _text_pool() -> list[str]:
    """Every example of every pattern and every line of the corpus's text reports."""
    pool = [fold(example["text"]) for _, _, example in CASES]
    corpus = Path(__file__).resolve().parent.parent / "corpus"
    for path in sorted(corpus.glob("*.txt")):
        pool.extend(fold(line) for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line)
    return pool


POOL = _text_pool()


@pytest.mark.parametrize(("concern", "name", "pattern"), GATED, ids=[f"{c}.{n}" for c, n, _ in GATED])
def test_requires_never_changes_an_answer(concern: str, name: str, pattern: patterns.Pattern) -> None:
    """`requires` skips a text holding none of its words: on every text we have, the gated pattern
    finds what the bare regex finds."""
    compiled = patterns.get(f"{concern}.{name}")
    for text in POOL:
        bare = [m.span() for m in compiled.finditer(text)]
        assert [m.span() for m in patterns.finditer(f"{concern}.{name}", text)] == bare, (name, text[:60])
        if compiled.match(text) is not None:
            assert patterns.match(f"{concern}.{name}", text) is not None, (name, text[:60])


def test_a_gated_pattern_skips_text_without_its_words() -> None:
    assert patterns.requires("forms.part_heading") == ("元",)
    assert patterns.match("forms.part_heading", "种粮大户补贴部分(千克)") is None
    assert patterns.match("forms.part_heading", "种粮大户补贴部分(万元)") is not None
    assert list(patterns.finditer("indicators.target_label", "本年度无此项")) == []
