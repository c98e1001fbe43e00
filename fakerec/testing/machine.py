"""A Hypothesis state machine that checks the recordings contract after every step.

Subclass ``RecordingsStateMachine`` and add rules that run your own code against
``self.fake``; every REST delete your code makes is read back from the fake's journal into the
reference model, and the invariants keep checking paging, deletion and isolation around it.

The machine is put together from mixins on ``MachineBase`` (``fakerec.testing.base``: the fake,
the reference model, ``request`` and ``sync``): the rules of ``fakerec.testing.rules``, the
page walks of ``fakerec.testing.walks`` and the invariant of ``fakerec.testing.checks``; for
compositions, ``composition_rules`` and ``composition_checks`` on ``composition_model``.
"""

from __future__ import annotations

from fakerec.domain.vocabulary import DEFAULT_BITRATE_KBPS
from fakerec.testing.base import BASE, MachineBase, Walk
from fakerec.testing.checks import ContractChecks
from fakerec.testing.composition_checks import CompositionChecks
from fakerec.testing.rules import ClockRules, RecordingRules

#: The domain's default bitrates (kbps), under the name this module used to define them by.
DEFAULT_KBPS = DEFAULT_BITRATE_KBPS

__all__ = ["BASE", "DEFAULT_KBPS", "MachineBase", "RecordingsStateMachine", "Walk"]


class RecordingsStateMachine(RecordingRules, ClockRules, CompositionChecks, ContractChecks):
    """Drives a ``FakeVideo`` through rooms, tracks, seeds, deletes, failures and clock moves,
    and compositions: made over REST and by hooks, failed, deleted, purged (the room rules
    come in through the composition rules, which build on them)."""
