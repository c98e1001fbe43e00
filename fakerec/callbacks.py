"""Status callbacks: form-encoded, signed like Twilio signs them, delivered in-process.

Every event is kept in ``fake.callbacks``. A receiver registered with ``fake.on_callback`` gets
it as soon as the change that caused it is complete and the fake's lock is free (so it may call
the fake back, from any thread): a plain callable receives the ``Callback``; a WSGI app (a
Flask app, say) receives the HTTP request itself, with an ``X-Twilio-Signature`` that the twilio
SDK's ``RequestValidator`` accepts. What the receiver answered is recorded on the ``Callback``;
what it raised is reported too, so that ``fake.check()`` fails the test.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import inspect
import io
import sys
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any, Callable
from urllib.parse import urlencode, urlsplit

from fakerec.domain.backend import VideoBackend
from fakerec.domain.models import Room
from fakerec.errors import CallbackReceiverError

Receiver = Callable[..., Any]


@dataclass
class Callback:
    """One status callback the fake sent, and what the receiver made of it."""

    event: str
    url: str  # as requested: with the query string for GET
    method: str
    params: dict[str, str]
    headers: dict[str, str] = field(repr=False)
    body: bytes = field(repr=False)
    at: datetime = field(repr=False)
    #: The receiver's HTTP status (WSGI), or 200 when a plain callable returned; None if no one.
    status: int | None = None
    response_body: bytes = field(default=b"", repr=False)
    #: What a plain-callable receiver raised (the callback then counts as answered 500).
    error: BaseException | None = field(default=None, repr=False)


def signature(auth_token: str, url: str, params: dict[str, str]) -> str:
    """Twilio's X-Twilio-Signature: HMAC-SHA1 over the URL and the sorted POST parameters."""
    payload = url + "".join(f"{key}{params[key]}" for key in sorted(params))
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def idempotency_token(params: dict[str, str], event: str, count: int) -> str:
    """Unique per callback, as receivers dedupe on it: a digest of the event, the resource it
    is about, and this fake's running count of callbacks."""
    about = (
        params.get("RecordingSid")
        or params.get("CompositionSid")
        or params.get("CompositionHookSid")
        or params.get("TrackSid")
        or params.get("ParticipantSid")
    )
    text = f"{params.get('AccountSid')}|{params.get('RoomSid')}|{about}|{event}|{count}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class CallbackSender:
    def __init__(self, backend: VideoBackend, report: Callable[[BaseException], None]) -> None:
        self.backend = backend
        self.sent: list[Callback] = []
        self.receivers: list[tuple[str, Receiver]] = []
        #: Told of what a receiver raised, as a CallbackReceiverError chained to it.
        self.report = report

    def __call__(self, room: Room, event: str, params: dict[str, str], at: datetime) -> None:
        assert room.status_callback is not None
        self.send(
            room.account_sid, room.status_callback, room.status_callback_method, event, params, at
        )

    def send(
        self,
        account_sid: str,
        callback_url: str,
        method: str,
        event: str,
        params: dict[str, str],
        at: datetime,
    ) -> None:
        """Sign ``params`` for ``callback_url`` (a room's callback, or a composition's own),
        keep the callback, and deliver it to the receivers once the lock is free."""
        auth_token = self.backend.accounts[account_sid].auth_token
        method = method.upper()
        headers = {
            "User-Agent": "TwilioProxy/1.1",
            "I-Twilio-Idempotency-Token": idempotency_token(params, event, len(self.sent)),
        }
        if method == "GET":
            separator = "&" if "?" in callback_url else "?"
            url = callback_url + separator + urlencode(params)
            body = b""
            headers["X-Twilio-Signature"] = signature(auth_token, url, {})
        else:
            url = callback_url
            body = urlencode(params).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-Twilio-Signature"] = signature(auth_token, url, params)
        callback = Callback(event, url, method, dict(params), headers, body, at)
        self.sent.append(callback)
        for prefix, receiver in self.receivers:
            if url.startswith(prefix):
                self.backend.lock.defer(partial(self._deliver, receiver, callback))

    def _deliver(self, receiver: Receiver, callback: Callback) -> None:
        try:
            _deliver(receiver, callback)
        except Exception as exc:  # the receiver is the test's code: its failure fails the test
            callback.status, callback.error = 500, exc
            error = CallbackReceiverError(
                f"the receiver of {callback.event} ({callback.method} {callback.url}) raised "
                f"{exc!r}"
            )
            error.__cause__ = exc
            self.report(error)

    def add_receiver(self, receiver: Receiver, url_prefix: str = "") -> None:
        self.receivers.append((url_prefix, receiver))


def _is_wsgi(receiver: Receiver) -> bool:
    try:
        parameters = inspect.signature(receiver).parameters.values()
    except (TypeError, ValueError):
        return False
    positional = [
        p
        for p in parameters
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty
    ]
    return len(positional) >= 2


def _deliver(receiver: Receiver, callback: Callback) -> None:
    """Hand ``callback`` to ``receiver``; what the receiver raises goes to the caller."""
    if not _is_wsgi(receiver):
        receiver(callback)
        callback.status = 200
        return
    try:
        parts = urlsplit(callback.url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:  # not a URL an HTTP client could call: Twilio's call would fail
        callback.error = exc
        return
    environ: dict[str, Any] = {
        "REQUEST_METHOD": callback.method,
        "SCRIPT_NAME": "",
        "PATH_INFO": parts.path or "/",
        "QUERY_STRING": parts.query,
        "SERVER_NAME": parts.hostname or "localhost",
        "SERVER_PORT": str(port),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": parts.netloc,
        "CONTENT_LENGTH": str(len(callback.body)),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": parts.scheme or "https",
        "wsgi.input": io.BytesIO(callback.body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in callback.headers.items():
        key = name.upper().replace("-", "_")
        if key == "CONTENT_TYPE":
            environ["CONTENT_TYPE"] = value
        else:
            environ[f"HTTP_{key}"] = value
    answered: list[str] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        answered.append(status)
        return lambda data: None

    chunks = receiver(environ, start_response)
    try:
        callback.response_body = b"".join(chunks)
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
    callback.status = int(answered[0].split()[0]) if answered else None
