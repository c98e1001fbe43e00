"""``fake.requests``: the most recent exchanges, oldest first, within a bound.

A fake serving a million requests (a long ``serve`` session, a soak test) must not keep a
million bodies, so the journal keeps the last ``limit`` (``DEFAULT_LIMIT`` unless the fake is
made with ``journal_limit=``; ``None`` keeps them all). It reads as a list of the kept ones;
``total`` counts every exchange ever recorded, and ``since(n)`` gives those after the n-th.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import overload

from fakerec.errors import UsageError

#: How many exchanges a fake keeps by default.
DEFAULT_LIMIT = 1000


@dataclass
class Exchange:
    """One request the fake served, as the journal (``fake.requests``) keeps it."""

    method: str
    url: str
    status: int
    at: datetime
    request_headers: Mapping[str, str] = field(repr=False)
    request_body: bytes = field(repr=False)
    response_headers: dict[str, str] = field(repr=False)
    response_body: bytes = field(repr=False)
    #: The account the credentials acted as; None when they were refused.
    account_sid: str | None = None


class Journal(Sequence["Exchange"]):
    def __init__(self, limit: int | None = DEFAULT_LIMIT) -> None:
        if limit is not None and (type(limit) is not int or limit < 1):
            raise UsageError(f"journal_limit must be a positive int or None, not {limit!r}")
        self.limit = limit
        self._kept: deque[Exchange] = deque(maxlen=limit)
        #: Every exchange recorded since the fake was made, kept or not.
        self.total = 0

    def append(self, exchange: Exchange) -> None:
        self._kept.append(exchange)
        self.total += 1

    def clear(self) -> None:
        """Forget the kept exchanges (``total`` still counts them)."""
        self._kept.clear()

    @property
    def dropped(self) -> int:
        """Exchanges no longer kept: pushed out by the limit, or cleared."""
        return self.total - len(self._kept)

    def since(self, number: int) -> list[Exchange]:
        """The exchanges after the first ``number`` ever recorded (``number`` a past
        ``total``); a UsageError if some of them are no longer kept."""
        if number < self.dropped:
            raise UsageError(
                f"the journal no longer holds exchanges {number + 1} to {self.dropped} "
                f"(it keeps the last {self.limit}); make the fake with a larger journal_limit"
            )
        return list(islice(self._kept, number - self.dropped, None))

    def __len__(self) -> int:
        return len(self._kept)

    def __iter__(self) -> Iterator[Exchange]:
        return iter(self._kept)

    @overload
    def __getitem__(self, index: int) -> Exchange: ...

    @overload
    def __getitem__(self, index: slice) -> list[Exchange]: ...

    def __getitem__(self, index: int | slice) -> Exchange | list[Exchange]:
        if isinstance(index, slice):
            return list(self._kept)[index]
        return self._kept[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Journal):
            return list(self._kept) == list(other._kept)
        if isinstance(other, list):
            return list(self._kept) == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Journal({list(self._kept)!r}, total={self.total}, limit={self.limit})"
