"""``/v1/Rooms``: create, fetch (by SID or unique name), complete, list."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fakerec import errors
from fakerec.api import params as p
from fakerec.api import render
from fakerec.api.listing import echo, page_body
from fakerec.api.paging import SortKey
from fakerec.api.recording_rules import parse_rules
from fakerec.api.request import ApiRequest, Result, room_of
from fakerec.domain import rules
from fakerec.domain.backend import VideoBackend
from fakerec.domain.models import Room
from fakerec.domain.query import RoomQuery
from fakerec.domain.vocabulary import RoomStatus

ROOM_TYPES = ("group", "group-small", "peer-to-peer", "go")
#: (parameter, room option, lowest, highest) of the timeouts (minutes).
_TIMEOUTS = (
    ("EmptyRoomTimeout", "empty_room_timeout", 1, 60),
    ("UnusedRoomTimeout", "unused_room_timeout", 1, 60),
)
MAX_PARTICIPANTS = 50
#: Validated as Twilio types them, then ignored: the fake has no TURN or transcriptions.
_ACCEPTED_BOOLEANS = ("EnableTurn", "TranscribeParticipantsOnConnect")


class RoomsApi:
    def __init__(self, backend: VideoBackend) -> None:
        self.backend = backend

    def create(self, req: ApiRequest) -> Result:
        raw_rules = p.first(req.form, "RecordingRules")
        new_rules = None if raw_rules is None else rules.validate(parse_rules(raw_rules, True))
        room = self.backend.create_room(req.account_sid, **_room_options(req.form))
        if new_rules is not None:
            self.backend.set_recording_rules(room, new_rules)
        return 201, render.room(room), {}

    def fetch(self, req: ApiRequest, sid: str) -> Result:
        return 200, render.room(room_of(self.backend, req, sid)), {}

    def update(self, req: ApiRequest, sid: str) -> Result:
        room = room_of(self.backend, req, sid)
        status = p.first(req.form, "Status")
        if status is None:
            raise errors.missing_parameter("Status")
        if status != RoomStatus.COMPLETED.value:
            raise errors.room_status_invalid(f"{status!r} is not completed")
        if room.status is not RoomStatus.IN_PROGRESS:
            raise errors.room_status_invalid(f"the room is {room.status.value}")
        room.complete()
        return 202, render.room(room), {}

    def list(self, req: ApiRequest) -> Result:
        q = req.query
        status = p.choice(q, "Status", tuple(s.value for s in RoomStatus))
        query = RoomQuery(
            status=RoomStatus(status) if status else RoomStatus.IN_PROGRESS,
            unique_name=p.first(q, "UniqueName"),
            created_after=p.date_time(q, "DateCreatedAfter"),
            created_before=p.date_time(q, "DateCreatedBefore"),
        )
        backend = self.backend

        def scan(key: SortKey | None, newer: bool, skip: int) -> Iterator[Room]:
            return backend.scan_rooms(req.account_sid, query, key, newer=newer, skip=skip)

        echoed = echo(q, ("Status", "UniqueName", "DateCreatedAfter", "DateCreatedBefore"))
        body = page_body(req, "rooms", query, echoed, scan, backend.room_key, render.room)
        return 200, body, {}


def _room_options(f: p.Params) -> dict[str, Any]:
    """The keyword arguments of ``create_room`` from the form, each checked as Twilio does."""
    options: dict[str, Any] = {
        "unique_name": p.first(f, "UniqueName"),
        "type": p.choice(f, "Type", ROOM_TYPES) or "group",
        "record_participants_on_connect": bool(p.boolean(f, "RecordParticipantsOnConnect")),
        "status_callback": p.url(f, "StatusCallback"),
        "status_callback_method": p.choice(f, "StatusCallbackMethod", ("GET", "POST")) or "POST",
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
    for name, option, low, high in _TIMEOUTS:
        value = p.integer(f, name)
        if value is not None:
            if not low <= value <= high:
                raise errors.room_timeout_out_of_range(name, value, low, high)
            options[option] = value
    most = p.integer(f, "MaxParticipants")
    if most is not None:
        if not 1 <= most <= MAX_PARTICIPANTS:
            raise errors.max_participants_out_of_range(most, MAX_PARTICIPANTS)
        options["max_participants"] = most
    longest = p.integer(f, "MaxParticipantDuration")
    if longest is not None:
        if not 600 <= longest <= 86400:
            raise errors.max_participant_duration_out_of_range(longest)
        options["max_participant_duration"] = longest
    for name in _ACCEPTED_BOOLEANS:
        p.boolean(f, name)
    p.json_object(f, "TranscriptionsConfiguration")
    return options
