"""fakerec seen only through the official ``twilio`` SDK's async API (``*_async`` methods).

The client is built with ``http_client=fake.async_http_client()``. Expectations are computed
from SPEC.md, never copied from the fake.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

import pytest
from _support import (
    AUDIO_KBPS,
    BASE,
    DELAY,
    VIDEO_KBPS,
    error_of,
    offset_ms,
    rec_url,
    sids,
    size_of,
)
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client

import fakerec

T0 = datetime(2025, 6, 15, 8, 30, 0, tzinfo=timezone.utc)

pytestmark = pytest.mark.fake(seed=11, processing_delay=DELAY, start=T0)


@pytest.fixture
def client(fake: fakerec.FakeVideo) -> Client:
    return Client(fake.account_sid, fake.auth_token, http_client=fake.async_http_client())


def seed_spaced(fake: fakerec.FakeVideo, count: int) -> list[str]:
    made = []
    for i in range(count):
        made.append(fake.add_recording(type="video" if i % 3 == 0 else "audio").sid)
        fake.clock.advance(seconds=1)
    return made


async def test_fetch_async_every_field(fake: fakerec.FakeVideo, client: Client) -> None:
    room = fake.create_room(
        unique_name="async-fields",
        record_participants_on_connect=True,
        status_callback="https://app.example/cb",
    )
    fake.clock.advance(seconds=2)
    alice = room.connect("alice")
    published_at = fake.clock.now()
    mic = alice.publish("audio", name="mic")
    cam = alice.publish("video")
    fake.clock.advance(seconds=25)
    alice.disconnect()

    early = await client.video.v1.recordings(mic.recording.sid).fetch_async()
    assert (early.status, early.duration, early.size) == ("processing", 0, 0)

    fake.clock.advance(seconds=DELAY)
    for track, kind, container, kbps, name in (
        (mic, "audio", "mka", AUDIO_KBPS, "mic"),
        (cam, "video", "mkv", VIDEO_KBPS, cam.sid),
    ):
        sid = track.recording.sid
        rec = await client.video.v1.recordings(sid).fetch_async()
        assert re.fullmatch(r"RT[0-9a-f]{32}", rec.sid)
        assert rec.sid == sid
        assert rec.account_sid == fake.account_sid
        assert rec.status == "completed"
        assert rec.source_sid == track.sid
        assert rec.grouping_sids == {"room_sid": room.sid, "participant_sid": alice.sid}
        assert rec.type == kind
        assert rec.container_format == container
        assert rec.track_name == name
        assert rec.date_created == published_at
        assert rec.offset == offset_ms(T0)
        assert rec.duration == 25
        assert rec.size == size_of(kbps, 25)
        assert rec.url == rec_url(sid)
        assert rec.links == {"media": rec_url(sid) + "/Media"}
        assert rec.status_callback == "https://app.example/cb"
        assert rec.status_callback_method == "POST"


async def test_list_async_newest_first_and_filters(fake: fakerec.FakeVideo, client: Client) -> None:
    made = seed_spaced(fake, 6)
    listed = await client.video.v1.recordings.list_async()
    assert sids(listed) == made[::-1]
    videos = await client.video.v1.recordings.list_async(media_type="video")
    assert sids(videos) == [made[3], made[0]]
    after = await client.video.v1.recordings.list_async(
        date_created_after=T0 + timedelta(seconds=2),
        date_created_before=T0 + timedelta(seconds=4),
    )
    assert sids(after) == [made[3], made[2]]
    limited = await client.video.v1.recordings.list_async(limit=4, page_size=3)
    assert sids(limited) == made[::-1][:4]


@pytest.mark.parametrize("page_size", [2, 3])
async def test_stream_async_across_pages(
    fake: fakerec.FakeVideo, client: Client, page_size: int
) -> None:
    made = seed_spaced(fake, 7)
    made += [fake.add_recording().sid for _ in range(2)]  # same instant: newest created first
    start = len(fake.requests)
    stream = await client.video.v1.recordings.stream_async(page_size=page_size)
    streamed = [rec.sid async for rec in stream]
    assert streamed == made[::-1]
    assert len(set(streamed)) == len(made)
    pages = [e for e in fake.requests[start:] if e.method == "GET"]
    assert len(pages) == -(-len(made) // page_size)
    assert {e.status for e in pages} == {200}


async def test_page_async_navigation(fake: fakerec.FakeVideo, client: Client) -> None:
    made = seed_spaced(fake, 5)[::-1]
    first = await client.video.v1.recordings.page_async(page_size=2)
    first_sids = sids(first)
    second = await first.next_page_async()
    assert second is not None
    second_sids = sids(second)
    third = await second.next_page_async()
    assert third is not None
    assert (first_sids, second_sids, sids(third)) == (made[:2], made[2:4], made[4:])
    assert await third.next_page_async() is None
    back = await third.previous_page_async()
    assert back is not None and sids(back) == second_sids


async def test_delete_async_lifecycle(fake: fakerec.FakeVideo, client: Client) -> None:
    keep = fake.add_recording()
    doomed = fake.add_recording()
    start = len(fake.requests)
    assert await client.video.v1.recordings(doomed.sid).delete_async() is True
    assert [(e.method, e.status) for e in fake.requests[start:]] == [("DELETE", 204)]
    assert (await client.video.v1.recordings(doomed.sid).fetch_async()).status == "deleted"
    assert sids(await client.video.v1.recordings.list_async()) == [keep.sid]
    deleted = await client.video.v1.recordings.list_async(status="deleted")
    assert sids(deleted) == [doomed.sid]
    assert await client.video.v1.recordings(doomed.sid).delete_async() is True

    fake.clock.advance(days=30, seconds=-1)
    assert (await client.video.v1.recordings(doomed.sid).fetch_async()).status == "deleted"
    fake.clock.advance(seconds=1)
    with pytest.raises(TwilioRestException) as info:
        await client.video.v1.recordings(doomed.sid).fetch_async()
    assert error_of(info.value) == (404, 20404)
    assert await client.video.v1.recordings.list_async(status="deleted") == []


async def test_room_recordings_async(fake: fakerec.FakeVideo, client: Client) -> None:
    room = fake.create_room(unique_name="async-room", record_participants_on_connect=True)
    other_room = fake.create_room(unique_name="elsewhere", record_participants_on_connect=True)
    alice = room.connect("alice")
    first = alice.publish("audio", name="first")
    fake.clock.advance(seconds=5)
    second = alice.publish("video", name="second")
    elsewhere = other_room.connect("bob").publish("audio")
    fake.clock.advance(seconds=5)
    room.complete()
    fake.clock.advance(seconds=DELAY)

    scoped = client.video.v1.rooms(room.sid).recordings
    listed = await scoped.list_async()
    assert sids(listed) == [second.recording.sid, first.recording.sid]
    assert {r.room_sid for r in listed} == {room.sid}
    assert {r.status for r in listed} == {"completed"}
    by_source = await scoped.list_async(source_sid=first.sid)
    assert sids(by_source) == [first.recording.sid]
    after = await scoped.list_async(date_created_after=T0 + timedelta(seconds=5))
    assert sids(after) == [second.recording.sid]
    before = await scoped.list_async(date_created_before=T0 + timedelta(seconds=5))
    assert sids(before) == [first.recording.sid]
    stream = await scoped.stream_async(page_size=1)
    assert [r.sid async for r in stream] == sids(listed)

    rec = await client.video.v1.rooms(room.sid).recordings(first.recording.sid).fetch_async()
    assert rec.room_sid == room.sid
    assert rec.url == f"{BASE}/v1/Rooms/{room.sid}/Recordings/{first.recording.sid}"
    assert rec.links == {"media": rec.url + "/Media"}
    assert (rec.duration, rec.size) == (10, size_of(AUDIO_KBPS, 10))

    with pytest.raises(TwilioRestException) as info:
        await client.video.v1.rooms(room.sid).recordings(elsewhere.recording.sid).fetch_async()
    assert error_of(info.value) == (404, 20404)

    deleted = await client.video.v1.rooms(room.sid).recordings(first.recording.sid).delete_async()
    assert deleted is True
    assert (await scoped.list_async(status="deleted"))[0].sid == first.recording.sid
    assert sids(await scoped.list_async()) == [second.recording.sid]


async def test_media_async(fake: fakerec.FakeVideo, client: Client) -> None:
    room = fake.create_room(unique_name="async-media", record_participants_on_connect=True)
    track = room.connect("carol").publish("audio")
    url = rec_url(track.recording.sid) + "/Media"
    processing = await client.request_async("GET", url)
    assert processing.status_code == 404
    fake.clock.advance(seconds=10)
    track.unpublish()
    fake.clock.advance(seconds=DELAY)
    response = await client.request_async("GET", url, params={"Ttl": 60})
    assert response.status_code == 302
    location = {k.lower(): v for k, v in dict(response.headers).items()}["location"]
    assert json.loads(response.text) == {"redirect_to": location}
    bad = await client.request_async("GET", url, params={"Ttl": 3601})
    assert bad.status_code == 400


async def test_rooms_async(fake: fakerec.FakeVideo, client: Client) -> None:
    start = len(fake.requests)
    room = await client.video.v1.rooms.create_async(
        unique_name="async-standup",
        record_participants_on_connect=True,
        status_callback="https://app.example/cb",
    )
    assert fake.requests[start].status == 201
    assert re.fullmatch(r"RM[0-9a-f]{32}", room.sid)
    assert room.status == "in-progress"
    assert room.record_participants_on_connect is True
    assert room.status_callback == "https://app.example/cb"
    assert room.date_created == T0
    assert (await client.video.v1.rooms(room.sid).fetch_async()).unique_name == "async-standup"
    assert (await client.video.v1.rooms("async-standup").fetch_async()).sid == room.sid
    assert sids(await client.video.v1.rooms.list_async()) == [room.sid]

    track = fake.room(room.sid).connect("dave").publish("video")
    fake.clock.advance(seconds=7)
    start = len(fake.requests)
    done = await client.video.v1.rooms(room.sid).update_async(status="completed")
    assert fake.requests[start].status == 202
    assert done.status == "completed"
    assert done.duration == 7
    assert await client.video.v1.rooms.list_async() == []
    completed = await client.video.v1.rooms.list_async(status="completed")
    assert sids(completed) == [room.sid]

    fake.clock.advance(seconds=DELAY)
    rec = await client.video.v1.recordings(track.recording.sid).fetch_async()
    assert (rec.status, rec.duration, rec.size) == ("completed", 7, size_of(VIDEO_KBPS, 7))
    assert rec.grouping_sids["room_sid"] == room.sid


async def test_wrong_credentials_async(fake: fakerec.FakeVideo) -> None:
    rec = fake.add_recording()
    bad = Client(fake.account_sid, "f" * 32, http_client=fake.async_http_client())
    with pytest.raises(TwilioRestException) as info:
        await bad.video.v1.recordings(rec.sid).fetch_async()
    assert error_of(info.value) == (401, 20003)
    with pytest.raises(TwilioException) as list_info:
        await bad.video.v1.recordings.list_async()
    assert error_of(list_info.value) == (401, 20003)
    with pytest.raises(TwilioRestException) as info:
        await bad.video.v1.recordings(rec.sid).delete_async()
    assert error_of(info.value) == (401, 20003)
    assert rec.status == "completed"


async def test_api_key_and_second_account_async(fake: fakerec.FakeVideo) -> None:
    rec = fake.add_recording()
    key = fake.add_api_key()
    keyed = Client(key.sid, key.secret, fake.account_sid, http_client=fake.async_http_client())
    assert (await keyed.video.v1.recordings(rec.sid).fetch_async()).sid == rec.sid

    other = fake.add_account()
    them = Client(other.sid, other.auth_token, http_client=fake.async_http_client())
    with pytest.raises(TwilioRestException) as info:
        await them.video.v1.recordings(rec.sid).fetch_async()
    assert error_of(info.value) == (404, 20404)
    assert await them.video.v1.recordings.list_async() == []


@pytest.mark.parametrize("bad_sid", ["RT" + "0" * 32, "RT123", "not-a-sid"])
async def test_not_found_async(fake: fakerec.FakeVideo, client: Client, bad_sid: str) -> None:
    fake.add_recording()
    with pytest.raises(TwilioRestException) as info:
        await client.video.v1.recordings(bad_sid).fetch_async()
    assert error_of(info.value) == (404, 20404)
    with pytest.raises(TwilioRestException) as info:
        await client.video.v1.recordings(bad_sid).delete_async()
    assert error_of(info.value) == (404, 20404)


async def test_list_async_limit_above_1000(fake: fakerec.FakeVideo, client: Client) -> None:
    fake.add_recording()
    with pytest.raises(TwilioException) as info:
        await client.video.v1.recordings.list_async(limit=1500)
    assert error_of(info.value) == (400, 20007)
