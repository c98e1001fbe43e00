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
from itertools import chain, islice
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


def _window(
    run: Run, key: SortKey | None, newer: bool, bounds: Bounds, packed: bool
) -> tuple[int, int]:
    """Positions [start, stop) of the entries beyond ``key`` and within the epoch ``bounds``."""

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
    return start, stop


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
    start, stop = _window(run, key, newer, bounds, packed)
    return _span(run, *_less(start, stop, newer, skip), newer)


def _less(start: int, stop: int, newer: bool, skip: int) -> tuple[int, int]:
    """The window [start, stop) less its first ``skip`` entries in the walk's direction."""
    if newer:
        return min(start + skip, stop), stop
    return start, max(stop - skip, start)


#: A skip over merged runs beyond this many entries in all (the skip times the runs) is first
#: narrowed by elimination rounds (as many as log(skip), whatever the runs' length); below it,
#: the merge sorts its way past the skipped entries at C speed.
MERGED_SKIP = 16_384
#: What a merge takes for the page after its skip, before it knows how much is read: a page
#: of the default 50, and the one entry that tells whether a next page exists.
PAGE_GUESS = 51
#: A merge takes at least this many of each unfinished run per round, so a run whose share
#: rounds down to nothing still moves on.
LEAST_TAKEN = 16


def walk_merged(
    runs: list[Run],
    key: SortKey | None,
    newer: bool,
    bounds: Bounds = (None, None),
    skip: int = 0,
    *,
    merged_skip: int = MERGED_SKIP,
) -> Iterator[Packed]:
    """``walk`` over the union of ``runs`` of packed entries (none in two of them), as if
    they were one run: a seek in each, then a merge."""
    spans = [_Span(run, *_window(run, key, newer, bounds, True)) for run in runs]
    spans = [span for span in spans if len(span)]
    while len(spans) > 1 and skip * len(spans) > merged_skip:
        skip -= _eliminate(spans, skip, newer)
        spans = [span for span in spans if len(span)]
    if len(spans) > 1:
        return _merge(spans, newer, skip)
    if not spans:
        return iter(())
    return _span(spans[0].run, *_less(spans[0].start, spans[0].stop, newer, skip), newer)


class _Span:
    """Positions [start, stop) of one run."""

    __slots__ = ("run", "start", "stop")

    def __init__(self, run: Run, start: int, stop: int) -> None:
        self.run, self.start, self.stop = run, start, stop

    def __len__(self) -> int:
        return max(0, self.stop - self.start)

    def nth(self, n: int, newer: bool) -> Packed:
        """Its ``n``-th entry (from 1) in the walk's direction."""
        return self.run[self.start + n - 1] if newer else self.run[self.stop - n]  # type: ignore[no-any-return]

    def take(self, n: int, newer: bool) -> list[Packed]:
        """Its first ``n`` entries in the walk's direction (in the run's order), which leave
        it."""
        count = min(n, len(self))
        if newer:
            start, self.start = self.start, self.start + count
            return self.run[start : self.start]  # a list, from a SortedList too
        stop, self.stop = self.stop, self.stop - count
        return self.run[self.stop : stop]


def _eliminate(spans: list[_Span], skip: int, newer: bool) -> int:
    """One elimination round: with ``step`` = skip // spans, the span whose ``step``-th entry
    comes first in the walk has its first ``step`` among the first ``skip`` of the merged walk
    (at most step - 1 of each other span come before them): they leave it. How many left."""
    step = max(1, skip // len(spans))
    earliest = min if newer else max
    pivots = ((span.nth(min(step, len(span)), newer), at) for at, span in enumerate(spans))
    first = spans[earliest(pivots)[1]]
    return len(first.take(min(step, len(first)), newer))


def _merge(spans: list[_Span], newer: bool, skip: int) -> Iterator[Packed]:
    """The spans' entries in one walk, less the first ``skip``: each round takes the next
    entries of every span, as many as its share of the ``wanted`` (the skip and a page), and
    sorts them in with what is left (C speed, where a heap merge costs a Python step per
    entry). What comes no later than every unfinished span's last taken entry is final:
    skipped, then yielded. A round short of the wanted (spans unevenly spread in time) doubles
    it for the next."""
    wanted, left = skip + PAGE_GUESS, list[Packed]()
    while True:
        total = sum(len(span) for span in spans)
        takes = [span.take(LEAST_TAKEN + wanted * len(span) // total, newer) for span in spans]
        left = sorted(chain(left, *takes))
        # The last entry taken (in the walk's direction) from each span that has more.
        lasts = [taken[-1] if newer else taken[0] for span, taken in zip(spans, takes) if span]
        if not lasts:
            final, left = (left if newer else left[::-1]), []
        elif newer:
            cut = bisect.bisect_right(left, min(lasts))
            final, left = left[:cut], left[cut:]
        else:
            cut = bisect.bisect_left(left, max(lasts))
            final, left = left[cut:][::-1], left[:cut]
        dropped = min(skip, len(final))
        skip -= dropped
        yield from final[dropped:]
        if not lasts:
            return
        spans = [span for span in spans if span]
        wanted *= 2
