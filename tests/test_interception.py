"""Inside ``mock()`` every Python way to Twilio Video is answered and nothing reaches the network
(SPEC 9). A tripwire under the fake records every lookup or connection that would have left
the process; every test here ends with it empty (or with exactly what it expected).
"""

from __future__ import annotations

import asyncio
import http.server
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import aiohttp
import httpx
import pytest
import requests
from _support import account_auth
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.rest import Client

from fakerec import FakeVideo, UsageError
from fakerec.domain import Recording

pytestmark = pytest.mark.fake(seed="interception")


class Tripwire:
    """Records (and refuses) every lookup or connection to a host that is not loopback."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def refuse(self, host: str) -> None:
        self.seen.append(host)
        raise OSError(f"tripwire: {host} would have reached the network")


def _loopback(host: Any) -> bool:
    text = host.decode() if isinstance(host, bytes) else str(host or "")
    return text in ("", "localhost") or text.startswith("127.") or text == "::1"


@pytest.fixture
def tripwire(monkeypatch: pytest.MonkeyPatch) -> Iterator[Tripwire]:
    wire = Tripwire()
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not _loopback(host):
            wire.refuse(str(host))
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(sock: socket.socket, address: Any) -> Any:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address[0]):
            wire.refuse(str(address[0]))
        return real_connect(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    yield wire


@pytest.fixture
def fake(tripwire: Tripwire, fake: FakeVideo) -> Iterator[FakeVideo]:
    """The suite's fake (set up after the tripwire), inside mock(); nothing reached the network."""
    with fake.mock():
        yield fake
    assert tripwire.seen == []


@pytest.fixture
def rec(fake: FakeVideo) -> Recording:
    return fake.add_recording(type="video", duration=3)


# --- one GET through each client: (status, body) ----------------------------------------


def get_requests(url: str, headers: dict[str, str]) -> tuple[int, bytes]:
    response = requests.get(url, headers=headers, timeout=5)
    return response.status_code, response.content


def get_httpx(url: str, headers: dict[str, str]) -> tuple[int, bytes]:
    response = httpx.get(url, headers=headers, follow_redirects=True)
    return response.status_code, response.content


def get_httpx_async(url: str, headers: dict[str, str]) -> tuple[int, bytes]:
    async def go() -> tuple[int, bytes]:
        async with httpx.AsyncClient(follow_redirects=True) as client:
            response = await client.get(url, headers=headers)
            return response.status_code, response.content

    return asyncio.run(go())


def get_aiohttp(url: str, headers: dict[str, str]) -> tuple[int, bytes]:
    async def go() -> tuple[int, bytes]:
        async with (
            aiohttp.ClientSession() as session,
            session.get(url, headers=headers) as response,
        ):
            return response.status, await response.read()

    return asyncio.run(go())


def get_urllib(url: str, headers: dict[str, str]) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


CLIENTS: dict[str, Callable[[str, dict[str, str]], tuple[int, bytes]]] = {
    "requests": get_requests,
    "httpx": get_httpx,
    "httpx-async": get_httpx_async,
    "aiohttp": get_aiohttp,
    "urllib": get_urllib,
}

SPELLINGS = {
    "plain": "https://video.twilio.com",
    "any case": "https://VIDEO.Twilio.COM",
    "final dot": "https://video.twilio.com.",
    "explicit port": "https://video.twilio.com:443",
    "region": "https://video.us1.twilio.com",
    "edge and region": "https://video.ashburn.us1.twilio.com",
}


@pytest.mark.parametrize("client", sorted(CLIENTS))
@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_every_client_and_spelling_is_answered(
    fake: FakeVideo, rec: Recording, client: str, spelling: str
) -> None:
    url = f"{SPELLINGS[spelling]}/v1/Recordings/{rec.sid}"
    status, body = CLIENTS[client](url, account_auth(fake))
    assert status == 200 and rec.sid.encode() in body
    assert len(fake.requests) == 1 and fake.requests[0].status == 200
    # the journal files one spelling: lower case, no final dot, no default port
    canonical = "https://video.twilio.com"
    if "us1" in spelling or "region" in spelling:
        canonical = SPELLINGS[spelling]
    assert fake.requests[0].url == f"{canonical}/v1/Recordings/{rec.sid}"


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_credentials_in_the_url_are_answered_and_never_leave(
    fake: FakeVideo, rec: Recording, client: str
) -> None:
    url = f"https://{fake.account_sid}:{fake.auth_token}@video.twilio.com/v1/Recordings/{rec.sid}"
    status, body = CLIENTS[client](url, {})
    assert status == 200 and rec.sid.encode() in body
    assert fake.requests[-1].account_sid == fake.account_sid
    assert fake.auth_token not in fake.requests[-1].url  # the journal holds no secret


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_media_is_followed_to_the_temporary_url_and_served(
    fake: FakeVideo, rec: Recording, client: str
) -> None:
    url = f"https://video.twilio.com/v1/Recordings/{rec.sid}/Media"
    status, body = CLIENTS[client](url, account_auth(fake))
    if client == "urllib":
        # urllib carries a header added with add_header across the redirect: S3 refuses a
        # presigned URL that also carries credentials, and so does the fake (SPEC 6 [OBS]).
        assert (status, b"<Code>InvalidArgument</Code>" in body) == (400, True)
        assert [e.status for e in fake.requests] == [302, 400]
        return
    assert status == 200 and body.startswith(b"\x1a\x45\xdf\xa3")  # Matroska
    assert [e.status for e in fake.requests] == [302, 200]


