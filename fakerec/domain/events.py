"""The parameters of Twilio Video's status-callback events, as Twilio documents them.

Values are strings, as they travel form-encoded. ``Codec`` is lower case, as Twilio was
observed sending it; ``RecordingUri`` and ``MediaUri`` are relative paths.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

from fakerec.domain.models import Participant, Recording, Room, Track


def timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with milliseconds, as Twilio's callbacks carry it."""
    utc = moment.astimezone(timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def room_params(r: Room, event: str, at: datetime, sequence: int) -> dict[str, str]:
    return {
        "AccountSid": r.account_sid,
        "RoomSid": r.sid,
        "RoomName": r.unique_name,
        "RoomType": r.type,
        "RoomStatus": r.settled_status.value,
        "StatusCallbackEvent": event,
        "Timestamp": timestamp(at),
        "SequenceNumber": str(sequence),
    }


def participant(p: Participant, left_at: datetime | None = None) -> dict[str, str]:
    params = {
        "ParticipantSid": p.sid,
        "ParticipantIdentity": p.identity,
        "ParticipantStatus": "connected" if p.settled_connected else "disconnected",
    }
    if left_at is not None and p.connected_at is not None:
        params["ParticipantDuration"] = str(int((left_at - p.connected_at).total_seconds()))
    return params


def track(t: Track) -> dict[str, str]:
    return {
        "ParticipantSid": t.participant.sid,
        "ParticipantIdentity": t.participant.identity,
        "TrackSid": t.sid,
        "TrackKind": t.kind,
        "TrackName": t.name or t.sid,
    }


def recording(rec: Recording, t: Track) -> dict[str, str]:
    return {
        "RecordingSid": rec.sid,
        "RecordingUri": f"/v1/Recordings/{rec.sid}",
        "SourceSid": rec.source_sid,
        "ParticipantSid": rec.participant_sid,
        "ParticipantIdentity": t.participant.identity,
        "TrackName": rec.track_name,
        "Container": rec.container_format,
        "Codec": rec.codec.lower(),
        "Type": rec.type,
        "OffsetFromTwilioVideoEpoch": str(rec.offset),
    }


def completed(rec: Recording) -> dict[str, str]:
    return {
        "MediaUri": f"/v1/Recordings/{rec.sid}/Media",
        "Duration": str(rec.final_duration or 0),
        "Size": str(rec.final_size or 0),
        "MediaExternalLocation": rec.media_external_location or "",
    }


#: (room, event name, Twilio's callback parameters, when it happened)
EventListener = Callable[[Room, str, dict[str, str], datetime], None]
#: (room, event name, when): domain parts that act on a room's events (hooks on room-ended).
EventObserver = Callable[[Room, str, datetime], None]


class EventBus:
    """Tells the listener (the callback sender) of every event of a room with a callback."""

    def __init__(self) -> None:
        self.listener: EventListener | None = None
        #: Told of every event of every room, after the listener (callback or not).
        self.observers: list[EventObserver] = []

    def emit(
        self, room: Room, event: str, at: datetime, extra: dict[str, str] | None = None
    ) -> None:
        if self.listener is not None and room.status_callback:
            room.callback_sequence += 1
            params = room_params(room, event, at, room.callback_sequence - 1)
            params.update(extra or {})
            self.listener(room, event, params, at)
        for observer in self.observers:
            observer(room, event, at)
