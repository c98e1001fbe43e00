"""Compositions (CJ): the entity, and the store that keeps them in sorted runs.

A composition sits, as ``(date_created epoch, creation seq, sid)``, in one run per list a
request can name exactly: per account (every status but deleted, the default list), per
(account, status), per (account, room) and per (account, room, status). So every filter
combination of ``/v1/Compositions`` is one run walked from a seek, at any number of
compositions, and a page token is a key in that run (no repeat, no skip under mutation).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any, Protocol

from fakerec.domain import sorted_entries as runs
from fakerec.domain.sorted_entries import Entry, Run, SortKey


class CompositionStatus(str, Enum):
    ENQUEUED = "enqueued"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"
    DELETED = "deleted"
    #: Not an API value: 30 days after the delete the metadata is gone (404 everywhere).
    PURGED = "purged"


#: The statuses the REST API shows and accepts as a filter.
COMPOSITION_STATUSES = tuple(
    s.value for s in CompositionStatus if s is not CompositionStatus.PURGED
)

#: The composition lifecycle as data: (from, event, to); ``None`` is "not yet created".
COMPOSITION_TRANSITIONS: tuple[tuple[CompositionStatus | None, str, CompositionStatus], ...] = (
    (None, "POST /v1/Compositions, or a hook when a room ends", CompositionStatus.ENQUEUED),
    (CompositionStatus.ENQUEUED, "5 s after creation", CompositionStatus.PROCESSING),
    (
        CompositionStatus.PROCESSING,
        "media length / 10 (10 s to 5 min)",
        CompositionStatus.COMPLETED,
    ),
    (CompositionStatus.ENQUEUED, "fail (injected)", CompositionStatus.FAILED),
    (CompositionStatus.PROCESSING, "fail (injected)", CompositionStatus.FAILED),
    (CompositionStatus.ENQUEUED, "DELETE", CompositionStatus.DELETED),
    (CompositionStatus.PROCESSING, "DELETE", CompositionStatus.DELETED),
    (CompositionStatus.COMPLETED, "DELETE", CompositionStatus.DELETED),
    (CompositionStatus.FAILED, "DELETE", CompositionStatus.DELETED),
    (CompositionStatus.DELETED, "30 days after the delete", CompositionStatus.PURGED),
)


class CompositionOperations(Protocol):
    """What a composition's own methods ask of the backend."""

    def settle(self) -> None: ...

    def fail_composition(self, composition: Composition) -> None: ...


@dataclass
class CompositionSpec:
    """What a composition is asked to be: the POST's parameters, or a hook's settings."""

    audio_sources: list[str]
    audio_sources_excluded: list[str]
    video_layout: dict[str, Any]
    resolution: str = "640x480"
    format: str = "webm"
    trim: bool = True
    status_callback: str | None = None
    status_callback_method: str = "POST"


class Composition:
    """One composition. ``status``, ``duration`` and ``size`` are read as of now."""

    def __init__(
        self,
        backend: CompositionOperations,
        *,
        sid: str,
        seq: int,
        account_sid: str,
        room_sid: str,
        spec: CompositionSpec,
        date_created: datetime,
        media_seconds: int,
        has_audio: bool,
        has_video: bool,
        bitrate: int,
        media_external_location: str | None = None,
    ) -> None:
        self._backend = backend
        self.sid = sid
        self.seq = seq
        self.account_sid = account_sid
        self.room_sid = room_sid
        self.spec = spec
        self.date_created = date_created
        #: The settled status (``status`` settles first).
        self.settled_status = CompositionStatus.ENQUEUED
        #: What the media will last once processed (whole seconds), and what it carries.
        self.media_seconds = media_seconds
        self.has_audio = has_audio
        self.has_video = has_video
        #: kbps, shown once completed.
        self.bitrate = bitrate
        self.media_external_location = media_external_location
        self.date_completed: datetime | None = None
        self.date_deleted: datetime | None = None
        self.started_at: datetime | None = None
        self.processing_seconds = 0

    @property
    def status(self) -> CompositionStatus:
        self._backend.settle()
        return self.settled_status

    @property
    def completed(self) -> bool:
        return self.settled_status is CompositionStatus.COMPLETED

    @property
    def duration(self) -> int:
        """Whole seconds; 0 until completed."""
        self._backend.settle()
        return self.media_seconds if self.completed else 0

    @property
    def size(self) -> int:
        """Bytes: bitrate x duration / 8; 0 until completed."""
        self._backend.settle()
        return self.media_bytes if self.completed else 0

    @property
    def media_bytes(self) -> int:
        """The size the media has (or will have) once completed."""
        return self.bitrate * 125 * self.media_seconds

    def fail(self) -> None:
        """Inject a failure: an enqueued or processing composition becomes ``failed``."""
        self._backend.fail_composition(self)

    def __repr__(self) -> str:
        return f"Composition({self.sid}, {self.settled_status.value})"


