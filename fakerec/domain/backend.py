"""The state of one fake: accounts, rooms, recordings, and the clock-driven lifecycle.

Transitions that depend on time (processing -> completed, deleted -> purged) are kept in a
heap of due times and applied by ``settle()``, which every read and write calls first, so a
transition that fell due is visible on the very next read without any scanning.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any, Callable

from fakerec import errors
from fakerec.clock import Clock, as_utc
from fakerec.domain import checks, events, rules
from fakerec.domain.index import RecordingIndex, entry_of
from fakerec.domain.locking import DeferringLock
from fakerec.domain.models import (
    CODECS,
    CONTAINER,
    DEFAULT_BITRATE_KBPS,
    DEFAULT_CODEC,
    RECORDED_KINDS,
    VIDEO_EPOCH,
    Account,
    ApiKey,
    Participant,
    Recording,
    RecordingStatus,
    Room,
    RoomStatus,
    Track,
    recording_size,
)
from fakerec.domain.query import RecordingQuery, RoomQuery
from fakerec.errors import UsageError
from fakerec.sids import SidGenerator

#: How long a deleted recording's metadata is kept [DOC].
RETENTION_AFTER_DELETE = timedelta(days=30)

#: A recording's place in the newest-first order: (date_created epoch seconds, creation seq).
SortKey = tuple[int, int]
#: (room, event name, Twilio's callback parameters, when it happened)
EventListener = Callable[[Room, str, dict[str, str], datetime], None]

_COMPLETE = "complete"
_PURGE = "purge"


def whole_seconds(moment: datetime) -> datetime:
    """Twilio's timestamps have no fraction; the fake stores them the way it shows them."""
    return as_utc(moment).replace(microsecond=0)


def rounded_duration(span: timedelta) -> int:
    """Whole seconds, rounded half up; a sub-second track reports 1 [DOC]."""
    seconds = int(span.total_seconds() + 0.5)
    return max(seconds, 1)


