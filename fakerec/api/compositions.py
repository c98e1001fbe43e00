"""``/v1/Compositions``: create from a completed group room, fetch, delete, list, media."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from fakerec import errors
from fakerec.api import params as p
from fakerec.api import render_compositions as render
from fakerec.api.listing import echo, page_body
from fakerec.api.media import MediaStore
from fakerec.api.paging import SortKey
from fakerec.api.recordings import MEDIA_TTL_DEFAULT, MEDIA_TTL_MAX, disposition_of
from fakerec.api.request import ApiRequest, Result
from fakerec.domain.backend import VideoBackend
from fakerec.domain.compositions import (
    COMPOSITION_STATUSES,
    Composition,
    CompositionQuery,
    CompositionSpec,
    CompositionStatus,
)
from fakerec.domain.layouts import resolution, validate_layout

FORMATS = ("mp4", "webm")
_ROOM_SID = re.compile(r"RM[0-9a-fA-F]{32}")
_FILTERS = ("Status", "DateCreatedAfter", "DateCreatedBefore", "RoomSid")


def parse_spec(f: p.Params, base: CompositionSpec | None = None) -> CompositionSpec:
    """A composition's settings from a POST (a composition's or a hook's), each validated as
    Twilio does; what the form leaves out comes from ``base`` (a hook's current settings), else
    Twilio's defaults: webm, 640x480, Trim true, POST."""
    spec = base or CompositionSpec([], [], {})
    raw_format = p.first(f, "Format")
    if raw_format is not None and raw_format not in FORMATS:
        raise errors.composition_refused(f"Format {raw_format!r} is not mp4 or webm")
    size = p.first(f, "Resolution")
    canvas = resolution(size if size is not None else spec.resolution)
    layout = spec.video_layout
    raw_layout = p.first(f, "VideoLayout")
    if raw_layout is not None:
        try:
            parsed: Any = json.loads(raw_layout)
        except (ValueError, RecursionError):
            raise errors.composition_refused("VideoLayout is not valid JSON") from None
        layout = validate_layout(parsed, canvas)
    elif layout:
        validate_layout(layout, canvas)  # a hook's layout must still fit a new resolution
    for name in ("AudioSources", "AudioSourcesExcluded"):
        if any(not value for value in f.get(name, [])):
            raise errors.composition_refused(f"{name} has an empty track name")
    trim = p.boolean(f, "Trim")
    return CompositionSpec(
        audio_sources=f.get("AudioSources", spec.audio_sources),
        audio_sources_excluded=f.get("AudioSourcesExcluded", spec.audio_sources_excluded),
        video_layout=layout,
        resolution=size if size is not None else spec.resolution,
        format=raw_format or spec.format,
        trim=spec.trim if trim is None else trim,
        status_callback=p.url(f, "StatusCallback") or spec.status_callback,
        status_callback_method=p.choice(f, "StatusCallbackMethod", ("GET", "POST"))
        or spec.status_callback_method,
    )


class CompositionsApi:
    def __init__(self, backend: VideoBackend, media: MediaStore) -> None:
        self.backend = backend
        self.media_store = media

    def create(self, req: ApiRequest) -> Result:
        f = req.form
        room_sid = p.first(f, "RoomSid")
        if room_sid is None:
            raise errors.missing_parameter("RoomSid")
        if not _ROOM_SID.fullmatch(room_sid):
            raise errors.invalid_parameter("RoomSid", room_sid, "a Room SID (RM...)")
        spec = parse_spec(f)
        room = self.backend.find_room(req.account_sid, room_sid)
        if room is None or room.sid != room_sid:
            raise errors.not_found(f"/Rooms/{room_sid}")
        composition = self.backend.create_composition(room, spec)
        return 201, render.composition(composition), {}

    def fetch(self, req: ApiRequest, sid: str) -> Result:
        return 200, render.composition(self._composition(req, sid)), {}

    def delete(self, req: ApiRequest, sid: str) -> Result:
        self.backend.delete_composition(self._composition(req, sid))
        return 204, None, {}

    def list(self, req: ApiRequest) -> Result:
        q = req.query
        status = p.choice(q, "Status", COMPOSITION_STATUSES)
        room_sid = p.sid(q, "RoomSid")
        query = CompositionQuery(
            status=CompositionStatus(status) if status else None,
            room_sid=room_sid,
            created_after=p.date_time(q, "DateCreatedAfter"),
            created_before=p.date_time(q, "DateCreatedBefore"),
        )
        backend = self.backend

        def scan(key: SortKey | None, newer: bool, skip: int) -> Iterator[Composition]:
            return backend.scan_compositions(req.account_sid, query, key, newer=newer, skip=skip)

        echoed = echo(q, _FILTERS)
        key_of = backend.composition_key
        body = page_body(req, "compositions", query, echoed, scan, key_of, render.composition)
        return 200, body, {}

    def media(self, req: ApiRequest, sid: str) -> Result:
        """302 to a temporary URL of the composed file; 404 (20404) until it is completed,
        once deleted, or when it failed, as recordings' media answers [DECIDED]."""
        composition = self._composition(req, sid)
        ttl = p.bounded_int(req.query, "Ttl", 1, MEDIA_TTL_MAX) or MEDIA_TTL_DEFAULT
        default = f'attachment; filename="{composition.sid}.{composition.spec.format}"'
        disposition = disposition_of(req, default)
        if composition.settled_status is not CompositionStatus.COMPLETED:
            raise errors.not_found(req.resource)
        location = self.media_store.presign_composition(
            composition, ttl, disposition, self.backend.now()
        )
        return 302, {"redirect_to": location}, {"Location": location}

    def _composition(self, req: ApiRequest, sid: str) -> Composition:
        composition = self.backend.get_composition(req.account_sid, sid)
        if composition is None:
            raise errors.not_found(req.resource)
        return composition
