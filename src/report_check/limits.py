"""A time limit on reading one workbook (the size limits are in :mod:`report_check.reader.sources.workbook`)."""

from __future__ import annotations

import _signal  # type: ignore[import-not-found]  # signal.signal() makes enums of handlers, raising inside
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

from .errors import UnusableInput

MAX_SECONDS = 60  # reading one workbook; the template takes milliseconds


class time_limit:  # used as a function: ``with time_limit():``
    """Raise UnusableInput(S01, timeout) when the block runs longer than ``seconds``.

    Uses a real-time interval timer, so only in the main thread of a process on a system that has one (Linux,
    macOS); elsewhere the block simply runs.  Entered for every file of a batch: a class, not a generator; inside
    :func:`time_limits` (a batch's chunk) it only sets the timer."""

    __slots__ = ("armed", "previous", "seconds")

    def __init__(self, seconds: float = MAX_SECONDS) -> None:
        self.seconds = seconds
        self.armed = False
        self.previous: object = None

    def _expire(self, signum: int, frame: object) -> None:
        raise UnusableInput("S01", reason="timeout", detail=f"{self.seconds:g}")

    def __enter__(self) -> None:
        if _SCOPE:  # the chunk's handler is in place: one call a file
            _SCOPE[0] = self
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        elif hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
            self.previous = _signal.signal(signal.SIGALRM, self._expire)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            self.armed = True

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if _SCOPE:  # the timer is left running: the next file sets it again, an alarm after this one is ignored
            _SCOPE[0] = None
        elif self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            _signal.signal(signal.SIGALRM, self.previous)
            self.armed = False


# Inside time_limits(): [the limit of the block being read, or None between them]; empty outside.
_SCOPE: list[time_limit | None] = []


def _alarm(signum: int, frame: object) -> None:
    limit = _SCOPE[0] if _SCOPE else None
    if limit is not None:
        limit._expire(signum, frame)


@contextmanager
def time_limits() -> Iterator[None]:
    """A block in which many time limits are entered one after another (a batch's chunk of files): the alarm's
    handler is put in place once, and each limit only sets the timer (the system calls cost more than reading
    some files).  The timer is stopped and the handler given back at the end.  Not nested, main thread only."""
    if _SCOPE or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = _signal.signal(signal.SIGALRM, _alarm)
    _SCOPE.append(None)
    try:
        yield
    finally:
        _SCOPE.clear()
        signal.setitimer(signal.ITIMER_REAL, 0)
        _signal.signal(signal.SIGALRM, previous)
