"""Recording Rules through the SDK: which tracks are recorded, re-evaluated on every change."""

from __future__ import annotations

import json
from typing import Any

import pytest
from _support import sdk_client
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from fakerec import FakeVideo, TwilioError

pytestmark = pytest.mark.fake(seed="rules")


def test_rules_start_empty_or_include_all_per_record_on_connect(
    fake: FakeVideo, client: Client
) -> None:
    plain = client.video.v1.rooms.create(unique_name="plain")
    recorded = client.video.v1.rooms.create(unique_name="rec", record_participants_on_connect=True)
    assert client.video.v1.rooms(plain.sid).recording_rules.fetch().rules == []
    fetched = client.video.v1.rooms(recorded.sid).recording_rules.fetch()
    assert fetched.rules == [{"type": "include", "all": True}]
    assert fetched.room_sid == recorded.sid


def test_including_audio_records_only_audio_and_ends_capture_of_excluded(
    fake: FakeVideo, client: Client
) -> None:
    room = fake.create_room("standup")
    alice = room.connect("alice")
    mic, cam = alice.publish("audio", name="mic"), alice.publish("video", name="cam")
    assert mic.recording is None and cam.recording is None

    client.video.v1.rooms(room.sid).recording_rules.update(rules=[{"type": "include", "all": True}])
    assert mic.recording is not None and cam.recording is not None
    first_cam = cam.recording.sid

    fake.clock.advance(seconds=10)
    updated = client.video.v1.rooms(room.sid).recording_rules.update(
        rules=[{"type": "include", "kind": "audio"}]
    )
    assert updated.rules == [{"type": "include", "kind": "audio"}]
    assert cam.recording.capture_ended is not None  # capture of the video track ended
    assert mic.recording.capture_ended is None

    fake.clock.advance(seconds=5)
    client.video.v1.rooms(room.sid).recording_rules.update(rules=[{"type": "include", "all": True}])
    assert cam.recording.sid != first_cam, "re-included: a NEW recording"
    assert cam.recordings[0].sid == first_cam
    fake.clock.advance(seconds=30)
    assert fake.recording(first_cam).status.value == "completed"
    assert fake.recording(first_cam).duration == 10


@pytest.mark.parametrize(
    ("rules", "recorded"),
    [
        ([{"type": "include", "publisher": "alice"}], {"alice-mic", "alice-cam"}),
        ([{"type": "include", "track": "bob-mic"}], {"bob-mic"}),
        (
            [{"type": "include", "all": True}, {"type": "exclude", "publisher": "bob"}],
            {"alice-mic", "alice-cam"},
        ),
        (
            [{"type": "exclude", "kind": "video"}, {"type": "include", "all": True}],
            {"alice-mic", "bob-mic"},
        ),
        ([{"type": "include", "publisher": "bob", "kind": "video"}], {"bob-cam"}),
        ([{"type": "exclude", "all": True}], set()),
        ([{"type": "exclude", "all": True}], set()),
    ],
)
def test_rule_semantics(
    fake: FakeVideo, client: Client, rules: list[dict[str, Any]], recorded: set[str]
) -> None:
    room = fake.create_room("r")
    tracks = {}
    for who in ("alice", "bob"):
        person = room.connect(who)
        tracks[f"{who}-mic"] = person.publish("audio", name=f"{who}-mic")
        tracks[f"{who}-cam"] = person.publish("video", name=f"{who}-cam")
    client.video.v1.rooms(room.sid).recording_rules.update(rules=rules)
    assert {name for name, t in tracks.items() if t.recording is not None} == recorded


def test_rules_given_at_room_creation(fake: FakeVideo, client: Client) -> None:
    room = client.video.v1.rooms.create(
        unique_name="r", recording_rules={"rules": [{"type": "include", "kind": "video"}]}
    )
    alice = fake.room(room.sid).connect("alice")
    assert alice.publish("audio").recording is None
    assert alice.publish("video").recording is not None


@pytest.mark.parametrize(
    "rules",
    [
        "not json",
        json.dumps({"type": "include"}),
        json.dumps([{"type": "maybe", "all": True}]),
        json.dumps([{"type": "include"}]),
        json.dumps([{"type": "include", "all": False}]),
        json.dumps([{"type": "include", "all": True, "kind": "audio"}]),
        json.dumps([{"type": "include", "kind": "screen"}]),
        json.dumps([{"type": "include", "publisher": 7}]),
        json.dumps([{"type": "include", "colour": "red"}]),
        json.dumps(["include"]),
    ],
)
def test_invalid_rules_are_400_53120(fake: FakeVideo, rules: str) -> None:
    room = fake.create_room("r", record_participants_on_connect=True)
    client = sdk_client(fake)
    response = client.request(
        "POST",
        f"https://video.twilio.com/v1/Rooms/{room.sid}/RecordingRules",
        data={"Rules": rules},
    )
    body = json.loads(response.text)
    assert (response.status_code, body["code"], body["status"]) == (400, 53120, 400)
    assert room.recording_rules == [{"type": "include", "all": True}], "unchanged"


def test_control_plane_validates_the_same_way(fake: FakeVideo) -> None:
    room = fake.create_room("r")
    with pytest.raises(TwilioError) as caught:
        room.set_recording_rules([{"type": "include"}])
    assert caught.value.code == 53120


def test_rules_of_unknown_or_completed_rooms(fake: FakeVideo, client: Client) -> None:
    with pytest.raises(TwilioRestException) as caught:
        client.video.v1.rooms("RM" + "0" * 32).recording_rules.fetch()
    assert caught.value.status == 404
    room = fake.create_room("r")
    room.complete()
    with pytest.raises(TwilioRestException) as caught:
        client.video.v1.rooms(room.sid).recording_rules.update(rules=[])
    assert (caught.value.status, caught.value.code) == (400, 53118)
