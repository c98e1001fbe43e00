"""Room activity and recorder decisions that mutation testing found unchecked: callback
parameters, control-plane refusals that name what was wrong, media written while unmuted, and
injected failures taken in order."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from _support import BASE, account_auth, size_of

from fakerec import FakeVideo, UsageError
from fakerec.callbacks import Callback

CB = "https://app.example/cb"


def get(fake: FakeVideo, path: str) -> tuple[int, Any]:
    answer = fake.dispatch("GET", BASE + path, account_auth(fake))
    return answer.status, json.loads(answer.body)


def post(fake: FakeVideo, path: str, form: dict[str, str]) -> tuple[int, Any]:
    headers = {**account_auth(fake), "Content-Type": "application/x-www-form-urlencoded"}
    answer = fake.dispatch("POST", BASE + path, headers, urlencode(form))
    return answer.status, json.loads(answer.body)


def watched(seed: str) -> tuple[FakeVideo, list[Callback]]:
    fake = FakeVideo(seed=seed)
    got: list[Callback] = []
    fake.on_callback(got.append)
    return fake, got


def params_of(got: list[Callback], event: str) -> list[dict[str, str]]:
    return [dict(c.params) for c in got if c.event == event]


# --- callbacks --------------------------------------------------------------------------------


def test_room_participant_and_track_callbacks_carry_their_parameters() -> None:
    fake, got = watched("callback-params")
    room = fake.create_room("r", status_callback=CB)
    alice = room.connect("alice")
    track = alice.publish("audio", name="mic")
    fake.clock.advance(seconds=75)
    track.unpublish()
    room.complete()
    (connected,) = params_of(got, "participant-connected")
    assert connected["ParticipantSid"] == alice.sid
    assert connected["ParticipantIdentity"] == "alice"
    assert connected["ParticipantStatus"] == "connected"
    expected = {
        "ParticipantSid": alice.sid,
        "ParticipantIdentity": "alice",
        "TrackSid": track.sid,
        "TrackKind": "audio",
        "TrackName": "mic",
    }
    for event in ("track-added", "track-removed"):
        (params,) = params_of(got, event)
        assert {k: params[k] for k in expected} == expected, event
    (ended,) = params_of(got, "room-ended")
    assert ended["RoomDuration"] == "75"


def test_a_track_unpublished_before_its_participant_leaves_is_removed_once() -> None:
    fake, got = watched("removed-once")
    room = fake.create_room("r", status_callback=CB)
    alice = room.connect("alice")
    alice.publish("audio").unpublish()
    alice.disconnect()
    room.complete()
    assert len(params_of(got, "track-removed")) == 1
    assert len(params_of(got, "participant-disconnected")) == 1


# --- the control plane's refusals -------------------------------------------------------------


def test_control_plane_refusals_say_what_was_wrong() -> None:
    fake = FakeVideo(seed="refusals")
    room = fake.create_room("r")
    alice = room.connect("alice")
    with pytest.raises(UsageError, match="identity is a non-empty string, not ''"):
        room.connect("")
    with pytest.raises(UsageError, match="track kind must be audio, video or data, not 'screen'"):
        alice.publish("screen")
    with pytest.raises(UsageError, match=r"audio codec must be one of .*, not 'VP8'"):
        alice.publish("audio", codec="vp8")
    with pytest.raises(UsageError, match=r"^name is a string, not 5$"):
        alice.publish("audio", name=5)  # type: ignore[arg-type]
    with pytest.raises(UsageError, match=r"^bitrate is at least 1, not 0$"):
        alice.publish("audio", bitrate=0)
    with pytest.raises(UsageError, match=r"^bitrate is a whole number, not 'x'$"):
        alice.publish("audio", bitrate="x")  # type: ignore[arg-type]
    assert alice.publish("audio", bitrate=1).bitrate == 1
    alice.disconnect()
    with pytest.raises(UsageError, match="has disconnected and cannot publish"):
        alice.publish("audio")
    room.complete()
    with pytest.raises(UsageError, match=r"cannot connect to .*: it is completed"):
        room.connect("bob")


def test_participants_and_tracks_are_found_by_sid() -> None:
    fake = FakeVideo(seed="lookup")
    alice = fake.create_room("r").connect("alice")
    data = alice.publish("data")
    assert fake.participant(alice.sid) is alice and fake.track(data.sid) is data
    assert (data.codec, data.bitrate) == ("", 0)


def test_a_unique_name_in_use_is_53113_naming_it() -> None:
    fake = FakeVideo(seed="room-exists")
    assert post(fake, "/v1/Rooms", {"UniqueName": "standup"})[0] == 201
    status, body = post(fake, "/v1/Rooms", {"UniqueName": "standup"})
    assert (status, body["code"]) == (400, 53113)
    assert body["message"] == "Unable to create Room: Room exists (standup)"


def test_rooms_of_the_same_second_list_newest_first_and_show_their_end() -> None:
    fake = FakeVideo(seed="room-order")
    made = [fake.create_room(f"r{i}").sid for i in range(3)]
    _, listed = get(fake, "/v1/Rooms")
    assert [r["sid"] for r in listed["rooms"]] == made[::-1]
    fake.clock.advance(seconds=42)
    fake.room(made[0]).complete()
    _, room = get(fake, f"/v1/Rooms/{made[0]}")
    assert room["date_updated"] == room["end_time"] == "2025-01-01T00:00:42Z"


# --- media while unmuted ----------------------------------------------------------------------


def completed_size(steps: list[str]) -> int:
    """Publish an audio track recorded from the start, then mute/unmute/wait as told."""
    fake = FakeVideo(seed="media", processing_delay=30)
    room = fake.create_room("r", record_participants_on_connect=True)
    track = room.connect("alice").publish("audio")
    for step in steps:
        if step == "mute":
            track.mute()
        elif step == "unmute":
            track.unmute()
        else:
            fake.clock.advance(seconds=int(step))
    track.unpublish()
    rec = track.recording
    assert rec is not None
    fake.clock.advance(seconds=30)
    _, body = get(fake, f"/v1/Recordings/{rec.sid}")
    assert body["status"] == "completed"
    size: int = body["size"]
    return size


def test_audio_written_before_a_mute_is_kept() -> None:
    assert completed_size(["10", "mute", "10"]) == size_of(32, 20)


def test_audio_written_between_an_unmute_and_a_mute_is_kept() -> None:
    assert completed_size(["mute", "5", "unmute", "5", "mute", "5"]) == size_of(32, 15)
    assert completed_size(["mute", "5"]) == 0


def test_muting_a_track_that_is_not_recorded_is_fine() -> None:
    fake = FakeVideo(seed="unrecorded")
    track = fake.create_room("r").connect("alice").publish("audio")
    fake.clock.advance(seconds=5)
    track.mute()
    assert track.recording is None


def test_rules_reach_tracks_published_after_an_unpublished_one() -> None:
    fake = FakeVideo(seed="rules-after-unpublished")
    room = fake.create_room("r")
    alice = room.connect("alice")
    alice.publish("audio", name="a1").unpublish()
    a2 = alice.publish("audio", name="a2")
    room.set_recording_rules([{"type": "include", "all": True}])
    assert a2.recording is not None


# --- recorder ---------------------------------------------------------------------------------


def test_injected_failures_are_taken_in_order() -> None:
    fake, got = watched("failures")
    room = fake.create_room("r", record_participants_on_connect=True, status_callback=CB)
    alice = room.connect("alice")
    first = alice.publish("audio", name="first")
    fake.fail_next_recordings(operation="RecordingUpload")
    fake.fail_next_recordings(operation="Transcoding")
    first.unpublish()
    fake.clock.advance(seconds=1)
    alice.publish("audio", name="second").unpublish()
    fake.clock.advance(seconds=60)
    failed = params_of(got, "recording-failed")
    assert [(p["TrackName"], p["FailedOperation"]) for p in failed] == [
        ("first", "RecordingUpload"),
        ("second", "Transcoding"),
    ]
    assert fake.recording(failed[0]["RecordingSid"]).failed_operation == "RecordingUpload"


def test_external_storage_names_each_recordings_media() -> None:
    fake = FakeVideo(seed="external")
    form = {
        "FriendlyName": "s3",
        "AwsS3Url": "https://bucket.example/recordings/",
        "AwsStorageEnabled": "true",
    }
    assert post(fake, "/v1/RecordingSettings/Default", form)[0] == 200
    room = fake.create_room("r", record_participants_on_connect=True)
    video = room.connect("alice").publish("video")
    assert video.recording is not None
    sid = video.recording.sid
    _, body = get(fake, f"/v1/Recordings/{sid}")
    assert body["media_external_location"] == f"https://bucket.example/recordings/{sid}.mkv"


def test_left_participants_and_unpublished_tracks_say_so() -> None:
    fake = FakeVideo(seed="flags")
    alice = fake.create_room("r").connect("alice")
    mic = alice.publish("audio")
    assert (alice.connected, mic.published) == (True, True)
    mic.unpublish()
    alice.disconnect()
    assert alice.connected is False and mic.published is False
