"""Twilio's JSON for participants, their published and subscribed tracks, and subscribe rules."""

from __future__ import annotations

from typing import Any

from fakerec.api.render import BASE_URL, timestamp
from fakerec.domain.models import Participant, Track


def participant_url(p: Participant) -> str:
    return f"{BASE_URL}/v1/Rooms/{p.room.sid}/Participants/{p.sid}"


def participant(p: Participant) -> dict[str, Any]:
    url = participant_url(p)
    start, end = p.connected_at, p.disconnected_at
    duration = None  # as the participant-disconnected callback's ParticipantDuration counts it
    if start is not None and end is not None:
        duration = int((end - start).total_seconds())
    return {
        "sid": p.sid,
        "room_sid": p.room.sid,
        "account_sid": p.room.account_sid,
        "status": p.status,
        "identity": p.identity,
        "date_created": timestamp(start),
        "date_updated": timestamp(end or start),
        "start_time": timestamp(start),
        "end_time": timestamp(end),
        "duration": duration,
        "url": url,
        "links": {
            "published_tracks": f"{url}/PublishedTracks",
            "subscribed_tracks": f"{url}/SubscribedTracks",
            "subscribe_rules": f"{url}/SubscribeRules",
        },
    }


def _track_fields(t: Track) -> dict[str, Any]:
    return {
        "sid": t.sid,
        "room_sid": t.participant.room.sid,
        "name": t.name or t.sid,  # the name recordings and callbacks give an unnamed track
        "date_created": timestamp(t.date_created),
        "date_updated": None,  # as every example of Twilio's shows it
        "enabled": t.enabled,
        "kind": t.kind,
    }


def published_track(t: Track) -> dict[str, Any]:
    return {
        **_track_fields(t),
        "participant_sid": t.participant.sid,
        "url": f"{participant_url(t.participant)}/PublishedTracks/{t.sid}",
    }


def subscribed_track(subscriber: Participant, t: Track) -> dict[str, Any]:
    """``date_created``: when the subscription could first begin, the later of the track's
    publication and the subscriber's arrival [DECIDED]."""
    fields = _track_fields(t)
    if subscriber.connected_at is not None and t.date_created is not None:
        fields["date_created"] = timestamp(max(subscriber.connected_at, t.date_created))
    return {
        **fields,
        "participant_sid": subscriber.sid,
        "publisher_sid": t.participant.sid,
        "url": f"{participant_url(subscriber)}/SubscribedTracks/{t.sid}",
    }


def subscribe_rules(p: Participant) -> dict[str, Any]:
    """Each rule with the keys it was given, as Twilio's own examples show it."""
    return {
        "participant_sid": p.sid,
        "room_sid": p.room.sid,
        "rules": [dict(rule) for rule in p.subscribe_rules],
        "date_created": timestamp(p.connected_at),
        "date_updated": timestamp(p.rules_updated),
    }
