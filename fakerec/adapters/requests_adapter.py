"""``requests`` through the public ``responses`` callback API."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from fakerec.api import urls
from fakerec.api.faults import InjectedTransportFault

if TYPE_CHECKING:
    import responses
    from requests import PreparedRequest

    from fakerec.api import Dispatcher

METHODS = ("GET", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS")
#: One pattern for every host the fake answers, so each method needs one registration.
_ANSWERED = re.compile(f"(?:{urls.VIDEO_URL.pattern})|(?:{urls.MEDIA_URL.pattern})", re.IGNORECASE)
_EVERYTHING_ELSE = re.compile(r".*")


def register(rsps: responses.RequestsMock, dispatch: Dispatcher) -> None:
    """Answer every request to Twilio Video's hosts from the fake."""

    def callback(request: PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        body = request.body
        if body is not None and not isinstance(body, (bytes, str)):
            body = b"".join(_as_bytes(chunk) for chunk in cast("Iterable[Any]", body))
        headers = {name: _as_str(value) for name, value in request.headers.items()}
        try:
            answer = dispatch(request.method or "GET", request.url or "", headers, body)
        except InjectedTransportFault as fault:
            raise _requests_error(fault, request) from None
        return answer.status, answer.headers, answer.body

    for method in METHODS:  # GET first: responses tries registrations in order
        rsps.add_callback(method, _ANSWERED, callback=callback, content_type=None)


def _requests_error(fault: InjectedTransportFault, request: PreparedRequest) -> Exception:
    """The exception requests itself raises for a refused connection or a read timeout."""
    import requests

    if fault.kind == "timeout":
        return requests.exceptions.ReadTimeout(str(fault), request=request)
    return requests.exceptions.ConnectionError(str(fault), request=request)


def _as_bytes(chunk: bytes | str) -> bytes:
    return chunk.encode() if isinstance(chunk, str) else chunk


def _as_str(value: bytes | str) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


def passthrough_others(rsps: responses.RequestsMock) -> None:
    """Requests the fake does not answer reach the network untouched."""
    rsps.add_passthru(_EVERYTHING_ELSE)
