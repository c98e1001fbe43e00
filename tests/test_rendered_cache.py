"""Recordings' JSON is reused while unchanged: every change of a recording shows at once, in a
fetch, a room-scoped fetch and a list, as if it were rendered afresh each time."""

from __future__ import annotations

import json
from typing import Any

from _support import BASE, account_auth, auth_header

from fakerec import FakeVideo
from fakerec.api import render
from fakerec.api.rendered import CAPACITY
from fakerec.domain.models import Recording


def _views(fake: FakeVideo, rec: Recording) -> list[Any]:
    headers = account_auth(fake)
    top = fake.dispatch("GET", f"{BASE}/v1/Recordings/{rec.sid}", headers)
    scoped = fake.dispatch("GET", f"{BASE}/v1/Rooms/{rec.room_sid}/Recordings/{rec.sid}", headers)
    status = rec.status.value  # the lists show deleted recordings only when asked to
    listed = fake.dispatch("GET", f"{BASE}/v1/Recordings?Status={status}", headers)
    room_list = f"{BASE}/v1/Rooms/{rec.room_sid}/Recordings?Status={status}"
    in_room = fake.dispatch("GET", room_list, headers)

    def pick(page: bytes) -> Any:
        return next(r for r in json.loads(page)["recordings"] if r["sid"] == rec.sid)

    return [json.loads(top.body), json.loads(scoped.body), pick(listed.body), pick(in_room.body)]


def _fresh(rec: Recording) -> list[Any]:
    top, scoped = render.recording(rec), render.room_recording(rec)
    return [top, scoped, top, scoped]


def test_every_step_of_a_recordings_life_shows_in_every_view() -> None:
    fake = FakeVideo(seed="cache")
    room = fake.create_room("cache", record_participants_on_connect=True)
    track = room.connect("alice").publish("audio")
    (rec,) = fake.backend.recordings.values()
    seen = [_views(fake, rec)]
    assert seen[-1] == _fresh(rec) and seen[-1][0]["status"] == "processing"
    fake.clock.advance(seconds=12)
    track.unpublish()
    seen.append(_views(fake, rec))
    assert seen[-1] == _fresh(rec)  # capture over, still processing: duration 0 until done
    fake.clock.advance(seconds=60)
    seen.append(_views(fake, rec))
    assert seen[-1] == _fresh(rec) and seen[-1][0]["status"] == "completed"
    assert seen[-1][0]["duration"] == 12 and seen[-1][0]["size"] > 0
    fake.dispatch("DELETE", f"{BASE}/v1/Recordings/{rec.sid}", account_auth(fake))
    seen.append(_views(fake, rec))
    assert seen[-1] == _fresh(rec) and seen[-1][0]["status"] == "deleted"
    # processing (twice), completed, deleted: three different bodies in every view
    assert len({json.dumps(views) for views in seen}) == 3


def test_a_failed_recording_shows_failed_after_being_read_as_processing() -> None:
    fake = FakeVideo(seed="cache")
    rec = fake.add_recording(status="processing")
    assert _views(fake, rec)[0]["status"] == "processing"
    rec.fail()
    assert _views(fake, rec) == _fresh(rec) and _fresh(rec)[0]["status"] == "failed"


def test_more_recordings_than_the_cache_holds_are_all_rendered_right() -> None:
    fake = FakeVideo(seed="cache")
    recordings = [fake.add_recording(duration=n % 50) for n in range(CAPACITY + 20)]
    headers = account_auth(fake)
    url: str | None = f"{BASE}/v1/Recordings?PageSize=1000"
    listed = []
    while url:
        page = json.loads(fake.dispatch("GET", url, headers).body)
        listed.extend(page["recordings"])
        url = page["meta"]["next_page_url"]
    assert listed == [render.recording(rec) for rec in reversed(recordings)]
    first = fake.dispatch("GET", f"{BASE}/v1/Recordings/{recordings[0].sid}", headers)
    assert json.loads(first.body) == render.recording(recordings[0])


def test_a_repeated_list_request_shows_every_change_in_between() -> None:
    """A poll of the same page is answered from the last answer only while nothing a list
    could show has changed: new recordings, completions, deletions and purges all show."""
    fake = FakeVideo(seed="pages", processing_delay=30)
    headers = account_auth(fake)
    url = f"{BASE}/v1/Recordings?Status=completed&PageSize=5"

    def page() -> list[Any]:
        return [
            (r["sid"], r["status"])
            for r in json.loads(fake.dispatch("GET", url, headers).body)["recordings"]
        ]

    assert page() == []
    first = fake.add_recording(status="processing")
    assert page() == []
    fake.clock.advance(seconds=31)  # completes: the same request now shows it
    assert page() == [(first.sid, "completed")]
    second = fake.add_recording()
    assert page() == [(second.sid, "completed"), (first.sid, "completed")]
    fake.dispatch("DELETE", f"{BASE}/v1/Recordings/{second.sid}", headers)
    assert page() == [(first.sid, "completed")]
    deleted = f"{BASE}/v1/Recordings?Status=deleted"
    assert len(json.loads(fake.dispatch("GET", deleted, headers).body)["recordings"]) == 1
    fake.clock.advance(days=31)  # purged
    assert json.loads(fake.dispatch("GET", deleted, headers).body)["recordings"] == []
    # Another account asking the same URL sees its own (empty) store, not this page.
    other = fake.add_account()
    other_headers = auth_header(other.sid, other.auth_token)
    assert json.loads(fake.dispatch("GET", url, other_headers).body)["recordings"] == []
    # The same filters in another order are the same page.
    swapped = f"{BASE}/v1/Recordings?PageSize=5&Status=completed"
    assert fake.dispatch("GET", swapped, headers).body == fake.dispatch("GET", url, headers).body


def test_two_changes_of_one_kind_in_a_row_each_show_in_a_repeated_list() -> None:
    """Every add, status change and purge moves the store's revision on, not to a value it
    had before: a second change like the first must not revive the first one's page."""
    fake = FakeVideo(seed="pages")
    headers = account_auth(fake)
    live, deleted = f"{BASE}/v1/Recordings", f"{BASE}/v1/Recordings?Status=deleted"

    def sids(url: str) -> list[str]:
        return [r["sid"] for r in json.loads(fake.dispatch("GET", url, headers).body)["recordings"]]

    first = fake.add_recording()
    assert sids(live) == [first.sid]
    second = fake.add_recording()
    assert sids(live) == [second.sid, first.sid]
    fake.dispatch("DELETE", f"{BASE}/v1/Recordings/{first.sid}", headers)
    assert sids(live) == [second.sid] and sids(deleted) == [first.sid]
    fake.clock.advance(days=1)
    fake.dispatch("DELETE", f"{BASE}/v1/Recordings/{second.sid}", headers)
    assert sids(live) == [] and sids(deleted) == [second.sid, first.sid]
    fake.clock.advance(days=29, hours=12)  # the first is purged, the second not yet
    assert sids(deleted) == [second.sid]
    fake.clock.advance(days=1)
    assert sids(deleted) == []
