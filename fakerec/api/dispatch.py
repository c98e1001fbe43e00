"""The one entry point that answers HTTP: ``(method, url, headers, body) -> HttpResponse``.

Every adapter (responses, httpx, the twilio HttpClient, a WSGI server) turns its request
into a call of ``Dispatcher.__call__`` and turns the answer back. Auth, routing, parameter
parsing, error rendering and the journal all happen here, once.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from datetime import datetime, timezone
from itertools import count
from typing import Callable, NamedTuple, Union
from urllib.parse import parse_qs, unquote, urlsplit

from fakerec import errors
from fakerec.api import hosts, render
from fakerec.api.composition_hooks import CompositionHooksApi, CompositionSettingsApi
from fakerec.api.compositions import CompositionsApi
from fakerec.api.faults import FaultPlan, InjectedTransportFault
from fakerec.api.journal import Exchange, Journal
from fakerec.api.media import XML_HEADERS, MediaStore, storage_error_body
from fakerec.api.params import Params
from fakerec.api.participants import ParticipantsApi
from fakerec.api.recording_rules import RecordingRulesApi
from fakerec.api.recording_settings import RecordingSettingsApi
from fakerec.api.recordings import RecordingsApi
from fakerec.api.request import ApiRequest
from fakerec.api.rooms import RoomsApi
from fakerec.api.subscriptions import SubscriptionsApi
from fakerec.api.urls import Handlers, Routes
from fakerec.domain.backend import VideoBackend
from fakerec.errors import StorageError, TwilioError


class HttpResponse(NamedTuple):
    status: int
    headers: dict[str, str]
    body: bytes


Body = Union[bytes, str, None]


class Dispatcher:
    def __init__(
        self,
        backend: VideoBackend,
        journal: Journal,
        on_internal_error: Callable[[BaseException], None],
        media_secret: bytes = b"fakerec",
    ) -> None:
        self.backend = backend
        self.media = MediaStore(backend, media_secret)
        self._request_secret = hashlib.sha256(b"request ids|" + media_secret).digest()
        self._request_numbers = count(1)
        self.routes = Routes(
            Handlers(
                recordings=RecordingsApi(backend, self.media),
                rooms=RoomsApi(backend),
                rules=RecordingRulesApi(backend),
                settings=RecordingSettingsApi(backend),
                participants=ParticipantsApi(backend),
                subscriptions=SubscriptionsApi(backend),
                compositions=CompositionsApi(backend, self.media),
                hooks=CompositionHooksApi(backend),
                composition_settings=CompositionSettingsApi(backend),
            )
        )
        self.journal = journal
        self.on_internal_error = on_internal_error
        self.faults = FaultPlan()
        #: Accepted Authorization headers -> account (credentials never change once issued).
        self._known_credentials: dict[str, str] = {}

    def __call__(
        self, method: str, url: str, headers: Mapping[str, str], body: Body = None
    ) -> HttpResponse:
        method = method.upper()
        raw_body = body.encode() if isinstance(body, str) else (body or b"")
        url, url_credentials = hosts.canonical(url)
        if url_credentials is not None and _authorization(headers) is None:
            # Credentials written into the URL act as Basic auth, as every client sends them.
            headers = {**headers, "Authorization": basic_auth(*url_credentials)}
        account_sid: str | None = None
        to_media = hosts.is_media_url(url)  # a temporary media URL: presigned, no credentials
        fault = self.faults.take(method, urlsplit(url).path) if self.faults.armed else None
        if fault is not None and fault.error is not None:
            self._record(method, url, 0, headers, raw_body, HttpResponse(0, {}, b""), None)
            raise InjectedTransportFault(fault.error, method, url)
        try:
            if fault is not None:
                raise fault.answer()
            with self.backend.lock:
                self.backend.settle()
                if to_media:
                    answer = self.media.serve(method, url, _authorization(headers))
                    response = HttpResponse(*answer)
                else:
                    account_sid = self._authenticate(_authorization(headers))
                    # HEAD is GET without the body, as HTTP servers answer it.
                    answered_as = "GET" if method == "HEAD" else method
                    response = self._answer(answered_as, url, account_sid, raw_body)
            if method == "HEAD":
                response = response._replace(body=b"")
        except TwilioError as err:
            response = _error(err, head=method == "HEAD")
        except StorageError as err:
            body = b"" if method == "HEAD" else storage_error_body(err)
            response = HttpResponse(err.status, dict(XML_HEADERS), body)
        except Exception as exc:  # a bug inside the fake (or its clock): answer, then fail the test
            self.on_internal_error(exc)
            response = _error(errors.internal_error())
        if not to_media:  # Twilio's API hosts name every answer [OBS]; S3 does not
            response.headers["Twilio-Request-Id"] = self._request_id()
        self._record(method, url, response.status, headers, raw_body, response, account_sid)
        return response

    def _request_id(self) -> str:
        """``RQ`` + 32 hex: different for every request, the same sequence for the same seed."""
        number = next(self._request_numbers)
        digest = hashlib.sha256(self._request_secret + number.to_bytes(8, "big")).hexdigest()
        return "RQ" + digest[:32]

    def _record(
        self,
        method: str,
        url: str,
        status: int,
        headers: Mapping[str, str],
        body: bytes,
        response: HttpResponse,
        account_sid: str | None,
    ) -> None:
        try:
            at = self.backend.now()
        except Exception as exc:  # a user-supplied clock that fails is the fake failing
            self.on_internal_error(exc)
            at = datetime.min.replace(tzinfo=timezone.utc)
        self.journal.append(
            Exchange(
                method,
                url,
                status,
                at,
                headers,  # adapters hand over a mapping of their own
                body,
                response.headers,
                response.body,
                account_sid,
            )
        )

    def _answer(self, method: str, url: str, account_sid: str, body: bytes) -> HttpResponse:
        parts = urlsplit(url)
        path = unquote(parts.path) or "/"
        route = self.routes.resolve(parts.path)
        request = ApiRequest(method, path, _params(parts.query), {}, account_sid)
        if route is None:
            raise errors.not_found(request.resource)
        methods, path_params = route
        handler = methods.get(method)
        if handler is None:
            raise errors.method_not_allowed(sorted(methods))
        if method == "POST":
            request.form = _params(body.decode("utf-8", errors="replace"))
        decoded = {name: unquote(value) for name, value in path_params.items()}
        status, payload, extra_headers = handler(request, **decoded)
        if payload is None:
            return HttpResponse(status, dict(extra_headers), b"")
        body = payload if isinstance(payload, bytes) else render.dumps(payload)
        return HttpResponse(status, {**render.JSON_HEADERS, **extra_headers}, body)

    def _authenticate(self, authorization: str | None) -> str:
        known = self._known_credentials.get(authorization or "")
        if known is not None:
            return known
        if not authorization or not authorization[:6].lower() == "basic ":
            raise errors.unauthenticated()
        try:
            decoded = base64.b64decode(authorization[6:].strip(), validate=True).decode("utf-8")
        except ValueError:  # not base64, not ASCII, or not UTF-8 inside
            raise errors.unauthenticated() from None
        username, _, password = decoded.partition(":")
        account_sid = self.backend.authenticate(username, password)
        if account_sid is None:
            raise errors.unauthenticated()
        if len(self._known_credentials) < 1024:
            self._known_credentials[authorization] = account_sid
        return account_sid


def basic_auth(username: str, password: str) -> str:
    """The Authorization header value for HTTP Basic credentials."""
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return f"Basic {token}"


def _authorization(headers: Mapping[str, str]) -> str | None:
    """The Authorization header, whatever the case of its name."""
    value = headers.get("Authorization")
    if value is not None:
        return value
    for name, value in headers.items():
        if name.lower() == "authorization":
            return value
    return None


def _params(text: str) -> Params:
    if not text:
        return {}
    return parse_qs(text, keep_blank_values=True)


def _error(err: TwilioError, head: bool = False) -> HttpResponse:
    body = b"" if head else render.error(err)
    return HttpResponse(err.status, {**render.JSON_HEADERS, **err.headers}, body)
