"""fakerec: a stateful, in-process fake of Twilio Programmable Video's Recordings API."""

from fakerec.clock import DEFAULT_START, Clock, ManualClock, MovableClock, SystemClock
from fakerec.domain import TRANSITIONS, VIDEO_EPOCH, RecordingStatus, RoomStatus
from fakerec.errors import (
    CallbackReceiverError,
    FakeInternalError,
    MissingExtraError,
    TwilioError,
    UnfiredFaultError,
    UsageError,
)
from fakerec.fake import FakeVideo

__all__ = [
    "DEFAULT_START",
    "TRANSITIONS",
    "VIDEO_EPOCH",
    "CallbackReceiverError",
    "Clock",
    "FakeInternalError",
    "FakeVideo",
    "ManualClock",
    "MissingExtraError",
    "MovableClock",
    "RecordingStatus",
    "RoomStatus",
    "SystemClock",
    "TwilioError",
    "UnfiredFaultError",
    "UsageError",
]
__version__ = "0.1.0"
