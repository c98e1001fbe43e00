"""Decisions that mutation testing found no test checking (issue 13's survivors): each test
here pins one of them, so changing the decision fails a test."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
from _support import BASE, account_auth

from fakerec import FakeVideo
from fakerec.callbacks import Callback


def get(fake: FakeVideo, url: str) -> tuple[int, Any]:
    answer = fake.dispatch("GET", url if url.startswith("http") else BASE + url, account_auth(fake))
    return answer.status, json.loads(answer.body) if answer.body else None


def sids(page: dict[str, Any], key: str = "recordings") -> list[str]:
    return [item["sid"] for item in page[key]]


def seeded(count: int, **fields: Any) -> tuple[FakeVideo, list[str]]:
    """``count`` recordings a second apart; their SIDs newest first (the list order)."""
    fake = FakeVideo(seed="decisions")
    made = []
    for _ in range(count):
        made.append(fake.add_recording(**fields).sid)
        fake.clock.advance(seconds=1)
    return fake, made[::-1]


# --- paging ---------------------------------------------------------------------------------


def test_page_without_a_token_has_a_previous_page_back_to_the_first() -> None:
    fake, newest_first = seeded(5)
    status, page = get(fake, "/v1/Recordings?PageSize=2&Page=1")
    assert status == 200 and sids(page) == newest_first[2:4] and page["meta"]["page"] == 1
    status, previous = get(fake, page["meta"]["previous_page_url"])
    assert status == 200 and sids(previous) == newest_first[:2]
    assert previous["meta"]["previous_page_url"] is None
    assert get(fake, "/v1/Recordings?PageSize=2&Page=0")[1]["meta"]["previous_page_url"] is None


def test_a_page_token_without_page_serves_the_tokens_page() -> None:
    fake, newest_first = seeded(5)
    _, first = get(fake, "/v1/Recordings?PageSize=2")
    parts = urlsplit(first["meta"]["next_page_url"])
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "Page"]
    status, second = get(fake, urlunsplit(parts._replace(query=urlencode(query))))
    assert status == 200 and sids(second) == newest_first[2:4] and second["meta"]["page"] == 1


def test_walking_back_when_every_newer_recording_was_deleted() -> None:
    fake, newest_first = seeded(4)
    _, first = get(fake, "/v1/Recordings?PageSize=2")
    _, second = get(fake, first["meta"]["next_page_url"])
    for sid in newest_first[:2]:
        fake.backend.delete_recording(fake.account_sid, sid)
    status, back = get(fake, second["meta"]["previous_page_url"])
    assert status == 200 and back["recordings"] == []
    assert back["meta"]["previous_page_url"] is None
    _, again = get(fake, back["meta"]["next_page_url"])
    assert sids(again) == newest_first[2:4]


def test_walking_on_when_every_older_recording_was_deleted() -> None:
    fake, newest_first = seeded(4)
    _, first = get(fake, "/v1/Recordings?PageSize=2")
    for sid in newest_first[2:]:
        fake.backend.delete_recording(fake.account_sid, sid)
    status, on = get(fake, first["meta"]["next_page_url"])
    assert status == 200 and on["recordings"] == []
    assert on["meta"]["next_page_url"] is None
    _, back = get(fake, on["meta"]["previous_page_url"])
    assert sids(back) == newest_first[:2]


# --- parameters -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        ("2025-01-01T00:00:02", 2),  # HH:MM:SS
        ("2025-01-01T00:01", 0),  # HH:MM, seconds 0: only 00:01:00 and later
        ("2025-01-01T00:00", 4),
        ("2025-01-01T01:00+0100", 4),  # an offset without a colon
        ("2025-01-01T00:00:02.999Z", 2),  # fractions are dropped: whole seconds
    ],
)
def test_date_filters_take_hh_mm_and_offsets(after: str, expected: int) -> None:
    fake, _ = seeded(4)  # created at 00:00:00, :01, :02, :03
    status, page = get(fake, "/v1/Recordings?" + urlencode({"DateCreatedAfter": after}))
    assert status == 200 and len(page["recordings"]) == expected


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"Status": "bogus"}, "Invalid Status: 'bogus' is not one of completed, deleted, failed, "
         "processing"),
        ({"PageSize": "abc"}, "Invalid PageSize: 'abc' is not an integer"),
        ({"Page": "-1"}, "Invalid Page: '-1' is not a non-negative integer"),
        ({"DateCreatedAfter": "yesterday"}, "Invalid DateCreatedAfter: 'yesterday' is not an "
         "ISO 8601 date-time"),
        ({"SourceSid": "XX"}, "Invalid SourceSid: 'XX' is not a SID"),
        ({"MediaType": "text"}, "Invalid MediaType: 'text' is not one of audio, data, video"),
        ({"PageSize": "1001"}, "Invalid PageSize: 1001 exceeds the maximum page size of 1000"),
        ({"PageToken": "nonsense"}, "Invalid PageToken"),
    ],
)  # fmt: skip
def test_400_messages_say_what_was_wrong(query: dict[str, str], message: str) -> None:
    fake = FakeVideo(seed="messages")
    status, body = get(fake, "/v1/Recordings?" + urlencode(query))
    assert status == 400 and body["message"] == message


def test_ttl_out_of_range_says_its_range() -> None:
    fake = FakeVideo(seed="ttl")
    rec = fake.add_recording()
    status, body = get(fake, f"/v1/Recordings/{rec.sid}/Media?Ttl=0")
    assert (status, body["message"]) == (400, "Invalid Ttl: '0' is not between 1 and 3600")


# --- indexes --------------------------------------------------------------------------------


def test_purging_one_of_two_recordings_of_a_room_keeps_the_other_listed() -> None:
    fake = FakeVideo(seed="group-index")
    room = fake.create_room("r")
    room.complete()
    gone = fake.add_recording(room_sid=room.sid)
    kept = fake.add_recording(room_sid=room.sid)
    fake.backend.delete_recording(fake.account_sid, gone.sid)
    fake.clock.advance(days=30)  # purged
    for url in (
        f"/v1/Rooms/{room.sid}/Recordings",
        f"/v1/Recordings?GroupingSid={room.sid}",
        f"/v1/Recordings?SourceSid={kept.source_sid}",
    ):
        status, page = get(fake, url)
        assert status == 200 and sids(page) == [kept.sid], url
    assert get(fake, f"/v1/Recordings?SourceSid={gone.source_sid}")[1]["recordings"] == []


def test_the_rooms_list_filters_by_date_after_inclusive_before_exclusive() -> None:
    fake = FakeVideo(seed="room-dates")
    rooms = []
    for _ in range(3):
        rooms.append(fake.create_room().sid)  # 00:00, 00:01, 00:02
        fake.clock.advance(minutes=1)
    after = get(fake, "/v1/Rooms?DateCreatedAfter=2025-01-01T00:01:00Z")[1]
    assert sids(after, "rooms") == rooms[:0:-1]
    before = get(fake, "/v1/Rooms?DateCreatedBefore=2025-01-01T00:01:00Z")[1]
    assert sids(before, "rooms") == rooms[:1]
    fake.room(rooms[1]).complete()
    done = get(fake, "/v1/Rooms?Status=completed&DateCreatedAfter=2025-01-01T00:01:00Z")[1]
    assert sids(done, "rooms") == [rooms[1]]


# --- rules ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rule",
    [
        {"type": "include", "track": 5},
        {"type": "include", "track": ""},
        {"type": "include", "publisher": ["alice"]},
        {"type": "include", "kind": "audio", "extra": 1},
    ],
)
def test_rule_filters_are_checked(rule: dict[str, Any]) -> None:
    fake = FakeVideo(seed="rule-checks")
    room = fake.create_room("r")
    answer = fake.dispatch(
        "POST",
        f"{BASE}/v1/Rooms/{room.sid}/RecordingRules",
        {**account_auth(fake), "Content-Type": "application/x-www-form-urlencoded"},
        urlencode({"Rules": json.dumps([rule])}),
    )
    assert answer.status == 400 and json.loads(answer.body)["code"] == 53120


def test_a_track_rule_records_the_named_track_only() -> None:
    fake = FakeVideo(seed="track-rule")
    room = fake.create_room("r")
    room.set_recording_rules([{"type": "include", "track": "screen"}])
    alice = room.connect("alice")
    screen = alice.publish("video", name="screen")
    camera = alice.publish("video", name="camera")
    assert screen.recording is not None and camera.recording is None


def test_rules_are_re_evaluated_in_join_then_publish_order() -> None:
    fake = FakeVideo(seed="rule-order")
    started: list[str] = []
    fake.on_callback(
        lambda c: started.append(c.params["TrackName"]) if c.event == "recording-started" else None
    )
    room = fake.create_room("r", status_callback="https://app.example/cb")
    alice, bob = room.connect("alice"), room.connect("bob")
    alice.publish("audio", name="a1")
    bob.publish("audio", name="b1")
    alice.publish("video", name="a2")
    room.set_recording_rules([{"type": "include", "all": True}])
    assert started == ["a1", "a2", "b1"]
    listed = [r.track_name for r in room.recordings]  # newest first
    assert listed == ["b1", "a2", "a1"]


def test_participant_disconnected_carries_the_participant_and_duration() -> None:
    fake = FakeVideo(seed="left")
    got: list[Callback] = []
    fake.on_callback(got.append)
    room = fake.create_room("r", status_callback="https://app.example/cb")
    alice = room.connect("alice")
    fake.clock.advance(seconds=75)
    alice.disconnect()
    left = next(c for c in got if c.event == "participant-disconnected")
    assert left.params["ParticipantSid"] == alice.sid
    assert left.params["ParticipantIdentity"] == "alice"
    assert left.params["ParticipantStatus"] == "disconnected"
    assert left.params["ParticipantDuration"] == "75"


# --- timestamps -----------------------------------------------------------------------------


def test_rules_date_updated_is_the_last_change() -> None:
    fake = FakeVideo(seed="rules-updated")
    room = fake.create_room("r")
    fake.clock.advance(seconds=90.7)
    room.set_recording_rules([{"type": "include", "kind": "audio"}])
    _, rules = get(fake, f"/v1/Rooms/{room.sid}/RecordingRules")
    assert rules["date_created"] == "2025-01-01T00:00:00Z"
    assert rules["date_updated"] == "2025-01-01T00:01:30Z"


def test_a_seeded_rooms_date_updated_is_its_end() -> None:
    fake = FakeVideo(seed="seeded-room")
    rec = fake.add_recording(duration=42)
    room_sid = rec.grouping_sids["room_sid"]
    _, room = get(fake, f"/v1/Rooms/{room_sid}")
    assert room["status"] == "completed"
    assert room["date_created"] == "2025-01-01T00:00:00Z"
    assert room["end_time"] == room["date_updated"] == "2025-01-01T00:00:42Z"
    assert room["duration"] == 42


def test_delete_then_purge_boundary_is_exact_for_seeded_deleted() -> None:
    fake = FakeVideo(seed="purge-boundary")
    rec = fake.add_recording(status="deleted")
    fake.clock.advance(timedelta(days=30) - timedelta(seconds=1))
    assert get(fake, f"/v1/Recordings/{rec.sid}")[0] == 200
    fake.clock.advance(seconds=1)
    assert get(fake, f"/v1/Recordings/{rec.sid}")[0] == 404


@pytest.mark.parametrize(
    ("after", "before"),
    [
        ("2025-01-01T00:00:01Z", "2025-01-01T00:00:03Z"),
        ("2025-01-01T00:00:01.5Z", "2025-01-01T00:00:02.5Z"),  # fractions dropped: :01 only
        ("2025-01-01T00:00:03Z", None),
        (None, "2025-01-01T00:00:01Z"),
        ("2025-01-01T00:00:09Z", None),  # nothing that new
    ],
)
def test_a_date_range_walked_one_by_one_both_ways(after: str | None, before: str | None) -> None:
    """Date filters bound the index walk (a seek, not a scan): the edges must hold exactly,
    forward and back, one recording a page."""
    fake, newest_first = seeded(4)  # 00:00:00 .. 00:00:03
    fake.add_recording(status="deleted")  # at 00:00:04, listed only by Status=deleted
    query = {k: v for k, v in (("DateCreatedAfter", after), ("DateCreatedBefore", before)) if v}
    status, page = get(fake, "/v1/Recordings?" + urlencode({**query, "PageSize": 1}))
    walked = []
    while status == 200:
        walked += sids(page)
        if page["meta"]["next_page_url"] is None:
            break
        status, page = get(fake, page["meta"]["next_page_url"])
    _, everything = get(fake, "/v1/Recordings?" + urlencode({**query, "PageSize": 50}))
    assert walked == sids(everything)
    back = sids(page)
    while page["meta"]["previous_page_url"] is not None:
        status, page = get(fake, page["meta"]["previous_page_url"])
        back = sids(page) + back
    assert back == walked
    seconds = {sid: i for i, sid in enumerate(reversed(newest_first))}  # sid -> second created
    low = int(float(after[17:-1])) if after else 0  # the API keeps whole seconds
    high = int(float(before[17:-1])) if before else 99
    assert walked == [sid for sid in newest_first if low <= seconds[sid] < high]
