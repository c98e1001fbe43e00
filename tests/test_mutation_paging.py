"""Paging decisions that mutation testing found unchecked: the last page has no next page, ``Page``
overrides the token's page number, ``url`` is the page's own address, forged tokens are refused,
tokens need no escaping, and cursors stay put when recordings change between requests."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
from _support import BASE, account_auth

from fakerec import FakeVideo


def get(fake: FakeVideo, url: str) -> tuple[int, Any]:
    answer = fake.dispatch("GET", url if url.startswith("http") else BASE + url, account_auth(fake))
    return answer.status, json.loads(answer.body)


def sids(page: dict[str, Any]) -> list[str]:
    return [item["sid"] for item in page["recordings"]]


def seeded(count: int) -> tuple[FakeVideo, list[str]]:
    fake = FakeVideo(seed="mutation-paging")
    made = []
    for _ in range(count):
        made.append(fake.add_recording().sid)
        fake.clock.advance(seconds=1)
    return fake, made[::-1]


def with_query(url: str, **changes: str | None) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value
    return urlunsplit(parts._replace(query=urlencode(query)))


def token_of(url: str) -> str:
    return dict(parse_qsl(urlsplit(url).query))["PageToken"]


def test_a_page_that_ends_the_list_exactly_has_no_next_page() -> None:
    fake, newest_first = seeded(4)
    _, first = get(fake, "/v1/Recordings?PageSize=4")
    assert sids(first) == newest_first and first["meta"]["next_page_url"] is None
    _, first = get(fake, "/v1/Recordings?PageSize=2")
    _, second = get(fake, first["meta"]["next_page_url"])
    assert sids(second) == newest_first[2:] and second["meta"]["next_page_url"] is None


def test_every_token_of_a_walk_is_url_safe_and_each_page_url_is_its_own_address() -> None:
    fake, newest_first = seeded(12)
    url, seen = "/v1/Recordings?PageSize=1", []
    while url:
        status, page = get(fake, url)
        assert status == 200
        seen += sids(page)
        if "PageToken" in url:
            assert page["meta"]["url"] == url
        url = page["meta"]["next_page_url"]
        if url:
            token = token_of(url)
            assert token.startswith("PT") and f"PageToken={token}" in url
            assert set(token) <= set(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
            )
    assert seen == newest_first
    back = page["meta"]["previous_page_url"]
    while back:
        status, page = get(fake, back)
        assert status == 200 and page["meta"]["url"] == back
        seen.append(sids(page)[0])
        back = page["meta"]["previous_page_url"]
    assert seen == newest_first + newest_first[-2::-1]


@pytest.mark.parametrize("size", [1, 3])
def test_walking_back_after_the_older_recordings_were_deleted(size: int) -> None:
    fake, newest_first = seeded(3 * size)
    _, first = get(fake, f"/v1/Recordings?PageSize={size}")
    _, second = get(fake, first["meta"]["next_page_url"])
    _, third = get(fake, second["meta"]["next_page_url"])
    for sid in newest_first[size:]:
        fake.backend.delete_recording(fake.account_sid, sid)
    for page in (third, second):
        status, back = get(fake, page["meta"]["previous_page_url"])
        assert status == 200 and sids(back) == newest_first[:size]
        assert back["meta"]["next_page_url"] is None and back["meta"]["previous_page_url"] is None


def test_walking_on_after_the_newer_recordings_were_deleted() -> None:
    fake, newest_first = seeded(6)
    _, first = get(fake, "/v1/Recordings?PageSize=2")
    for sid in newest_first[:2]:
        fake.backend.delete_recording(fake.account_sid, sid)
    status, second = get(fake, first["meta"]["next_page_url"])
    assert status == 200 and sids(second) == newest_first[2:4]
    assert second["meta"]["previous_page_url"] is None


def test_page_overrides_the_page_number_a_token_carries() -> None:
    fake, newest_first = seeded(6)
    _, first = get(fake, "/v1/Recordings?PageSize=2")
    _, second = get(fake, with_query(first["meta"]["next_page_url"], Page="7"))
    assert sids(second) == newest_first[2:4] and second["meta"]["page"] == 7
    assert dict(parse_qsl(urlsplit(second["meta"]["next_page_url"]).query))["Page"] == "8"
    back_url = second["meta"]["previous_page_url"]
    _, back = get(fake, with_query(back_url, Page="5"))
    assert sids(back) == newest_first[:2] and back["meta"]["page"] == 5
    _, back = get(fake, with_query(back_url, Page=None))
    assert sids(back) == newest_first[:2] and back["meta"]["page"] == 6


def test_a_huge_page_number_is_an_empty_page() -> None:
    fake, sids = seeded(2)
    room = fake.recording(sids[0]).room_sid
    # Also through a SID's run (its matches are counted one by one, not sought).
    for path in ("/v1/Recordings?", f"/v1/Recordings?GroupingSid={room}&"):
        for size in (1, 2, 1000):
            status, page = get(fake, f"{path}PageSize={size}&Page=9223372036854775807")
            assert status == 200 and page["recordings"] == [], (path, size)
            assert page["meta"]["next_page_url"] is None


def test_every_cursor_decodes_to_what_was_encoded_whatever_its_length() -> None:
    """Tokens of every padding (payload lengths mod 3) round-trip."""
    from fakerec.api.paging import PageCursor

    ends = set()
    for n in range(400):
        account = "AC" + "1" * (n % 7)
        cursor = PageCursor(account, "s" * (n % 5), n % 2 == 0, (n * 977, n), n)
        token = cursor.encode()
        ends.add(token[-1])
        assert PageCursor.decode(token, cursor.account_sid, cursor.scope) == cursor
    # The payload ends with "]", so a token ends in one of three characters: one per length
    # mod 3, i.e. per amount of padding the decoder must restore. All three occurred.
    assert ends == {"Q", "0", "d"}


def forged(url: str, change: int, value: Any) -> str:
    token = token_of(url)[2:]
    fields = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    fields[change] = value
    raw = base64.urlsafe_b64encode(json.dumps(fields).encode()).decode().rstrip("=")
    return with_query(url, PageToken="PT" + raw)


@pytest.mark.parametrize(
    ("field", "value"), [(2, 2), (2, -1), (3, "1"), (4, 1.0), (5, -1), (0, None), (1, 5)]
)
def test_a_forged_token_with_the_right_account_and_scope_is_still_checked(
    field: int, value: Any
) -> None:
    fake, _ = seeded(4)
    _, first = get(fake, "/v1/Recordings?PageSize=2")
    assert get(fake, forged(first["meta"]["next_page_url"], 5, 1))[0] == 200  # the forgery works
    status, body = get(fake, forged(first["meta"]["next_page_url"], field, value))
    assert (status, body["code"], body["message"]) == (400, 20001, "Invalid PageToken")


def test_a_cursor_stays_between_two_recordings_of_the_same_second() -> None:
    """Page 1 was [b]; walking back from an emptied page 2 gives [b] again, not ``a`` that was
    created in the same second just before ``b`` and has completed since."""
    fake = FakeVideo(seed="same-second", processing_delay=30)
    room = fake.create_room("r")
    room.complete()
    old = fake.add_recording(
        room_sid=room.sid, date_created=datetime(2024, 1, 1, tzinfo=timezone.utc)
    )
    a = fake.add_recording(room_sid=room.sid, status="processing")
    b = fake.add_recording(room_sid=room.sid)
    _, first = get(fake, "/v1/Recordings?Status=completed&PageSize=1")
    assert sids(first) == [b.sid]
    fake.backend.delete_recording(fake.account_sid, old.sid)
    _, second = get(fake, first["meta"]["next_page_url"])
    assert second["recordings"] == [] and second["meta"]["next_page_url"] is None
    fake.clock.advance(seconds=60)
    assert fake.recording(a.sid).status.value == "completed"
    _, back = get(fake, second["meta"]["previous_page_url"])
    assert sids(back) == [b.sid]


def test_a_next_cursor_stays_between_two_recordings_of_the_same_second() -> None:
    fake = FakeVideo(seed="same-second-next", processing_delay=30)
    room = fake.create_room("r")
    room.complete()
    a = fake.add_recording(room_sid=room.sid)
    b = fake.add_recording(room_sid=room.sid, status="processing")
    fake.clock.advance(seconds=1)
    c = fake.add_recording(room_sid=room.sid)
    _, first = get(fake, "/v1/Recordings?Status=completed&PageSize=1")
    _, second = get(fake, first["meta"]["next_page_url"])
    assert (sids(first), sids(second)) == ([c.sid], [a.sid])
    fake.backend.delete_recording(fake.account_sid, c.sid)
    _, back = get(fake, second["meta"]["previous_page_url"])
    assert back["recordings"] == [] and back["meta"]["next_page_url"] is not None
    fake.clock.advance(seconds=60)
    assert fake.recording(b.sid).status.value == "completed"
    _, on = get(fake, back["meta"]["next_page_url"])
    assert sids(on) == [a.sid]
