"""What the clock will make happen: a heap of due times, so nothing ever scans the store."""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from datetime import datetime
from itertools import count

#: Actions a recording can be due for.
COMPLETE = "complete"
PURGE = "purge"


class Timeline:
    """Scheduled ``(at, action, recording sid)`` entries, popped once their time has come.

    It also hands out the one creation sequence that orders rooms and recordings created in
    the same second.
    """

    def __init__(self) -> None:
        self._due: list[tuple[datetime, int, str, str]] = []
        self._sequence = count(1)

    def next_seq(self) -> int:
        return next(self._sequence)

    def schedule(self, at: datetime, action: str, sid: str) -> None:
        heapq.heappush(self._due, (at, self.next_seq(), action, sid))

    def __bool__(self) -> bool:
        return bool(self._due)

    def pop_due(self, now: datetime) -> Iterator[tuple[datetime, str, str]]:
        """(at, action, sid) of every entry due by ``now``, earliest first."""
        due = self._due
        while due and due[0][0] <= now:
            at, _, action, sid = heapq.heappop(due)
            yield at, action, sid
