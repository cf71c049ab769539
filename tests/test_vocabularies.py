"""The word lists kept beside the patterns (levels, operators) agree with the patterns that match them."""

from __future__ import annotations

import regex

from extractor import patterns
from extractor.extract.levels import LEVEL1_CANONICAL, LEVEL2_CANONICAL, canonical_level2, level1_kept
from extractor.normalise.values import parse_value


def _alternatives(qualified: str, group: str) -> list[str]:
    """The words of a pattern's named group written as a plain alternation, in order."""
    concern, _, name = qualified.partition(".")
    source = patterns.load(concern)[name].source
    found = regex.search(rf"\(\?P<{group}>([^()]*)\)", source)
    assert found is not None, f"{qualified} has no plain group {group}"
    return found.group(1).split("|")


def _no_word_hides_a_later_one(words: list[str]) -> bool:
    # An alternation tries its words in order: one that begins a later one would shadow it.
    return not any(later.startswith(word) for index, word in enumerate(words) for later in words[index + 1:])


def test_the_level_patterns_match_the_listed_level_words() -> None:
    assert set(_alternatives("levels.level1", "level")) == set(LEVEL1_CANONICAL)
    assert set(_alternatives("levels.level2", "level")) == set(LEVEL2_CANONICAL)
    for words in (_alternatives("levels.level2_inline", "level"), _alternatives("levels.level2_inline", "one")):
        assert set(words) <= set(LEVEL1_CANONICAL) | set(LEVEL2_CANONICAL)


def test_every_level2_has_a_listed_level1_parent() -> None:
    parents = patterns.table("levels", "level2_parent")
    assert set(parents) == set(LEVEL2_CANONICAL.values())
    assert set(parents.values()) <= set(LEVEL1_CANONICAL.values())
    assert level1_kept("产出指标", "数量指标") == "产出指标"
    assert level1_kept("产出指标", "社会效益指标") is None
    assert canonical_level2("服务对象满意度（10分）") == "服务对象满意度指标"


def test_the_operator_patterns_match_the_listed_operator_words() -> None:
    table = patterns.table("values", "operators")
    assert set(table) == {">=", "<=", ">", "<", "="}
    listed = [word for words in table.values() for word in words]
    prefix, suffix = _alternatives("values.op_prefix", "op"), _alternatives("values.op_suffix", "op")
    assert sorted(listed) == sorted(prefix + suffix)
    assert _no_word_hides_a_later_one(prefix)


def test_every_operator_word_parses_to_its_operator() -> None:
    for op, words in patterns.table("values", "operators").items():
        for word in words:
            written = f"{word}95%" if word not in _alternatives("values.op_suffix", "op") else f"95%{word}"
            value = parse_value(written)
            assert (value.op, value.kind) == (op, "percent"), written
