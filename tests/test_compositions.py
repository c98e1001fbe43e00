"""Compositions (SPEC 10) through the official ``twilio`` SDK (sync): create, lifecycle on the
clock, fetch, delete and purge, failures, and Twilio's 400s.

Expectations come from SPEC 10 and Twilio's Compositions page (defaults webm, 640x480, Trim
true; Resolution 16..1280 a side, at most 921,600 pixels), never from the fake.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from _support import BASE, DELAY
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

import fakerec
from fakerec.domain.models import Room
from fakerec.errors import UsageError

T0 = datetime(2025, 5, 6, 10, 0, 0, tzinfo=timezone.utc)
GRID = {"grid": {"video_sources": ["*"]}}

pytestmark = pytest.mark.fake(seed=1015, processing_delay=DELAY, start=T0)


def recorded_room(
    fake: fakerec.FakeVideo,
    name: str,
    tracks: tuple[tuple[str, str, int, int], ...] = (
        ("audio", "mic", 0, 40),
        ("video", "cam", 0, 40),
    ),
    length: int = 40,
    **room_options: Any,
) -> Room:
    """A completed room of ``length`` seconds whose tracks (kind, name, from, to) were
    published and unpublished at those seconds after the room began."""
    room = fake.create_room(name, record_participants_on_connect=True, **room_options)
    start = fake.clock.now()
    person = room.connect(f"{name}-person")
    events = sorted(
        [(begin, 0, i) for i, (_, _, begin, _) in enumerate(tracks)]
        + [(end, 1, i) for i, (_, _, _, end) in enumerate(tracks)]
    )
    published: dict[int, Any] = {}
    for at, ending, i in events:
        fake.clock.set(start + timedelta(seconds=at))
        if ending:
            published[i].unpublish()
        else:
            published[i] = person.publish(tracks[i][0], name=tracks[i][1])
    fake.clock.set(start + timedelta(seconds=length))
    room.complete()
    return room


def refused(call: Any) -> tuple[int, int]:
    with pytest.raises(TwilioRestException) as caught:
        call()
    assert caught.value.code is not None
    return caught.value.status, int(caught.value.code)


# --- create ----------------------------------------------------------------------------------


def test_create_answers_201_enqueued_with_every_field(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    room = recorded_room(fake, "fields")
    made = client.video.v1.compositions.create(
        room_sid=room.sid,
        audio_sources=["mic"],
        video_layout=GRID,
        status_callback="https://app.example/composed",
    )
    assert re.fullmatch(r"CJ[0-9a-f]{32}", made.sid)
    assert (made.status, made.room_sid, made.account_sid) == (
        "enqueued",
        room.sid,
        fake.account_sid,
    )
    assert made.date_created == fake.clock.now().replace(microsecond=0)
    assert made.date_completed is None and made.date_deleted is None
    assert (made.audio_sources, made.audio_sources_excluded) == (["mic"], [])
    assert made.video_layout == GRID
    assert (made.resolution, made.format, made.trim) == ("640x480", "webm", True)  # [DOC] defaults
    assert (made.duration, made.size, made.bitrate) == (0, 0, 0)
    assert made.status_callback == "https://app.example/composed"
    assert made.status_callback_method == "POST"
    assert made.url == f"{BASE}/v1/Compositions/{made.sid}"
    assert made.links == {"media": f"{BASE}/v1/Compositions/{made.sid}/Media"}
    assert made.media_external_location is None
    fetched = client.video.v1.compositions(made.sid).fetch()
    assert (fetched.sid, fetched.status) == (made.sid, "enqueued")


def test_processing_shows_on_the_way_and_completed_within_ten_minutes(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    room = recorded_room(fake, "timing")
    sid = client.video.v1.compositions.create(room_sid=room.sid, audio_sources=["*"]).sid
    seen: list[str] = []
    for _ in range(600):
        got = client.video.v1.compositions(sid).fetch()
        if not seen or seen[-1] != got.status:
            seen.append(got.status)
        if got.status != "completed":
            assert (got.duration, got.size) == (0, 0), "no media yet: SPEC 10"
        else:
            break
        fake.clock.advance(seconds=1)
    assert seen == ["enqueued", "processing", "completed"]


@pytest.mark.parametrize(
    ("trim", "expected"),
    [(True, 60), (False, 100)],  # media from 10 s to 70 s of a 100-second room
)
def test_completed_duration_is_the_recorded_span(
    fake: fakerec.FakeVideo, client: Client, trim: bool, expected: int
) -> None:
    room = recorded_room(
        fake, f"span-{trim}", (("audio", "mic", 10, 50), ("video", "cam", 20, 70)), length=100
    )
    sid = client.video.v1.compositions.create(
        room_sid=room.sid, audio_sources=["*"], video_layout=GRID, trim=trim
    ).sid
    fake.clock.advance(minutes=10)
    done = client.video.v1.compositions(sid).fetch()
    assert done.status == "completed" and done.trim is trim
    assert abs(done.duration - expected) <= 1
    assert done.bitrate > 0 and done.size == done.bitrate * 1000 * done.duration // 8
    assert done.date_completed is not None and done.date_completed > done.date_created


def test_audio_sources_take_wildcards_and_exclusions(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    tracks = (
        ("audio", "student-1", 0, 30),
        ("audio", "student-2", 0, 80),
        ("audio", "teacher", 0, 90),
    )
    room = recorded_room(fake, "class", tracks, length=90)
    sid = client.video.v1.compositions.create(
        room_sid=room.sid, audio_sources=["student*"], audio_sources_excluded=["*2"]
    ).sid
    fake.clock.advance(minutes=10)
    assert client.video.v1.compositions(sid).fetch().duration == 30  # student-1 alone
    everyone = client.video.v1.compositions.create(room_sid=room.sid, audio_sources=["*"]).sid
    fake.clock.advance(minutes=10)
    assert client.video.v1.compositions(everyone).fetch().duration == 90
    status, code = refused(
        lambda: client.video.v1.compositions.create(room_sid=room.sid, audio_sources=["Student*"])
    )
    assert (status, code) == (400, 20001), "track names are matched case-sensitively"


def test_a_full_layout_is_taken_as_given(fake: fakerec.FakeVideo, client: Client) -> None:
    room = recorded_room(fake, "layout")
    layout = {
        "main": {
            "x_pos": 0, "y_pos": 0, "z_pos": 1, "width": 960, "height": 720,
            "max_columns": 2, "max_rows": 2, "cells_excluded": [1], "reuse": "show_newest",
            "video_sources": ["cam*"], "video_sources_excluded": ["screen"],
        },
        "pip": {"x_pos": 960, "y_pos": 480, "z_pos": 99, "video_sources": ["cam"]},
    }  # fmt: skip
    made = client.video.v1.compositions.create(
        room_sid=room.sid, video_layout=layout, resolution="1280x720", format="mp4"
    )
    assert (made.video_layout, made.resolution, made.format) == (layout, "1280x720", "mp4")


# --- the 400s and 404s -----------------------------------------------------------------------

BAD_LAYOUTS = [
    "not json",
    "[]",
    "{}",
    '{"grid": {}}',
    '{"grid": {"video_sources": []}}',
    '{"grid": {"video_sources": "cam"}}',
    '{"grid": {"video_sources": ["*"], "colour": "red"}}',
    '{"grid": {"video_sources": ["*"], "x_pos": 640}}',
    '{"grid": {"video_sources": ["*"], "x_pos": -1}}',
    '{"grid": {"video_sources": ["*"], "z_pos": 100}}',
    '{"grid": {"video_sources": ["*"], "x_pos": 600, "width": 41}}',
    '{"grid": {"video_sources": ["*"], "height": 0}}',
    '{"grid": {"video_sources": ["*"], "max_columns": 0}}',
    '{"grid": {"video_sources": ["*"], "max_rows": 1001}}',
    '{"grid": {"video_sources": ["*"], "cells_excluded": [1, 1]}}',
    '{"grid": {"video_sources": ["*"], "cells_excluded": [-1]}}',
    '{"grid": {"video_sources": ["*"], "reuse": "always"}}',
    '{"grid": {"video_sources": ["*"], "width": true}}',
    '{"bad name!": {"video_sources": ["*"]}}',
    '{"grid": "cam"}',
]


@pytest.mark.parametrize("layout", BAD_LAYOUTS)
def test_a_bad_layout_is_400(fake: fakerec.FakeVideo, client: Client, layout: str) -> None:
    room = recorded_room(fake, "bad-layout")
    create = client.video.v1.compositions.create
    assert refused(lambda: create(room_sid=room.sid, video_layout=layout)) == (400, 20001)


@pytest.mark.parametrize(
    "resolution",
    ["1281x720", "1280x721", "15x480", "640x15", "640-480", "x", "0x0", "640x480 ", "0640x480"],
)
def test_a_bad_resolution_is_400(fake: fakerec.FakeVideo, client: Client, resolution: str) -> None:
    room = recorded_room(fake, "bad-resolution")
    create = client.video.v1.compositions.create
    call = lambda: create(room_sid=room.sid, audio_sources=["*"], resolution=resolution)  # noqa: E731
    assert refused(call) == (400, 20001)


@pytest.mark.parametrize("resolution", ["16x16", "1280x720", "960x960", "1280x16", "720x1280"])
def test_resolutions_within_twilios_limits_are_taken(
    fake: fakerec.FakeVideo, client: Client, resolution: str
) -> None:
    room = recorded_room(fake, "good-resolution")
    made = client.video.v1.compositions.create(
        room_sid=room.sid, audio_sources=["*"], resolution=resolution
    )
    assert made.resolution == resolution


def test_the_rooms_twilio_will_not_compose_are_400(fake: fakerec.FakeVideo, client: Client) -> None:
    create = client.video.v1.compositions.create
    live = fake.create_room("live", record_participants_on_connect=True)
    live.connect("a").publish("audio")
    assert refused(lambda: create(room_sid=live.sid, audio_sources=["*"])) == (400, 20001)
    silent = fake.create_room("silent")  # never recorded
    silent.connect("b").publish("audio")
    silent.complete()
    assert refused(lambda: create(room_sid=silent.sid, audio_sources=["*"])) == (400, 20001)
    p2p = fake.create_room("p2p", type="peer-to-peer")
    p2p.complete()
    assert refused(lambda: create(room_sid=p2p.sid, audio_sources=["*"])) == (400, 20001)
    done = recorded_room(fake, "done")
    assert refused(lambda: create(room_sid=done.sid)) == (400, 20001)  # no sources at all
    assert refused(lambda: create(room_sid=done.sid, audio_sources=["nobody"])) == (400, 20001)
    only_video = {"v": {"video_sources": ["mic"]}}  # mic is an audio track
    assert refused(lambda: create(room_sid=done.sid, video_layout=only_video)) == (400, 20001)
    assert refused(lambda: create(room_sid=done.sid, audio_sources=["*"], format="mkv")) == (
        400,
        20001,
    )
    assert refused(lambda: create(room_sid="RM" + "0" * 32, audio_sources=["*"])) == (404, 20404)
    assert refused(lambda: create(room_sid="done", audio_sources=["*"])) == (400, 20001)
    other = fake.add_account()
    theirs = Client(other.sid, other.auth_token, http_client=fake.http_client())
    call = lambda: theirs.video.v1.compositions.create(room_sid=done.sid, audio_sources=["*"])  # noqa: E731
    assert refused(call) == (404, 20404), "another account's room does not exist for them"
    assert fake.compositions == []


def test_unknown_and_foreign_compositions_are_404(fake: fakerec.FakeVideo, client: Client) -> None:
    sid = client.video.v1.compositions.create(
        room_sid=recorded_room(fake, "mine").sid, audio_sources=["*"]
    ).sid
    other = fake.add_account()
    theirs = Client(other.sid, other.auth_token, http_client=fake.http_client())
    assert refused(lambda: theirs.video.v1.compositions(sid).fetch()) == (404, 20404)
    assert refused(lambda: theirs.video.v1.compositions(sid).delete()) == (404, 20404)
    assert refused(lambda: client.video.v1.compositions("CJ" + "f" * 32).fetch()) == (404, 20404)
    assert refused(lambda: client.video.v1.compositions("nonsense").fetch()) == (404, 20404)
    assert theirs.video.v1.compositions.list() == []


# --- delete, purge, failures -----------------------------------------------------------------


def test_delete_keeps_metadata_thirty_days(fake: fakerec.FakeVideo, client: Client) -> None:
    sid = client.video.v1.compositions.create(
        room_sid=recorded_room(fake, "delete").sid, audio_sources=["*"]
    ).sid
    fake.clock.advance(minutes=10)
    duration = client.video.v1.compositions(sid).fetch().duration
    assert client.video.v1.compositions(sid).delete() is True
    deleted_at = fake.clock.now()
    gone = client.video.v1.compositions(sid).fetch()
    assert gone.status == "deleted" and gone.date_deleted == deleted_at.replace(microsecond=0)
    assert gone.duration == duration, "metadata is kept"
    assert client.video.v1.compositions(sid).delete() is True  # a second delete: still 204
    assert [c.sid for c in client.video.v1.compositions.list()] == []
    assert [c.sid for c in client.video.v1.compositions.list(status="deleted")] == [sid]
    fake.clock.set(deleted_at + timedelta(days=30) - timedelta(seconds=1))
    assert client.video.v1.compositions(sid).fetch().status == "deleted"
    fake.clock.advance(seconds=1)
    assert refused(lambda: client.video.v1.compositions(sid).fetch()) == (404, 20404)
    assert client.video.v1.compositions.list(status="deleted") == []


def test_an_enqueued_or_processing_composition_can_be_deleted(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    room = recorded_room(fake, "early")
    first = client.video.v1.compositions.create(room_sid=room.sid, audio_sources=["*"]).sid
    client.video.v1.compositions(first).delete()
    fake.clock.advance(minutes=10)
    assert client.video.v1.compositions(first).fetch().status == "deleted"


def test_fail_injects_a_failure(fake: fakerec.FakeVideo, client: Client) -> None:
    room = recorded_room(fake, "fail")
    comp = fake.create_composition(room, audio_sources=["*"])
    assert comp.status == "enqueued"
    comp.fail()
    assert client.video.v1.compositions(comp.sid).fetch().status == "failed"
    fake.clock.advance(minutes=10)
    assert comp.status == "failed" and comp.duration == 0
    with pytest.raises(UsageError, match="failed"):
        comp.fail()
    assert [c.sid for c in client.video.v1.compositions.list(status="failed")] == [comp.sid]


def test_fail_next_compositions_fails_the_next_ones_due(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    room = recorded_room(fake, "next")
    fake.fail_next_compositions(2)
    made = [fake.create_composition(room, audio_sources=["*"]) for _ in range(3)]
    fake.clock.advance(minutes=10)
    assert [c.status.value for c in made] == ["failed", "failed", "completed"]
    fake.fail_next_compositions(1)
    fake.clear_faults()
    later = fake.create_composition(room, audio_sources=["*"])
    fake.clock.advance(minutes=10)
    assert later.status == "completed"
    with pytest.raises(UsageError):
        fake.fail_next_compositions(-1)


def test_control_plane_handles(fake: fakerec.FakeVideo, client: Client) -> None:
    room = recorded_room(fake, "handles")
    first = fake.create_composition(room, audio_sources=["*"])
    fake.clock.advance(seconds=1)
    second = client.video.v1.compositions.create(room_sid=room.sid, video_layout=GRID).sid
    assert [c.sid for c in fake.compositions] == [second, first.sid]
    assert fake.composition(second).status == "enqueued"
    fake.clock.advance(minutes=10)
    assert {c.status.value for c in fake.compositions} == {"completed"}
    with pytest.raises(UsageError, match="no composition"):
        fake.composition("CJ" + "0" * 32)
    with pytest.raises(UsageError, match=r"not completed|in-progress"):
        fake.create_composition(fake.create_room("open"), audio_sources=["*"])
    with pytest.raises(UsageError):
        fake.create_composition(room, video_layout={"grid": {"video_sources": []}})
    with pytest.raises(UsageError):
        fake.create_composition(room, audio_sources=["*"], colour="red")


def test_server_control_endpoints_fail_compositions(fake: fakerec.FakeVideo) -> None:
    from fakerec.server import control

    room = recorded_room(fake, "served")
    first = fake.create_composition(room, audio_sources=["*"])
    status, _, body = control.handle(
        fake, "POST", f"/__fakerec/compositions/{first.sid}/fail", "", b""
    )
    assert status == 200 and first.status == "failed"
    assert json.loads(body) == {"sid": first.sid, "status": "failed"}
    assert (
        control.handle(fake, "POST", f"/__fakerec/compositions/{first.sid}/fail", "", b"")[0] == 400
    )
    status, _, _ = control.handle(fake, "POST", "/__fakerec/compositions/fail-next", "", b"times=1")
    assert status == 200
    second = fake.create_composition(room, audio_sources=["*"])
    fake.clock.advance(minutes=10)
    assert second.status == "failed"
