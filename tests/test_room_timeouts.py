"""Rooms end themselves (SPEC section 10), seen through the SDK and the control plane.

``UnusedRoomTimeout`` (nobody ever joined) and ``EmptyRoomTimeout`` (the last participant left)
in minutes, default 5 [DOC: Rooms resource]; ``MaxParticipantDuration`` in seconds, default
14400 [DOC]; recording in group rooms only [DOC: "not available in peer-to-peer rooms"].
[DECIDED]: in progress at the timeout minus 1 s, completed at the timeout plus 1 s; the room
ends AT the timeout (``end_time``, the callbacks' ``Timestamp``), however far the clock jumped.
Expectations are computed here from those rules, never read back from the fake.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
from _support import BASE, DELAY, account_auth, error_of, sdk_client
from twilio.base.exceptions import TwilioRestException
from twilio.request_validator import RequestValidator
from twilio.rest import Client

import fakerec
from fakerec.errors import UsageError

T0 = datetime(2025, 3, 1, 9, 0, 0, tzinfo=timezone.utc)
SECOND = timedelta(seconds=1)
CALLBACK = "https://app.example/video-events"
SPEC = Path(__file__).resolve().parents[1].parent / "shared" / "spec" / "twilio_video_v1.json"


def make_fake() -> fakerec.FakeVideo:
    return fakerec.FakeVideo(seed="room-timeouts", processing_delay=DELAY, start=T0)


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def ms(moment: datetime) -> str:
    """A callback's Timestamp: ISO 8601 with milliseconds."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def land(fake: fakerec.FakeVideo, moment: datetime) -> None:
    fake.clock.set(moment)


def events(fake: fakerec.FakeVideo, room_sid: str) -> list[str]:
    return [c.event for c in fake.callbacks if c.params["RoomSid"] == room_sid]


# --- UnusedRoomTimeout --------------------------------------------------------------------------


@pytest.mark.parametrize("minutes", [None, 1, 17, 60])
def test_a_room_nobody_joins_ends_at_its_unused_timeout(minutes: int | None) -> None:
    fake = make_fake()
    client = sdk_client(fake)
    options = {} if minutes is None else {"unused_room_timeout": minutes}
    room = client.video.v1.rooms.create(unique_name="lonely", **options)
    timeout = timedelta(minutes=5 if minutes is None else minutes)
    assert room.unused_room_timeout == timeout.total_seconds() // 60
    land(fake, T0 + timeout - SECOND)
    assert client.video.v1.rooms(room.sid).fetch().status == "in-progress"
    assert client.video.v1.rooms("lonely").fetch().sid == room.sid  # still found by name
    land(fake, T0 + timeout + SECOND)
    ended = client.video.v1.rooms(room.sid).fetch()
    assert ended.status == "completed"
    assert ended.end_time == T0 + timeout
    assert ended.duration == timeout.total_seconds()
    assert ended.date_updated == T0 + timeout


def test_a_clock_jump_far_past_the_timeout_still_ends_the_room_at_the_timeout() -> None:
    fake = make_fake()
    room = fake.create_room("jump", status_callback=CALLBACK)
    fake.clock.advance(days=3)
    assert room.status.value == "completed"
    assert room.end_time == T0 + timedelta(minutes=5)
    ended = next(c for c in fake.callbacks if c.event == "room-ended")
    assert ended.params["Timestamp"] == ms(T0 + timedelta(minutes=5))


def test_a_connect_before_the_unused_timeout_keeps_the_room_open() -> None:
    fake = make_fake()
    room = fake.create_room("standup", unused_room_timeout=2)
    land(fake, T0 + timedelta(minutes=2) - SECOND)
    alice = room.connect("alice")
    land(fake, T0 + timedelta(hours=1))
    assert room.status.value == "in-progress"
    assert alice.connected
    assert room.end_time is None


def test_the_unique_name_of_a_room_that_ended_itself_is_free_again() -> None:
    fake = make_fake()
    client = sdk_client(fake)
    first = client.video.v1.rooms.create(unique_name="daily")
    with pytest.raises(TwilioRestException) as taken:
        client.video.v1.rooms.create(unique_name="daily")
    assert error_of(taken.value) == (400, 53113)
    fake.clock.advance(minutes=5, seconds=1)
    second = client.video.v1.rooms.create(unique_name="daily")
    assert second.sid != first.sid
    assert client.video.v1.rooms("daily").fetch().sid == second.sid
    listed = client.video.v1.rooms.list(status="completed")
    assert [r.sid for r in listed] == [first.sid]
    assert [r.sid for r in client.video.v1.rooms.list()] == [second.sid]


