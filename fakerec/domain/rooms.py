"""The rooms of one fake, and the participants and tracks in them, found by SID or name."""

from __future__ import annotations

from collections.abc import Iterator

from fakerec.domain.index import Entry, walk_sorted
from fakerec.domain.models import Participant, Room, RoomStatus, Track
from fakerec.domain.query import RoomQuery
from fakerec.domain.store import SortKey


def room_key(room: Room) -> SortKey:
    """A room's place in the newest-first order of the Rooms list."""
    return (int(room.date_created.timestamp()), room.seq)


class RoomStore:
    def __init__(self) -> None:
        self.rooms: dict[str, Room] = {}
        self._by_account: dict[str, list[Room]] = {}
        self.participants: dict[str, Participant] = {}
        self.tracks: dict[str, Track] = {}
        #: (account, unique name) -> the room that had it last; in progress or not is checked
        #: on lookup (a room only ever leaves in-progress), so no list of rooms is scanned.
        self._named: dict[tuple[str, str], Room] = {}

    def add(self, room: Room) -> None:
        self.rooms[room.sid] = room
        self._by_account.setdefault(room.account_sid, []).append(room)
        if room.status is RoomStatus.IN_PROGRESS:
            self._named[(room.account_sid, room.unique_name)] = room

    def find(self, account_sid: str, sid_or_name: str) -> Room | None:
        """A room by SID, or by the unique name of an in-progress room."""
        room = self.rooms.get(sid_or_name)
        if room is not None and room.account_sid == account_sid:
            return room
        # Another account's SID is, to this account, just a name: as if the other did not exist.
        return self.in_progress_named(account_sid, sid_or_name)

    def in_progress_named(self, account_sid: str, unique_name: str) -> Room | None:
        room = self._named.get((account_sid, unique_name))
        return room if room is not None and room.status is RoomStatus.IN_PROGRESS else None

    def matching(self, account_sid: str, query: RoomQuery) -> list[Room]:
        """Matching rooms, oldest first (the order of their sort keys)."""
        rooms = self._by_account.get(account_sid, [])
        return sorted((room for room in rooms if query.matches(room)), key=room_key)

    def scan(
        self, account_sid: str, query: RoomQuery, key: SortKey | None, *, newer: bool
    ) -> Iterator[Room]:
        """Matching rooms beyond ``key`` (exclusive), as ``RecordingStore.scan`` walks."""
        rooms = {room.sid: room for room in self.matching(account_sid, query)}
        entries: list[Entry] = [(*room_key(room), sid) for sid, room in rooms.items()]
        for entry in walk_sorted(entries, key, newer):
            yield rooms[entry[2]]
