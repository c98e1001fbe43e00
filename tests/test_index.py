"""The sorted runs behind every list: what they return is what a full scan would, whatever
order recordings were added, changed and deleted in, and whichever way a page is reached."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from _support import BASE, account_auth, auth_header

from fakerec import FakeVideo


def _pages(fake: FakeVideo, url: str) -> list[dict[str, Any]]:
    """Every item of a list, following next_page_url."""
    items: list[dict[str, Any]] = []
    next_url: str | None = url
    while next_url:
        page = json.loads(fake.dispatch("GET", next_url, account_auth(fake)).body)
        key = page["meta"]["key"]
        items.extend(page[key])
        next_url = page["meta"]["next_page_url"]
    return items


def _sids(items: list[dict[str, Any]]) -> list[str]:
    return [item["sid"] for item in items]


def _expected(fake: FakeVideo, **match: str) -> list[str]:
    """The contract by brute force: newest first, every recording whose fields match."""
    recordings = sorted(
        fake.backend.recordings.values(),
        key=lambda r: (r.date_created, r.seq),
        reverse=True,
    )
    return [
        r.sid
        for r in recordings
        if all(
            str(getattr(r, f).value if f == "status" else getattr(r, f)) == v
            for f, v in match.items()
        )
    ]


def test_recordings_added_unread_then_completed_are_listed_once_under_their_new_status() -> None:
    fake = FakeVideo(seed="index")
    for n in range(150):
        fake.add_recording(status="processing", type=("audio", "video")[n % 2])
    fake.clock.advance(minutes=5)  # every one completes before anything has been read
    listed = _sids(_pages(fake, f"{BASE}/v1/Recordings?Status=completed&PageSize=40"))
    assert listed == _expected(fake, status="completed") and len(listed) == 150
    assert _pages(fake, f"{BASE}/v1/Recordings?Status=processing") == []
    videos = _sids(_pages(fake, f"{BASE}/v1/Recordings?Status=completed&MediaType=video"))
    assert videos == _expected(fake, status="completed", type="video") and len(videos) == 75


def test_recordings_added_unread_then_deleted_leave_the_live_lists() -> None:
    fake = FakeVideo(seed="index")
    recs = [fake.add_recording() for _ in range(100)]
    headers = account_auth(fake)
    for rec in recs[::3]:
        assert fake.dispatch("DELETE", f"{BASE}/v1/Recordings/{rec.sid}", headers).status == 204
    live = _sids(_pages(fake, f"{BASE}/v1/Recordings?PageSize=7"))
    assert live == [r.sid for r in reversed(recs) if r not in recs[::3]]
    deleted = _sids(_pages(fake, f"{BASE}/v1/Recordings?Status=deleted&PageSize=7"))
    assert deleted == [r.sid for r in reversed(recs[::3])]
    fake.clock.advance(days=31)
    assert _pages(fake, f"{BASE}/v1/Recordings?Status=deleted") == []
    assert len(_pages(fake, f"{BASE}/v1/Recordings?PageSize=1000")) == 66


def test_a_room_past_a_small_list_is_still_listed_in_order_as_its_recordings_go() -> None:
    fake = FakeVideo(seed="index")
    room = fake.create_room("big")
    room.complete()
    recs = [fake.add_recording(room_sid=room.sid, duration=n % 9) for n in range(200)]
    headers = account_auth(fake)
    for rec in recs[5:150:2]:
        fake.dispatch("DELETE", f"{BASE}/v1/Recordings/{rec.sid}", headers)
    fake.clock.advance(days=31)  # purged: gone from the room's run too
    gone = set(recs[5:150:2])
    in_room = _sids(_pages(fake, f"{BASE}/v1/Rooms/{room.sid}/Recordings?PageSize=30"))
    assert in_room == [r.sid for r in reversed(recs) if r not in gone]
    grouped = _sids(_pages(fake, f"{BASE}/v1/Recordings?GroupingSid={room.sid}&PageSize=30"))
    assert grouped == in_room


@pytest.mark.parametrize(
    "filters",
    ["", "Status=completed", "MediaType=audio", "Status=failed&MediaType=video", "Status=deleted"],
)
def test_page_n_without_a_token_is_the_nth_page_of_the_walk(filters: str) -> None:
    fake = FakeVideo(seed="index")
    statuses = ("completed", "failed", "deleted", "completed", "processing")
    for n in range(230):
        fake.add_recording(status=statuses[n % 5], type=("audio", "video")[n % 3 % 2])
        if n % 7 == 0:
            fake.clock.advance(seconds=1)
    base = (
        f"{BASE}/v1/Recordings?{filters}&PageSize=9"
        if filters
        else f"{BASE}/v1/Recordings?PageSize=9"
    )
    walked = _sids(_pages(fake, base))
    assert walked, "the filter must match something"
    by_number = []
    for number in range(len(walked) // 9 + 2):
        page = json.loads(fake.dispatch("GET", f"{base}&Page={number}", account_auth(fake)).body)
        by_number.extend(_sids(page["recordings"]))
    assert by_number == walked


def test_dates_bound_the_walk_exactly() -> None:
    fake = FakeVideo(seed="index")
    start = fake.clock.now()
    recs = []
    for _ in range(10):
        recs.append(fake.add_recording())
        fake.clock.advance(seconds=1)
    after = (start + timedelta(seconds=3, milliseconds=500)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    before = (start + timedelta(seconds=7)).strftime("%Y-%m-%dT%H:%M:%SZ")
    url = f"{BASE}/v1/Recordings?DateCreatedAfter={after}&DateCreatedBefore={before}"
    response = fake.dispatch("GET", url, account_auth(fake))
    # The fraction is dropped as the time is read (seconds are all Twilio keeps), so the
    # range is [3 s, 7 s): seconds 3 to 6, newest first.
    assert _sids(json.loads(response.body)["recordings"]) == [r.sid for r in recs[6:2:-1]]


def test_rooms_list_pages_are_a_walk_with_no_repeat_as_rooms_end() -> None:
    fake = FakeVideo(seed="index")
    rooms = []
    for n in range(120):
        rooms.append(fake.create_room(f"r{n}"))
        if n % 10 == 0:
            fake.clock.advance(seconds=1)
    for room in rooms[::4]:
        room.complete()
    headers = account_auth(fake)
    first = json.loads(fake.dispatch("GET", f"{BASE}/v1/Rooms?PageSize=25", headers).body)
    for room in rooms[1::4]:  # end some rooms while the walk is under way
        room.complete()
    seen = _sids(first["rooms"]) + _sids(_pages(fake, first["meta"]["next_page_url"]))
    assert len(seen) == len(set(seen))
    completed = _sids(_pages(fake, f"{BASE}/v1/Rooms?Status=completed&PageSize=13"))
    ended = [r for r in rooms if r.status.value == "completed"]
    assert completed == [
        r.sid for r in sorted(ended, key=lambda r: (r.date_created, r.seq), reverse=True)
    ]
    by_name = _sids(_pages(fake, f"{BASE}/v1/Rooms?Status=completed&UniqueName=r4"))
    assert by_name == [rooms[4].sid]


def test_a_group_walk_checks_every_filter_and_the_dates_exactly() -> None:
    """A room's or source's run holds every status and both kinds: the walk keeps only the
    matches, at the dates' exact seconds, and Page=N counts matches, not entries."""
    fake = FakeVideo(seed="index")
    room = fake.create_room("grouped")
    room.complete()
    start = fake.clock.now()
    recs = []
    for n in range(12):
        status = ("completed", "failed", "deleted")[n % 3]
        kind = ("audio", "video")[n % 2]
        recs.append(
            fake.add_recording(
                room_sid=room.sid,
                status=status,
                type=kind,
                date_created=start + timedelta(seconds=n),
            )
        )

    def stamp(second: int) -> str:
        return (start + timedelta(seconds=second)).strftime("%Y-%m-%dT%H:%M:%SZ")

    base = f"{BASE}/v1/Recordings?GroupingSid={room.sid}"
    dated = f"{base}&DateCreatedAfter={stamp(3)}&DateCreatedBefore={stamp(9)}"
    # seconds 3..8, not deleted (n % 3 != 2): 3, 4, 6, 7, newest first
    assert _sids(_pages(fake, dated + "&PageSize=2")) == [recs[n].sid for n in (7, 6, 4, 3)]
    completed = f"{base}&Status=completed&MediaType=video"
    assert _sids(_pages(fake, completed)) == [recs[n].sid for n in (9, 3)]
    assert _sids(_pages(fake, f"{base}&Status=deleted")) == [recs[n].sid for n in (11, 8, 5, 2)]
    by_number = json.loads(
        fake.dispatch("GET", f"{base}&PageSize=3&Page=1", account_auth(fake)).body
    )
    live = [r for r in reversed(recs) if r.status.value != "deleted"]
    assert _sids(by_number["recordings"]) == [r.sid for r in live[3:6]]
    in_room = f"{BASE}/v1/Rooms/{room.sid}/Recordings?DateCreatedAfter={stamp(10)}"
    assert _sids(_pages(fake, in_room)) == [recs[10].sid]


