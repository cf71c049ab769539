"""One deadline for all the pattern matching (and checking) of one document.

A timeout on every regex call bounds each call but not their sum (a 4 MB text of long lines ran
40 s in 2-second steps), and it is not free: the regex module reads the process CPU clock for it,
about 1.7 µs a call on this machine against 0.7 µs for a typical match, over thousands of calls
per document. So `deadline(seconds)` gives the document one deadline instead:

- in the main thread, when nobody else uses SIGALRM, it arms a one-shot interval timer; when the
  time is up its handler raises `DeadlineExceeded` wherever the document's work is (the regex
  module checks for signals while it matches, so a runaway match is interrupted too), and the
  pattern helpers pass no timeout at all (`active()`);
- elsewhere (another thread: the Dask engine, a web server's worker) each call gets what is left
  of the deadline as its regex timeout (`timeout_for`), and an exhausted deadline raises before
  the call.

`DeadlineExceeded` derives from BaseException so that no `except Exception` in extraction code
swallows it; `extractor.pipeline` turns it (and the regex module's TimeoutError) into a
ReadError with code `timeout` naming the file.
"""

from __future__ import annotations

import math
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from types import FrameType


class DeadlineExceeded(BaseException):
    """The document's deadline passed."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"文档的模式匹配与校验超过 {seconds:g} 秒")
        self.seconds = seconds


@dataclass(frozen=True, slots=True)
class _Deadline:
    at: float  # time.monotonic() when the work must stop
    seconds: float
    signalled: bool  # the interval timer is armed: calls need no timeout of their own


_CURRENT: ContextVar[_Deadline | None] = ContextVar("extractor_deadline", default=None)
_HAS_TIMER = hasattr(signal, "setitimer") and hasattr(signal, "SIGALRM")


_SIGNALLED: ContextVar[bool] = ContextVar("extractor_deadline_signalled", default=False)
# `active()`: whether a signalled deadline covers this thread (pattern calls then pass no timeout).
# One C call, no Python frame: the pattern helpers ask it on every match.
active = _SIGNALLED.get


def timeout_for(default: float) -> float:
    """The regex timeout of one call: what is left of the deadline, or `default` without one."""
    current = _CURRENT.get()
    if current is None:
        return default
    remaining = current.at - time.monotonic()
    if remaining <= 0:
        raise DeadlineExceeded(current.seconds)
    return remaining


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    current = _CURRENT.get()
    if current is not None and current.signalled:
        raise DeadlineExceeded(current.seconds)


def _can_arm(outer: _Deadline | None) -> bool:
    if not _HAS_TIMER or threading.current_thread() is not threading.main_thread():
        return False
    if outer is not None:
        return outer.signalled
    # Someone else's SIGALRM handler or timer: leave them alone and use per-call timeouts.
    handler = signal.getsignal(signal.SIGALRM)
    return handler in (signal.SIG_DFL, None) and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """All work in the block shares one deadline `seconds` from now (or an enclosing, earlier one).
    A non-positive or infinite `seconds` sets none (calls keep their own timeout)."""
    outer = _CURRENT.get()
    at = time.monotonic() + seconds
    if not 0 < seconds < math.inf or (outer is not None and outer.at <= at):
        yield
        return
    signalled = _can_arm(outer)
    token = _CURRENT.set(_Deadline(at, seconds, signalled))
    flag = _SIGNALLED.set(signalled)
    previous = None
    if signalled and outer is None:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
    if signalled:
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        try:
            if signalled:
                signal.setitimer(signal.ITIMER_REAL, 0)  # after this no alarm of ours can come
        finally:
            # Even when the alarm fired just before it was disarmed, the deadline is cleared.
            _CURRENT.reset(token)
            _SIGNALLED.reset(flag)
            if signalled and outer is not None:
                signal.setitimer(signal.ITIMER_REAL, max(outer.at - time.monotonic(), 1e-4))
            elif signalled:
                signal.signal(signal.SIGALRM, previous)
