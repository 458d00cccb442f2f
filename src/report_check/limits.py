"""A time limit on reading one workbook (the size limits are in :mod:`report_check.reader.sources.workbook`)."""

from __future__ import annotations

import _signal  # type: ignore[import-not-found]  # signal.signal() makes enums of handlers, raising inside
import signal
import threading
from types import TracebackType

from .errors import UnusableInput

MAX_SECONDS = 60  # reading one workbook; the template takes milliseconds


class time_limit:  # used as a function: ``with time_limit():``
    """Raise UnusableInput(S01, timeout) when the block runs longer than ``seconds``.

    Uses a real-time interval timer, so only in the main thread of a process on a system that has one (Linux,
    macOS); elsewhere the block simply runs.  Entered for every file of a batch: a class, not a generator."""

    __slots__ = ("armed", "previous", "seconds")

    def __init__(self, seconds: float = MAX_SECONDS) -> None:
        self.seconds = seconds
        self.armed = False
        self.previous: object = None

    def _expire(self, signum: int, frame: object) -> None:
        raise UnusableInput("S01", reason="timeout", detail=f"{self.seconds:g}")

    def __enter__(self) -> None:
        if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
            self.previous = _signal.signal(signal.SIGALRM, self._expire)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            self.armed = True

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            _signal.signal(signal.SIGALRM, self.previous)
            self.armed = False
