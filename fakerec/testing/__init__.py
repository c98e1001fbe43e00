"""Property-testing tools for downstream suites: strategies, the reference model, the machine.

``fakerec.testing.strategies`` and the state machine (``RecordingsStateMachine``, loaded when
first asked for) use Hypothesis; the reference model (``fakerec.testing.oracle``) is plain
Python and loads none. ``import fakerec`` alone loads none of this.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from fakerec.testing.oracle import ReferenceModel, RefQuery, RefRecording

if TYPE_CHECKING:
    from fakerec.testing.machine import RecordingsStateMachine, Walk

__all__ = ["RecordingsStateMachine", "RefQuery", "RefRecording", "ReferenceModel", "Walk"]

_FROM_MACHINE = ("RecordingsStateMachine", "Walk")
_SUBMODULES = (
    "base",
    "checks",
    "composition_checks",
    "composition_model",
    "composition_rules",
    "machine",
    "oracle",
    "room_model",
    "rules",
    "strategies",
    "walks",
)


def __getattr__(name: str) -> Any:
    if name in _FROM_MACHINE:
        return getattr(importlib.import_module("fakerec.testing.machine"), name)
    if name in _SUBMODULES:
        return importlib.import_module(f"fakerec.testing.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
