"""What happens in rooms: they open and end, participants connect, publish, mute and leave,
and recording rules decide which of their tracks are recorded."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fakerec import errors
from fakerec.domain import checks, events, rules, subscriptions
from fakerec.domain.context import Context
from fakerec.domain.models import Participant, Room, Track
from fakerec.domain.recorder import Recorder, whole_seconds
from fakerec.domain.rooms import RoomStore
from fakerec.domain.timeline import PARTICIPANT_LIMIT, ROOM_TIMEOUT
from fakerec.domain.vocabulary import (
    CODECS,
    DEFAULT_BITRATE_KBPS,
    DEFAULT_CODEC,
    RECORDED_KINDS,
    RoomStatus,
)
from fakerec.errors import UsageError

#: The room types that record: Twilio's peer-to-peer and go rooms have no media server, so
#: RecordParticipantsOnConnect "is not available in peer-to-peer rooms" [DOC: Rooms resource].
RECORDING_ROOM_TYPES = ("group", "group-small")


class RoomActivity:
    def __init__(self, context: Context, rooms: RoomStore, recorder: Recorder) -> None:
        self._operations = context.operations
        self._clock = context.clock
        self._sids = context.sids
        self._timeline = context.timeline
        self._bus = context.bus
        self._rooms = rooms
        self._recorder = recorder

    # --- rooms -------------------------------------------------------------------------

    def create_room(self, account_sid: str, **options: Any) -> Room:
        """A new in-progress room; a unique name an in-progress room has is Twilio's 53113.

        It ends itself ``unused_room_timeout`` minutes on unless someone connects first.
        """
        unique_name = options.get("unique_name")
        room_type = options.get("type", "group")
        if options.get("record_participants_on_connect") and room_type not in RECORDING_ROOM_TYPES:
            raise errors.room_parameters_incompatible(
                f"RecordParticipantsOnConnect is not available in {room_type} rooms"
            )
        if unique_name and self._rooms.in_progress_named(account_sid, unique_name):
            raise errors.room_exists(unique_name)
        now = self._clock.now()
        room = Room(
            self._operations,
            self._sids.sid("RM"),
            account_sid,
            whole_seconds(now),
            **options,
        )
        self.add_room(room)
        self._bus.emit(room, "room-created", room.date_created)
        self._ends_after(room, now, room.unused_room_timeout)
        return room

    def add_room(self, room: Room) -> None:
        room.seq = self._timeline.next_seq()
        self._rooms.add(room)

    def complete_room(self, room: Room, at: datetime | None = None) -> None:
        """End the room now, or at ``at`` (a timeout that fell due before the clock's now):
        everyone still connected is disconnected first."""
        if room.settled_status is not RoomStatus.IN_PROGRESS:
            return
        now = self._clock.now() if at is None else at
        for participant in list(room.participants.values()):
            if participant.settled_connected:
                self._disconnect(participant, now, ending=True)
        self._rooms.set_status(room, RoomStatus.COMPLETED)
        room.ends_at = None
        room.end_time = whole_seconds(now)
        room.date_updated = room.end_time
        self._bus.emit(room, "room-ended", now, {"RoomDuration": str(room.duration)})

    def _ends_after(self, room: Room, since: datetime, minutes: int) -> None:
        """The room ends itself ``minutes`` after ``since`` unless someone connects first."""
        room.ends_at = since + timedelta(minutes=minutes)
        self._timeline.schedule(room.ends_at, ROOM_TIMEOUT, room.sid)

    def apply(self, at: datetime, action: str, sid: str) -> None:
        """A room timeout or a participant's MaxParticipantDuration that fell due at ``at``;
        one that no longer applies (someone connected, the participant left) does nothing."""
        if action == ROOM_TIMEOUT:
            room = self._rooms.rooms.get(sid)
            if (
                room is not None
                and room.settled_status is RoomStatus.IN_PROGRESS
                and room.ends_at == at
            ):
                self.complete_room(room, at)
        elif action == PARTICIPANT_LIMIT:
            participant = self._rooms.participants.get(sid)
            if participant is not None and participant.settled_connected:
                self._disconnect(participant, at)

    # --- participants ------------------------------------------------------------------

    def connect(self, room: Room, identity: str) -> Participant:
        """A new connected participant; it is disconnected ``max_participant_duration``
        seconds on, and the room's unused or empty timeout no longer runs."""
        if room.settled_status is not RoomStatus.IN_PROGRESS:
            raise UsageError(f"cannot connect to {room!r}: it is {room.settled_status.value}")
        if not isinstance(identity, str) or not identity:
            raise UsageError(f"identity is a non-empty string, not {identity!r}")
        participant = Participant(self._operations, self._sids.sid("PA"), room, identity)
        now = self._clock.now()
        participant.connected_at = now
        participant.rules_updated = now
        participant.seq = self._timeline.next_seq()
        room.participants[participant.sid] = participant
        room.connected_count += 1
        room.ends_at = None
        self._rooms.participants[participant.sid] = participant
        self._timeline.schedule(
            now + timedelta(seconds=room.max_participant_duration),
            PARTICIPANT_LIMIT,
            participant.sid,
        )
        self._bus.emit(room, "participant-connected", now, events.participant(participant))
        return participant

    def disconnect(self, participant: Participant) -> None:
        if participant.settled_connected:
            self._disconnect(participant, self._clock.now())

    def _disconnect(self, participant: Participant, at: datetime, *, ending: bool = False) -> None:
        """Leave at ``at``; the last to leave a room that is not ``ending`` starts its empty
        timeout."""
        for track in participant.tracks:
            if track.published:
                self._unpublish(track, at)
        participant.settled_connected = False
        participant.disconnected_at = at
        room = participant.room
        room.connected_count -= 1
        self._bus.emit(room, "participant-disconnected", at, events.participant(participant, at))
        if not ending and room.connected_count == 0:
            self._ends_after(room, at, room.empty_room_timeout)

    # --- tracks ------------------------------------------------------------------------

    def publish(
        self,
        participant: Participant,
        kind: str,
        name: str | None,
        *,
        codec: str | None,
        bitrate: int | None,
    ) -> Track:
        if not participant.settled_connected:
            raise UsageError(f"{participant!r} has disconnected and cannot publish")
        if kind not in ("audio", "video", "data"):
            raise UsageError(f"track kind must be audio, video or data, not {kind!r}")
        if name is not None:
            checks.text("name", name)
        if bitrate is not None:
            checks.whole("bitrate", bitrate, minimum=1)
        if kind in CODECS:
            codec = (codec or DEFAULT_CODEC[kind]).upper()
            if codec not in CODECS[kind]:
                raise UsageError(f"{kind} codec must be one of {CODECS[kind]}, not {codec!r}")
        track = Track(
            self._operations,
            self._sids.sid("MT"),
            participant,
            kind,
            name,
            codec or "",
            bitrate if bitrate is not None else DEFAULT_BITRATE_KBPS.get(kind, 0),
        )
        now = self._clock.now()
        track.enabled_since = track.date_created = now
        track.seq = self._timeline.next_seq()
        participant.tracks.append(track)
        self._rooms.tracks[track.sid] = track
        self._bus.emit(participant.room, "track-added", now, events.track(track))
        if _rule_includes(participant.room, track):
            self._recorder.start(track)
        return track

    def unpublish(self, track: Track) -> None:
        if track.published:
            self._unpublish(track, self._clock.now())

    def _unpublish(self, track: Track, at: datetime) -> None:
        self._recorder.end_capture(track, at)
        track.published = False
        self._bus.emit(track.participant.room, "track-removed", at, events.track(track))

    def set_track_enabled(self, track: Track, enabled: bool) -> None:
        """Mute or unmute. Enabled for no time at all (muted the instant it was published or
        unmuted) writes no media; enabled for any span, or when capture ends, does."""
        if enabled == track.enabled:
            return
        now = self._clock.now()
        if not enabled:
            if track.enabled_since is not None and now > track.enabled_since:
                self._recorder.mark_media(track)
            track.enabled_since = None
        else:
            track.enabled_since = now
        track.enabled = enabled
        event = "track-enabled" if enabled else "track-disabled"
        self._bus.emit(track.participant.room, event, now, events.track(track))

    def set_subscribe_rules(self, participant: Participant, new_rules: Any) -> None:
        """Replace a connected participant's subscribe rules (what it subscribes to follows)."""
        clean = subscriptions.validate(new_rules)
        if not participant.settled_connected:
            raise errors.participant_not_connected(participant.sid)
        participant.subscribe_rules = clean
        participant.rules_updated = self._clock.now()

    # --- recording rules ---------------------------------------------------------------

    def set_recording_rules(self, room: Room, new_rules: Any) -> None:
        """Replace the rules and re-evaluate every published track against them."""
        if room.settled_status is not RoomStatus.IN_PROGRESS:
            raise errors.room_not_in_progress()
        room.recording_rules = rules.validate(new_rules)
        room.rules_updated = whole_seconds(self._clock.now())
        for participant in room.participants.values():
            for track in participant.tracks:
                if not track.published:
                    continue
                capturing = track.recording is not None and track.recording.capture_ended is None
                included = _rule_includes(room, track)
                if included and not capturing:
                    self._recorder.start(track)
                elif capturing and not included:
                    self._recorder.end_capture(track)


def _rule_includes(room: Room, track: Track) -> bool:
    """Whether the room's rules record the track now: never in a peer-to-peer or go room."""
    if room.settled_status is not RoomStatus.IN_PROGRESS or track.kind not in RECORDED_KINDS:
        return False
    if room.type not in RECORDING_ROOM_TYPES:
        return False
    name = track.name or track.sid
    return rules.records(room.recording_rules, track.kind, track.participant.identity, name)
