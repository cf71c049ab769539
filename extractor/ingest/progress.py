"""Progress of a batch: a rich progress bar on a terminal, plain periodic log lines otherwise (CI, cron)."""

from __future__ import annotations

import sys
import time
from typing import Literal, Protocol, TextIO

ProgressMode = Literal["auto", "bar", "log", "none"]
LOG_EVERY_S = 10.0


class Progress(Protocol):
    def start(self, total: int) -> None: ...
    def advance(self, failed: bool) -> None: ...
    def close(self) -> None: ...


class NoProgress:
    def start(self, total: int) -> None:
        pass

    def advance(self, failed: bool) -> None:
        pass

    def close(self) -> None:
        pass


class LogProgress:
    """One line every `every_s` seconds and one at the end: done/total, files/s, errors, ETA."""

    def __init__(self, stream: TextIO, every_s: float = LOG_EVERY_S) -> None:
        self.stream = stream
        self.every_s = every_s
        self.total = self.done = self.errors = 0
        self.started = self.logged = 0.0

    def start(self, total: int) -> None:
        self.total = total
        self.started = self.logged = time.monotonic()
        self._line()

    def advance(self, failed: bool) -> None:
        self.done += 1
        self.errors += failed
        if time.monotonic() - self.logged >= self.every_s:
            self._line()

    def close(self) -> None:
        if self.started:
            self._line()
            self.started = 0.0

    def _line(self) -> None:
        self.logged = time.monotonic()
        elapsed = max(self.logged - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate > 0 else float("nan")
        eta = f"{left:.0f} 秒" if left == left else "未知"
        self.stream.write(f"ingest: 已处理 {self.done}/{self.total} 个文件，{rate:.1f} 文件/秒，"
                          f"错误 {self.errors}，预计剩余 {eta}\n")
        self.stream.flush()


class BarProgress:
    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(
            TextColumn("导入"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:.1f} 文件/秒"), TextColumn("错误 {task.fields[errors]}"),
            TimeElapsedColumn(), TextColumn("剩余"), TimeRemainingColumn(),
            console=Console(file=stream), transient=False,
        )
        self.task = self.bar.add_task("ingest", total=0, rate=0.0, errors=0)
        self.errors = 0
        self.started = 0.0

    def start(self, total: int) -> None:
        self.started = time.monotonic()
        self.bar.update(self.task, total=total)
        self.bar.start()

    def advance(self, failed: bool) -> None:
        self.errors += failed
        done = self.bar.tasks[0].completed + 1
        rate = done / max(time.monotonic() - self.started, 1e-9)
        self.bar.update(self.task, advance=1, errors=self.errors, rate=rate)

    def close(self) -> None:
        self.bar.stop()


def make_progress(mode: ProgressMode, stream: TextIO | None = None) -> Progress:
    stream = stream or sys.stderr
    if mode == "auto":
        mode = "bar" if stream.isatty() else "log"
    if mode == "bar":
        return BarProgress(stream)
    if mode == "log":
        return LogProgress(stream)
    return NoProgress()
