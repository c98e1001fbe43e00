"""A Hypothesis state machine that checks the recordings contract after every step.

Subclass ``RecordingsStateMachine`` and add rules that run your own code against
``self.fake``; every REST delete your code makes is read back from the fake's journal into the
reference model, and the invariants keep checking paging, deletion and isolation around it.
"""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from fakerec.api import basic_auth
from fakerec.domain import TRANSITIONS, Participant, Recording, RecordingStatus, Room, Track
from fakerec.errors import UsageError
from fakerec.fake import FakeVideo
from fakerec.oracle import ReferenceModel, RefQuery, RefRecording
from fakerec.strategies import list_queries, recordings

BASE = "https://video.twilio.com"
#: Twilio's size tables, middle rows: the bitrates (kbps) used when a track sets none.
DEFAULT_KBPS = {"audio": 32, "video": 700}


@dataclass
class Walk:
    """A page walk in progress, interleaved with other steps."""

    query: RefQuery
    page_size: int
    account_sid: str
    next_url: str | None
    seen: list[str] = field(default_factory=list)
    #: SIDs that matched the query at every check since the walk began.
    stayed: set[str] = field(default_factory=set)
    #: SIDs that matched at some check since the walk began.
    ever: set[str] = field(default_factory=set)


class RecordingsStateMachine(RuleBasedStateMachine):
    """Drives a ``FakeVideo`` through rooms, tracks, seeds, deletes, failures and clock moves."""

    processing_delay = 30
    #: True: the fake runs inside ``mock(freeze_time)``, so code under test that asks
    #: ``datetime.now()`` lives on the fake's clock (``freeze_time=True`` of ``FakeVideo``).
    freeze_time = False
    max_accounts = 3
    #: Page sizes every list query is walked with after every step.
    page_sizes: tuple[int, ...] = (1, 3, 1000)

    def __init__(self) -> None:
        super().__init__()
        self.fake = FakeVideo(
            seed=0, processing_delay=self.processing_delay, freeze_time=self.freeze_time
        )
        self._mock: AbstractContextManager[FakeVideo] | None = (
            self.fake.mock() if self.freeze_time else None
        )
        if self._mock is not None:
            self._mock.__enter__()
        self.oracle = ReferenceModel(timedelta(seconds=self.processing_delay))
        self.oracle.advance_to(self.fake.clock.now())
        self.accounts: dict[str, str] = {self.fake.account_sid: self.fake.auth_token}
        self.rooms: list[Room] = []
        self.participants: list[Participant] = []
        self.tracks: list[Track] = []
        self.handles: dict[str, Recording] = {}
        self._journal_read = 0
        self._identities = 0
        self.walk: Walk | None = None
        self._statuses: dict[str, RecordingStatus | None] = {}

    def teardown(self) -> None:
        """Leave ``mock()`` (when ``freeze_time``): patches undone, then ``fake.check()``."""
        if self._mock is not None:
            mock, self._mock = self._mock, None
            mock.__exit__(None, None, None)

    # --- plumbing ----------------------------------------------------------------------

    def request(
        self,
        method: str,
        url: str,
        account_sid: str | None = None,
        params: list[tuple[str, str]] | None = None,
        body: str | None = None,
    ) -> tuple[int, Any]:
        """One raw HTTP exchange with the fake, as ``account_sid`` (default: the first)."""
        account = account_sid or self.fake.account_sid
        if not url.startswith("http"):
            url = BASE + url
        if params:
            url += ("&" if "?" in url else "?") + urlencode(params)
        headers = {"Authorization": basic_auth(account, self.accounts[account])}
        answer = self.fake.dispatch(method, url, headers, body)
        assert answer.status < 500, f"{method} {url} answered {answer.status}"
        return answer.status, json.loads(answer.body) if answer.body else None

    def sync(self) -> None:
        """Bring the reference model up to the fake's clock and journal."""
        journal = self.fake.requests
        while self._journal_read < len(journal):
            exchange = journal[self._journal_read]
            self._journal_read += 1
            if exchange.method == "DELETE" and exchange.status == 204:
                assert exchange.account_sid is not None
                self.oracle.advance_to(exchange.at)
                sid = urlsplit(exchange.url).path.rstrip("/").rsplit("/", 1)[-1]
                assert self.oracle.delete(exchange.account_sid, sid), (
                    f"the fake deleted {sid}, which the contract says is not there"
                )
        self.oracle.advance_to(self.fake.clock.now())

    def _pick(self, items: list[Any], index: int) -> Any:
        return items[index % len(items)]

    def _live_rooms(self) -> list[Room]:
        return [room for room in self.rooms if room.status.value == "in-progress"]

    def _connected(self) -> list[Participant]:
        return [p for p in self.participants if p.connected]

    def _published(self) -> list[Track]:
        return [t for t in self.tracks if t.published]

    def _capture_ends(self, track: Track) -> None:
        recording = track.recording
        if recording is not None:
            self.oracle.end_capture(recording.sid, media=track.enabled)

    # --- rules: accounts and rooms -----------------------------------------------------

    @precondition(lambda self: len(self.accounts) < self.max_accounts)
    @rule()
    def add_account(self) -> None:
        account = self.fake.add_account()
        self.accounts[account.sid] = account.auth_token

    @rule(account=st.integers(0, 5), record=st.booleans())
    def create_room(self, account: int, record: bool) -> None:
        self.sync()
        owner = self._pick(list(self.accounts), account)
        room = self.fake.create_room(account_sid=owner, record_participants_on_connect=record)
        self.rooms.append(room)

    @precondition(lambda self: any(r.status.value == "in-progress" for r in self.rooms))
    @rule(room=st.integers(0, 100))
    def connect(self, room: int) -> None:
        self.sync()
        self._identities += 1
        participant = self._pick(self._live_rooms(), room).connect(f"user{self._identities}")
        self.participants.append(participant)

    @precondition(lambda self: any(p.connected for p in self.participants))
    @rule(
        participant=st.integers(0, 100),
        kind=st.sampled_from(("audio", "video", "data")),
        named=st.booleans(),
        bitrate=st.one_of(st.none(), st.integers(8, 2500)),
    )
    def publish(self, participant: int, kind: str, named: bool, bitrate: int | None) -> None:
        self.sync()
        publisher = self._pick(self._connected(), participant)
        name = f"{kind}-{len(self.tracks)}" if named else None
        track = publisher.publish(kind, name=name, bitrate=bitrate)
        self.tracks.append(track)
        room = publisher.room
        should_record = room.record_participants_on_connect and kind != "data"
        recording = track.recording
        assert (recording is not None) == should_record, "recorded iff the room records it"
        if recording is None:
            return
        now = self.fake.clock.now()
        self.handles[recording.sid] = recording
        self.oracle.start(
            RefRecording(
                sid=recording.sid,
                account_sid=room.account_sid,
                room_sid=room.sid,
                participant_sid=publisher.sid,
                source_sid=track.sid,
                type=kind,
                date_created=now.replace(microsecond=0),
                started=now,
                order=len(self.oracle.recordings),
                bitrate=bitrate if bitrate is not None else DEFAULT_KBPS[kind],
                track_name=name or track.sid,
            )
        )

    @precondition(lambda self: any(t.published for t in self.tracks))
    @rule(track=st.integers(0, 100))
    def unpublish(self, track: int) -> None:
        self.sync()
        chosen = self._pick(self._published(), track)
        self._capture_ends(chosen)
        chosen.unpublish()

    @precondition(lambda self: any(t.published for t in self.tracks))
    @rule(track=st.integers(0, 100), enabled=st.booleans())
    def mute_or_unmute(self, track: int, enabled: bool) -> None:
        self.sync()
        chosen = self._pick(self._published(), track)
        was_enabled, since = chosen.enabled, chosen.enabled_since
        if enabled:
            chosen.unmute()
        else:
            chosen.mute()
            recording = chosen.recording
            now = self.fake.clock.now()
            if was_enabled and recording is not None and since is not None and now > since:
                self.oracle.saw_media(recording.sid)

    @precondition(lambda self: any(p.connected for p in self.participants))
    @rule(participant=st.integers(0, 100))
    def disconnect(self, participant: int) -> None:
        self.sync()
        chosen = self._pick(self._connected(), participant)
        for track in chosen.tracks:
            if track.published:
                self._capture_ends(track)
        chosen.disconnect()

    @precondition(lambda self: any(r.status.value == "in-progress" for r in self.rooms))
    @rule(room=st.integers(0, 100), over_rest=st.booleans())
    def complete_room(self, room: int, over_rest: bool) -> None:
        self.sync()
        chosen = self._pick(self._live_rooms(), room)
        for participant in chosen.participants.values():
            for track in participant.tracks:
                if track.published:
                    self._capture_ends(track)
        if over_rest:
            status, _ = self.request(
                "POST", f"/v1/Rooms/{chosen.sid}", chosen.account_sid, body="Status=completed"
            )
            assert status == 202
        else:
            chosen.complete()

    # --- rules: recordings -------------------------------------------------------------

    @rule(account=st.integers(0, 5), fields=recordings())
    def seed(self, account: int, fields: dict[str, Any]) -> None:
        self.sync()
        owner = self._pick(list(self.accounts), account)
        recording = self.fake.add_recording(account_sid=owner, **fields)
        self.handles[recording.sid] = recording
        self._statuses[recording.sid] = recording.status  # seeding is not a transition
        now = self.fake.clock.now()
        duration = fields["duration"]
        muted = fields.get("muted", False)
        bitrate = fields.get("bitrate", DEFAULT_KBPS[fields["type"]])
        ref = RefRecording(
            sid=recording.sid,
            account_sid=owner,
            room_sid=recording.room_sid,
            participant_sid=recording.participant_sid,
            source_sid=recording.source_sid,
            type=fields["type"],
            date_created=now.replace(microsecond=0),
            started=now - timedelta(seconds=duration),
            order=len(self.oracle.recordings),
            status=fields["status"],
            bitrate=bitrate,
            capture_ended=now,
            media=not muted,
            track_name=fields.get("track_name") or recording.source_sid,
        )
        if ref.status == "processing":
            ref.completes_at = now + self.oracle.processing_delay
        elif ref.status in ("completed", "deleted"):
            ref.duration = duration
            ref.size = 0 if muted else bitrate * 1000 // 8 * duration
        if ref.status == "deleted":
            ref.deleted_at = now
            ref.media = False
        self.oracle.start(ref)

    @precondition(lambda self: bool(self.oracle.recordings))
    @rule(recording=st.integers(0, 1000), room_path=st.booleans(), owner=st.booleans())
    def delete(self, recording: int, room_path: bool, owner: bool) -> None:
        """DELETE over REST, by the owner or by another account; twice, purged, anything."""
        self.sync()
        ref = self._pick(self.oracle.recordings, recording)
        account = ref.account_sid
        if not owner:
            others = [sid for sid in self.accounts if sid != ref.account_sid]
            if not others:
                return
            account = others[recording % len(others)]
        expected = 204 if self.oracle.visible(account, ref.sid) is not None else 404
        path = (
            f"/v1/Rooms/{ref.room_sid}/Recordings/{ref.sid}"
            if room_path
            else (f"/v1/Recordings/{ref.sid}")
        )
        status, _ = self.request("DELETE", path, account)
        assert status == expected, f"DELETE {path} as {account}: {status}, expected {expected}"

    @precondition(lambda self: bool(self.oracle.recordings))
    @rule(recording=st.integers(0, 1000))
    def fail(self, recording: int) -> None:
        self.sync()
        ref = self._pick(self.oracle.recordings, recording)
        handle = self.handles[ref.sid]
        if ref.status == "processing":
            handle.fail(operation="RecordingUpload")
            self.oracle.fail(ref.sid)
            return
        try:
            handle.fail()
        except UsageError:
            return
        raise AssertionError(f"{ref.sid} is {ref.status}; fail() should have been refused")

    # --- rules: time -------------------------------------------------------------------

    @rule(tenths=st.integers(0, 450))
    def advance_seconds(self, tenths: int) -> None:
        self.fake.clock.advance(seconds=tenths / 10)
        self.sync()

    @rule(days=st.integers(1, 31))
    def advance_days(self, days: int) -> None:
        self.fake.clock.advance(days=days)
        self.sync()

    @precondition(lambda self: bool(self.oracle.recordings))
    @rule(extra=st.sampled_from((-1, 0, 1)))
    def advance_to_a_boundary(self, extra: int) -> None:
        """Land one second before, on, or after the next completion or purge."""
        self.sync()
        now = self.fake.clock.now()
        due = [r.completes_at for r in self.oracle.recordings if r.status == "processing"]
        due += [
            r.deleted_at + timedelta(days=30)
            for r in self.oracle.recordings
            if r.status == "deleted" and r.deleted_at is not None
        ]
        upcoming = [t for t in due if t is not None and t + timedelta(seconds=extra) > now]
        if upcoming:
            self.fake.clock.set(min(upcoming) + timedelta(seconds=extra))
        self.sync()

    # --- rules: an interleaved page walk -----------------------------------------------

    @precondition(lambda self: self.walk is None)
    @rule(data=st.data(), page_size=st.integers(1, 4), account=st.integers(0, 5))
    def begin_walk(self, data: st.DataObject, page_size: int, account: int) -> None:
        self.sync()
        owner = self._pick(list(self.accounts), account)
        query = data.draw(self._queries(owner), label="query")
        url = f"{BASE}/v1/Recordings?" + urlencode([*query.params(), ("PageSize", page_size)])
        expected = set(self.oracle.listed(owner, query))
        self.walk = Walk(query, page_size, owner, url, stayed=expected, ever=set(expected))
        self.walk_next()

    @precondition(lambda self: self.walk is not None)
    @rule()
    def walk_next(self) -> None:
        walk = self.walk
        assert walk is not None
        if walk.next_url is None:
            self._finish_walk(walk)
            return
        status, body = self.request("GET", walk.next_url, walk.account_sid)
        assert status == 200, body
        walk.seen.extend(item["sid"] for item in body["recordings"])
        walk.next_url = body["meta"]["next_page_url"]
        if walk.next_url is None:
            self._finish_walk(walk)

    def _finish_walk(self, walk: Walk) -> None:
        self.walk = None
        duplicates = {sid for sid in walk.seen if walk.seen.count(sid) > 1}
        assert not duplicates, f"a page walk returned {sorted(duplicates)} twice"
        skipped = walk.stayed - set(walk.seen)
        assert not skipped, f"a page walk skipped {sorted(skipped)}, which stayed all along"
        strangers = set(walk.seen) - walk.ever
        assert not strangers, f"a page walk returned {sorted(strangers)}, which never matched"

    @rule(data=st.data(), account=st.integers(0, 5))
    def list_with_any_query_and_page_size(self, data: st.DataObject, account: int) -> None:
        """Filters combined at random, walked at any page size from 1 to past the end."""
        self.sync()
        owner = self._pick(list(self.accounts), account)
        query = data.draw(self._queries(owner), label="query")
        expected = self.oracle.listed(owner, query)
        size = data.draw(st.integers(1, len(expected) + 2), label="page_size")
        got = self.walk_pages(owner, "/v1/Recordings", query.params(), size)
        assert got == expected, f"list {query.params()} PageSize={size}: {got} != {expected}"

    def _queries(self, account_sid: str) -> st.SearchStrategy[RefQuery]:
        mine = [r for r in self.oracle.recordings if r.account_sid == account_sid]
        return list_queries(
            source_sids=tuple(r.source_sid for r in mine),
            grouping_sids=tuple(s for r in mine for s in r.grouping()),
            moments=tuple(r.date_created for r in mine),
        )

    # --- invariants --------------------------------------------------------------------

    @invariant()
    def contract_holds(self) -> None:
        self.sync()
        self.check_transitions()
        self.check_fetch_and_media()
        self.check_lists()
        if self.walk is not None:
            now_listed = set(self.oracle.listed(self.walk.account_sid, self.walk.query))
            self.walk.stayed &= now_listed
            self.walk.ever |= now_listed

    def check_transitions(self) -> None:
        """Every status change the fake's live handles went through is an edge of TRANSITIONS."""
        edges = {(source, target) for source, _, target in TRANSITIONS}
        for sid, handle in self.handles.items():
            now = handle.status
            before = self._statuses.get(sid)
            if before is not now:
                assert (before, now) in edges, f"{sid}: {before} -> {now} is not in TRANSITIONS"
                self._statuses[sid] = now

    def check_fetch_and_media(self) -> None:
        for ref in self.oracle.recordings:
            for path in (
                f"/v1/Recordings/{ref.sid}",
                f"/v1/Rooms/{ref.room_sid}/Recordings/{ref.sid}",
            ):
                status, body = self.request("GET", path, ref.account_sid)
                if ref.status == "purged":
                    assert status == 404, f"{ref.sid} was purged but GET {path} is {status}"
                    continue
                assert status == 200, f"GET {path}: {status} {body}"
                actual = (body["status"], body["duration"], body["size"], body["type"])
                expected = (ref.status, ref.duration, ref.size, ref.type)
                assert actual == expected, f"{ref.sid}: {actual} != {expected}"
                assert body["date_created"] == ref.date_created.strftime("%Y-%m-%dT%H:%M:%SZ")
                assert body["track_name"] == ref.track_name
                assert body["grouping_sids"] == {
                    "room_sid": ref.room_sid,
                    "participant_sid": ref.participant_sid,
                }
            media, _ = self.request("GET", f"/v1/Recordings/{ref.sid}/Media", ref.account_sid)
            want = 302 if self.oracle.media_available(ref) else 404
            assert media == want, f"{ref.sid} is {ref.status}: /Media {media}, expected {want}"
            for other in self.accounts:
                if other != ref.account_sid:
                    status, _ = self.request("GET", f"/v1/Recordings/{ref.sid}", other)
                    assert status == 404, f"{other} can see {ref.account_sid}'s {ref.sid}"

    def check_lists(self) -> None:
        for account in self.accounts:
            for query in self._fixed_queries(account):
                expected = self.oracle.listed(account, query)
                for size in self.page_sizes:
                    got = self.walk_pages(account, "/v1/Recordings", query.params(), size)
                    assert got == expected, (
                        f"list {query.params()} PageSize={size} as {account}: {got} != {expected}"
                    )
            for room in self.rooms:
                if room.account_sid != account:
                    continue
                for status in (None, "deleted"):
                    query = RefQuery(status=status)
                    expected = self.oracle.listed(account, query, room_sid=room.sid)
                    got = self.walk_pages(
                        account, f"/v1/Rooms/{room.sid}/Recordings", query.params(), 2
                    )
                    assert got == expected, f"room {room.sid} list {status}: {got} != {expected}"

    def _fixed_queries(self, account_sid: str) -> list[RefQuery]:
        """The default list, each status, each filter alone, and one combination."""
        queries = [RefQuery()]
        queries += [RefQuery(status=s) for s in ("processing", "completed", "failed", "deleted")]
        queries += [RefQuery(media_type=m) for m in ("audio", "video", "data")]
        mine = [r for r in self.oracle.recordings if r.account_sid == account_sid]
        if mine:
            sample = mine[len(mine) // 2]
            queries += [
                RefQuery(source_sid=sample.source_sid),
                RefQuery(grouping_sids=[sample.room_sid]),
                RefQuery(grouping_sids=[sample.participant_sid]),
                RefQuery(grouping_sids=[sample.room_sid, sample.participant_sid]),
                RefQuery(created_after=sample.date_created),
                RefQuery(created_before=sample.date_created),
                RefQuery(
                    status="completed",
                    media_type=sample.type,
                    grouping_sids=[sample.room_sid],
                    created_after=sample.date_created - timedelta(seconds=1),
                ),
            ]
        return queries

    def walk_pages(
        self, account_sid: str, path: str, params: list[tuple[str, str]], page_size: int
    ) -> list[str]:
        """Every SID of a list, following next_page_url; then back with previous_page_url."""
        url: str | None = f"{BASE}{path}?" + urlencode([*params, ("PageSize", page_size)])
        pages: list[list[str]] = []
        metas: list[dict[str, Any]] = []
        while url is not None:
            status, body = self.request("GET", url, account_sid)
            assert status == 200, f"GET {url}: {status} {body}"
            meta = body["meta"]
            pages.append([item["sid"] for item in body["recordings"]])
            metas.append(meta)
            assert meta["page"] == len(pages) - 1 and meta["page_size"] == page_size
            assert meta["key"] == "recordings"
            assert meta["first_page_url"] == metas[0]["url"], "first_page_url must not move"
            assert len(pages[-1]) <= page_size
            if meta["next_page_url"] is not None:
                assert len(pages[-1]) == page_size, "only the last page may be short"
            url = meta["next_page_url"]
        assert metas[0]["previous_page_url"] is None
        assert _same_filters(metas[0]["url"], params)
        # Walk back: the same pages in reverse.
        back = metas[-1]["previous_page_url"]
        index = len(pages) - 2
        while back is not None:
            status, body = self.request("GET", back, account_sid)
            assert status == 200
            assert [item["sid"] for item in body["recordings"]] == pages[index], "walk back"
            back = body["meta"]["previous_page_url"]
            index -= 1
        assert index == -1, "previous_page_url must lead back to the first page"
        return [sid for page in pages for sid in page]


def _same_filters(url: str, params: list[tuple[str, str]]) -> bool:
    carried = [(k, v) for k, v in parse_qsl(urlsplit(url).query) if k not in ("PageSize", "Page")]
    return sorted(carried) == sorted(params)
