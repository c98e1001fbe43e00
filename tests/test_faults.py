"""Injected faults: 429s, 5xx, connection errors and timeouts, failing recordings."""

from __future__ import annotations

import asyncio
import json

import aiohttp
import httpx
import pytest
import requests
from _support import BASE
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from fakerec import FakeVideo, RecordingStatus, UsageError

pytestmark = pytest.mark.fake(seed="faults")


def test_429_with_retry_after_for_the_scripted_count_then_normal(
    fake: FakeVideo, client: Client
) -> None:
    rec = fake.add_recording()
    fake.inject_fault("GET /v1/Recordings/*", status=429, times=2, retry_after=7)
    for _ in range(2):
        with pytest.raises(TwilioRestException) as caught:
            client.video.v1.recordings(rec.sid).fetch()
        assert (caught.value.status, caught.value.code) == (429, 20429)
    assert client.video.v1.recordings(rec.sid).fetch().sid == rec.sid
    assert [e.status for e in fake.requests] == [429, 429, 200]


def test_429_carries_retry_after_and_a_twilio_body(fake: FakeVideo) -> None:
    fake.inject_fault("GET /v1/Recordings", status=429, retry_after=3)
    with fake.mock():
        response = requests.get(f"{BASE}/v1/Recordings", auth=(fake.account_sid, fake.auth_token))
    assert response.status_code == 429 and response.headers["Retry-After"] == "3"
    assert response.json() == {
        "code": 20429,
        "message": "Too Many Requests",
        "more_info": "https://www.twilio.com/docs/errors/20429",
        "status": 429,
    }


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_twilio_shaped(fake: FakeVideo, client: Client, status: int) -> None:
    fake.inject_fault("*", status=status)
    response = client.request("GET", f"{BASE}/v1/Recordings")
    body = json.loads(response.text)
    assert response.status_code == status and body["status"] == status
    assert set(body) == {"code", "message", "more_info", "status"}
    assert fake.internal_errors == [], "an injected 5xx is not a bug of the fake"
    assert client.request("GET", f"{BASE}/v1/Recordings").status_code == 200


def test_faults_match_method_and_path(fake: FakeVideo, client: Client) -> None:
    rec = fake.add_recording()
    fake.inject_fault("DELETE /v1/Recordings/RT*", status=503)
    assert client.video.v1.recordings(rec.sid).fetch().status == "completed"
    with pytest.raises(TwilioRestException) as caught:
        client.video.v1.recordings(rec.sid).delete()
    assert caught.value.status == 503
    assert client.video.v1.recordings(rec.sid).delete() is True


def test_connection_errors_and_timeouts_are_each_librarys_own(fake: FakeVideo) -> None:
    url = f"{BASE}/v1/Recordings"
    auth = (fake.account_sid, fake.auth_token)
    with fake.mock():
        fake.inject_fault("GET /v1/Recordings", error="connection")
        with pytest.raises(requests.exceptions.ConnectionError):
            requests.get(url, auth=auth)
        fake.inject_fault("GET /v1/Recordings", error="timeout")
        with pytest.raises(requests.exceptions.ReadTimeout):
            requests.get(url, auth=auth)
        fake.inject_fault("GET /v1/Recordings", error="connection")
        with pytest.raises(httpx.ConnectError):
            httpx.get(url, auth=auth)
        fake.inject_fault("GET /v1/Recordings", error="timeout")
        with pytest.raises(httpx.ReadTimeout):
            httpx.get(url, auth=auth)
        assert requests.get(url, auth=auth).status_code == 200
    with httpx.Client(transport=fake.httpx_transport()) as explicit:
        fake.inject_fault("GET /v1/Recordings", error="timeout")
        with pytest.raises(httpx.ReadTimeout):
            explicit.get(url, auth=auth)
    assert [e.status for e in fake.requests] == [0, 0, 0, 0, 200, 0]


def test_twilio_http_clients_raise_what_the_real_ones_raise(
    fake: FakeVideo, client: Client
) -> None:
    fake.inject_fault("*", error="connection")
    with pytest.raises(requests.exceptions.ConnectionError):
        client.video.v1.recordings.list()
    fake.inject_fault("*", error="timeout")
    async_client = Client(fake.account_sid, fake.auth_token, http_client=fake.async_http_client())
    with pytest.raises(asyncio.TimeoutError):
        asyncio.run(async_client.video.v1.recordings.list_async())
    fake.inject_fault("*", error="connection")
    with pytest.raises(aiohttp.ClientConnectionError):
        asyncio.run(async_client.video.v1.recordings.list_async())


def test_recordings_can_be_made_to_fail(fake: FakeVideo, client: Client) -> None:
    room = fake.create_room("r", record_participants_on_connect=True)
    alice = room.connect("alice")
    mic, cam = alice.publish("audio"), alice.publish("video")
    fake.fail_next_recordings(1, operation="MediaProcessing")
    fake.clock.advance(seconds=5)
    room.complete()
    fake.clock.advance(seconds=30)
    statuses = sorted(t.recording.status.value for t in (mic, cam) if t.recording)
    assert statuses == ["completed", "failed"]
    failed = next(
        t.recording
        for t in (mic, cam)
        if t.recording and t.recording.status is RecordingStatus.FAILED
    )
    assert failed.failed_operation == "MediaProcessing"
    assert client.video.v1.recordings(failed.sid).fetch().status == "failed"
    assert client.request("GET", f"{BASE}/v1/Recordings/{failed.sid}/Media").status_code == 404


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"status": 404},
        {"status": 429, "error": "timeout"},
        {"error": "dns"},
        {"status": 500, "times": 0},
    ],
)
def test_nonsense_faults_are_refused(fake: FakeVideo, kwargs: dict[str, object]) -> None:
    with pytest.raises(UsageError):
        fake.inject_fault("*", **kwargs)  # type: ignore[arg-type]


def test_clear_faults_disarms_everything(fake: FakeVideo, client: Client) -> None:
    fake.inject_fault("*", status=503, times=5)
    fake.fail_next_recordings(3)
    fake.clear_faults()
    assert client.request("GET", f"{BASE}/v1/Recordings").status_code == 200
    room = fake.create_room("r", record_participants_on_connect=True)
    mic = room.connect("a").publish("audio")
    room.complete()
    fake.clock.advance(seconds=30)
    assert mic.recording is not None and mic.recording.status is RecordingStatus.COMPLETED
