"""Compositions, composition hooks and composition settings through the SDK's async API
(``*_async``), as a real async app calls them, on ``fake.async_http_client()``."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from _support import DELAY, error_of, sids
from test_compositions import GRID, recorded_room
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client

import fakerec

T0 = datetime(2025, 9, 9, 9, 0, 0, tzinfo=timezone.utc)

pytestmark = pytest.mark.fake(seed=4015, processing_delay=DELAY, start=T0)


@pytest.fixture
def client(fake: fakerec.FakeVideo) -> Client:
    return Client(fake.account_sid, fake.auth_token, http_client=fake.async_http_client())


async def test_create_fetch_delete_async(fake: fakerec.FakeVideo, client: Client) -> None:
    room = recorded_room(fake, "async-create")
    compositions = client.video.v1.compositions
    made = await compositions.create_async(
        room_sid=room.sid, audio_sources=["*"], video_layout=GRID, format="mp4"
    )
    assert (made.status, made.format, made.video_layout) == ("enqueued", "mp4", GRID)
    fake.clock.advance(seconds=6)
    assert (await compositions(made.sid).fetch_async()).status == "processing"
    fake.clock.advance(minutes=10)
    done = await compositions(made.sid).fetch_async()
    assert done.status == "completed" and done.duration == 40
    assert await compositions(made.sid).delete_async() is True
    assert (await compositions(made.sid).fetch_async()).status == "deleted"
    with pytest.raises(TwilioRestException) as caught:
        await compositions.create_async(room_sid=room.sid, audio_sources=["*"], resolution="1x1")
    assert (caught.value.status, caught.value.code) == (400, 20001)


async def test_list_stream_and_page_async(fake: fakerec.FakeVideo, client: Client) -> None:
    room = recorded_room(fake, "async-list")
    made = []
    for _ in range(5):
        made.append(fake.create_composition(room, audio_sources=["*"]).sid)
        fake.clock.advance(seconds=1)
    compositions = client.video.v1.compositions
    assert sids(await compositions.list_async()) == made[::-1]
    assert sids(await compositions.list_async(room_sid=room.sid, status="enqueued")) == sids(
        [c for c in fake.compositions if c.status == "enqueued"]
    )
    stream = await compositions.stream_async(page_size=2)
    assert [c.sid async for c in stream] == made[::-1]
    first = await compositions.page_async(page_size=3)
    second = await first.next_page_async()
    assert second is not None and sids(second) == made[::-1][3:]
    back = await second.previous_page_async()
    assert back is not None and sids(back) == made[::-1][:3]
    with pytest.raises(TwilioException) as caught:
        await compositions.list_async(status="bogus")  # type: ignore[arg-type]
    assert error_of(caught.value) == (400, 20001)


async def test_hooks_and_settings_async(fake: fakerec.FakeVideo, client: Client) -> None:
    hooks = client.video.v1.composition_hooks
    hook = await hooks.create_async(friendly_name="Async hook", audio_sources=["*"])
    assert (await hooks(hook.sid).fetch_async()).friendly_name == "Async hook"
    updated = await hooks(hook.sid).update_async(friendly_name="Renamed", enabled=False)
    assert (updated.friendly_name, updated.enabled) == ("Renamed", False)
    assert sids(await hooks.list_async(friendly_name="RENAMED")) == [hook.sid]
    assert sids(await hooks.list_async(enabled=True)) == []
    await hooks(hook.sid).update_async(friendly_name="Renamed", enabled=True)
    room = recorded_room(fake, "async-hooked")
    assert [c.room_sid for c in await client.video.v1.compositions.list_async()] == [room.sid]
    assert await hooks(hook.sid).delete_async() is True
    settings = client.video.v1.composition_settings()
    assert (await settings.fetch_async()).friendly_name is None
    created = await settings.create_async(friendly_name="async settings")
    assert created.friendly_name == "async settings"
    assert (await settings.fetch_async()).friendly_name == "async settings"
