"""``GET /v1/Compositions`` through the SDK: filters, order, and the cursor guarantees of SPEC 5
(a walk under creation and deletion never repeats and never skips), and a page at 100,000
compositions costing what it costs at a hundred."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from _support import BASE, DELAY, error_of, get_json, sids
from test_compositions import recorded_room
from twilio.base.exceptions import TwilioException
from twilio.rest import Client

import fakerec
from fakerec.domain.compositions import Composition

T0 = datetime(2025, 7, 1, 12, 0, 0, tzinfo=timezone.utc)

pytestmark = pytest.mark.fake(seed=2015, processing_delay=DELAY, start=T0)


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_filters_and_newest_first(fake: fakerec.FakeVideo, client: Client) -> None:
    one, two = recorded_room(fake, "one"), recorded_room(fake, "two")
    made: list[Composition] = []
    for i in range(6):
        made.append(fake.create_composition(one if i % 2 else two, audio_sources=["*"]))
        fake.clock.advance(seconds=2)
    newest_first = [c.sid for c in reversed(made)]
    listed = client.video.v1.compositions
    assert sids(listed.list()) == newest_first
    assert sids(listed.list(room_sid=one.sid)) == [
        c.sid for c in reversed(made) if c.room_sid == one.sid
    ]
    middle = made[2].date_created
    after = sids(listed.list(date_created_after=middle))
    assert after == [c.sid for c in reversed(made) if c.date_created >= middle]  # inclusive
    before = sids(listed.list(date_created_before=middle))
    assert before == [c.sid for c in reversed(made) if c.date_created < middle]  # exclusive
    for status in ("enqueued", "processing"):
        having = [c.sid for c in reversed(made) if listed(c.sid).fetch().status == status]
        assert having and sids(listed.list(status=status)) == having
    made[0].fail()
    listed(made[1].sid).delete()
    assert sids(listed.list(status="failed")) == [made[0].sid]
    assert sids(listed.list(status="deleted", room_sid=one.sid)) == [made[1].sid]
    assert made[1].sid not in sids(listed.list())
    assert made[0].sid in sids(listed.list()), "only deleted ones leave the default list"
    fake.clock.advance(minutes=10)
    combined = listed.list(status="completed", room_sid=two.sid, date_created_after=middle)
    assert sids(combined) == [c.sid for c in reversed(made[2:]) if c.room_sid == two.sid]


def test_meta_carries_the_filters(fake: fakerec.FakeVideo, client: Client) -> None:
    room = recorded_room(fake, "meta")
    for _ in range(3):
        fake.create_composition(room, audio_sources=["*"])
    code, page = get_json(fake, f"{BASE}/v1/Compositions?RoomSid={room.sid}&PageSize=2")
    assert code == 200 and page["meta"]["key"] == "compositions"
    assert len(page["compositions"]) == 2
    assert f"RoomSid={room.sid}" in page["meta"]["next_page_url"]
    assert "PageToken=" in page["meta"]["next_page_url"]
    assert page["meta"]["previous_page_url"] is None
    code, last = get_json(fake, page["meta"]["next_page_url"])
    assert code == 200 and len(last["compositions"]) == 1
    assert last["meta"]["next_page_url"] is None


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ("Status=done", 400, 20001),
        ("RoomSid=nope", 400, 20001),
        ("DateCreatedAfter=yesterday", 400, 20001),
        ("PageSize=1001", 400, 20007),
        ("PageSize=0", 400, 20001),
        ("PageToken=garbage", 400, 20001),
    ],
)
def test_bad_list_parameters(
    fake: fakerec.FakeVideo, client: Client, query: str, status: int, code: int
) -> None:
    answer = fake.dispatch(
        "GET",
        f"{BASE}/v1/Compositions?{query}",
        {"Authorization": fakerec.api.basic_auth(fake.account_sid, fake.auth_token)},
    )
    body = json.loads(answer.body)
    assert (answer.status, body["code"]) == (status, code)


def test_a_token_minted_for_other_filters_is_refused(fake: fakerec.FakeVideo) -> None:
    room = recorded_room(fake, "token")
    for _ in range(3):
        fake.create_composition(room, audio_sources=["*"])
    _, page = get_json(fake, f"{BASE}/v1/Compositions?PageSize=1")
    token = page["meta"]["next_page_url"].split("PageToken=")[1]
    code, body = get_json(fake, f"{BASE}/v1/Compositions?Status=enqueued&PageToken={token}")
    assert (code, body["code"]) == (400, 20001)


def test_a_walk_under_creation_and_deletion_never_repeats_or_skips(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    room = recorded_room(fake, "walk")
    made = []
    for _ in range(40):
        made.append(fake.create_composition(room, audio_sources=["*"]).sid)
        if len(made) % 3 == 0:
            fake.clock.advance(seconds=1)  # several share a second
    deleted: set[str] = set()
    seen: list[str] = []
    page = client.video.v1.compositions.page(page_size=7)
    step = 0
    while page is not None:
        seen.extend(c.sid for c in page)
        step += 1
        # Between pages: new compositions (newer than the walk), and deletions anywhere.
        fake.create_composition(room, audio_sources=["*"])
        for victim in (made[(step * 5) % 40], made[(step * 11 + 3) % 40]):
            if victim not in deleted:
                client.video.v1.compositions(victim).delete()
                deleted.add(victim)
        page = page.next_page()
    assert len(seen) == len(set(seen)), "no composition twice"
    stayed = [sid for sid in made if sid not in deleted]
    assert set(stayed) <= set(seen), "none that stayed undeleted is skipped"
    assert seen == sorted(
        seen, key=lambda sid: made.index(sid) if sid in made else -1, reverse=True
    )


def test_walking_back_gives_the_same_pages(fake: fakerec.FakeVideo) -> None:
    room = recorded_room(fake, "back")
    for _ in range(10):
        fake.create_composition(room, audio_sources=["*"])
    url: str | None = f"{BASE}/v1/Compositions?PageSize=3"
    forward: list[list[str]] = []
    last = None
    while url:
        _, last = get_json(fake, url)
        forward.append([c["sid"] for c in last["compositions"]])
        url = last["meta"]["next_page_url"]
    backward: list[list[str]] = []
    assert last is not None
    url = last["meta"]["previous_page_url"]
    while url:
        _, page = get_json(fake, url)
        backward.append([c["sid"] for c in page["compositions"]])
        url = page["meta"]["previous_page_url"]
    assert backward == list(reversed(forward[:-1]))


def test_list_errors_through_the_sdk(fake: fakerec.FakeVideo, client: Client) -> None:
    with pytest.raises(TwilioException) as caught:
        client.video.v1.compositions.list(status="nope")  # type: ignore[arg-type]
    assert error_of(caught.value) == (400, 20001)
