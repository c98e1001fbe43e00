"""One method per operation of Twilio's Video Recordings and Rooms REST surface.

Each handler parses its parameters, asks the domain, and returns (status, payload or None).
Nothing here knows which HTTP library the request came through.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Callable

from fakerec import errors
from fakerec.api import params as p
from fakerec.api import render
from fakerec.api.media import MediaStore
from fakerec.api.paging import PageCursor, SortKey, page_url, paginate, scope_digest
from fakerec.domain import rules
from fakerec.domain.backend import VideoBackend
from fakerec.domain.models import API_STATUSES, Recording, RecordingStatus, Room, RoomStatus
from fakerec.domain.query import RecordingQuery, RoomQuery

MEDIA_TTL_DEFAULT = 600
MEDIA_TTL_MAX = 3600
ROOM_TYPES = ("group", "group-small", "peer-to-peer", "go")
MEDIA_TYPES = ("audio", "video", "data")


@dataclass
class ApiRequest:
    method: str
    path: str  # as requested, e.g. /v1/Recordings/RT...
    query: p.Params
    form: p.Params
    account_sid: str

    @property
    def resource(self) -> str:
        """The path as Twilio names it in 404 messages: without the version prefix."""
        return self.path[3:] if self.path.startswith("/v1/") else self.path


Result = tuple[int, Any, dict[str, str]]


class VideoApi:
    def __init__(self, backend: VideoBackend, media: MediaStore) -> None:
        self.backend = backend
        self.media = media
        #: The last recordings fetched: sid -> (what their JSON depends on, the JSON).
        self._fetched: dict[str, tuple[tuple[object, ...], bytes]] = {}

    # --- recordings --------------------------------------------------------------------

    def _recording(self, req: ApiRequest, sid: str, room: Room | None = None) -> Recording:
        recording = self.backend.get_recording(req.account_sid, sid)
        if recording is None or (room is not None and recording.room_sid != room.sid):
            raise errors.not_found(req.resource)
        return recording

    def _room(self, req: ApiRequest, room_sid: str) -> Room:
        room = self.backend.find_room(req.account_sid, room_sid)
        if room is None:
            raise errors.not_found(req.resource)
        return room

    def fetch_recording(self, req: ApiRequest, sid: str) -> Result:
        """The hottest call of all: the encoded body is reused while the recording is unchanged."""
        recording = self._recording(req, sid)
        version = (
            recording.settled_status,
            recording.final_size,
            recording.media_external_location,
        )
        cached = self._fetched.get(sid)
        if cached is not None and cached[0] == version:
            return 200, cached[1], {}
        body = render.dumps(render.recording(recording))
        if len(self._fetched) >= 256:
            self._fetched.clear()
        self._fetched[sid] = (version, body)
        return 200, body, {}

    def delete_recording(self, req: ApiRequest, sid: str) -> Result:
        self._recording(req, sid)
        self.backend.delete_recording(req.account_sid, sid)
        return 204, None, {}

    def recording_media(self, req: ApiRequest, sid: str) -> Result:
        return self._media(req, self._recording(req, sid))

    def list_recordings(self, req: ApiRequest) -> Result:
        query = self._recording_query(req, room_sid=None)
        echo = _echo(
            req.query,
            ("Status", "DateCreatedAfter", "DateCreatedBefore", "SourceSid", "MediaType"),
            repeated="GroupingSid",
        )
        return self._recordings_page(req, query, echo, render.recording)

    def fetch_room_recording(self, req: ApiRequest, room_sid: str, sid: str) -> Result:
        recording = self._recording(req, sid, self._room(req, room_sid))
        return 200, render.room_recording(recording), {}

    def delete_room_recording(self, req: ApiRequest, room_sid: str, sid: str) -> Result:
        self._recording(req, sid, self._room(req, room_sid))
        self.backend.delete_recording(req.account_sid, sid)
        return 204, None, {}

    def room_recording_media(self, req: ApiRequest, room_sid: str, sid: str) -> Result:
        return self._media(req, self._recording(req, sid, self._room(req, room_sid)))

    def list_room_recordings(self, req: ApiRequest, room_sid: str) -> Result:
        room = self._room(req, room_sid)
        query = self._recording_query(req, room_sid=room.sid)
        echo = _echo(req.query, ("Status", "DateCreatedAfter", "DateCreatedBefore", "SourceSid"))
        return self._recordings_page(req, query, echo, render.room_recording)

    def _recording_query(self, req: ApiRequest, room_sid: str | None) -> RecordingQuery:
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

    def _recordings_page(
        self,
        req: ApiRequest,
        query: RecordingQuery,
        echo: list[tuple[str, str]],
        to_json: Callable[[Recording], dict[str, Any]],
    ) -> Result:
        backend = self.backend

        def scan(key: SortKey | None, newer: bool) -> Iterator[object]:
            return backend.scan(req.account_sid, query, key, newer=newer)

        body = self._page(req, "recordings", query, echo, scan, backend.sort_key, to_json)
        return 200, body, {}

    def _page(
        self,
        req: ApiRequest,
        key: str,
        filters: object,
        echo: list[tuple[str, str]],
        scan: Callable[[SortKey | None, bool], Iterator[Any]],
        key_of: Callable[[Any], SortKey],
        to_json: Callable[[Any], dict[str, Any]],
    ) -> dict[str, Any]:
        size = p.page_size(req.query)
        number = p.page_number(req.query)
        scope = scope_digest(req.path, filters)
        raw_token = p.first(req.query, "PageToken")
        token = (
            PageCursor.decode(raw_token, req.account_sid, scope) if raw_token is not None else None
        )
        page = paginate(
            scan,
            key_of,
            size=size,
            page_number=number,
            token=token,
            account_sid=req.account_sid,
            scope=scope,
        )
        base = render.BASE_URL + req.path

        def url(page_number: int, cursor: PageCursor | None) -> str:
            extra = [("PageSize", str(size)), ("Page", str(page_number))]
            if cursor is not None:
                extra.append(("PageToken", cursor.encode()))
            return page_url(base, echo + extra)

        return {
            key: [to_json(item) for item in page.items],
            "meta": {
                "page": page.number,
                "page_size": size,
                "first_page_url": url(0, None),
                "previous_page_url": (
                    url(page.previous_cursor.page, page.previous_cursor)
                    if page.previous_cursor
                    else None
                ),
                "url": url(page.number, token),
                "next_page_url": (
                    url(page.next_cursor.page, page.next_cursor) if page.next_cursor else None
                ),
                "key": key,
            },
        }

    def _media(self, req: ApiRequest, recording: Recording) -> Result:
        ttl = p.bounded_int(req.query, "Ttl", 1, MEDIA_TTL_MAX) or MEDIA_TTL_DEFAULT
        extension = recording.container_format
        disposition = p.first(req.query, "ContentDisposition")
        if disposition is None:
            disposition = f'attachment; filename="{recording.sid}.{extension}"'
        elif disposition.split(";")[0].strip().lower() not in ("attachment", "inline"):
            raise errors.invalid_parameter(
                "ContentDisposition", disposition, "attachment or inline"
            )
        if not recording.media_available:
            raise errors.not_found(req.resource)
        location = self.media.presign(recording, ttl, disposition, self.backend.now())
        return 302, {"redirect_to": location}, {"Location": location}

    # --- rooms -------------------------------------------------------------------------

    def create_room(self, req: ApiRequest) -> Result:
        f = req.form
        unique_name = p.first(f, "UniqueName")
        if unique_name is not None and self.backend.in_progress_room_named(
            req.account_sid, unique_name
        ):
            raise errors.room_exists(unique_name)
        options: dict[str, Any] = {
            "unique_name": unique_name,
            "type": p.choice(f, "Type", ROOM_TYPES) or "group",
            "record_participants_on_connect": bool(p.boolean(f, "RecordParticipantsOnConnect")),
            "status_callback": p.first(f, "StatusCallback"),
            "status_callback_method": (
                p.choice(f, "StatusCallbackMethod", ("GET", "POST")) or "POST"
            ),
            "audio_only": bool(p.boolean(f, "AudioOnly")),
            "large_room": bool(p.boolean(f, "LargeRoom")),
        }
        codecs = f.get("VideoCodecs")
        if codecs:
            for codec in codecs:
                if codec not in ("VP8", "H264"):
                    raise errors.invalid_parameter("VideoCodecs", codec, "VP8 or H264")
            options["video_codecs"] = codecs
        region = p.first(f, "MediaRegion")
        if region:
            options["media_region"] = region
        for name, option, low, high in (
            ("MaxParticipants", "max_participants", 1, 50),
            ("MaxParticipantDuration", "max_participant_duration", 600, 86400),
            ("EmptyRoomTimeout", "empty_room_timeout", 1, 60),
            ("UnusedRoomTimeout", "unused_room_timeout", 1, 60),
        ):
            value = p.bounded_int(f, name, low, high)
            if value is not None:
                options[option] = value
        raw_rules = p.first(f, "RecordingRules")
        new_rules = None if raw_rules is None else rules.validate(_json_rules(raw_rules, True))
        room = self.backend.create_room(req.account_sid, **options)
        if new_rules is not None:
            self.backend.set_recording_rules(room, new_rules)
        return 201, render.room(room), {}

    def fetch_room(self, req: ApiRequest, sid: str) -> Result:
        return 200, render.room(self._room(req, sid)), {}

    def update_room(self, req: ApiRequest, sid: str) -> Result:
        room = self._room(req, sid)
        status = p.first(req.form, "Status")
        if status is None:
            raise errors.missing_parameter("Status")
        if status != RoomStatus.COMPLETED.value:
            raise errors.invalid_parameter("Status", status, "completed")
        if room.status is not RoomStatus.IN_PROGRESS:
            raise errors.room_not_in_progress()
        room.complete()
        return 202, render.room(room), {}

    def fetch_recording_rules(self, req: ApiRequest, room_sid: str) -> Result:
        return 200, render.recording_rules(self._room(req, room_sid)), {}

    def update_recording_rules(self, req: ApiRequest, room_sid: str) -> Result:
        room = self._room(req, room_sid)
        raw = p.first(req.form, "Rules")
        if raw is None:
            raise errors.missing_parameter("Rules")
        self.backend.set_recording_rules(room, _json_rules(raw, wrapped=False))
        return 200, render.recording_rules(room), {}

    def fetch_recording_settings(self, req: ApiRequest) -> Result:
        return 200, render.recording_settings(self.backend.accounts[req.account_sid]), {}

    def update_recording_settings(self, req: ApiRequest) -> Result:
        f = req.form
        friendly_name = p.first(f, "FriendlyName")
        if friendly_name is None:
            raise errors.missing_parameter("FriendlyName")
        credentials = p.sid(f, "AwsCredentialsSid")
        key = p.sid(f, "EncryptionKeySid")
        for name, value in (("AwsCredentialsSid", credentials), ("EncryptionKeySid", key)):
            if value is not None and not value.startswith("CR"):
                raise errors.invalid_parameter(name, value, "a Credential SID (CR...)")
        s3_url = p.first(f, "AwsS3Url")
        if s3_url is not None and not s3_url.startswith(("https://", "http://")):
            raise errors.invalid_parameter("AwsS3Url", s3_url, "a URL")
        storage = p.boolean(f, "AwsStorageEnabled")
        encryption = p.boolean(f, "EncryptionEnabled")
        account = self.backend.accounts[req.account_sid]
        settings = account.recording_settings
        settings.friendly_name = friendly_name
        settings.aws_credentials_sid = credentials or settings.aws_credentials_sid
        settings.encryption_key_sid = key or settings.encryption_key_sid
        settings.aws_s3_url = s3_url or settings.aws_s3_url
        if storage is not None:
            settings.aws_storage_enabled = storage
        if encryption is not None:
            settings.encryption_enabled = encryption
        return 200, render.recording_settings(account), {}

    def list_rooms(self, req: ApiRequest) -> Result:
        q = req.query
        status = p.choice(q, "Status", tuple(s.value for s in RoomStatus))
        query = RoomQuery(
            status=RoomStatus(status) if status else RoomStatus.IN_PROGRESS,
            unique_name=p.first(q, "UniqueName"),
            created_after=p.date_time(q, "DateCreatedAfter"),
            created_before=p.date_time(q, "DateCreatedBefore"),
        )
        rooms = self.backend.list_rooms(req.account_sid, query)
        keys = [VideoBackend.room_key(room) for room in rooms]

        def scan(key: SortKey | None, newer: bool) -> Iterator[Room]:
            if newer:
                start = 0 if key is None else bisect_left(keys, (key[0], key[1] + 1))
                return iter(rooms[start:])
            end = len(rooms) if key is None else bisect_left(keys, key)
            return reversed(rooms[:end])

        echo = _echo(q, ("Status", "UniqueName", "DateCreatedAfter", "DateCreatedBefore"))
        body = self._page(req, "rooms", query, echo, scan, VideoBackend.room_key, render.room)
        return 200, body, {}


def _json_rules(raw: str, wrapped: bool) -> Any:
    """Rules as the SDK sends them: a JSON array (or ``{"rules": [...]}`` on room create)."""
    try:
        parsed = json.loads(raw)
    except (ValueError, RecursionError):
        raise errors.invalid_recording_rules("not valid JSON") from None
    if wrapped and isinstance(parsed, dict) and "rules" in parsed:
        return parsed["rules"]
    return parsed


def _echo(
    query: p.Params, names: tuple[str, ...], repeated: str | None = None
) -> list[tuple[str, str]]:
    """The filters as given, to carry in every meta URL."""
    echoed = [(name, query[name][0]) for name in names if query.get(name)]
    if repeated:
        echoed.extend((repeated, value) for value in query.get(repeated, []))
    return echoed
