"""One deadline per document: a runaway pattern stops with a clear error naming the file."""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path
from types import FrameType

import pytest
import regex

from extractor import deadline as deadlines
from extractor import patterns, pipeline
from extractor.deadline import DeadlineExceeded, deadline
from extractor.document import Document, Paragraph
from extractor.errors import ReadError
from extractor.readers.limits import Limits

# Catastrophic backtracking on a string of x's without a y: minutes, unless stopped.
RUNAWAY = regex.compile(r"(x+x+)+y")
TEXT = "x" * 5000 + "z"


@pytest.fixture
def runaway(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(patterns, "get", lambda qualified: RUNAWAY)
    monkeypatch.setattr(patterns, "_READY", {})  # what the matching functions looked up before


def _timer_is_free() -> bool:
    return signal.getsignal(signal.SIGALRM) == signal.SIG_DFL and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_runaway_match_in_the_main_thread_is_interrupted_by_the_deadline(runaway: None) -> None:
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded), deadline(0.3):
        assert deadlines.active()
        patterns.search("funds.budget_total", TEXT)
    assert time.monotonic() - started < 5
    assert _timer_is_free() and not deadlines.active()


def test_in_another_thread_each_call_gets_what_is_left(runaway: None) -> None:
    caught: list[BaseException] = []

    def work() -> None:
        try:
            with deadline(0.3):
                assert not deadlines.active()
                patterns.search("funds.budget_total", TEXT)
        except BaseException as error:  # what the thread saw
            caught.append(error)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(30)
    assert not thread.is_alive() and len(caught) == 1
    assert isinstance(caught[0], TimeoutError | DeadlineExceeded)
    assert _timer_is_free()


def test_an_exhausted_deadline_stops_the_next_call_in_timeout_mode() -> None:
    caught: list[BaseException] = []

    def work() -> None:
        try:
            with deadline(0.05):
                time.sleep(0.1)
                patterns.search("funds.budget_total", "全年预算数100万元")
        except BaseException as error:
            caught.append(error)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(10)
    assert len(caught) == 1 and isinstance(caught[0], DeadlineExceeded)


def test_the_pipeline_turns_it_into_a_timeout_error_naming_the_file(runaway: None,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def slow_extract(document: Document) -> None:
        patterns.search("funds.budget_total", TEXT)

    monkeypatch.setattr(pipeline, "extract", slow_extract)
    document = Document(path="/data/报告.txt", format="text")
    document.add(Paragraph("全年预算数100万元"))
    started = time.monotonic()
    with pytest.raises(ReadError) as caught:
        pipeline.record_from_document(document, limits=Limits(extract_timeout_s=0.3))
    assert time.monotonic() - started < 5
    assert caught.value.code == "timeout" and caught.value.path == "/data/报告.txt"
    assert str(caught.value).startswith("/data/报告.txt: 处理超时 (timeout)") and "0.3 秒" in caught.value.detail


def test_an_extraction_bug_names_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(document: Document) -> None:
        raise ArithmeticError("bug")

    monkeypatch.setattr(pipeline, "extract", broken)
    with pytest.raises(ReadError) as caught:
        pipeline.record_from_document(Document(path="a.txt", format="text"))
    assert caught.value.code == "internal_error" and "ArithmeticError: bug" in caught.value.detail


def test_someone_elses_alarm_is_left_alone(runaway: None) -> None:
    rang: list[int] = []

    def theirs(signum: int, frame: FrameType | None) -> None:
        rang.append(signum)

    previous = signal.signal(signal.SIGALRM, theirs)
    try:
        with pytest.raises(TimeoutError), deadline(0.3):
            assert not deadlines.active()  # per-call timeouts instead of the timer
            patterns.search("funds.budget_total", TEXT)
        assert signal.getsignal(signal.SIGALRM) is theirs and rang == []
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_nested_deadlines_keep_the_earlier_and_restore_the_outer() -> None:
    with deadline(30):
        outer = signal.getitimer(signal.ITIMER_REAL)[0]
        with deadline(5):
            assert signal.getitimer(signal.ITIMER_REAL)[0] <= 5
            with deadline(60):  # later than the enclosing one: changes nothing
                assert signal.getitimer(signal.ITIMER_REAL)[0] <= 5
        assert 5 < signal.getitimer(signal.ITIMER_REAL)[0] <= outer
    assert _timer_is_free()


def test_no_deadline_for_a_non_positive_or_infinite_time() -> None:
    for seconds in (0.0, -1.0, float("inf")):
        with deadline(seconds):
            assert not deadlines.active() and _timer_is_free()


def test_real_documents_finish_well_inside_the_default_deadline() -> None:
    root = Path(__file__).resolve().parent.parent / "corpus"
    record = pipeline.extract_file(root / "hongshan_jiuye_2025.txt")
    assert record.funds.budget_total is not None and _timer_is_free()
