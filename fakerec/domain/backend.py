"""``VideoBackend``: one fake's state, and the one door to it.

Every operation takes the fake's lock and first applies whatever the clock made due (so a
transition that fell due is visible on the very next read, without scanning), then hands the
work to the part that knows it: accounts, rooms and their activity, the recorder (a
recording's life), the store and its indexes, seeding. Those parts never lock; this does.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any, Callable

from fakerec.clock import Clock
from fakerec.domain.accounts import Account, AccountBook, ApiKey, update_settings
from fakerec.domain.activity import RoomActivity
from fakerec.domain.composer import Composer
from fakerec.domain.composition_hooks import CompositionHook, HookBook
from fakerec.domain.composition_ops import CompositionOps
from fakerec.domain.compositions import Composition, CompositionStore
from fakerec.domain.context import Context
from fakerec.domain.events import EventBus, EventListener
from fakerec.domain.locking import DeferringLock
from fakerec.domain.models import Participant, Recording, Room, Track
from fakerec.domain.query import RecordingQuery, RoomQuery
from fakerec.domain.recorder import (
    RETENTION_AFTER_DELETE,
    Recorder,
    rounded_duration,
    whole_seconds,
)
from fakerec.domain.rooms import RoomStore, room_key
from fakerec.domain.roster import ParticipantQuery, Roster, participant_key
from fakerec.domain.seeding import Seeder
from fakerec.domain.store import RecordingStore, SortKey
from fakerec.domain.timeline import ROOM_ACTIONS, Timeline
from fakerec.sids import SidGenerator

__all__ = [
    "RETENTION_AFTER_DELETE",
    "SortKey",
    "VideoBackend",
    "rounded_duration",
    "whole_seconds",
]


class VideoBackend(CompositionOps):
    def __init__(self, clock: Clock, sids: SidGenerator, processing_delay: timedelta) -> None:
        self.clock = clock
        self.sids = sids
        self.lock = DeferringLock()
        self._timeline = Timeline()
        #: True while due transitions are applied: a live read inside one does not re-enter.
        self._settling = False
        self._bus = EventBus()
        self._accounts = AccountBook(sids)
        self._rooms = RoomStore()
        self._store = RecordingStore()
        self._roster = Roster()
        context = Context(self, clock, sids, self._timeline, self._bus)
        self._recorder = Recorder(context, self._store, self._accounts, processing_delay)
        self._activity = RoomActivity(context, self._rooms, self._recorder)
        self._compositions = CompositionStore()
        self._hooks = HookBook()
        self._composer = Composer(
            context, self, self._compositions, self._store, self._hooks, self._accounts
        )
        self._seeder = Seeder(context, self._accounts, self._rooms, self._activity, self._recorder)
        # What the rest of fakerec reads: plain mappings, never changed from outside.
        self.accounts: dict[str, Account] = self._accounts.by_sid
        self.rooms: dict[str, Room] = self._rooms.rooms
        self.recordings: dict[str, Recording] = self._store.recordings
        self.compositions: dict[str, Composition] = self._compositions.compositions
        self.hooks: dict[str, CompositionHook] = self._hooks.hooks
        #: FailedOperation values for the next recordings due to complete: they fail instead.
        self.pending_failures: list[str] = self._recorder.pending_failures

    @property
    def processing_delay(self) -> timedelta:
        return self._recorder.processing_delay

    @property
    def on_event(self) -> EventListener | None:
        """Told of every status-callback event of a room with a StatusCallback."""
        return self._bus.listener

    @on_event.setter
    def on_event(self, listener: EventListener | None) -> None:
        self._bus.listener = listener

    # --- time --------------------------------------------------------------------------

    def now(self) -> datetime:
        return self.clock.now()

    def settle(self) -> None:
        """Apply every transition whose due time has come, earliest first, each at its own
        due instant (a room's timeout ends it at the timeout, not at the clock's now)."""
        timeline = self._timeline
        if not timeline or not timeline.has_due(self.clock.now()):
            return
        with self.lock:
            if self._settling:
                return  # a live handle read while a transition is applied: it is under way
            self._settling = True
            try:
                for at, action, sid in timeline.pop_due(self.clock.now()):
                    if action in ROOM_ACTIONS:
                        self._activity.apply(at, action, sid)
                    elif action.startswith("composition"):
                        self._composer.apply(at, action, sid)
                    else:
                        self._recorder.apply(at, action, sid)
            finally:
                self._settling = False

    # --- accounts ----------------------------------------------------------------------

    def add_account(self) -> Account:
        with self.lock:
            return self._accounts.add()

    def add_api_key(self, account_sid: str) -> ApiKey:
        with self.lock:
            return self._accounts.add_api_key(account_sid)

    def authenticate(self, username: str, password: str) -> str | None:
        """The account SID these Basic credentials act as, or None."""
        return self._accounts.authenticate(username, password)

    def update_recording_settings(self, account_sid: str, **changes: Any) -> Account:
        with self.lock:
            account = self._accounts.get(account_sid)
            update_settings(account.recording_settings, **changes)
            return account

    # --- rooms, participants, tracks ---------------------------------------------------

    def create_room(self, account_sid: str, **options: Any) -> Room:
        with self.lock:
            self.settle()
            self._accounts.get(account_sid)
            return self._activity.create_room(account_sid, **options)

    def find_room(self, account_sid: str, sid_or_name: str) -> Room | None:
        """A room by SID, or by the unique name of an in-progress room."""
        return self._rooms.find(account_sid, sid_or_name)

    def in_progress_room_named(self, account_sid: str, unique_name: str) -> Room | None:
        return self._rooms.in_progress_named(account_sid, unique_name)

    def scan_rooms(
        self, account_sid: str, query: RoomQuery, key: SortKey | None, *, newer: bool, skip: int = 0
    ) -> Iterator[Room]:
        return self._rooms.scan(account_sid, query, key, newer=newer, skip=skip)

    room_key = staticmethod(room_key)

    def participant(self, sid: str) -> Participant | None:
        return self._rooms.participants.get(sid)

    def track(self, sid: str) -> Track | None:
        return self._rooms.tracks.get(sid)

    def complete_room(self, room: Room) -> None:
        self._locked(self._activity.complete_room, room)

    def connect(self, room: Room, identity: str) -> Participant:
        with self.lock:
            self.settle()
            participant = self._activity.connect(room, identity)
            self._roster.add(participant)
            return participant

    def disconnect(self, participant: Participant) -> None:
        self._locked(self._activity.disconnect, participant)

    def publish(
        self,
        participant: Participant,
        kind: str,
        name: str | None,
        *,
        codec: str | None,
        bitrate: int | None,
    ) -> Track:
        with self.lock:
            self.settle()
            return self._activity.publish(participant, kind, name, codec=codec, bitrate=bitrate)

    def unpublish(self, track: Track) -> None:
        self._locked(self._activity.unpublish, track)

    def set_track_enabled(self, track: Track, enabled: bool) -> None:
        self._locked(self._activity.set_track_enabled, track, enabled)

    def set_recording_rules(self, room: Room, new_rules: Any) -> None:
        self._locked(self._activity.set_recording_rules, room, new_rules)

    def scan_participants(
        self,
        room: Room,
        query: ParticipantQuery,
        key: SortKey | None,
        *,
        newer: bool,
        skip: int = 0,
    ) -> Iterator[Participant]:
        """Matching participants of one room beyond ``key``, as ``scan`` walks recordings."""
        return self._roster.scan(room, query, key, newer=newer, skip=skip)

    participant_key = staticmethod(participant_key)

    def set_subscribe_rules(self, participant: Participant, new_rules: Any) -> None:
        self._locked(self._activity.set_subscribe_rules, participant, new_rules)

    # --- recordings --------------------------------------------------------------------

    def fail_recording(self, recording: Recording, operation: str) -> None:
        self._locked(self._recorder.fail, recording, operation)

    def delete_recording(self, account_sid: str, sid: str) -> bool:
        """Delete media and keep metadata for 30 days. False when there is no such recording."""
        with self.lock:
            self.settle()
            recording = self.get_recording(account_sid, sid)
            if recording is None:
                return False
            self._recorder.delete(recording)
            return True

    @property
    def recordings_revision(self) -> int:
        """Changes with anything a recordings list could show (see ``RecordingStore``)."""
        return self._store.revision

    def get_recording(self, account_sid: str, sid: str) -> Recording | None:
        return self._store.get(account_sid, sid)

    def room_recordings(self, room: Room) -> list[Recording]:
        with self.lock:
            self.settle()
            return self._store.in_room(room.account_sid, room.sid)

    def scan(
        self,
        account_sid: str,
        query: RecordingQuery,
        key: SortKey | None,
        *,
        newer: bool,
        skip: int = 0,
    ) -> Iterator[Recording]:
        """Matching recordings beyond ``key`` (exclusive); see ``RecordingStore.scan``."""
        return self._store.scan(account_sid, query, key, newer=newer, skip=skip)

    sort_key = staticmethod(RecordingStore.sort_key)

    def add_recording(self, account_sid: str, **fields: Any) -> Recording:
        """Seed a recording directly (see ``Seeder.add_recording`` for the fields)."""
        with self.lock:
            self.settle()
            return self._seeder.add_recording(account_sid, **fields)

    # --- plumbing ----------------------------------------------------------------------

    def _locked(self, operation: Callable[..., None], *args: Any) -> None:
        """Run one operation under the lock, after whatever the clock made due."""
        with self.lock:
            self.settle()
            operation(*args)