def test_a_room_completed_early_keeps_its_own_end_time() -> None:
    fake = make_fake()
    client = sdk_client(fake)
    room = client.video.v1.rooms.create(unique_name="short")
    fake.clock.advance(minutes=1)
    client.video.v1.rooms(room.sid).update(status="completed")
    fake.clock.advance(minutes=10)
    ended = client.video.v1.rooms(room.sid).fetch()
    assert (ended.status, ended.end_time) == ("completed", T0 + timedelta(minutes=1))


# --- EmptyRoomTimeout ---------------------------------------------------------------------------


@pytest.mark.parametrize("minutes", [None, 1, 60])
def test_a_room_ends_its_empty_timeout_after_the_last_participant_leaves(
    minutes: int | None,
) -> None:
    fake = make_fake()
    options = {} if minutes is None else {"empty_room_timeout": minutes}
    room = fake.create_room("standup", status_callback=CALLBACK, **options)
    timeout = timedelta(minutes=5 if minutes is None else minutes)
    alice, bob = room.connect("alice"), room.connect("bob")
    fake.clock.advance(minutes=20)
    alice.disconnect()
    fake.clock.advance(minutes=30)  # one still there: no timeout runs
    assert room.status.value == "in-progress"
    left = T0 + timedelta(minutes=50, seconds=0.4)  # a leave between two seconds
    land(fake, left)
    bob.disconnect()
    land(fake, left + timeout - SECOND)
    assert room.status.value == "in-progress"
    land(fake, left + timeout + SECOND)
    assert room.status.value == "completed"
    assert room.end_time == (left + timeout).replace(microsecond=0)
    ended = [c for c in fake.callbacks if c.event == "room-ended"]
    assert len(ended) == 1
    assert ended[0].params["Timestamp"] == ms(left + timeout)
    assert ended[0].params["RoomStatus"] == "completed"
    assert ended[0].params["RoomDuration"] == str(int((room.end_time - T0).total_seconds()))


def test_someone_connecting_again_stops_the_empty_timeout_and_the_next_leave_starts_it() -> None:
    fake = make_fake()
    client = sdk_client(fake)
    room = fake.room(client.video.v1.rooms.create(unique_name="drop-in", empty_room_timeout=3).sid)
    room.connect("alice").disconnect()  # leaves at T0: due at T0 + 3 min
    land(fake, T0 + timedelta(minutes=2))
    bob = room.connect("bob")
    land(fake, T0 + timedelta(minutes=10))  # well past the first due time
    assert client.video.v1.rooms(room.sid).fetch().status == "in-progress"
    bob.disconnect()  # due at T0 + 13 min
    land(fake, T0 + timedelta(minutes=13) - SECOND)
    assert client.video.v1.rooms(room.sid).fetch().status == "in-progress"
    land(fake, T0 + timedelta(minutes=13) + SECOND)
    ended = client.video.v1.rooms(room.sid).fetch()
    assert (ended.status, ended.end_time) == ("completed", T0 + timedelta(minutes=13))


def test_a_leave_and_rejoin_in_the_same_instant_ends_the_room_once() -> None:
    fake = make_fake()
    room = fake.create_room("flap", status_callback=CALLBACK)
    room.connect("alice").disconnect()
    room.connect("alice").disconnect()
    fake.clock.advance(hours=1)
    assert events(fake, room.sid).count("room-ended") == 1
    assert room.end_time == T0 + timedelta(minutes=5)


# --- MaxParticipantDuration ---------------------------------------------------------------------


def test_max_participant_duration_disconnects_and_ends_its_recordings() -> None:
    fake = make_fake()
    room = fake.create_room(
        "webinar",
        record_participants_on_connect=True,
        status_callback=CALLBACK,
        max_participant_duration=600,
    )
    fake.clock.advance(seconds=12.5)
    joined = fake.clock.now()
    alice = room.connect("alice")
    mic = alice.publish("audio", name="mic")
    fake.clock.advance(seconds=100)
    bob = room.connect("bob")  # joins later: his own limit, 100 s after hers
    land(fake, joined + timedelta(seconds=600) - SECOND)
    assert alice.connected and mic.published
    land(fake, joined + timedelta(seconds=600) + SECOND)
    assert not alice.connected
    assert not mic.published
    assert bob.connected
    assert room.status.value == "in-progress"
    fake.clock.advance(seconds=DELAY)
    recording = mic.recording
    assert recording is not None
    assert (recording.status.value, recording.duration) == ("completed", 600)
    left = joined + timedelta(seconds=600)
    gone = next(
        c
        for c in fake.callbacks
        if c.event == "participant-disconnected" and c.params["ParticipantSid"] == alice.sid
    )
    assert gone.params["ParticipantDuration"] == "600"
    assert gone.params["ParticipantStatus"] == "disconnected"
    assert gone.params["Timestamp"] == ms(left)
    removed = next(c for c in fake.callbacks if c.event == "track-removed")
    assert removed.params["Timestamp"] == ms(left)
    done = next(c for c in fake.callbacks if c.event == "recording-completed")
    assert done.params["Timestamp"] == ms(left + timedelta(seconds=DELAY))
    assert done.params["Duration"] == "600"


