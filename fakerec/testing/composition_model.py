"""The reference model of compositions (SPEC section 10), kept apart from the fake's code.

What it knows, from the contract and the documented timing table, spelled out plainly:
a composition is ``enqueued`` for 5 s, then ``processing`` for a tenth of its media's length
(at least 10 s, at most 5 minutes), then ``completed``, unless it was failed on purpose
(``comp.fail()`` while enqueued or processing, or ``fail_next_compositions``: the next ones due
to complete fail instead). DELETE makes it ``deleted``; 30 days later it is gone (``purged``).
Its media spans the recorded media it composes: from the first capture's start to the last
capture's end (Trim, the default), in whole seconds rounded half up, at least 1.

A POST is refused (400) unless the room is a completed group room with at least one recording
(processing or completed, with media) that the sources pick. Every enabled hook of the account
composes a group room the moment it ends, with the hook's sources; a hook whose sources pick
nothing makes no composition.

Plain lists and loops, slow on purpose, no Hypothesis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from fakerec.testing.oracle import ReferenceModel, RefRecording

KEPT_AFTER_DELETE = timedelta(days=30)
ENQUEUED_FOR = timedelta(seconds=5)
PROCESSING_MIN, PROCESSING_MAX = 10, 300
GROUP_TYPES = ("group", "group-small")
#: What a composition's sources ask for: the media types its recordings may have.
SOURCE_KINDS: dict[str, tuple[str, ...]] = {
    "audio": ("audio",),
    "video": ("video",),
    "both": ("audio", "video"),
}


@dataclass
class RefComposition:
    #: None for a hook's composition until the machine has seen which SID the fake gave it.
    sid: str | None
    account_sid: str
    room_sid: str
    created: datetime  # exact
    order: int  # creation order across the whole model
    media_seconds: int
    hook_sid: str | None = None
    status: str = "enqueued"
    deleted_at: datetime | None = None
    history: list[str] = field(default_factory=lambda: ["enqueued"])

    @property
    def date_created(self) -> datetime:
        return self.created.replace(microsecond=0)

    @property
    def starts(self) -> datetime:
        return self.created + ENQUEUED_FOR

    @property
    def completes(self) -> datetime:
        seconds = self.media_seconds // 10
        if seconds < PROCESSING_MIN:
            seconds = PROCESSING_MIN
        if seconds > PROCESSING_MAX:
            seconds = PROCESSING_MAX
        return self.starts + timedelta(seconds=seconds)

    @property
    def made(self) -> bool:
        """Whether its media was made: it completed (a delete after that keeps the numbers,
        as a deleted recording keeps its duration and size)."""
        return "completed" in self.history

    @property
    def duration(self) -> int:
        return self.media_seconds if self.made else 0


@dataclass
class RefHook:
    sid: str
    account_sid: str
    kind: str
    enabled: bool


class CompositionModel:
    def __init__(self, recordings: ReferenceModel) -> None:
        self.recordings = recordings
        self.compositions: list[RefComposition] = []
        self.hooks: list[RefHook] = []
        #: Each room's type, as it was asked for.
        self.room_types: dict[str, str] = {}
        self.pending_failures = 0
        self._rooms_seen: set[str] = set()
        self.now = recordings.now

    # --- what the sources pick ---------------------------------------------------------

    def media_seconds(self, room_sid: str, kind: str) -> int | None:
        """The length of a composition of the room with these sources, or None: refused."""
        room = self.recordings.rooms.room(room_sid)
        if room is None or room.status != "completed":
            return None
        if self.room_types.get(room_sid) not in GROUP_TYPES:
            return None
        picked: list[RefRecording] = []
        for rec in self.recordings.recordings:
            if rec.room_sid != room_sid or rec.account_sid != room.account_sid:
                continue
            held = rec.status in ("processing", "completed") and rec.media
            if held and rec.type in SOURCE_KINDS[kind]:
                picked.append(rec)
        if not picked:
            return None
        start = picked[0].started
        end = picked[0].capture_ended
        for rec in picked:
            assert rec.capture_ended is not None, f"{rec.sid} is still captured in an ended room"
            if rec.started < start:
                start = rec.started
            if end is None or rec.capture_ended > end:
                end = rec.capture_ended
        assert end is not None
        seconds = int((end - start).total_seconds() + 0.5)
        return seconds if seconds >= 1 else 1

    # --- what happened -----------------------------------------------------------------

    def created(
        self, sid: str | None, room_sid: str, media_seconds: int, at: datetime, hook: str | None
    ) -> RefComposition:
        room = self.recordings.rooms.room(room_sid)
        assert room is not None
        ref = RefComposition(
            sid=sid,
            account_sid=room.account_sid,
            room_sid=room_sid,
            created=at,
            order=len(self.compositions),
            media_seconds=media_seconds,
            hook_sid=hook,
        )
        self.compositions.append(ref)
        return ref

    def hook_created(self, sid: str, account_sid: str, kind: str, enabled: bool) -> None:
        self.hooks.append(RefHook(sid, account_sid, kind, enabled))

    def hook_enabled(self, sid: str, enabled: bool) -> None:
        for hook in self.hooks:
            if hook.sid == sid:
                hook.enabled = enabled

    def fail(self, ref: RefComposition) -> None:
        assert ref.status in ("enqueued", "processing")
        self._set(ref, "failed")

    def fail_next(self, times: int) -> None:
        self.pending_failures += times

    def delete(self, account_sid: str, sid: str) -> bool:
        """What DELETE should do: True (204) or False (404)."""
        ref = self.visible(account_sid, sid)
        if ref is None:
            return False
        if ref.status != "deleted":
            ref.deleted_at = self.now
            self._set(ref, "deleted")
        return True

    @staticmethod
    def _set(ref: RefComposition, status: str) -> None:
        ref.status = status
        ref.history.append(status)

    # --- time --------------------------------------------------------------------------

    def advance_to(self, now: datetime) -> None:
        """Rooms that ended since last time are composed by the enabled hooks (at their end),
        then every stage change due by ``now``, earliest first."""
        ended = [r for r in self.recordings.rooms.rooms if r.ended is not None]
        ended = [r for r in ended if r.sid not in self._rooms_seen]
        ended.sort(key=lambda r: r.ended)  # type: ignore[arg-type, return-value]
        for room in ended:
            self._rooms_seen.add(room.sid)
            assert room.ended is not None
            for hook in self.hooks:
                if hook.account_sid != room.account_sid or not hook.enabled:
                    continue
                seconds = self.media_seconds(room.sid, hook.kind)
                if seconds is not None:
                    self.created(None, room.sid, seconds, room.ended, hook.sid)
        while True:
            due = self._next_due(now)
            if due is None:
                break
            _, ref = due
            if ref.status == "enqueued":
                self._set(ref, "processing")
            elif ref.status == "processing":
                if self.pending_failures:
                    self.pending_failures -= 1
                    self._set(ref, "failed")
                else:
                    self._set(ref, "completed")
            else:
                self._set(ref, "purged")
        self.now = now

    def _due(self, ref: RefComposition) -> datetime | None:
        if ref.status == "enqueued":
            return ref.starts
        if ref.status == "processing":
            return ref.completes
        if ref.status == "deleted" and ref.deleted_at is not None:
            return ref.deleted_at + KEPT_AFTER_DELETE
        return None

    def _next_due(self, now: datetime) -> tuple[datetime, RefComposition] | None:
        earliest: tuple[datetime, RefComposition] | None = None
        for ref in self.compositions:
            at = self._due(ref)
            if at is None or at > now:
                continue
            # Ties: the one that started processing first was scheduled first.
            if earliest is None or (at, ref.starts) < (earliest[0], earliest[1].starts):
                earliest = (at, ref)
        return earliest

    def upcoming(self) -> list[datetime]:
        """When a composition changes stage next, or is purged."""
        times = []
        for ref in self.compositions:
            at = self._due(ref)
            if at is not None:
                times.append(at)
        return times

    # --- what the API should answer ----------------------------------------------------

    def get(self, sid: str) -> RefComposition | None:
        for ref in self.compositions:
            if ref.sid is not None and ref.sid == sid:
                return ref
        return None

    def visible(self, account_sid: str, sid: str) -> RefComposition | None:
        ref = self.get(sid)
        if ref is None or ref.account_sid != account_sid or ref.status == "purged":
            return None
        return ref

    def listed(
        self, account_sid: str, status: str | None = None, room_sid: str | None = None
    ) -> list[str]:
        """The SIDs ``/v1/Compositions`` should list, newest first, then latest created;
        without a Status filter, deleted ones are left out (as recordings')."""
        chosen: list[RefComposition] = []
        for ref in self.compositions:
            if ref.account_sid != account_sid or ref.status == "purged" or ref.sid is None:
                continue
            if status is None and ref.status == "deleted":
                continue
            if status is not None and ref.status != status:
                continue
            if room_sid is not None and ref.room_sid != room_sid:
                continue
            chosen.append(ref)
        ordered: list[RefComposition] = []
        for ref in chosen:
            position = 0
            while position < len(ordered) and _listed_before(ordered[position], ref):
                position += 1
            ordered.insert(position, ref)
        return [ref.sid for ref in ordered if ref.sid is not None]


def _listed_before(a: RefComposition, b: RefComposition) -> bool:
    if a.date_created != b.date_created:
        return a.date_created > b.date_created
    return a.order > b.order
