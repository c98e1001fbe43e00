"""fakerec: a stateful, in-process fake of Twilio Programmable Video's Recordings API.

The public names load on first use (``fakerec.FakeVideo``, ``from fakerec import ...``), so
``import fakerec``, which pytest does for the plugin in every session, costs next to nothing.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

#: Each public name, and the module it lives in.
_HOMES = {
    "DEFAULT_START": "fakerec.clock",
    "Clock": "fakerec.clock",
    "ManualClock": "fakerec.clock",
    "MovableClock": "fakerec.clock",
    "SystemClock": "fakerec.clock",
    "TRANSITIONS": "fakerec.domain",
    "VIDEO_EPOCH": "fakerec.domain",
    "RecordingStatus": "fakerec.domain",
    "RoomStatus": "fakerec.domain",
    "CallbackReceiverError": "fakerec.errors",
    "FakeInternalError": "fakerec.errors",
    "MissingExtraError": "fakerec.errors",
    "TwilioError": "fakerec.errors",
    "UnfiredFaultError": "fakerec.errors",
    "UsageError": "fakerec.errors",
    "FakeVideo": "fakerec.fake",
}

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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'fakerec' has no attribute {name!r}")
    return getattr(import_module(home), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
