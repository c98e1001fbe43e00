"""What every part of one fake's domain shares, handed to each part once."""

from __future__ import annotations

from dataclasses import dataclass

from fakerec.clock import Clock
from fakerec.domain.events import EventBus
from fakerec.domain.models import Operations
from fakerec.domain.timeline import Timeline
from fakerec.sids import SidGenerator


@dataclass(frozen=True)
class Context:
    #: What entities made by a part forward their methods to (the backend).
    operations: Operations
    clock: Clock
    sids: SidGenerator
    timeline: Timeline
    bus: EventBus
