"""What captures of the live service showed (SPEC 3, 7, 8 [OBS]), where it differs from the
documents: the video epoch, lower-case codecs, request ids, idempotency tokens, mute events."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from _support import account_auth, sdk_client

from fakerec import FakeVideo
from fakerec.callbacks import Callback

CALLBACK = "https://app.example/cb"
LIVE_EPOCH = datetime(2015, 9, 20, 12, 0, 0, tzinfo=timezone.utc)


def recorded_room(fake: FakeVideo) -> object:
    return fake.create_room(
        "standup", record_participants_on_connect=True, status_callback=CALLBACK
    )


def test_offset_counts_from_the_observed_video_epoch() -> None:
    start = datetime(2025, 3, 4, 5, 6, 7, tzinfo=timezone.utc)
    fake = FakeVideo(seed="epoch", start=start)
    mic = recorded_room(fake).connect("alice").publish("audio")  # type: ignore[attr-defined]
    expected = int((start - LIVE_EPOCH).total_seconds() * 1000)
    assert sdk_client(fake).video.v1.recordings(mic.recording.sid).fetch().offset == expected
    started = next(c for c in fake.callbacks if c.event == "recording-started")
    assert started.params["OffsetFromTwilioVideoEpoch"] == str(expected)


@pytest.mark.parametrize("codec", ["OPUS", "PCMU", "VP8", "H264"])
def test_codecs_are_lower_case_in_bodies_and_callbacks(codec: str) -> None:
    fake = FakeVideo(seed=codec)
    kind = "audio" if codec in ("OPUS", "PCMU") else "video"
    track = recorded_room(fake).connect("alice").publish(kind, codec=codec)  # type: ignore[attr-defined]
    client = sdk_client(fake)
    assert client.video.v1.recordings(track.recording.sid).fetch().codec == codec.lower()
    assert [r.codec for r in client.video.v1.recordings.list()] == [codec.lower()]
    started = next(c for c in fake.callbacks if c.event == "recording-started")
    assert started.params["Codec"] == codec.lower()


def test_every_api_answer_names_its_request() -> None:
    fake = FakeVideo(seed="request-ids")
    rec = fake.add_recording()
    headers = account_auth(fake)
    urls = [
        "https://video.twilio.com/v1/Recordings",
        f"https://video.twilio.com/v1/Recordings/{rec.sid}",
        "https://video.twilio.com/v1/Recordings/RT" + "0" * 32,  # 404
        f"https://video.twilio.com/v1/Recordings/{rec.sid}/Media",  # 302
    ]
    answers = [fake.dispatch("GET", url, headers) for url in urls]
    answers.append(fake.dispatch("GET", urls[0], {}))  # 401
    ids = [answer.headers["Twilio-Request-Id"] for answer in answers]
    assert [a.status for a in answers] == [200, 200, 404, 302, 401]
    assert all(re.fullmatch(r"RQ[0-9a-f]{32}", rid) for rid in ids)
    assert len(set(ids)) == len(ids)
    again = FakeVideo(seed="request-ids")
    again.add_recording()
    replayed = [again.dispatch("GET", url, headers) for url in urls]
    assert [a.headers["Twilio-Request-Id"] for a in replayed] == ids[:4]  # same seed, same ids
    media = fake.dispatch("GET", answers[3].headers["Location"], {})
    assert media.status == 200 and "Twilio-Request-Id" not in media.headers  # S3, not Twilio


def test_idempotency_tokens_are_unique_per_callback() -> None:
    fake = FakeVideo(seed="tokens")
    room = recorded_room(fake)
    alice = room.connect("alice")  # type: ignore[attr-defined]
    alice.publish("audio", name="a")
    alice.publish("audio", name="b")
    fake.clock.advance(seconds=10)
    room.complete()  # type: ignore[attr-defined]
    fake.clock.advance(seconds=30)
    completed = [c for c in fake.callbacks if c.event == "recording-completed"]
    assert len(completed) == 2
    tokens = [c.headers["I-Twilio-Idempotency-Token"] for c in fake.callbacks]
    assert len(set(tokens)) == len(tokens)
    # A receiver that dedupes on the token, as real ones do, sees both recordings complete.
    seen: dict[str, Callback] = {}
    for callback in fake.callbacks:
        seen.setdefault(callback.headers["I-Twilio-Idempotency-Token"], callback)
    assert sum(c.event == "recording-completed" for c in seen.values()) == 2


def test_mute_and_unmute_send_track_disabled_and_enabled() -> None:
    fake = FakeVideo(seed="mute")
    mic = recorded_room(fake).connect("alice").publish("audio", name="mic")  # type: ignore[attr-defined]
    fake.clock.advance(seconds=5)
    mic.mute()
    mic.mute()  # already muted: nothing new
    fake.clock.advance(seconds=5)
    mic.unmute()
    events = [c for c in fake.callbacks if c.event in ("track-disabled", "track-enabled")]
    assert [c.event for c in events] == ["track-disabled", "track-enabled"]
    assert all(c.params["TrackSid"] == mic.sid and c.params["TrackName"] == "mic" for c in events)
    assert events[0].params["Timestamp"].startswith("2025-01-01T00:00:05")


def _media_url(fake: FakeVideo, sid: str, ttl: int = 600) -> str:
    answer = fake.dispatch(
        "GET", f"https://video.twilio.com/v1/Recordings/{sid}/Media?Ttl={ttl}", account_auth(fake)
    )
    assert answer.status == 302
    return answer.headers["Location"]


def test_the_temporary_url_is_an_s3_presigned_url() -> None:
    fake = FakeVideo(seed="presigned")
    rec = fake.add_recording(type="video")
    url = _media_url(fake, rec.sid, ttl=120)
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    assert parts.hostname == "com-twilio-us1-video-recording.s3.amazonaws.com"
    assert parts.path == f"/{fake.account_sid}/{rec.sid}"
    assert query["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert re.fullmatch(
        r"AKIA[0-9A-Z]{16}/20250101/us-east-1/s3/aws4_request", query["X-Amz-Credential"]
    )
    assert query["X-Amz-Date"] == "20250101T000000Z"
    assert query["X-Amz-Expires"] == "120"
    assert query["X-Amz-SignedHeaders"] == "host"
    assert re.fullmatch(r"[0-9a-f]{64}", query["X-Amz-Signature"])
    assert fake.dispatch("GET", url, {}).status == 200
    for name in sorted(query):  # tampering with any of it: 403
        forged = {**query, name: query[name] + "0"}
        answer = fake.dispatch("GET", parts._replace(query=urlencode(forged)).geturl(), {})
        assert answer.status == 403 and b"SignatureDoesNotMatch" in answer.body, name


def test_credentials_sent_to_the_temporary_url_are_refused_as_s3_does() -> None:
    fake = FakeVideo(seed="two-auths")
    rec = fake.add_recording()
    url = _media_url(fake, rec.sid)
    answer = fake.dispatch("GET", url, account_auth(fake))
    assert answer.status == 400
    assert b"<Code>InvalidArgument</Code>" in answer.body
    assert b"Only one auth mechanism allowed" in answer.body
    assert fake.dispatch("GET", url, {}).status == 200


def test_an_expired_url_says_when_it_expired() -> None:
    fake = FakeVideo(seed="expired")
    rec = fake.add_recording()
    url = _media_url(fake, rec.sid, ttl=60)
    fake.clock.advance(seconds=59)
    assert fake.dispatch("GET", url, {}).status == 200
    fake.clock.advance(seconds=1)
    answer = fake.dispatch("GET", url, {})
    assert answer.status == 403 and answer.headers["Content-Type"] == "application/xml"
    body = answer.body.decode()
    assert "<Code>AccessDenied</Code><Message>Request has expired</Message>" in body
    assert "<X-Amz-Expires>60</X-Amz-Expires>" in body
    assert "<Expires>2025-01-01T00:01:00Z</Expires>" in body
    assert "<ServerTime>2025-01-01T00:01:00Z</ServerTime>" in body
