"""Participants and their tracks through the SDK's async API (``*_async``), as a real async
app calls them, on ``fake.async_http_client()``."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from _support import DELAY, error_of, sids
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client

import fakerec

T0 = datetime(2025, 4, 4, 11, 0, 0, tzinfo=timezone.utc)

pytestmark = pytest.mark.fake(seed=17, processing_delay=DELAY, start=T0)


@pytest.fixture
def client(fake: fakerec.FakeVideo) -> Client:
    return Client(fake.account_sid, fake.auth_token, http_client=fake.async_http_client())


async def test_list_stream_and_page_async(fake: fakerec.FakeVideo, client: Client) -> None:
    room = fake.create_room(unique_name="async-room")
    made = []
    for name in ("a", "b", "c", "d", "e"):
        made.append(room.connect(name).sid)
        fake.clock.advance(seconds=1)
    participants = client.video.v1.rooms(room.sid).participants
    assert sids(await participants.list_async()) == made[::-1]
    stream = await participants.stream_async(page_size=2)
    assert [p.sid async for p in stream] == made[::-1]
    first = await participants.page_async(page_size=3)
    second = await first.next_page_async()
    assert second is not None and sids(second) == made[::-1][3:]
    back = await second.previous_page_async()
    assert back is not None and sids(back) == made[::-1][:3]
    named = await client.video.v1.rooms("async-room").participants.list_async(identity="c")
    assert sids(named) == [made[2]]


async def test_fetch_and_disconnect_async(fake: fakerec.FakeVideo, client: Client) -> None:
    room = fake.create_room(record_participants_on_connect=True)
    alice = room.connect("alice")
    mic = alice.publish("audio", name="mic")
    fake.clock.advance(seconds=12)
    context = client.video.v1.rooms(room.sid).participants("alice")
    got = await context.fetch_async()
    assert (got.sid, got.status) == (alice.sid, "connected")
    kicked = await context.update_async(status="disconnected")
    assert (kicked.status, kicked.duration) == ("disconnected", 12)
    assert mic.recording is not None
    fake.clock.advance(seconds=DELAY)
    assert mic.recording.status.value == "completed"
    with pytest.raises(TwilioRestException) as info:
        await (
            client.video.v1.rooms(room.sid)
            .participants(alice.sid)
            .update_async(status="disconnected")
        )
    assert (info.value.status, info.value.code) == (400, 53209)
    with pytest.raises(TwilioRestException) as info:
        await context.fetch_async()  # by identity: only connected participants
    assert (info.value.status, info.value.code) == (404, 20404)


async def test_tracks_and_rules_async(fake: fakerec.FakeVideo, client: Client) -> None:
    room = fake.create_room()
    alice, bob = room.connect("alice"), room.connect("bob")
    mic = alice.publish("audio", name="mic")
    cam = bob.publish("video", name="cam")
    screen = bob.publish("video", name="screen")
    alices = client.video.v1.rooms(room.sid).participants(alice.sid)
    published = await alices.published_tracks.list_async()
    assert sids(published) == [mic.sid]
    fetched = await alices.published_tracks("mic").fetch_async()
    assert (fetched.sid, fetched.enabled) == (mic.sid, True)
    assert set(sids(await alices.subscribed_tracks.list_async())) == {cam.sid, screen.sid}
    rules = await alices.subscribe_rules.fetch_async()
    assert rules.rules == [{"type": "include", "all": True}]
    new_rules = [{"type": "include", "all": True}, {"type": "exclude", "track": "screen"}]
    updated = await alices.subscribe_rules.update_async(rules=new_rules)
    assert updated.rules == new_rules
    assert sids(await alices.subscribed_tracks.list_async()) == [cam.sid]
    one = await alices.subscribed_tracks(cam.sid).fetch_async()
    assert (one.publisher_sid, one.kind) == (bob.sid, "video")
    with pytest.raises(TwilioRestException) as info:
        await alices.subscribed_tracks(screen.sid).fetch_async()
    assert (info.value.status, info.value.code) == (404, 20404)
    with pytest.raises(TwilioRestException) as info:
        await alices.subscribe_rules.update_async(rules=[{"type": "include"}])
    assert (info.value.status, info.value.code) == (400, 53215)


async def test_unknown_room_or_participant_async(fake: fakerec.FakeVideo, client: Client) -> None:
    room = fake.create_room()
    with pytest.raises(TwilioException) as info:
        await client.video.v1.rooms("RM" + "0" * 32).participants.list_async()
    assert error_of(info.value) == (404, 20404)
    with pytest.raises(TwilioRestException) as rest:
        await client.video.v1.rooms(room.sid).participants("PA" + "0" * 32).fetch_async()
    assert (rest.value.status, rest.value.code) == (404, 20404)
