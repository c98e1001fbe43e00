"""The recordings domain: rooms, participants, tracks, recordings and their lifecycle.

No HTTP and no JSON here; the REST layer (``fakerec.api``) sits on top.
"""

from fakerec.domain.backend import VideoBackend
from fakerec.domain.models import (
    TRANSITIONS,
    VIDEO_EPOCH,
    Account,
    ApiKey,
    Participant,
    Recording,
    RecordingStatus,
    Room,
    RoomStatus,
    Track,
)
from fakerec.domain.query import RecordingQuery, RoomQuery

__all__ = [
    "TRANSITIONS",
    "VIDEO_EPOCH",
    "Account",
    "ApiKey",
    "Participant",
    "Recording",
    "RecordingQuery",
    "RecordingStatus",
    "Room",
    "RoomQuery",
    "RoomStatus",
    "Track",
    "VideoBackend",
]