def test_a_long_jump_disconnects_at_the_limit_then_ends_the_empty_room() -> None:
    fake = make_fake()
    client = sdk_client(fake)
    created = client.video.v1.rooms.create(
        unique_name="marathon", record_participants_on_connect=True, status_callback=CALLBACK
    )
    room = fake.room(created.sid)
    cam = room.connect("alice").publish("video", name="cam")
    fake.clock.advance(days=2)
    limit = T0 + timedelta(seconds=14400)  # the default: four hours [DOC]
    ended = client.video.v1.rooms(room.sid).fetch()
    assert ended.status == "completed"
    assert ended.end_time == limit + timedelta(minutes=5)
    assert ended.duration == 14400 + 300
    recording = client.video.v1.recordings(cam.recording.sid).fetch()  # type: ignore[union-attr]
    assert (recording.status, recording.duration) == ("completed", 14400)
    assert events(fake, room.sid) == [
        "room-created",
        "participant-connected",
        "track-added",
        "recording-started",
        "track-removed",
        "participant-disconnected",
        "recording-completed",  # 30 s after the limit: before the room ends
        "room-ended",
    ]


def test_a_participant_who_left_first_is_not_disconnected_again() -> None:
    fake = make_fake()
    room = fake.create_room("quick", status_callback=CALLBACK, max_participant_duration=600)
    alice = room.connect("alice")
    room.connect("bob")
    fake.clock.advance(seconds=60)
    alice.disconnect()
    fake.clock.advance(hours=1)
    left = [c for c in fake.callbacks if c.event == "participant-disconnected"]
    assert [c.params["ParticipantIdentity"] for c in left] == ["alice", "bob"]
    assert [c.params["ParticipantDuration"] for c in left] == ["60", "600"]


# --- recording in group rooms only --------------------------------------------------------------


@pytest.mark.parametrize("room_type", ["peer-to-peer", "go"])
def test_recording_on_connect_is_refused_for_rooms_without_a_media_server(room_type: str) -> None:
    fake = make_fake()
    client = sdk_client(fake)
    with pytest.raises(TwilioRestException) as refused:
        client.video.v1.rooms.create(type=room_type, record_participants_on_connect=True)
    assert error_of(refused.value) == (400, 53114)
    assert "incompatible with the Room type" in refused.value.msg
    assert f"not available in {room_type} rooms" in refused.value.msg
    with pytest.raises(UsageError, match="incompatible with the Room type"):
        fake.create_room(type=room_type, record_participants_on_connect=True)
    assert client.video.v1.rooms.list() == []


def test_recording_on_connect_without_a_type_is_a_group_room_that_records() -> None:
    """No Type is a group room (Twilio's default), so RecordParticipantsOnConnect is taken."""
    fake = make_fake()
    made = sdk_client(fake).video.v1.rooms.create(record_participants_on_connect=True)
    seeded = fake.create_room(record_participants_on_connect=True)
    for room in (fake.room(made.sid), seeded):
        assert room.type == "group" and room.record_participants_on_connect
        room.connect("alice").publish("audio")
        assert len(room.recordings) == 1


@pytest.mark.parametrize("room_type", ["peer-to-peer", "go"])
def test_a_room_without_a_media_server_never_records(room_type: str) -> None:
    fake = make_fake()
    client = sdk_client(fake)
    created = client.video.v1.rooms.create(
        type=room_type, recording_rules={"rules": [{"type": "include", "all": True}]}
    )
    room = fake.room(created.sid)
    alice = room.connect("alice")
    tracks = [alice.publish("audio"), alice.publish("video")]
    room.set_recording_rules([{"type": "include", "kind": "audio"}])
    tracks.append(alice.publish("audio", name="later"))
    fake.clock.advance(minutes=1)
    room.complete()
    fake.clock.advance(seconds=DELAY)
    assert all(track.recording is None for track in tracks)
    assert client.video.v1.rooms(room.sid).recordings.list() == []
    assert client.video.v1.recordings.list() == []


