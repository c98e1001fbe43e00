"""The rooms of one fake, and the participants and tracks in them, found by SID or name.

Rooms sit in one sorted run per (account, status), as recordings do in theirs (see
``sorted_entries``), so a Rooms list page is a seek whatever the number of rooms.
"""

from __future__ import annotations

from collections.abc import Iterator

from fakerec.domain import sorted_entries as runs
from fakerec.domain.models import Participant, Room, Track
from fakerec.domain.query import RoomQuery
from fakerec.domain.sorted_entries import Entry, Run, SortKey
from fakerec.domain.vocabulary import RoomStatus


def room_key(room: Room) -> SortKey:
    """A room's place in the newest-first order of the Rooms list."""
    return (int(room.date_created.timestamp()), room.seq)


def _entry(room: Room) -> Entry:
    return (*room_key(room), room.sid)


class RoomStore:
    def __init__(self) -> None:
        self.rooms: dict[str, Room] = {}
        self._by_status: dict[tuple[str, RoomStatus], Run] = {}
        self.participants: dict[str, Participant] = {}
        self.tracks: dict[str, Track] = {}
        #: (account, unique name) -> the rooms that had it, the newest last; whether the
        #: newest is in progress is checked on lookup (a room only ever leaves in-progress).
        self._named: dict[tuple[str, str], Room | list[Room]] = {}
        #: Rooms not yet in their runs (filed at the next read, as the recordings' index does).
        self._pending: list[Room] = []

    def add(self, room: Room) -> None:
        self.rooms[room.sid] = room
        self._file(room)
        if room.unique_name == room.sid:
            return  # unnamed: its name is its SID, found through ``rooms`` (no entry per room)
        name = (room.account_sid, room.unique_name)
        held = self._named.get(name)
        if held is None:
            self._named[name] = room
        elif isinstance(held, list):
            held.append(room)
        else:
            self._named[name] = [held, room]

    def _file(self, room: Room) -> None:
        self._pending.append(room)

    def _file_pending(self) -> None:
        batches: dict[tuple[str, RoomStatus], list[Entry]] = {}
        for room in self._pending:
            batches.setdefault((room.account_sid, room.settled_status), []).append(_entry(room))
        self._pending.clear()
        for place, entries in batches.items():
            held = self._by_status.get(place)
            self._by_status[place] = (
                runs.build(entries) if held is None else runs.insert_all(held, entries)
            )

    def set_status(self, room: Room, status: RoomStatus) -> None:
        self._file_pending()
        held = self._by_status.get((room.account_sid, room.settled_status))
        if held is not None:
            runs.discard(held, _entry(room))
        room.settled_status = status
        self._file(room)

    def _with_name(self, account_sid: str, unique_name: str) -> list[Room]:
        held = self._named.get((account_sid, unique_name))
        if held is None:
            own = self.rooms.get(unique_name)  # an unnamed room: named after its own SID
            if own is None or own.account_sid != account_sid or own.unique_name != unique_name:
                return []
            return [own]
        return held if isinstance(held, list) else [held]

    def find(self, account_sid: str, sid_or_name: str) -> Room | None:
        """A room by SID, or by the unique name of an in-progress room."""
        room = self.rooms.get(sid_or_name)
        if room is not None and room.account_sid == account_sid:
            return room
        # Another account's SID is, to this account, just a name: as if the other did not exist.
        return self.in_progress_named(account_sid, sid_or_name)

    def in_progress_named(self, account_sid: str, unique_name: str) -> Room | None:
        named = self._with_name(account_sid, unique_name)
        room = named[-1] if named else None
        in_progress = room is not None and room.settled_status is RoomStatus.IN_PROGRESS
        return room if in_progress else None

    def scan(
        self, account_sid: str, query: RoomQuery, key: SortKey | None, *, newer: bool, skip: int = 0
    ) -> Iterator[Room]:
        """Matching rooms beyond ``key`` (exclusive), less the first ``skip``, as
        ``RecordingStore.scan`` walks."""
        self._file_pending()
        bounds = runs.epoch_bounds(query.created_after, query.created_before)
        if query.unique_name is None:
            run = self._by_status.get((account_sid, query.status), [])
            for entry in runs.walk(run, key, newer, bounds, skip):
                yield self.rooms[entry[2]]
            return
        named = sorted(_entry(room) for room in self._with_name(account_sid, query.unique_name))
        for entry in runs.walk(named, key, newer, bounds):
            room = self.rooms[entry[2]]
            if room.settled_status is query.status:  # its name and dates are the walk's
                if skip:
                    skip -= 1
                else:
                    yield room
