"""fakerec seen only through the official ``twilio`` SDK (sync).

Every scenario that matters runs over both transports: the fake's own ``http_client()``
(no HTTP library at all) and the plain SDK client inside ``fake.mock()`` (requests, served
by ``responses``). Expectations are computed from SPEC.md, never copied from the fake.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Callable
from urllib.parse import parse_qsl, urlsplit

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
from twilio.http.response import Response
from twilio.rest import Client

import fakerec

T0 = datetime(2025, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
THIRTY_DAYS = timedelta(days=30)
RECORDING_FIELDS = {
    "account_sid",
    "status",
    "date_created",
    "sid",
    "source_sid",
    "size",
    "url",
    "type",
    "duration",
    "container_format",
    "codec",
    "grouping_sids",
    "track_name",
    "offset",
    "media_external_location",
    "status_callback",
    "status_callback_method",
    "links",
}
ROOM_RECORDING_FIELDS = (RECORDING_FIELDS - {"status_callback", "status_callback_method"}) | {
    "room_sid"
}

MakeClient = Callable[..., Client]

pytestmark = pytest.mark.fake(seed=7, processing_delay=DELAY, start=T0)


# --- helpers --------------------------------------------------------------------------------


def room_rec_url(room_sid: str, sid: str) -> str:
    return f"{BASE}/v1/Rooms/{room_sid}/Recordings/{sid}"


def header(response: Response, name: str) -> str | None:
    for key, value in dict(response.headers or {}).items():
        if key.lower() == name.lower():
            return str(value)
    return None


def raw(client: Client, url: str, method: str = "GET", **params: Any) -> Response:
    return client.request(method, url, params=params or None)


def raw_json(client: Client, url: str, **params: Any) -> dict[str, Any]:
    response = raw(client, url, **params)
    assert response.status_code == 200, response.text
    body = json.loads(response.text)
    assert isinstance(body, dict)
    return body


def journal_paths(fake: fakerec.FakeVideo, start: int, method: str = "GET") -> list[str]:
    return [urlsplit(e.url).path for e in fake.requests[start:] if e.method == method]


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(params=["http_client", "requests_mock"])
def make_client(request: pytest.FixtureRequest, fake: fakerec.FakeVideo) -> Iterator[MakeClient]:
    direct = request.param == "http_client"

    def build(
        username: str | None = None,
        password: str | None = None,
        account_sid: str | None = None,
        **kwargs: Any,
    ) -> Client:
        if direct:
            kwargs["http_client"] = fake.http_client()
        return Client(
            username or fake.account_sid, password or fake.auth_token, account_sid, **kwargs
        )

    if direct:
        yield build
    else:
        with fake.mock():
            yield build


@pytest.fixture
def client(make_client: MakeClient) -> Client:
    return make_client()


@dataclass
class Scene:
    """Two recorded rooms and four recordings in four different states.

    r1 alice/mic   audio room1 T0     completed
    r2 alice/cam   video room1 T0+10  deleted
    r3 bob/(none)  audio room1 T0+20  processing (still capturing)
    r4 carol/cam   video room2 T0+30  failed
    """

    room1: Any
    room2: Any
    alice: Any
    bob: Any
    carol: Any
    a_mic: Any
    a_cam: Any
    b_mic: Any
    c_cam: Any

    @property
    def names(self) -> dict[str, str]:
        return {
            self.a_mic.recording.sid: "r1",
            self.a_cam.recording.sid: "r2",
            self.b_mic.recording.sid: "r3",
            self.c_cam.recording.sid: "r4",
        }

    def named(self, records: Any) -> list[str]:
        names = self.names
        return [names.get(r.sid, r.sid) for r in records]


def build_scene(fake: fakerec.FakeVideo, client: Client) -> Scene:
    room1 = fake.create_room(unique_name="one", record_participants_on_connect=True)
    room2 = fake.create_room(unique_name="two", record_participants_on_connect=True)
    alice = room1.connect("alice")
    a_mic = alice.publish("audio", name="mic")
    fake.clock.advance(seconds=10)
    a_cam = alice.publish("video", name="cam")
    fake.clock.advance(seconds=10)
    bob = room1.connect("bob")
    b_mic = bob.publish("audio")
    fake.clock.advance(seconds=10)
    carol = room2.connect("carol")
    c_cam = carol.publish("video", name="cam")
    fake.clock.advance(seconds=10)
    a_mic.unpublish()
    a_cam.unpublish()
    fake.clock.advance(seconds=DELAY)
    c_cam.recording.fail(operation="RecordingUpload")
    assert client.video.v1.recordings(a_cam.recording.sid).delete() is True
    scene = Scene(room1, room2, alice, bob, carol, a_mic, a_cam, b_mic, c_cam)
    statuses = [r.status for r in (a_mic.recording, a_cam.recording, b_mic.recording)]
    assert statuses == ["completed", "deleted", "processing"]
    assert c_cam.recording.status == "failed"
    return scene


@pytest.fixture
def scene(fake: fakerec.FakeVideo, client: Client) -> Scene:
    return build_scene(fake, client)


# --- fetch: every field ---------------------------------------------------------------------


def test_fetch_every_field_of_control_plane_recordings(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    room = fake.create_room(
        unique_name="fields",
        record_participants_on_connect=True,
        status_callback="https://app.example/cb",
    )
    fake.clock.advance(seconds=5)
    alice = room.connect("alice")
    published_at = fake.clock.now()
    mic = alice.publish("audio", name="mic")
    cam = alice.publish("video")
    fake.clock.advance(seconds=42)
    alice.disconnect()

    processing = client.video.v1.recordings(mic.recording.sid).fetch()
    assert processing.status == "processing"
    assert processing.duration == 0
    assert processing.size == 0

    fake.clock.advance(seconds=DELAY)
    for track, kind, container, codecs, kbps, name in (
        (mic, "audio", "mka", {"opus", "pcmu"}, AUDIO_KBPS, "mic"),
        (cam, "video", "mkv", {"vp8", "h264"}, VIDEO_KBPS, cam.sid),
    ):
        sid = track.recording.sid
        rec = client.video.v1.recordings(sid).fetch()
        assert rec.sid == sid
        assert re.fullmatch(r"RT[0-9a-f]{32}", sid)
        assert rec.account_sid == fake.account_sid
        assert rec.status == "completed"
        assert rec.source_sid == track.sid
        assert rec.source_sid.startswith("MT")
        assert rec.grouping_sids == {"room_sid": room.sid, "participant_sid": alice.sid}
        assert rec.type == kind
        assert rec.container_format == container
        assert rec.codec in codecs
        assert rec.track_name == name
        assert rec.date_created == published_at
        assert rec.offset == offset_ms(T0)
        assert rec.duration == 42
        assert rec.size == size_of(kbps, 42)
        assert rec.url == rec_url(sid)
        assert rec.links == {"media": rec_url(sid) + "/Media"}
        assert rec.status_callback == "https://app.example/cb"
        assert rec.status_callback_method == "POST"

        body = raw_json(client, rec_url(sid))
        assert set(body) == RECORDING_FIELDS
        assert body["date_created"] == published_at.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_fetch_codec_bitrate_and_get_callback_method(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    created = client.video.v1.rooms.create(
        unique_name="codecs",
        record_participants_on_connect=True,
        status_callback="https://app.example/get-cb",
        status_callback_method="GET",
    )
    room = fake.room(created.sid)
    bob = room.connect("bob")
    pcm = bob.publish("audio", name="pcm", codec="PCMU", bitrate=16)
    h264 = bob.publish("video", name="hd", codec="H264", bitrate=1500)
    fake.clock.advance(seconds=8)
    room.complete()
    fake.clock.advance(seconds=DELAY)

    audio = client.video.v1.recordings(pcm.recording.sid).fetch()
    assert (audio.codec, audio.container_format, audio.type) == ("pcmu", "mka", "audio")
    assert audio.size == size_of(16, 8)
    assert audio.status_callback == "https://app.example/get-cb"
    assert audio.status_callback_method == "GET"
    assert audio.offset == offset_ms(created.date_created)

    video = client.video.v1.recordings(h264.recording.sid).fetch()
    assert (video.codec, video.container_format, video.type) == ("h264", "mkv", "video")
    assert video.size == size_of(1500, 8)
    assert video.track_name == "hd"


def test_no_callback_still_reports_post(fake: fakerec.FakeVideo, client: Client) -> None:
    room = fake.create_room(unique_name="quiet", record_participants_on_connect=True)
    track = room.connect("dan").publish("audio")
    rec = client.video.v1.recordings(track.recording.sid).fetch()
    assert rec.status_callback is None
    assert rec.status_callback_method == "POST"
    assert rec.track_name == track.sid


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(0.4, 1), (2.4, 2), (2.5, 3), (59.6, 60)],
)
def test_duration_rounds_to_nearest_second_minimum_one(
    fake: fakerec.FakeVideo, client: Client, seconds: float, expected: int
) -> None:
    room = fake.create_room(unique_name="short", record_participants_on_connect=True)
    track = room.connect("eve").publish("audio")
    fake.clock.advance(seconds=seconds)
    track.unpublish()
    fake.clock.advance(seconds=DELAY)
    rec = client.video.v1.recordings(track.recording.sid).fetch()
    assert rec.status == "completed"
    assert rec.duration == expected


def test_fetch_seeded_recording(fake: fakerec.FakeVideo, client: Client) -> None:
    when = T0 - timedelta(hours=3)
    seeded = fake.add_recording(type="video", duration=42, track_name="screen", date_created=when)
    rec = client.video.v1.recordings(seeded.sid).fetch()
    assert rec.status == "completed"
    assert rec.type == "video"
    assert rec.container_format == "mkv"
    assert rec.codec in {"vp8", "h264"}
    assert rec.duration == 42
    assert rec.size == size_of(VIDEO_KBPS, 42)
    assert rec.track_name == "screen"
    assert rec.date_created == when
    assert rec.source_sid == seeded.source_sid
    room_sid = rec.grouping_sids["room_sid"]
    assert isinstance(room_sid, str) and room_sid.startswith("RM")
    assert str(rec.grouping_sids["participant_sid"]).startswith("PA")
    # SPEC/brief: a seeded recording always belongs to a room, here a new completed one.
    assert client.video.v1.rooms(room_sid).fetch().status == "completed"
    in_room = client.video.v1.rooms(room_sid).recordings(seeded.sid).fetch()
    assert in_room.room_sid == room_sid

    default = client.video.v1.recordings(fake.add_recording().sid).fetch()
    assert (default.type, default.duration, default.status) == ("audio", 10, "completed")
    assert default.size == size_of(AUDIO_KBPS, 10)
    assert default.track_name == default.source_sid
    assert default.date_created == T0


def test_urls_are_on_video_twilio_com_whatever_host(
    fake: fakerec.FakeVideo, make_client: MakeClient
) -> None:
    seeded = fake.add_recording()
    regional = make_client(region="ie1", edge="dublin")
    rec = regional.video.v1.recordings(seeded.sid).fetch()
    assert rec.url == rec_url(seeded.sid)
    assert rec.links == {"media": rec_url(seeded.sid) + "/Media"}
    listed = regional.video.v1.recordings.list()
    assert sids(listed) == [seeded.sid]
    assert listed[0].url == rec_url(seeded.sid)


# --- list and paging ------------------------------------------------------------------------


def seed_many(fake: fakerec.FakeVideo, spaced: int, same_instant: int) -> list[str]:
    made = []
    for _ in range(spaced):
        made.append(fake.add_recording().sid)
        fake.clock.advance(seconds=1)
    for _ in range(same_instant):
        made.append(fake.add_recording(type="video").sid)
    return made


def test_list_is_newest_first(fake: fakerec.FakeVideo, client: Client) -> None:
    made = seed_many(fake, spaced=4, same_instant=3)
    listed = client.video.v1.recordings.list()
    assert sids(listed) == made[::-1]
    dates = [r.date_created for r in listed]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("page_size", [2, 3])
def test_stream_walks_every_page_once(
    fake: fakerec.FakeVideo, client: Client, page_size: int
) -> None:
    made = seed_many(fake, spaced=8, same_instant=3)
    start = len(fake.requests)
    streamed = sids(client.video.v1.recordings.stream(page_size=page_size))
    assert streamed == made[::-1]
    assert len(set(streamed)) == len(made)
    pages = journal_paths(fake, start)
    assert pages == ["/v1/Recordings"] * -(-len(made) // page_size)
    assert all(e.status == 200 for e in fake.requests[start:])


def test_list_limit_stops_early(fake: fakerec.FakeVideo, client: Client) -> None:
    made = seed_many(fake, spaced=9, same_instant=0)
    assert sids(client.video.v1.recordings.list(limit=5, page_size=2)) == made[::-1][:5]
    assert sids(client.video.v1.recordings.list(limit=4)) == made[::-1][:4]


def test_pages_forward_and_back(fake: fakerec.FakeVideo, client: Client) -> None:
    made = seed_many(fake, spaced=7, same_instant=0)[::-1]
    first = client.video.v1.recordings.page(page_size=3)
    assert first.previous_page_url is None
    first_sids = sids(first)
    second = first.next_page()
    assert second is not None
    second_sids = sids(second)
    third = second.next_page()
    assert third is not None
    assert third.next_page_url is None
    assert sids(third) == made[6:]
    assert third.next_page() is None
    assert (first_sids, second_sids) == (made[:3], made[3:6])
    back = third.previous_page()
    assert back is not None and sids(back) == second_sids
    back_again = back.previous_page()
    assert back_again is not None and sids(back_again) == first_sids


def test_list_limit_above_1000_is_rejected(fake: fakerec.FakeVideo, client: Client) -> None:
    fake.add_recording()
    with pytest.raises(TwilioException) as info:
        client.video.v1.recordings.list(limit=1500)
    assert error_of(info.value) == (400, 20007)


def test_list_bad_status_is_rejected(fake: fakerec.FakeVideo, client: Client) -> None:
    with pytest.raises(TwilioException) as info:
        client.video.v1.recordings.list(status="bogus")
    assert error_of(info.value) == (400, 20001)


# --- filters --------------------------------------------------------------------------------


def at(seconds: int) -> datetime:
    return T0 + timedelta(seconds=seconds)


FilterCase = tuple[Callable[[Scene], dict[str, Any]], list[str]]

FILTER_CASES: dict[str, FilterCase] = {
    "default": (lambda s: {}, ["r4", "r3", "r1"]),
    "status-processing": (lambda s: {"status": "processing"}, ["r3"]),
    "status-completed": (lambda s: {"status": "completed"}, ["r1"]),
    "status-failed": (lambda s: {"status": "failed"}, ["r4"]),
    "status-deleted": (lambda s: {"status": "deleted"}, ["r2"]),
    "source": (lambda s: {"source_sid": s.a_mic.sid}, ["r1"]),
    "source-of-deleted-hidden": (lambda s: {"source_sid": s.a_cam.sid}, []),
    "source-of-deleted": (lambda s: {"source_sid": s.a_cam.sid, "status": "deleted"}, ["r2"]),
    "source-unknown": (lambda s: {"source_sid": "MT" + "0" * 32}, []),
    "grouping-room1": (lambda s: {"grouping_sid": [s.room1.sid]}, ["r3", "r1"]),
    "grouping-room2": (lambda s: {"grouping_sid": [s.room2.sid]}, ["r4"]),
    "grouping-participant": (lambda s: {"grouping_sid": [s.alice.sid]}, ["r1"]),
    "grouping-room-and-participant": (lambda s: {"grouping_sid": [s.room1.sid, s.bob.sid]}, ["r3"]),
    "grouping-mismatch": (lambda s: {"grouping_sid": [s.room2.sid, s.alice.sid]}, []),
    "grouping-deleted": (lambda s: {"grouping_sid": [s.room1.sid], "status": "deleted"}, ["r2"]),
    "after-inclusive": (lambda s: {"date_created_after": at(20)}, ["r4", "r3"]),
    "after-next-second": (lambda s: {"date_created_after": at(21)}, ["r4"]),
    "before-exclusive": (lambda s: {"date_created_before": at(20)}, ["r1"]),
    "before-next-second": (lambda s: {"date_created_before": at(21)}, ["r3", "r1"]),
    "after-plus-offset": (
        lambda s: {"date_created_after": "2025-03-01T13:00:20+01:00"},
        ["r4", "r3"],
    ),
    "before-minus-offset": (lambda s: {"date_created_before": "2025-03-01T07:00:20-05:00"}, ["r1"]),
    "after-z-string": (lambda s: {"date_created_after": "2025-03-01T12:00:30Z"}, ["r4"]),
    "window": (
        lambda s: {"date_created_after": at(0), "date_created_before": at(30)},
        ["r3", "r1"],
    ),
    "media-audio": (lambda s: {"media_type": "audio"}, ["r3", "r1"]),
    "media-video": (lambda s: {"media_type": "video"}, ["r4"]),
    "media-data": (lambda s: {"media_type": "data"}, []),
    "media-video-deleted": (lambda s: {"media_type": "video", "status": "deleted"}, ["r2"]),
    "combined-completed-room-audio": (
        lambda s: {"status": "completed", "grouping_sid": [s.room1.sid], "media_type": "audio"},
        ["r1"],
    ),
    "combined-room-audio-after": (
        lambda s: {
            "grouping_sid": [s.room1.sid],
            "media_type": "audio",
            "date_created_after": at(1),
        },
        ["r3"],
    ),
    "combined-source-status-mismatch": (
        lambda s: {"source_sid": s.b_mic.sid, "status": "completed"},
        [],
    ),
    "combined-everything": (
        lambda s: {
            "status": "processing",
            "source_sid": s.b_mic.sid,
            "grouping_sid": [s.room1.sid, s.bob.sid],
            "date_created_after": at(20),
            "date_created_before": at(21),
            "media_type": "audio",
        },
        ["r3"],
    ),
}


@pytest.mark.parametrize("case", list(FILTER_CASES), ids=list(FILTER_CASES))
def test_list_filters(scene: Scene, client: Client, case: str) -> None:
    make_filters, expected = FILTER_CASES[case]
    listed = client.video.v1.recordings.list(**make_filters(scene))
    assert scene.named(listed) == expected
    # the same answer when the SDK has to walk one record per page
    paged = client.video.v1.recordings.list(page_size=1, **make_filters(scene))
    assert scene.named(paged) == expected


# --- delete ---------------------------------------------------------------------------------


def test_delete_lifecycle(fake: fakerec.FakeVideo, client: Client) -> None:
    keep = fake.add_recording()
    doomed = fake.add_recording()
    start = len(fake.requests)
    assert client.video.v1.recordings(doomed.sid).delete() is True
    assert [(e.method, e.status) for e in fake.requests[start:]] == [("DELETE", 204)]

    rec = client.video.v1.recordings(doomed.sid).fetch()
    assert rec.status == "deleted"
    assert sids(client.video.v1.recordings.list()) == [keep.sid]
    assert sids(client.video.v1.recordings.list(status="deleted")) == [doomed.sid]

    fake.clock.advance(days=10)
    start = len(fake.requests)
    assert client.video.v1.recordings(doomed.sid).delete() is True  # second delete: 204
    assert fake.requests[start].status == 204

    # metadata kept 30 days from the FIRST delete, to the second
    fake.clock.advance(THIRTY_DAYS - timedelta(days=10) - timedelta(seconds=1))
    assert client.video.v1.recordings(doomed.sid).fetch().status == "deleted"
    fake.clock.advance(seconds=1)
    with pytest.raises(TwilioRestException) as info:
        client.video.v1.recordings(doomed.sid).fetch()
    assert error_of(info.value) == (404, 20404)
    assert info.value.msg.endswith(f"The requested resource /Recordings/{doomed.sid} was not found")
    assert client.video.v1.recordings.list(status="deleted") == []
    assert sids(client.video.v1.recordings.list()) == [keep.sid]
    with pytest.raises(TwilioRestException) as info:
        client.video.v1.recordings(doomed.sid).delete()
    assert error_of(info.value) == (404, 20404)
    assert client.video.v1.recordings(keep.sid).fetch().status == "completed"


def test_delete_processing_and_failed(fake: fakerec.FakeVideo, client: Client) -> None:
    processing = fake.add_recording(status="processing")
    failed = fake.add_recording(status="failed")
    assert client.video.v1.recordings(processing.sid).fetch().status == "processing"
    assert client.video.v1.recordings(failed.sid).fetch().status == "failed"
    client.video.v1.recordings(processing.sid).delete()
    client.video.v1.recordings(failed.sid).delete()
    fake.clock.advance(seconds=DELAY * 2)  # the processing delay must not resurrect it
    for sid in (processing.sid, failed.sid):
        assert client.video.v1.recordings(sid).fetch().status == "deleted"
    assert client.video.v1.recordings.list() == []
    assert set(sids(client.video.v1.recordings.list(status="deleted"))) == {
        processing.sid,
        failed.sid,
    }


def test_delete_through_instance(fake: fakerec.FakeVideo, client: Client) -> None:
    rec = client.video.v1.recordings(fake.add_recording().sid).fetch()
    assert rec.delete() is True
    assert rec.fetch().status == "deleted"


# --- room recordings ------------------------------------------------------------------------


def test_room_recordings_list(scene: Scene, client: Client) -> None:
    room1 = client.video.v1.rooms(scene.room1.sid)
    listed = room1.recordings.list()
    assert scene.named(listed) == ["r3", "r1"]
    assert {r.room_sid for r in listed} == {scene.room1.sid}
    assert scene.named(room1.recordings.list(status="deleted")) == ["r2"]
    assert scene.named(room1.recordings.list(status="completed")) == ["r1"]
    assert scene.named(room1.recordings.list(status="failed")) == []
    assert scene.named(room1.recordings.list(source_sid=scene.b_mic.sid)) == ["r3"]
    assert scene.named(room1.recordings.list(source_sid=scene.c_cam.sid)) == []
    assert scene.named(room1.recordings.list(date_created_after=at(20))) == ["r3"]
    assert scene.named(room1.recordings.list(date_created_before=at(20))) == ["r1"]
    assert scene.named(
        room1.recordings.list(
            status="deleted", date_created_after=at(10), date_created_before=at(11)
        )
    ) == ["r2"]
    assert scene.named(room1.recordings.list(page_size=1)) == ["r3", "r1"]
    room2 = client.video.v1.rooms(scene.room2.sid)
    assert scene.named(room2.recordings.list()) == ["r4"]


def test_room_recording_fetch(scene: Scene, client: Client) -> None:
    sid = scene.a_mic.recording.sid
    rec = client.video.v1.rooms(scene.room1.sid).recordings(sid).fetch()
    assert rec.sid == sid
    assert rec.room_sid == scene.room1.sid
    assert rec.status == "completed"
    assert rec.source_sid == scene.a_mic.sid
    assert rec.grouping_sids == {"room_sid": scene.room1.sid, "participant_sid": scene.alice.sid}
    assert rec.url == room_rec_url(scene.room1.sid, sid)
    assert rec.links == {"media": room_rec_url(scene.room1.sid, sid) + "/Media"}
    assert rec.duration == 40
    assert rec.size == size_of(AUDIO_KBPS, 40)
    assert rec.offset == offset_ms(T0)
    assert rec.track_name == "mic"
    body = raw_json(client, room_rec_url(scene.room1.sid, sid))
    assert set(body) == ROOM_RECORDING_FIELDS


def test_room_recording_scoped_to_its_room(scene: Scene, client: Client) -> None:
    other = scene.c_cam.recording.sid
    for call in (
        lambda: client.video.v1.rooms(scene.room1.sid).recordings(other).fetch(),
        lambda: client.video.v1.rooms(scene.room1.sid).recordings(other).delete(),
        lambda: client.video.v1.rooms("RM" + "0" * 32).recordings(other).fetch(),
    ):
        with pytest.raises(TwilioRestException) as info:
            call()
        assert error_of(info.value) == (404, 20404)
    with pytest.raises(TwilioException) as list_info:
        client.video.v1.rooms("RM" + "0" * 32).recordings.list()
    assert error_of(list_info.value) == (404, 20404)
    assert client.video.v1.recordings(other).fetch().status == "failed"


def test_room_recording_delete(scene: Scene, fake: fakerec.FakeVideo, client: Client) -> None:
    sid = scene.a_mic.recording.sid
    start = len(fake.requests)
    assert client.video.v1.rooms(scene.room1.sid).recordings(sid).delete() is True
    assert fake.requests[start].status == 204
    assert client.video.v1.recordings(sid).fetch().status == "deleted"
    in_room = client.video.v1.rooms(scene.room1.sid).recordings(sid).fetch()
    assert in_room.status == "deleted"
    assert scene.named(client.video.v1.rooms(scene.room1.sid).recordings.list()) == ["r3"]
    fake.clock.advance(THIRTY_DAYS)
    with pytest.raises(TwilioRestException) as info:
        client.video.v1.rooms(scene.room1.sid).recordings(sid).fetch()
    assert error_of(info.value) == (404, 20404)


# --- media ----------------------------------------------------------------------------------


def completed_pair(fake: fakerec.FakeVideo) -> tuple[Any, Any, Any]:
    room = fake.create_room(unique_name="media", record_participants_on_connect=True)
    alice = room.connect("alice")
    mic = alice.publish("audio", name="mic")
    cam = alice.publish("video", name="cam")
    fake.clock.advance(seconds=20)
    alice.disconnect()
    fake.clock.advance(seconds=DELAY)
    return room, mic.recording, cam.recording


def disposition_values(location: str) -> list[str]:
    return [v for _, v in parse_qsl(urlsplit(location).query)]


def test_media_redirects(fake: fakerec.FakeVideo, client: Client) -> None:
    room, audio, video = completed_pair(fake)
    for rec, ext in ((audio, "mka"), (video, "mkv")):
        response = raw(client, rec_url(rec.sid) + "/Media", Ttl=60)
        assert response.status_code == 302, response.text
        location = header(response, "Location")
        assert location and location.startswith("https://")
        assert json.loads(response.text) == {"redirect_to": location}
        values = disposition_values(location)
        assert any(v.startswith("attachment") and f"{rec.sid}.{ext}" in v for v in values)

        inline = raw(client, rec_url(rec.sid) + "/Media", ContentDisposition="inline")
        assert inline.status_code == 302
        inline_location = header(inline, "Location")
        assert inline_location is not None
        assert any(v.startswith("inline") for v in disposition_values(inline_location))

        scoped = raw(client, room_rec_url(room.sid, rec.sid) + "/Media")
        assert scoped.status_code == 302
        assert json.loads(scoped.text)["redirect_to"] == header(scoped, "Location")


@pytest.mark.parametrize("ttl", ["1", "3600"])
def test_media_ttl_bounds_accepted(fake: fakerec.FakeVideo, client: Client, ttl: str) -> None:
    _, audio, _ = completed_pair(fake)
    assert raw(client, rec_url(audio.sid) + "/Media", Ttl=ttl).status_code == 302


@pytest.mark.parametrize("ttl", ["0", "3601", "-5", "abc"])
def test_media_ttl_out_of_range(fake: fakerec.FakeVideo, client: Client, ttl: str) -> None:
    _, audio, _ = completed_pair(fake)
    response = raw(client, rec_url(audio.sid) + "/Media", Ttl=ttl)
    assert response.status_code == 400
    assert json.loads(response.text)["code"] == 20001


def test_media_bad_content_disposition(fake: fakerec.FakeVideo, client: Client) -> None:
    _, audio, _ = completed_pair(fake)
    response = raw(client, rec_url(audio.sid) + "/Media", ContentDisposition="evil")
    assert response.status_code == 400
    assert json.loads(response.text)["code"] == 20001


def assert_media_404(client: Client, sid: str) -> None:
    response = raw(client, rec_url(sid) + "/Media")
    assert response.status_code == 404, response.text
    assert json.loads(response.text)["code"] == 20404


def test_media_404_for_processing_deleted_failed(scene: Scene, client: Client) -> None:
    assert raw(client, rec_url(scene.a_mic.recording.sid) + "/Media").status_code == 302
    for track in (scene.b_mic, scene.a_cam, scene.c_cam):  # processing, deleted, failed
        assert_media_404(client, track.recording.sid)
    assert_media_404(client, "RT" + "0" * 32)


def test_media_404_after_delete(fake: fakerec.FakeVideo, client: Client) -> None:
    _, audio, _ = completed_pair(fake)
    assert raw(client, rec_url(audio.sid) + "/Media").status_code == 302
    client.video.v1.recordings(audio.sid).delete()
    assert_media_404(client, audio.sid)


def test_muted_throughout_completes_without_media(fake: fakerec.FakeVideo, client: Client) -> None:
    room = fake.create_room(unique_name="mute", record_participants_on_connect=True)
    frank = room.connect("frank")
    silent = frank.publish("audio", name="silent")
    silent.mute()
    flicker = frank.publish("audio", name="flicker")
    flicker.mute()
    fake.clock.advance(seconds=5)
    flicker.unmute()
    fake.clock.advance(seconds=5)
    room.complete()
    fake.clock.advance(seconds=DELAY)

    rec = client.video.v1.recordings(silent.recording.sid).fetch()
    assert rec.status == "completed"
    assert rec.duration == 10
    assert rec.size == 0
    assert_media_404(client, silent.recording.sid)

    partial = client.video.v1.recordings(flicker.recording.sid).fetch()
    assert partial.status == "completed"
    assert partial.size > 0
    assert raw(client, rec_url(flicker.recording.sid) + "/Media").status_code == 302


# --- rooms ----------------------------------------------------------------------------------


def test_rooms_create_fetch_list_update(fake: fakerec.FakeVideo, client: Client) -> None:
    start = len(fake.requests)
    room = client.video.v1.rooms.create(
        unique_name="standup",
        record_participants_on_connect=True,
        status_callback="https://app.example/cb",
    )
    assert [(e.method, e.status) for e in fake.requests[start:]] == [("POST", 201)]
    assert re.fullmatch(r"RM[0-9a-f]{32}", room.sid)
    assert room.status == "in-progress"
    assert room.unique_name == "standup"
    assert room.record_participants_on_connect is True
    assert room.status_callback == "https://app.example/cb"
    assert room.status_callback_method == "POST"
    assert room.account_sid == fake.account_sid
    assert room.type == "group"
    assert room.date_created == T0
    assert room.url == f"{BASE}/v1/Rooms/{room.sid}"

    assert client.video.v1.rooms(room.sid).fetch().unique_name == "standup"
    assert client.video.v1.rooms("standup").fetch().sid == room.sid

    other = client.video.v1.rooms.create(unique_name="other")
    assert other.record_participants_on_connect is False
    assert set(sids(client.video.v1.rooms.list())) == {room.sid, other.sid}
    assert sids(client.video.v1.rooms.list(status="in-progress", unique_name="other")) == [
        other.sid
    ]

    fake.clock.advance(seconds=90)
    start = len(fake.requests)
    done = client.video.v1.rooms(room.sid).update(status="completed")
    assert [(e.method, e.status) for e in fake.requests[start:]] == [("POST", 202)]
    assert done.status == "completed"
    assert done.end_time == T0 + timedelta(seconds=90)
    assert done.duration == 90
    assert sids(client.video.v1.rooms.list()) == [other.sid]
    assert sids(client.video.v1.rooms.list(status="completed")) == [room.sid]
    assert client.video.v1.rooms(room.sid).fetch().status == "completed"
    assert fake.room(room.sid).status == "completed"

    # a completed room's unique name no longer addresses it, and the name is free again
    with pytest.raises(TwilioRestException) as info:
        client.video.v1.rooms("standup").fetch()
    assert error_of(info.value) == (404, 20404)
    again = client.video.v1.rooms.create(unique_name="standup")
    assert again.sid != room.sid


def test_rooms_errors(client: Client) -> None:
    room = client.video.v1.rooms.create(unique_name="dup")
    with pytest.raises(TwilioRestException) as info:
        client.video.v1.rooms.create(unique_name="dup")
    assert error_of(info.value) == (400, 53113)
    client.video.v1.rooms(room.sid).update(status="completed")
    with pytest.raises(TwilioRestException) as info:
        client.video.v1.rooms(room.sid).update(status="completed")
    assert error_of(info.value) == (400, 53112)  # "Status is invalid": not in progress
    with pytest.raises(TwilioRestException) as info:
        client.video.v1.rooms("RM" + "0" * 32).fetch()
    assert error_of(info.value) == (404, 20404)


def test_recording_lifecycle_through_sdk(fake: fakerec.FakeVideo, client: Client) -> None:
    created = client.video.v1.rooms.create(
        unique_name="lifecycle", record_participants_on_connect=True
    )
    room = fake.room(created.sid)
    assert fake.room("lifecycle") is room
    alice = room.connect("alice")
    fake.clock.advance(seconds=3)
    published_at = fake.clock.now()
    mic = alice.publish("audio")
    assert mic.recording is not None
    sid = mic.recording.sid

    listed = client.video.v1.recordings.list(grouping_sid=[created.sid])
    assert sids(listed) == [sid]
    assert listed[0].status == "processing"
    assert listed[0].date_created == published_at
    assert listed[0].offset == offset_ms(T0)
    in_room = client.video.v1.rooms(created.sid).recordings.list()
    assert sids(in_room) == [sid]

    fake.clock.advance(seconds=12)
    client.video.v1.rooms(created.sid).update(status="completed")
    fake.clock.advance(seconds=DELAY - 1)
    rec = client.video.v1.recordings(sid).fetch()
    assert (rec.status, rec.duration, rec.size) == ("processing", 0, 0)
    fake.clock.advance(seconds=1)
    rec = client.video.v1.recordings(sid).fetch()
    assert (rec.status, rec.duration, rec.size) == ("completed", 12, size_of(AUDIO_KBPS, 12))
    assert rec.status == mic.recording.status
    assert sids(client.video.v1.recordings.list(status="completed")) == [sid]

    client.video.v1.recordings(sid).delete()
    assert client.video.v1.recordings(sid).fetch().status == "deleted"
    assert client.video.v1.rooms(created.sid).recordings(sid).fetch().status == "deleted"
    fake.clock.advance(THIRTY_DAYS)
    with pytest.raises(TwilioRestException) as info:
        client.video.v1.recordings(sid).fetch()
    assert error_of(info.value) == (404, 20404)
    assert client.video.v1.recordings.list(status="deleted") == []
    assert client.video.v1.rooms(created.sid).recordings.list(status="deleted") == []


def test_unrecorded_room_makes_no_recordings(fake: fakerec.FakeVideo, client: Client) -> None:
    created = client.video.v1.rooms.create(unique_name="private")
    track = fake.room(created.sid).connect("gus").publish("audio")
    assert track.recording is None
    assert client.video.v1.recordings.list() == []
    assert client.video.v1.rooms(created.sid).recordings.list() == []


# --- auth, accounts, malformed SIDs ---------------------------------------------------------


def test_wrong_credentials(fake: fakerec.FakeVideo, make_client: MakeClient) -> None:
    rec = fake.add_recording()
    for bad in (
        make_client(fake.account_sid, "0" * 32),
        make_client("AC" + "1" * 32, fake.auth_token),
    ):
        with pytest.raises(TwilioRestException) as info:
            bad.video.v1.recordings(rec.sid).fetch()
        assert error_of(info.value) == (401, 20003)
        with pytest.raises(TwilioException) as list_info:
            bad.video.v1.recordings.list()
        assert error_of(list_info.value) == (401, 20003)
        with pytest.raises(TwilioRestException) as info:
            bad.video.v1.recordings(rec.sid).delete()
        assert error_of(info.value) == (401, 20003)
        with pytest.raises(TwilioRestException) as info:
            bad.video.v1.rooms.create(unique_name="nope")
        assert error_of(info.value) == (401, 20003)
    # nothing was changed by the rejected calls
    good = make_client()
    assert good.video.v1.recordings(rec.sid).fetch().status == "completed"
    assert good.video.v1.rooms.list() == []


def test_accounts_are_isolated(fake: fakerec.FakeVideo, make_client: MakeClient) -> None:
    mine = fake.add_recording()
    other = fake.add_account()
    theirs = fake.add_recording(account_sid=other.sid)
    me = make_client()
    them = make_client(other.sid, other.auth_token)

    with pytest.raises(TwilioRestException) as info:
        them.video.v1.recordings(mine.sid).fetch()
    assert error_of(info.value) == (404, 20404)
    with pytest.raises(TwilioRestException) as info:
        them.video.v1.recordings(mine.sid).delete()
    assert error_of(info.value) == (404, 20404)
    room_sid = mine.room_sid
    with pytest.raises(TwilioRestException) as info:
        them.video.v1.rooms(room_sid).recordings(mine.sid).fetch()
    assert error_of(info.value) == (404, 20404)
    assert sids(them.video.v1.recordings.list()) == [theirs.sid]
    assert sids(them.video.v1.recordings.list(grouping_sid=[room_sid])) == []

    assert sids(me.video.v1.recordings.list()) == [mine.sid]
    assert me.video.v1.recordings(mine.sid).fetch().status == "completed"
    fetched = them.video.v1.recordings(theirs.sid).fetch()
    assert fetched.account_sid == other.sid
    with pytest.raises(TwilioRestException) as info:
        me.video.v1.recordings(theirs.sid).fetch()
    assert error_of(info.value) == (404, 20404)
    # other's auth token is not a key to the default account
    with pytest.raises(TwilioRestException) as info:
        make_client(fake.account_sid, other.auth_token).video.v1.recordings(mine.sid).fetch()
    assert error_of(info.value) == (401, 20003)


def test_api_key_auth(fake: fakerec.FakeVideo, make_client: MakeClient) -> None:
    rec = fake.add_recording()
    key = fake.add_api_key()
    assert key.sid.startswith("SK")
    keyed = make_client(key.sid, key.secret, fake.account_sid)
    assert keyed.video.v1.recordings(rec.sid).fetch().account_sid == fake.account_sid
    assert sids(keyed.video.v1.recordings.list()) == [rec.sid]
    assert keyed.video.v1.recordings(rec.sid).delete() is True
    assert keyed.video.v1.recordings(rec.sid).fetch().status == "deleted"

    wrong = make_client(key.sid, "0" * 32, fake.account_sid)
    with pytest.raises(TwilioRestException) as info:
        wrong.video.v1.recordings(rec.sid).fetch()
    assert error_of(info.value) == (401, 20003)


@pytest.mark.parametrize(
    "bad_sid",
    ["RT" + "0" * 32, "RTxyz", "nonsense", "RT" + "g" * 32, "MT" + "a" * 32, "RT" + "a" * 40],
)
def test_unknown_or_malformed_sid_is_404(
    fake: fakerec.FakeVideo, client: Client, bad_sid: str
) -> None:
    fake.add_recording()
    with pytest.raises(TwilioRestException) as info:
        client.video.v1.recordings(bad_sid).fetch()
    assert error_of(info.value) == (404, 20404)
    with pytest.raises(TwilioRestException) as info:
        client.video.v1.recordings(bad_sid).delete()
    assert error_of(info.value) == (404, 20404)


def test_seeded_muted_recording_has_no_media(fake: fakerec.FakeVideo, client: Client) -> None:
    muted = fake.add_recording(muted=True, duration=12)
    rec = client.video.v1.recordings(muted.sid).fetch()
    assert (rec.status, rec.duration, rec.size) == ("completed", 12, 0)
    assert_media_404(client, muted.sid)
    loud = fake.add_recording(duration=12)
    assert client.video.v1.recordings(loud.sid).fetch().size == size_of(AUDIO_KBPS, 12)
    assert raw(client, rec_url(loud.sid) + "/Media").status_code == 302


def test_seeded_optional_fields(fake: fakerec.FakeVideo, client: Client) -> None:
    seeded = fake.add_recording(
        media_external_location="https://bucket.s3.amazonaws.com/my/path/",
        status_callback="https://app.example/seeded",
        status_callback_method="GET",
        codec="PCMU",
        bitrate=40,
        duration=6,
    )
    rec = client.video.v1.recordings(seeded.sid).fetch()
    assert rec.media_external_location == "https://bucket.s3.amazonaws.com/my/path/"
    assert rec.status_callback == "https://app.example/seeded"
    assert rec.status_callback_method == "GET"
    assert rec.codec == "pcmu"
    assert rec.size == size_of(40, 6)
    plain = client.video.v1.recordings(fake.add_recording().sid).fetch()
    assert plain.media_external_location is None
