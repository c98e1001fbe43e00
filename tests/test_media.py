"""The temporary media URL, served by the fake through every adapter: real Matroska files."""

from __future__ import annotations

import asyncio
import io
import json
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import av
import httpx
import pytest
import requests
from _support import BASE, sdk_client
from twilio.rest import Client

from fakerec import FakeVideo


def _recorded(fake: FakeVideo, kind: str, codec: str, seconds: float) -> str:
    room = fake.create_room(record_participants_on_connect=True)
    track = room.connect("alice").publish(kind, codec=codec)
    fake.clock.advance(seconds=seconds)
    room.complete()
    fake.clock.advance(seconds=30)
    assert track.recording is not None
    return track.recording.sid


def _probe(data: bytes) -> tuple[str, float, int]:
    """(codec, duration in seconds, decoded frames) as FFmpeg, through PyAV, reads the file."""
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams[0]
        decoded = sum(len(packet.decode()) for packet in container.demux(stream))
        duration = (container.duration or 0) / 1_000_000
        return stream.codec_context.name, duration, decoded


@pytest.mark.parametrize(
    ("kind", "codec", "ffmpeg_name", "content_type"),
    [
        ("audio", "OPUS", "opus", "audio/x-matroska"),
        ("audio", "PCMU", "pcm_mulaw", "audio/x-matroska"),
        ("video", "VP8", "vp8", "video/x-matroska"),
        ("video", "H264", "h264", "video/x-matroska"),
    ],
)
def test_media_is_a_playable_matroska_file_of_the_recordings_codec_and_duration(
    kind: str, codec: str, ffmpeg_name: str, content_type: str
) -> None:
    fake = FakeVideo(seed=codec)
    sid = _recorded(fake, kind, codec, 37.4)
    with fake.mock():
        response = requests.get(
            f"{BASE}/v1/Recordings/{sid}/Media", auth=(fake.account_sid, fake.auth_token)
        )
    assert response.status_code == 200 and response.history[0].status_code == 302
    assert response.headers["Content-Type"] == content_type
    extension = "mka" if kind == "audio" else "mkv"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{sid}.{extension}"'
    assert response.content[:4] == b"\x1a\x45\xdf\xa3", "an EBML (Matroska) file"
    name, duration, decoded = _probe(response.content)
    assert (name, duration) == (ffmpeg_name, 37.0)
    assert decoded >= 37, "every frame decodes"


def test_every_adapter_serves_the_same_file() -> None:
    fake = FakeVideo(seed="adapters")
    sid = _recorded(fake, "video", "VP8", 5)
    auth = (fake.account_sid, fake.auth_token)
    client = Client(*auth, http_client=fake.http_client())
    location = json.loads(client.request("GET", f"{BASE}/v1/Recordings/{sid}/Media").text)[
        "redirect_to"
    ]
    # The SDK's own client.request() would send Twilio's credentials along: S3 refuses that
    # (400 InvalidArgument), so the temporary URL is fetched through the HttpClient without them.
    plain = fake.http_client().request("GET", location)
    bodies = {"twilio http_client": plain.content.encode("latin-1")}
    with fake.mock():
        bodies["requests"] = requests.get(location).content
        bodies["httpx"] = httpx.get(location).content

        async def fetch() -> bytes:
            async with httpx.AsyncClient() as async_client:
                return (await async_client.get(location)).content

        bodies["httpx async"] = asyncio.run(fetch())
    with httpx.Client(transport=fake.httpx_transport()) as explicit:
        bodies["httpx transport"] = explicit.get(location).content
    assert len(set(bodies.values())) == 1, {k: len(v) for k, v in bodies.items()}
    assert _probe(bodies["requests"])[:2] == ("vp8", 5.0)


def _location(fake: FakeVideo, sid: str, **params: Any) -> str:
    with fake.mock():
        response = requests.get(
            f"{BASE}/v1/Recordings/{sid}/Media",
            params=params,
            auth=(fake.account_sid, fake.auth_token),
            allow_redirects=False,
        )
    assert response.status_code == 302
    return str(response.headers["Location"])


