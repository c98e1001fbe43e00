"""fakerec next to the user's own HTTP mocks (SPEC section 9), run as a downstream project runs it.

What this file proves, for every cell of the matrices below:

* the user's own mock (``responses``, respx, pytest-httpx) keeps answering its host
  (``api.example.com``) with its stub, and never sees the Twilio Video request;
* the fake answers the Twilio Video request, whichever client library sends it;
* the user's mock's own teardown check (every stub called, no unexpected request) passes,
  in either order of fixtures and of entry;
* the user's mock still fails its own teardown when one of its stubs is not called: fakerec
  hides none of the user's failures;
* nothing reaches the network: a tripwire under everything records any lookup or connection to a
  host that is not loopback, and a request to a Twilio host the fake does not serve fails at once
  with the client library's own exception, naming fakerec and the host.

The downstream files are run with ``pytester.runpytest_subprocess``, so the installed plugin (the
``fakerec`` fixture) loads as it does for a user. One run per mock library; each run's outcomes
are compared, test id by test id, with the expected matrix (``*_MATRIX``).
"""

from __future__ import annotations

import re

import pytest
import requests
import responses
from twilio.rest import Client

import fakerec
from fakerec.adapters.interception import ADAPTERS

# --- the clients ----------------------------------------------------------------------------

#: Every client library fakerec answers. "twilio" is the SDK's sync client (requests);
#: "twilio-async" its AsyncTwilioHttpClient (aiohttp).
ALL_CLIENTS = ("requests", "twilio", "twilio-async", "httpx", "httpx-async", "aiohttp", "urllib")
#: The clients respx and pytest-httpx mock.
HTTPX_CLIENTS = ("httpx", "httpx-async")

# --- the downstream project -----------------------------------------------------------------

INI = "[pytest]\nasyncio_default_fixture_loop_scope = function\nasyncio_mode = auto\n"

CONFTEST = '''
"""The downstream project's conftest: a tripwire proving that nothing reaches the network."""
import ipaddress
import socket

import pytest


def is_loopback(host):
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host or "").lower().rstrip(".")
    if host in ("", "localhost") or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def tripwire(monkeypatch):
    """Under everything (autouse: set up before fakerec, so fakerec's guard sits above it):
    any lookup of, or connection to, a host that is not loopback is recorded and refused."""
    reached = []
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def getaddrinfo(host, port, *args, **kwargs):
        if not is_loopback(host):
            reached.append(f"getaddrinfo {host}")
            raise OSError(f"tripwire: a lookup of {host}")
        return real_getaddrinfo(host, port, *args, **kwargs)

    def connect(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not is_loopback(address[0]):
            reached.append(f"connect {address[0]}")
            raise OSError(f"tripwire: a connection to {address[0]}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    yield reached
    assert reached == [], f"the network was reached: {reached}"
'''

