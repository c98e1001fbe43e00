"""``/v1/Recordings`` and ``/v1/Rooms/{RoomSid}/Recordings``: fetch, delete, media, lists."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Callable

from fakerec import errors
from fakerec.api import params as p
from fakerec.api.listing import Echo, echo, page_text
from fakerec.api.media import MediaStore
from fakerec.api.paging import SortKey
from fakerec.api.rendered import RenderedRecordings
from fakerec.api.request import ApiRequest, Result, room_of
from fakerec.domain.backend import VideoBackend
from fakerec.domain.models import Recording, Room
from fakerec.domain.query import RecordingQuery
from fakerec.domain.vocabulary import API_STATUSES, RecordingStatus

#: How many recent list pages are kept for a repeat of the same request.
PAGES_KEPT = 32
MEDIA_TTL_DEFAULT = 600
MEDIA_TTL_MAX = 3600
MEDIA_TYPES = ("audio", "video", "data")
_FILTERS = ("Status", "DateCreatedAfter", "DateCreatedBefore", "SourceSid")
#: ``attachment`` or ``inline``, with at most a quoted filename of printable ASCII (no quote,
#: no backslash): nothing else ever becomes a response header (SPEC 6).
_DISPOSITION = re.compile(
    r'(?i:attachment|inline)(?:[ \t]*;[ \t]*filename="[\x20\x21\x23-\x5b\x5d-\x7e]*")?'
)

#: Recordings to their encoded JSON, as ``RenderedRecordings`` gives them.
ToTexts = Callable[[Sequence[Recording]], list[bytes]]


class RecordingsApi:
    def __init__(self, backend: VideoBackend, media: MediaStore) -> None:
        self.backend = backend
        self.media_store = media
        self.rendered = RenderedRecordings()
        #: The last pages served, by (account, path, query), with the store revision they show.
        self._pages: dict[tuple[object, ...], tuple[int, bytes]] = {}

    def fetch(self, req: ApiRequest, sid: str) -> Result:
        """The hottest call of all: the JSON is reused while the recording is unchanged."""
        return 200, self.rendered.top_level([self._recording(req, sid)])[0], {}

    def delete(self, req: ApiRequest, sid: str) -> Result:
        self._recording(req, sid)
        self.backend.delete_recording(req.account_sid, sid)
        return 204, None, {}

    def media(self, req: ApiRequest, sid: str) -> Result:
        return self._media(req, self._recording(req, sid))

    def list(self, req: ApiRequest) -> Result:
        query = self._query(req, room_sid=None)
        echoed = echo(req.query, (*_FILTERS, "MediaType"), repeated="GroupingSid")
        return self._page(req, query, echoed, self.rendered.top_level)

    def fetch_in_room(self, req: ApiRequest, room_sid: str, sid: str) -> Result:
        recording = self._recording(req, sid, room_of(self.backend, req, room_sid))
        return 200, self.rendered.room_scoped([recording])[0], {}

    def delete_in_room(self, req: ApiRequest, room_sid: str, sid: str) -> Result:
        self._recording(req, sid, room_of(self.backend, req, room_sid))
        self.backend.delete_recording(req.account_sid, sid)
        return 204, None, {}

    def media_in_room(self, req: ApiRequest, room_sid: str, sid: str) -> Result:
        return self._media(req, self._recording(req, sid, room_of(self.backend, req, room_sid)))

    def list_in_room(self, req: ApiRequest, room_sid: str) -> Result:
        room = room_of(self.backend, req, room_sid)
        query = self._query(req, room_sid=room.sid)
        return self._page(req, query, echo(req.query, _FILTERS), self.rendered.room_scoped)

    # --- shared ------------------------------------------------------------------------

    def _recording(self, req: ApiRequest, sid: str, room: Room | None = None) -> Recording:
        recording = self.backend.get_recording(req.account_sid, sid)
        if recording is None or (room is not None and recording.room_sid != room.sid):
            raise errors.not_found(req.resource)
        return recording

    @staticmethod
    def _query(req: ApiRequest, room_sid: str | None) -> RecordingQuery:
        q = req.query
        status = p.choice(q, "Status", API_STATUSES)
        scoped = room_sid is not None  # room lists ignore MediaType and GroupingSid
        return RecordingQuery(
            status=RecordingStatus(status) if status else None,
            source_sid=p.sid(q, "SourceSid"),
            grouping_sids=() if scoped else p.sids(q, "GroupingSid"),
            created_after=p.date_time(q, "DateCreatedAfter"),
            created_before=p.date_time(q, "DateCreatedBefore"),
            media_type=None if scoped else p.choice(q, "MediaType", MEDIA_TYPES),
            room_sid=room_sid,
        )

    def _page(
        self,
        req: ApiRequest,
        query: RecordingQuery,
        echoed: Echo,
        to_texts: ToTexts,
    ) -> Result:
        backend = self.backend
        asked = (req.account_sid, req.path, tuple(sorted((k, *v) for k, v in req.query.items())))
        revision = backend.recordings_revision
        held = self._pages.get(asked)
        if held is not None and held[0] == revision:
            return 200, held[1], {}  # the same page of the same store: a poll, say

        def scan(key: SortKey | None, newer: bool, skip: int) -> Iterator[Recording]:
            return backend.scan(req.account_sid, query, key, newer=newer, skip=skip)

        body = page_text(req, "recordings", query, echoed, scan, backend.sort_key, to_texts)
        if held is None and len(self._pages) >= PAGES_KEPT:
            del self._pages[next(iter(self._pages))]
        self._pages[asked] = (revision, body)
        return 200, body, {}

    def _media(self, req: ApiRequest, recording: Recording) -> Result:
        ttl = p.bounded_int(req.query, "Ttl", 1, MEDIA_TTL_MAX) or MEDIA_TTL_DEFAULT
        default = f'attachment; filename="{recording.sid}.{recording.container_format}"'
        disposition = disposition_of(req, default)
        if not recording.media_available:
            raise errors.not_found(req.resource)
        location = self.media_store.presign(recording, ttl, disposition, self.backend.now())
        return 302, {"redirect_to": location}, {"Location": location}


def disposition_of(req: ApiRequest, default: str) -> str:
    """The ContentDisposition asked for (checked: SPEC 6), or ``default``."""
    disposition = p.first(req.query, "ContentDisposition")
    if disposition is None:
        return default
    if _DISPOSITION.fullmatch(disposition) is None:
        raise errors.invalid_parameter(
            "ContentDisposition",
            disposition,
            'attachment or inline, optionally with ; filename="..." (printable ASCII)',
        )
    return disposition