def test_a_sid_seeded_in_two_accounts_lists_only_the_askers_recordings() -> None:
    fake = FakeVideo(seed="index")
    other = fake.add_account()
    shared_source, shared_participant = "MT" + "a" * 32, "PA" + "b" * 32
    mine = fake.add_recording(source_sid=shared_source, participant_sid=shared_participant)
    theirs = fake.add_recording(
        account_sid=other.sid, source_sid=shared_source, participant_sid=shared_participant
    )
    for query in (f"SourceSid={shared_source}", f"GroupingSid={shared_participant}"):
        url = f"{BASE}/v1/Recordings?{query}"
        assert _sids(_pages(fake, url)) == [mine.sid]
        answer = fake.dispatch("GET", url, auth_header(other.sid, other.auth_token))
        assert _sids(json.loads(answer.body)["recordings"]) == [theirs.sid]


def test_a_sid_of_another_kind_as_a_filter_matches_nothing() -> None:
    """Runs are keyed by the SID alone, so a room's SID given as SourceSid finds the room's
    run: every recording in it must still be checked, and none has that SID as its source."""
    fake = FakeVideo(seed="index")
    recording = fake.add_recording(type="video")
    fake.add_recording(type="audio", room_sid=recording.room_sid)
    room, participant = recording.room_sid, recording.participant_sid
    for query in (
        f"SourceSid={room}",
        f"SourceSid={participant}",
        f"GroupingSid={recording.source_sid}",
        f"GroupingSid={room}&GroupingSid={participant}&MediaType=audio",
    ):
        assert _pages(fake, f"{BASE}/v1/Recordings?{query}") == [], query
    both = f"{BASE}/v1/Recordings?GroupingSid={room}&GroupingSid={participant}"
    assert _sids(_pages(fake, both)) == [recording.sid]
    assert _sids(_pages(fake, f"{BASE}/v1/Recordings?SourceSid={recording.source_sid}")) == [
        recording.sid
    ]


def test_recordings_seeded_after_a_read_join_the_runs_already_filed() -> None:
    """The first read files what was seeded in bulk; what is seeded after it is filed at the
    next read into the same runs, next to what is there (a run of 3 and one of 100)."""
    fake = FakeVideo(seed="index")
    early = [fake.add_recording(type="video") for _ in range(3)]
    early += [fake.add_recording(type="audio") for _ in range(100)]
    assert len(_pages(fake, f"{BASE}/v1/Recordings?PageSize=1000")) == 103
    late = [fake.add_recording(type=("audio", "video")[n % 2]) for n in range(100)]
    listed = _sids(_pages(fake, f"{BASE}/v1/Recordings?PageSize=1000"))
    assert listed == [r.sid for r in reversed(early + late)]
    videos = _sids(_pages(fake, f"{BASE}/v1/Recordings?MediaType=video&PageSize=1000"))
    assert videos == [r.sid for r in reversed(early + late) if r.type == "video"]
