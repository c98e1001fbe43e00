"""Twilio's JSON for every resource, page and error; the only place bodies are built."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from fakerec.domain.accounts import Account
from fakerec.domain.models import Recording, Room
from fakerec.errors import TwilioError

BASE_URL = "https://video.twilio.com"
JSON_HEADERS = {"Content-Type": "application/json"}


def timestamp(moment: datetime | None) -> str | None:
    """Always ``YYYY-MM-DDTHH:MM:SSZ``: the SDK hands anything else back as a plain string."""
    return None if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _recording_fields(rec: Recording) -> dict[str, Any]:
    """What the top-level and the room-scoped recording resources share."""
    return {
        "account_sid": rec.account_sid,
        "status": rec.settled_status.value,
        "date_created": timestamp(rec.date_created),
        "sid": rec.sid,
        "source_sid": rec.source_sid,
        "size": rec.final_size or 0,
        "type": rec.type,
        "duration": rec.final_duration or 0,
        "container_format": rec.container_format,
        "codec": rec.codec.lower(),  # as the live service sends it, not the published enum
        "track_name": rec.track_name,
        "offset": rec.offset,
        "grouping_sids": rec.grouping_sids,
        "media_external_location": rec.media_external_location,
    }


def recording(rec: Recording) -> dict[str, Any]:
    url = f"{BASE_URL}/v1/Recordings/{rec.sid}"
    return {
        **_recording_fields(rec),
        "status_callback": rec.status_callback,
        "status_callback_method": rec.status_callback_method,
        "url": url,
        "links": {"media": f"{url}/Media"},
    }


def room_recording(rec: Recording) -> dict[str, Any]:
    """The room-scoped resource: adds ``room_sid``, has no ``status_callback*`` [DOC]."""
    url = f"{BASE_URL}/v1/Rooms/{rec.room_sid}/Recordings/{rec.sid}"
    return {
        **_recording_fields(rec),
        "room_sid": rec.room_sid,
        "url": url,
        "links": {"media": f"{url}/Media"},
    }


def room(r: Room) -> dict[str, Any]:
    url = f"{BASE_URL}/v1/Rooms/{r.sid}"
    return {
        "sid": r.sid,
        "status": r.status.value,
        "date_created": timestamp(r.date_created),
        "date_updated": timestamp(r.date_updated),
        "account_sid": r.account_sid,
        "enable_turn": True,
        "unique_name": r.unique_name,
        "status_callback": r.status_callback,
        "status_callback_method": r.status_callback_method,
        "end_time": timestamp(r.end_time),
        "duration": r.duration,
        "type": r.type,
        "max_participants": r.max_participants,
        "max_participant_duration": r.max_participant_duration,
        "max_concurrent_published_tracks": r.max_concurrent_published_tracks,
        "record_participants_on_connect": r.record_participants_on_connect,
        "video_codecs": list(r.video_codecs),
        "media_region": r.media_region,
        "audio_only": r.audio_only,
        "empty_room_timeout": r.empty_room_timeout,
        "unused_room_timeout": r.unused_room_timeout,
        "large_room": r.large_room,
        "url": url,
        "links": {
            "participants": f"{url}/Participants",
            "recordings": f"{url}/Recordings",
            "transcriptions": f"{url}/Transcriptions",
            "recording_rules": f"{url}/RecordingRules",
        },
    }


def recording_rules(r: Room) -> dict[str, Any]:
    return {
        "room_sid": r.sid,
        "rules": [dict(rule) for rule in r.recording_rules],
        "date_created": timestamp(r.date_created),
        "date_updated": timestamp(r.rules_updated),
    }


def recording_settings(account: Account) -> dict[str, Any]:
    settings = account.recording_settings
    return {
        "account_sid": account.sid,
        "friendly_name": settings.friendly_name,
        "aws_credentials_sid": settings.aws_credentials_sid,
        "aws_s3_url": settings.aws_s3_url,
        "aws_storage_enabled": settings.aws_storage_enabled,
        "encryption_key_sid": settings.encryption_key_sid,
        "encryption_enabled": settings.encryption_enabled,
        "url": f"{BASE_URL}/v1/RecordingSettings/Default",
    }


def error(err: TwilioError) -> bytes:
    return dumps(err.body())


def dumps(payload: Any) -> bytes:
    return json.dumps(payload).encode()