HELPERS = f'''
"""One call per client library: to the fake, to another Twilio host, to the user's stub."""
import base64
import json
import urllib.error
import urllib.request

import aiohttp
import httpx
import requests
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.rest import Client

ALL_CLIENTS = {ALL_CLIENTS!r}
HTTPX_CLIENTS = {HTTPX_CLIENTS!r}
'''
HELPERS += '''
EXAMPLE = "https://api.example.com/x"
NEVER = "https://api.example.com/never-called"
STUBBED = {"answered_by": "the user's own stub"}
OTHER_TWILIO = "https://api.twilio.com/2010-04-01/Accounts.json"

#: Each client library's own exception for a request stopped before the network.
REFUSED = {
    "requests": requests.exceptions.ConnectionError,
    "twilio": requests.exceptions.ConnectionError,
    "twilio-async": aiohttp.ClientConnectorError,
    "httpx": httpx.ConnectError,
    "httpx-async": httpx.ConnectError,
    "aiohttp": aiohttp.ClientConnectorError,
    "urllib": urllib.error.URLError,
}


async def get_json(client, url, auth=None):
    """GET ``url`` with a raw client library (HTTP Basic ``auth``, if given); its JSON body."""
    headers = {}
    if auth:
        headers["Authorization"] = "Basic " + base64.b64encode(":".join(auth).encode()).decode()
    if client == "requests":
        return requests.get(url, headers=headers, timeout=5).json()
    if client == "httpx":
        with httpx.Client(headers=headers) as http:
            return http.get(url).json()
    if client == "httpx-async":
        async with httpx.AsyncClient(headers=headers) as http:
            return (await http.get(url)).json()
    if client == "aiohttp":
        async with aiohttp.ClientSession(headers=headers) as session:
            async with session.get(url) as response:
                return await response.json()
    if client == "urllib":
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5) as r:
            return json.load(r)
    raise AssertionError(f"no raw client {client}")


async def fetch_recording(client, fake, sid):
    """GET /v1/Recordings/{sid} from the fake with ``client``: the sid it answered."""
    auth = (fake.account_sid, fake.auth_token)
    if client == "twilio":
        return Client(*auth).video.v1.recordings(sid).fetch().sid
    if client == "twilio-async":
        twilio = Client(*auth, http_client=AsyncTwilioHttpClient())
        try:
            return (await twilio.video.v1.recordings(sid).fetch_async()).sid
        finally:
            await twilio.http_client.close()
    url = f"https://video.twilio.com/v1/Recordings/{sid}"
    return (await get_json(client, url, auth))["sid"]


async def call_other_twilio_host(client, fake):
    """A request to api.twilio.com, a Twilio host the fake does not serve."""
    auth = (fake.account_sid, fake.auth_token)
    if client == "twilio":
        return Client(*auth).api.v2010.accounts.list()
    if client == "twilio-async":
        twilio = Client(*auth, http_client=AsyncTwilioHttpClient())
        try:
            return await twilio.api.v2010.accounts.list_async()
        finally:
            await twilio.http_client.close()
    return await get_json(client, OTHER_TWILIO, auth)


async def fake_answers(fake, client):
    """The fake answers a Twilio Video request sent with ``client``, and records it."""
    recording = fake.add_recording(type="video", duration=5)
    assert await fetch_recording(client, fake, recording.sid) == recording.sid
    assert [(e.method, e.url, e.status) for e in fake.requests] == [
        ("GET", f"https://video.twilio.com/v1/Recordings/{recording.sid}", 200)
    ]
'''

# --- responses (requests, and the twilio SDK's sync client) ----------------------------------

