"""The fake's one lock, which runs deferred work (callback delivery) after it is let go.

A status-callback receiver is the test's own code: it may call the fake back, from this
thread or another, and it may raise. So the domain never calls it while a change is half made
or while the lock is held: it defers the delivery, and the outermost release runs it.
"""

from __future__ import annotations

import threading
from typing import Any, Callable


class DeferringLock:
    """A re-entrant lock; ``defer(job)`` runs ``job`` once the outermost holder releases."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._depth = 0  # only the holding thread reads or writes it
        self._deferred: list[Callable[[], None]] = []

    def __enter__(self) -> DeferringLock:
        self._lock.acquire()
        self._depth += 1
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self._depth -= 1
        if self._depth or not self._deferred:
            self._lock.release()
            return
        jobs, self._deferred = self._deferred, []
        self._lock.release()
        for job in jobs:
            job()

    def defer(self, job: Callable[[], None]) -> None:
        """Run ``job`` after the change in progress is complete and the lock is free."""
        self._deferred.append(job)