@pytest.mark.parametrize("room_type", ["group", "group-small"])
def test_group_rooms_record(room_type: str) -> None:
    fake = make_fake()
    room = fake.create_room(type=room_type, record_participants_on_connect=True)
    assert room.connect("alice").publish("audio").recording is not None


# --- checked as Twilio checks them ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["EmptyRoomTimeout", "UnusedRoomTimeout"])
@pytest.mark.parametrize("value", ["0", "61", "-5"])
def test_a_timeout_out_of_range_is_53109(name: str, value: str) -> None:
    fake = make_fake()
    answer = fake.dispatch(
        "POST",
        f"{BASE}/v1/Rooms",
        {**account_auth(fake), "Content-Type": "application/x-www-form-urlencoded"},
        f"{name}={value}",
    )
    body = json.loads(answer.body)
    assert (answer.status, body["code"]) == (400, 53109)
    assert body["more_info"] == "https://www.twilio.com/docs/errors/53109"


@pytest.mark.parametrize("name", ["EmptyRoomTimeout", "UnusedRoomTimeout"])
def test_a_timeout_that_is_no_whole_number_is_20001(name: str) -> None:
    fake = make_fake()
    answer = fake.dispatch(
        "POST",
        f"{BASE}/v1/Rooms",
        {**account_auth(fake), "Content-Type": "application/x-www-form-urlencoded"},
        f"{name}=1.5",
    )
    assert (answer.status, json.loads(answer.body)["code"]) == (400, 20001)


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("empty_room_timeout", 0),
        ("empty_room_timeout", 61),
        ("unused_room_timeout", 0),
        ("unused_room_timeout", 61),
        ("unused_room_timeout", 2.5),
        ("unused_room_timeout", True),
        ("max_participant_duration", 599),
        ("max_participant_duration", 86401),
        ("max_participant_duration", "600"),
    ],
)
def test_the_control_plane_checks_timeouts_as_twilio_does(option: str, value: Any) -> None:
    fake = make_fake()
    with pytest.raises(UsageError, match=option):
        fake.create_room(**{option: value})


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("empty_room_timeout", 1),
        ("empty_room_timeout", 60),
        ("unused_room_timeout", 60),
        ("max_participant_duration", 600),
        ("max_participant_duration", 86400),
    ],
)
def test_the_control_plane_takes_the_edges_of_each_range(option: str, value: int) -> None:
    fake = make_fake()
    room = fake.create_room(**{option: value})
    assert getattr(room, option) == value
    body = sdk_client(fake).video.v1.rooms(room.sid).fetch()
    assert getattr(body, option) == value


def test_server_mode_control_endpoints_take_the_timeouts_as_numbers() -> None:
    """SPEC 11: control endpoints take JSON or form bodies, typed as the Python control plane
    is: ``unused_room_timeout=2`` in a form is the number 2."""
    from fakerec.server.control import handle

    fake = make_fake()
    form = b"unique_name=served&unused_room_timeout=2&empty_room_timeout=3"
    form += b"&max_participant_duration=700"
    status, _, body = handle(fake, "POST", "/__fakerec/rooms", "", form)
    assert status == 201, body
    room = fake.room(json.loads(body)["sid"])
    assert (room.unused_room_timeout, room.empty_room_timeout) == (2, 3)
    assert room.max_participant_duration == 700
    fake.clock.advance(minutes=2, seconds=1)
    assert room.status.value == "completed"
    status, _, body = handle(fake, "POST", "/__fakerec/rooms", "", b"unused_room_timeout=61")
    assert status == 400 and b"unused_room_timeout" in body


# --- callbacks ----------------------------------------------------------------------------------


def test_room_ended_by_a_timeout_is_signed_and_delivered_like_any_callback() -> None:
    fake = make_fake()
    received: list[fakerec.callbacks.Callback] = []
    fake.on_callback(received.append)
    room = fake.create_room("signed", status_callback=CALLBACK, unused_room_timeout=1)
    fake.clock.advance(minutes=2)
    assert [c.event for c in received] == ["room-created", "room-ended"]
    ended = received[-1]
    params = dict(parse_qsl(ended.body.decode()))
    assert params == ended.params
    assert params["RoomSid"] == room.sid
    assert params["RoomDuration"] == "60"
    assert params["SequenceNumber"] == "1"
    assert params["Timestamp"] == ms(T0 + timedelta(minutes=1))
    validator = RequestValidator(fake.auth_token)
    assert validator.validate(CALLBACK, params, ended.headers["X-Twilio-Signature"])


