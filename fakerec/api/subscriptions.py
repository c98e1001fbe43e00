"""``.../Participants/{ParticipantSid}/SubscribedTracks`` and ``.../SubscribeRules``.

What a participant subscribes to is derived on every read from its subscribe rules and what
the other connected participants publish now (``fakerec.domain.subscriptions``).
"""

from __future__ import annotations

from typing import Any

from fakerec import errors
from fakerec.api import params as p
from fakerec.api import render_participants as render
from fakerec.api.participants import participant_of, track_page
from fakerec.api.recording_rules import parse_rules
from fakerec.api.request import ApiRequest, Result
from fakerec.domain import subscriptions
from fakerec.domain.backend import VideoBackend
from fakerec.domain.models import Track


class SubscriptionsApi:
    def __init__(self, backend: VideoBackend) -> None:
        self.backend = backend

    def subscribed_tracks(self, req: ApiRequest, room_sid: str, participant_sid: str) -> Result:
        subscriber = participant_of(self.backend, req, room_sid, participant_sid)

        def to_json(track: Track) -> dict[str, Any]:
            return render.subscribed_track(subscriber, track)

        tracks = subscriptions.subscribed(subscriber)
        return track_page(req, "subscribed_tracks", tracks, to_json)

    def subscribed_track(
        self, req: ApiRequest, room_sid: str, participant_sid: str, sid: str
    ) -> Result:
        """By track SID only: the path's ``Sid`` is an MT SID [DOC]."""
        subscriber = participant_of(self.backend, req, room_sid, participant_sid)
        for track in subscriptions.subscribed(subscriber):
            if track.sid == sid:
                return 200, render.subscribed_track(subscriber, track), {}
        raise errors.not_found(req.resource)

    def rules(self, req: ApiRequest, room_sid: str, participant_sid: str) -> Result:
        participant = participant_of(self.backend, req, room_sid, participant_sid)
        return 200, render.subscribe_rules(participant), {}

    def update_rules(self, req: ApiRequest, room_sid: str, participant_sid: str) -> Result:
        """Replace the rules (400 53215 when invalid, and the old ones stay [DOC])."""
        participant = participant_of(self.backend, req, room_sid, participant_sid)
        raw = p.first(req.form, "Rules")
        if raw is None:
            raise errors.missing_parameter("Rules")
        parsed = parse_rules(raw, wrapped=False, invalid=errors.invalid_subscribe_rules)
        self.backend.set_subscribe_rules(participant, parsed)
        return 200, render.subscribe_rules(participant), {}
