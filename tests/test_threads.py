"""Concurrency: eight threads at once against one FakeVideo (README "Threads": each request and
each control-plane call holds the fake's lock, so requests from several threads see a
consistent store).

Every thread starts at one barrier and makes a bounded number of operations through the raw
dispatch entry point and the control plane: page walks by ``next_page_url``, fetches, media
redirects, deletes (some twice, some by the wrong account), publish/unpublish/mute and seeded
recordings, and clock moves. What each thread saw is logged; after the join every page, every
walk, every delete and the final state are checked against the recordings' live handles. The
checks hold whatever the interleaving: they only rely on what the contract guarantees (a
delete is final and cannot be lost, statuses only move forward, a PageToken is a cursor).
"""

from __future__ import annotations

import json
import random
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

import pytest
from _support import BASE, account_auth, auth_header

import fakerec
from fakerec import RecordingStatus
from fakerec.api.dispatch import HttpResponse
from fakerec.domain import Recording

THREADS = 8
OPERATIONS = 300  # per thread
PURGE_AFTER = timedelta(days=30)
DELETED = RecordingStatus.DELETED


def parse_time(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


# --- what the threads share and what they log ---------------------------------------------


@dataclass
class Shared:
    """The fake, and the test's own record of every recording handle it made."""

    fake: fakerec.FakeVideo
    headers: dict[str, str]
    other_headers: dict[str, str]
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: Every recording of the default account the test made, by SID (the live handles).
    recordings: dict[str, Recording] = field(default_factory=dict)
    #: Recordings seeded already deleted (deleted without a DELETE request).
    seeded_deleted: set[str] = field(default_factory=set)
    #: Rooms with several recordings, for room-scoped lists.
    rooms: list[str] = field(default_factory=list)
    #: The second account's recordings: never listed, fetched or deleted by the first.
    foreign: set[str] = field(default_factory=set)

    def register(self, recording: Recording | None, seeded_deleted: bool = False) -> None:
        assert recording is not None
        with self.lock:
            self.recordings[recording.sid] = recording
            if seeded_deleted:
                self.seeded_deleted.add(recording.sid)

    def sids(self) -> list[str]:
        with self.lock:
            return list(self.recordings)

    def handles(self) -> list[Recording]:
        with self.lock:
            return list(self.recordings.values())

    def room_sids(self) -> list[str]:
        with self.lock:
            return list(self.rooms)


@dataclass
class Item:
    sid: str
    account_sid: str
    date_created: str
    status: str
    type: str
    room_sid: str | None  # only room-scoped bodies carry it


@dataclass
class Walk:
    """One walk of a list by next_page_url, and what it had to return."""

    thread: int
    filter: dict[str, str]
    room_sid: str | None
    page_size: int
    pages: list[list[Item]] = field(default_factory=list)
    #: Recordings that matched the filter for the whole walk: the walk must return them all.
    must_include: set[str] = field(default_factory=set)


@dataclass
class Log:
    thread: int
    requests: int = 0
    walks: list[Walk] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)  # SIDs a DELETE answered 204 for
    fetched: int = 0


class Client:
    """Raw dispatch for one thread: counts requests, fails on any 5xx at once."""

    def __init__(self, shared: Shared, log: Log) -> None:
        self.fake = shared.fake
        self.log = log

    def send(self, method: str, url: str, headers: dict[str, str]) -> HttpResponse:
        self.log.requests += 1
        answer = self.fake.dispatch(method, url, headers)
        assert answer.status < 500, (method, url, answer, self.fake.internal_errors)
        return answer

    def get(self, url: str, headers: dict[str, str]) -> tuple[int, Any]:
        answer = self.send("GET", url, headers)
        return answer.status, json.loads(answer.body) if answer.body else None


# --- the world ------------------------------------------------------------------------------


