"""The reference model's rooms and participants: when each ends itself, spelled out plainly.

SPEC section 10: a room nobody ever joined ends ``UnusedRoomTimeout`` minutes after it was
created; one whose last participant left ends ``EmptyRoomTimeout`` minutes after that leave
(someone connecting before then stops it); a participant connected for the room's
``MaxParticipantDuration`` seconds is disconnected. Everything happens at its due instant, to
the microsecond, whatever the clock jumped to; ``end_time`` is that instant without its fraction.

Like the rest of the reference model: plain lists and loops, slow on purpose, no Hypothesis.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

#: Twilio's defaults [DOC: Rooms resource]: 5 minutes each, 4 hours.
DEFAULT_TIMEOUT_MINUTES = 5
DEFAULT_MAX_PARTICIPANT_SECONDS = 14400


@dataclass
class RefRoom:
    sid: str
    account_sid: str
    created: datetime  # exact
    unused_timeout: timedelta
    empty_timeout: timedelta
    max_participant_duration: timedelta
    status: str = "in-progress"
    #: Whether anyone ever connected: the empty timeout applies, not the unused one.
    joined: bool = False
    last_left: datetime | None = None
    ended: datetime | None = None  # exact

    @property
    def date_created(self) -> datetime:
        return self.created.replace(microsecond=0)

    @property
    def end_time(self) -> datetime | None:
        return None if self.ended is None else self.ended.replace(microsecond=0)


@dataclass
class RefParticipant:
    sid: str
    room_sid: str
    connected_at: datetime
    left_at: datetime | None = None

    @property
    def connected(self) -> bool:
        return self.left_at is None


class RoomModel:
    def __init__(self) -> None:
        self.rooms: list[RefRoom] = []
        self.participants: list[RefParticipant] = []

    def room(self, sid: str) -> RefRoom | None:
        for room in self.rooms:
            if room.sid == sid:
                return room
        return None

    def participant(self, sid: str) -> RefParticipant | None:
        for participant in self.participants:
            if participant.sid == sid:
                return participant
        return None

    def in_room(self, room_sid: str) -> list[RefParticipant]:
        """The participants connected to the room now."""
        return [p for p in self.participants if p.room_sid == room_sid and p.connected]

    # --- what happened -----------------------------------------------------------------

    def created(
        self,
        sid: str,
        account_sid: str,
        at: datetime,
        *,
        unused_timeout: int | None = None,
        empty_timeout: int | None = None,
        max_participant_duration: int | None = None,
    ) -> None:
        """A room created at ``at``; None is Twilio's default."""
        if unused_timeout is None:
            unused_timeout = DEFAULT_TIMEOUT_MINUTES
        if empty_timeout is None:
            empty_timeout = DEFAULT_TIMEOUT_MINUTES
        if max_participant_duration is None:
            max_participant_duration = DEFAULT_MAX_PARTICIPANT_SECONDS
        self.rooms.append(
            RefRoom(
                sid=sid,
                account_sid=account_sid,
                created=at,
                unused_timeout=timedelta(minutes=unused_timeout),
                empty_timeout=timedelta(minutes=empty_timeout),
                max_participant_duration=timedelta(seconds=max_participant_duration),
            )
        )

    def connected(self, room_sid: str, participant_sid: str, at: datetime) -> None:
        room = self.room(room_sid)
        assert room is not None and room.status == "in-progress", f"{room_sid} is not open"
        room.joined = True
        self.participants.append(RefParticipant(participant_sid, room_sid, at))

    def left(self, participant: RefParticipant, at: datetime) -> None:
        participant.left_at = at
        room = self.room(participant.room_sid)
        if room is not None and not self.in_room(room.sid):
            room.last_left = at

    def ended(self, room: RefRoom, at: datetime) -> None:
        """The room completes at ``at`` (whoever is still connected has left by then)."""
        room.status = "completed"
        room.ended = at

    # --- what the clock will do ----------------------------------------------------------

    def due(self) -> list[tuple[datetime, str, str]]:
        """Every pending timeout: (when, "leave" or "end", participant or room SID)."""
        pending: list[tuple[datetime, str, str]] = []
        for room in self.rooms:
            if room.status != "in-progress":
                continue
            here = self.in_room(room.sid)
            for participant in here:
                at = participant.connected_at + room.max_participant_duration
                pending.append((at, "leave", participant.sid))
            if here:
                continue
            if room.joined:
                assert room.last_left is not None
                pending.append((room.last_left + room.empty_timeout, "end", room.sid))
            else:
                pending.append((room.created + room.unused_timeout, "end", room.sid))
        return pending

    def next_due(self, now: datetime) -> tuple[datetime, str, str] | None:
        """The earliest pending timeout due by ``now``, or None."""
        earliest: tuple[datetime, str, str] | None = None
        for entry in self.due():
            if entry[0] <= now and (earliest is None or entry[0] < earliest[0]):
                earliest = entry
        return earliest