def test_inline_disposition_is_served_as_asked() -> None:
    fake = FakeVideo(seed="inline")
    sid = _recorded(fake, "audio", "OPUS", 3)
    location = _location(fake, sid, ContentDisposition="inline")
    with fake.mock():
        response = requests.get(location)
    assert response.headers["Content-Disposition"] == "inline"


def test_the_url_works_until_the_ttl_passes_then_403_access_denied() -> None:
    fake = FakeVideo(seed="ttl")
    sid = _recorded(fake, "audio", "OPUS", 3)
    location = _location(fake, sid, Ttl=60)
    with fake.mock():
        fake.clock.advance(seconds=59)
        assert requests.get(location).status_code == 200
        fake.clock.advance(seconds=1)
        expired = requests.get(location)
    assert expired.status_code == 403
    assert expired.headers["Content-Type"] == "application/xml"
    assert b"<Code>AccessDenied</Code>" in expired.content
    assert b"Request has expired" in expired.content


def test_a_tampered_url_is_refused() -> None:
    fake = FakeVideo(seed="tamper")
    sid = _recorded(fake, "audio", "OPUS", 3)
    location = _location(fake, sid, Ttl=60)
    parts = urlsplit(location)
    query = dict(parse_qsl(parts.query))
    query["X-Amz-Expires"] = str(int(query["X-Amz-Expires"]) + 3600)
    forged = parts._replace(query="&".join(f"{k}={v}" for k, v in query.items())).geturl()
    with fake.mock():
        response = requests.get(forged)
    assert response.status_code == 403 and b"SignatureDoesNotMatch" in response.content


def test_deleting_the_recording_takes_the_media_away() -> None:
    fake = FakeVideo(seed="gone")
    sid = _recorded(fake, "video", "VP8", 3)
    location = _location(fake, sid)
    with fake.mock():
        requests.delete(f"{BASE}/v1/Recordings/{sid}", auth=(fake.account_sid, fake.auth_token))
        response = requests.get(location)
    assert response.status_code == 404 and b"<Code>NoSuchKey</Code>" in response.content


def test_a_track_muted_throughout_has_no_media() -> None:
    fake = FakeVideo(seed="muted")
    room = fake.create_room(record_participants_on_connect=True)
    mic = room.connect("alice").publish("audio")
    mic.mute()
    fake.clock.advance(seconds=20)
    room.complete()
    fake.clock.advance(seconds=30)
    assert mic.recording is not None and mic.recording.status.value == "completed"
    with fake.mock():
        response = requests.get(
            f"{BASE}/v1/Recordings/{mic.recording.sid}/Media",
            auth=(fake.account_sid, fake.auth_token),
        )
    assert response.status_code == 404


def test_recording_settings_put_new_recordings_in_external_storage() -> None:
    fake = FakeVideo(seed="s3")
    client = sdk_client(fake)
    before = _recorded(fake, "audio", "OPUS", 2)
    settings = client.video.v1.recording_settings().create(
        friendly_name="archive",
        aws_s3_url="https://bucket.s3.amazonaws.com/recordings",
        aws_storage_enabled=True,
        aws_credentials_sid="CR" + "a" * 32,
    )
    assert settings.aws_storage_enabled is True
    assert client.video.v1.recording_settings().fetch().friendly_name == "archive"
    after = _recorded(fake, "video", "VP8", 2)
    assert client.video.v1.recordings(before).fetch().media_external_location is None
    assert client.video.v1.recordings(after).fetch().media_external_location == (
        f"https://bucket.s3.amazonaws.com/recordings/{after}.mkv"
    )


@pytest.mark.parametrize(
    "form",
    [
        {},
        {"FriendlyName": "x", "AwsCredentialsSid": "SK" + "a" * 32},
        {"FriendlyName": "x", "AwsS3Url": "bucket"},
        {"FriendlyName": "x", "AwsStorageEnabled": "maybe"},
    ],
)
def test_bad_recording_settings_are_400(form: dict[str, str]) -> None:
    fake = FakeVideo(seed="bad-settings")
    client = sdk_client(fake)
    response = client.request("POST", f"{BASE}/v1/RecordingSettings/Default", data=form)
    assert response.status_code == 400 and json.loads(response.text)["code"] == 20001
