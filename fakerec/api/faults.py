"""Scripted failures, so downstream retry logic meets what Twilio and networks do.

A fault names a route (``"GET /v1/Recordings/*"``: a method, or ``*``, and a path glob) and
how many matching requests it spoils; after that the fake answers normally again.
"""

from __future__ import annotations

import fnmatch
import threading
from dataclasses import dataclass

from fakerec import errors
from fakerec.errors import TwilioError

TRANSPORT_FAULTS = ("connection", "timeout")


class InjectedTransportFault(Exception):
    """Raised by the dispatcher; each adapter re-raises it as its library's own exception."""

    def __init__(self, kind: str, method: str, url: str) -> None:
        super().__init__(f"fakerec injected a {kind} fault on {method} {url}")
        self.kind = kind


@dataclass
class Fault:
    method: str
    path_glob: str
    remaining: int
    status: int | None = None
    error: str | None = None
    retry_after: int = 1

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
    ) -> Fault:
        method, _, path = route.strip().partition(" ")
        if not path:
            method, path = "*", method
        if (status is None) == (error is None):
            raise errors.UsageError("give a fault either status= (429 or 5xx) or error=")
        if status is not None and not (status == 429 or 500 <= status <= 599):
            raise errors.UsageError("an injected status is 429 or 5xx")
        if error is not None and error not in TRANSPORT_FAULTS:
            raise errors.UsageError(f"error= is one of {TRANSPORT_FAULTS}")
        if times < 1:
            raise errors.UsageError("times= is at least 1")
        fault = Fault(method.upper(), path, times, status, error, retry_after)
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