WITH_RESPONSES = """
import socket

import pytest
import requests
import responses

from helpers import (
    ALL_CLIENTS, EXAMPLE, NEVER, OTHER_TWILIO, REFUSED, STUBBED, call_other_twilio_host,
    fake_answers,
)


@pytest.fixture
def strict_rsps():
    '''The user's own strict mock: each stub must be called (assert_all_requests_are_fired).'''
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        rsps.get(EXAMPLE, json=STUBBED)
        yield rsps


async def both_answer(fake, rsps, client):
    assert requests.get(EXAMPLE, timeout=5).json() == STUBBED
    await fake_answers(fake, client)
    assert [call.request.url for call in rsps.calls] == [EXAMPLE]


@pytest.mark.parametrize("client", ALL_CLIENTS)
async def test_fakerec_then_strict_fixture(fakerec, strict_rsps, client):
    await both_answer(fakerec, strict_rsps, client)


@pytest.mark.parametrize("client", ALL_CLIENTS)
async def test_strict_fixture_then_fakerec(strict_rsps, fakerec, client):
    await both_answer(fakerec, strict_rsps, client)


@pytest.mark.parametrize("client", ALL_CLIENTS)
@responses.activate(assert_all_requests_are_fired=True)
async def test_responses_activate(fakerec, client):
    responses.get(EXAMPLE, json=STUBBED)
    await both_answer(fakerec, responses, client)


@pytest.mark.parametrize("client", ALL_CLIENTS)
async def test_other_twilio_host_is_refused(fakerec, tripwire, client):
    with pytest.raises(REFUSED[client]) as refused:
        await call_other_twilio_host(client, fakerec)
    assert "fakerec" in str(refused.value)
    assert "api.twilio.com" in str(refused.value)
    assert tripwire == []
    assert fakerec.requests == []


async def test_other_twilio_host_goes_to_the_users_mock(fakerec, strict_rsps, tripwire):
    await both_answer(fakerec, strict_rsps, "requests")
    with pytest.raises(requests.ConnectionError, match="Connection refused by Responses"):
        requests.get(OTHER_TWILIO, timeout=5)
    assert tripwire == []


# Expected to fail: fakerec must not hide the user's own failures.


async def test_unused_stub_fakerec_first(fakerec, strict_rsps):
    strict_rsps.get(NEVER, json={})
    await both_answer(fakerec, strict_rsps, "requests")


async def test_unused_stub_fixture_first(strict_rsps, fakerec):
    strict_rsps.get(NEVER, json={})
    await both_answer(fakerec, strict_rsps, "twilio")


@responses.activate(assert_all_requests_are_fired=True)
async def test_unused_stub_activate(fakerec):
    responses.get(EXAMPLE, json=STUBBED)
    responses.get(NEVER, json={})
    await both_answer(fakerec, responses, "requests")


# Behind a proxy (HTTPS_PROXY) the client looks up the proxy's name, not api.twilio.com: the
# adapters seal what they hand on for a Twilio host, so no lookup or connection happens at all.


@pytest.mark.parametrize("client", ("requests", "httpx", "urllib"))
async def test_other_twilio_host_behind_a_proxy(fakerec, tripwire, monkeypatch, client):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    try:
        with pytest.raises(REFUSED[client]) as refused:
            await call_other_twilio_host(client, fakerec)
        reached = list(tripwire)
    finally:
        tripwire.clear()  # what it saw is this test's verdict, not its teardown's
    assert reached == []
    assert "fakerec" in str(refused.value)


def test_tripwire_sees_a_lookup(tripwire):
    with pytest.raises(requests.ConnectionError, match="tripwire"):
        requests.get("https://example.org/", timeout=1)
    assert tripwire == ["getaddrinfo example.org"]


def test_tripwire_sees_a_connection(tripwire):
    with socket.socket() as sock, pytest.raises(OSError, match="tripwire"):
        sock.connect(("192.0.2.1", 9))
    assert tripwire == ["connect 192.0.2.1"]
"""

#: (downstream test, clients, outcome, what the failure says). "passed, error" is a test whose
#: body passed and whose teardown (the user's strict mock, or the tripwire) failed.
RESPONSES_MATRIX = [
    ("test_fakerec_then_strict_fixture", ALL_CLIENTS, "passed", ""),
    ("test_strict_fixture_then_fakerec", ALL_CLIENTS, "passed", ""),
    ("test_responses_activate", ALL_CLIENTS, "passed", ""),
    ("test_other_twilio_host_is_refused", ALL_CLIENTS, "passed", ""),
    ("test_other_twilio_host_goes_to_the_users_mock", (), "passed", ""),
    ("test_other_twilio_host_behind_a_proxy", ("requests", "httpx", "urllib"), "passed", ""),
    (
        "test_unused_stub_fakerec_first",
        (),
        "passed, error",
        "AssertionError: Not all requests have been executed [('GET', "
        "'https://api.example.com/never-called')]",
    ),
    (
        "test_unused_stub_fixture_first",
        (),
        "passed, error",
        "AssertionError: Not all requests have been executed [('GET', "
        "'https://api.example.com/never-called')]",
    ),
    (
        "test_unused_stub_activate",
        (),
        "failed",
        "AssertionError: Not all requests have been executed [('GET', "
        "'https://api.example.com/never-called')]",
    ),
    (
        "test_tripwire_sees_a_lookup",
        (),
        "passed, error",
        "AssertionError: the network was reached: ['getaddrinfo example.org']",
    ),
    (
        "test_tripwire_sees_a_connection",
        (),
        "passed, error",
        "AssertionError: the network was reached: ['connect 192.0.2.1']",
    ),
]

