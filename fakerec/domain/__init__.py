"""The recordings domain: rooms, participants, tracks, recordings and their lifecycle.

No HTTP and no JSON here; the REST layer (``fakerec.api``) sits on top.
"""

from fakerec.domain.accounts import Account, ApiKey
from fakerec.domain.backend import VideoBackend
from fakerec.domain.models import Participant, Recording, Room, Track
from fakerec.domain.query import RecordingQuery, RoomQuery
from fakerec.domain.vocabulary import TRANSITIONS, VIDEO_EPOCH, RecordingStatus, RoomStatus

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
