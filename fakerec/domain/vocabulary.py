"""The domain's fixed terms: statuses, the lifecycle's transition table, codecs and defaults."""

from __future__ import annotations

from datetime import datetime, timezone
from enum import Enum

#: The fixed "arbitrary point in time, common to all group rooms" behind ``offset`` and
#: ``OffsetFromTwilioVideoEpoch`` [OBS: two independent live captures put it here].
VIDEO_EPOCH = datetime(2015, 9, 20, 12, 0, 0, tzinfo=timezone.utc)

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
