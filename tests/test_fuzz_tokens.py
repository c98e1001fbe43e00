"""Fuzzing ``fake.dispatch``: tampered page tokens, and real ones outside their list."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlencode, urlsplit

from _support import BASE
from fuzz_requests import SLOW_DATA
from fuzz_values import PAGE_TOKENS, TAMPERED
from fuzz_world import MORE_INFO, TEMPLATE, fresh_world
from hypothesis import given, settings
from hypothesis import strategies as st


@settings(max_examples=300, deadline=None, suppress_health_check=SLOW_DATA)
@given(
    which=st.integers(0, len(TEMPLATE.page_urls) - 1),
    token=st.one_of(TAMPERED, TAMPERED, PAGE_TOKENS),
)
def test_tampered_page_tokens_are_refused_or_served(which: int, token: str) -> None:
    """A flipped, cut or forged token is 400 code 20001, or (when it still decodes to a
    cursor of this very list) a well-formed page: never anything else."""
    world = fresh_world()
    parts = urlsplit(world.page_urls[which])
    pairs = [
        (name, token if name == "PageToken" else value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
    ]
    url = f"{BASE}{parts.path}?{urlencode(pairs)}"
    answer = world.fake.dispatch("GET", url, {"Authorization": world.page_auth[which]})
    assert world.fake.internal_errors == [], (url, world.fake.internal_errors)
    assert answer.status in (200, 400), (url, answer)
    body = json.loads(answer.body)
    if answer.status == 400:
        assert body == {
            "code": 20001,
            "message": "Invalid PageToken",
            "more_info": MORE_INFO.format(20001),
            "status": 400,
        }, (url, body)
    else:
        assert body["meta"]["page_size"] == int(dict(pairs)["PageSize"]), (url, body)


def test_page_tokens_are_refused_outside_their_list() -> None:
    """A real token by another account, with other filters, or on another list: 400 20001."""
    world = fresh_world()
    fake = world.fake
    theirs = next(a for a in world.page_auth if a != world.headers["Authorization"])
    checked = 0
    for url, auth in zip(world.page_urls, world.page_auth):
        parts = urlsplit(url)
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        token = dict(pairs)["PageToken"]
        stranger = (
            theirs if auth == world.headers["Authorization"] else world.headers["Authorization"]
        )
        refiltered = [(n, v) for n, v in pairs if n != "Status"] + [("Status", "failed")]
        other_path = (
            f"/v1/Rooms/{world.named['live_room']}/Recordings"
            if parts.path == "/v1/Recordings"
            else "/v1/Recordings"
        )
        assert fake.dispatch("GET", url, {"Authorization": auth}).status == 200, url
        for foreign_url, authorization in (
            (url, stranger),
            (f"{BASE}{parts.path}?{urlencode(refiltered)}", auth),
            (f"{BASE}{other_path}?{urlencode([('PageToken', token)])}", auth),
        ):
            answer = fake.dispatch("GET", foreign_url, {"Authorization": authorization})
            body = json.loads(answer.body)
            # Another account does not see the room at all: 404 before the token is read.
            theirs_asking = authorization != world.headers["Authorization"]
            unseen = theirs_asking and urlsplit(foreign_url).path.startswith("/v1/Rooms/")
            expected = (404, 20404) if unseen else (400, 20001)
            assert (answer.status, body.get("code")) == expected, (foreign_url, body)
            checked += 1
    assert fake.internal_errors == []
    assert checked == 3 * len(world.page_urls) > 30
