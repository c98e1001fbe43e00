"""Twilio's JSON for compositions, composition hooks and the account's composition settings."""

from __future__ import annotations

from typing import Any

from fakerec.api.render import BASE_URL, timestamp
from fakerec.domain.accounts import RecordingSettings
from fakerec.domain.composition_hooks import CompositionHook
from fakerec.domain.compositions import Composition, CompositionSpec


def _spec(spec: CompositionSpec) -> dict[str, Any]:
    return {
        "audio_sources": list(spec.audio_sources),
        "audio_sources_excluded": list(spec.audio_sources_excluded),
        "video_layout": spec.video_layout,
        "resolution": spec.resolution,
        "format": spec.format,
        "trim": spec.trim,
        "status_callback": spec.status_callback,
        "status_callback_method": spec.status_callback_method,
    }


def composition(c: Composition) -> dict[str, Any]:
    """``duration``, ``size`` and ``bitrate`` are 0 until the media was made [DECIDED: SPEC 10];
    a composition deleted after it completed keeps them, as a deleted recording does."""
    url = f"{BASE_URL}/v1/Compositions/{c.sid}"
    done = c.date_completed is not None
    return {
        "account_sid": c.account_sid,
        "status": c.settled_status.value,
        "date_created": timestamp(c.date_created),
        "date_completed": timestamp(c.date_completed),
        "date_deleted": timestamp(c.date_deleted),
        "sid": c.sid,
        "room_sid": c.room_sid,
        **_spec(c.spec),
        "bitrate": c.bitrate if done else 0,
        "size": c.media_bytes if done else 0,
        "duration": c.media_seconds if done else 0,
        "media_external_location": c.media_external_location,
        "url": url,
        "links": {"media": f"{url}/Media"},
    }


def composition_hook(h: CompositionHook) -> dict[str, Any]:
    return {
        "account_sid": h.account_sid,
        "friendly_name": h.friendly_name,
        "enabled": h.enabled,
        "date_created": timestamp(h.date_created),
        "date_updated": timestamp(h.date_updated),
        "sid": h.sid,
        **_spec(h.spec),
        "url": f"{BASE_URL}/v1/CompositionHooks/{h.sid}",
    }


def composition_settings(account_sid: str, s: RecordingSettings) -> dict[str, Any]:
    return {
        "account_sid": account_sid,
        "friendly_name": s.friendly_name,
        "aws_credentials_sid": s.aws_credentials_sid,
        "aws_s3_url": s.aws_s3_url,
        "aws_storage_enabled": s.aws_storage_enabled,
        "encryption_key_sid": s.encryption_key_sid,
        "encryption_enabled": s.encryption_enabled,
        "url": f"{BASE_URL}/v1/CompositionSettings/Default",
    }