def build(seed: str) -> Shared:
    fake = fakerec.FakeVideo(seed=seed, processing_delay=30, journal_limit=None)
    other = fake.add_account()
    shared = Shared(fake, account_auth(fake), auth_header(other.sid, other.auth_token))
    rng = random.Random(seed)
    # Seeded recordings in every status, spread over the last hour, with same-second ties.
    now = fake.clock.now()
    for index in range(60):
        status = rng.choice(("processing", "completed", "completed", "failed", "deleted"))
        created = now - timedelta(seconds=rng.randrange(0, 3600, 7) if index % 4 else 0)
        recording = fake.add_recording(
            status=status, type=rng.choice(("audio", "video")), date_created=created
        )
        shared.register(recording, seeded_deleted=status == "deleted")
    # A recorded room with live tracks (processing recordings).
    room = fake.create_room("studio", record_participants_on_connect=True)
    shared.rooms.append(room.sid)
    for name in ("ann", "ben"):
        participant = room.connect(name)
        shared.register(participant.publish("audio", name=f"{name}-mic").recording)
        shared.register(participant.publish("video", name=f"{name}-cam").recording)
    for index in range(5):
        shared.foreign.add(fake.add_recording(account_sid=other.sid, duration=index + 1).sid)
    return shared


# --- the threads' operations ---------------------------------------------------------------

FILTERS: tuple[dict[str, str], ...] = (
    {},
    {},
    {"Status": "deleted"},
    {"Status": "completed"},
    {"MediaType": "audio"},
)


def walk(shared: Shared, client: Client, rng: random.Random) -> None:
    """Walk a whole list by next_page_url, noting what it must return whatever happens."""
    filters = dict(rng.choice(FILTERS))
    rooms = shared.room_sids()
    room_sid = rng.choice(rooms) if rooms and rng.random() < 0.3 else None
    if room_sid is not None:
        filters.pop("MediaType", None)  # room lists ignore it
    page_size = rng.randint(1, 5)
    record = Walk(client.log.thread, filters, room_sid, page_size)

    def matches_for_good(recording: Recording) -> bool:
        """Whether the recording matches now on what cannot change (type, room)."""
        if room_sid is not None and recording.room_sid != room_sid:
            return False
        return filters.get("MediaType", recording.type) == recording.type

    # Before the walk: which recordings match, by a status that can only move forward.
    before = {
        rec.sid: rec.status
        for rec in shared.handles()
        if matches_for_good(rec)  # statuses read through the live handles
    }
    path = f"/v1/Rooms/{room_sid}/Recordings" if room_sid else "/v1/Recordings"
    query = "&".join(f"{k}={v}" for k, v in (*filters.items(), ("PageSize", str(page_size))))
    url: str | None = f"{BASE}{path}?{query}"
    while url is not None:
        status, body = client.get(url, shared.headers)
        assert status == 200, (url, body)
        assert body["meta"]["page_size"] == page_size, body["meta"]
        record.pages.append(
            [
                Item(
                    r["sid"],
                    r["account_sid"],
                    r["date_created"],
                    r["status"],
                    r["type"],
                    r.get("room_sid"),
                )
                for r in body["recordings"]
            ]
        )
        assert len(record.pages) <= 1000, f"a walk that does not end: {url}"
        url = body["meta"]["next_page_url"]
    # After the walk: what matched at the start and still matches matched all along.
    wanted = filters.get("Status")
    for sid, status_before in before.items():
        status_after = shared.recordings[sid].status
        if wanted is None:
            stayed = status_after is not DELETED  # deletes are final: never deleted meanwhile
        elif wanted == "deleted":
            stayed = status_before is DELETED  # deleted before the walk, and still (no purge)
        else:  # completed: it can only have become deleted since
            stayed = status_before.value == wanted and status_after.value == wanted
        if stayed:
            record.must_include.add(sid)
    client.log.walks.append(record)