# --- respx (httpx, sync and async) -----------------------------------------------------------

WITH_RESPX = """
import httpx
import pytest
import respx
from respx.models import AllMockedAssertionError

import fakerec as fakerec_package
from helpers import EXAMPLE, HTTPX_CLIENTS, NEVER, OTHER_TWILIO, STUBBED, fake_answers, get_json


async def both_answer(fake, router, client):
    assert await get_json(client, EXAMPLE) == STUBBED
    await fake_answers(fake, client)
    assert [str(call.request.url) for call in router.calls] == [EXAMPLE]


# respx's global router (``respx.mock``, and the respx_mock fixture without a marker) does not
# check that its routes were called; a router of one's own (``respx.mock(...)``, any
# ``@pytest.mark.respx(...)``) does. The strict forms are used, and asked for explicitly.


@pytest.mark.respx(assert_all_called=True)
@pytest.mark.parametrize("client", HTTPX_CLIENTS)
async def test_fakerec_then_respx_mock(fakerec, respx_mock, client):
    respx_mock.get(EXAMPLE).respond(json=STUBBED)
    await both_answer(fakerec, respx_mock, client)


@pytest.mark.respx(assert_all_called=True)
@pytest.mark.parametrize("client", HTTPX_CLIENTS)
async def test_respx_mock_then_fakerec(respx_mock, fakerec, client):
    respx_mock.get(EXAMPLE).respond(json=STUBBED)
    await both_answer(fakerec, respx_mock, client)


@pytest.mark.parametrize("client", HTTPX_CLIENTS)
async def test_respx_context_inside_fakerec(fakerec, client):
    with respx.mock(assert_all_called=True) as router:
        router.get(EXAMPLE).respond(json=STUBBED)
        await both_answer(fakerec, router, client)


@pytest.mark.parametrize("client", HTTPX_CLIENTS)
async def test_fake_mock_inside_respx_context(client):
    with respx.mock(assert_all_called=True) as router:
        router.get(EXAMPLE).respond(json=STUBBED)
        with fakerec_package.FakeVideo(seed=0).mock() as fake:
            await both_answer(fake, router, client)


@pytest.mark.parametrize("client", HTTPX_CLIENTS)
async def test_global_respx_mock_inside_fakerec(fakerec, client):
    with respx.mock:
        route = respx.get(EXAMPLE).respond(json=STUBBED)
        await both_answer(fakerec, respx.mock, client)
        assert route.call_count == 1


async def test_other_twilio_host_goes_to_the_users_mock(fakerec, tripwire):
    with respx.mock(assert_all_called=True) as router:
        router.get(EXAMPLE).respond(json=STUBBED)
        await both_answer(fakerec, router, "httpx")
        with pytest.raises(AllMockedAssertionError, match="api.twilio.com"):
            httpx.get(OTHER_TWILIO)
    assert tripwire == []


# respx(using="httpx") replaces the transport each httpx client picks (Client._transport_for_url):
# the request never reaches the transports fakerec answers from, in either order. A route that
# passes Twilio Video through lets it reach them.


@pytest.mark.xfail(raises=AllMockedAssertionError, strict=True, reason="using=httpx hides it")
@pytest.mark.respx(using="httpx", assert_all_called=True)
async def test_respx_using_httpx(fakerec, respx_mock):
    respx_mock.get(EXAMPLE).respond(json=STUBBED)
    await both_answer(fakerec, respx_mock, "httpx")


@pytest.mark.respx(using="httpx", assert_all_called=True)
@pytest.mark.parametrize("client", HTTPX_CLIENTS)
async def test_respx_using_httpx_passing_twilio_through(fakerec, respx_mock, client):
    respx_mock.get(EXAMPLE).respond(json=STUBBED)
    respx_mock.route(host="video.twilio.com").pass_through()
    assert await get_json(client, EXAMPLE) == STUBBED
    await fake_answers(fakerec, client)


# Expected to fail: fakerec must not hide the user's own failures.


@pytest.mark.respx(assert_all_called=True)
async def test_unused_route_respx_mock(fakerec, respx_mock):
    respx_mock.get(EXAMPLE).respond(json=STUBBED)
    respx_mock.get(NEVER).respond(json={})
    await both_answer(fakerec, respx_mock, "httpx")


async def test_unused_route_respx_context(fakerec):
    with respx.mock(assert_all_called=True) as router:
        router.get(EXAMPLE).respond(json=STUBBED)
        router.get(NEVER).respond(json={})
        await both_answer(fakerec, router, "httpx-async")
"""

