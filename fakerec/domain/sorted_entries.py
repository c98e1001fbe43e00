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
from typing import Any, Optional, Union

from sortedcontainers import SortedList

Entry = tuple[int, int, str]
SortKey = tuple[int, int]
#: A packed entry: ``epoch << 32 | seq`` (seq < 2**32), for the biggest runs (the recordings'):
#: an int compares in one step where a tuple takes several, and a seek in a run of a million
#: touches half the memory.
Packed = int
Run = Union[list[Any], "SortedList[Any]"]

#: A plain list beyond this many entries becomes a SortedList (cheaper per entry below it).
_PROMOTE_AT = 64


def insert(run: Run, entry: Any) -> Run:
    """Put ``entry`` in ``run``; returns the run to keep (a small list may have grown up)."""
    if isinstance(run, list):
        bisect.insort(run, entry)
        if len(run) > _PROMOTE_AT:
            return SortedList(run)
        return run
    run.add(entry)
    return run


def build(entries: list[Any]) -> Run:
    """A run of ``entries`` (in any order)."""
    entries.sort()
    return entries if len(entries) <= _PROMOTE_AT else SortedList(entries)


def insert_all(run: Run, entries: list[Any]) -> Run:
    """Put every one of ``entries`` in ``run`` (one merge when they are many); returns the run
    to keep, as ``insert`` does."""
    if isinstance(run, list):
        return build(run + entries)
    run.update(entries)
    return run


def discard(run: Run, entry: Any) -> None:
    if isinstance(run, list):
        at = bisect.bisect_left(run, entry)
        if at < len(run) and run[at] == entry:
            del run[at]
    else:
        run.discard(entry)


def _position(run: Run, probe: object) -> int:
    """Where ``probe`` (a sort key) would go: the count of entries that sort below it."""
    if isinstance(run, list):
        return bisect.bisect_left(run, probe)
    return int(run.bisect_left(probe))


def _span(run: Run, start: int, stop: int, newer: bool) -> Iterator[Any]:
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


def pack(epoch: int, seq: int) -> Packed:
    return (epoch << 32) + seq


def unpack(packed: Packed) -> SortKey:
    return (packed >> 32, packed & 0xFFFFFFFF)


def walk(
    run: Run,
    key: SortKey | None,
    newer: bool,
    bounds: Bounds = (None, None),
    skip: int = 0,
    *,
    packed: bool = False,
) -> Iterator[Any]:
    """Entries beyond ``key`` (exclusive) and within the epoch ``bounds``, walking toward
    newer (``newer=True``) or older ones, less the first ``skip``: one seek, then the walk.
    ``packed``: the run holds ``pack``ed ints, not ``(epoch, seq, sid)`` tuples."""

    def probe(epoch: int, seq: int) -> object:
        """What sorts just below every entry at or after (epoch, seq)."""
        return pack(epoch, seq) if packed else (epoch, seq)

    lowest, highest = bounds
    start = 0 if lowest is None else _position(run, probe(lowest, -1))
    stop = len(run) if highest is None else _position(run, probe(highest, -1))
    if key is not None:
        if newer:
            start = max(start, _position(run, probe(key[0], key[1] + 1)))
        else:
            stop = min(stop, _position(run, probe(*key)))
    if newer:
        start += skip
    else:
        stop -= skip
    if start >= stop:
        return iter(())
    return _span(run, start, stop, newer)
