"""Sorted indexes over the recordings, so a list page costs O(log n + page), not O(n).

Every recording sits, as ``(date_created epoch, creation seq, sid)``, in one sorted list per
account and in one per value of each filter Twilio offers: source, room, participant, and
(status, type). A list request walks the narrowest list that its filters allow, from the
cursor's position, and checks the remaining filters on the way.
"""

from __future__ import annotations

import heapq
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
        self._lists: dict[IndexKey, list[Entry]] = {}

    @staticmethod
    def _keys(recording: Recording, status: RecordingStatus) -> tuple[IndexKey, ...]:
        account = recording.account_sid
        return (
            (account,),
            (account, "source", recording.source_sid),
            (account, "room", recording.room_sid),
            (account, "participant", recording.participant_sid),
            (account, "status", status.value, recording.type),
        )

    def add(self, recording: Recording) -> None:
        entry = entry_of(recording)
        for key in self._keys(recording, recording._status):
            insort(self._lists.setdefault(key, []), entry)

    def remove(self, recording: Recording) -> None:
        for key in self._keys(recording, recording._status):
            self._discard(key, entry_of(recording))

    def restatus(self, recording: Recording, old: RecordingStatus) -> None:
        """Move ``recording`` from its ``old`` status list to its current one."""
        account, kind = recording.account_sid, recording.type
        entry = entry_of(recording)
        self._discard((account, "status", old.value, kind), entry)
        insort(
            self._lists.setdefault((account, "status", recording._status.value, kind), []), entry
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
            return [lists.get((account, "source", query.source_sid), [])]
        for sid in query.grouping_sids:
            kind = {"RM": "room", "PA": "participant"}.get(sid[:2])
            if kind is None:
                return []  # grouping SIDs are only ever a room's and a participant's
            return [lists.get((account, kind, sid), [])]
        if query.room_sid is not None:
            return [lists.get((account, "room", query.room_sid), [])]
        if query.status is not None:
            kinds = [query.media_type] if query.media_type else list(RECORDED_KINDS)
            return [lists.get((account, "status", query.status.value, k), []) for k in kinds]
        return [lists.get((account,), [])]

    def walk(
        self, account: str, query: RecordingQuery | None, key: SortKey | None, newer: bool
    ) -> Iterator[str]:
        """SIDs beyond ``key`` (exclusive) in sort order, walking toward older ones
        (``newer=False``, the list order) or newer ones; candidates only: still filter them."""
        if query is None:
            sources = [self._lists.get((account,), [])]
        else:
            sources = self._candidates(account, query)
        walks = [_walk(entries, key, newer) for entries in sources]
        merged = walks[0] if len(walks) == 1 else heapq.merge(*walks, reverse=not newer)
        for entry in merged:
            yield entry[2]


def _walk(entries: list[Entry], key: SortKey | None, newer: bool) -> Iterator[Entry]:
    if newer:
        start = 0 if key is None else bisect_left(entries, (key[0], key[1] + 1))
        for position in range(start, len(entries)):
            yield entries[position]
    else:
        start = len(entries) if key is None else bisect_left(entries, key)
        for position in range(start - 1, -1, -1):
            yield entries[position]
