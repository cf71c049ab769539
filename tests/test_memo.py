"""Answers remembered for one document are forgotten when the next one starts."""

from __future__ import annotations

from pathlib import Path

from extractor import memo
from extractor.normalise.text import fold
from extractor.pipeline import extract_file

SAMPLE = Path(__file__).resolve().parent.parent / "corpus" / "hongshan_jiuye_2025.txt"


def test_a_remembered_answer_is_computed_once_until_forgotten() -> None:
    calls: list[str] = []

    @memo.per_document
    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    assert (shout("ab"), shout("ab")) == ("AB", "AB")
    assert calls == ["ab"]
    memo.forget()
    assert shout("ab") == "AB"
    assert calls == ["ab", "ab"]


def test_the_pipeline_forgets_the_last_document() -> None:
    only_before = "只在上一份文件里出现的文字"
    extract_file(SAMPLE)
    fold(only_before)
    record = extract_file(SAMPLE)
    misses = fold.cache_info().misses  # type: ignore[attr-defined]
    fold(only_before)  # remembered no longer: computed again
    assert fold.cache_info().misses == misses + 1  # type: ignore[attr-defined]
    assert record.funds.budget_total is not None