RESPX_MATRIX = [
    ("test_fakerec_then_respx_mock", HTTPX_CLIENTS, "passed", ""),
    ("test_respx_mock_then_fakerec", HTTPX_CLIENTS, "passed", ""),
    ("test_respx_context_inside_fakerec", HTTPX_CLIENTS, "passed", ""),
    ("test_fake_mock_inside_respx_context", HTTPX_CLIENTS, "passed", ""),
    ("test_global_respx_mock_inside_fakerec", HTTPX_CLIENTS, "passed", ""),
    ("test_other_twilio_host_goes_to_the_users_mock", (), "passed", ""),
    ("test_respx_using_httpx", (), "xfailed", ""),
    ("test_respx_using_httpx_passing_twilio_through", HTTPX_CLIENTS, "passed", ""),
    (
        "test_unused_route_respx_mock",
        (),
        "passed, error",
        "AssertionError: RESPX: some routes were not called!",
    ),
    (
        "test_unused_route_respx_context",
        (),
        "failed",
        "AssertionError: RESPX: some routes were not called!",
    ),
]

# --- pytest-httpx (httpx, sync and async) ----------------------------------------------------

WITH_PYTEST_HTTPX = """
import httpx
import pytest

import fakerec as fakerec_package
from helpers import EXAMPLE, HTTPX_CLIENTS, NEVER, OTHER_TWILIO, STUBBED, fake_answers, get_json


async def both_answer(fake, httpx_mock, client):
    assert await get_json(client, EXAMPLE) == STUBBED
    await fake_answers(fake, client)
    assert [str(request.url) for request in httpx_mock.get_requests()] == [EXAMPLE]


@pytest.fixture
def user_api(httpx_mock):
    '''A user fixture built on httpx_mock, requested after fakerec.'''
    httpx_mock.add_response(url=EXAMPLE, json=STUBBED)
    return httpx_mock


@pytest.mark.parametrize("client", HTTPX_CLIENTS)
async def test_fakerec_then_httpx_mock(fakerec, httpx_mock, client):
    httpx_mock.add_response(url=EXAMPLE, json=STUBBED)
    await both_answer(fakerec, httpx_mock, client)


@pytest.mark.parametrize("client", HTTPX_CLIENTS)
async def test_httpx_mock_then_fakerec(httpx_mock, fakerec, client):
    httpx_mock.add_response(url=EXAMPLE, json=STUBBED)
    await both_answer(fakerec, httpx_mock, client)


@pytest.mark.parametrize("client", HTTPX_CLIENTS)
async def test_fakerec_then_fixture_on_httpx_mock(fakerec, user_api, client):
    await both_answer(fakerec, user_api, client)


# Only the fakerec fixture knows to set httpx_mock up first. A user's own fixture around
# FakeVideo.mock() set up before httpx_mock leaves httpx_mock on top, answering every request
# (Twilio Video too) unless its should_mock lets Twilio Video through.


@pytest.fixture
def own_fake():
    with fakerec_package.FakeVideo(seed=0).mock() as fake:
        yield fake


@pytest.mark.xfail(strict=True, raises=httpx.TimeoutException, reason="httpx_mock is on top")
@pytest.mark.httpx_mock(assert_all_requests_were_expected=False)
async def test_own_mock_block_then_httpx_mock(own_fake, httpx_mock):
    httpx_mock.add_response(url=EXAMPLE, json=STUBBED)
    await both_answer(own_fake, httpx_mock, "httpx")


@pytest.mark.httpx_mock(should_mock=lambda request: request.url.host != "video.twilio.com")
@pytest.mark.parametrize("client", HTTPX_CLIENTS)
async def test_own_mock_block_then_httpx_mock_letting_twilio_through(own_fake, httpx_mock, client):
    httpx_mock.add_response(url=EXAMPLE, json=STUBBED)
    await both_answer(own_fake, httpx_mock, client)


# Expected to fail: fakerec must not hide the user's own failures.


@pytest.mark.parametrize("client", HTTPX_CLIENTS)
async def test_unused_response(fakerec, httpx_mock, client):
    httpx_mock.add_response(url=EXAMPLE, json=STUBBED)
    httpx_mock.add_response(url=NEVER, json={})
    await both_answer(fakerec, httpx_mock, client)


async def test_other_twilio_host_goes_to_the_users_mock(fakerec, httpx_mock, tripwire):
    httpx_mock.add_response(url=EXAMPLE, json=STUBBED)
    await both_answer(fakerec, httpx_mock, "httpx")
    with pytest.raises(httpx.TimeoutException, match="No response can be found"):
        httpx.get(OTHER_TWILIO)
    assert tripwire == []
"""

