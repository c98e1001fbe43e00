"""Deterministic SIDs: the same seed and the same calls give the same SIDs."""

from __future__ import annotations

import random
import re
from typing import Union

Seed = Union[int, str, bytes]


class SidGenerator:
    """Mints Twilio-shaped SIDs (two-letter prefix + 32 hex digits) from one seeded stream.

    Each ``FakeVideo`` owns one, so two fakes never share a sequence.
    """

    def __init__(self, seed: Seed = 0) -> None:
        self._random = random.Random(seed)

    def sid(self, prefix: str) -> str:
        return f"{prefix}{self._random.getrandbits(128):032x}"

    def secret(self) -> str:
        """An auth token or API key secret: 32 hex digits."""
        return f"{self._random.getrandbits(128):032x}"


_ANY_SID = re.compile(r"[A-Za-z]{2}[0-9a-fA-F]{32}")


def looks_like_any_sid(value: str) -> bool:
    """A SID of any kind: two letters + 32 hex digits (the spec's ``SourceSid`` pattern)."""
    return _ANY_SID.fullmatch(value) is not None