def fetch(shared: Shared, client: Client, rng: random.Random) -> None:
    sid = rng.choice(shared.sids())
    recording = shared.recordings[sid]
    scoped = rng.random() < 0.4
    url = (
        f"{BASE}/v1/Rooms/{recording.room_sid}/Recordings/{sid}"
        if scoped
        else f"{BASE}/v1/Recordings/{sid}"
    )
    status, body = client.get(url, shared.headers)
    assert status == 200, (url, body)  # nothing is purged: the clock moves less than 30 days
    assert body["sid"] == sid and body["account_sid"] == shared.fake.account_sid
    client.log.fetched += 1


def media(shared: Shared, client: Client, rng: random.Random) -> None:
    sid = rng.choice(shared.sids())
    answer = client.send("GET", f"{BASE}/v1/Recordings/{sid}/Media?Ttl=60", shared.headers)
    assert answer.status in (302, 404), answer
    if answer.status == 302:
        file = client.send("GET", answer.headers["Location"], {})
        # Served, or deleted meanwhile (404), or the clock passed the Ttl (403).
        assert file.status in (200, 403, 404), file.status


def delete(shared: Shared, client: Client, rng: random.Random) -> None:
    sid = rng.choice(shared.sids())
    recording = shared.recordings[sid]
    scoped = rng.random() < 0.3
    url = (
        f"{BASE}/v1/Rooms/{recording.room_sid}/Recordings/{sid}"
        if scoped
        else f"{BASE}/v1/Recordings/{sid}"
    )
    for _ in range(2 if rng.random() < 0.3 else 1):  # some twice in a row
        answer = client.send("DELETE", url, shared.headers)
        assert answer.status == 204, (url, answer)
        client.log.deleted.append(sid)
    # Read your own delete: whatever the other threads do, it stays deleted.
    status, body = client.get(f"{BASE}/v1/Recordings/{sid}", shared.headers)
    assert (status, body["status"]) == (200, "deleted"), (sid, status, body)


def foreign(shared: Shared, client: Client, rng: random.Random) -> None:
    """The other account: cannot delete or see ours; we cannot see theirs."""
    sid = rng.choice(shared.sids())
    answer = client.send("DELETE", f"{BASE}/v1/Recordings/{sid}", shared.other_headers)
    assert answer.status == 404, answer
    theirs = rng.choice(sorted(shared.foreign))
    status, _ = client.get(f"{BASE}/v1/Recordings/{theirs}", shared.headers)
    assert status == 404


class ControlPlane:
    """What participants and media servers do, from one thread: publish, unpublish, mute,
    disconnect, complete the room, and seeded recordings."""

    def __init__(self, shared: Shared) -> None:
        self.shared = shared
        fake = shared.fake
        self.room = fake.room("studio")
        self.participants = [p for p in self.room.participants.values() if p.connected]
        self.rooms_made = 0

    def step(self, rng: random.Random) -> None:
        shared, fake = self.shared, self.shared.fake
        roll = rng.random()
        live_tracks = [t for p in self.participants for t in p.tracks if t.published]
        if roll < 0.35 and self.participants:
            participant = rng.choice(self.participants)
            track = participant.publish(rng.choice(("audio", "video")))
            shared.register(track.recording)
        elif roll < 0.55 and live_tracks:
            rng.choice(live_tracks).unpublish()
        elif roll < 0.62 and live_tracks:
            track = rng.choice(live_tracks)
            if track.enabled:
                track.mute()
            else:
                track.unmute()
        elif roll < 0.85:
            status = rng.choice(("processing", "completed", "failed", "deleted"))
            back = timedelta(seconds=rng.randint(0, 900))  # lands inside the walks' order
            recording = fake.add_recording(
                status=status,
                type=rng.choice(("audio", "video")),
                date_created=fake.clock.now() - back,
                room_sid=self.room.sid if rng.random() < 0.5 else None,
            )
            shared.register(recording, seeded_deleted=status == "deleted")
        elif roll < 0.93 and len(self.participants) > 1:
            leaving = rng.choice(self.participants)
            leaving.disconnect()
            self.participants.remove(leaving)
            self.participants.append(self.room.connect(f"guest-{rng.randrange(10**6)}"))
        elif roll < 0.96:
            self.room.complete()
            self.rooms_made += 1
            self.room = fake.create_room(
                f"studio-{self.rooms_made}", record_participants_on_connect=True
            )
            with shared.lock:
                shared.rooms.append(self.room.sid)
            self.participants = [self.room.connect("host"), self.room.connect("guest")]
        else:
            self.participants.append(self.room.connect(f"late-{rng.randrange(10**6)}"))


