"""``requests``: a transport adapter that answers Twilio Video, and a route for ``responses``.

Inside ``mock()`` the public ``requests.Session.get_adapter`` hands Twilio Video URLs to
``FakeVideoAdapter`` (requests' own extension point: a transport adapter) and every other URL
to the adapter requests would have used. ``responses`` patches a level lower
(``HTTPAdapter.send``), so a user's ``RequestsMock`` or ``@responses.activate`` keeps answering
its own hosts whether it started before or after the fake.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from http.client import responses as reasons
from typing import Any, Callable, cast

import requests
import responses
from requests.adapters import BaseAdapter, HTTPAdapter
from urllib3 import HTTPResponse

from fakerec.adapters.guard import Seal
from fakerec.adapters.patching import Patch
from fakerec.api import Dispatcher, HttpResponse, hosts
from fakerec.api.faults import InjectedTransportFault


def _call(dispatch: Dispatcher, request: requests.PreparedRequest) -> HttpResponse:
    body = request.body
    if body is not None and not isinstance(body, (bytes, str)):
        body = b"".join(_as_bytes(chunk) for chunk in cast("Iterable[Any]", body))
    headers = {name: _as_str(value) for name, value in request.headers.items()}
    try:
        return dispatch(request.method or "GET", request.url or "", headers, body)
    except InjectedTransportFault as fault:
        if fault.kind == "timeout":
            raise requests.exceptions.ReadTimeout(str(fault), request=request) from None
        raise requests.exceptions.ConnectionError(str(fault), request=request) from None


def _urllib3_response(answer: HttpResponse) -> HTTPResponse:
    return HTTPResponse(
        body=io.BytesIO(answer.body),
        headers=answer.headers,
        status=answer.status,
        reason=reasons.get(answer.status, ""),
        preload_content=False,
        decode_content=False,
    )


class FakeVideoAdapter(HTTPAdapter):
    """A requests transport adapter whose network is the fake."""

    def __init__(self, dispatch: Dispatcher) -> None:
        super().__init__()
        self.dispatch = dispatch

    def send(
        self, request: requests.PreparedRequest, *args: Any, **kwargs: Any
    ) -> requests.Response:
        return self.build_response(request, _urllib3_response(_call(self.dispatch, request)))


class _SealedAdapter(BaseAdapter):
    """The adapter requests would have used, sending under the guard's seal: a user's mock
    beneath it may answer, but nothing may connect (a proxy included)."""

    def __init__(self, inner: BaseAdapter, seal: Seal) -> None:
        super().__init__()
        self.inner = inner
        self.seal = seal

    def send(
        self, request: requests.PreparedRequest, *args: Any, **kwargs: Any
    ) -> requests.Response:
        with self.seal(request.url or ""):
            return self.inner.send(request, *args, **kwargs)

    def close(self) -> None:
        return None  # the inner adapter belongs to its Session


@contextmanager
def intercept(dispatch: Dispatcher, seal: Seal) -> Iterator[None]:
    """Route Twilio Video requests of every requests Session to the fake while inside."""
    adapter = FakeVideoAdapter(dispatch)

    def build(real: Callable[..., Any], patch: Patch) -> Callable[..., Any]:
        def get_adapter(self: requests.Session, url: str) -> Any:
            if not patch.active:
                return real(self, url)
            if hosts.answers(url):
                return adapter
            chosen = real(self, url)
            return _SealedAdapter(chosen, seal) if seal.needed(url) else chosen

        return get_adapter

    patch = Patch(requests.Session, "get_adapter", build)
    try:
        yield
    finally:
        patch.undo()
        adapter.close()


class FakeVideoRoute(responses.BaseResponse):
    """One ``responses`` registration answering every method on Twilio Video's hosts.

    It reports itself as called: strict mode (``assert_all_requests_are_fired``) asks whether a
    test's stubs were used, and the fake is an API, not a stub. ``fake.requests`` has what it
    served.
    """

    def __init__(self, dispatch: Dispatcher) -> None:
        super().__init__("*", "https://video.twilio.com/")
        self.dispatch = dispatch

    def matches(self, request: requests.PreparedRequest) -> tuple[bool, str]:
        if hosts.answers(request.url or ""):
            return True, ""
        return False, "not a host fakerec answers"

    def get_response(self, request: requests.PreparedRequest) -> HTTPResponse:
        return _urllib3_response(_call(self.dispatch, request))

    @property
    def call_count(self) -> int:
        return max(1, len(self.calls))


def register(rsps: responses.RequestsMock, dispatch: Dispatcher) -> None:
    """Answer every request to Twilio Video's hosts from the fake, through ``rsps``."""
    rsps.add(FakeVideoRoute(dispatch))


def _as_bytes(chunk: bytes | str) -> bytes:
    return chunk.encode() if isinstance(chunk, str) else chunk


def _as_str(value: bytes | str) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value
