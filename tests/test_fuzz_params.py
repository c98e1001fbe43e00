"""Fuzzing ``fake.dispatch``: unknown parameters change nothing, on every readable endpoint."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

from _support import BASE
from fuzz_requests import SLOW_DATA
from fuzz_values import KNOWN_PARAMS, VALUES
from fuzz_world import TEMPLATE, fresh_world
from hypothesis import given, settings
from hypothesis import strategies as st


def valid_requests() -> list[tuple[str, list[tuple[str, str]], str]]:
    """(path, query, Authorization) the fake answers 200 or 302, over every readable endpoint."""
    world = TEMPLATE
    own = world.headers["Authorization"]
    named = world.named
    rec, completed = named["processing"], named["completed"]
    live, done = named["live_room"], named["done_room"]
    requests: list[tuple[str, list[tuple[str, str]], str]] = [
        ("/v1/Recordings", [], own),
        ("/v1/Recordings", [("Status", "completed"), ("PageSize", "3")], own),
        ("/v1/Recordings", [("MediaType", "audio"), ("DateCreatedAfter", "2024-12-31")], own),
        ("/v1/Recordings", [("GroupingSid", live), ("GroupingSid", named["participant"])], own),
        ("/v1/Recordings", [("Status", "deleted")], own),
        (
            "/v1/Recordings",
            [("SourceSid", named["track"]), ("DateCreatedBefore", "2030-01-01")],
            own,
        ),
        ("/v1/Recordings", [("PageSize", "2"), ("Page", "1")], own),
        (f"/v1/Recordings/{rec}", [], own),
        (f"/v1/Recordings/{completed}/Media", [], own),
        (
            f"/v1/Recordings/{completed}/Media",
            [("Ttl", "60"), ("ContentDisposition", "inline")],
            own,
        ),
        ("/v1/Rooms", [], own),
        ("/v1/Rooms", [("Status", "completed"), ("PageSize", "1")], own),
        (f"/v1/Rooms/{live}", [], own),
        ("/v1/Rooms/standup", [], own),
        (f"/v1/Rooms/{live}/Recordings", [], own),
        (f"/v1/Rooms/{done}/Recordings", [("Status", "completed"), ("PageSize", "1")], own),
        (f"/v1/Rooms/{live}/Recordings/{rec}", [], own),
        (f"/v1/Rooms/{done}/Recordings/{completed}/Media", [], own),
        (f"/v1/Rooms/{live}/RecordingRules", [], own),
        ("/v1/Rooms/ruled/RecordingRules", [], own),
        ("/v1/RecordingSettings/Default", [], own),
    ]
    for url, auth in zip(world.page_urls, world.page_auth):
        parts = urlsplit(url)
        requests.append((parts.path, parse_qsl(parts.query, keep_blank_values=True), auth))
    return requests


def unknown_names(path: str) -> st.SearchStrategy[str]:
    """Parameter names the endpoint does not read (names are case-sensitive)."""
    room_list = path.startswith("/v1/Rooms/") and path.endswith("/Recordings")
    ignored = ("MediaType", "GroupingSid") if room_list else ()  # ignored there [DOC]
    return st.one_of(
        st.text(max_size=16).filter(lambda n: n not in KNOWN_PARAMS),
        st.sampled_from(KNOWN_PARAMS).map(str.lower),
        st.sampled_from(KNOWN_PARAMS).map(str.upper),
        st.sampled_from(("page_size", "Status[]", "PageSize ", "FriendlyName", "Limit", "To")),
        *([st.sampled_from(ignored)] if ignored else []),
    )


@settings(max_examples=250, deadline=None, suppress_health_check=SLOW_DATA)
@given(data=st.data(), which=st.integers(0, len(valid_requests()) - 1))
def test_unknown_parameters_are_ignored(data: st.DataObject, which: int) -> None:
    world = fresh_world()
    path, query, authorization = valid_requests()[which]
    headers = {"Authorization": authorization}
    extra = st.tuples(unknown_names(path), VALUES)
    before = data.draw(st.lists(extra, max_size=4), label="before")
    after = data.draw(st.lists(extra, min_size=1, max_size=4), label="after")
    plain = world.fake.dispatch("GET", f"{BASE}{path}?{urlencode(query)}", headers)
    assert plain.status in (200, 302), plain
    noisy_url = f"{BASE}{path}?{urlencode(before + query + after)}"
    noisy = world.fake.dispatch("GET", noisy_url, headers)
    assert world.fake.internal_errors == [], world.fake.internal_errors
    # Every answer names its own request (Twilio-Request-Id): the rest must be the same.
    assert noisy.headers.pop("Twilio-Request-Id") != plain.headers.pop("Twilio-Request-Id")
    assert (noisy.status, noisy.headers, noisy.body) == (plain.status, plain.headers, plain.body)