PYTEST_HTTPX_MATRIX = [
    ("test_fakerec_then_httpx_mock", HTTPX_CLIENTS, "passed", ""),
    ("test_httpx_mock_then_fakerec", HTTPX_CLIENTS, "passed", ""),
    ("test_fakerec_then_fixture_on_httpx_mock", HTTPX_CLIENTS, "passed", ""),
    ("test_own_mock_block_then_httpx_mock", (), "xfailed", ""),
    ("test_own_mock_block_then_httpx_mock_letting_twilio_through", HTTPX_CLIENTS, "passed", ""),
    (
        "test_unused_response",
        HTTPX_CLIENTS,
        "passed, error",
        "AssertionError: The following responses are mocked but not requested:",
    ),
    (
        "test_other_twilio_host_goes_to_the_users_mock",
        (),
        "passed, error",
        "AssertionError: The following requests were not expected:",
    ),
]

# --- running a downstream file ---------------------------------------------------------------

Matrix = list[tuple[str, tuple[str, ...], str, str]]
SUMMARY_LINE = re.compile(r"^(PASSED|FAILED|ERROR|XFAIL|XPASS|SKIPPED) (\S+)(?: - (.*))?$")
WORDS = {"PASSED": "passed", "FAILED": "failed", "ERROR": "error", "XFAIL": "xfailed"}


def run_downstream(pytester: pytest.Pytester, name: str, source: str, matrix: Matrix) -> None:
    """Run ``source`` as the downstream file ``name``; its outcomes must be ``matrix``'s."""
    pytester.makeini(INI)
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(helpers=HELPERS, **{name: source})
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:randomly", "-rA")
    outcomes: dict[str, list[str]] = {}
    messages: dict[str, str] = {}
    for line in result.outlines:
        found = SUMMARY_LINE.match(line)
        if found:
            word, nodeid, message = found.groups()
            outcomes.setdefault(nodeid, []).append(WORDS.get(word, word))
            if word in ("FAILED", "ERROR"):
                messages[nodeid] = message or ""
    expected: dict[str, list[str]] = {}
    said: dict[str, str] = {}
    for test, clients, outcome, message in matrix:
        for nodeid in [f"{name}.py::{test}[{c}]" for c in clients] or [f"{name}.py::{test}"]:
            expected[nodeid] = outcome.split(", ")
            if message:
                said[nodeid] = message
    assert outcomes == expected, result.stdout.str()
    for nodeid, message in said.items():
        assert messages[nodeid].startswith(message), (nodeid, messages[nodeid])
    assert result.ret == (pytest.ExitCode.OK if not said else pytest.ExitCode.TESTS_FAILED)