class VideoBackend:
    def __init__(self, clock: Clock, sids: SidGenerator, processing_delay: timedelta) -> None:
        self.clock = clock
        self.sids = sids
        self.processing_delay = processing_delay
        self.lock = DeferringLock()
        self.accounts: dict[str, Account] = {}
        self.api_keys: dict[str, ApiKey] = {}
        self.rooms: dict[str, Room] = {}
        self._rooms_by_account: dict[str, list[Room]] = {}
        self.recordings: dict[str, Recording] = {}
        self._index = RecordingIndex()
        self._due: list[tuple[datetime, int, str, str]] = []
        #: FailedOperation values for the next recordings due to complete: they fail instead.
        self.pending_failures: list[str] = []
        #: Told of every status-callback event of a room with a StatusCallback.
        self.on_event: EventListener | None = None
        self._seq = 0

    # --- time --------------------------------------------------------------------------

    def now(self) -> datetime:
        return self.clock.now()

    def settle(self) -> None:
        """Apply every transition whose due time has come."""
        if not self._due:
            return
        with self.lock:
            now = self.clock.now()
            due = self._due
            while due and due[0][0] <= now:
                at, _, action, sid = heapq.heappop(due)
                recording = self.recordings.get(sid)
                if recording is None:
                    continue
                if action == _COMPLETE and recording._status is RecordingStatus.PROCESSING:
                    if self.pending_failures:
                        self._fail(recording, self.pending_failures.pop(0), at)
                    else:
                        self._complete(recording, at)
                elif action == _PURGE and recording._status is RecordingStatus.DELETED:
                    self._purge(recording)

    def _schedule(self, at: datetime, action: str, sid: str) -> None:
        self._seq += 1
        heapq.heappush(self._due, (at, self._seq, action, sid))

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    # --- accounts ----------------------------------------------------------------------

    def add_account(self) -> Account:
        with self.lock:
            account = Account(self.sids.sid("AC"), self.sids.secret())
            self.accounts[account.sid] = account
            self._rooms_by_account[account.sid] = []
            return account

    def add_api_key(self, account_sid: str) -> ApiKey:
        with self.lock:
            account = self._account(account_sid)
            key = ApiKey(self.sids.sid("SK"), self.sids.secret(), account.sid)
            account.api_keys[key.sid] = key
            self.api_keys[key.sid] = key
            return key

    def authenticate(self, username: str, password: str) -> str | None:
        """The account SID these Basic credentials act as, or None."""
        account = self.accounts.get(username)
        if account is not None:
            return account.sid if account.auth_token == password else None
        key = self.api_keys.get(username)
        if key is not None and key.secret == password:
            return key.account_sid
        return None

    def _account(self, account_sid: str) -> Account:
        account = self.accounts.get(account_sid)
        if account is None:
            raise UsageError(f"no account {account_sid} in this fake (see add_account())")
        return account

    # --- rooms -------------------------------------------------------------------------

    def create_room(self, account_sid: str, **options: Any) -> Room:
        with self.lock:
            self.settle()
            self._account(account_sid)
            room = Room(
                self, self.sids.sid("RM"), account_sid, whole_seconds(self.now()), **options
            )
            self._add_room(room)
            self._emit(room, "room-created", room.date_created)
            return room

    def _add_room(self, room: Room) -> None:
        room.seq = self._next_seq()
        self.rooms[room.sid] = room
        self._rooms_by_account[room.account_sid].append(room)

    def find_room(self, account_sid: str, sid_or_name: str) -> Room | None:
        """A room by SID, or by the unique name of an in-progress room."""
        room = self.rooms.get(sid_or_name)
        if room is not None:
            return room if room.account_sid == account_sid else None
        for room in self._rooms_by_account.get(account_sid, ()):
            if room.unique_name == sid_or_name and room.status is RoomStatus.IN_PROGRESS:
                return room
        return None

    def in_progress_room_named(self, account_sid: str, unique_name: str) -> Room | None:
        for room in self._rooms_by_account.get(account_sid, ()):
            if room.status is RoomStatus.IN_PROGRESS and room.unique_name == unique_name:
                return room
        return None

    def list_rooms(self, account_sid: str, query: RoomQuery) -> list[Room]:
        """Matching rooms, oldest first (the order of their sort keys)."""
        rooms = self._rooms_by_account.get(account_sid, [])
        return sorted((room for room in rooms if query.matches(room)), key=self.room_key)

    @staticmethod
    def room_key(room: Room) -> SortKey:
        return (_epoch(room.date_created), room.seq)

    def complete_room(self, room: Room) -> None:
        with self.lock:
            self.settle()
            if room.status is not RoomStatus.IN_PROGRESS:
                return
            for participant in list(room.participants.values()):
                if participant.connected:
                    self._disconnect(participant)
            now = self.now()
            room.status = RoomStatus.COMPLETED
            room.end_time = whole_seconds(now)
            room.date_updated = room.end_time
            self._emit(room, "room-ended", now, {"RoomDuration": str(room.duration)})

    def connect(self, room: Room, identity: str) -> Participant:
        with self.lock:
            self.settle()
            if room.status is not RoomStatus.IN_PROGRESS:
                raise UsageError(f"cannot connect to {room!r}: it is {room.status.value}")
            if not isinstance(identity, str) or not identity:
                raise UsageError(f"identity is a non-empty string, not {identity!r}")
            participant = Participant(self, self.sids.sid("PA"), room, identity)
            participant.connected_at = self.now()
            room.participants[participant.sid] = participant
            self._emit(
                room,
                "participant-connected",
                participant.connected_at,
                events.participant(participant),
            )
            return participant

    def disconnect(self, participant: Participant) -> None:
        with self.lock:
            self.settle()
            if participant.connected:
                self._disconnect(participant)

    def _disconnect(self, participant: Participant) -> None:
        for track in participant.tracks:
            if track.published:
                self._unpublish(track)
        participant.connected = False
        now = self.now()
        self._emit(
            participant.room, "participant-disconnected", now, events.participant(participant, now)
        )

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
            if not participant.connected:
                raise UsageError(f"{participant!r} has disconnected and cannot publish")
            if kind not in ("audio", "video", "data"):
                raise UsageError(f"track kind must be audio, video or data, not {kind!r}")
            if name is not None:
                checks.text("name", name)
            if bitrate is not None:
                checks.whole("bitrate", bitrate, minimum=1)
            if kind in CODECS:
                codec = (codec or DEFAULT_CODEC[kind]).upper()
                if codec not in CODECS[kind]:
                    raise UsageError(f"{kind} codec must be one of {CODECS[kind]}, not {codec!r}")
            track = Track(
                self,
                self.sids.sid("MT"),
                participant,
                kind,
                name,
                codec or "",
                bitrate if bitrate is not None else DEFAULT_BITRATE_KBPS.get(kind, 0),
            )
            track.enabled_since = self.now()
            participant.tracks.append(track)
            self._emit(participant.room, "track-added", self.now(), events.track(track))
            if self._rule_includes(participant.room, track):
                self._start_recording(track)
            return track

    def unpublish(self, track: Track) -> None:
        with self.lock:
            self.settle()
            if track.published:
                self._unpublish(track)

    def _unpublish(self, track: Track) -> None:
        self._end_capture(track)
        track.published = False
        self._emit(track.participant.room, "track-removed", self.now(), events.track(track))

    def set_track_enabled(self, track: Track, enabled: bool) -> None:
        """Mute or unmute. Enabled for no time at all (muted the instant it was published or
        unmuted) writes no media; enabled for any span, or when capture ends, does."""
        with self.lock:
            self.settle()
            if enabled == track.enabled:
                return
            now = self.now()
            if not enabled:
                if track.enabled_since is not None and now > track.enabled_since:
                    self._mark_media(track)
                track.enabled_since = None
            else:
                track.enabled_since = now
            track.enabled = enabled

    @staticmethod
    def _mark_media(track: Track) -> None:
        recording = track.recording
        if recording is not None and recording.capture_ended is None:
            recording.has_media = True

    def set_recording_rules(self, room: Room, new_rules: Any) -> None:
        """Replace the rules and re-evaluate every published track against them."""
        with self.lock:
            self.settle()
            if room.status is not RoomStatus.IN_PROGRESS:
                raise errors.room_not_in_progress()
            room.recording_rules = rules.validate(new_rules)
            room.rules_updated = whole_seconds(self.now())
            for participant in room.participants.values():
                for track in participant.tracks:
                    if not track.published:
                        continue
                    capturing = (
                        track.recording is not None and track.recording.capture_ended is None
                    )
                    included = self._rule_includes(room, track)
                    if included and not capturing:
                        self._start_recording(track)
                    elif capturing and not included:
                        self._end_capture(track)

    @staticmethod
    def _rule_includes(room: Room, track: Track) -> bool:
        if room.status is not RoomStatus.IN_PROGRESS or track.kind not in RECORDED_KINDS:
            return False
        name = track.name or track.sid
        return rules.records(room.recording_rules, track.kind, track.participant.identity, name)

    # --- recordings --------------------------------------------------------------------

    def _start_recording(self, track: Track) -> Recording:
        participant = track.participant
        room = participant.room
        now = self.now()
        recording = self._new_recording(
            account_sid=room.account_sid,
            room=room,
            participant_sid=participant.sid,
            source_sid=track.sid,
            type=track.kind,
            codec=track.codec,
            track_name=track.name or track.sid,
            date_created=whole_seconds(now),
            bitrate=track.bitrate,
            track=track,
        )
        recording.capture_started = now  # exact: duration counts from here, not the shown second
        track.recordings.append(recording)  # before the event, so a receiver can see it
        self._emit(room, "recording-started", now, events.recording(recording, track))
        recording.has_media = False  # until the track is seen enabled during capture
        if track.enabled:
            track.enabled_since = recording.capture_started
        return recording

    def _new_recording(
        self,
        *,
        account_sid: str,
        room: Room,
        participant_sid: str,
        source_sid: str,
        type: str,
        codec: str,
        track_name: str,
        date_created: datetime,
        bitrate: int,
        track: Track | None = None,
        offset: int | None = None,
        media_external_location: str | None = None,
        status_callback: str | None = None,
        status_callback_method: str | None = None,
        status: RecordingStatus = RecordingStatus.PROCESSING,
    ) -> Recording:
        if offset is None:
            offset = int((room.date_created - VIDEO_EPOCH).total_seconds() * 1000)
        sid = self.sids.sid("RT")
        if media_external_location is None:
            settings = self.accounts[account_sid].recording_settings
            media_external_location = settings.external_location(sid, CONTAINER[type])
        recording = Recording(
            self,
            sid=sid,
            seq=self._next_seq(),
            account_sid=account_sid,
            room_sid=room.sid,
            participant_sid=participant_sid,
            source_sid=source_sid,
            type=type,
            codec=codec,
            track_name=track_name,
            date_created=date_created,
            offset=offset,
            bitrate=bitrate,
            status_callback=status_callback
            if status_callback is not None
            else room.status_callback,
            status_callback_method=status_callback_method or room.status_callback_method,
            media_external_location=media_external_location,
            track=track,
        )
        self.recordings[recording.sid] = recording
        recording._status = status  # indexed under the status it starts with
        self._index.add(recording)
        return recording

    def _end_capture(self, track: Track) -> None:
        recording = track.recording
        if recording is None or recording.capture_ended is not None:
            return
        if track.enabled:
            self._mark_media(track)
        now = self.now()
        recording.capture_ended = now
        if recording._status is RecordingStatus.PROCESSING:
            self._schedule(now + self.processing_delay, _COMPLETE, recording.sid)

    def _complete(self, recording: Recording, at: datetime) -> None:
        assert recording.capture_ended is not None
        duration = rounded_duration(recording.capture_ended - recording.capture_started)
        self._set_status(recording, RecordingStatus.COMPLETED)
        recording.final_duration = duration
        recording.final_size = (
            recording_size(recording.bitrate, duration) if recording.has_media else 0
        )
        self._emit_recording(recording, "recording-completed", at, events.completed(recording))

    def fail_recording(self, recording: Recording, operation: str) -> None:
        with self.lock:
            self.settle()
            if recording._status is not RecordingStatus.PROCESSING:
                raise UsageError(
                    f"only a processing recording can fail; {recording.sid} is "
                    f"{recording._status.value}"
                )
            if recording.capture_ended is None:
                recording.capture_ended = self.now()
            self._fail(recording, operation, self.now())

    def _fail(self, recording: Recording, operation: str, at: datetime) -> None:
        self._set_status(recording, RecordingStatus.FAILED)
        recording.failed_operation = operation
        self._emit_recording(recording, "recording-failed", at, {"FailedOperation": operation})

    # --- status callbacks --------------------------------------------------------------

    def _emit(
        self, room: Room, event: str, at: datetime, extra: dict[str, str] | None = None
    ) -> None:
        if self.on_event is None or not room.status_callback:
            return
        room.callback_sequence += 1
        params = events.room(room, event, at, room.callback_sequence - 1)
        params.update(extra or {})
        self.on_event(room, event, params, at)

    def _emit_recording(
        self, recording: Recording, event: str, at: datetime, extra: dict[str, str]
    ) -> None:
        room = self.rooms.get(recording.room_sid)
        if room is None or recording.track is None:
            return  # seeded recordings send no callbacks
        self._emit(room, event, at, {**events.recording(recording, recording.track), **extra})

    def delete_recording(self, account_sid: str, sid: str) -> bool:
        """Delete media and keep metadata for 30 days. False when there is no such recording."""
        with self.lock:
            self.settle()
            recording = self.get_recording(account_sid, sid)
            if recording is None:
                return False
            if recording._status is RecordingStatus.DELETED:
                return True
            now = self.now()
            if recording.capture_ended is None:
                recording.capture_ended = now
            self._set_status(recording, RecordingStatus.DELETED)
            recording.has_media = False
            recording.deleted_at = now
            self._schedule(now + RETENTION_AFTER_DELETE, _PURGE, recording.sid)
            return True

    def _purge(self, recording: Recording) -> None:
        self._index.remove(recording)
        recording._status = RecordingStatus.PURGED
        del self.recordings[recording.sid]

    def _set_status(self, recording: Recording, status: RecordingStatus) -> None:
        old, recording._status = recording._status, status
        if old is not status:
            self._index.restatus(recording, old)

    def get_recording(self, account_sid: str, sid: str) -> Recording | None:
        recording = self.recordings.get(sid)
        if recording is None or recording.account_sid != account_sid:
            return None
        return recording

    def room_recordings(self, room: Room) -> list[Recording]:
        with self.lock:
            self.settle()
            return list(self.scan(room.account_sid, _any_status(room.sid), None, newer=False))

    def scan(
        self,
        account_sid: str,
        query: RecordingQuery | Callable[[Recording], bool],
        key: SortKey | None,
        *,
        newer: bool,
    ) -> Iterator[Recording]:
        """Matching recordings beyond ``key`` (exclusive), walking away from it.

        ``newer=False`` walks toward older recordings (newest first: the list order);
        ``newer=True`` walks toward newer ones (oldest first). ``key=None`` starts at the end.
        """
        matches: Callable[[Recording], bool]
        if isinstance(query, RecordingQuery):
            sids = self._index.walk(account_sid, query, key, newer)
            matches = query.matches
        else:
            sids = self._index.walk(account_sid, None, key, newer)
            matches = query
        recordings = self.recordings
        for sid in sids:
            recording = recordings[sid]
            if matches(recording):
                yield recording

    @staticmethod
    def sort_key(recording: Recording) -> SortKey:
        epoch, seq, _ = entry_of(recording)
        return (epoch, seq)

    # --- direct seeding ----------------------------------------------------------------

    def add_recording(
        self,
        account_sid: str,
        *,
        status: str | RecordingStatus = RecordingStatus.COMPLETED,
        type: str = "audio",
        duration: int = 10,
        codec: str | None = None,
        track_name: str | None = None,
        date_created: datetime | None = None,
        room_sid: str | None = None,
        participant_sid: str | None = None,
        source_sid: str | None = None,
        size: int | None = None,
        bitrate: int | None = None,
        offset: int | None = None,
        media_external_location: str | None = None,
        status_callback: str | None = None,
        status_callback_method: str | None = None,
        muted: bool = False,
        failed_operation: str = "RecordingUpload",
    ) -> Recording:
        with self.lock:
            self.settle()
            self._account(account_sid)
            status = RecordingStatus(status)
            if status is RecordingStatus.PURGED:
                raise UsageError("a purged recording is gone; there is nothing to seed")
            if type not in RECORDED_KINDS:
                raise UsageError(f"recording type must be audio or video, not {type!r}")
            codec = (codec or DEFAULT_CODEC[type]).upper()
            if codec not in CODECS[type]:
                raise UsageError(f"{type} codec must be one of {CODECS[type]}, not {codec!r}")
            if duration < 0:
                raise UsageError("duration cannot be negative")
            now = self.now()
            created = whole_seconds(date_created or now)
            room = self._seed_room(account_sid, room_sid, created, duration)
            source = source_sid or self.sids.sid("MT")
            recording = self._new_recording(
                account_sid=account_sid,
                room=room,
                participant_sid=participant_sid or self.sids.sid("PA"),
                source_sid=source,
                type=type,
                codec=codec,
                track_name=track_name or source,
                date_created=created,
                bitrate=bitrate if bitrate is not None else DEFAULT_BITRATE_KBPS[type],
                offset=offset,
                media_external_location=media_external_location,
                status_callback=status_callback,
                status_callback_method=status_callback_method,
                status=status,
            )
            recording.has_media = not muted
            recording.capture_ended = now
            final_size = (
                size
                if size is not None
                else (0 if muted else recording_size(recording.bitrate, duration))
            )
            if status is RecordingStatus.PROCESSING:
                # Capture has ended; it completes with this duration after the delay.
                recording.capture_started = now - timedelta(seconds=duration)
                self._schedule(now + self.processing_delay, _COMPLETE, recording.sid)
                return recording
            recording.final_duration = duration
            recording.final_size = final_size
            if status is RecordingStatus.FAILED:
                recording.failed_operation = failed_operation
                recording.final_duration = recording.final_size = None
            elif status is RecordingStatus.DELETED:
                recording.has_media = False
                recording.deleted_at = now
                self._schedule(now + RETENTION_AFTER_DELETE, _PURGE, recording.sid)
            return recording

    def _seed_room(
        self, account_sid: str, room_sid: str | None, created: datetime, duration: int
    ) -> Room:
        if room_sid is not None and room_sid in self.rooms:
            room = self.rooms[room_sid]
            if room.account_sid != account_sid:
                raise UsageError(f"{room_sid} belongs to another account")
            return room
        room = Room(self, room_sid or self.sids.sid("RM"), account_sid, created)
        room.status = RoomStatus.COMPLETED
        room.end_time = created + timedelta(seconds=duration)
        room.date_updated = room.end_time
        self._add_room(room)
        return room


def _epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def _any_status(room_sid: str) -> Callable[[Recording], bool]:
    return lambda recording: recording.room_sid == room_sid
