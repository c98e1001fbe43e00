"""``FakeVideo``: the public face. It owns all state, the clock and the SID generator."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from fakerec.api import Dispatcher, Exchange
from fakerec.api.faults import Fault
from fakerec.callbacks import Callback, CallbackSender, Receiver
from fakerec.clock import DEFAULT_START, Clock, ManualClock, as_timedelta
from fakerec.domain import Account, ApiKey, Recording, RecordingStatus, Room, VideoBackend
from fakerec.errors import FakeInternalError, UsageError
from fakerec.sids import Seed, SidGenerator

if TYPE_CHECKING:
    import responses

    from fakerec.adapters.httpx_adapter import FakeVideoTransport
    from fakerec.adapters.twilio_adapter import FakeAsyncHttpClient, FakeHttpClient

#: How long after capture ends a recording turns ``completed`` unless told otherwise.
DEFAULT_PROCESSING_DELAY = timedelta(seconds=30)


class FakeVideo:
    """A stateful fake of Twilio Video's Recordings API, with the Rooms that produce them.

    Same ``seed`` and same calls give the same SIDs. Time moves only through ``clock``.
    """

    def __init__(
        self,
        seed: Seed = 0,
        processing_delay: timedelta | float = DEFAULT_PROCESSING_DELAY,
        start: datetime | None = None,
        clock: Clock | None = None,
    ) -> None:
        if clock is not None and start is not None:
            raise UsageError("give either start= (for the default ManualClock) or clock=, not both")
        self.clock: Any = clock if clock is not None else ManualClock(start or DEFAULT_START)
        self.seed = seed
        self.backend = VideoBackend(self.clock, SidGenerator(seed), as_timedelta(processing_delay))
        self._account = self.backend.add_account()
        #: Every request the fake answered, oldest first.
        self.requests: list[Exchange] = []
        #: Exceptions raised inside the fake (its own bugs), re-raised when ``mock()`` exits.
        self.internal_errors: list[BaseException] = []
        media_secret = hashlib.sha256(f"fakerec media {seed!r}".encode()).digest()
        self.dispatch = Dispatcher(
            self.backend, self.requests, self.internal_errors.append, media_secret
        )
        self._callbacks = CallbackSender(self.backend)
        self.backend.on_event = self._callbacks
        if isinstance(self.clock, ManualClock):
            # Time-driven events (recording-completed) go out the moment the clock passes them.
            self.clock.subscribe(self.backend.settle)

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
        account = account_sid or self.account_sid
        with self.backend.lock:
            if unique_name and self.backend.in_progress_room_named(account, unique_name):
                raise UsageError(f"an in-progress room is already named {unique_name!r}")
            return self.backend.create_room(
                account,
                unique_name=unique_name,
                record_participants_on_connect=record_participants_on_connect,
                status_callback=status_callback,
                status_callback_method=status_callback_method.upper(),
                type=type,
                **options,
            )

    def room(self, sid_or_unique_name: str, account_sid: str | None = None) -> Room:
        """The control-plane handle of a room, also one created over REST."""
        accounts = [account_sid] if account_sid else [self.account_sid, *self.backend.accounts]
        for account in accounts:
            room = self.backend.find_room(account, sid_or_unique_name)
            if room is not None:
                return room
        raise UsageError(f"no room {sid_or_unique_name!r} in this fake")

    def add_recording(self, *, account_sid: str | None = None, **fields: Any) -> Recording:
        """Seed a recording directly, in any status, with any resource field."""
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
    ) -> Fault:
        """Spoil the next ``times`` requests matching ``route`` (``"GET /v1/Recordings/*"``).

        ``status=429`` answers Twilio's 20429 with ``Retry-After: retry_after``; ``status=5xx``
        a Twilio-shaped server error; ``error="connection"`` or ``"timeout"`` raises the client
        library's own exception (requests, httpx or aiohttp) instead of answering.
        """
        return self.dispatch.faults.add(
            route, status=status, error=error, times=times, retry_after=retry_after
        )

    def fail_next_recordings(self, times: int = 1, operation: str = "RecordingUpload") -> None:
        """The next ``times`` recordings due to complete fail with this FailedOperation."""
        with self.backend.lock:
            self.backend.pending_failures.extend([operation] * times)

    def clear_faults(self) -> None:
        self.dispatch.faults.clear()
        with self.backend.lock:
            self.backend.pending_failures.clear()

    # --- adapters ----------------------------------------------------------------------

    @contextmanager
    def mock(self) -> Iterator[FakeVideo]:
        """Answer Twilio Video requests made with ``requests`` or ``httpx`` while inside.

        Other hosts pass through untouched. A bug inside the fake fails the block on exit.
        """
        import responses

        from fakerec.adapters import requests_adapter

        with ExitStack() as stack:
            rsps = stack.enter_context(responses.RequestsMock(assert_all_requests_are_fired=False))
            self.register(rsps)
            requests_adapter.passthrough_others(rsps)
            try:
                from fakerec.adapters import httpx_adapter
            except ImportError:  # httpx is an optional extra
                pass
            else:
                stack.enter_context(httpx_adapter.intercept(self.dispatch))
            try:
                yield self
            finally:
                stack.close()
                self.raise_internal_errors()

    def register(self, rsps: responses.RequestsMock) -> None:
        """Add the fake's routes to a ``responses.RequestsMock`` the test already has."""
        from fakerec.adapters import requests_adapter

        requests_adapter.register(rsps, self.dispatch)

    def httpx_transport(self) -> FakeVideoTransport:
        """An httpx transport (sync and async) answering Twilio Video from this fake."""
        from fakerec.adapters.httpx_adapter import FakeVideoTransport

        return FakeVideoTransport(self.dispatch)

    def http_client(self) -> FakeHttpClient:
        """A twilio ``HttpClient``: ``Client(sid, token, http_client=fake.http_client())``."""
        from fakerec.adapters.twilio_adapter import FakeHttpClient

        return FakeHttpClient(self.dispatch)

    def async_http_client(self) -> FakeAsyncHttpClient:
        """A twilio ``AsyncHttpClient`` for the SDK's ``*_async`` methods."""
        from fakerec.adapters.twilio_adapter import FakeAsyncHttpClient

        return FakeAsyncHttpClient(self.dispatch)

    def transcript(self, *, full: bool = False) -> str:
        """Every request served so far as a readable HTTP log (JSON abridged unless ``full``)."""
        from fakerec.transcript import format_transcript

        return format_transcript(self.requests, full=full)

    def raise_internal_errors(self) -> None:
        """Raise (once) the first bug the fake hit while answering, if any."""
        if self.internal_errors:
            first, count = self.internal_errors[0], len(self.internal_errors)
            self.internal_errors.clear()
            raise FakeInternalError(
                f"fakerec hit {count} internal error(s) while answering requests; "
                f"the first was {first!r}"
            ) from first

    def __repr__(self) -> str:
        return f"FakeVideo(seed={self.seed!r}, clock={self.clock!r})"


__all__ = ["FakeVideo", "RecordingStatus"]
