"""Sorted indexes over the recordings, so a list page costs O(log n + page), not O(n).

Every recording sits, as ``(date_created epoch, creation seq, sid)``, in one sorted list per
account and in one per value of each filter Twilio offers: source, room, participant, and
(status, type). A list request walks the narrowest list that its filters allow, from the
cursor's position, and checks the remaining filters on the way.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left, insort
from collections.abc import Iterator

from fakerec.domain.models import RECORDED_KINDS, Recording, RecordingStatus
from fakerec.domain.query import RecordingQuery

Entry = tuple[int, int, str]
SortKey = tuple[int, int]
IndexKey = tuple[str, ...]


def entry_of(recording: Recording) -> Entry:
    return (int(recording.date_created.timestamp()), recording.seq, recording.sid)


class RecordingIndex:
    def __init__(self) -> None:
        #: The per-account and per-status lists: few keys, many entries each.
        self._lists: dict[IndexKey, list[Entry]] = {}
        #: Source, room and participant: many keys, mostly one entry each, so a key holds a
        #: lone Entry until a second one comes (a list for one would cost more than the entry).
        self._groups: dict[IndexKey, Entry | list[Entry]] = {}

    @staticmethod
    def _group_keys(recording: Recording) -> tuple[IndexKey, ...]:
        account = recording.account_sid
        return (
            (account, "source", recording.source_sid),
            (account, "room", recording.room_sid),
            (account, "participant", recording.participant_sid),
        )

    def add(self, recording: Recording) -> None:
        entry = entry_of(recording)
        account = recording.account_sid
        lists = self._lists
        keys: tuple[IndexKey, ...] = (
            (account,),
            (account, "status", recording.settled_status.value, recording.type),
        )
        for key in keys:
            entries = lists.get(key)
            if entries is None:
                lists[key] = [entry]
            else:
                insort(entries, entry)
        groups = self._groups
        for key in self._group_keys(recording):
            held = groups.get(key)
            if held is None:
                groups[key] = entry
            elif isinstance(held, list):
                insort(held, entry)
            else:
                groups[key] = sorted((held, entry))

    def remove(self, recording: Recording) -> None:
        entry = entry_of(recording)
        account = recording.account_sid
        self._discard((account,), entry)
        self._discard((account, "status", recording.settled_status.value, recording.type), entry)
        for key in self._group_keys(recording):
            held = self._groups.get(key)
            if held == entry:
                del self._groups[key]
            elif isinstance(held, list):
                at = bisect_left(held, entry)
                if at < len(held) and held[at] == entry:
                    del held[at]

    def _group(self, key: IndexKey) -> list[Entry]:
        held = self._groups.get(key)
        if held is None:
            return []
        return held if isinstance(held, list) else [held]

    def restatus(self, recording: Recording, old: RecordingStatus) -> None:
        """Move ``recording`` from its ``old`` status list to its current one."""
        account, kind = recording.account_sid, recording.type
        entry = entry_of(recording)
        self._discard((account, "status", old.value, kind), entry)
        insort(
            self._lists.setdefault((account, "status", recording.settled_status.value, kind), []),
            entry,
        )

    def _discard(self, key: IndexKey, entry: Entry) -> None:
        entries = self._lists.get(key)
        if not entries:
            return
        at = bisect_left(entries, entry)
        if at < len(entries) and entries[at] == entry:
            del entries[at]
            if not entries:
                del self._lists[key]

    def _candidates(self, account: str, query: RecordingQuery) -> list[list[Entry]]:
        """The narrowest lists that together hold every recording ``query`` can match."""
        lists = self._lists
        if query.source_sid is not None:
            return [self._group((account, "source", query.source_sid))]
        for sid in query.grouping_sids:
            kind = {"RM": "room", "PA": "participant"}.get(sid[:2])
            if kind is None:
                return []  # grouping SIDs are only ever a room's and a participant's
            return [self._group((account, kind, sid))]
        if query.room_sid is not None:
            return [self._group((account, "room", query.room_sid))]
        if query.status is not None:
            kinds = [query.media_type] if query.media_type else list(RECORDED_KINDS)
            return [lists.get((account, "status", query.status.value, k), []) for k in kinds]
        return [lists.get((account,), [])]

    def walk(
        self, account: str, query: RecordingQuery | None, key: SortKey | None, newer: bool
    ) -> Iterator[str]:
        """SIDs beyond ``key`` (exclusive) in sort order, walking toward older ones
        (``newer=False``, the list order) or newer ones; candidates only: still filter them.

        The query's dates bound the walk: it starts past what is too new (or too old) and
        stops at the first entry outside the range, so a date filter costs a seek, not a scan.
        """
        if query is None:
            sources = [self._lists.get((account,), [])]
            lowest = highest = None
        else:
            sources = self._candidates(account, query)
            lowest, highest = _epoch_range(query)
        if newer and lowest is not None:
            key = (lowest, -1) if key is None else max(key, (lowest, -1))
        elif not newer and highest is not None:
            key = (highest, 0) if key is None else min(key, (highest, 0))
        walks = [walk_sorted(entries, key, newer) for entries in sources]
        merged = walks[0] if len(walks) == 1 else heapq.merge(*walks, reverse=not newer)
        for entry in merged:
            if (lowest is not None and entry[0] < lowest) or (
                highest is not None and entry[0] >= highest
            ):
                return  # past the far end of the date range: nothing further can match
            yield entry[2]


def _epoch_range(query: RecordingQuery) -> tuple[int | None, int | None]:
    """(the lowest epoch second a match can have, the first it cannot reach), from the dates."""
    after, before = query.created_after, query.created_before
    lowest = None if after is None else math.floor(after.timestamp())
    highest = None if before is None else math.ceil(before.timestamp())
    return lowest, highest


def walk_sorted(entries: list[Entry], key: SortKey | None, newer: bool) -> Iterator[Entry]:
    """Entries of a sorted list beyond ``key`` (exclusive), toward newer or older ones."""
    if newer:
        start = 0 if key is None else bisect_left(entries, (key[0], key[1] + 1))
        for position in range(start, len(entries)):
            yield entries[position]
    else:
        start = len(entries) if key is None else bisect_left(entries, key)
        for position in range(start - 1, -1, -1):
            yield entries[position]
