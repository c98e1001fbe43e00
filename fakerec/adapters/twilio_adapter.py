"""The twilio SDK's own ``HttpClient`` interface: no HTTP library between the SDK and the fake."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from twilio.http import AsyncHttpClient, HttpClient
from twilio.http.response import Response

from fakerec.api import Dispatcher, HttpResponse, basic_auth
from fakerec.api.faults import InjectedTransportFault

_logger = logging.getLogger("fakerec.twilio")


def _call(
    dispatch: Dispatcher,
    method: str,
    uri: str,
    params: dict[str, object] | None,
    data: dict[str, object] | None,
    headers: dict[str, str] | None,
    auth: tuple[str, str] | None,
) -> Response:
    url = uri
    if params:
        url += ("&" if "?" in uri else "?") + urlencode(params, doseq=True)
    sent = dict(headers or {})
    if auth is not None:
        sent["Authorization"] = basic_auth(*auth)
    body = urlencode(data, doseq=True) if data else None
    answer: HttpResponse = dispatch(method, url, sent, body)
    return Response(answer.status, _text(answer.body), answer.headers)


def _text(body: bytes) -> str:
    """The SDK's Response holds text; binary media survives as latin-1, byte for byte."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("latin-1")


def _sync_error(fault: InjectedTransportFault) -> Exception:
    """What TwilioHttpClient (requests underneath) raises."""
    import requests

    if fault.kind == "timeout":
        return requests.exceptions.ReadTimeout(str(fault))
    return requests.exceptions.ConnectionError(str(fault))


def _async_error(fault: InjectedTransportFault) -> Exception:
    """What AsyncTwilioHttpClient (aiohttp underneath) raises."""
    import aiohttp

    if fault.kind == "timeout":
        return aiohttp.ServerTimeoutError(str(fault))
    return aiohttp.ClientConnectionError(str(fault))


class FakeHttpClient(HttpClient):
    """Hands every SDK request straight to the fake's dispatcher."""

    def __init__(self, dispatch: Dispatcher) -> None:
        super().__init__(_logger, is_async=False)
        self._dispatch = dispatch

    def request(
        self,
        method: str,
        uri: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        try:
            return _call(self._dispatch, method, uri, params, data, headers, auth)
        except InjectedTransportFault as fault:
            raise _sync_error(fault) from None


class FakeAsyncHttpClient(AsyncHttpClient):
    """The same for the SDK's ``*_async`` methods."""

    def __init__(self, dispatch: Dispatcher) -> None:
        super().__init__(_logger, is_async=True)
        self._dispatch = dispatch

    async def request(
        self,
        method: str,
        uri: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        try:
            return _call(self._dispatch, method, uri, params, data, headers, auth)
        except InjectedTransportFault as fault:
            raise _async_error(fault) from None
