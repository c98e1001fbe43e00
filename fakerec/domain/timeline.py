"""What the clock will make happen: a heap of due times, so nothing ever scans the store."""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from datetime import datetime
from itertools import count

#: Actions a recording can be due for.
COMPLETE = "complete"
PURGE = "purge"
#: A room's unused or empty timeout: it ends itself, if it is still due then.
ROOM_TIMEOUT = "room-timeout"
#: A participant's MaxParticipantDuration: it is disconnected, if still connected.
PARTICIPANT_LIMIT = "participant-limit"
#: The actions about rooms and participants; the rest are about recordings.
ROOM_ACTIONS = frozenset((ROOM_TIMEOUT, PARTICIPANT_LIMIT))


class Timeline:
    """Scheduled ``(at, action, sid)`` entries, popped once their time has come.

    Nothing is ever taken out before it is due: whoever handles an entry checks that it still
    applies (a room someone rejoined, a participant who left), which is cheaper than finding it.
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

    def has_due(self, now: datetime) -> bool:
        """Whether anything is due by ``now``: a look at the heap's top, no more."""
        due = self._due
        return bool(due) and due[0][0] <= now

    def pop_due(self, now: datetime) -> Iterator[tuple[datetime, str, str]]:
        """(at, action, sid) of every entry due by ``now``, earliest first; an entry scheduled
        while this runs (due by ``now`` too) comes out in its turn."""
        due = self._due
        while due and due[0][0] <= now:
            at, _, action, sid = heapq.heappop(due)
            yield at, action, sid
