"""Raw HTTP against the fake: `requests` and httpx (sync and async), both through `fake.mock()`
and through the explicit httpx transport. No twilio SDK here: status codes, bodies and meta are
checked as they travel on the wire.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.server
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Optional, Union
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import httpx
import pytest
import requests
from _support import BASE, ERROR_KEYS

import fakerec

REGIONAL = "https://video.dublin.ie1.twilio.com"
START = datetime(2025, 1, 1, tzinfo=timezone.utc)

Auth = Optional[tuple[str, str]]
Query = Union[dict[str, Any], list[tuple[str, str]], None]

pytestmark = pytest.mark.fake(seed=11)


@dataclass
class Resp:
    status: int
    headers: dict[str, str]
    content: bytes

    def json(self) -> Any:
        return json.loads(self.content)


_DEFAULT: Any = object()

MODES = [
    "requests-mock",
    "httpx-mock",
    "httpx-async-mock",
    "httpx-transport",
    "httpx-async-transport",
]


class Caller:
    """Sends requests with the client library of its mode and returns plain `Resp`s.

    One httpx client per test (building one costs an SSL context); the async one lives on
    its own event loop, so sync tests can drive it too.
    """

    def __init__(self, fake: fakerec.FakeVideo, mode: str) -> None:
        self.fake = fake
        self.mode = mode
        transport = fake.httpx_transport() if mode.endswith("transport") else None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._client: httpx.Client | None = None
        self._aclient: httpx.AsyncClient | None = None
        if mode.startswith("httpx-async"):
            self._loop = asyncio.new_event_loop()
            self._aclient = httpx.AsyncClient(transport=transport)
        elif mode.startswith("httpx"):
            self._client = httpx.Client(transport=transport)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        if self._aclient is not None and self._loop is not None:
            self._loop.run_until_complete(self._aclient.aclose())
            self._loop.close()

    def __call__(
        self,
        method: str,
        url: str,
        *,
        params: Query = None,
        auth: Auth = _DEFAULT,
        data: dict[str, str] | None = None,
    ) -> Resp:
        if auth is _DEFAULT:
            auth = (self.fake.account_sid, self.fake.auth_token)
        if params:
            url = with_query(url, params)
        if self.mode == "requests-mock":
            r = requests.request(method, url, auth=auth, data=data, allow_redirects=False)
            return Resp(r.status_code, {k.lower(): v for k, v in r.headers.items()}, r.content)
        if self._aclient is not None and self._loop is not None:
            request = self._aclient.request(method, url, auth=auth, data=data)
            hr = self._loop.run_until_complete(request)
        else:
            assert self._client is not None
            hr = self._client.request(method, url, auth=auth, data=data)
        return Resp(hr.status_code, {k.lower(): v for k, v in hr.headers.items()}, hr.content)


def with_query(url: str, params: Query) -> str:
    parts = urlsplit(url)
    items = list(params.items()) if isinstance(params, dict) else list(params or [])
    query = "&".join(q for q in (parts.query, urlencode(items)) if q)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


@contextlib.contextmanager
def caller_for(fake: fakerec.FakeVideo, mode: str) -> Iterator[Caller]:
    with fake.mock() if mode.endswith("mock") else contextlib.nullcontext():
        caller = Caller(fake, mode)
        try:
            yield caller
        finally:
            caller.close()


@pytest.fixture(params=MODES)
def call(request: pytest.FixtureRequest, fake: fakerec.FakeVideo) -> Iterator[Caller]:
    with caller_for(fake, request.param) as caller:
        yield caller


@pytest.fixture
def rcall(fake: fakerec.FakeVideo) -> Iterator[Caller]:
    """`requests` inside `fake.mock()`: for the paging walks, where one client suffices."""
    with caller_for(fake, "requests-mock") as caller:
        yield caller


def assert_error(resp: Resp, status: int, code: int) -> dict[str, Any]:
    assert resp.status == status, resp.content
    body = resp.json()
    assert set(body) == ERROR_KEYS
    assert body["code"] == code
    assert body["status"] == status
    assert body["more_info"] == f"https://www.twilio.com/docs/errors/{code}"
    assert isinstance(body["message"], str) and body["message"]
    return dict(body)


def seed(fake: fakerec.FakeVideo, n: int, **kwargs: Any) -> list[str]:
    """n recordings one minute apart; returns their SIDs newest first (the list order)."""
    sids = [
        fake.add_recording(date_created=START + timedelta(minutes=i), **kwargs).sid
        for i in range(n)
    ]
    return sids[::-1]


def sids_of(resp: Resp) -> list[str]:
    assert resp.status == 200, resp.content
    return [r["sid"] for r in resp.json()["recordings"]]


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def assert_carries(query: dict[str, list[str]], filters: dict[str, str]) -> None:
    """Every filter is in the query; dates may be re-rendered but must name the same instant."""
    for name, value in filters.items():
        assert name in query, name
        assert len(query[name]) == 1, (name, query[name])
        if name.startswith("DateCreated"):
            assert instant(query[name][0]) == instant(value), name
        else:
            assert query[name] == [value], name


# --- auth ------------------------------------------------------------------------------------

AUTH_BODY = {
    "code": 20003,
    "message": "Authenticate",
    "more_info": "https://www.twilio.com/docs/errors/20003",
    "status": 401,
}


def test_no_credentials_is_401(call: Caller) -> None:
    resp = call("GET", f"{BASE}/v1/Recordings", auth=None)
    assert resp.status == 401
    assert resp.json() == AUTH_BODY


def test_wrong_token_is_401(call: Caller, fake: fakerec.FakeVideo) -> None:
    wrong = "0" * 32 if fake.auth_token != "0" * 32 else "1" * 32
    resp = call("GET", f"{BASE}/v1/Recordings", auth=(fake.account_sid, wrong))
    assert resp.status == 401
    assert resp.json() == AUTH_BODY


def test_unknown_account_is_401(call: Caller, fake: fakerec.FakeVideo) -> None:
    resp = call("GET", f"{BASE}/v1/Recordings", auth=("AC" + "ab" * 16, fake.auth_token))
    assert resp.status == 401
    assert resp.json() == AUTH_BODY


def test_another_accounts_token_is_401(call: Caller, fake: fakerec.FakeVideo) -> None:
    other = fake.add_account()
    resp = call("GET", f"{BASE}/v1/Recordings", auth=(fake.account_sid, other.auth_token))
    assert resp.status == 401
    assert resp.json() == AUTH_BODY


def test_bad_credentials_on_unknown_path_is_401(call: Caller) -> None:
    resp = call("GET", f"{BASE}/v1/NoSuchThing", auth=("AC" + "00" * 16, "nope"))
    assert resp.status == 401
    assert resp.json() == AUTH_BODY


def test_valid_credentials_and_api_key_are_200(call: Caller, fake: fakerec.FakeVideo) -> None:
    sid = fake.add_recording().sid
    assert sids_of(call("GET", f"{BASE}/v1/Recordings")) == [sid]
    key = fake.add_api_key()
    assert sids_of(call("GET", f"{BASE}/v1/Recordings", auth=(key.sid, key.secret))) == [sid]
    bad = call("GET", f"{BASE}/v1/Recordings", auth=(key.sid, fake.auth_token))
    assert bad.status == 401
    assert bad.json() == AUTH_BODY


# --- 404 / 405 / malformed SIDs --------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/v1/NoSuchThing",
        "/v2/Recordings",
        "/v1/Recordings/{sid}/Nope",
        "/",
        "/v1",
        "/v1/Rooms/{room}/Nope",
    ],
)
def test_unknown_path_is_404_twilio_shaped(
    call: Caller, fake: fakerec.FakeVideo, path: str
) -> None:
    rec = fake.add_recording()
    url = BASE + path.format(sid=rec.sid, room=rec.room_sid)
    assert_error(call("GET", url), 404, 20404)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/v1/Recordings"),
        ("DELETE", "/v1/Recordings"),
        ("PUT", "/v1/Recordings"),
        ("PUT", "/v1/Recordings/{sid}"),
        ("POST", "/v1/Recordings/{sid}"),
        ("PATCH", "/v1/Recordings/{sid}"),
        ("POST", "/v1/Recordings/{sid}/Media"),
        ("DELETE", "/v1/Rooms/{room}"),
        ("POST", "/v1/Rooms/{room}/Recordings"),
        ("PUT", "/v1/Rooms/{room}/Recordings/{sid}"),
    ],
)
def test_wrong_method_on_existing_path_is_405(
    call: Caller, fake: fakerec.FakeVideo, method: str, path: str
) -> None:
    rec = fake.add_recording()
    url = BASE + path.format(sid=rec.sid, room=rec.room_sid)
    body = assert_error(call(method, url), 405, 20004)
    assert body["message"] == "Method not allowed"
    # nothing changed
    assert call("GET", f"{BASE}/v1/Recordings/{rec.sid}").json()["status"] == "completed"


@pytest.mark.parametrize(
    "sid",
    [
        "RTabc",
        "nope",
        "RT" + "z" * 32,
        "RT" + "0" * 31,
        "RT" + "0" * 33,
        "CA" + "0" * 32,
        "RT" + "0" * 32,  # well formed but unknown: the same answer
    ],
)
def test_malformed_or_unknown_sid_is_404_with_resource_path(call: Caller, sid: str) -> None:
    body = assert_error(call("GET", f"{BASE}/v1/Recordings/{sid}"), 404, 20404)
    assert body["message"] == f"The requested resource /Recordings/{sid} was not found"
    assert_error(call("DELETE", f"{BASE}/v1/Recordings/{sid}"), 404, 20404)
    media = assert_error(call("GET", f"{BASE}/v1/Recordings/{sid}/Media"), 404, 20404)
    assert media["message"] == f"The requested resource /Recordings/{sid}/Media was not found"


def test_another_accounts_recording_is_404(call: Caller, fake: fakerec.FakeVideo) -> None:
    other = fake.add_account()
    theirs = fake.add_recording(account_sid=other.sid)
    body = assert_error(call("GET", f"{BASE}/v1/Recordings/{theirs.sid}"), 404, 20404)
    assert body["message"] == f"The requested resource /Recordings/{theirs.sid} was not found"
    assert sids_of(call("GET", f"{BASE}/v1/Recordings")) == []
    mine = call("GET", f"{BASE}/v1/Recordings/{theirs.sid}", auth=(other.sid, other.auth_token))
    assert mine.status == 200


def test_unknown_room_scoped_list_is_404(call: Caller) -> None:
    assert_error(call("GET", f"{BASE}/v1/Rooms/RM{'0' * 32}/Recordings"), 404, 20404)


# --- parameter validation --------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1.5", ""])
def test_bad_page_size_is_400_20001(call: Caller, value: str) -> None:
    assert_error(call("GET", f"{BASE}/v1/Recordings", params={"PageSize": value}), 400, 20001)


@pytest.mark.parametrize("value", ["1001", "5000"])
def test_page_size_over_1000_is_400_20007(call: Caller, value: str) -> None:
    assert_error(call("GET", f"{BASE}/v1/Recordings", params={"PageSize": value}), 400, 20007)


@pytest.mark.parametrize("value", ["1", "1000"])
def test_page_size_bounds_are_accepted(call: Caller, fake: fakerec.FakeVideo, value: str) -> None:
    seed(fake, 2)
    resp = call("GET", f"{BASE}/v1/Recordings", params={"PageSize": value})
    assert resp.status == 200
    assert resp.json()["meta"]["page_size"] == int(value)
    assert len(resp.json()["recordings"]) == min(2, int(value))


@pytest.mark.parametrize("name", ["DateCreatedAfter", "DateCreatedBefore"])
@pytest.mark.parametrize(
    "value",
    ["yesterday", "2025-13-01T00:00:00Z", "2025-02-30T00:00:00Z", "2025-01-01T25:00:00Z", "12345"],
)
def test_bad_dates_are_400(call: Caller, name: str, value: str) -> None:
    assert_error(call("GET", f"{BASE}/v1/Recordings", params={name: value}), 400, 20001)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("Status", "Completed"),
        ("Status", "purged"),
        ("MediaType", "screen"),
        ("SourceSid", "MT123"),
        ("GroupingSid", "RMnope"),
    ],
)
def test_bad_filter_values_are_400(call: Caller, name: str, value: str) -> None:
    assert_error(call("GET", f"{BASE}/v1/Recordings", params={name: value}), 400, 20001)


@pytest.mark.parametrize("token", ["garbage", "PT" + "0" * 32, "%%%", "eyJ9"])
def test_garbage_page_token_is_400(call: Caller, fake: fakerec.FakeVideo, token: str) -> None:
    seed(fake, 3)
    params = {"PageSize": "1", "Page": "1", "PageToken": token}
    assert_error(call("GET", f"{BASE}/v1/Recordings", params=params), 400, 20001)


def test_page_token_minted_for_other_filters_is_400(rcall: Caller, fake: fakerec.FakeVideo) -> None:
    seed(fake, 4)
    seed(fake, 4, type="video")
    first = rcall("GET", f"{BASE}/v1/Recordings", params={"PageSize": "2", "MediaType": "audio"})
    next_url = first.json()["meta"]["next_page_url"]
    assert next_url is not None
    assert rcall("GET", next_url).status == 200  # the token is good for its own filters
    query = query_of(next_url)
    assert query["MediaType"] == ["audio"]
    for changed in ({"MediaType": ["video"]}, {"Status": ["completed"]}):
        tampered = {**query, **changed}
        url = with_query(
            f"{BASE}/v1/Recordings", [(k, v) for k, vs in tampered.items() for v in vs]
        )
        assert_error(rcall("GET", url), 400, 20001)


def test_page_token_from_another_account_is_400(rcall: Caller, fake: fakerec.FakeVideo) -> None:
    other = fake.add_account()
    seed(fake, 3)
    seed(fake, 3, account_sid=other.sid)
    first = rcall("GET", f"{BASE}/v1/Recordings", params={"PageSize": "1"})
    next_url = first.json()["meta"]["next_page_url"]
    assert rcall("GET", next_url).status == 200
    resp = rcall("GET", next_url, auth=(other.sid, other.auth_token))
    assert_error(resp, 400, 20001)


def test_page_without_token_is_served_as_offset(rcall: Caller, fake: fakerec.FakeVideo) -> None:
    order = seed(fake, 7)
    resp = rcall("GET", f"{BASE}/v1/Recordings", params={"PageSize": "2", "Page": "2"})
    assert sids_of(resp) == order[4:6]
    assert resp.json()["meta"]["page"] == 2
    last = rcall("GET", f"{BASE}/v1/Recordings", params={"PageSize": "2", "Page": "3"})
    assert sids_of(last) == order[6:]
    assert last.json()["meta"]["next_page_url"] is None
    beyond = rcall("GET", f"{BASE}/v1/Recordings", params={"PageSize": "2", "Page": "9"})
    assert sids_of(beyond) == []


def test_unknown_query_params_are_ignored(rcall: Caller, fake: fakerec.FakeVideo) -> None:
    order = seed(fake, 3)
    rcall("DELETE", f"{BASE}/v1/Recordings/{order[0]}")
    plain = sids_of(rcall("GET", f"{BASE}/v1/Recordings"))
    assert plain == order[1:]
    # parameter names are case-sensitive: `status` is not `Status`, so it is ignored too
    odd = rcall(
        "GET", f"{BASE}/v1/Recordings", params={"Foo": "bar", "status": "deleted", "pagesize": "0"}
    )
    assert sids_of(odd) == plain


# --- lists and meta --------------------------------------------------------------------------


def test_list_meta_carries_every_filter(rcall: Caller, fake: fakerec.FakeVideo) -> None:
    room = fake.create_room(unique_name="meta", record_participants_on_connect=True)
    alice = room.connect("alice")
    tracks = [alice.publish("audio", name=f"mic{i}") for i in range(5)]
    fake.clock.advance(seconds=10)
    alice.disconnect()
    fake.clock.advance(seconds=60)
    fake.add_recording(type="video")  # excluded by the filters below
    filters = {
        "Status": "completed",
        "MediaType": "audio",
        "GroupingSid": room.sid,
        "DateCreatedAfter": "2024-01-01T00:00:00Z",
        "DateCreatedBefore": "2026-01-01T00:00:00+01:00",
    }
    resp = rcall("GET", f"{BASE}/v1/Recordings", params={**filters, "PageSize": "2"})
    assert resp.status == 200
    body = resp.json()
    meta = body["meta"]
    assert meta["page"] == 0
    assert meta["page_size"] == 2
    assert meta["key"] == "recordings"
    assert len(body["recordings"]) == 2
    assert meta["previous_page_url"] is None
    for field in ("first_page_url", "url", "next_page_url"):
        url = meta[field]
        assert url.startswith(f"{BASE}/v1/Recordings?"), url
        query = query_of(url)
        assert_carries(query, filters)
        assert query["PageSize"] == ["2"]
    assert query_of(meta["first_page_url"])["Page"] == ["0"]
    assert query_of(meta["url"])["Page"] == ["0"]
    assert query_of(meta["next_page_url"])["Page"] == ["1"]
    assert query_of(meta["next_page_url"])["PageToken"][0]

    seen = [r["sid"] for r in body["recordings"]]
    pages = 1
    while meta["next_page_url"]:
        page = rcall("GET", meta["next_page_url"]).json()
        meta = page["meta"]
        assert meta["page"] == pages
        assert meta["previous_page_url"] is not None
        assert query_of(meta["previous_page_url"])["Page"] == [str(pages - 1)]
        for field in ("first_page_url", "url", "previous_page_url"):
            assert meta[field].startswith(f"{BASE}/v1/Recordings?")
            assert_carries(query_of(meta[field]), filters)
        seen += [r["sid"] for r in page["recordings"]]
        pages += 1
    assert pages == 3
    assert meta["next_page_url"] is None
    assert sorted(seen) == sorted(t.recording.sid for t in tracks)


def test_single_page_has_no_next_and_no_previous(rcall: Caller, fake: fakerec.FakeVideo) -> None:
    seed(fake, 3)
    meta = rcall("GET", f"{BASE}/v1/Recordings").json()["meta"]
    assert meta["page_size"] == 50
    assert meta["next_page_url"] is None
    assert meta["previous_page_url"] is None


def test_walk_forward_then_back_gives_same_pages(rcall: Caller, fake: fakerec.FakeVideo) -> None:
    order = seed(fake, 11)
    url: str | None = with_query(f"{BASE}/v1/Recordings", {"PageSize": "3"})
    forward: list[list[str]] = []
    last: dict[str, Any] = {}
    while url:
        last = rcall("GET", url).json()
        forward.append([r["sid"] for r in last["recordings"]])
        url = last["meta"]["next_page_url"]
    assert [sid for page in forward for sid in page] == order
    assert len(forward) == 4

    backward = [[r["sid"] for r in last["recordings"]]]
    url = last["meta"]["previous_page_url"]
    while url:
        page = rcall("GET", url).json()
        backward.append([r["sid"] for r in page["recordings"]])
        url = page["meta"]["previous_page_url"]
    assert backward == forward[::-1]


def test_grouping_sid_repeated_is_and(rcall: Caller, fake: fakerec.FakeVideo) -> None:
    room = fake.create_room(unique_name="g", record_participants_on_connect=True)
    other_room = fake.create_room(unique_name="h", record_participants_on_connect=True)
    alice = room.connect("alice")
    bob = room.connect("bob")
    carol = other_room.connect("carol")
    a1 = alice.publish("audio").recording
    a2 = alice.publish("video").recording
    b1 = bob.publish("audio").recording
    c1 = carol.publish("audio").recording
    assert a1 and a2 and b1 and c1

    def listed(*grouping: str) -> set[str]:
        resp = rcall("GET", f"{BASE}/v1/Recordings", params=[("GroupingSid", g) for g in grouping])
        return set(sids_of(resp))

    assert listed(room.sid) == {a1.sid, a2.sid, b1.sid}
    assert listed(alice.sid) == {a1.sid, a2.sid}
    assert listed(room.sid, alice.sid) == {a1.sid, a2.sid}
    assert listed(room.sid, bob.sid) == {b1.sid}
    assert listed(alice.sid, bob.sid) == set()
    assert listed(other_room.sid, alice.sid) == set()
    assert listed(other_room.sid, carol.sid) == {c1.sid}


def test_regional_host_works_and_urls_stay_canonical(call: Caller, fake: fakerec.FakeVideo) -> None:
    rec = fake.add_recording()
    resp = call("GET", f"{REGIONAL}/v1/Recordings/{rec.sid}")
    assert resp.status == 200
    body = resp.json()
    assert body["sid"] == rec.sid
    assert body["url"] == f"{BASE}/v1/Recordings/{rec.sid}"
    assert body["links"]["media"] == f"{BASE}/v1/Recordings/{rec.sid}/Media"

    page = call("GET", f"{REGIONAL}/v1/Recordings", params={"PageSize": "1"}).json()
    assert [r["sid"] for r in page["recordings"]] == [rec.sid]
    for field in ("first_page_url", "url"):
        assert page["meta"][field].startswith(f"{BASE}/v1/Recordings?")
    assert page["recordings"][0]["url"] == f"{BASE}/v1/Recordings/{rec.sid}"

    scoped = call("GET", f"{REGIONAL}/v1/Rooms/{rec.room_sid}/Recordings/{rec.sid}")
    assert scoped.status == 200
    assert scoped.json()["url"] == f"{BASE}/v1/Rooms/{rec.room_sid}/Recordings/{rec.sid}"

    assert_error(call("GET", f"{REGIONAL}/v1/Recordings/RTnope"), 404, 20404)
    assert call("GET", f"{REGIONAL}/v1/Recordings", auth=None).json() == AUTH_BODY


def test_delete_over_raw_http(call: Caller, fake: fakerec.FakeVideo) -> None:
    rec = fake.add_recording()
    resp = call("DELETE", f"{BASE}/v1/Recordings/{rec.sid}")
    assert resp.status == 204
    assert resp.content == b""
    assert call("GET", f"{BASE}/v1/Recordings/{rec.sid}").json()["status"] == "deleted"
    assert call("DELETE", f"{BASE}/v1/Recordings/{rec.sid}").status == 204


# --- every error is Twilio-shaped, nothing is 5xx --------------------------------------------

ODD_REQUESTS = [
    ("GET", "/v1/Recordings", {"PageSize": "99999999999999999999999999"}),
    ("GET", "/v1/Recordings", {"Page": "-1"}),
    ("GET", "/v1/Recordings", {"Page": "abc"}),
    ("GET", "/v1/Recordings", {"Page": "99999999999999999999999999"}),
    ("GET", "/v1/Recordings", {"PageToken": ""}),
    ("GET", "/v1/Recordings", {"PageToken": "\u00e9\u00e9"}),
    ("GET", "/v1/Recordings", {"DateCreatedAfter": "9999-12-31T23:59:59+23:59"}),
    ("GET", "/v1/Recordings", {"DateCreatedAfter": "0001-01-01T00:00:00-23:59"}),
    ("GET", "/v1/Recordings", {"DateCreatedAfter": "2025-01-01T00:00:00+99:99"}),
    ("GET", "/v1/Recordings", {"Status": ""}),
    ("GET", "/v1/Recordings", {"MediaType": "data"}),
    ("GET", "/v1/Recordings", {"GroupingSid": ""}),
    ("GET", "/v1/Recordings", {"SourceSid": "MT" + "0" * 32}),
    ("GET", "/v1/Recordings/%00", None),
    ("GET", "/v1/Recordings/%2F..%2F", None),
    ("GET", "/v1/Recordings/" + "RT" * 400, None),
    ("GET", "/v1/Recordings/", None),
    ("GET", "/v1//Recordings", None),
    ("GET", "/v1/Recordings/{sid}/Media", {"Ttl": "0"}),
    ("GET", "/v1/Recordings/{sid}/Media", {"Ttl": "abc"}),
    ("GET", "/v1/Recordings/{sid}/Media", {"Ttl": "3601"}),
    ("GET", "/v1/Recordings/{sid}/Media", {"ContentDisposition": "evil"}),
    ("GET", "/v1/Rooms/{room}/Recordings", {"PageSize": "0"}),
    ("GET", "/v1/Rooms/{room}/Recordings", {"PageToken": "xyz"}),
    ("GET", "/v1/Rooms/nope/Recordings/nope", None),
    ("GET", "/v1/Rooms/{room}/Recordings/RT" + "0" * 32, None),
    ("HEAD", "/v1/Recordings", None),
    ("OPTIONS", "/v1/Recordings", None),
    ("POST", "/v1/Rooms/{room}", {"Status": "bogus"}),
    ("POST", "/v1/Rooms/{room}/RecordingRules", {"Rules": "not json"}),
    ("GET", "/v1/Rooms/{room}/RecordingRules", {"Foo": "bar"}),
]


@pytest.mark.parametrize(("method", "path", "params"), ODD_REQUESTS)
def test_never_5xx_and_errors_are_twilio_shaped(
    rcall: Caller, fake: fakerec.FakeVideo, method: str, path: str, params: dict[str, str] | None
) -> None:
    rec = fake.add_recording()
    url = BASE + path.format(sid=rec.sid, room=rec.room_sid)
    resp = rcall(method, url, params=params)
    assert resp.status < 500, resp.content
    if resp.status >= 400 and method != "HEAD":
        body = resp.json()
        assert set(body) == ERROR_KEYS
        assert body["status"] == resp.status
        assert body["more_info"] == f"https://www.twilio.com/docs/errors/{body['code']}"


@pytest.mark.parametrize("mode", MODES)
def test_error_bodies_same_in_every_client(fake: fakerec.FakeVideo, mode: str) -> None:
    rec = fake.add_recording()
    cases = [
        ("GET", f"{BASE}/v1/Recordings?PageSize=0", 400),
        ("GET", f"{BASE}/v1/Recordings?PageSize=1001", 400),
        ("GET", f"{BASE}/v1/Recordings/RTx", 404),
        ("POST", f"{BASE}/v1/Recordings/{rec.sid}", 405),
    ]
    with caller_for(fake, mode) as call:
        for method, url, status in cases:
            resp = call(method, url)
            assert resp.status == status
            body = resp.json()
            assert set(body) == ERROR_KEYS
            assert body["status"] == status
            assert resp.headers["content-type"].startswith("application/json")


# --- non-Twilio hosts pass through -----------------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    hits: list[str]

    def do_GET(self) -> None:
        self.server.hits.append(self.path)  # type: ignore[attr-defined]
        body = b"hello from the real server"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[tuple[str, list[str]]]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    hits: list[str] = []
    server.hits = hits  # type: ignore[attr-defined]
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_requests_to_other_hosts_pass_through(
    fake: fakerec.FakeVideo, local_server: tuple[str, list[str]]
) -> None:
    base, hits = local_server
    with fake.mock():
        session = requests.Session()
        session.trust_env = False
        resp = session.get(f"{base}/through-requests?x=1", timeout=5)
        # the fake still answers its own host inside the same block
        assert requests.get(f"{BASE}/v1/Recordings", timeout=5).status_code == 401
    assert resp.status_code == 200
    assert resp.text == "hello from the real server"
    assert hits == ["/through-requests?x=1"]
    assert all("127.0.0.1" not in entry.url for entry in fake.requests)


def test_httpx_sync_to_other_hosts_pass_through(
    fake: fakerec.FakeVideo, local_server: tuple[str, list[str]]
) -> None:
    base, hits = local_server
    with fake.mock(), httpx.Client(trust_env=False) as client:
        resp = client.get(f"{base}/through-httpx")
        assert client.get(f"{BASE}/v1/Recordings").status_code == 401
    assert resp.status_code == 200
    assert resp.text == "hello from the real server"
    assert hits == ["/through-httpx"]


def test_httpx_async_to_other_hosts_pass_through(
    fake: fakerec.FakeVideo, local_server: tuple[str, list[str]]
) -> None:
    base, hits = local_server

    async def go() -> tuple[httpx.Response, int]:
        async with httpx.AsyncClient(trust_env=False) as client:
            resp = await client.get(f"{base}/through-httpx-async")
            twilio = await client.get(f"{BASE}/v1/Recordings")
        return resp, twilio.status_code

    with fake.mock():
        resp, twilio_status = asyncio.run(go())
    assert twilio_status == 401
    assert resp.status_code == 200
    assert resp.text == "hello from the real server"
    assert hits == ["/through-httpx-async"]


async def test_async_client_inside_running_loop(fake: fakerec.FakeVideo) -> None:
    rec = fake.add_recording()
    auth = (fake.account_sid, fake.auth_token)
    async with httpx.AsyncClient(transport=fake.httpx_transport()) as client:
        resp = await client.get(f"{BASE}/v1/Recordings/{rec.sid}", auth=auth)
    assert resp.status_code == 200
    assert resp.json()["sid"] == rec.sid
    with fake.mock():
        async with httpx.AsyncClient() as client:
            resp = await client.get(f"{BASE}/v1/Recordings/{rec.sid}", auth=auth)
    assert resp.status_code == 200
    assert resp.json()["sid"] == rec.sid


# --- journal ---------------------------------------------------------------------------------


def test_journal_records_method_url_status(call: Caller, fake: fakerec.FakeVideo) -> None:
    rec = fake.add_recording()
    before = len(fake.requests)
    sent = [
        ("GET", f"{BASE}/v1/Recordings/{rec.sid}", 200),
        ("GET", f"{BASE}/v1/Recordings?PageSize=5", 200),
        ("GET", f"{BASE}/v1/Recordings/RTnope", 404),
        ("POST", f"{BASE}/v1/Recordings", 405),
        ("DELETE", f"{BASE}/v1/Recordings/{rec.sid}", 204),
    ]
    for method, url, status in sent:
        assert call(method, url).status == status
    assert call("GET", f"{BASE}/v1/Recordings", auth=None).status == 401
    sent.append(("GET", f"{BASE}/v1/Recordings", 401))

    entries = fake.requests[before:]
    assert len(entries) == len(sent)
    for entry, (method, url, status) in zip(entries, sent):
        assert entry.method == method
        assert entry.status == status
        got, want = urlsplit(entry.url), urlsplit(url)
        assert (got.netloc, got.path) == (want.netloc, want.path)
        assert parse_qs(got.query) == parse_qs(want.query)
