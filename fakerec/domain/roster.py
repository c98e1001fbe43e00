"""Every room's participants in the order of its Participants list, found by SID or identity.

Each room keeps its own sorted list of ``(start epoch second, creation seq, sid)``, so a
Participants page walks one room's list from the cursor: never the other rooms, never the
other rooms' participants. Newest first, as every list of the fake [DECIDED].
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from fakerec.domain import sorted_entries as runs
from fakerec.domain.models import Participant, Room, Track
from fakerec.domain.sorted_entries import Entry, SortKey
from fakerec.domain.vocabulary import RoomStatus


def participant_key(participant: Participant) -> SortKey:
    started = participant.connected_at
    return (0 if started is None else int(started.timestamp()), participant.seq)


def track_key(track: Track) -> SortKey:
    created = track.date_created
    return (0 if created is None else int(created.timestamp()), track.seq)


@dataclass(frozen=True)
class ParticipantQuery:
    """Participants list filters, combined with AND.

    No ``status``: ``connected`` in an in-progress room, ``disconnected`` in a completed one
    (only disconnected participants are left there) [DOC: Twilio's Participants page].
    """

    status: str | None = None
    identity: str | None = None
    created_after: datetime | None = None  # inclusive
    created_before: datetime | None = None  # exclusive

    def for_room(self, room: Room) -> ParticipantQuery:
        if self.status is not None:
            return self
        in_progress = room.settled_status is RoomStatus.IN_PROGRESS
        return ParticipantQuery(
            "connected" if in_progress else "disconnected",
            self.identity,
            self.created_after,
            self.created_before,
        )

    def matches(self, participant: Participant) -> bool:
        if self.status is not None and participant.status != self.status:
            return False
        if self.identity is not None and participant.identity != self.identity:
            return False
        started = participant.connected_at
        if started is None:
            return False
        if self.created_after is not None and started < self.created_after:
            return False
        return not (self.created_before is not None and started >= self.created_before)


class Roster:
    def __init__(self) -> None:
        self._entries: dict[str, list[Entry]] = {}

    def add(self, participant: Participant) -> None:
        """Enter a participant that has just connected into its room's list."""
        entry = (*participant_key(participant), participant.sid)
        insort(self._entries.setdefault(participant.room.sid, []), entry)

    def scan(
        self,
        room: Room,
        query: ParticipantQuery,
        key: SortKey | None,
        *,
        newer: bool,
        skip: int = 0,
    ) -> Iterator[Participant]:
        """Matching participants of ``room`` beyond ``key`` (exclusive), less the first
        ``skip``, as the store walks."""
        query = query.for_room(room)
        everyone = room.participants
        for entry in runs.walk(self._entries.get(room.sid, []), key, newer):
            participant = everyone[entry[2]]
            if query.matches(participant):
                if skip:
                    skip -= 1
                else:
                    yield participant


def find(room: Room, sid_or_identity: str) -> Participant | None:
    """A participant of ``room`` by SID, or a connected one by identity [DOC]."""
    participant = room.participants.get(sid_or_identity)
    if participant is not None:
        return participant
    for candidate in reversed(room.participants.values()):
        if candidate.settled_connected and candidate.identity == sid_or_identity:
            return candidate
    return None


def published(participant: Participant) -> list[Track]:
    """The tracks ``participant`` publishes now (only those are listed [DOC])."""
    return [track for track in participant.tracks if track.published]


def find_published(participant: Participant, sid_or_name: str) -> Track | None:
    """A track ``participant`` publishes now, by SID or by name [DOC]."""
    tracks = published(participant)
    for track in tracks:
        if track.sid == sid_or_name:
            return track
    for track in tracks:
        if track.name == sid_or_name:
            return track
    return None
