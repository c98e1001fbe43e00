"""Sorted indexes over the recordings, so a list page costs O(log n + page), not O(n).

Every recording sits, as its packed ``(date_created epoch, creation seq)``, in sorted runs
(see ``sorted_entries``): one per (account, status, media type), and one per source, room and
participant. A status change moves it between two runs, whatever else the lists filter by.
A list request merges the runs its Status and MediaType name (every status but deleted when
it names none), so every entry it walks matches and a page at any offset is a seek in each;
a SID filter walks that SID's run instead, checking the remaining filters on the way.
"""

from __future__ import annotations

from collections.abc import Iterator

from fakerec.domain import sorted_entries as runs
from fakerec.domain.models import Recording
from fakerec.domain.query import RecordingQuery
from fakerec.domain.sorted_entries import Packed, Run, SortKey
from fakerec.domain.vocabulary import API_STATUSES, RecordingStatus

#: (account, status): the runs of that status, by media type.
IndexKey = tuple[str, str]
_EMPTY: list[Packed] = []
#: What a list without ``Status`` shows.
_LISTED = tuple(
    s.value for s in RecordingStatus if s.value in API_STATUSES and s is not RecordingStatus.DELETED
)


def entry_of(recording: Recording) -> Packed:
    """The recording's place in the newest-first order, packed into one int."""
    return runs.pack(int(recording.date_created.timestamp()), recording.seq)


class RecordingIndex:
    def __init__(self) -> None:
        #: The per-account, per-status and per-type runs: few keys, many entries each.
        self._lists: dict[IndexKey, dict[str, Run]] = {}
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
    def _list_key(recording: Recording, status: RecordingStatus) -> IndexKey:
        return (recording.account_sid, status.value)

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
        self._discard(self._list_key(recording, recording.settled_status), recording.type, entry)
        for key in self._group_keys(recording):
            held = self._groups[key]
            if isinstance(held, int):  # its lone entry
                del self._groups[key]
            else:
                runs.discard(held, entry)
        del self.by_entry[entry]

    def restatus(self, recording: Recording, old: RecordingStatus) -> None:
        """Move ``recording`` from its ``old`` status's run to its current one's."""
        self.file_pending()
        entry = entry_of(recording)
        self._discard(self._list_key(recording, old), recording.type, entry)
        key = self._list_key(recording, recording.settled_status)
        by_type = self._lists.setdefault(key, {})
        held = by_type.get(recording.type)
        by_type[recording.type] = [entry] if held is None else runs.insert(held, entry)

    def file_pending(self) -> None:
        """File the recordings added since the last read; call before a status changes."""
        if not self._pending:
            return
        batches: dict[tuple[IndexKey, str], list[Packed]] = {}
        for recording in self._pending:
            run_key = (self._list_key(recording, recording.settled_status), recording.type)
            batch = batches.get(run_key)
            if batch is None:
                batches[run_key] = [entry_of(recording)]
            else:
                batch.append(entry_of(recording))
        self._pending.clear()
        for (status_key, kind), entries in batches.items():
            by_type = self._lists.setdefault(status_key, {})
            held = by_type.get(kind)
            by_type[kind] = runs.build(entries) if held is None else runs.insert_all(held, entries)

    def _discard(self, key: IndexKey, kind: str, entry: Packed) -> None:
        by_type = self._lists[key]
        held = by_type[kind]
        runs.discard(held, entry)
        if not held:
            del by_type[kind]

    def _group(self, key: str) -> Run:
        held = self._groups.get(key)
        if held is None:
            return _EMPTY
        return [held] if isinstance(held, int) else held

    def plan(self, account: str, query: RecordingQuery) -> tuple[list[Run], bool]:
        """The runs holding every recording ``query`` can match, and whether every entry of
        them within the query's dates does match (then no entry needs checking)."""
        self.file_pending()
        if query.source_sid is not None:
            return [self._group(query.source_sid)], False
        for sid in query.grouping_sids:
            return [self._group(sid)], False
        if query.room_sid is not None:
            return [self._group(query.room_sid)], False
        statuses = _LISTED if query.status is None else (query.status.value,)
        found: list[Run] = []
        for status in statuses:
            by_type = self._lists.get((account, status), {})
            if query.media_type:
                found += [by_type[query.media_type]] if query.media_type in by_type else []
            else:
                found += by_type.values()
        return found, True

    def walk(
        self, account: str, query: RecordingQuery, key: SortKey | None, newer: bool, skip: int
    ) -> tuple[Iterator[Recording], bool]:
        """Recordings beyond ``key`` (exclusive) within the query's dates, toward newer or
        older ones, and whether they all match. When they do, the first ``skip`` are left out
        by a seek; when they do not, ``skip`` is the caller's to apply to the matches."""
        found, exact = self.plan(account, query)
        bounds = runs.epoch_bounds(query.created_after, query.created_before)
        entries = runs.walk_merged(found, key, newer, bounds, skip if exact else 0)
        return map(self.by_entry.__getitem__, entries), exact

    def all_in_room(self, room_sid: str) -> list[Recording]:
        """Every recording filed under a room's SID, deleted ones too, newest first (the
        store keeps those that are the room's own)."""
        return [self.by_entry[entry] for entry in reversed(self._group(room_sid))]
