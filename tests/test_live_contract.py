"""Contract tests that run against the fake and, when you opt in, against the real Twilio API.

moto's "verified against AWS" pattern: the same assertions, two targets. The live target is
skipped unless FAKEREC_LIVE=1 and TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN are set; it is
read-only unless FAKEREC_LIVE_DELETE=1 as well, and then it deletes only the recording named
by FAKEREC_LIVE_DELETE_SID. See the README section "Checking the fake against Twilio".
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from _support import BASE, sdk_client
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client

from fakerec import FakeVideo

UNKNOWN_RT = "RT" + "0" * 32


@dataclass
class Target:
    name: str
    client: Client
    account_sid: str
    #: A recording the test may delete, or None (live without FAKEREC_LIVE_DELETE).
    deletable: str | None
    fake: FakeVideo | None = None

    def get(self, path: str, **params: Any) -> tuple[int, dict[str, str], Any]:
        response = self.client.request("GET", BASE + path, params=params or None)
        body = json.loads(response.text) if response.text else None
        return response.status_code, dict(response.headers or {}), body


def _live_target() -> Target:
    sid = os.environ.get("TWILIO_ACCOUNT_SID")
    token = os.environ.get("TWILIO_AUTH_TOKEN")
    if os.environ.get("FAKEREC_LIVE") != "1" or not sid or not token:
        pytest.skip(
            "live Twilio contract: set FAKEREC_LIVE=1, TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN"
        )
    deletable = None
    if os.environ.get("FAKEREC_LIVE_DELETE") == "1":
        deletable = os.environ.get("FAKEREC_LIVE_DELETE_SID") or None
    return Target("live", Client(sid, token), sid, deletable)


def _fake_target() -> Target:
    fake = FakeVideo(seed="live-contract")
    room = fake.create_room("contract", record_participants_on_connect=True)
    alice = room.connect("alice")
    alice.publish("audio", name="mic")
    alice.publish("video")
    fake.clock.advance(seconds=75)
    room.complete()
    fake.clock.advance(seconds=31)
    for status in ("completed", "completed", "deleted", "failed", "processing"):
        fake.add_recording(status=status, type="video", duration=20)
        fake.clock.advance(seconds=1)
    doomed = fake.add_recording(status="completed", duration=5)
    client = sdk_client(fake)
    return Target("fake", client, fake.account_sid, doomed.sid, fake)


@pytest.fixture(params=["fake", "live"])
def target(request: pytest.FixtureRequest) -> Iterator[Target]:
    chosen = _fake_target() if request.param == "fake" else _live_target()
    yield chosen
    if chosen.fake is not None:
        chosen.fake.raise_internal_errors()


def _assert_twilio_error(body: Any, status: int, code: int) -> None:
    assert body["status"] == status and body["code"] == code
    assert body["more_info"] == f"https://www.twilio.com/docs/errors/{code}"
    assert isinstance(body["message"], str) and body["message"]


def test_list_page_shape_and_newest_first(target: Target) -> None:
    status, _, body = target.get("/v1/Recordings", PageSize=2)
    assert status == 200
    meta = body["meta"]
    assert meta["key"] == "recordings" and meta["page"] == 0 and meta["page_size"] == 2
    assert meta["previous_page_url"] is None
    assert meta["url"].startswith(f"{BASE}/v1/Recordings?") and "PageSize=2" in meta["url"]
    assert meta["first_page_url"].startswith(f"{BASE}/v1/Recordings?")
    assert len(body["recordings"]) <= 2
    listed = [r for r in target.client.video.v1.recordings.list(limit=20, page_size=5)]
    created = [r.date_created for r in listed]
    assert created == sorted(created, reverse=True)
    assert all(r.status != "deleted" for r in listed)


def test_fetch_answers_the_listed_body(target: Target) -> None:
    status, _, body = target.get("/v1/Recordings", PageSize=3)
    assert status == 200
    for item in body["recordings"]:
        code, _, fetched = target.get(f"/v1/Recordings/{item['sid']}")
        assert code == 200 and fetched == item
        assert item["url"] == f"{BASE}/v1/Recordings/{item['sid']}"
        assert item["links"]["media"] == f"{item['url']}/Media"


def test_deleted_filter_lists_only_deleted(target: Target) -> None:
    deleted = target.client.video.v1.recordings.list(status="deleted", limit=10)
    assert all(r.status == "deleted" for r in deleted)


def test_unknown_and_malformed_sids_are_404(target: Target) -> None:
    for sid in (UNKNOWN_RT, "RTnot-a-sid"):
        status, _, body = target.get(f"/v1/Recordings/{sid}")
        assert status == 404
        _assert_twilio_error(body, 404, 20404)
        assert body["message"] == f"The requested resource /Recordings/{sid} was not found"
    with pytest.raises(TwilioRestException) as caught:
        target.client.video.v1.recordings(UNKNOWN_RT).fetch()
    assert (caught.value.status, caught.value.code) == (404, 20404)


def test_media_of_unknown_recording_is_404(target: Target) -> None:
    status, _, body = target.get(f"/v1/Recordings/{UNKNOWN_RT}/Media")
    assert status == 404
    _assert_twilio_error(body, 404, 20404)


def test_media_of_a_completed_recording_redirects(target: Target) -> None:
    completed = target.client.video.v1.recordings.list(status="completed", limit=1)
    if not completed:
        pytest.skip("the account has no completed recording to ask media for")
    status, headers, body = target.get(f"/v1/Recordings/{completed[0].sid}/Media", Ttl=60)
    assert status == 302
    location = {k.lower(): v for k, v in headers.items()}["location"]
    assert body == {"redirect_to": location}


def test_page_size_over_the_maximum_is_20007(target: Target) -> None:
    status, _, body = target.get("/v1/Recordings", PageSize=1001)
    assert status == 400
    _assert_twilio_error(body, 400, 20007)
    with pytest.raises(TwilioException):
        target.client.video.v1.recordings.list(limit=1500)


def test_wrong_credentials_are_401(target: Target) -> None:
    http_client = target.fake.http_client() if target.fake is not None else None
    wrong = Client(target.account_sid, "0" * 32, http_client=http_client)
    with pytest.raises(TwilioRestException) as caught:
        wrong.video.v1.recordings(UNKNOWN_RT).fetch()
    assert (caught.value.status, caught.value.code) == (401, 20003)


def test_rooms_list_defaults_to_in_progress(target: Target) -> None:
    for room in target.client.video.v1.rooms.list(limit=20):
        assert room.status == "in-progress"


def test_room_recordings_are_the_rooms_own(target: Target) -> None:
    recent = target.client.video.v1.recordings.list(limit=1)
    if not recent:
        pytest.skip("the account has no recording")
    room_sid = recent[0].grouping_sids["room_sid"]
    for rec in target.client.video.v1.rooms(room_sid).recordings.list(limit=20):
        assert rec.room_sid == room_sid and rec.status != "deleted"
        assert rec.url == f"{BASE}/v1/Rooms/{room_sid}/Recordings/{rec.sid}"


def test_delete_keeps_metadata_as_deleted(target: Target) -> None:
    if target.deletable is None:
        pytest.skip("live deletes need FAKEREC_LIVE_DELETE=1 and FAKEREC_LIVE_DELETE_SID=RT...")
    recordings = target.client.video.v1.recordings
    assert recordings(target.deletable).delete() is True
    assert recordings(target.deletable).fetch().status == "deleted"
    assert recordings(target.deletable).delete() is True  # again, within the 30 days
    assert target.deletable not in [r.sid for r in recordings.list(limit=50)]


def test_date_filters_bound_the_list(target: Target) -> None:
    listed = target.client.video.v1.recordings.list(limit=5)
    if not listed:
        pytest.skip("the account has no recording")
    pivot: datetime = listed[len(listed) // 2].date_created
    after = target.client.video.v1.recordings.list(date_created_after=pivot, limit=50)
    before = target.client.video.v1.recordings.list(date_created_before=pivot, limit=50)
    assert all(r.date_created >= pivot for r in after)
    assert all(r.date_created < pivot for r in before)
