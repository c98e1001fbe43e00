"""The state machine's rules, a mixin per concern: rooms and tracks, recordings, the clock.

Each rule acts on the fake (control plane or REST) and tells the reference model what the
contract says follows; what that is, the reference model works out itself.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from fakerec.errors import UsageError
from fakerec.testing.base import MachineBase
from fakerec.testing.strategies import recordings


class RoomRules(MachineBase):
    """Accounts, rooms, participants and tracks: recordings made the way Twilio makes them."""

    @precondition(lambda self: len(self.accounts) < self.max_accounts)
    @rule()
    def add_account(self) -> None:
        account = self.fake.add_account()
        self.accounts[account.sid] = account.auth_token

    @rule(
        account=st.integers(0, 5),
        record=st.booleans(),
        kind=st.sampled_from(("group", "group-small", "peer-to-peer", "go")),
        unused=st.sampled_from((None, 1, 2, 60)),
        empty=st.sampled_from((None, 1, 2, 60)),
        longest=st.sampled_from((None, 600, 86400)),
    )
    def create_room(
        self,
        account: int,
        record: bool,
        kind: str,
        unused: int | None,
        empty: int | None,
        longest: int | None,
    ) -> None:
        """A room of any type, with Twilio's timeouts or short and long ones; recording is
        for group rooms only (refused on peer-to-peer and go)."""
        self.sync()
        owner = self._pick(list(self.accounts), account)
        options: dict[str, Any] = {
            name: value
            for name, value in (
                ("unused_room_timeout", unused),
                ("empty_room_timeout", empty),
                ("max_participant_duration", longest),
            )
            if value is not None
        }
        try:
            room = self.fake.create_room(
                account_sid=owner, record_participants_on_connect=record, type=kind, **options
            )
        except UsageError:
            assert record and kind in ("peer-to-peer", "go"), f"{kind} room refused"
            return
        assert not (record and kind in ("peer-to-peer", "go")), f"a recorded {kind} room"
        self.rooms.append(room)
        self.composition_model.room_types[room.sid] = kind
        self.oracle.room_created(
            room.sid,
            owner,
            unused_timeout=unused,
            empty_timeout=empty,
            max_participant_duration=longest,
        )

    @precondition(lambda self: any(r.status.value == "in-progress" for r in self.rooms))
    @rule(room=st.integers(0, 100))
    def connect(self, room: int) -> None:
        self.sync()
        self._identities += 1
        chosen = self._pick(self._live_rooms(), room)
        participant = chosen.connect(f"user{self._identities}")
        self.participants.append(participant)
        self.oracle.connected(chosen.sid, participant.sid)

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
        self.handles[recording.sid] = recording
        self.oracle.start(
            self.oracle.published(
                sid=recording.sid,
                account_sid=room.account_sid,
                room_sid=room.sid,
                participant_sid=publisher.sid,
                source_sid=track.sid,
                kind=kind,
                name=name,
                bitrate=bitrate,
                at=self.fake.clock.now(),
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
        if chosen.recording is not None:
            self.oracle.set_enabled(chosen.recording.sid, enabled)

    @precondition(lambda self: any(p.connected for p in self.participants))
    @rule(participant=st.integers(0, 100))
    def disconnect(self, participant: int) -> None:
        self.sync()
        chosen = self._pick(self._connected(), participant)
        chosen.disconnect()
        self.oracle.disconnected(chosen.sid)

    @precondition(lambda self: any(r.status.value == "in-progress" for r in self.rooms))
    @rule(room=st.integers(0, 100), over_rest=st.booleans())
    def complete_room(self, room: int, over_rest: bool) -> None:
        self.sync()
        chosen = self._pick(self._live_rooms(), room)
        if over_rest:
            status, _ = self.request(
                "POST", f"/v1/Rooms/{chosen.sid}", chosen.account_sid, body="Status=completed"
            )
            assert status == 202
        else:
            chosen.complete()
        self.oracle.room_completed(chosen.sid)


class RecordingRules(MachineBase):
    """Recordings seeded in any status, deleted over REST, failed by injection."""

    @rule(account=st.integers(0, 5), fields=recordings())
    def seed(self, account: int, fields: dict[str, Any]) -> None:
        self.sync()
        owner = self._pick(list(self.accounts), account)
        recording = self.fake.add_recording(account_sid=owner, **fields)
        self.handles[recording.sid] = recording
        self._statuses[recording.sid] = recording.status  # seeding is not a transition
        self.oracle.start(
            self.oracle.seeded(
                sid=recording.sid,
                account_sid=owner,
                room_sid=recording.room_sid,
                participant_sid=recording.participant_sid,
                source_sid=recording.source_sid,
                fields=fields,
                at=self.fake.clock.now(),
            )
        )

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


class ClockRules(MachineBase):
    """Clock moves: fractions of a second, days, and onto the next completion or purge."""

    @rule(tenths=st.integers(0, 450))
    def advance_seconds(self, tenths: int) -> None:
        self.fake.clock.advance(seconds=tenths / 10)
        self.sync()

    @rule(days=st.integers(1, 31))
    def advance_days(self, days: int) -> None:
        self.fake.clock.advance(days=days)
        self.sync()

    @precondition(lambda self: bool(self.oracle.upcoming()))
    @rule(extra=st.sampled_from((-1, 0, 1)))
    def advance_to_a_boundary(self, extra: int) -> None:
        """Land one second before, on, or after the next completion, purge, room timeout or
        participant limit."""
        self.sync()
        now = self.fake.clock.now()
        step = timedelta(seconds=extra)
        upcoming = [t for t in self.oracle.upcoming() if t + step > now]
        if upcoming:
            self.fake.clock.set(min(upcoming) + step)
        self.sync()
