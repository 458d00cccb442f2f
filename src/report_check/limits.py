"""A time limit on reading one workbook (the size limits are in :mod:`report_check.reader.sources.workbook`)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import UnusableInput

MAX_SECONDS = 60  # reading one workbook; the template takes milliseconds


@contextmanager
def time_limit(seconds: float = MAX_SECONDS) -> Iterator[None]:
    """Raise UnusableInput(S01, timeout) when the block runs longer than ``seconds``.

    Uses a real-time interval timer, so only in the main thread of a process on a
    system that has one (Linux, macOS); elsewhere the block simply runs.
    """
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise UnusableInput("S01", reason="timeout", detail=f"{seconds:g}")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
