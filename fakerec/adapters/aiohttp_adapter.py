"""aiohttp: the connection to a Twilio Video host is a pipe to the fake, not a socket.

Inside ``mock()`` the public ``TCPConnector.connect`` (the connector is aiohttp's extension
point for "how to reach a host") gives requests for hosts the fake answers a connection whose
transport hands the request aiohttp writes to the dispatcher and feeds back the bytes a server
would send. aiohttp's own writer, parser, redirects, auth and response class do the rest, so
every ``ClientSession`` (the twilio SDK's ``AsyncTwilioHttpClient`` included) works unchanged,
whenever it was created. Every other host goes to the real ``connect``.
"""

from __future__ import annotations

import asyncio
import errno
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Callable

import aiohttp
from aiohttp.client_proto import ResponseHandler
from aiohttp.connector import Connection

from fakerec.adapters.guard import Seal
from fakerec.adapters.patching import Patch
from fakerec.adapters.wire import RequestReader, response_bytes
from fakerec.api import Dispatcher, hosts
from fakerec.api.faults import InjectedTransportFault


class _PipeToFake(asyncio.Transport):
    """A transport whose far end is the fake: one request in, one response out."""

    def __init__(
        self, protocol: ResponseHandler, origin: str, key: Any, dispatch: Dispatcher
    ) -> None:
        super().__init__()
        self._protocol = protocol
        self._origin = origin
        self._key = key
        self._dispatch = dispatch
        self._reader = RequestReader()
        self._closing = False
        self._loop = asyncio.get_running_loop()

    def write(self, data: bytes | bytearray | memoryview) -> None:
        request = self._reader.feed(bytes(data))
        if request is None:
            return
        method, target, headers, body = request
        try:
            answer = self._dispatch(method, self._origin + target, headers, body)
        except InjectedTransportFault as fault:
            # What aiohttp raises for a refused connection (never retried) or a read timeout.
            error: Exception = (
                aiohttp.ServerTimeoutError(str(fault))
                if fault.kind == "timeout"
                else aiohttp.ClientConnectorError(
                    self._key, ConnectionRefusedError(errno.ECONNREFUSED, str(fault))
                )
            )
            self._loop.call_soon(self._protocol.set_exception, error)
            return
        self._loop.call_soon(self._protocol.data_received, response_bytes(answer, method == "HEAD"))

    def is_closing(self) -> bool:
        return self._closing

    def close(self) -> None:
        if not self._closing:
            self._closing = True
            self._loop.call_soon(self._protocol.connection_lost, None)

    def abort(self) -> None:
        self.close()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return default

    def get_write_buffer_size(self) -> int:
        return 0

    def set_write_buffer_limits(self, high: int | None = None, low: int | None = None) -> None:
        return None

    def can_write_eof(self) -> bool:
        return False

    def is_reading(self) -> bool:
        return not self._closing

    def pause_reading(self) -> None:
        return None

    def resume_reading(self) -> None:
        return None


@contextmanager
def intercept(dispatch: Dispatcher, seal: Seal) -> Iterator[None]:
    """Route Twilio Video requests of every aiohttp ClientSession to the fake while inside."""

    def build(real: Callable[..., Any], patch: Patch) -> Callable[..., Any]:
        async def connect(
            self: aiohttp.TCPConnector, req: Any, traces: Any, timeout: Any
        ) -> Connection:
            url = str(req.url)
            if not patch.active:
                return await real(self, req, traces, timeout)  # type: ignore[no-any-return]
            if not hosts.answers(url):
                with seal(url):
                    return await real(self, req, traces, timeout)  # type: ignore[no-any-return]
            loop = asyncio.get_running_loop()
            protocol = ResponseHandler(loop)
            origin = f"{req.url.scheme}://{req.url.raw_host}"
            key = req.connection_key
            protocol.connection_made(_PipeToFake(protocol, origin, key, dispatch))
            protocol.force_close()  # one request per pipe: never pooled for later use
            return Connection(self, key, protocol, loop)

        return connect

    patch = Patch(aiohttp.TCPConnector, "connect", build)
    try:
        yield
    finally:
        patch.undo()
