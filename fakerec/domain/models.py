"""The live entities of the recordings domain: rooms, participants, tracks, recordings.

Handles given to tests are the live objects themselves. What they do they ask of the
``Operations`` they were made with (the backend, which they never import): reading
``recording.status`` first lets every transition that fell due on the clock happen.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from fakerec.domain.vocabulary import (
    CONTAINER,
    RecordingStatus,
    RoomStatus,
)


class Operations(Protocol):
    """What the entities' own methods ask of the backend."""

    def settle(self) -> None: ...

    def connect(self, room: Room, identity: str) -> Participant: ...

    def complete_room(self, room: Room) -> None: ...

    def set_recording_rules(self, room: Room, new_rules: Any) -> None: ...

    def room_recordings(self, room: Room) -> list[Recording]: ...

    def publish(
        self,
        participant: Participant,
        kind: str,
        name: str | None,
        *,
        codec: str | None,
        bitrate: int | None,
    ) -> Track: ...

    def disconnect(self, participant: Participant) -> None: ...

    def set_track_enabled(self, track: Track, enabled: bool) -> None: ...

    def unpublish(self, track: Track) -> None: ...

    def fail_recording(self, recording: Recording, operation: str) -> None: ...


class Room:
    """A Video room; its control-plane methods are what a real room's participants would do."""

    __slots__ = (
        "_backend",
        "account_sid",
        "audio_only",
        "callback_sequence",
        "connected_count",
        "date_created",
        "date_updated",
        "empty_room_timeout",
        "end_time",
        "ends_at",
        "large_room",
        "max_concurrent_published_tracks",
        "max_participant_duration",
        "max_participants",
        "media_region",
        "participants",
        "record_participants_on_connect",
        "recording_rules",
        "rules_updated",
        "seq",
        "settled_status",
        "sid",
        "status_callback",
        "status_callback_method",
        "type",
        "unique_name",
        "unused_room_timeout",
        "video_codecs",
    )

    def __init__(
        self,
        backend: Operations,
        sid: str,
        account_sid: str,
        created: datetime,
        *,
        unique_name: str | None = None,
        type: str = "group",
        record_participants_on_connect: bool = False,
        status_callback: str | None = None,
        status_callback_method: str = "POST",
        video_codecs: list[str] | None = None,
        media_region: str = "us1",
        max_participants: int | None = None,
        max_participant_duration: int = 14400,
        empty_room_timeout: int = 5,
        unused_room_timeout: int = 5,
        audio_only: bool = False,
        large_room: bool = False,
    ) -> None:
        self._backend = backend
        self.sid = sid
        self.account_sid = account_sid
        self.unique_name = unique_name if unique_name else sid
        self.type = type
        #: The status as of the last ``settle()``; ``status`` settles first.
        self.settled_status = RoomStatus.IN_PROGRESS
        self.date_created = created
        self.date_updated = created
        self.end_time: datetime | None = None
        self.record_participants_on_connect = record_participants_on_connect
        self.status_callback = status_callback
        self.status_callback_method = status_callback_method
        self.video_codecs = tuple(video_codecs) if video_codecs else _DEFAULT_VIDEO_CODECS
        self.media_region = media_region
        self.max_participants = max_participants or _DEFAULT_MAX_PARTICIPANTS.get(type, 50)
        self.max_participant_duration = max_participant_duration
        self.max_concurrent_published_tracks = 170 if type in ("group", "group-small") else 0
        self.empty_room_timeout = empty_room_timeout
        self.unused_room_timeout = unused_room_timeout
        self.audio_only = audio_only
        self.large_room = large_room
        # Replaced whole, never changed in place: a room that records nothing shares one empty
        # tuple (a seeded store has a room per recording, and each list is one more object
        # for the garbage collector to visit).
        self.recording_rules: Sequence[dict[str, Any]] = (
            [{"type": "include", "all": True}] if record_participants_on_connect else ()
        )
        self.participants: dict[str, Participant] = {}
        self.rules_updated = created
        self.callback_sequence = 0
        self.seq = 0
        #: Participants connected now: the last one to leave starts the empty-room timeout.
        self.connected_count = 0
        #: When the room ends itself (unused or empty timeout) unless someone connects first;
        #: None while someone is connected, or for a room that never times out (a seeded one).
        self.ends_at: datetime | None = None

    @property
    def status(self) -> RoomStatus:
        """The status now: reading it first applies whatever the clock made due (a timeout)."""
        self._backend.settle()
        return self.settled_status

    @property
    def duration(self) -> int | None:
        if self.end_time is None:
            return None
        return int((self.end_time - self.date_created).total_seconds())

    def connect(self, identity: str) -> Participant:
        return self._backend.connect(self, identity)

    def complete(self) -> None:
        self._backend.complete_room(self)

    def set_recording_rules(self, rules: list[dict[str, Any]]) -> None:
        self._backend.set_recording_rules(self, rules)

    @property
    def recordings(self) -> list[Recording]:
        """This room's recordings (any status but purged), newest first."""
        return self._backend.room_recordings(self)

    def __repr__(self) -> str:
        return f"Room({self.sid}, {self.unique_name!r}, {self.settled_status.value})"


_DEFAULT_VIDEO_CODECS = ("VP8", "H264")
_DEFAULT_MAX_PARTICIPANTS = {"group": 50, "group-small": 4, "peer-to-peer": 10, "go": 2}


