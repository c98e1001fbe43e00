"""urllib: ``urlopen`` and every opener built from the standard handlers.

Inside ``mock()`` the public ``http_open`` / ``https_open`` of ``urllib.request``'s
``HTTPHandler`` and ``HTTPSHandler`` answer URLs the fake answers with an
``http.client.HTTPResponse`` read from the bytes a server would send, so urllib's own redirect
and error handling (``HTTPError`` for a 4xx) apply unchanged. Other URLs go to the real method.
"""

from __future__ import annotations

import io
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from http.client import HTTPResponse
from typing import Any, Callable

from fakerec.adapters.guard import Seal
from fakerec.adapters.patching import Patch
from fakerec.adapters.wire import response_bytes
from fakerec.api import Dispatcher, hosts
from fakerec.api.faults import InjectedTransportFault


class _Replay:
    """What ``HTTPResponse`` reads a server's answer from."""

    def __init__(self, raw: bytes) -> None:
        self._raw = raw

    def makefile(self, mode: str, *args: Any, **kwargs: Any) -> io.BufferedReader:
        return io.BufferedReader(io.BytesIO(self._raw))


def _body(data: Any) -> bytes:
    if data is None:
        return b""
    if isinstance(data, (bytes, bytearray)):
        return bytes(data)
    if hasattr(data, "read"):
        return bytes(data.read())
    chunks: Iterable[Any] = data
    return b"".join(bytes(chunk) for chunk in chunks)


def answer(dispatch: Dispatcher, request: urllib.request.Request) -> HTTPResponse:
    method = request.get_method()
    headers = dict(request.header_items())
    try:
        reply = dispatch(method, request.full_url, headers, _body(request.data))
    except InjectedTransportFault as fault:
        reason: OSError = (
            TimeoutError(str(fault))
            if fault.kind == "timeout"
            else ConnectionRefusedError(str(fault))
        )
        raise urllib.error.URLError(reason) from None
    response = HTTPResponse(_Replay(response_bytes(reply, method == "HEAD")), method=method)  # type: ignore[arg-type]
    response.begin()
    response.url = request.full_url  # as urllib's own do_open sets them
    response.msg = response.reason  # type: ignore[assignment]
    return response


@contextmanager
def intercept(dispatch: Dispatcher, seal: Seal) -> Iterator[None]:
    """Answer Twilio Video URLs opened with urllib while inside."""

    def build(real: Callable[..., Any], patch: Patch) -> Callable[..., Any]:
        def open_(handler: urllib.request.BaseHandler, request: urllib.request.Request) -> Any:
            if not patch.active:
                return real(handler, request)
            if hosts.answers(request.full_url):
                return answer(dispatch, request)
            with seal(request.full_url):
                return real(handler, request)

        return open_

    patches = [
        Patch(urllib.request.HTTPHandler, "http_open", build),
        Patch(urllib.request.HTTPSHandler, "https_open", build),
    ]
    try:
        yield
    finally:
        for patch in reversed(patches):
            patch.undo()