@dataclass(frozen=True)
class CompositionQuery:
    status: CompositionStatus | None = None
    room_sid: str | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None


IndexKey = tuple[str, ...]


def entry_of(composition: Composition) -> Entry:
    return (int(composition.date_created.timestamp()), composition.seq, composition.sid)


def sort_key(composition: Composition) -> SortKey:
    """A composition's place in the newest-first order of the list."""
    return (int(composition.date_created.timestamp()), composition.seq)


def _keys(composition: Composition, status: CompositionStatus) -> list[IndexKey]:
    account, room = composition.account_sid, composition.room_sid
    keys: list[IndexKey] = [(account, "status", status.value), (account, room, status.value)]
    if status is not CompositionStatus.DELETED:
        keys += [(account,), (account, room)]
    return keys


def _query_key(account: str, query: CompositionQuery) -> IndexKey:
    key: IndexKey = (account,) if query.room_sid is None else (account, query.room_sid)
    if query.status is None:
        return key
    if query.room_sid is None:
        return (account, "status", query.status.value)
    return (*key, query.status.value)


class CompositionStore:
    def __init__(self) -> None:
        self.compositions: dict[str, Composition] = {}
        self._runs: dict[IndexKey, Run] = {}

    def add(self, composition: Composition) -> None:
        self.compositions[composition.sid] = composition
        self._insert(_keys(composition, composition.settled_status), entry_of(composition))

    def set_status(self, composition: Composition, status: CompositionStatus) -> None:
        old, composition.settled_status = composition.settled_status, status
        if old is status:
            return
        before, after = _keys(composition, old), _keys(composition, status)
        entry = entry_of(composition)
        self._discard([key for key in before if key not in after], entry)
        self._insert([key for key in after if key not in before], entry)

    def purge(self, composition: Composition) -> None:
        self._discard(_keys(composition, composition.settled_status), entry_of(composition))
        composition.settled_status = CompositionStatus.PURGED
        del self.compositions[composition.sid]

    def get(self, account_sid: str, sid: str) -> Composition | None:
        composition = self.compositions.get(sid)
        if composition is None or composition.account_sid != account_sid:
            return None
        return composition

    def scan(
        self,
        account_sid: str,
        query: CompositionQuery,
        key: SortKey | None,
        *,
        newer: bool,
        skip: int = 0,
    ) -> Iterator[Composition]:
        """Matching compositions beyond ``key`` (exclusive), less the first ``skip``: one seek
        in the one run the filters name, then the walk."""
        run = self._runs.get(_query_key(account_sid, query), [])
        bounds = runs.epoch_bounds(query.created_after, query.created_before)
        compositions = self.compositions
        for entry in runs.walk(run, key, newer, bounds, skip):
            yield compositions[entry[2]]

    def newest_first(self) -> list[Composition]:
        """Every composition not purged, newest first (every account)."""
        return sorted(self.compositions.values(), key=sort_key, reverse=True)

    def _insert(self, keys: list[IndexKey], entry: Entry) -> None:
        for key in keys:
            held = self._runs.get(key)
            self._runs[key] = [entry] if held is None else runs.insert(held, entry)

    def _discard(self, keys: list[IndexKey], entry: Entry) -> None:
        for key in keys:
            held = self._runs.get(key)
            if held is not None:
                runs.discard(held, entry)
                if not held:
                    del self._runs[key]
