"""The seed page as a checklist.

One test per behavioural statement of Twilio's "Programmable Video Rest API: Recordings" page
(/work/shared/reference/twilio-video-recordings-api.txt), in the page's order. Each docstring
quotes the statement it checks. Expectations come from the page (and SPEC.md where the page
leaves a detail open), never from the fake's own output.

The SDK is used wherever it can express the request; raw HTTP (``fake.dispatch``) where it
cannot: /Media, exact date-time strings, case-sensitive parameter names, meta URLs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from _support import BASE, DELAY, account_auth
from twilio.rest import Client

import fakerec
from fakerec.domain import Recording, Track

T0 = datetime(2025, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
STATUSES = ("processing", "completed", "deleted", "failed")  # the page's "Possible values"

pytestmark = pytest.mark.fake(seed=2024, processing_delay=DELAY, start=T0)


# --- helpers --------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def header(self, name: str) -> str | None:
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None


def get(fake: fakerec.FakeVideo, url: str, params: Any = None) -> Answer:
    """A raw GET, authenticated as the fake's default account."""
    if params:
        url = f"{url}?{urlencode(params)}"
    status, headers, body = fake.dispatch("GET", url, account_auth(fake))
    return Answer(status, dict(headers), body)


def delete(fake: fakerec.FakeVideo, sid: str) -> int:
    """A raw DELETE of /v1/Recordings/{sid}; the HTTP status."""
    status, _headers, _body = fake.dispatch(
        "DELETE", f"{BASE}/v1/Recordings/{sid}", account_auth(fake)
    )
    return int(status)


def listed(fake: fakerec.FakeVideo, params: Any = None, path: str = "/v1/Recordings") -> set[str]:
    answer = get(fake, BASE + path, params)
    assert answer.status == 200, answer.body
    return {r["sid"] for r in answer.json()["recordings"]}


def location_query(answer: Answer) -> dict[str, str]:
    """The query of a /Media redirect's Location, decoded (S3 presigned-URL style)."""
    location = answer.header("Location")
    assert location is not None
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def recording_of(track: Track) -> Recording:
    """The recording a published track started (it must have one)."""
    recording = track.recording
    assert recording is not None, f"{track!r} was not recorded"
    return recording


def record(
    fake: fakerec.FakeVideo,
    kind: str = "audio",
    seconds: float = 60,
    *,
    name: str | None = None,
    codec: str | None = None,
    bitrate: int | None = None,
) -> Track:
    """A track captured for ``seconds`` in a fresh recorded room, completed (delay passed).

    The room lets a participant stay the longest Twilio allows (24 h, not the default 4 h), so
    the size tables' 8 and 24 hours can be recorded; at 24 h the limit and the unpublish meet.
    """
    room = fake.create_room(record_participants_on_connect=True, max_participant_duration=86400)
    track = room.connect("alice").publish(kind, name=name, codec=codec, bitrate=bitrate)
    fake.clock.advance(seconds=seconds)
    track.unpublish()
    fake.clock.advance(seconds=DELAY)
    assert recording_of(track).status == "completed"
    return track


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Scene:
    """One recording in each status, published 10 s apart.

    a  alice  audio "mic"  room1  T0      completed
    b  alice  video "cam"  room1  T0+10   deleted
    c  bob    audio        room1  T0+20   processing (still being captured)
    d  carol  video        room2  T0+30   failed
    """

    room1: Any
    room2: Any
    alice: Any
    bob: Any
    carol: Any
    a: str
    b: str
    c: str
    d: str
    a_track: Any
    d_track: Any


@pytest.fixture
def scene(fake: fakerec.FakeVideo, client: Client) -> Scene:
    room1 = fake.create_room(unique_name="one", record_participants_on_connect=True)
    alice = room1.connect("alice")
    bob = room1.connect("bob")
    a = alice.publish("audio", name="mic")
    fake.clock.advance(seconds=10)
    b = alice.publish("video", name="cam")
    fake.clock.advance(seconds=10)
    c = bob.publish("audio")
    fake.clock.advance(seconds=10)
    room2 = fake.create_room(unique_name="two", record_participants_on_connect=True)
    carol = room2.connect("carol")
    d = carol.publish("video")
    fake.clock.advance(seconds=10)
    a.unpublish()
    b.unpublish()
    fake.clock.advance(seconds=DELAY)
    recording_of(d).fail()
    assert client.video.v1.recordings(recording_of(b).sid).delete() is True
    return Scene(
        room1,
        room2,
        alice,
        bob,
        carol,
        recording_of(a).sid,
        recording_of(b).sid,
        recording_of(c).sid,
        recording_of(d).sid,
        a,
        d,
    )


# --- Overview -------------------------------------------------------------------------------


