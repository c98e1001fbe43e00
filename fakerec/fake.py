"""``FakeVideo``: the public face. It owns all state, the clock and the SID generator."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from fakerec.api import Dispatcher
from fakerec.api.faults import Fault
from fakerec.api.journal import DEFAULT_LIMIT, Journal
from fakerec.callbacks import Callback, CallbackSender, Receiver
from fakerec.clock import (
    DEFAULT_START,
    Clock,
    ManualClock,
    MovableClock,
    process_time_follows,
)
from fakerec.domain import (
    Account,
    ApiKey,
    Participant,
    Recording,
    RecordingStatus,
    Room,
    Track,
    VideoBackend,
)
from fakerec.domain.checks import RECORDING_FIELDS, ROOM_OPTIONS, checked, moment
from fakerec.domain.composition_control import CompositionControl
from fakerec.errors import (
    FakeInternalError,
    TwilioError,
    UnfiredFaultError,
    UsageError,
    missing_extra,
)
from fakerec.sids import Seed, SidGenerator

if TYPE_CHECKING:
    import responses

    from fakerec.adapters.httpx_adapter import FakeVideoTransport
    from fakerec.adapters.twilio_adapter import FakeAsyncHttpClient, FakeHttpClient

#: How long after capture ends a recording turns ``completed`` unless told otherwise.
DEFAULT_PROCESSING_DELAY = timedelta(seconds=30)


def _processing_delay(value: object) -> timedelta:
    """A span of time, 0 or more: seconds (a number) or a ``timedelta``."""
    if isinstance(value, timedelta):
        delay = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        delay = timedelta(seconds=value)
    else:
        raise UsageError(f"processing_delay is seconds or a timedelta, not {value!r}")
    if delay < timedelta(0):
        raise UsageError(f"processing_delay cannot be negative, not {value!r}")
    return delay


class FakeVideo(CompositionControl):
    """A stateful fake of Twilio Video's Recordings API, with the Rooms that produce them.

    Same ``seed`` and same calls give the same SIDs. Time moves only through ``clock``.
    """

    def __init__(
        self,
        seed: Seed = 0,
        processing_delay: timedelta | float = DEFAULT_PROCESSING_DELAY,
        start: datetime | None = None,
        clock: Clock | None = None,
        freeze_time: bool = False,
        journal_limit: int | None = DEFAULT_LIMIT,
    ) -> None:
        if clock is not None and start is not None:
            raise UsageError("give either start= (for the default ManualClock) or clock=, not both")
        if clock is not None and not callable(getattr(clock, "now", None)):
            raise UsageError(f"clock= needs a now() method; {clock!r} has none")
        delay = _processing_delay(processing_delay)
        if not isinstance(freeze_time, bool):
            raise UsageError(f"freeze_time is True or False, not {freeze_time!r}")
        start_at = DEFAULT_START if start is None else moment("start", start)
        #: The fake's only source of time. A ``clock=`` given without ``advance``/``set`` (only
        #: ``now``) is used as it is: moving it is then the test's business.
        self.clock: MovableClock = cast(
            MovableClock, clock if clock is not None else ManualClock(start_at)
        )
        if freeze_time and not isinstance(self.clock, ManualClock):
            raise UsageError(
                "freeze_time=True holds the process's time at the fake's own ManualClock; "
                f"{self.clock!r} is not one (a SystemClock already follows the process's time)"
            )
        self.seed = seed
        self.freeze_time = freeze_time
        self.backend = VideoBackend(self.clock, SidGenerator(seed), delay)
        self._account = self.backend.add_account()
        #: The requests the fake answered, oldest first: the last ``journal_limit`` of them.
        self.requests = Journal(journal_limit)
        #: Exceptions raised inside the fake (its own bugs), raised by ``check()``.
        self.internal_errors: list[BaseException] = []
        #: What ``check()`` will raise: internal errors and receivers' failures, in order.
        self._problems: list[AssertionError] = []
        media_secret = hashlib.sha256(f"fakerec media {seed!r}".encode()).digest()
        self.dispatch = Dispatcher(self.backend, self.requests, self._internal_error, media_secret)
        self._callbacks = CallbackSender(self.backend, self._report)
        self.backend.on_event = self._callbacks
        self.backend.on_composition_event = self._callbacks.send
        self._mock_depth = 0
        if isinstance(self.clock, ManualClock):
            # Time-driven events (recording-completed) go out the moment the clock passes them.
            self.clock.subscribe(self.backend.settle)

    def _report(self, problem: BaseException) -> None:
        """Keep ``problem`` (an AssertionError from a receiver, say) for ``check()``."""
        if not isinstance(problem, AssertionError):
            wrapped = FakeInternalError(repr(problem))
            wrapped.__cause__ = problem
            problem = wrapped
        self._problems.append(problem)

    def _internal_error(self, exc: BaseException) -> None:
        self.internal_errors.append(exc)
        error = FakeInternalError(f"fakerec hit an internal error while answering: {exc!r}")
        error.__cause__ = exc
        self._problems.append(error)

    # --- status callbacks --------------------------------------------------------------

    @property
    def callbacks(self) -> list[Callback]:
        """Every status callback sent, oldest first: event, url, method, params, headers."""
        self.backend.settle()
        return self._callbacks.sent

    def on_callback(self, receiver: Receiver, url_prefix: str = "") -> None:
        """Deliver status callbacks (whose URL starts with ``url_prefix``) to ``receiver``:
        a callable taking a ``Callback``, or a WSGI app such as a Flask app."""
        self._callbacks.add_receiver(receiver, url_prefix)

    # --- credentials -------------------------------------------------------------------

    @property
    def account_sid(self) -> str:
        return self._account.sid

    @property
    def auth_token(self) -> str:
        return self._account.auth_token

    def add_account(self) -> Account:
        """A second, isolated account: ``.sid`` and ``.auth_token``."""
        return self.backend.add_account()

    def add_api_key(self, account_sid: str | None = None) -> ApiKey:
        """An API key (``.sid`` SK..., ``.secret``) that authenticates as the account."""
        return self.backend.add_api_key(account_sid or self.account_sid)

    # --- control plane -----------------------------------------------------------------

    def create_room(
        self,
        unique_name: str | None = None,
        *,
        account_sid: str | None = None,
        record_participants_on_connect: bool = False,
        status_callback: str | None = None,
        status_callback_method: str = "POST",
        type: str = "group",
        **options: Any,
    ) -> Room:
        """The same as ``POST /v1/Rooms``, without HTTP."""
        if unique_name is not None and not isinstance(unique_name, str):
            raise UsageError(f"unique_name is a string, not {unique_name!r}")
        fields = checked(
            "create_room()",
            {
                "record_participants_on_connect": record_participants_on_connect,
                "status_callback": status_callback,
                "status_callback_method": status_callback_method,
                "type": type,
                **options,
            },
            ROOM_OPTIONS,
        )
        try:
            return self.backend.create_room(
                account_sid or self.account_sid, unique_name=unique_name, **fields
            )
        except TwilioError as refused:  # what Twilio would answer, said as misuse
            raise UsageError(refused.message) from None

    def room(self, sid_or_unique_name: str, account_sid: str | None = None) -> Room:
        """The control-plane handle of a room, also one created over REST."""
        accounts = [account_sid] if account_sid else [self.account_sid, *self.backend.accounts]
        for account in accounts:
            room = self.backend.find_room(account, sid_or_unique_name)
            if room is not None:
                return room
        raise UsageError(f"no room {sid_or_unique_name!r} in this fake")

    def participant(self, sid: str) -> Participant:
        """The control-plane handle of a participant, by SID."""
        participant = self.backend.participant(sid)
        if participant is None:
            raise UsageError(f"no participant {sid} in this fake")
        return participant

    def track(self, sid: str) -> Track:
        """The control-plane handle of a published (or once published) track, by SID."""
        track = self.backend.track(sid)
        if track is None:
            raise UsageError(f"no track {sid} in this fake")
        return track

    def add_recording(self, *, account_sid: str | None = None, **fields: Any) -> Recording:
        """Seed a recording directly, in any status, with any resource field.

        Fields and defaults: see ``docs/control-plane.md``; a field of the wrong type or out of
        range is a ``UsageError`` naming it.
        """
        fields = checked("add_recording()", fields, RECORDING_FIELDS)
        return self.backend.add_recording(account_sid or self.account_sid, **fields)

    def recording(self, sid: str) -> Recording:
        """The live handle of a recording that is not purged yet."""
        self.backend.settle()
        recording = self.backend.recordings.get(sid)
        if recording is None:
            raise UsageError(f"no recording {sid} in this fake (never made, or purged)")
        return recording

    # --- faults ------------------------------------------------------------------------

    def inject_fault(
        self,
        route: str,
        *,
        status: int | None = None,
        error: str | None = None,
        times: int = 1,
        retry_after: int = 1,
        optional: bool = False,
    ) -> Fault:
        """Spoil the next ``times`` requests matching ``route`` (``"GET /v1/Recordings/*"``).

        ``status=429`` answers Twilio's 20429 with ``Retry-After: retry_after``; ``status=5xx``
        a Twilio-shaped server error; ``error="connection"`` or ``"timeout"`` raises the client
        library's own exception instead of answering. A fault that never fires fails
        ``check()`` unless ``optional``; a route that could never match is refused at once.
        """
        return self.dispatch.faults.add(
            route,
            status=status,
            error=error,
            times=times,
            retry_after=retry_after,
            optional=optional,
        )

    def fail_next_recordings(self, times: int = 1, operation: str = "RecordingUpload") -> None:
        """The next ``times`` recordings due to complete fail with this FailedOperation."""
        with self.backend.lock:
            self.backend.pending_failures.extend([operation] * times)

    def clear_faults(self) -> None:
        self.dispatch.faults.clear()
        with self.backend.lock:
            self.backend.pending_failures.clear()
        self.backend.clear_composition_failures()

    # --- adapters ----------------------------------------------------------------------

    @contextmanager
    def mock(self, *, passthrough: bool = True) -> Iterator[FakeVideo]:
        """Answer Twilio Video for requests, httpx, aiohttp and urllib while inside.

        Other Twilio hosts never reach the network; other hosts go to the test's own mocks or
        the network (``passthrough=False``: they fail at once too). Leaving calls ``check()``.
        Entering the same fake again is a no-op; entering a second fake is a UsageError.
        """
        if self._mock_depth:
            self._mock_depth += 1
            try:
                yield self
            finally:
                self._mock_depth -= 1
            return
        from fakerec.adapters.interception import intercept

        with ExitStack() as stack:
            stack.enter_context(intercept(self, self.dispatch, passthrough))
            if self.freeze_time:  # the constructor made sure it is a ManualClock
                stack.enter_context(process_time_follows(cast(ManualClock, self.clock)))
            self._mock_depth = 1
            try:
                yield self
            finally:
                self._mock_depth = 0
        self.check()  # only when the block ended normally: its own error comes first

    def register(self, rsps: responses.RequestsMock) -> None:
        """Add the fake's routes to a ``responses.RequestsMock`` the test already has."""
        from fakerec.adapters import requests_adapter

        requests_adapter.register(rsps, self.dispatch)

    def httpx_transport(self) -> FakeVideoTransport:
        """An httpx transport (sync and async) answering Twilio Video from this fake."""
        try:
            from fakerec.adapters.httpx_adapter import FakeVideoTransport
        except ModuleNotFoundError as missing:
            raise missing_extra("httpx", "httpx") from missing

        return FakeVideoTransport(self.dispatch)

    def http_client(self) -> FakeHttpClient:
        """A twilio ``HttpClient``: ``Client(sid, token, http_client=fake.http_client())``."""
        try:
            from fakerec.adapters.twilio_adapter import FakeHttpClient
        except ModuleNotFoundError as missing:
            raise missing_extra("twilio", "the twilio SDK") from missing

        return FakeHttpClient(self.dispatch)

    def async_http_client(self) -> FakeAsyncHttpClient:
        """A twilio ``AsyncHttpClient`` for the SDK's ``*_async`` methods."""
        try:
            from fakerec.adapters.twilio_adapter import FakeAsyncHttpClient
        except ModuleNotFoundError as missing:
            raise missing_extra("twilio", "the twilio SDK") from missing

        return FakeAsyncHttpClient(self.dispatch)

    def transcript(self, *, full: bool = False) -> str:
        """The requests the journal holds as a readable HTTP log (JSON abridged unless
        ``full``), numbered from the first the fake served."""
        from fakerec.transcript import format_transcript

        return format_transcript(self.requests, full=full, not_kept=self.requests.dropped)

    def check(self) -> None:
        """Raise, then forget, what went wrong out of the test's sight: a bug inside the fake
        (``FakeInternalError``), a status-callback receiver that raised
        (``CallbackReceiverError``), a non-optional fault that never fired
        (``UnfiredFaultError``). The first kind found is raised, naming every problem."""
        problems: list[AssertionError] = list(self._problems)
        self._problems.clear()
        self.internal_errors.clear()
        for fault in self.dispatch.faults.take_unfired():
            problems.append(
                UnfiredFaultError(
                    f"the fault {fault.route!r} ({fault.status or fault.error}, "
                    f"times={fault.times}) never fired: no request matched it "
                    "(inject_fault(..., optional=True) if that is fine)"
                )
            )
        if not problems:
            return
        first = problems[0]
        listed = "; ".join(f"{type(p).__name__}: {p}" for p in problems)
        raise type(first)(f"fakerec saw {len(problems)} problem(s): {listed}") from (
            first.__cause__
        )

    def raise_internal_errors(self) -> None:
        """The older name of ``check()``."""
        self.check()

    def __enter__(self) -> FakeVideo:
        return self

    def __exit__(self, exc_type: object, exc: object, traceback: object) -> None:
        if exc_type is None:
            self.check()

    def __repr__(self) -> str:
        return f"FakeVideo(seed={self.seed!r}, clock={self.clock!r})"


__all__ = ["FakeVideo", "RecordingStatus"]
