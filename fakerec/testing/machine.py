"""A Hypothesis state machine that checks the recordings contract after every step.

Subclass ``RecordingsStateMachine`` and add rules that run your own code against
``self.fake``; every REST delete your code makes is read back from the fake's journal into the
reference model, and the invariants keep checking paging, deletion and isolation around it.

The machine is put together from mixins on ``MachineBase`` (``fakerec.testing.base``: the fake,
the reference model, ``request`` and ``sync``): the rules of ``fakerec.testing.rules``, the
page walks of ``fakerec.testing.walks`` and the invariant of ``fakerec.testing.checks``.
"""

from __future__ import annotations

from fakerec.domain.vocabulary import DEFAULT_BITRATE_KBPS
from fakerec.testing.base import BASE, MachineBase, Walk
from fakerec.testing.checks import ContractChecks
from fakerec.testing.rules import ClockRules, RecordingRules, RoomRules

#: The domain's default bitrates (kbps), under the name this module used to define them by.
DEFAULT_KBPS = DEFAULT_BITRATE_KBPS

__all__ = ["BASE", "DEFAULT_KBPS", "MachineBase", "RecordingsStateMachine", "Walk"]


class RecordingsStateMachine(RoomRules, RecordingRules, ClockRules, ContractChecks):
    """Drives a ``FakeVideo`` through rooms, tracks, seeds, deletes, failures and clock moves."""
