"""``/v1/Rooms/{RoomSid}/Participants``: list, fetch, disconnect, and the tracks each publishes.

A room is named by SID or by the unique name of an in-progress room, a participant by SID or
by the identity of a connected participant, a published track by SID or name, as Twilio's
pages document them; anything else, or another account's, is Twilio's 404.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Callable

from fakerec import errors
from fakerec.api import params as p
from fakerec.api import render_participants as render
from fakerec.api.listing import echo, page_body
from fakerec.api.paging import SortKey
from fakerec.api.request import ApiRequest, Result, room_of
from fakerec.domain import roster
from fakerec.domain.backend import VideoBackend
from fakerec.domain.models import Participant, Track
from fakerec.domain.roster import ParticipantQuery, track_key

STATUSES = ("connected", "disconnected", "reconnecting")
_FILTERS = ("Status", "Identity", "DateCreatedAfter", "DateCreatedBefore")


def participant_of(
    backend: VideoBackend, req: ApiRequest, room_sid: str, sid_or_identity: str
) -> Participant:
    """The participant the path names in the account's room, or Twilio's 404 for the path."""
    found = roster.find(room_of(backend, req, room_sid), sid_or_identity)
    if found is None:
        raise errors.not_found(req.resource)
    return found


def track_page(
    req: ApiRequest, key: str, tracks: list[Track], to_json: Callable[[Track], dict[str, Any]]
) -> Result:
    """A list page of a few tracks (one participant's, or what it receives), newest first."""
    by_key = sorted(tracks, key=track_key)

    def scan(cursor: SortKey | None, newer: bool, skip: int) -> Iterator[Track]:
        ordered = by_key if newer else list(reversed(by_key))
        if cursor is not None and newer:
            ordered = [track for track in ordered if track_key(track) > cursor]
        elif cursor is not None:
            ordered = [track for track in ordered if track_key(track) < cursor]
        return iter(ordered[skip:])

    return 200, page_body(req, key, None, [], scan, track_key, to_json), {}


class ParticipantsApi:
    def __init__(self, backend: VideoBackend) -> None:
        self.backend = backend

    def list(self, req: ApiRequest, room_sid: str) -> Result:
        room = room_of(self.backend, req, room_sid)
        q = req.query
        query = ParticipantQuery(
            status=p.choice(q, "Status", STATUSES),
            identity=p.first(q, "Identity"),
            created_after=p.date_time(q, "DateCreatedAfter"),
            created_before=p.date_time(q, "DateCreatedBefore"),
        )
        backend = self.backend

        def scan(key: SortKey | None, newer: bool, skip: int) -> Iterator[Participant]:
            return backend.scan_participants(room, query, key, newer=newer, skip=skip)

        # Tokens are bound to the filters as given: a room that completes mid-walk changes
        # what "no Status" means, not whether the walk's tokens are still good.
        echoed = echo(q, _FILTERS)
        key_of = backend.participant_key
        body = page_body(req, "participants", query, echoed, scan, key_of, render.participant)
        return 200, body, {}

    def fetch(self, req: ApiRequest, room_sid: str, sid: str) -> Result:
        return 200, render.participant(participant_of(self.backend, req, room_sid, sid)), {}

    def update(self, req: ApiRequest, room_sid: str, sid: str) -> Result:
        """``Status=disconnected`` removes the participant: its tracks are unpublished and their
        recordings' capture ends, as when it leaves. Anything else is 53209."""
        participant = participant_of(self.backend, req, room_sid, sid)
        status = p.first(req.form, "Status")
        if status is None:
            raise errors.missing_parameter("Status")
        if status != "disconnected":
            raise errors.participant_status_invalid(f"{status!r} is not disconnected")
        if not participant.connected:
            raise errors.participant_status_invalid(f"{participant.sid} is disconnected already")
        participant.disconnect()
        return 202, render.participant(participant), {}

    def published_tracks(self, req: ApiRequest, room_sid: str, participant_sid: str) -> Result:
        participant = participant_of(self.backend, req, room_sid, participant_sid)
        tracks = roster.published(participant)
        return track_page(req, "published_tracks", tracks, render.published_track)

    def published_track(
        self, req: ApiRequest, room_sid: str, participant_sid: str, sid: str
    ) -> Result:
        participant = participant_of(self.backend, req, room_sid, participant_sid)
        track = roster.find_published(participant, sid)
        if track is None:
            raise errors.not_found(req.resource)
        return 200, render.published_track(track), {}
