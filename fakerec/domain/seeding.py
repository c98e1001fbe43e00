"""Seeding: a recording put straight into the store, in any status, with any resource field.

What a test does to set the scene in one line instead of a whole room session. Seeded
recordings send no status callbacks; each gets a completed room of its own unless it names one.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from fakerec.domain.accounts import AccountBook
from fakerec.domain.activity import RoomActivity
from fakerec.domain.context import Context
from fakerec.domain.models import Recording, Room
from fakerec.domain.recorder import Recorder, whole_seconds
from fakerec.domain.rooms import RoomStore
from fakerec.domain.timeline import COMPLETE
from fakerec.domain.vocabulary import (
    CODECS,
    DEFAULT_BITRATE_KBPS,
    DEFAULT_CODEC,
    RECORDED_KINDS,
    RecordingStatus,
    RoomStatus,
    recording_size,
)
from fakerec.errors import UsageError


class Seeder:
    def __init__(
        self,
        context: Context,
        accounts: AccountBook,
        rooms: RoomStore,
        activity: RoomActivity,
        recorder: Recorder,
    ) -> None:
        self._operations = context.operations
        self._clock = context.clock
        self._sids = context.sids
        self._timeline = context.timeline
        self._accounts = accounts
        self._rooms = rooms
        self._activity = activity
        self._recorder = recorder

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
        self._accounts.get(account_sid)
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
        now = self._clock.now()
        created = whole_seconds(date_created or now)
        room = self._room(account_sid, room_sid, created, duration)
        source = source_sid or self._sids.sid("MT")
        recording = self._recorder.new_recording(
            account_sid=account_sid,
            room=room,
            participant_sid=participant_sid or self._sids.sid("PA"),
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
        if status is RecordingStatus.PROCESSING:
            # Capture has ended; it completes with this duration after the delay.
            recording.capture_started = now - timedelta(seconds=duration)
            self._timeline.schedule(now + self._recorder.processing_delay, COMPLETE, recording.sid)
            return recording
        recording.final_duration = duration
        recording.final_size = (
            size
            if size is not None
            else (0 if muted else recording_size(recording.bitrate, duration))
        )
        if status is RecordingStatus.FAILED:
            recording.failed_operation = failed_operation
            recording.final_duration = recording.final_size = None
        elif status is RecordingStatus.DELETED:
            self._recorder.mark_deleted(recording, now)
        return recording

    def _room(
        self, account_sid: str, room_sid: str | None, created: datetime, duration: int
    ) -> Room:
        """The named room of the account, or a new completed room that held this recording."""
        if room_sid is not None and room_sid in self._rooms.rooms:
            room = self._rooms.rooms[room_sid]
            if room.account_sid != account_sid:
                raise UsageError(f"{room_sid} belongs to another account")
            return room
        room = Room(self._operations, room_sid or self._sids.sid("RM"), account_sid, created)
        room.settled_status = RoomStatus.COMPLETED
        room.end_time = created + timedelta(seconds=duration)
        room.date_updated = room.end_time
        self._activity.add_room(room)
        return room
