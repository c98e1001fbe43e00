"""Scripted failures, so downstream retry logic meets what Twilio and networks do.

A fault names a route (``"GET /v1/Recordings/*"``: a method, or ``*``, and a path glob) and
how many matching requests it spoils; after that the fake answers normally again. A route that
could never match is refused at once, and a fault that never fired is reported by
``fake.check()`` unless it was injected as ``optional``.
"""

from __future__ import annotations

import fnmatch
import re
import threading
from dataclasses import dataclass

from fakerec import errors
from fakerec.errors import TwilioError

TRANSPORT_FAULTS = ("connection", "timeout")
METHODS = ("GET", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS")
#: A path as the fake sees it (``/`` or ``*`` first, then path characters); ``*`` is the only
#: wildcard.
_PATH_GLOB = re.compile(r"[/*][A-Za-z0-9._~!$&'()+,;=:@%*/-]*")


class InjectedTransportFault(Exception):
    """Raised by the dispatcher; each adapter re-raises it as its library's own exception."""

    def __init__(self, kind: str, method: str, url: str) -> None:
        super().__init__(f"fakerec injected a {kind} fault on {method} {url}")
        self.kind = kind


@dataclass(eq=False)
class Fault:
    method: str
    path_glob: str
    remaining: int
    status: int | None = None
    error: str | None = None
    retry_after: int = 1
    optional: bool = False
    times: int = 1

    @property
    def route(self) -> str:
        return f"{self.method} {self.path_glob}"

    @property
    def fired(self) -> bool:
        return self.remaining < self.times

    def matches(self, method: str, path: str) -> bool:
        return (self.method in ("*", method)) and fnmatch.fnmatchcase(path, self.path_glob)

    def answer(self) -> TwilioError:
        if self.status == 429:
            return errors.too_many_requests(self.retry_after)
        assert self.status is not None
        return errors.server_error(self.status)


class FaultPlan:
    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    @property
    def armed(self) -> bool:
        return bool(self._faults)

    def add(
        self,
        route: str,
        *,
        status: int | None = None,
        error: str | None = None,
        times: int = 1,
        retry_after: int = 1,
        optional: bool = False,
    ) -> Fault:
        method, path = parse_route(route)
        if (status is None) == (error is None):
            raise errors.UsageError("give a fault either status= (429 or 5xx) or error=")
        if status is not None and not (status == 429 or 500 <= status <= 599):
            raise errors.UsageError("an injected status is 429 or 5xx")
        if error is not None and error not in TRANSPORT_FAULTS:
            raise errors.UsageError(f"error= is one of {TRANSPORT_FAULTS}")
        if isinstance(times, bool) or not isinstance(times, int) or times < 1:
            raise errors.UsageError("times= is a whole number, at least 1")
        if isinstance(retry_after, bool) or not isinstance(retry_after, int) or retry_after < 0:
            raise errors.UsageError("retry_after= is a whole number of seconds, 0 or more")
        fault = Fault(method, path, times, status, error, retry_after, optional, times)
        with self._lock:
            self._faults.append(fault)
        return fault

    def take(self, method: str, path: str) -> Fault | None:
        """The first armed fault for this request, spending one of its uses."""
        with self._lock:
            for fault in self._faults:
                if fault.remaining > 0 and fault.matches(method, path):
                    fault.remaining -= 1
                    return fault
        return None

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def take_unfired(self) -> list[Fault]:
        """The non-optional faults that never fired, which are then forgotten."""
        with self._lock:
            unfired = [f for f in self._faults if not f.fired and not f.optional]
            self._faults = [f for f in self._faults if f not in unfired]
        return unfired


def parse_route(route: object) -> tuple[str, str]:
    """``"[METHOD ]/path-glob"`` as (METHOD or ``*``, glob); anything else cannot match."""
    if not isinstance(route, str):
        raise errors.UsageError(f"a fault route is a string, not {type(route).__name__}")
    words = route.split()
    if len(words) == 1:
        words = ["*", *words]
    if len(words) != 2:
        raise errors.bad_fault_route(route)
    method, path = words[0].upper(), words[1]
    if method not in (*METHODS, "*") or _PATH_GLOB.fullmatch(path) is None:
        raise errors.bad_fault_route(route)
    return method, path
