"""``/v1/Compositions/{Sid}/Media`` (SPEC 10 with SPEC 6): 302 to an expiring presigned URL
serving a real MP4 or WebM, read back by PyAV with the composition's duration and streams."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from _support import BASE, sdk_client
from test_compositions import GRID, recorded_room
from twilio.rest import Client

from fakerec import FakeVideo

av = pytest.importorskip("av", reason="PyAV reads the files back: pip install 'fakerec[test]'")

CODECS = {"mp4": {"video": "h264", "audio": "aac"}, "webm": {"video": "vp8", "audio": "opus"}}


def _media(fake: FakeVideo, sid: str, **params: Any) -> requests.Response:
    with fake.mock():
        return requests.get(
            f"{BASE}/v1/Compositions/{sid}/Media",
            params=params,
            auth=(fake.account_sid, fake.auth_token),
            allow_redirects=False,
        )


def _download(fake: FakeVideo, sid: str, **params: Any) -> requests.Response:
    answer = _media(fake, sid, **params)
    assert answer.status_code == 302
    assert answer.json() == {"redirect_to": answer.headers["Location"]}
    with fake.mock():
        return requests.get(answer.headers["Location"])


def _compose(fake: FakeVideo, **options: Any) -> str:
    room = recorded_room(
        fake, "media", (("audio", "mic", 5, 45), ("video", "cam", 5, 45)), length=60
    )
    sid = sdk_client(fake).video.v1.compositions.create(room_sid=room.sid, **options).sid
    fake.clock.advance(minutes=10)
    return sid


@pytest.mark.parametrize("fmt", ["mp4", "webm"])
@pytest.mark.parametrize(
    ("sources", "kinds"),
    [
        ({"audio_sources": ["*"], "video_layout": GRID}, {"audio", "video"}),
        ({"audio_sources": ["mic"]}, {"audio"}),
        ({"video_layout": GRID}, {"video"}),
    ],
)
def test_the_file_plays_with_the_compositions_duration_and_streams(
    fmt: str, sources: dict[str, Any], kinds: set[str]
) -> None:
    fake = FakeVideo(seed=f"download-{fmt}")
    sid = _compose(fake, format=fmt, resolution="1280x720", **sources)
    duration = sdk_client(fake).video.v1.compositions(sid).fetch().duration
    assert duration == 40, "trimmed to the recorded media: 5 s to 45 s"
    response = _download(fake, sid)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == f"video/{fmt}"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{sid}.{fmt}"'
    with av.open(io.BytesIO(response.content)) as container:
        assert abs(float(container.duration) / 1_000_000 - duration) < 1
        streams = {stream.type: stream.codec_context.name for stream in container.streams}
        assert streams == {kind: CODECS[fmt][kind] for kind in kinds}
        if "video" in kinds:
            video = container.streams.video[0]
            assert (video.width, video.height) == (1280, 720)


def test_no_media_until_completed_nor_once_deleted_or_failed() -> None:
    fake = FakeVideo(seed="no-media")
    client = sdk_client(fake)
    room = recorded_room(fake, "early")
    sid = client.video.v1.compositions.create(room_sid=room.sid, audio_sources=["*"]).sid
    early = _media(fake, sid)
    assert (early.status_code, early.json()["code"]) == (404, 20404)
    fake.clock.advance(minutes=10)
    location = _media(fake, sid).headers["Location"]
    client.video.v1.compositions(sid).delete()
    assert _media(fake, sid).status_code == 404
    with fake.mock():
        gone = requests.get(location)
    assert gone.status_code == 404 and b"NoSuchKey" in gone.content
    failing = fake.create_composition(room, audio_sources=["*"])
    failing.fail()
    assert _media(fake, failing.sid).status_code == 404


def test_ttl_and_disposition_as_recordings() -> None:
    fake = FakeVideo(seed="ttl")
    sid = _compose(fake, audio_sources=["*"], format="mp4")
    inline = _download(fake, sid, ContentDisposition="inline")
    assert inline.headers["Content-Disposition"] == "inline"
    location = _media(fake, sid, Ttl=60).headers["Location"]
    assert dict(parse_qsl(urlsplit(location).query))["X-Amz-Expires"] == "60"
    with fake.mock():
        fake.clock.advance(seconds=59)
        assert requests.get(location).status_code == 200
        fake.clock.advance(seconds=1)
        expired = requests.get(location)
    assert expired.status_code == 403 and b"AccessDenied" in expired.content
    for bad in ({"Ttl": "0"}, {"Ttl": "3601"}, {"ContentDisposition": "evil\r\nX: 1"}):
        answer = _media(fake, sid, **bad)
        assert (answer.status_code, answer.json()["code"]) == (400, 20001)


def test_composition_settings_put_new_compositions_in_external_storage() -> None:
    fake = FakeVideo(seed="s3")
    client = sdk_client(fake)
    assert client.video.v1.composition_settings().fetch().friendly_name is None
    settings = client.video.v1.composition_settings().create(
        friendly_name="archive",
        aws_s3_url="https://bucket.s3.amazonaws.com/compositions",
        aws_storage_enabled=True,
        aws_credentials_sid="CR" + "a" * 32,
    )
    assert (settings.friendly_name, settings.aws_storage_enabled) == ("archive", True)
    assert settings.url == f"{BASE}/v1/CompositionSettings/Default"
    sid = _compose(fake, audio_sources=["*"], format="mp4")
    assert client.video.v1.compositions(sid).fetch().media_external_location == (
        f"https://bucket.s3.amazonaws.com/compositions/{sid}.mp4"
    )
    assert client.video.v1.recording_settings().fetch().friendly_name is None, "separate"
    other = fake.add_account()
    theirs = Client(other.sid, other.auth_token, http_client=fake.http_client())
    assert theirs.video.v1.composition_settings().fetch().friendly_name is None, "per account"


@pytest.mark.parametrize(
    "form",
    [
        {},
        {"FriendlyName": "x", "AwsCredentialsSid": "SK" + "a" * 32},
        {"FriendlyName": "x", "AwsS3Url": "bucket"},
        {"FriendlyName": "x", "EncryptionEnabled": "1"},
    ],
)
def test_bad_composition_settings_are_400(form: dict[str, str]) -> None:
    fake = FakeVideo(seed="bad-settings")
    with fake.mock():
        answer = requests.post(
            f"{BASE}/v1/CompositionSettings/Default",
            data=form,
            auth=(fake.account_sid, fake.auth_token),
        )
    assert (answer.status_code, answer.json()["code"]) == (400, 20001)