Operation = Callable[[Shared, Client, random.Random], None]

MIXES: tuple[tuple[tuple[str, int], ...], ...] = (
    (("walk", 3), ("fetch", 3), ("media", 1)),
    (("walk", 3), ("fetch", 3), ("delete", 1)),
    (("walk", 3), ("fetch", 2), ("media", 2), ("foreign", 1)),
    (("delete", 4), ("walk", 2), ("fetch", 2)),
    (("delete", 4), ("walk", 2), ("foreign", 2), ("media", 1)),
    (("control", 6), ("walk", 2), ("fetch", 1)),
    (("control", 3), ("delete", 2), ("walk", 2), ("fetch", 1)),
    (("clock", 5), ("walk", 2), ("fetch", 1)),
)
"""Each thread's mix of operations, by weight; walks in every mix keep all eight busy to
the end. "control" is the control plane; "clock" a small clock move."""
OPERATIONS_BY_NAME: dict[str, Operation] = {
    "walk": walk,
    "fetch": fetch,
    "media": media,
    "delete": delete,
    "foreign": foreign,
}


@contextmanager
def busy_switching() -> Iterator[None]:
    """Switch threads far more often than the default 5 ms, to interleave more finely."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        yield
    finally:
        sys.setswitchinterval(previous)


def run_threads(shared: Shared, seed: str) -> list[Log]:
    barrier = threading.Barrier(THREADS)
    logs = [Log(index) for index in range(THREADS)]
    failures: list[str] = []
    control = ControlPlane(shared)
    control_lock = threading.Lock()  # the control plane's participants belong to one actor

    def run(index: int) -> None:
        rng = random.Random(f"{seed}-{index}")
        client = Client(shared, logs[index])
        names = [name for name, weight in MIXES[index] for _ in range(weight)]
        try:
            barrier.wait(timeout=30)
            for _ in range(OPERATIONS):
                name = rng.choice(names)
                if name == "clock":
                    shared.fake.clock.advance(seconds=rng.randint(1, 20))
                elif name == "control":
                    with control_lock:
                        control.step(rng)
                else:
                    OPERATIONS_BY_NAME[name](shared, client, rng)
        except BaseException:
            failures.append(f"thread {index}:\n{traceback.format_exc()}")
            barrier.abort()

    threads = [threading.Thread(target=run, args=(i,), name=f"fakerec-{i}") for i in range(THREADS)]
    with busy_switching():
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    assert not [t.name for t in threads if t.is_alive()], "a thread never finished (deadlock?)"
    assert failures == [], "\n".join(failures)
    return logs


# --- the checks ----------------------------------------------------------------------------


def sort_key(shared: Shared, item: Item) -> tuple[datetime, int]:
    """The list order, from the handle: date_created, then creation sequence."""
    recording = shared.recordings[item.sid]
    assert parse_time(item.date_created) == recording.date_created, item
    return (recording.date_created, recording.seq)


def check_walk(shared: Shared, record: Walk) -> None:
    account = shared.fake.account_sid
    seen: list[str] = []
    keys: list[tuple[datetime, int]] = []
    for page in record.pages:
        sids = [item.sid for item in page]
        assert len(sids) == len(set(sids)), f"a SID twice in one page: {sids}"
        assert len(page) <= record.page_size
        page_keys = [sort_key(shared, item) for item in page]
        assert page_keys == sorted(page_keys, reverse=True), f"page not newest first: {sids}"
        for item in page:
            assert item.account_sid == account and item.sid not in shared.foreign, item
            wanted = record.filter.get("Status")
            if wanted is None:
                assert item.status != "deleted", item
            else:
                assert item.status == wanted, item
            assert record.filter.get("MediaType", item.type) == item.type, item
            if record.room_sid is not None:
                assert item.room_sid == record.room_sid, item
        seen.extend(sids)
        keys.extend(page_keys)
    where = f"walk by thread {record.thread} of {record.filter} room={record.room_sid}"
    assert len(seen) == len(set(seen)), f"{where} returned a recording twice"
    assert all(a > b for a, b in zip(keys, keys[1:])), f"{where}: pages out of order"
    missing = record.must_include - set(seen)
    assert not missing, f"{where} skipped {sorted(missing)} (matched for the whole walk)"


def final_walk(shared: Shared, query: str, headers: dict[str, str]) -> list[str]:
    client = Client(shared, Log(-1))
    url: str | None = f"{BASE}/v1/Recordings?{query}PageSize=7"
    sids: list[str] = []
    while url is not None:
        status, body = client.get(url, headers)
        assert status == 200, body
        assert len(body["recordings"]) <= 7
        sids.extend(r["sid"] for r in body["recordings"])
        url = body["meta"]["next_page_url"]
    return sids


@pytest.mark.parametrize("seed", ["threads-a", "threads-b"])
def test_eight_threads_see_a_consistent_store(seed: str) -> None:
    shared = build(seed)
    fake = shared.fake
    started = fake.clock.now()
    journal_before = len(fake.requests)

    logs = run_threads(shared, seed)

    made = sum(log.requests for log in logs)
    assert made > 2000, f"only {made} requests: the threads barely overlapped"
    assert fake.internal_errors == [], fake.internal_errors
    assert [e for e in fake.requests if e.status >= 500] == []
    # The journal has exactly the requests the threads made: none lost, none doubled.
    assert len(fake.requests) - journal_before == made
    assert fake.clock.now() - started < PURGE_AFTER  # so nothing may have been purged

    # No lost delete: every 204 left its recording deleted (not purged: see above).
    deleted_204 = {sid for log in logs for sid in log.deleted}
    assert deleted_204, "no thread deleted anything"
    for sid in sorted(deleted_204):
        try:
            fake.recording(sid)  # raises UsageError once purged
        except fakerec.UsageError:
            pytest.fail(f"{sid} vanished before 30 days")
        assert shared.recordings[sid].status is DELETED, f"lost delete of {sid}"
    # And no phantom delete: deleted are exactly those seeded deleted or answered 204.
    now_deleted = {sid for sid, rec in shared.recordings.items() if rec.status is DELETED}
    assert now_deleted == shared.seeded_deleted | deleted_204

    # Every page and every walk, against the handles.
    walks = [record for log in logs for record in log.walks]
    assert len(walks) > 50 and sum(len(w.pages) for w in walks) > 1000
    for record in walks:
        check_walk(shared, record)

    # The final state: walked with PageSize 7, every non-deleted recording exactly once.
    listed = final_walk(shared, "", shared.headers)
    assert len(listed) == len(set(listed))
    assert set(listed) == {
        sid for sid, rec in shared.recordings.items() if rec.status is not DELETED
    }
    keys = [(shared.recordings[s].date_created, shared.recordings[s].seq) for s in listed]
    assert keys == sorted(keys, reverse=True)
    listed_deleted = final_walk(shared, "Status=deleted&", shared.headers)
    assert sorted(listed_deleted) == sorted(now_deleted)
    assert set(final_walk(shared, "", shared.other_headers)) == shared.foreign
    assert fake.internal_errors == []