class Participant:
    def __init__(self, backend: Operations, sid: str, room: Room, identity: str) -> None:
        self._backend = backend
        self.sid = sid
        self.room = room
        self.identity = identity
        #: Whether connected as of the last ``settle()``; ``connected`` settles first.
        self.settled_connected = True
        self.connected_at: datetime | None = None
        self.disconnected_at: datetime | None = None
        self.tracks: list[Track] = []
        #: Place in the room's Participants list among those connected in the same second.
        self.seq = 0
        #: Twilio feeds every participant the subscribe-to-all rule as it connects [DOC].
        self.subscribe_rules: list[dict[str, Any]] = [{"type": "include", "all": True}]
        self.rules_updated: datetime | None = None

    @property
    def status(self) -> str:
        return "connected" if self.connected else "disconnected"

    @property
    def connected(self) -> bool:
        """Connected now: reading it first applies what the clock made due (the room's
        MaxParticipantDuration, say)."""
        self._backend.settle()
        return self.settled_connected

    @connected.setter
    def connected(self, value: bool) -> None:
        self.settled_connected = value

    def publish(
        self,
        kind: str,
        name: str | None = None,
        *,
        codec: str | None = None,
        bitrate: int | None = None,
    ) -> Track:
        """Publish a track; in a recorded room this starts a ``processing`` recording.

        ``bitrate`` is in kbps and decides the recording's ``size``.
        """
        return self._backend.publish(self, kind, name, codec=codec, bitrate=bitrate)

    def disconnect(self) -> None:
        self._backend.disconnect(self)

    def __repr__(self) -> str:
        return f"Participant({self.sid}, {self.identity!r})"


class Track:
    def __init__(
        self,
        backend: Operations,
        sid: str,
        participant: Participant,
        kind: str,
        name: str | None,
        codec: str,
        bitrate: int,
    ) -> None:
        self._backend = backend
        self.sid = sid
        self.participant = participant
        self.kind = kind
        self.name = name
        self.codec = codec
        self.bitrate = bitrate
        self.enabled = True
        self.date_created: datetime | None = None
        self.seq = 0
        #: Twilio's default publish priority; the fake never publishes at another.
        self.priority = "standard"
        #: When the track was last unmuted (or published unmuted); None while muted.
        self.enabled_since: datetime | None = None
        self.published = True
        #: Every recording this track has had, oldest first (a re-included track gets a new one).
        self.recordings: list[Recording] = []

    @property
    def recording(self) -> Recording | None:
        """The track's latest recording, or None when it was never recorded."""
        return self.recordings[-1] if self.recordings else None

    def mute(self) -> None:
        self._backend.set_track_enabled(self, False)

    def unmute(self) -> None:
        self._backend.set_track_enabled(self, True)

    def unpublish(self) -> None:
        self._backend.unpublish(self)

    def __repr__(self) -> str:
        return f"Track({self.sid}, {self.kind}, {self.name!r})"


class Recording:
    """One track recording. ``status``, ``duration`` and ``size`` are read as of now."""

    __slots__ = (
        "_backend",
        "account_sid",
        "bitrate",
        "capture_ended",
        "capture_started",
        "codec",
        "date_created",
        "deleted_at",
        "failed_operation",
        "final_duration",
        "final_size",
        "has_media",
        "media_external_location",
        "offset",
        "participant_sid",
        "room_sid",
        "seq",
        "settled_status",
        "sid",
        "source_sid",
        "status_callback",
        "status_callback_method",
        "track",
        "track_name",
        "type",
    )

    def __init__(
        self,
        backend: Operations,
        *,
        sid: str,
        seq: int,
        account_sid: str,
        room_sid: str,
        participant_sid: str,
        source_sid: str,
        type: str,
        codec: str,
        track_name: str,
        date_created: datetime,
        offset: int,
        bitrate: int,
        status_callback: str | None,
        status_callback_method: str,
        media_external_location: str | None = None,
        track: Track | None = None,
    ) -> None:
        self._backend = backend
        #: The status as of the last ``settle()``; ``status`` settles first.
        self.settled_status = RecordingStatus.PROCESSING
        self.sid = sid
        self.seq = seq
        self.account_sid = account_sid
        self.room_sid = room_sid
        self.participant_sid = participant_sid
        self.source_sid = source_sid
        self.type = type
        self.codec = codec
        self.track_name = track_name
        self.date_created = date_created
        self.offset = offset
        self.bitrate = bitrate
        self.status_callback = status_callback
        self.status_callback_method = status_callback_method
        self.media_external_location = media_external_location
        self.track = track
        self.capture_started = date_created
        self.capture_ended: datetime | None = None
        self.deleted_at: datetime | None = None
        self.failed_operation: str | None = None
        self.final_duration: int | None = None
        self.final_size: int | None = None
        #: Whether media was written: False while the track was muted for the whole capture.
        self.has_media = True

    @property
    def status(self) -> RecordingStatus:
        self._backend.settle()
        return self.settled_status

    @property
    def duration(self) -> int:
        self._backend.settle()
        return self.final_duration or 0

    @property
    def size(self) -> int:
        self._backend.settle()
        return self.final_size or 0

    @property
    def container_format(self) -> str:
        return CONTAINER[self.type]

    @property
    def grouping_sids(self) -> dict[str, str]:
        return {"room_sid": self.room_sid, "participant_sid": self.participant_sid}

    @property
    def media_available(self) -> bool:
        """Whether ``/Media`` can redirect: completed, and not muted throughout."""
        return self.status is RecordingStatus.COMPLETED and self.has_media

    def fail(self, operation: str = "RecordingUpload") -> None:
        """Inject a failure: a processing recording becomes ``failed``."""
        self._backend.fail_recording(self, operation)

    def __repr__(self) -> str:
        return f"Recording({self.sid}, {self.settled_status.value})"


__all__ = ["Operations", "Participant", "Recording", "Room", "Track"]