REFUSED: dict[str, type[BaseException]] = {
    "requests": requests.ConnectionError,
    "httpx": httpx.ConnectError,
    "httpx-async": httpx.ConnectError,
    "aiohttp": aiohttp.ClientConnectorError,
    "urllib": urllib.error.URLError,
}


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_other_twilio_hosts_fail_at_once_with_the_librarys_own_error(
    fake: FakeVideo, client: str
) -> None:
    with pytest.raises(REFUSED[client]) as raised:
        CLIENTS[client]("https://api.twilio.com/2010-04-01/Accounts.json", {})
    assert "fakerec" in str(raised.value) and "api.twilio.com" in str(raised.value)
    assert fake.requests == []


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_passthrough_false_closes_every_other_host(tripwire: Tripwire, client: str) -> None:
    fake = FakeVideo(seed="closed")
    with fake.mock(passthrough=False), pytest.raises(REFUSED[client]) as raised:
        CLIENTS[client]("https://example.com/", {})
    assert "fakerec" in str(raised.value) and "example.com" in str(raised.value)
    assert tripwire.seen == []


def test_passthrough_false_still_reaches_loopback(tripwire: Tripwire) -> None:
    class Hello(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", "5")
            self.end_headers()
            self.wfile.write(b"hello")

        def log_message(self, *args: Any) -> None:
            return None

    server = http.server.HTTPServer(("127.0.0.1", 0), Hello)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with FakeVideo(seed="loopback").mock(passthrough=False):
            port = server.server_address[1]
            assert requests.get(f"http://127.0.0.1:{port}/", timeout=5).text == "hello"
            assert httpx.get(f"http://localhost:{port}/").text == "hello"
    finally:
        server.shutdown()
    assert tripwire.seen == []


def test_the_sdks_own_async_client_built_by_the_code_under_test(fake: FakeVideo) -> None:
    async def code_under_test(pooled: bool) -> list[str]:
        http_client = AsyncTwilioHttpClient(pool_connections=pooled)
        client = Client(fake.account_sid, fake.auth_token, http_client=http_client)
        try:
            first = await client.video.v1.recordings.list_async()
            again = await client.video.v1.recordings.list_async()  # the same session again
            assert [r.sid for r in again] == [r.sid for r in first]
            return [r.sid for r in first]
        finally:
            await http_client.close()

    seeded = fake.add_recording()
    assert asyncio.run(code_under_test(pooled=True)) == [seeded.sid]
    assert asyncio.run(code_under_test(pooled=False)) == [seeded.sid]
    assert [e.status for e in fake.requests] == [200] * 4


def _aiohttp_get(url: str, fake: FakeVideo) -> Awaitable[int]:
    async def go() -> int:
        headers = account_auth(fake)
        async with (
            aiohttp.ClientSession() as session,
            session.get(url, headers=headers) as response,
        ):
            return response.status

    return go()


@pytest.mark.parametrize(
    ("error", "expected"),
    [("connection", aiohttp.ClientConnectionError), ("timeout", aiohttp.ServerTimeoutError)],
)
def test_transport_faults_through_aiohttp(
    fake: FakeVideo, error: str, expected: type[BaseException]
) -> None:
    fake.inject_fault("GET /v1/Recordings", error=error)
    with pytest.raises(expected):
        asyncio.run(_aiohttp_get("https://video.twilio.com/v1/Recordings", fake))
    assert asyncio.run(_aiohttp_get("https://video.twilio.com/v1/Recordings", fake)) == 200


@pytest.mark.parametrize(
    ("error", "reason"), [("connection", ConnectionRefusedError), ("timeout", TimeoutError)]
)
def test_transport_faults_through_urllib(
    fake: FakeVideo, error: str, reason: type[BaseException]
) -> None:
    fake.inject_fault("GET /v1/Recordings", error=error)
    with pytest.raises(urllib.error.URLError) as raised:
        get_urllib("https://video.twilio.com/v1/Recordings", account_auth(fake))
    assert isinstance(raised.value.reason, reason)


# --- one fake at a time, and nothing left patched -------------------------------------------


def patched_attributes() -> dict[str, Any]:
    return {
        "Session.get_adapter": vars(requests.Session).get("get_adapter"),
        "HTTPTransport": vars(httpx.HTTPTransport).get("handle_request"),
        "AsyncHTTPTransport": vars(httpx.AsyncHTTPTransport).get("handle_async_request"),
        "TCPConnector.connect": vars(aiohttp.TCPConnector).get("connect"),
        "HTTPHandler": vars(urllib.request.HTTPHandler).get("http_open"),
        "HTTPSHandler": vars(urllib.request.HTTPSHandler).get("https_open"),
        "getaddrinfo": socket.getaddrinfo,
        "socket.connect": vars(socket.socket).get("connect"),
    }


def test_a_second_fake_cannot_answer_while_one_does() -> None:
    first, second = FakeVideo(seed="first"), FakeVideo(seed="second")
    with first.mock():
        with pytest.raises(UsageError) as raised, second.mock():
            pass  # pragma: no cover - never entered
        assert repr(first) in str(raised.value) and repr(second) in str(raised.value)
        with first.mock():  # the same fake again: re-entrant
            requests.get("https://video.twilio.com/v1/Recordings")
        requests.get("https://video.twilio.com/v1/Recordings")
    assert [e.status for e in first.requests] == [401, 401]
    assert second.requests == []


def test_nothing_stays_patched_whatever_the_exit() -> None:
    before = patched_attributes()
    fake = FakeVideo(seed="exits")
    with fake.mock(passthrough=False):
        assert patched_attributes() != before
    assert patched_attributes() == before
    with pytest.raises(RuntimeError), fake.mock():
        raise RuntimeError("the test failed inside")
    assert patched_attributes() == before
    other = FakeVideo(seed="other")
    with fake.mock(), pytest.raises(UsageError), other.mock():
        pass  # pragma: no cover
    assert patched_attributes() == before


def test_a_fake_patched_over_and_left_behind_never_answers_again(tripwire: Tripwire) -> None:
    """Another library patches over the fake, and restores the fake's function after the fake
    left: the stale function forwards to the original, so the dead fake answers nothing."""
    original = vars(httpx.HTTPTransport)["handle_request"]
    stale_fake = FakeVideo(seed="stale")
    with stale_fake.mock():
        ours = httpx.HTTPTransport.handle_request

        def theirs(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
            return ours(self, request)

        httpx.HTTPTransport.handle_request = theirs  # type: ignore[method-assign]
    httpx.HTTPTransport.handle_request = ours  # type: ignore[method-assign]  # their late exit
    try:
        with pytest.raises(httpx.ConnectError):
            httpx.get("https://video.twilio.com/v1/Recordings")
        assert stale_fake.requests == []
        assert tripwire.seen == ["video.twilio.com"]  # it went on towards the network...
        live = FakeVideo(seed="live")
        with live.mock():  # ...and a new fake answers over it
            assert httpx.get("https://video.twilio.com/v1/Recordings").status_code == 401
        assert len(live.requests) == 1 and stale_fake.requests == []
    finally:
        httpx.HTTPTransport.handle_request = original  # type: ignore[method-assign]


def _aiohttp_through_env_proxy(url: str, headers: dict[str, str]) -> tuple[int, bytes]:
    async def go() -> tuple[int, bytes]:
        async with (
            aiohttp.ClientSession(trust_env=True) as session,
            session.get(url, headers=headers) as response,
        ):
            return response.status, await response.read()

    return asyncio.run(go())


PROXIED = {**CLIENTS, "aiohttp": _aiohttp_through_env_proxy}


@pytest.mark.parametrize("client", sorted(PROXIED))
def test_behind_a_loopback_proxy_other_twilio_hosts_still_never_leave(
    fake: FakeVideo, client: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A proxy hides the Twilio host from lookups; a proxy on loopback is not "the network" to
    the guard. Still, nothing is sent to it on the Twilio host's behalf."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{listener.getsockname()[1]}")
    monkeypatch.setenv("https_proxy", f"http://127.0.0.1:{listener.getsockname()[1]}")
    try:
        with pytest.raises(Exception) as raised:
            PROXIED[client]("https://api.twilio.com/2010-04-01/Accounts.json", {})
        assert "fakerec" in str(raised.value) and "api.twilio.com" in str(raised.value)
        with pytest.raises(socket.timeout):  # TimeoutError from 3.10 on; not on 3.9
            listener.accept()  # the proxy never saw a connection
    finally:
        listener.close()
    # Twilio Video itself is still answered by the fake, proxy or not
    status, _ = PROXIED[client]("https://video.twilio.com/v1/Recordings", {})
    assert status == 401 and fake.requests[-1].status == 401
