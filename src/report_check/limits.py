"""A time limit on reading one workbook (the size limits are in :mod:`report_check.reader.sources.workbook`)."""

from __future__ import annotations

import _signal  # type: ignore[import-not-found]  # signal.signal() makes enums of handlers, raising inside
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

from .errors import UnusableInput

MAX_SECONDS = 60  # reading one workbook; the template takes milliseconds


class time_limit:  # used as a function: ``with time_limit():``
    """Raise UnusableInput(S01, timeout) when the block runs longer than ``seconds``.

    Uses a real-time interval timer, so only in the main thread of a process on a system that has one (Linux,
    macOS); elsewhere the block simply runs.  Entered for every file of a batch: a class, not a generator; inside
    :func:`time_limits` (a batch's chunk, in its thread) it only sets the timer."""

    __slots__ = ("armed", "deadline", "previous", "seconds")

    def __init__(self, seconds: float = MAX_SECONDS) -> None:
        self.seconds = seconds
        self.armed = False
        self.previous: object = None
        self.deadline = 0.0

    def _expire(self, signum: int, frame: object) -> None:
        raise UnusableInput("S01", reason="timeout", detail=f"{self.seconds:g}")

    def __enter__(self) -> None:
        if _SCOPE.owner == threading.get_ident():  # the chunk's handler is in place: one system call a file
            self.deadline = time.monotonic() + self.seconds
            _SCOPE.reading = self
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        elif hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
            self.previous = _signal.signal(signal.SIGALRM, self._expire)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            self.armed = True

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if _SCOPE.reading is self:  # the timer is left running: the next file sets it again
            _SCOPE.reading = None
        elif self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            _signal.signal(signal.SIGALRM, self.previous)
            self.armed = False


class _Scope:
    """Inside :func:`time_limits`: the thread that entered it, and the limit of the block being read (None
    between blocks)."""

    owner: int | None = None
    reading: time_limit | None = None


_SCOPE = _Scope()


def _alarm(signum: int, frame: object) -> None:
    """The alarm inside time_limits(): the block being read has run out of time, unless the alarm is one set for
    an earlier block (it came between blocks, or before the one now read was due)."""
    limit = _SCOPE.reading
    if limit is not None and time.monotonic() >= limit.deadline - _EARLY:
        limit._expire(signum, frame)


_EARLY = 0.001  # an alarm this much before the deadline is the block's own (the timer and the clock differ)


@contextmanager
def time_limits() -> Iterator[None]:
    """A block in which many time limits are entered one after another (a batch's chunk of files), in this
    thread: the alarm's handler is put in place once, and each limit only sets the timer (the system calls
    cost more than reading some files).  At the end the timer is stopped and the handler given back.  Nested,
    or outside the main thread, it does nothing (each limit then works as it does alone)."""
    if (
        _SCOPE.owner is not None
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return
    previous = _signal.signal(signal.SIGALRM, _alarm)
    _SCOPE.owner, _SCOPE.reading = threading.get_ident(), None
    try:
        yield
    finally:
        _SCOPE.owner, _SCOPE.reading = None, None
        signal.setitimer(signal.ITIMER_REAL, 0)
        _signal.signal(signal.SIGALRM, previous)
