"""Status callbacks: every documented parameter, signed so the SDK's RequestValidator agrees."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from _support import sdk_client
from flask import Flask, request
from twilio.request_validator import RequestValidator

from fakerec import FakeVideo
from fakerec.callbacks import Callback

CALLBACK = "https://app.example/video-events"
ROOM_PARAMS = {
    "AccountSid", "RoomSid", "RoomName", "RoomType", "RoomStatus",
    "StatusCallbackEvent", "Timestamp", "SequenceNumber",
}  # fmt: skip
RECORDING_PARAMS = ROOM_PARAMS | {
    "RecordingSid", "RecordingUri", "SourceSid", "ParticipantSid", "ParticipantIdentity",
    "TrackName", "Container", "Codec", "Type", "OffsetFromTwilioVideoEpoch",
}  # fmt: skip


def _session(fake: FakeVideo, method: str = "POST") -> Any:
    room = fake.create_room(
        "standup",
        record_participants_on_connect=True,
        status_callback=CALLBACK,
        status_callback_method=method,
    )
    alice = room.connect("alice")
    mic = alice.publish("audio", name="mic")
    fake.clock.advance(seconds=42.2)
    room.complete()
    fake.clock.advance(seconds=30)
    return room, alice, mic


def test_a_recorded_session_sends_every_event_in_order() -> None:
    fake = FakeVideo(seed="callbacks")
    _session(fake)
    assert [c.event for c in fake.callbacks] == [
        "room-created",
        "participant-connected",
        "track-added",
        "recording-started",
        "track-removed",
        "participant-disconnected",
        "room-ended",
        "recording-completed",
    ]
    assert [c.params["SequenceNumber"] for c in fake.callbacks] == [str(i) for i in range(8)]
    assert {c.method for c in fake.callbacks} == {"POST"}


def test_recording_completed_carries_every_documented_parameter() -> None:
    fake = FakeVideo(seed="callbacks")
    room, alice, mic = _session(fake)
    client = sdk_client(fake)
    rec = client.video.v1.recordings(mic.recording.sid).fetch()
    started = next(c for c in fake.callbacks if c.event == "recording-started")
    done = next(c for c in fake.callbacks if c.event == "recording-completed")
    assert set(started.params) >= RECORDING_PARAMS
    assert RECORDING_PARAMS | {"MediaUri", "Duration", "Size", "MediaExternalLocation"} <= set(
        done.params
    )
    p = done.params
    assert p["AccountSid"] == fake.account_sid and p["RoomSid"] == room.sid
    assert p["RoomName"] == "standup" and p["RoomType"] == "group"
    assert p["RecordingSid"] == rec.sid and p["SourceSid"] == mic.sid
    assert p["RecordingUri"] == f"/v1/Recordings/{rec.sid}"
    assert p["MediaUri"] == f"/v1/Recordings/{rec.sid}/Media"
    assert p["ParticipantSid"] == alice.sid and p["ParticipantIdentity"] == "alice"
    assert p["TrackName"] == "mic" and p["Container"] == "mka" and p["Type"] == "audio"
    assert p["Codec"] == "opus", "callbacks use lower case"
    assert (p["Duration"], p["Size"]) == (str(rec.duration), str(rec.size)) == ("42", "168000")
    assert p["OffsetFromTwilioVideoEpoch"] == str(rec.offset)
    assert p["Timestamp"] == "2025-01-01T00:01:12.200Z", "when it completed: capture end + 30 s"


def test_post_callbacks_are_signed_for_the_sdk_validator() -> None:
    fake = FakeVideo(seed="signed")
    _session(fake)
    validator = RequestValidator(fake.auth_token)
    for callback in fake.callbacks:
        assert callback.headers["Content-Type"] == "application/x-www-form-urlencoded"
        assert dict(parse_qsl(callback.body.decode(), keep_blank_values=True)) == callback.params
        assert validator.validate(
            callback.url, callback.params, callback.headers["X-Twilio-Signature"]
        )
        assert not validator.validate(callback.url, {**callback.params, "Tampered": "1"},
                                      callback.headers["X-Twilio-Signature"])  # fmt: skip
    wrong = RequestValidator("0" * 32)
    first = fake.callbacks[0]
    assert not wrong.validate(first.url, first.params, first.headers["X-Twilio-Signature"])


def test_get_callbacks_carry_params_in_the_query_and_sign_the_url() -> None:
    fake = FakeVideo(seed="get")
    _session(fake, method="GET")
    validator = RequestValidator(fake.auth_token)
    for callback in fake.callbacks:
        assert callback.method == "GET" and callback.body == b""
        assert (
            dict(parse_qsl(urlsplit(callback.url).query, keep_blank_values=True)) == callback.params
        )
        assert validator.validate(callback.url, {}, callback.headers["X-Twilio-Signature"])


def test_recording_failed_names_the_operation() -> None:
    fake = FakeVideo(seed="failed")
    room = fake.create_room("r", record_participants_on_connect=True, status_callback=CALLBACK)
    cam = room.connect("bob").publish("video")
    cam.recording.fail(operation="RecordingUpload")
    failed = [c for c in fake.callbacks if c.event == "recording-failed"]
    assert len(failed) == 1 and failed[0].params["FailedOperation"] == "RecordingUpload"
    assert failed[0].params["Codec"] == "vp8" and failed[0].params["Container"] == "mkv"


def test_no_status_callback_no_events() -> None:
    fake = FakeVideo(seed="quiet")
    room = fake.create_room("r", record_participants_on_connect=True)
    room.connect("a").publish("audio")
    room.complete()
    fake.clock.advance(seconds=60)
    fake.add_recording()
    assert fake.callbacks == []


def test_a_plain_callable_receives_each_callback_and_its_failure_is_recorded() -> None:
    fake = FakeVideo(seed="callable")
    received: list[str] = []

    def receiver(callback: Callback) -> None:
        received.append(callback.event)
        if callback.event == "room-ended":
            raise RuntimeError("the app broke")

    fake.on_callback(receiver)
    _session(fake)
    assert received == [c.event for c in fake.callbacks]
    ended = next(c for c in fake.callbacks if c.event == "room-ended")
    assert ended.status == 500 and isinstance(ended.error, RuntimeError)
    assert all(c.status == 200 for c in fake.callbacks if c is not ended)


def test_a_flask_app_receives_signed_requests_and_its_answer_is_recorded() -> None:
    fake = FakeVideo(seed="flask")
    app = Flask("webhooks")
    seen: list[dict[str, str]] = []

    @app.post("/video-events")
    def video_events() -> tuple[str, int]:
        validator = RequestValidator(fake.auth_token)
        signature = request.headers.get("X-Twilio-Signature", "")
        if not validator.validate(request.url, request.form.to_dict(), signature):
            return "bad signature", 403
        seen.append(request.form.to_dict())
        return "", 204

    fake.on_callback(app, url_prefix="https://app.example/")
    _session(fake)
    assert [c.status for c in fake.callbacks] == [204] * len(fake.callbacks)
    assert [s["StatusCallbackEvent"] for s in seen] == [c.event for c in fake.callbacks]


@pytest.mark.parametrize("prefix", ["https://elsewhere.example/", "https://app.example/x"])
def test_receivers_only_get_their_urls(prefix: str) -> None:
    fake = FakeVideo(seed="prefix")
    got: list[Callback] = []
    fake.on_callback(got.append, url_prefix=prefix)
    _session(fake)
    assert got == [] and len(fake.callbacks) == 8
    assert all(c.status is None for c in fake.callbacks)
