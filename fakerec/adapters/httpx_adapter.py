"""httpx, sync and async: an explicit transport, and interception of the default transports.

Interception patches the public ``handle_request`` / ``handle_async_request`` methods of
httpx's public transport classes (as pytest-httpx does) for the length of ``mock()``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Callable

import httpx

from fakerec.adapters.guard import Seal
from fakerec.adapters.patching import Patch
from fakerec.api import Dispatcher, hosts
from fakerec.api.faults import InjectedTransportFault


def _answer(dispatch: Dispatcher, request: httpx.Request, body: bytes) -> httpx.Response:
    try:
        answer = dispatch(request.method, str(request.url), dict(request.headers), body)
    except InjectedTransportFault as fault:
        if fault.kind == "timeout":
            raise httpx.ReadTimeout(str(fault), request=request) from None
        raise httpx.ConnectError(str(fault), request=request) from None
    return httpx.Response(
        answer.status, headers=answer.headers, content=answer.body, request=request
    )


class FakeVideoTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Answers Twilio Video's hosts from the fake; anything else goes to a real transport."""

    def __init__(self, dispatch: Dispatcher) -> None:
        self._dispatch = dispatch
        self._sync: httpx.HTTPTransport | None = None
        self._async: httpx.AsyncHTTPTransport | None = None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if hosts.answers(str(request.url)):
            return _answer(self._dispatch, request, request.read())
        if self._sync is None:
            self._sync = httpx.HTTPTransport()
        return self._sync.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if hosts.answers(str(request.url)):
            return _answer(self._dispatch, request, await request.aread())
        if self._async is None:
            self._async = httpx.AsyncHTTPTransport()
        return await self._async.handle_async_request(request)

    def close(self) -> None:
        if self._sync is not None:
            self._sync.close()

    async def aclose(self) -> None:
        if self._async is not None:
            await self._async.aclose()


def _named(
    error: httpx.ConnectError, sealed: str | None, request: httpx.Request
) -> httpx.ConnectError | None:
    """A refused connection that says fakerec refused it (anyio's own message loses ours)."""
    if sealed is None or "fakerec" in str(error):
        return None
    return httpx.ConnectError(f"{sealed} ({error})", request=request)


@contextmanager
def intercept(dispatch: Dispatcher, seal: Seal) -> Iterator[None]:
    """Route Twilio Video requests of every httpx client to the fake while inside."""

    def build_sync(real: Callable[..., Any], patch: Patch) -> Callable[..., Any]:
        def handle_request(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
            url = str(request.url)
            if not patch.active:
                return real(self, request)  # type: ignore[no-any-return]
            if hosts.answers(url):
                return _answer(dispatch, request, request.read())
            with seal(url) as sealed:
                try:
                    return real(self, request)  # type: ignore[no-any-return]
                except httpx.ConnectError as error:
                    named = _named(error, sealed, request)
                    if named is None:
                        raise
                    raise named from error

        return handle_request

    def build_async(real: Callable[..., Any], patch: Patch) -> Callable[..., Any]:
        async def handle_async_request(
            self: httpx.AsyncHTTPTransport, request: httpx.Request
        ) -> httpx.Response:
            url = str(request.url)
            if not patch.active:
                return await real(self, request)  # type: ignore[no-any-return]
            if hosts.answers(url):
                return _answer(dispatch, request, await request.aread())
            with seal(url) as sealed:
                try:
                    return await real(self, request)  # type: ignore[no-any-return]
                except httpx.ConnectError as error:
                    named = _named(error, sealed, request)
                    if named is None:
                        raise
                    raise named from error

        return handle_async_request

    patches = [
        Patch(httpx.HTTPTransport, "handle_request", build_sync),
        Patch(httpx.AsyncHTTPTransport, "handle_async_request", build_async),
    ]
    try:
        yield
    finally:
        for patch in reversed(patches):
            patch.undo()