def test_record_participants_on_connect_turns_recording_on(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    """Overview: "To turn on Recording in a Group Room, set the RecordParticipantsOnConnect
    property to true when creating the Room"."""
    plain = fake.create_room(unique_name="plain")
    unrecorded = plain.connect("alice").publish("audio")
    assert unrecorded.recording is None
    assert client.video.v1.recordings.list() == []

    recorded_room = fake.create_room(unique_name="rec", record_participants_on_connect=True)
    recorded = recorded_room.connect("bob").publish("audio")
    assert recorded.recording is not None
    assert [r.source_sid for r in client.video.v1.recordings.list()] == [recorded.sid]


def test_resources_are_beneath_base_url(fake: fakerec.FakeVideo) -> None:
    """Overview: "All Recording resources are located beneath the following Base URL.
    https://video.twilio.com"."""
    track = record(fake)
    sid = recording_of(track).sid
    listing = get(fake, "https://video.twilio.com/v1/Recordings")
    assert listing.status == 200
    (item,) = listing.json()["recordings"]
    for url in (item["url"], item["links"]["media"], listing.json()["meta"]["url"]):
        assert url.startswith("https://video.twilio.com/")
    assert get(fake, f"https://video.twilio.com/v1/Recordings/{sid}").status == 200


# --- Recording instance resource ------------------------------------------------------------


def test_recordings_are_single_track_single_media(fake: fakerec.FakeVideo, client: Client) -> None:
    """Recording instance: "Recordings captured by Programmable Video products are
    single-track, single-media and stored in a single file format"."""
    room = fake.create_room(record_participants_on_connect=True)
    alice = room.connect("alice")
    mic = alice.publish("audio")
    cam = alice.publish("video")
    recs = client.video.v1.recordings.list()
    assert len(recs) == 2  # one recording per track, not one per participant
    by_source = {r.source_sid: r for r in recs}
    assert set(by_source) == {mic.sid, cam.sid}
    assert (by_source[mic.sid].type, by_source[mic.sid].container_format) == ("audio", "mka")
    assert (by_source[cam.sid].type, by_source[cam.sid].container_format) == ("video", "mkv")


def test_uri_scheme_v1_recordings_recording_sid(fake: fakerec.FakeVideo) -> None:
    """Recording instance: "Recordings are represented through a REST API with the following
    URI scheme: /v1/Recordings/{RecordingSid}"."""
    sid = recording_of(record(fake)).sid
    answer = get(fake, f"{BASE}/v1/Recordings/{sid}")
    assert answer.status == 200
    assert answer.json()["sid"] == sid
    assert urlsplit(answer.json()["url"]).path == f"/v1/Recordings/{sid}"


def test_account_sid_is_the_account_that_created_it(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    """account_sid: "The SID of the Account that created the Recording resource"."""
    other = fake.add_account()
    mine = recording_of(record(fake)).sid
    room = fake.create_room(account_sid=other.sid, record_participants_on_connect=True)
    theirs = recording_of(room.connect("zed").publish("audio")).sid
    assert client.video.v1.recordings(mine).fetch().account_sid == fake.account_sid
    other_client = Client(other.sid, other.auth_token, http_client=fake.http_client())
    assert other_client.video.v1.recordings(theirs).fetch().account_sid == other.sid


def test_status_processing_means_still_being_captured(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    """status: "processing indicates the recording is still being captured"
    (the page's example: "status": "processing", "size": 0, "duration": 0)."""
    room = fake.create_room(record_participants_on_connect=True)
    track = room.connect("alice").publish("audio")
    for _ in range(3):  # an hour into the capture it is still processing
        rec = client.video.v1.recordings(recording_of(track).sid).fetch()
        assert (rec.status, rec.size, rec.duration) == ("processing", 0, 0)
        fake.clock.advance(minutes=20)


def test_status_completed_means_captured_and_available_for_download(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    """status: "completed indicates the recording has been captured and is now available for
    download"."""
    sid = recording_of(record(fake, seconds=12)).sid
    rec = client.video.v1.recordings(sid).fetch()
    assert rec.status == "completed"
    assert rec.duration == 12
    assert get(fake, f"{BASE}/v1/Recordings/{sid}/Media").status == 302


def test_status_deleted_means_media_gone_metadata_still_available(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    """status: "deleted means the recording media has been deleted from the system, but its
    metadata is still available"."""
    track = record(fake, "video", seconds=20, name="cam")
    sid = recording_of(track).sid
    before = client.video.v1.recordings(sid).fetch()
    client.video.v1.recordings(sid).delete()
    after = client.video.v1.recordings(sid).fetch()
    assert after.status == "deleted"
    for field in ("source_sid", "type", "container_format", "codec", "track_name", "offset"):
        assert getattr(after, field) == getattr(before, field), field
    assert after.grouping_sids == before.grouping_sids
    assert after.date_created == before.date_created
    assert get(fake, f"{BASE}/v1/Recordings/{sid}/Media").status == 404


def test_status_failed_is_a_possible_value(fake: fakerec.FakeVideo, client: Client) -> None:
    """status: "Possible values: processing completed deleted failed"."""
    room = fake.create_room(record_participants_on_connect=True)
    track = room.connect("alice").publish("video")
    recording_of(track).fail()
    rec = client.video.v1.recordings(recording_of(track).sid).fetch()
    assert rec.status == "failed"
    assert [r.sid for r in client.video.v1.recordings.list(status="failed")] == [rec.sid]


def test_every_status_shown_is_one_of_the_possible_values(
    fake: fakerec.FakeVideo, scene: Scene
) -> None:
    """status: "Possible values: processing completed deleted failed" (and each one shows)."""
    shown: dict[str, str] = {}
    for params in (None, {"Status": "deleted"}):
        for item in get(fake, f"{BASE}/v1/Recordings", params).json()["recordings"]:
            shown[item["sid"]] = item["status"]
    assert set(shown.values()) == set(STATUSES)
    assert shown == {
        scene.a: "completed",
        scene.b: "deleted",
        scene.c: "processing",
        scene.d: "failed",
    }


def test_date_created_is_gmt_iso_8601(fake: fakerec.FakeVideo, client: Client) -> None:
    """date_created: "The date and time in GMT when the resource was created specified in
    ISO 8601 format"."""
    room = fake.create_room(record_participants_on_connect=True)
    fake.clock.advance(seconds=65)
    published = fake.clock.now()
    sid = recording_of(room.connect("alice").publish("audio")).sid
    body = get(fake, f"{BASE}/v1/Recordings/{sid}").json()
    assert body["date_created"] == "2025-03-01T12:01:05Z"
    assert client.video.v1.recordings(sid).fetch().date_created == published


def test_sid_is_unique_rt_sid(fake: fakerec.FakeVideo) -> None:
    """sid: "The unique string that we created to identify the Recording resource."
    (type SID<RT>)."""
    room = fake.create_room(record_participants_on_connect=True)
    alice = room.connect("alice")
    sids = [recording_of(alice.publish(kind)).sid for kind in ("audio", "video", "audio", "video")]
    assert len(set(sids)) == 4
    for sid in sids:
        assert re.fullmatch(r"RT[0-9a-fA-F]{32}", sid)


def test_source_sid_is_the_track_sid(fake: fakerec.FakeVideo, client: Client) -> None:
    """source_sid: "For a Room Recording, this value is a track_sid"."""
    room = fake.create_room(record_participants_on_connect=True)
    alice = room.connect("alice")
    for kind in ("audio", "video"):
        track = alice.publish(kind)
        rec = client.video.v1.recordings(recording_of(track).sid).fetch()
        assert rec.source_sid == track.sid
        assert re.fullmatch(r"MT[0-9a-fA-F]{32}", rec.source_sid)


def test_size_is_the_recorded_track_in_bytes(fake: fakerec.FakeVideo, client: Client) -> None:
    """size: "The size of the recorded track, in bytes." Audio at the default bitrate (the
    table's 32 kbps row) for 1 hour: 14.4 MB = 32 * 1000 / 8 * 3600 bytes."""
    sid = recording_of(record(fake, "audio", seconds=3600)).sid
    assert client.video.v1.recordings(sid).fetch().size == 32 * 1000 // 8 * 3600 == 14_400_000


def test_video_size_one_hour_at_default_700_kbps_is_about_0_3_gb(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    """Size table: "480 @ 700 kbps | 0.3 GB" for 1 Hr (700 kbps is the default video bitrate)."""
    sid = recording_of(record(fake, "video", seconds=3600)).sid
    size = client.video.v1.recordings(sid).fetch().size
    assert size == 700 * 1000 // 8 * 3600 == 315_000_000
    assert round(size / 1e9, 1) == 0.3


@pytest.mark.parametrize("kind", ["audio", "video"])
def test_type_is_audio_or_video(fake: fakerec.FakeVideo, client: Client, kind: str) -> None:
    """type: "The recording's media type. Can be: audio or video"."""
    room = fake.create_room(record_participants_on_connect=True)
    track = room.connect("alice").publish(kind)
    assert client.video.v1.recordings(recording_of(track).sid).fetch().type == kind


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(10.0, 10), (10.4, 10), (10.6, 11), (59.5, 60), (3599.7, 3600)],
)
def test_duration_in_seconds_rounded_to_nearest_second(
    fake: fakerec.FakeVideo, client: Client, seconds: float, expected: int
) -> None:
    """duration: "The duration of the recording in seconds rounded to the nearest second"."""
    sid = recording_of(record(fake, seconds=seconds)).sid
    assert client.video.v1.recordings(sid).fetch().duration == expected


@pytest.mark.parametrize("seconds", [0.1, 0.4, 0.6, 0.999])
def test_sub_second_tracks_have_duration_1(
    fake: fakerec.FakeVideo, client: Client, seconds: float
) -> None:
    """duration: "Sub-second tracks have a Duration property of 1 second"; and the Note:
    "sub-second duration tracks have a Duration property of 1 second"."""
    sid = recording_of(record(fake, seconds=seconds)).sid
    assert client.video.v1.recordings(sid).fetch().duration == 1


@pytest.mark.parametrize(("kind", "container"), [("audio", "mka"), ("video", "mkv")])
def test_container_format_mka_for_audio_mkv_for_video(
    fake: fakerec.FakeVideo, client: Client, kind: str, container: str
) -> None:
    """container_format: "mka is for audio files and mkv for video files"."""
    room = fake.create_room(record_participants_on_connect=True)
    track = room.connect("alice").publish(kind)
    assert client.video.v1.recordings(recording_of(track).sid).fetch().container_format == container


@pytest.mark.parametrize(
    ("kind", "codec"), [("video", "VP8"), ("video", "H264"), ("audio", "OPUS"), ("audio", "PCMU")]
)
def test_codec_is_the_track_codec(
    fake: fakerec.FakeVideo, client: Client, kind: str, codec: str
) -> None:
    """codec: "The codec used to encode the track. Can be: VP8, H264, OPUS, and PCMU" (in lower
    case, as the live service sends it: SPEC 3 [OBS])."""
    room = fake.create_room(record_participants_on_connect=True)
    track = room.connect("alice").publish(kind, codec=codec)
    assert client.video.v1.recordings(recording_of(track).sid).fetch().codec == codec.lower()


def test_codec_default_is_one_of_the_enum_values(fake: fakerec.FakeVideo, client: Client) -> None:
    """codec: "Can be: VP8, H264, OPUS, and PCMU." (a track that names no codec too)."""
    room = fake.create_room(record_participants_on_connect=True)
    alice = room.connect("alice")
    audio = client.video.v1.recordings(recording_of(alice.publish("audio")).sid).fetch()
    video = client.video.v1.recordings(recording_of(alice.publish("video")).sid).fetch()
    assert audio.codec in ("opus", "pcmu")
    assert video.codec in ("vp8", "h264")


def test_grouping_sids_include_room_sid_and_participant_sid(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    """grouping_sids: "A list of SIDs related to the recording. Includes the room_sid and
    participant_sid"."""
    room = fake.create_room(record_participants_on_connect=True)
    alice = room.connect("alice")
    track = alice.publish("audio")
    grouping = client.video.v1.recordings(recording_of(track).sid).fetch().grouping_sids
    assert grouping is not None
    assert grouping["room_sid"] == room.sid
    assert grouping["participant_sid"] == alice.sid


def test_track_name_is_the_name_given_to_the_track(fake: fakerec.FakeVideo, client: Client) -> None:
    """track_name: "The name that was given to the source track of the recording"."""
    room = fake.create_room(record_participants_on_connect=True)
    track = room.connect("alice").publish("video", name="screen share")
    assert client.video.v1.recordings(recording_of(track).sid).fetch().track_name == "screen share"


def test_track_name_defaults_to_source_sid(fake: fakerec.FakeVideo, client: Client) -> None:
    """track_name: "If no name is given, the source_sid is used"."""
    room = fake.create_room(record_participants_on_connect=True)
    track = room.connect("alice").publish("audio")
    rec = client.video.v1.recordings(recording_of(track).sid).fetch()
    assert rec.track_name == rec.source_sid == track.sid


def test_offset_is_common_to_recordings_of_the_same_room(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    """offset: "the moment when the source room of this track started. This information
    provides a synchronization mechanism for recordings belonging to the same room"."""
    room = fake.create_room(record_participants_on_connect=True)
    alice = room.connect("alice")
    first = alice.publish("audio")
    fake.clock.advance(seconds=7)
    second = room.connect("bob").publish("video")
    offsets = {
        client.video.v1.recordings(recording_of(t).sid).fetch().offset for t in (first, second)
    }
    assert len(offsets) == 1


def test_offset_is_milliseconds_from_a_point_common_to_all_rooms(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    """offset: "The time in milliseconds elapsed between an arbitrary point in time, common to
    all group rooms, and the moment when the source room of this track started"."""
    other = fake.add_account()
    other_client = Client(other.sid, other.auth_token, http_client=fake.http_client())

    def offset_of(room: Any, api: Client) -> int:
        sid = recording_of(room.connect("p").publish("audio")).sid
        value = api.video.v1.recordings(sid).fetch().offset
        assert isinstance(value, int)
        return value

    base = offset_of(fake.create_room(record_participants_on_connect=True), client)
    same_instant_other_account = fake.create_room(
        account_sid=other.sid, record_participants_on_connect=True
    )
    assert offset_of(same_instant_other_account, other_client) == base
    fake.clock.advance(seconds=1)
    assert offset_of(fake.create_room(record_participants_on_connect=True), client) == base + 1000
    fake.clock.advance(days=1)
    later = fake.create_room(record_participants_on_connect=True)
    assert offset_of(later, client) == base + 1000 + 86_400_000
    assert base >= 0


def test_media_external_location_reports_external_storage(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    """media_external_location: "The URL of the media file associated with the recording when
    stored externally"."""
    bucket = "https://my-super-duper-bucket.s3.amazonaws.com/my/path/"
    rec = fake.add_recording(status="completed", media_external_location=bucket)
    assert client.video.v1.recordings(rec.sid).fetch().media_external_location == bucket


def test_status_callback_is_the_rooms_callback_url(fake: fakerec.FakeVideo, client: Client) -> None:
    """status_callback: "The URL called using the status_callback_method to send status
    information on every recording event"."""
    room = fake.create_room(
        record_participants_on_connect=True, status_callback="https://app.example/cb"
    )
    track = room.connect("alice").publish("audio")
    rec = client.video.v1.recordings(recording_of(track).sid).fetch()
    assert rec.status_callback == "https://app.example/cb"


@pytest.mark.parametrize(
    ("room_options", "expected"),
    [
        ({"status_callback": "https://app.example/cb"}, "POST"),
        ({}, "POST"),
        ({"status_callback": "https://app.example/cb", "status_callback_method": "GET"}, "GET"),
    ],
)
def test_status_callback_method_defaults_to_post(
    fake: fakerec.FakeVideo, client: Client, room_options: dict[str, str], expected: str
) -> None:
    """status_callback_method: "Can be: POST or GET, defaults to POST"."""
    room = fake.create_room(record_participants_on_connect=True, **room_options)
    track = room.connect("alice").publish("audio")
    method = client.video.v1.recordings(recording_of(track).sid).fetch().status_callback_method
    assert method == expected


def test_url_is_the_absolute_url_of_the_resource(fake: fakerec.FakeVideo) -> None:
    """url: "The absolute URL of the resource"."""
    sid = recording_of(record(fake)).sid
    url = get(fake, f"{BASE}/v1/Recordings/{sid}").json()["url"]
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc) == ("https", "video.twilio.com")
    assert url == f"https://video.twilio.com/v1/Recordings/{sid}"
    assert get(fake, url).json()["sid"] == sid  # following it gives the resource itself


def test_links_media_is_the_media_subresource(fake: fakerec.FakeVideo) -> None:
    """links: "The URLs of related resources." (example: "media":
    "https://video.twilio.com/v1/Recordings/RTXXX/Media")."""
    sid = recording_of(record(fake)).sid
    media = get(fake, f"{BASE}/v1/Recordings/{sid}").json()["links"]["media"]
    assert media == f"https://video.twilio.com/v1/Recordings/{sid}/Media"
    assert get(fake, media).status == 302


def test_fetch_returns_the_recording_identified_by_sid(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    """GET instance: "Returns a single Recording Instance resource identified by a RecordingSid"."""
    first = recording_of(record(fake)).sid
    second = recording_of(record(fake, "video")).sid
    assert client.video.v1.recordings(first).fetch().sid == first
    assert client.video.v1.recordings(second).fetch().sid == second
    missing = "RT" + "0" * 32
    assert get(fake, f"{BASE}/v1/Recordings/{missing}").status == 404


# --- HTTP GET to the /Media subresource -----------------------------------------------------


def test_media_answers_302_redirect_to_a_temporary_url(fake: fakerec.FakeVideo) -> None:
    """/Media: "Twilio will generate a temporary URL for accessing this binary data, and issue
    an HTTP 302 redirect response to your request." (output: {"redirect_to": ...})."""
    sid = recording_of(record(fake)).sid
    answer = get(fake, f"{BASE}/v1/Recordings/{sid}/Media")
    assert answer.status == 302
    location = answer.header("Location")
    assert location is not None and location.startswith("https://")
    assert urlsplit(location).netloc != "video.twilio.com"  # a temporary URL elsewhere
    assert answer.json() == {"redirect_to": location}


@pytest.mark.parametrize(
    ("kind", "codec", "content_type"),
    [("audio", "PCMU", "audio/x-matroska"), ("video", "H264", "video/x-matroska")],
)
def test_media_content_type_follows_the_codec(
    fake: fakerec.FakeVideo, kind: str, codec: str, content_type: str
) -> None:
    """/Media: "with the Content-Type header set according to the codec used to record the
    media." Table: "PCMU audio/x-matroska", "H264 video/x-matroska"."""
    sid = recording_of(record(fake, kind, codec=codec)).sid
    answer = get(fake, f"{BASE}/v1/Recordings/{sid}/Media")
    assert answer.status == 302
    assert location_query(answer)["response-content-type"] == content_type


def media_expires(fake: fakerec.FakeVideo, sid: str, ttl: int | None) -> int:
    params = None if ttl is None else {"Ttl": ttl}
    answer = get(fake, f"{BASE}/v1/Recordings/{sid}/Media", params)
    assert answer.status == 302, answer.body
    query = location_query(answer)  # an S3 presigned URL: issued at X-Amz-Date, for X-Amz-Expires
    issued = datetime.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    return int(issued.timestamp()) + int(query["X-Amz-Expires"])


def test_media_url_available_600_seconds_by_default(fake: fakerec.FakeVideo) -> None:
    """/Media: "The URL returned will be available by default for 600 seconds"; Ttl: "The
    default Ttl is 600 seconds"."""
    sid = recording_of(record(fake)).sid
    now = int(fake.clock.now().timestamp())
    assert media_expires(fake, sid, None) == now + 600


def test_media_ttl_minimum_is_1_second(fake: fakerec.FakeVideo) -> None:
    """Ttl: "The minimum supported Ttl value is 1 second"."""
    sid = recording_of(record(fake)).sid
    now = int(fake.clock.now().timestamp())
    assert media_expires(fake, sid, 1) == now + 1
    assert get(fake, f"{BASE}/v1/Recordings/{sid}/Media", {"Ttl": 0}).status == 400


def test_media_ttl_maximum_is_3600_seconds(fake: fakerec.FakeVideo) -> None:
    """Ttl: "the maximum supported value is 3600 seconds"."""
    sid = recording_of(record(fake)).sid
    now = int(fake.clock.now().timestamp())
    assert media_expires(fake, sid, 3600) == now + 3600
    assert media_expires(fake, sid, 1234) == now + 1234
    assert get(fake, f"{BASE}/v1/Recordings/{sid}/Media", {"Ttl": 3601}).status == 400


@pytest.mark.parametrize("disposition", ["attachment", "inline"])
def test_media_content_disposition_attachment_or_inline(
    fake: fakerec.FakeVideo, disposition: str
) -> None:
    """ContentDisposition: "Sets the Content-Disposition header of the redirect_to URL.
    Possible values are attachment or inline"."""
    sid = recording_of(record(fake)).sid
    answer = get(fake, f"{BASE}/v1/Recordings/{sid}/Media", {"ContentDisposition": disposition})
    assert answer.status == 302
    assert location_query(answer)["response-content-disposition"].startswith(disposition)
    redirect_to = answer.json()["redirect_to"]
    query = parse_qs(urlsplit(redirect_to).query)
    assert query["response-content-disposition"][0].startswith(disposition)


def test_media_content_disposition_other_values_refused(fake: fakerec.FakeVideo) -> None:
    """ContentDisposition: "Possible values are attachment or inline." (anything else: 400)."""
    sid = recording_of(record(fake)).sid
    answer = get(fake, f"{BASE}/v1/Recordings/{sid}/Media", {"ContentDisposition": "download"})
    assert answer.status == 400


@pytest.mark.parametrize(("kind", "extension"), [("audio", "mka"), ("video", "mkv")])
def test_media_content_disposition_default(
    fake: fakerec.FakeVideo, kind: str, extension: str
) -> None:
    """ContentDisposition: "Default value attachment%3B%20filename%3D%22RTxxx.mk{a|v}"."""
    sid = recording_of(record(fake, kind)).sid
    answer = get(fake, f"{BASE}/v1/Recordings/{sid}/Media")
    assert answer.status == 302
    expected = f'attachment; filename="{sid}.{extension}"'
    assert location_query(answer)["response-content-disposition"] == expected
    assert f"attachment%3B%20filename%3D%22{sid}.{extension}" in answer.json()["redirect_to"]


@pytest.mark.parametrize("reason", ["processing", "deleted", "muted throughout", "failed"])
def test_media_404_when_recording_not_available(fake: fakerec.FakeVideo, reason: str) -> None:
    """/Media: "If the recording is not available (for example, if its status is processing
    or deleted, or if the track was muted for the duration of the recording), an HTTP 404
    response is returned." (failed: SPEC 6.)"""
    room = fake.create_room(record_participants_on_connect=True)
    track = room.connect("alice").publish("audio")
    if reason == "muted throughout":
        track.mute()
    fake.clock.advance(seconds=60)
    if reason == "failed":
        recording_of(track).fail()
    if reason != "processing":
        track.unpublish()
        fake.clock.advance(seconds=DELAY)
    if reason == "deleted":
        assert get(fake, f"{BASE}/v1/Recordings/{recording_of(track).sid}/Media").status == 302
        assert delete(fake, recording_of(track).sid) == 204
    assert get(fake, f"{BASE}/v1/Recordings/{recording_of(track).sid}").json()["status"] == (
        "completed" if reason == "muted throughout" else reason
    )
    answer = get(fake, f"{BASE}/v1/Recordings/{recording_of(track).sid}/Media")
    assert answer.status == 404


def test_media_available_when_muted_only_part_of_the_recording(fake: fakerec.FakeVideo) -> None:
    """/Media: 404 "if the track was muted for the duration of the recording" (only then: a
    track muted for part of the recording has media)."""
    room = fake.create_room(record_participants_on_connect=True)
    track = room.connect("alice").publish("audio")
    fake.clock.advance(seconds=10)
    track.mute()
    fake.clock.advance(seconds=50)
    track.unpublish()
    fake.clock.advance(seconds=DELAY)
    assert get(fake, f"{BASE}/v1/Recordings/{recording_of(track).sid}/Media").status == 302


# --- DELETE ---------------------------------------------------------------------------------


def test_delete_removes_the_media_file(fake: fakerec.FakeVideo, client: Client) -> None:
    """DELETE: "Deletes the recording media file"."""
    sid = recording_of(record(fake)).sid
    assert get(fake, f"{BASE}/v1/Recordings/{sid}/Media").status == 302
    assert client.video.v1.recordings(sid).delete() is True
    assert get(fake, f"{BASE}/v1/Recordings/{sid}/Media").status == 404


def test_delete_keeps_metadata_30_days_with_status_deleted(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    """DELETE: "The metadata for the Recording is preserved for a period of 30 days, and its
    Status is set to deleted"."""
    sid = recording_of(record(fake, seconds=42)).sid
    client.video.v1.recordings(sid).delete()
    for step in (timedelta(0), timedelta(days=15), timedelta(days=15) - timedelta(seconds=1)):
        fake.clock.advance(step)
        rec = client.video.v1.recordings(sid).fetch()
        assert (rec.status, rec.duration) == ("deleted", 42)


def test_metadata_not_available_after_30_days(fake: fakerec.FakeVideo) -> None:
    """DELETE: "After this period, the metadata will not be available"."""
    sid = recording_of(record(fake)).sid
    assert delete(fake, sid) == 204
    fake.clock.advance(days=30)
    assert get(fake, f"{BASE}/v1/Recordings/{sid}").status == 404
    assert sid not in listed(fake, {"Status": "deleted"})
    assert sid not in listed(fake)


def test_30_day_period_starts_when_status_set_to_deleted(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    """DELETE: "Note that the 30-day period starts after the Status is set to deleted"."""
    sid = recording_of(record(fake)).sid
    created = client.video.v1.recordings(sid).fetch().date_created
    fake.clock.advance(days=20)
    client.video.v1.recordings(sid).delete()
    deleted_at = fake.clock.now()
    fake.clock.set(created + timedelta(days=31))  # 30 days after creation: still kept
    assert client.video.v1.recordings(sid).fetch().status == "deleted"
    fake.clock.set(deleted_at + timedelta(days=30) - timedelta(seconds=1))
    assert client.video.v1.recordings(sid).fetch().status == "deleted"
    fake.clock.set(deleted_at + timedelta(days=30))
    assert get(fake, f"{BASE}/v1/Recordings/{sid}").status == 404


def test_deleted_recordings_not_returned_by_default(
    fake: fakerec.FakeVideo, client: Client, scene: Scene
) -> None:
    """DELETE: "By default, Recordings with deleted status are not returned when retrieving the
    Recordings list"."""
    assert {r.sid for r in client.video.v1.recordings.list()} == {scene.a, scene.c, scene.d}


def test_status_deleted_filter_retrieves_deleted_recordings(
    fake: fakerec.FakeVideo, client: Client, scene: Scene
) -> None:
    """DELETE: "To retrieve deleted Recordings, use the Status=deleted filter"."""
    assert [r.sid for r in client.video.v1.recordings.list(status="deleted")] == [scene.b]
    assert listed(fake, {"Status": "deleted"}) == {scene.b}


# --- Recordings list resource ---------------------------------------------------------------


def test_list_at_v1_recordings_with_paging_data(fake: fakerec.FakeVideo, scene: Scene) -> None:
    """List: "Recordings list is available at the following URI: /v1/Recordings"; "Returns a list
    of all Track Recordings with paging data"."""
    answer = get(fake, f"{BASE}/v1/Recordings")
    assert answer.status == 200
    body = answer.json()
    assert {r["sid"] for r in body["recordings"]} == {scene.a, scene.c, scene.d}
    meta = body["meta"]
    assert set(meta) >= {
        "page",
        "page_size",
        "first_page_url",
        "previous_page_url",
        "url",
        "next_page_url",
        "key",
    }
    assert meta["key"] == "recordings"
    assert meta["page"] == 0


@pytest.mark.parametrize(
    ("lower", "proper", "value"),
    [("status", "Status", "deleted"), ("mediatype", "MediaType", "video")],
)
def test_list_parameters_are_case_sensitive(
    fake: fakerec.FakeVideo, scene: Scene, lower: str, proper: str, value: str
) -> None:
    """List filters: "Note, parameters are case-sensitive." A lower-case name is not the
    parameter: it is ignored like any unknown parameter (deleted ones stay hidden)."""
    unfiltered = listed(fake)
    assert listed(fake, {lower: value}) == unfiltered == {scene.a, scene.c, scene.d}
    assert listed(fake, {proper: value}) != unfiltered


def test_list_page_size_parameter_is_case_sensitive(fake: fakerec.FakeVideo) -> None:
    """List filters: "Note, parameters are case-sensitive." (`pagesize` is not `PageSize`)."""
    for _ in range(3):
        fake.add_recording(status="completed")
    ignored = get(fake, f"{BASE}/v1/Recordings", {"pagesize": 1}).json()
    assert (len(ignored["recordings"]), ignored["meta"]["page_size"]) == (3, 50)
    honoured = get(fake, f"{BASE}/v1/Recordings", {"PageSize": 1}).json()
    assert (len(honoured["recordings"]), honoured["meta"]["page_size"]) == (1, 1)


@pytest.mark.parametrize("status", STATUSES)
def test_status_filter_reads_only_that_status(
    fake: fakerec.FakeVideo, client: Client, scene: Scene, status: str
) -> None:
    """Status: "Read only the recordings that have this status." (processing, completed,
    deleted, failed)."""
    expected = {"completed": scene.a, "deleted": scene.b, "processing": scene.c}.get(
        status, scene.d
    )
    assert [r.sid for r in client.video.v1.recordings.list(status=status)] == [expected]


def test_source_sid_filter(fake: fakerec.FakeVideo, client: Client, scene: Scene) -> None:
    """SourceSid: "Read only the recordings that have this source_sid"."""
    got = client.video.v1.recordings.list(source_sid=scene.a_track.sid)
    assert [r.sid for r in got] == [scene.a]
    got = client.video.v1.recordings.list(source_sid=scene.d_track.sid)
    assert [r.sid for r in got] == [scene.d]


@pytest.mark.parametrize(
    ("which", "expected"),
    [
        (("room1",), ("a", "c")),
        (("room2",), ("d",)),
        (("alice",), ("a",)),
        (("bob",), ("c",)),
        (("room1", "bob"), ("c",)),
        (("room2", "alice"), ()),
    ],
)
def test_grouping_sid_filter_room_and_or_participant(
    fake: fakerec.FakeVideo,
    client: Client,
    scene: Scene,
    which: tuple[str, ...],
    expected: tuple[str, ...],
) -> None:
    """GroupingSid: "Read only recordings with this grouping_sid, which may include a
    participant_sid and/or a room_sid"."""
    sids = [getattr(scene, name).sid for name in which]
    got = {r.sid for r in client.video.v1.recordings.list(grouping_sid=sids)}
    assert got == {getattr(scene, name) for name in expected}


AT_T0_PLUS_20 = [
    "2025-03-01T12:00:20Z",
    "2025-03-01T14:00:20+02:00",
    "2025-03-01T07:00:20-05:00",
    "2025-03-01T17:30:20+05:30",
]


@pytest.mark.parametrize("moment", AT_T0_PLUS_20)
def test_date_created_after_is_on_or_after(
    fake: fakerec.FakeVideo, scene: Scene, moment: str
) -> None:
    """DateCreatedAfter: "Read only recordings that started on or after this ISO 8601
    date-time with time zone." (c started exactly then, d after, a before)."""
    assert listed(fake, {"DateCreatedAfter": moment}) == {scene.c, scene.d}


@pytest.mark.parametrize("moment", AT_T0_PLUS_20)
def test_date_created_before_is_strictly_before(
    fake: fakerec.FakeVideo, scene: Scene, moment: str
) -> None:
    """DateCreatedBefore: "Read only recordings that started before this ISO 8601 date-time
    with time zone, given as YYYY-MM-DDThh:mm:ss+|-hh:mm or YYYY-MM-DDThh:mm:ssZ"."""
    assert listed(fake, {"DateCreatedBefore": moment}) == {scene.a}
    assert listed(fake, {"DateCreatedBefore": moment, "Status": "deleted"}) == {scene.b}


def test_date_created_filters_through_the_sdk(
    fake: fakerec.FakeVideo, client: Client, scene: Scene
) -> None:
    """DateCreatedAfter / DateCreatedBefore: "on or after" / "before" (as the SDK sends them)."""
    t20 = T0 + timedelta(seconds=20)
    after = client.video.v1.recordings.list(date_created_after=t20)
    assert {r.sid for r in after} == {scene.c, scene.d}
    before = client.video.v1.recordings.list(date_created_before=t20)
    assert {r.sid for r in before} == {scene.a}


@pytest.mark.parametrize(
    ("media_type", "expected"), [("audio", ("a", "c")), ("video", ("d",)), ("data", ())]
)
def test_media_type_filter(
    fake: fakerec.FakeVideo,
    scene: Scene,
    media_type: str,
    expected: tuple[str, ...],
) -> None:
    """MediaType: "Read only recordings that have this media type. Can be either audio or
    video." (Possible values: audio video data)."""
    got = listed(fake, {"MediaType": media_type})
    assert got == {getattr(scene, name) for name in expected}


def test_page_size_default_is_50(fake: fakerec.FakeVideo, client: Client) -> None:
    """PageSize: "How many resources to return in each list page. The default is 50"."""
    for _ in range(51):
        fake.add_recording(status="completed")
    body = get(fake, f"{BASE}/v1/Recordings").json()
    assert len(body["recordings"]) == 50
    assert body["meta"]["page_size"] == 50
    assert body["meta"]["next_page_url"] is not None
    assert len(client.video.v1.recordings.list(page_size=7)) == 51  # every page, walked


def test_page_size_maximum_is_1000(fake: fakerec.FakeVideo) -> None:
    """PageSize: "The default is 50, and the maximum is 1000"."""
    for _ in range(1001):
        fake.add_recording(status="completed")
    body = get(fake, f"{BASE}/v1/Recordings", {"PageSize": 1000}).json()
    assert len(body["recordings"]) == 1000
    assert body["meta"]["page_size"] == 1000
    too_big = get(fake, f"{BASE}/v1/Recordings", {"PageSize": 1001})
    assert too_big.status == 400


def test_page_is_the_page_index(fake: fakerec.FakeVideo) -> None:
    """Page: "The page index. This value is simply for client state"."""
    for _ in range(5):
        fake.add_recording(status="completed")
    first = get(fake, f"{BASE}/v1/Recordings", {"PageSize": 2}).json()
    assert first["meta"]["page"] == 0
    second = get(fake, first["meta"]["next_page_url"]).json()
    assert second["meta"]["page"] == 1
    third = get(fake, second["meta"]["next_page_url"]).json()
    assert third["meta"]["page"] == 2
    assert third["meta"]["next_page_url"] is None


def test_page_token_is_provided_by_the_api(fake: fakerec.FakeVideo) -> None:
    """PageToken: "The page token. This is provided by the API"."""
    made = {fake.add_recording(status="completed").sid for _ in range(5)}
    seen: list[str] = []
    url: str | None = f"{BASE}/v1/Recordings?PageSize=2"
    first = True
    while url is not None:
        body = get(fake, url).json()
        seen += [r["sid"] for r in body["recordings"]]
        url = body["meta"]["next_page_url"]
        if url is not None:
            assert "PageToken" in parse_qs(urlsplit(url).query)
        if first:
            assert "PageToken" not in parse_qs(urlsplit(body["meta"]["url"]).query)
            first = False
    assert len(seen) == 5 and set(seen) == made


def test_meta_urls_carry_filters_page_size_and_page(fake: fakerec.FakeVideo, scene: Scene) -> None:
    """Example output: "first_page_url": ".../v1/Recordings?Status=completed&SourceSid=...
    &MediaType=audio&GroupingSid=RM...&PageSize=50&Page=0"."""
    params = {
        "Status": "completed",
        "SourceSid": scene.a_track.sid,
        "MediaType": "audio",
        "GroupingSid": scene.room1.sid,
    }
    meta = get(fake, f"{BASE}/v1/Recordings", params).json()["meta"]
    for key in ("first_page_url", "url"):
        url = meta[key]
        assert url.startswith(f"{BASE}/v1/Recordings?")
        query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        assert {k: query.get(k) for k in params} == params
        assert (query["PageSize"], query["Page"]) == ("50", "0")


# --- "This endpoint does not retrieve deleted recordings by default" ------------------------


@pytest.mark.parametrize("endpoint", ["GroupingSid=room", "GroupingSid=participant", "Rooms API"])
def test_room_and_participant_lists_hide_deleted_by_default(
    fake: fakerec.FakeVideo, scene: Scene, endpoint: str
) -> None:
    """Info box on the room, participant and Rooms-API lists: "This endpoint does not retrieve
    deleted recordings by default. To retrieve deleted recordings, use the status filter in
    your request"."""
    if endpoint == "Rooms API":
        path, params = f"/v1/Rooms/{scene.room1.sid}/Recordings", {}
        default = {scene.a, scene.c}
    elif endpoint == "GroupingSid=room":
        path, params = "/v1/Recordings", {"GroupingSid": scene.room1.sid}
        default = {scene.a, scene.c}
    else:
        path, params = "/v1/Recordings", {"GroupingSid": scene.alice.sid}
        default = {scene.a}
    assert listed(fake, params, path) == default
    assert listed(fake, {**params, "Status": "deleted"}, path) == {scene.b}


# --- Using the Rooms API to find Recordings -------------------------------------------------


def test_rooms_api_lists_the_recordings_of_a_room(
    fake: fakerec.FakeVideo, client: Client, scene: Scene
) -> None:
    """Rooms API: "You can also retrieve the list of recordings for a specific room using the
    Rooms API endpoint"."""
    room1 = client.video.v1.rooms(scene.room1.sid).recordings.list()
    assert {r.sid for r in room1} == {scene.a, scene.c}
    assert all(r.room_sid == scene.room1.sid for r in room1)
    room2 = client.video.v1.rooms(scene.room2.sid).recordings.list()
    assert [r.sid for r in room2] == [scene.d]


def test_rooms_api_list_paging_urls_are_room_scoped(fake: fakerec.FakeVideo, scene: Scene) -> None:
    """Rooms API list output: "first_page_url":
    "https://video.twilio.com/v1/Rooms/RMXXX/Recordings?PageSize=50&Page=0"."""
    meta = get(fake, f"{BASE}/v1/Rooms/{scene.room1.sid}/Recordings").json()["meta"]
    expected = f"{BASE}/v1/Rooms/{scene.room1.sid}/Recordings?PageSize=50&Page=0"
    assert meta["first_page_url"] == expected
    assert meta["url"] == expected
    assert (meta["page"], meta["page_size"], meta["key"]) == (0, 50, "recordings")


def test_rooms_api_fetch_a_recording(fake: fakerec.FakeVideo, client: Client, scene: Scene) -> None:
    """Rooms API: "Retrieve a Recording using the Rooms API" (output adds "room_sid"; its "url" and
    "links.media" are under /v1/Rooms/RMXXX/Recordings/RTXXX; no status_callback fields)."""
    rec = client.video.v1.rooms(scene.room1.sid).recordings(scene.a).fetch()
    assert (rec.sid, rec.room_sid) == (scene.a, scene.room1.sid)
    scoped = f"{BASE}/v1/Rooms/{scene.room1.sid}/Recordings/{scene.a}"
    assert rec.url == scoped
    body = get(fake, scoped).json()
    assert body["url"] == scoped
    assert body["links"] == {"media": scoped + "/Media"}
    assert body["room_sid"] == scene.room1.sid
    assert "status_callback" not in body and "status_callback_method" not in body
    assert body["grouping_sids"]["room_sid"] == scene.room1.sid


def test_rooms_api_media_redirects(fake: fakerec.FakeVideo, scene: Scene) -> None:
    """Rooms API: "Retrieve the actual recording Media using the Rooms API" (output: {"redirect_to":
    "https://...s3.amazonaws.com/RTXXX"})."""
    url = f"{BASE}/v1/Rooms/{scene.room1.sid}/Recordings/{scene.a}/Media"
    answer = get(fake, url)
    assert answer.status == 302
    assert answer.json() == {"redirect_to": answer.header("Location")}
    disposition = location_query(answer)["response-content-disposition"]
    assert disposition == f'attachment; filename="{scene.a}.mka"'
    processing = get(fake, f"{BASE}/v1/Rooms/{scene.room1.sid}/Recordings/{scene.c}/Media")
    assert processing.status == 404


# --- Size estimation of a track Recording ---------------------------------------------------

AUDIO_TABLE = [  # kbps, hours, MB (the page's audio table)
    (16, 1, 7.2),
    (16, 8, 57.6),
    (16, 24, 172.8),
    (32, 1, 14.4),
    (32, 8, 115.2),
    (32, 24, 345.6),
    (40, 1, 18),
    (40, 8, 144),
    (40, 24, 432),
]
VIDEO_TABLE = [  # kbps, hours, GB (the page's video table)
    (1500, 1, 0.7),
    (1500, 8, 5.4),
    (1500, 24, 16.2),
    (700, 1, 0.3),
    (700, 8, 2.5),
    (700, 24, 7.6),
    (200, 1, 0.1),
    (200, 8, 0.7),
    (200, 24, 2.2),
]


@pytest.mark.parametrize(("kbps", "hours", "megabytes"), AUDIO_TABLE)
def test_audio_size_table(
    fake: fakerec.FakeVideo, client: Client, kbps: int, hours: int, megabytes: float
) -> None:
    """Size estimation: "The size of an audio Recording (.mka) will vary based on bit rate and
    duration." Table: "16 kbps 7.2 MB 57.6 MB 172.8 MB / 32 kbps 14.4 MB ... / 40 kbps 18 MB"."""
    sid = recording_of(record(fake, "audio", seconds=hours * 3600, bitrate=kbps)).sid
    size = client.video.v1.recordings(sid).fetch().size
    assert size == kbps * 1000 // 8 * hours * 3600
    assert abs(size / 1e6 - megabytes) < 0.05  # the table's precision: 0.1 MB


@pytest.mark.parametrize(("kbps", "hours", "gigabytes"), VIDEO_TABLE)
def test_video_size_table(
    fake: fakerec.FakeVideo, client: Client, kbps: int, hours: int, gigabytes: float
) -> None:
    """Size estimation: "The size of a video Recording (.mkv) will vary based on resolution,
    bit rate and duration." Table: "720 @ 1,500 kbps 0.7 GB 5.4 GB 16.2 GB / 480 @ 700 kbps
    0.3 GB ... / 180 @ 200 kbps 0.1 GB"."""
    sid = recording_of(record(fake, "video", seconds=hours * 3600, bitrate=kbps)).sid
    size = client.video.v1.recordings(sid).fetch().size
    assert size == kbps * 1000 // 8 * hours * 3600
    assert abs(size / 1e9 - gigabytes) <= 0.05  # the table's precision: 0.1 GB
