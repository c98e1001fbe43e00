"""A composition's life on the fake's clock, and the hooks that start one when a room ends.

Stages [DECIDED; Twilio documents none]: ``enqueued`` for ``ENQUEUED_FOR`` (5 s: a job waits
for a worker), then ``processing`` for a tenth of the media's duration, at least 10 s and at
most 5 minutes (Twilio says composing takes a fraction of the media's length; the cap keeps a
4-hour room's composition inside the 10 minutes SPEC 10 promises for short ones, and the floor
keeps ``processing`` visible for a test that polls). A short room's composition is so
``completed`` 15 s after it was created. ``composition-progress`` goes out at 25, 50 and 75 %.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Callable

from fakerec.domain.accounts import AccountBook, RecordingSettings
from fakerec.domain.composition_hooks import CompositionHook, HookBook
from fakerec.domain.compositions import (
    Composition,
    CompositionOperations,
    CompositionSpec,
    CompositionStatus,
    CompositionStore,
)
from fakerec.domain.context import Context
from fakerec.domain.events import timestamp
from fakerec.domain.layouts import MAX_PIXELS, matches, resolution, video_sources
from fakerec.domain.models import Recording, Room
from fakerec.domain.recorder import RETENTION_AFTER_DELETE, rounded_duration, whole_seconds
from fakerec.domain.store import RecordingStore
from fakerec.domain.vocabulary import RecordingStatus, RoomStatus
from fakerec.errors import TwilioError, UsageError, composition_refused

ENQUEUED_FOR = timedelta(seconds=5)
PROCESSING_MIN, PROCESSING_MAX = 10, 300
PROGRESS_POINTS = (25, 50, 75)
GROUP_TYPES = ("group", "group-small")
#: Twilio's codes for a composition that failed after creation, and a hook that could not
#: start one (twilio.com/docs/api/errors/53626 and 53631).
FAILED_CODE, HOOK_FAILED_CODE = 53626, 53631
#: kbps of the composed media [DECIDED]: AAC/Opus audio at 64 (Twilio's own example shows
#: ``"bitrate": 64``), video scaled by picture size up to 1500 at the largest resolution.
AUDIO_KBPS, VIDEO_KBPS_MAX = 64, 1500

START, COMPLETE, PURGE = "composition-start", "composition-complete", "composition-purge"
PROGRESS = "composition-progress:"

#: (account sid, url, method, event, params, at): sends one composition callback.
Send = Callable[[str, str, str, str, dict[str, str], datetime], None]


def processing_seconds(media_seconds: int) -> int:
    return min(max(PROCESSING_MIN, media_seconds // 10), PROCESSING_MAX)


def bitrate(spec: CompositionSpec, audio: bool, video: bool) -> int:
    width, height = resolution(spec.resolution)
    video_kbps = max(100, round(VIDEO_KBPS_MAX * width * height / MAX_PIXELS))
    return (AUDIO_KBPS if audio else 0) + (video_kbps if video else 0)


class Composer:
    def __init__(
        self,
        context: Context,
        operations: CompositionOperations,
        store: CompositionStore,
        recordings: RecordingStore,
        hooks: HookBook,
        accounts: AccountBook,
    ) -> None:
        self._operations = operations
        self._clock = context.clock
        self._sids = context.sids
        self._timeline = context.timeline
        self._store = store
        self._recordings = recordings
        self._hooks = hooks
        self._accounts = accounts
        #: How many of the next compositions due to complete fail instead.
        self.pending_failures = 0
        #: Sends composition callbacks; set by whoever delivers them.
        self.send: Send | None = None
        #: Each account's /v1/CompositionSettings/Default.
        self.settings: dict[str, RecordingSettings] = {}
        context.bus.observers.append(self.on_room_event)

    def settings_of(self, account_sid: str) -> RecordingSettings:
        self._accounts.get(account_sid)
        return self.settings.setdefault(account_sid, RecordingSettings())

    # --- made -------------------------------------------------------------------------

    def create(self, room: Room, spec: CompositionSpec, at: datetime | None = None) -> Composition:
        """A new ``enqueued`` composition of ``room``, or Twilio's 400 for why not; made now,
        or at ``at`` (a hook's, at the instant the room ended, however far the clock jumped)."""
        if room.type not in GROUP_TYPES:
            raise composition_refused(f"{room.sid} is a {room.type} room, not a group room")
        if room.settled_status is not RoomStatus.COMPLETED:
            raise composition_refused(
                f"room {room.sid} is {room.settled_status.value}, not completed"
            )
        if not spec.audio_sources and not spec.video_layout:
            raise composition_refused("give AudioSources, a VideoLayout, or both")
        recorded = self._recorded(room)
        if not recorded:
            raise composition_refused(f"room {room.sid} has no recordings to compose")
        audio = [
            r
            for r in recorded
            if r.type == "audio"
            and matches(r.track_name, spec.audio_sources, spec.audio_sources_excluded)
        ]
        regions = video_sources(spec.video_layout) if spec.video_layout else []
        video = [
            r
            for r in recorded
            if r.type == "video" and any(matches(r.track_name, i, e) for i, e in regions)
        ]
        if not audio and not video:
            raise composition_refused("no recording of the room matches the sources given")
        now = self._clock.now() if at is None else at
        if spec.trim:  # from the first recorded media to the last
            start = min(r.capture_started for r in audio + video)
            end = max(r.capture_ended or now for r in audio + video)
        else:  # the whole room
            start, end = room.date_created, room.end_time or now
        sid = self._sids.sid("CJ")
        settings = self.settings_of(room.account_sid)
        composition = Composition(
            self._operations,
            sid=sid,
            seq=self._timeline.next_seq(),
            account_sid=room.account_sid,
            room_sid=room.sid,
            spec=spec,
            date_created=whole_seconds(now),
            media_seconds=rounded_duration(end - start),
            has_audio=bool(audio),
            has_video=bool(video),
            bitrate=bitrate(spec, bool(audio), bool(video)),
            media_external_location=settings.external_location(sid, spec.format),
        )
        self._store.add(composition)
        self._timeline.schedule(now + ENQUEUED_FOR, START, sid)
        self._emit(composition, "composition-enqueued", now)
        return composition

    def _recorded(self, room: Room) -> list[Recording]:
        """The room's recordings that hold media (processing or completed, not muted)."""
        live = (RecordingStatus.PROCESSING, RecordingStatus.COMPLETED)
        recordings = self._recordings.in_room(room.account_sid, room.sid)
        return [r for r in recordings if r.settled_status in live and r.has_media]

    def on_room_event(self, room: Room, event: str, at: datetime) -> None:
        """Every enabled hook of the account composes a group room that ended with media."""
        if event != "room-ended" or room.type not in GROUP_TYPES or not self._recorded(room):
            return
        for hook in self._hooks.enabled(room.account_sid):
            try:
                self.create(room, hook.spec, at)
            except TwilioError as refused:
                self._hook_failed(hook, room, refused, at)

    def _hook_failed(
        self, hook: CompositionHook, room: Room, refused: TwilioError, at: datetime
    ) -> None:
        params = {
            "AccountSid": room.account_sid,
            "RoomSid": room.sid,
            "CompositionSid": "",  # none was created
            "CompositionHookSid": hook.sid,
            "CompositionHookUri": f"/v1/CompositionHooks/{hook.sid}",
            "ErrorCode": str(HOOK_FAILED_CODE),
            "ErrorMessage": refused.message,
        }
        self._send(room.account_sid, hook.spec, "composition-hook-failed", at, params)

    # --- hooks ----------------------------------------------------------------------------

    def new_hook(
        self, account_sid: str, friendly_name: str, enabled: bool, spec: CompositionSpec
    ) -> CompositionHook:
        self._accounts.get(account_sid)
        hook = CompositionHook(
            self._sids.sid("HK"),
            self._timeline.next_seq(),
            account_sid,
            friendly_name,
            enabled,
            spec,
            whole_seconds(self._clock.now()),
        )
        self._hooks.add(hook)
        return hook

    def update_hook(self, hook: CompositionHook, friendly_name: str, **changes: Any) -> None:
        self._hooks.check_name(hook.account_sid, friendly_name, hook)
        hook.friendly_name = friendly_name
        for name, value in changes.items():
            setattr(hook, name, value)
        hook.date_updated = whole_seconds(self._clock.now())

    # --- processed ---------------------------------------------------------------------

    def apply(self, at: datetime, action: str, sid: str) -> None:
        composition = self._store.compositions.get(sid)
        if composition is None:
            return
        status = composition.settled_status
        if action == START and status is CompositionStatus.ENQUEUED:
            self._start(composition, at)
        elif action.startswith(PROGRESS) and status is CompositionStatus.PROCESSING:
            percent = int(action[len(PROGRESS) :])
            remaining = composition.processing_seconds * (100 - percent) // 100
            self._emit(
                composition,
                "composition-progress",
                at,
                {"PercentageDone": str(percent), "SecondsRemaining": str(remaining)},
            )
        elif action == COMPLETE and status is CompositionStatus.PROCESSING:
            if self.pending_failures:
                self.pending_failures -= 1
                self._fail(composition, at)
            else:
                self._complete(composition, at)
        elif action == PURGE and status is CompositionStatus.DELETED:
            self._store.purge(composition)

    def _start(self, composition: Composition, at: datetime) -> None:
        self._store.set_status(composition, CompositionStatus.PROCESSING)
        composition.started_at = at
        seconds = composition.processing_seconds = processing_seconds(composition.media_seconds)
        for percent in PROGRESS_POINTS:
            due = at + timedelta(seconds=seconds * percent / 100)
            self._timeline.schedule(due, f"{PROGRESS}{percent}", composition.sid)
        self._timeline.schedule(at + timedelta(seconds=seconds), COMPLETE, composition.sid)
        self._emit(composition, "composition-started", at)

    def _complete(self, composition: Composition, at: datetime) -> None:
        self._store.set_status(composition, CompositionStatus.COMPLETED)
        composition.date_completed = whole_seconds(at)
        extra = {
            "MediaUri": f"/v1/Compositions/{composition.sid}/Media",
            "Size": str(composition.media_bytes),
            "Duration": str(composition.media_seconds),
        }
        self._emit(composition, "composition-available", at, extra)

    def fail(self, composition: Composition) -> None:
        status = composition.settled_status
        if status not in (CompositionStatus.ENQUEUED, CompositionStatus.PROCESSING):
            raise UsageError(
                f"only an enqueued or processing composition can fail; {composition.sid} is "
                f"{status.value}"
            )
        self._fail(composition, self._clock.now())

    def _fail(self, composition: Composition, at: datetime) -> None:
        self._store.set_status(composition, CompositionStatus.FAILED)
        extra = {
            "ErrorCode": str(FAILED_CODE),
            "ErrorMessage": "Internal failure while processing media composition",
        }
        self._emit(composition, "composition-failed", at, extra)

    # --- deleted and purged -------------------------------------------------------------

    def delete(self, composition: Composition) -> None:
        """Delete the media, keep the metadata 30 days; a second delete changes nothing."""
        if composition.settled_status is CompositionStatus.DELETED:
            return
        now = self._clock.now()
        self._store.set_status(composition, CompositionStatus.DELETED)
        composition.date_deleted = whole_seconds(now)
        self._timeline.schedule(now + RETENTION_AFTER_DELETE, PURGE, composition.sid)

    # --- callbacks -----------------------------------------------------------------------

    def _emit(self, composition: Composition, event: str, at: datetime, extra: Any = None) -> None:
        params = {
            "AccountSid": composition.account_sid,
            "RoomSid": composition.room_sid,
            "CompositionSid": composition.sid,
            "CompositionUri": f"/v1/Compositions/{composition.sid}",
            **(extra or {}),
        }
        self._send(composition.account_sid, composition.spec, event, at, params)

    def _send(
        self, account_sid: str, spec: CompositionSpec, event: str, at: datetime, params: Any
    ) -> None:
        if self.send is None or not spec.status_callback:
            return
        params = {**params, "StatusCallbackEvent": event, "Timestamp": timestamp(at)}
        self.send(account_sid, spec.status_callback, spec.status_callback_method, event, params, at)