@pytest.fixture
def downstream_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The environment of the downstream run: wide (short test summary lines are cut to the
    terminal's width), and with no proxy (see test_other_twilio_host_behind_a_proxy)."""
    monkeypatch.setenv("COLUMNS", "250")
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(proxy, raising=False)
        monkeypatch.delenv(proxy.lower(), raising=False)


@pytest.mark.usefixtures("downstream_env")
def test_with_responses(pytester: pytest.Pytester) -> None:
    run_downstream(pytester, "test_with_responses", WITH_RESPONSES, RESPONSES_MATRIX)


@pytest.mark.usefixtures("downstream_env")
def test_with_respx(pytester: pytest.Pytester) -> None:
    run_downstream(pytester, "test_with_respx", WITH_RESPX, RESPX_MATRIX)


@pytest.mark.usefixtures("downstream_env")
def test_with_pytest_httpx(pytester: pytest.Pytester) -> None:
    run_downstream(pytester, "test_with_pytest_httpx", WITH_PYTEST_HTTPX, PYTEST_HTTPX_MATRIX)


# --- fake.register(rsps): in process ---------------------------------------------------------

EXAMPLE = "https://api.example.com/x"
STUBBED = {"answered_by": "the user's own stub"}


def test_register_with_a_strict_mock_used() -> None:
    fake = fakerec.FakeVideo(seed=0)
    recording = fake.add_recording(type="video", duration=5)
    url = f"https://video.twilio.com/v1/Recordings/{recording.sid}"
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        fake.register(rsps)
        rsps.get(EXAMPLE, json=STUBBED)
        assert requests.get(EXAMPLE, timeout=5).json() == STUBBED
        answer = requests.get(url, auth=(fake.account_sid, fake.auth_token), timeout=5)
        assert answer.json()["sid"] == recording.sid
        sdk = Client(fake.account_sid, fake.auth_token).video.v1.recordings(recording.sid)
        assert sdk.fetch().sid == recording.sid
        assert [call.request.url for call in rsps.calls] == [EXAMPLE, url, url]
    assert [(e.method, e.status) for e in fake.requests] == [("GET", 200), ("GET", 200)]


def test_register_with_a_strict_mock_unused() -> None:
    """The fake is an API, not a stub: never calling it is no 'not all requests' failure."""
    fake = fakerec.FakeVideo(seed=0)
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        fake.register(rsps)
    assert fake.requests == []


def test_register_hides_no_unused_stub_of_the_user() -> None:
    fake = fakerec.FakeVideo(seed=0)
    strict = responses.RequestsMock(assert_all_requests_are_fired=True)
    with pytest.raises(AssertionError, match="Not all requests") as failed, strict as rsps:
        fake.register(rsps)
        rsps.get(EXAMPLE, json=STUBBED)
    assert str(failed.value) == f"Not all requests have been executed [('GET', '{EXAMPLE}')]"


def test_register_inside_mock() -> None:
    """Both ways in at once: mock() answers first, and the route still asks for nothing."""
    fake = fakerec.FakeVideo(seed=0)
    recording = fake.add_recording(type="video", duration=5)
    with fake.mock(), responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        fake.register(rsps)
        rsps.get(EXAMPLE, json=STUBBED)
        assert requests.get(EXAMPLE, timeout=5).json() == STUBBED
        sdk = Client(fake.account_sid, fake.auth_token).video.v1.recordings(recording.sid)
        assert sdk.fetch().sid == recording.sid
        assert [call.request.url for call in rsps.calls] == [EXAMPLE]
    assert [(e.method, e.status) for e in fake.requests] == [("GET", 200)]


def test_the_matrix_covers_every_library_fakerec_intercepts() -> None:
    """A client library fakerec learns to intercept must join ALL_CLIENTS (and the matrix)."""
    library_of = {
        "requests": "requests",
        "twilio": "requests",
        "twilio-async": "aiohttp",
        "httpx": "httpx",
        "httpx-async": "httpx",
        "aiohttp": "aiohttp",
        "urllib": "urllib",
    }
    assert set(library_of) == set(ALL_CLIENTS)
    assert {library for library, _ in ADAPTERS} == set(library_of.values())
    assert all(clients == ALL_CLIENTS for _, clients, _, _ in RESPONSES_MATRIX[:4])
