"""What happens in rooms: they open and end, participants connect, publish, mute and leave,
and recording rules decide which of their tracks are recorded."""

from __future__ import annotations

from typing import Any

from fakerec import errors
from fakerec.domain import checks, events, rules, subscriptions
from fakerec.domain.context import Context
from fakerec.domain.models import (
    CODECS,
    DEFAULT_BITRATE_KBPS,
    DEFAULT_CODEC,
    RECORDED_KINDS,
    Participant,
    Room,
    RoomStatus,
    Track,
)
from fakerec.domain.recorder import Recorder, whole_seconds
from fakerec.domain.rooms import RoomStore
from fakerec.errors import UsageError


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
        """A new in-progress room; a unique name an in-progress room has is Twilio's 53113."""
        unique_name = options.get("unique_name")
        if unique_name and self._rooms.in_progress_named(account_sid, unique_name):
            raise errors.room_exists(unique_name)
        room = Room(
            self._operations,
            self._sids.sid("RM"),
            account_sid,
            whole_seconds(self._clock.now()),
            **options,
        )
        self.add_room(room)
        self._bus.emit(room, "room-created", room.date_created)
        return room

    def add_room(self, room: Room) -> None:
        room.seq = self._timeline.next_seq()
        self._rooms.add(room)

    def complete_room(self, room: Room) -> None:
        if room.status is not RoomStatus.IN_PROGRESS:
            return
        for participant in list(room.participants.values()):
            if participant.connected:
                self._disconnect(participant)
        now = self._clock.now()
        self._rooms.set_status(room, RoomStatus.COMPLETED)
        room.end_time = whole_seconds(now)
        room.date_updated = room.end_time
        self._bus.emit(room, "room-ended", now, {"RoomDuration": str(room.duration)})

    # --- participants ------------------------------------------------------------------

    def connect(self, room: Room, identity: str) -> Participant:
        if room.status is not RoomStatus.IN_PROGRESS:
            raise UsageError(f"cannot connect to {room!r}: it is {room.status.value}")
        if not isinstance(identity, str) or not identity:
            raise UsageError(f"identity is a non-empty string, not {identity!r}")
        participant = Participant(self._operations, self._sids.sid("PA"), room, identity)
        participant.connected_at = self._clock.now()
        participant.rules_updated = participant.connected_at
        participant.seq = self._timeline.next_seq()
        room.participants[participant.sid] = participant
        self._rooms.participants[participant.sid] = participant
        self._bus.emit(
            room, "participant-connected", participant.connected_at, events.participant(participant)
        )
        return participant

    def disconnect(self, participant: Participant) -> None:
        if participant.connected:
            self._disconnect(participant)

    def _disconnect(self, participant: Participant) -> None:
        for track in participant.tracks:
            if track.published:
                self._unpublish(track)
        participant.connected = False
        now = self._clock.now()
        participant.disconnected_at = now
        self._bus.emit(
            participant.room, "participant-disconnected", now, events.participant(participant, now)
        )

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
        if not participant.connected:
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
            self._unpublish(track)

    def _unpublish(self, track: Track) -> None:
        self._recorder.end_capture(track)
        track.published = False
        self._bus.emit(
            track.participant.room, "track-removed", self._clock.now(), events.track(track)
        )

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
        if not participant.connected:
            raise errors.participant_not_connected(participant.sid)
        participant.subscribe_rules = clean
        participant.rules_updated = self._clock.now()

    # --- recording rules ---------------------------------------------------------------

    def set_recording_rules(self, room: Room, new_rules: Any) -> None:
        """Replace the rules and re-evaluate every published track against them."""
        if room.status is not RoomStatus.IN_PROGRESS:
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
    if room.status is not RoomStatus.IN_PROGRESS or track.kind not in RECORDED_KINDS:
        return False
    name = track.name or track.sid
    return rules.records(room.recording_rules, track.kind, track.participant.identity, name)
