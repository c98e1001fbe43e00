"""Sorted runs of ``(epoch, seq, sid)`` entries, and walks over them that seek, never scan.

A run is a plain list while it is small and a ``SortedList`` once it grows (where inserting
and deleting cost O(log n), not a shift of the whole list), so a list query, a DELETE and a
bulk purge cost the same in a store of a thousand as in one of a million.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterator
from datetime import datetime
from itertools import islice
from typing import Optional, Union

from sortedcontainers import SortedList

Entry = tuple[int, int, str]
SortKey = tuple[int, int]
Run = Union[list[Entry], "SortedList[Entry]"]

#: A plain list beyond this many entries becomes a SortedList (cheaper per entry below it).
_PROMOTE_AT = 64


def insert(run: Run, entry: Entry) -> Run:
    """Put ``entry`` in ``run``; returns the run to keep (a small list may have grown up)."""
    if isinstance(run, list):
        bisect.insort(run, entry)
        if len(run) > _PROMOTE_AT:
            return SortedList(run)
        return run
    run.add(entry)
    return run


def build(entries: list[Entry]) -> Run:
    """A run of ``entries`` (in any order)."""
    entries.sort()
    return entries if len(entries) <= _PROMOTE_AT else SortedList(entries)


def insert_all(run: Run, entries: list[Entry]) -> Run:
    """Put every one of ``entries`` in ``run`` (one merge when they are many); returns the run
    to keep, as ``insert`` does."""
    if isinstance(run, list):
        return build(run + entries)
    run.update(entries)
    return run


def discard(run: Run, entry: Entry) -> None:
    if isinstance(run, list):
        at = bisect.bisect_left(run, entry)
        if at < len(run) and run[at] == entry:
            del run[at]
    else:
        run.discard(entry)


def _position(run: Run, probe: tuple[int, int]) -> int:
    """Where ``probe`` (a sort key) would go: the count of entries that sort below it."""
    if isinstance(run, list):
        return bisect.bisect_left(run, probe)
    return int(run.bisect_left(probe))


def _span(run: Run, start: int, stop: int, newer: bool) -> Iterator[Entry]:
    """Entries at positions start..stop-1, oldest first (``newer``) or newest first."""
    if isinstance(run, list):
        if newer:
            return islice(run, start, stop)
        return (run[at] for at in range(stop - 1, start - 1, -1))
    return iter(run.islice(start, stop, reverse=not newer))


Bounds = tuple[Optional[int], Optional[int]]


def epoch_bounds(after: datetime | None, before: datetime | None) -> Bounds:
    """(the first epoch second at or after ``after``, the first at or after ``before``):
    entries are whole seconds, so those created in ``[after, before)`` are exactly those whose
    second is in ``[lowest, highest)``."""
    lowest = None if after is None else math.ceil(after.timestamp())
    highest = None if before is None else math.ceil(before.timestamp())
    return lowest, highest


def walk(
    run: Run,
    key: SortKey | None,
    newer: bool,
    bounds: Bounds = (None, None),
    skip: int = 0,
) -> Iterator[Entry]:
    """Entries beyond ``key`` (exclusive) and within the epoch ``bounds``, walking toward
    newer (``newer=True``) or older ones, less the first ``skip``: one seek, then the walk."""
    lowest, highest = bounds
    start = 0 if lowest is None else _position(run, (lowest, -1))
    stop = len(run) if highest is None else _position(run, (highest, -1))
    if key is not None:
        if newer:
            start = max(start, _position(run, (key[0], key[1] + 1)))
        else:
            stop = min(stop, _position(run, key))
    if newer:
        start += skip
    else:
        stop -= skip
    if start >= stop:
        return iter(())
    return _span(run, start, stop, newer)
