"""A reference model of the recordings contract, for property tests.

Written apart from the fake's own code and kept obviously correct on purpose: plain lists,
plain loops, every rule of SPEC sections 4 and 5 spelled out once. It is slow and that is
fine; it only has to be right.

The documented constants (default bitrates, the statuses the API shows) are the domain's own,
imported from ``fakerec.domain.models``; every rule that uses them is spelled out here again.

Rooms and participants (when a room ends itself, when a participant is disconnected) are
kept in ``fakerec.testing.room_model``; a capture they end, this model ends too.

Plain Python: importing this loads no Hypothesis.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from fakerec.domain.vocabulary import API_STATUSES as _API_STATUS_SET
from fakerec.domain.vocabulary import DEFAULT_BITRATE_KBPS, RecordingStatus
from fakerec.testing.room_model import RefParticipant, RoomModel

KEPT_AFTER_DELETE = timedelta(days=30)
#: The statuses the REST API shows and filters on, in lifecycle order (a fixed order, so
#: strategies drawing from it are deterministic).
API_STATUSES: tuple[str, ...] = tuple(
    status.value for status in RecordingStatus if status.value in _API_STATUS_SET
)


@dataclass
class RefRecording:
    sid: str
    account_sid: str
    room_sid: str
    participant_sid: str
    source_sid: str
    type: str
    date_created: datetime  # whole seconds
    started: datetime  # exact capture start
    order: int  # creation order across the whole model
    status: str = "processing"
    bitrate: int = 0
    capture_ended: datetime | None = None
    completes_at: datetime | None = None
    deleted_at: datetime | None = None
    media: bool = False
    duration: int = 0
    size: int = 0
    track_name: str = ""
    #: Whether its track is enabled (unmuted) now: a capture a timeout ends then has media.
    enabled: bool = True
    #: Every status this recording has had, in order: lets walks tell who stayed put.
    history: list[str] = field(default_factory=list)

    def grouping(self) -> list[str]:
        return [self.room_sid, self.participant_sid]


@dataclass
class RefQuery:
    """A list request: REST parameter names to values (``GroupingSid`` is a list)."""

    status: str | None = None
    source_sid: str | None = None
    grouping_sids: list[str] = field(default_factory=list)
    created_after: datetime | None = None
    created_before: datetime | None = None
    media_type: str | None = None

    def params(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        if self.status is not None:
            out.append(("Status", self.status))
        if self.source_sid is not None:
            out.append(("SourceSid", self.source_sid))
        for sid in self.grouping_sids:
            out.append(("GroupingSid", sid))
        if self.created_after is not None:
            out.append(("DateCreatedAfter", _iso(self.created_after)))
        if self.created_before is not None:
            out.append(("DateCreatedBefore", _iso(self.created_before)))
        if self.media_type is not None:
            out.append(("MediaType", self.media_type))
        return out


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class ReferenceModel:
    def __init__(self, processing_delay: timedelta) -> None:
        self.processing_delay = processing_delay
        self.recordings: list[RefRecording] = []
        self.rooms = RoomModel()
        self.now = datetime(1970, 1, 1, tzinfo=timezone.utc)

    # --- time --------------------------------------------------------------------------

    def advance_to(self, now: datetime) -> None:
        """Room timeouts and participant limits first, each at its own instant (a capture
        they end completes a processing delay after that instant), then recordings."""
        while True:
            timeout = self.rooms.next_due(now)
            if timeout is None:
                break
            at, what, sid = timeout
            if what == "leave":
                participant = self.rooms.participant(sid)
                assert participant is not None
                self._leave(participant, at)
            else:
                room = self.rooms.room(sid)
                assert room is not None
                self.rooms.ended(room, at)
        self.now = now
        for rec in self.recordings:
            due = rec.completes_at
            if rec.status == "processing" and due is not None and now >= due:
                self._set(rec, "completed")
                span = (rec.capture_ended - rec.started).total_seconds()  # type: ignore[operator]
                whole = int(span)
                if span - whole >= 0.5:
                    whole += 1
                if whole < 1:
                    whole = 1
                rec.duration = whole
                rec.size = rec.bitrate * 1000 // 8 * whole if rec.media else 0
            gone = rec.deleted_at
            if rec.status == "deleted" and gone is not None and now >= gone + KEPT_AFTER_DELETE:
                self._set(rec, "purged")

    @staticmethod
    def _set(rec: RefRecording, status: str) -> None:
        rec.status = status
        rec.history.append(status)

    # --- expected records --------------------------------------------------------------

    def published(
        self,
        *,
        sid: str,
        account_sid: str,
        room_sid: str,
        participant_sid: str,
        source_sid: str,
        kind: str,
        name: str | None,
        bitrate: int | None,
        at: datetime,
    ) -> RefRecording:
        """The record a track published at ``at`` starts: processing, captured from ``at`` on,
        at the track's bitrate or the default one; named after the track, else its SID."""
        return RefRecording(
            sid=sid,
            account_sid=account_sid,
            room_sid=room_sid,
            participant_sid=participant_sid,
            source_sid=source_sid,
            type=kind,
            date_created=at.replace(microsecond=0),
            started=at,
            order=len(self.recordings),
            bitrate=bitrate if bitrate is not None else DEFAULT_BITRATE_KBPS[kind],
            track_name=name or source_sid,
        )

    def seeded(
        self,
        *,
        sid: str,
        account_sid: str,
        room_sid: str,
        participant_sid: str,
        source_sid: str,
        fields: Mapping[str, Any],
        at: datetime,
    ) -> RefRecording:
        """The record ``add_recording(**fields)`` makes at ``at``: a capture of ``duration``
        seconds that ended at ``at``, in the status given. Processing completes a processing
        delay later; completed and deleted ones have their duration and size (none if muted);
        a deleted one was deleted at ``at`` and keeps no media."""
        duration = fields["duration"]
        muted = fields.get("muted", False)
        bitrate = fields.get("bitrate", DEFAULT_BITRATE_KBPS[fields["type"]])
        ref = RefRecording(
            sid=sid,
            account_sid=account_sid,
            room_sid=room_sid,
            participant_sid=participant_sid,
            source_sid=source_sid,
            type=fields["type"],
            date_created=at.replace(microsecond=0),
            started=at - timedelta(seconds=duration),
            order=len(self.recordings),
            status=fields["status"],
            bitrate=bitrate,
            capture_ended=at,
            media=not muted,
            track_name=fields.get("track_name") or source_sid,
        )
        if ref.status == "processing":
            ref.completes_at = at + self.processing_delay
        elif ref.status in ("completed", "deleted"):
            ref.duration = duration
            ref.size = 0 if muted else bitrate * 1000 // 8 * duration
        if ref.status == "deleted":
            ref.deleted_at = at
            ref.media = False
        return ref

    # --- events ------------------------------------------------------------------------

    def start(self, rec: RefRecording) -> None:
        rec.history.append(rec.status)
        self.recordings.append(rec)

    def end_capture(self, sid: str, media: bool) -> None:
        rec = self.get(sid)
        if rec is not None:
            self._end_capture(rec, self.now, media)

    def _end_capture(self, rec: RefRecording, at: datetime, media: bool) -> None:
        if rec.capture_ended is not None:
            return
        rec.capture_ended = at
        rec.media = rec.media or media
        if rec.status == "processing":
            rec.completes_at = at + self.processing_delay

    def set_enabled(self, sid: str, enabled: bool) -> None:
        """The recording's track was muted (False) or unmuted (True)."""
        rec = self.get(sid)
        if rec is not None:
            rec.enabled = enabled

    # --- rooms and participants ----------------------------------------------------------

    def room_created(
        self,
        sid: str,
        account_sid: str,
        *,
        unused_timeout: int | None = None,
        empty_timeout: int | None = None,
        max_participant_duration: int | None = None,
    ) -> None:
        """A room created now; timeouts in minutes, the duration in seconds; None: Twilio's
        default."""
        self.rooms.created(
            sid,
            account_sid,
            self.now,
            unused_timeout=unused_timeout,
            empty_timeout=empty_timeout,
            max_participant_duration=max_participant_duration,
        )

    def connected(self, room_sid: str, participant_sid: str) -> None:
        self.rooms.connected(room_sid, participant_sid, self.now)

    def disconnected(self, participant_sid: str) -> None:
        """The participant left now: its tracks' captures end (media if enabled)."""
        participant = self.rooms.participant(participant_sid)
        assert participant is not None and participant.connected
        self._leave(participant, self.now)

    def room_completed(self, room_sid: str) -> None:
        """Completed now (``room.complete()`` or REST): everyone still connected leaves."""
        room = self.rooms.room(room_sid)
        assert room is not None and room.status == "in-progress"
        for participant in self.rooms.in_room(room_sid):
            participant.left_at = self.now
            self._captures_end(participant, self.now)
        self.rooms.ended(room, self.now)

    def _leave(self, participant: RefParticipant, at: datetime) -> None:
        self._captures_end(participant, at)
        self.rooms.left(participant, at)

    def _captures_end(self, participant: RefParticipant, at: datetime) -> None:
        for rec in self.recordings:
            if rec.participant_sid == participant.sid and rec.room_sid == participant.room_sid:
                self._end_capture(rec, at, rec.enabled)

    def upcoming(self) -> list[datetime]:
        """When something is due next: completions, purges, room timeouts, participant limits."""
        times = [at for at, _, _ in self.rooms.due()]
        for rec in self.recordings:
            if rec.status == "processing" and rec.completes_at is not None:
                times.append(rec.completes_at)
            if rec.status == "deleted" and rec.deleted_at is not None:
                times.append(rec.deleted_at + KEPT_AFTER_DELETE)
        return times

    def saw_media(self, sid: str) -> None:
        rec = self.get(sid)
        if rec is not None and rec.capture_ended is None:
            rec.media = True

    def fail(self, sid: str) -> None:
        rec = self.get(sid)
        assert rec is not None and rec.status == "processing"
        if rec.capture_ended is None:
            rec.capture_ended = self.now
        self._set(rec, "failed")

    def delete(self, account_sid: str, sid: str) -> bool:
        """What DELETE should do: True (204) or False (404)."""
        rec = self.get(sid)
        if rec is None or rec.account_sid != account_sid or rec.status == "purged":
            return False
        if rec.status != "deleted":
            if rec.capture_ended is None:
                rec.capture_ended = self.now
            rec.deleted_at = self.now
            rec.media = False
            self._set(rec, "deleted")
        return True

    # --- what the API should answer ----------------------------------------------------

    def get(self, sid: str) -> RefRecording | None:
        for rec in self.recordings:
            if rec.sid == sid:
                return rec
        return None

    def visible(self, account_sid: str, sid: str) -> RefRecording | None:
        rec = self.get(sid)
        if rec is None or rec.account_sid != account_sid or rec.status == "purged":
            return None
        return rec

    def media_available(self, rec: RefRecording) -> bool:
        return rec.status == "completed" and rec.media

    def listed(self, account_sid: str, query: RefQuery, room_sid: str | None = None) -> list[str]:
        """The SIDs a list should return, in order: newest first, then latest created."""
        chosen = []
        for rec in self.recordings:
            if rec.account_sid != account_sid or rec.status == "purged":
                continue
            if room_sid is not None and rec.room_sid != room_sid:
                continue
            if query.status is None and rec.status == "deleted":
                continue
            if query.status is not None and rec.status != query.status:
                continue
            if query.source_sid is not None and rec.source_sid != query.source_sid:
                continue
            if room_sid is None:
                missing = [sid for sid in query.grouping_sids if sid not in rec.grouping()]
                if missing:
                    continue
                if query.media_type is not None and rec.type != query.media_type:
                    continue
            if query.created_after is not None and rec.date_created < query.created_after:
                continue
            if query.created_before is not None and rec.date_created >= query.created_before:
                continue
            chosen.append(rec)
        # Sort with a plain insertion sort on (date_created, order), newest first.
        ordered: list[RefRecording] = []
        for rec in chosen:
            position = 0
            while position < len(ordered) and _newer_or_same(ordered[position], rec):
                position += 1
            ordered.insert(position, rec)
        return [rec.sid for rec in ordered]


def _newer_or_same(a: RefRecording, b: RefRecording) -> bool:
    """Whether ``a`` is listed before ``b``."""
    if a.date_created != b.date_created:
        return a.date_created > b.date_created
    return a.order > b.order
