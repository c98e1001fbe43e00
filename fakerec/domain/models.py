"""Entities of the recordings domain and the lifecycle's transition table.

Handles given to tests (``Room``, ``Participant``, ``Track``, ``Recording``) are the live
objects themselves: reading ``recording.status`` first lets the backend apply every
transition that has fallen due on the clock.
"""

from __future__ import annotations

from datetime import datetime, timezone
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fakerec.domain.backend import VideoBackend

#: The fixed "arbitrary point in time, common to all group rooms" behind ``offset``.
VIDEO_EPOCH = datetime(2015, 1, 1, tzinfo=timezone.utc)

#: Bitrates (kbps) the fake records at unless a track says otherwise: the middle rows of
#: Twilio's size-estimation tables.
DEFAULT_BITRATE_KBPS = {"audio": 32, "video": 700}
DEFAULT_CODEC = {"audio": "OPUS", "video": "VP8"}
CODECS = {"audio": ("OPUS", "PCMU"), "video": ("VP8", "H264")}
CONTAINER = {"audio": "mka", "video": "mkv"}
RECORDED_KINDS = ("audio", "video")


def recording_size(bitrate_kbps: int, duration: int) -> int:
    """Bytes of media: bitrate x duration / 8 [DOC], with the bitrate in kilobits per second."""
    return bitrate_kbps * 125 * duration


class RecordingStatus(str, Enum):
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"
    DELETED = "deleted"
    #: Not an API value: the metadata is gone (30 days after the delete); 404 everywhere.
    PURGED = "purged"


#: The statuses the REST API shows and accepts as a filter.
API_STATUSES = frozenset(s.value for s in RecordingStatus if s is not RecordingStatus.PURGED)


class RoomStatus(str, Enum):
    IN_PROGRESS = "in-progress"
    COMPLETED = "completed"
    FAILED = "failed"


#: The recording lifecycle as data: (from, event, to). ``None`` is "no recording yet".
#: The backend's transitions and the README's diagram are both checked against this table.
TRANSITIONS: tuple[tuple[RecordingStatus | None, str, RecordingStatus], ...] = (
    (None, "track published in a recorded room", RecordingStatus.PROCESSING),
    (RecordingStatus.PROCESSING, "processing delay after capture ends", RecordingStatus.COMPLETED),
    (RecordingStatus.PROCESSING, "fail (injected)", RecordingStatus.FAILED),
    (RecordingStatus.PROCESSING, "DELETE (media never written)", RecordingStatus.DELETED),
    (RecordingStatus.COMPLETED, "DELETE", RecordingStatus.DELETED),
    (RecordingStatus.FAILED, "DELETE", RecordingStatus.DELETED),
    (RecordingStatus.DELETED, "DELETE again (no change)", RecordingStatus.DELETED),
    (RecordingStatus.DELETED, "30 days after the delete", RecordingStatus.PURGED),
)


class RecordingSettings:
    """The account's /v1/RecordingSettings/Default: external S3 storage and encryption."""

    __slots__ = (
        "aws_credentials_sid",
        "aws_s3_url",
        "aws_storage_enabled",
        "encryption_enabled",
        "encryption_key_sid",
        "friendly_name",
    )

    def __init__(self) -> None:
        self.friendly_name: str | None = None
        self.aws_credentials_sid: str | None = None
        self.aws_s3_url: str | None = None
        self.aws_storage_enabled: bool | None = None
        self.encryption_key_sid: str | None = None
        self.encryption_enabled: bool | None = None

    def external_location(self, sid: str, container: str) -> str | None:
        """Where a new recording's media goes when external storage is on [DECIDED]."""
        if not self.aws_storage_enabled or not self.aws_s3_url:
            return None
        return f"{self.aws_s3_url.rstrip('/')}/{sid}.{container}"


class Account:
    __slots__ = ("api_keys", "auth_token", "recording_settings", "sid")

    def __init__(self, sid: str, auth_token: str) -> None:
        self.sid = sid
        self.auth_token = auth_token
        self.api_keys: dict[str, ApiKey] = {}
        self.recording_settings = RecordingSettings()

    def __repr__(self) -> str:
        return f"Account({self.sid})"


class ApiKey:
    __slots__ = ("account_sid", "secret", "sid")

    def __init__(self, sid: str, secret: str, account_sid: str) -> None:
        self.sid = sid
        self.secret = secret
        self.account_sid = account_sid

    def __repr__(self) -> str:
        return f"ApiKey({self.sid})"


class Room:
    """A Video room; its control-plane methods are what a real room's participants would do."""

    __slots__ = (
        "_backend",
        "account_sid",
        "audio_only",
        "callback_sequence",
        "date_created",
        "date_updated",
        "empty_room_timeout",
        "end_time",
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
        "sid",
        "status",
        "status_callback",
        "status_callback_method",
        "type",
        "unique_name",
        "unused_room_timeout",
        "video_codecs",
    )

    def __init__(
        self,
        backend: VideoBackend,
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
        self.status = RoomStatus.IN_PROGRESS
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
        self.recording_rules: list[dict[str, Any]] = (
            [{"type": "include", "all": True}] if record_participants_on_connect else []
        )
        self.participants: dict[str, Participant] = {}
        self.rules_updated = created
        self.callback_sequence = 0
        self.seq = 0

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
        return f"Room({self.sid}, {self.unique_name!r}, {self.status.value})"


_DEFAULT_VIDEO_CODECS = ("VP8", "H264")
_DEFAULT_MAX_PARTICIPANTS = {"group": 50, "group-small": 4, "peer-to-peer": 10, "go": 2}


class Participant:
    def __init__(self, backend: VideoBackend, sid: str, room: Room, identity: str) -> None:
        self._backend = backend
        self.sid = sid
        self.room = room
        self.identity = identity
        self.connected = True
        self.connected_at: datetime | None = None
        self.tracks: list[Track] = []

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
        backend: VideoBackend,
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
        "_status",
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
        backend: VideoBackend,
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
        self._status = RecordingStatus.PROCESSING
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
        return self._status

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
        return f"Recording({self.sid}, {self._status.value})"