def test_a_receiver_can_call_the_fake_back_when_a_room_ends_itself() -> None:
    fake = make_fake()
    seen: list[str] = []

    def receiver(callback: fakerec.callbacks.Callback) -> None:
        if callback.event == "room-ended":
            client = sdk_client(fake)
            seen.append(client.video.v1.rooms(callback.params["RoomSid"]).fetch().status)

    fake.on_callback(receiver)
    fake.create_room("callback", status_callback=CALLBACK)
    fake.clock.advance(minutes=6)
    fake.check()
    assert seen == ["completed"]


# --- seeding, live handles, schema --------------------------------------------------------------


def test_seeded_recordings_rooms_are_history_and_never_change() -> None:
    fake = make_fake()
    rec = fake.add_recording(status="completed", duration=42)
    room = fake.room(rec.room_sid)
    assert room.status.value == "completed"
    before = (room.end_time, room.date_updated)
    fake.clock.advance(days=2)
    assert (room.status.value, room.end_time, room.date_updated) == ("completed", *before)
    assert room.end_time == T0 + timedelta(seconds=42)


def test_seeding_into_an_open_room_does_not_keep_it_open() -> None:
    """A seeded recording is history, not a participant: the room nobody joined still ends."""
    fake = make_fake()
    room = fake.create_room("seeded")
    rec = fake.add_recording(room_sid=room.sid, status="processing", duration=30)
    fake.clock.advance(minutes=5, seconds=1)
    assert room.status.value == "completed"
    assert rec.status.value == "completed"


class HandMovedClock:
    """A clock with ``now()`` alone, moved by the test: nothing tells the fake it moved."""

    def __init__(self, start: datetime) -> None:
        self.moment = start

    def now(self) -> datetime:
        return self.moment


def test_handles_are_live_on_a_clock_the_fake_is_not_told_about() -> None:
    clock = HandMovedClock(T0)
    fake = fakerec.FakeVideo(seed="live", clock=clock)
    room = fake.create_room("live", max_participant_duration=600)
    alice = room.connect("alice")
    clock.moment = T0 + timedelta(seconds=601)
    assert not alice.connected  # read first: it settles
    assert room.status.value == "in-progress"
    clock.moment = T0 + timedelta(seconds=600 + 301)
    assert room.status.value == "completed"
    assert room.end_time == T0 + timedelta(seconds=900)


@pytest.mark.skipif(not SPEC.exists(), reason=f"Twilio's OpenAPI document is not at {SPEC}")
def test_a_room_that_ended_itself_matches_the_room_schema() -> None:
    spec = json.loads(SPEC.read_text())
    from test_schema import _response_schema, _validator

    fake = make_fake()
    room = fake.create_room("schema", max_participant_duration=600)
    room.connect("alice")
    fake.clock.advance(hours=1)
    answer = fake.dispatch("GET", f"{BASE}/v1/Rooms/{room.sid}", account_auth(fake))
    body = json.loads(answer.body)
    assert body["status"] == "completed"
    _validator(spec, spec["components"]["schemas"]["video.v1.room"]).validate(body)
    page = json.loads(
        fake.dispatch("GET", f"{BASE}/v1/Rooms?Status=completed", account_auth(fake)).body
    )
    assert [r["sid"] for r in page["rooms"]] == [room.sid]
    _validator(spec, _response_schema(spec, "/v1/Rooms", "get", "200")).validate(page)


# --- the async SDK ------------------------------------------------------------------------------


async def test_the_async_sdk_sees_the_room_end_on_the_clock() -> None:
    fake = make_fake()
    client = Client(fake.account_sid, fake.auth_token, http_client=fake.async_http_client())
    room = await client.video.v1.rooms.create_async(unique_name="async", unused_room_timeout=3)
    land(fake, T0 + timedelta(minutes=3) - SECOND)
    assert (await client.video.v1.rooms(room.sid).fetch_async()).status == "in-progress"
    land(fake, T0 + timedelta(minutes=3) + SECOND)
    ended = await client.video.v1.rooms(room.sid).fetch_async()
    assert (ended.status, ended.end_time) == ("completed", T0 + timedelta(minutes=3))
