"""A recording's life: started by a track, captured, processed, completed or failed, deleted,
purged. Each transition is one of ``TRANSITIONS``; the clock-driven ones wait in the timeline.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from fakerec.clock import as_utc
from fakerec.domain import events
from fakerec.domain.accounts import AccountBook
from fakerec.domain.context import Context
from fakerec.domain.models import Recording, Room, Track
from fakerec.domain.store import RecordingStore
from fakerec.domain.timeline import COMPLETE, PURGE
from fakerec.domain.vocabulary import CONTAINER, VIDEO_EPOCH, RecordingStatus, recording_size
from fakerec.errors import UsageError

#: How long a deleted recording's metadata is kept [DOC].
RETENTION_AFTER_DELETE = timedelta(days=30)


def whole_seconds(moment: datetime) -> datetime:
    """Twilio's timestamps have no fraction; the fake stores them the way it shows them."""
    return as_utc(moment).replace(microsecond=0)


def rounded_duration(span: timedelta) -> int:
    """Whole seconds, rounded half up; a sub-second track reports 1 [DOC]."""
    seconds = int(span.total_seconds() + 0.5)
    return max(seconds, 1)


class Recorder:
    def __init__(
        self,
        context: Context,
        store: RecordingStore,
        accounts: AccountBook,
        processing_delay: timedelta,
    ) -> None:
        self._operations = context.operations
        self._clock = context.clock
        self._sids = context.sids
        self._timeline = context.timeline
        self._bus = context.bus
        self._store = store
        self._accounts = accounts
        self.processing_delay = processing_delay
        #: FailedOperation values for the next recordings due to complete: they fail instead.
        self.pending_failures: list[str] = []

    # --- made -------------------------------------------------------------------------

    def new_recording(
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
        sid = self._sids.sid("RT")
        if media_external_location is None:
            settings = self._accounts.by_sid[account_sid].recording_settings
            media_external_location = settings.external_location(sid, CONTAINER[type])
        recording = Recording(
            self._operations,
            sid=sid,
            seq=self._timeline.next_seq(),
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
        self._store.add(recording, status)
        return recording

    def start(self, track: Track) -> Recording:
        """A track begins to be recorded: a new ``processing`` recording."""
        participant = track.participant
        room = participant.room
        now = self._clock.now()
        recording = self.new_recording(
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
        self._bus.emit(room, "recording-started", now, events.recording(recording, track))
        recording.has_media = False  # until the track is seen enabled during capture
        if track.enabled:
            track.enabled_since = recording.capture_started
        return recording

    # --- captured ---------------------------------------------------------------------

    @staticmethod
    def mark_media(track: Track) -> None:
        recording = track.recording
        if recording is not None and recording.capture_ended is None:
            recording.has_media = True

    def end_capture(self, track: Track, at: datetime | None = None) -> None:
        """Capture ends now, or at ``at`` (a timeout that fell due before the clock's now)."""
        recording = track.recording
        if recording is None or recording.capture_ended is not None:
            return
        if track.enabled:
            self.mark_media(track)
        now = self._clock.now() if at is None else at
        recording.capture_ended = now
        if recording.settled_status is RecordingStatus.PROCESSING:
            self._timeline.schedule(now + self.processing_delay, COMPLETE, recording.sid)

    # --- processed ---------------------------------------------------------------------

    def apply(self, at: datetime, action: str, sid: str) -> None:
        """One due transition of the recording ``sid`` (nothing if it is gone or moved on)."""
        recording = self._store.recordings.get(sid)
        if recording is None:
            return
        status = recording.settled_status
        if action == COMPLETE and status is RecordingStatus.PROCESSING:
            if self.pending_failures:
                self._fail(recording, self.pending_failures.pop(0), at)
            else:
                self._complete(recording, at)
        elif action == PURGE and status is RecordingStatus.DELETED:
            self._store.purge(recording)

    def _complete(self, recording: Recording, at: datetime) -> None:
        assert recording.capture_ended is not None
        duration = rounded_duration(recording.capture_ended - recording.capture_started)
        self._store.set_status(recording, RecordingStatus.COMPLETED)
        recording.final_duration = duration
        recording.final_size = (
            recording_size(recording.bitrate, duration) if recording.has_media else 0
        )
        self._emit(recording, "recording-completed", at, events.completed(recording))

    def fail(self, recording: Recording, operation: str) -> None:
        if recording.settled_status is not RecordingStatus.PROCESSING:
            raise UsageError(
                f"only a processing recording can fail; {recording.sid} is "
                f"{recording.settled_status.value}"
            )
        now = self._clock.now()
        if recording.capture_ended is None:
            recording.capture_ended = now
        self._fail(recording, operation, now)

    def _fail(self, recording: Recording, operation: str, at: datetime) -> None:
        self._store.set_status(recording, RecordingStatus.FAILED)
        recording.failed_operation = operation
        self._emit(recording, "recording-failed", at, {"FailedOperation": operation})

    def _emit(self, recording: Recording, event: str, at: datetime, extra: dict[str, str]) -> None:
        track = recording.track
        if track is None:
            return  # seeded recordings send no callbacks
        room = track.participant.room
        self._bus.emit(room, event, at, {**events.recording(recording, track), **extra})

    # --- deleted and purged -----------------------------------------------------------------

    def delete(self, recording: Recording) -> None:
        """Delete media and keep metadata for 30 days; a second delete changes nothing."""
        if recording.settled_status is RecordingStatus.DELETED:
            return
        now = self._clock.now()
        if recording.capture_ended is None:
            recording.capture_ended = now
        self._store.set_status(recording, RecordingStatus.DELETED)
        self.mark_deleted(recording, now)

    def mark_deleted(self, recording: Recording, at: datetime) -> None:
        recording.has_media = False
        recording.deleted_at = at
        self._timeline.schedule(at + RETENTION_AFTER_DELETE, PURGE, recording.sid)
