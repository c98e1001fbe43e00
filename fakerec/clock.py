"""The fake's only sources of time.

Every timestamp the fake shows comes from one clock object owned by one ``FakeVideo``.
``ManualClock`` (the default) moves only when a test moves it, so tests are exact;
``SystemClock`` reads the system time on every call, so freezegun and time-machine drive it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Protocol, runtime_checkable

#: Where a ``ManualClock`` starts unless told otherwise: a fixed, documented instant.
DEFAULT_START = datetime(2025, 1, 1, 0, 0, 0, tzinfo=timezone.utc)


@runtime_checkable
class Clock(Protocol):
    """Anything with ``now()`` returning an aware UTC datetime can drive the fake."""

    def now(self) -> datetime: ...


def as_utc(moment: datetime) -> datetime:
    """Naive datetimes are taken as UTC (as freezegun's are); aware ones are converted."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def as_timedelta(
    delta: timedelta | float | None = None,
    *,
    seconds: float = 0,
    minutes: float = 0,
    hours: float = 0,
    days: float = 0,
) -> timedelta:
    """One way to say "a span of time": a timedelta, a number of seconds, or keywords."""
    if isinstance(delta, timedelta):
        base = delta
    elif delta is None:
        base = timedelta(0)
    else:
        base = timedelta(seconds=delta)
    return base + timedelta(seconds=seconds, minutes=minutes, hours=hours, days=days)


class ManualClock:
    """A clock that stands still until ``advance`` or ``set`` moves it."""

    def __init__(self, start: datetime = DEFAULT_START) -> None:
        self._now = as_utc(start)
        self._listeners: list[Callable[[], None]] = []

    def subscribe(self, listener: Callable[[], None], *, first: bool = False) -> None:
        """Call ``listener`` after every move, so what falls due happens at once."""
        if first:
            self._listeners.insert(0, listener)
        else:
            self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[], None]) -> None:
        self._listeners.remove(listener)

    def _moved(self) -> datetime:
        for listener in self._listeners:
            listener()
        return self._now

    def now(self) -> datetime:
        return self._now

    def advance(
        self,
        delta: timedelta | float | None = None,
        *,
        seconds: float = 0,
        minutes: float = 0,
        hours: float = 0,
        days: float = 0,
    ) -> datetime:
        step = as_timedelta(delta, seconds=seconds, minutes=minutes, hours=hours, days=days)
        if step < timedelta(0):
            raise ValueError("ManualClock.advance() only moves forward; use set() to go back")
        self._now += step
        return self._moved()

    def set(self, moment: datetime) -> datetime:
        """Jump to ``moment``. Transitions that already happened are not undone."""
        self._now = as_utc(moment)
        return self._moved()

    def __repr__(self) -> str:
        return f"ManualClock({self._now.isoformat()})"


class MovableClock(Clock, Protocol):
    """``fake.clock``: a clock the test moves (``ManualClock``), or one that says it cannot."""

    def advance(
        self,
        delta: timedelta | float | None = None,
        *,
        seconds: float = 0,
        minutes: float = 0,
        hours: float = 0,
        days: float = 0,
    ) -> datetime: ...

    def set(self, moment: datetime) -> datetime: ...


class SystemClock:
    """Follows the system time, so freezegun or time-machine decide what "now" is."""

    def now(self) -> datetime:
        return datetime.now(timezone.utc)

    def advance(self, *args: object, **kwargs: object) -> datetime:
        raise TypeError(
            "SystemClock follows the system time: move it with freezegun or time-machine, "
            "or build the fake with a ManualClock"
        )

    def set(self, moment: datetime) -> datetime:
        return self.advance(moment)

    def __repr__(self) -> str:
        return "SystemClock()"


@contextmanager
def process_time_follows(clock: ManualClock) -> Iterator[None]:
    """Hold the process's time (``datetime.now()``, ``date.today()``, ``time.time()``) at
    ``clock.now()`` with freezegun, moving it whenever the clock moves. asyncio keeps real time,
    so ``asyncio.sleep`` still ends."""
    import freezegun

    freezer = freezegun.freeze_time(clock.now(), real_asyncio=True)
    frozen = freezer.start()

    def follow() -> None:
        frozen.move_to(clock.now())

    clock.subscribe(follow, first=True)  # before anything the move makes due is sent
    try:
        yield
    finally:
        clock.unsubscribe(follow)
        freezer.stop()
