"""Sorted indexes over the recordings, so a list page costs O(log n + page), not O(n).

Every recording sits, as ``(date_created epoch, creation seq, sid)``, in sorted runs (see
``sorted_entries``): one per account of the recordings that are not deleted, one per
(account, media type) of those, one per (account, status) and (account, status, type), and
one per source, room and participant. A list request walks the run its filters name exactly
when there is one (then a page at any offset is a seek), else the narrowest run that holds
every match, checking the remaining filters on the way.
"""

from __future__ import annotations

from collections.abc import Iterator

from fakerec.domain import sorted_entries as runs
from fakerec.domain.models import Recording
from fakerec.domain.query import RecordingQuery
from fakerec.domain.sorted_entries import Packed, Run, SortKey
from fakerec.domain.vocabulary import RecordingStatus

IndexKey = tuple[str, ...]
_EMPTY: list[Packed] = []


def entry_of(recording: Recording) -> Packed:
    """The recording's place in the newest-first order, packed into one int."""
    return runs.pack(int(recording.date_created.timestamp()), recording.seq)


class RecordingIndex:
    def __init__(self) -> None:
        #: The per-account, per-type and per-status runs: few keys, many entries each.
        self._lists: dict[IndexKey, Run] = {}
        #: By source, room and participant SID: many keys, mostly one entry each, so a key holds
        #: a lone entry until a second one comes (a list for one would cost more than the
        #: entry). Keyed by the SID alone (no tuple per key): a seeded SID may be shared across
        #: accounts or kinds, so a walk of a group is never exact (the store checks each one).
        self._groups: dict[str, Packed | Run] = {}
        #: Every indexed recording by its packed entry: what a walk of the runs yields.
        self.by_entry: dict[Packed, Recording] = {}
        #: Recordings not yet in their runs: seeding a million recordings appends here, and the
        #: first read files them all at once (one merge per run). Whatever changes a recording's
        #: runs files them first, so a pending recording is filed under its status of now.
        self._pending: list[Recording] = []

    @staticmethod
    def _list_keys(recording: Recording, status: RecordingStatus) -> list[IndexKey]:
        account, kind = recording.account_sid, recording.type
        keys: list[IndexKey] = [
            (account, "status", status.value),
            (account, "status", status.value, kind),
        ]
        if status is not RecordingStatus.DELETED:
            keys += [(account,), (account, "type", kind)]
        return keys

    @staticmethod
    def _group_keys(recording: Recording) -> tuple[str, str, str]:
        """Its source, room and participant SIDs: three keys, as their prefixes (MT, RM, PA,
        checked when a recording is seeded) keep them apart."""
        return (recording.source_sid, recording.room_sid, recording.participant_sid)

    def add(self, recording: Recording) -> None:
        self._pending.append(recording)
        entry = entry_of(recording)
        self.by_entry[entry] = recording
        groups = self._groups
        for key in self._group_keys(recording):
            held = groups.get(key)
            if held is None:
                groups[key] = entry
            elif isinstance(held, int):
                groups[key] = sorted((held, entry))
            else:
                groups[key] = runs.insert(held, entry)

    def remove(self, recording: Recording) -> None:
        self.file_pending()
        entry = entry_of(recording)
        self._discard(self._list_keys(recording, recording.settled_status), entry)
        for key in self._group_keys(recording):
            held = self._groups.get(key)
            if held == entry:
                del self._groups[key]
            elif held is not None and not isinstance(held, int):
                runs.discard(held, entry)
        del self.by_entry[entry]

    def restatus(self, recording: Recording, old: RecordingStatus) -> None:
        """Move ``recording`` from its ``old`` status's runs to its current one's."""
        self.file_pending()
        entry = entry_of(recording)
        before = self._list_keys(recording, old)
        after = self._list_keys(recording, recording.settled_status)
        self._discard([key for key in before if key not in after], entry)
        self._insert([key for key in after if key not in before], entry)

    def file_pending(self) -> None:
        """File the recordings added since the last read; call before a status changes."""
        if not self._pending:
            return
        batches: dict[IndexKey, list[Packed]] = {}
        for recording in self._pending:
            entry = entry_of(recording)
            for key in self._list_keys(recording, recording.settled_status):
                batch = batches.get(key)
                if batch is None:
                    batches[key] = [entry]
                else:
                    batch.append(entry)
        self._pending.clear()
        for key, entries in batches.items():
            held = self._lists.get(key)
            if held is None:
                self._lists[key] = runs.build(entries)
            else:
                self._lists[key] = runs.insert_all(held, entries)

    def _insert(self, keys: list[IndexKey], entry: Packed) -> None:
        lists = self._lists
        for key in keys:
            held = lists.get(key)
            lists[key] = [entry] if held is None else runs.insert(held, entry)

    def _discard(self, keys: list[IndexKey], entry: Packed) -> None:
        for key in keys:
            held = self._lists.get(key)
            if held is not None:
                runs.discard(held, entry)
                if not held:
                    del self._lists[key]

    def _group(self, key: str) -> Run:
        held = self._groups.get(key)
        if held is None:
            return _EMPTY
        return [held] if isinstance(held, int) else held

    def plan(self, account: str, query: RecordingQuery) -> tuple[Run, bool]:
        """The narrowest run holding every recording ``query`` can match, and whether every
        entry of it within the query's dates does match (then no entry needs checking)."""
        self.file_pending()
        if query.source_sid is not None:
            return self._group(query.source_sid), False
        for sid in query.grouping_sids:
            if sid[:2] not in ("RM", "PA"):
                return _EMPTY, True  # grouping SIDs are only ever a room's and a participant's
            return self._group(sid), False
        if query.room_sid is not None:
            return self._group(query.room_sid), False
        key: IndexKey
        if query.status is not None:
            key = (account, "status", query.status.value)
        else:
            key = (account, "type") if query.media_type else (account,)
        if query.media_type:
            key += (query.media_type,)
        return self._lists.get(key, _EMPTY), True

    def walk(
        self, account: str, query: RecordingQuery, key: SortKey | None, newer: bool, skip: int
    ) -> tuple[Iterator[Recording], bool]:
        """Recordings beyond ``key`` (exclusive) within the query's dates, toward newer or
        older ones, and whether they all match. When they do, the first ``skip`` are left out
        by a seek; when they do not, ``skip`` is the caller's to apply to the matches."""
        run, exact = self.plan(account, query)
        bounds = runs.epoch_bounds(query.created_after, query.created_before)
        entries = runs.walk(run, key, newer, bounds, skip if exact else 0, packed=True)
        return map(self.by_entry.__getitem__, entries), exact

    def all_in_room(self, room_sid: str) -> list[Recording]:
        """Every recording filed under a room's SID, deleted ones too, newest first (the
        store keeps those that are the room's own)."""
        entries = runs.walk(self._group(room_sid), None, False, packed=True)
        return [self.by_entry[entry] for entry in entries]
