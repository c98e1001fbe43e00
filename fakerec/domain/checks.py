"""What the control plane accepts: every seeding field checked for type and range, by name.

A test that seeds ``duration=1.5`` or ``date_created="yesterday"`` gets a ``UsageError`` that
says which field, what it got and what it takes, before anything is stored, instead of a body
Twilio could never send or an ``AttributeError`` from deep inside.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Callable
from urllib.parse import urlsplit

from fakerec.clock import as_utc
from fakerec.errors import UsageError

_SID = {prefix: re.compile(prefix + "[0-9a-fA-F]{32}") for prefix in ("RM", "PA", "MT")}
STATUSES = ("processing", "completed", "failed", "deleted")
ROOM_TYPES = ("group", "group-small", "peer-to-peer", "go")
CALLBACK_METHODS = ("GET", "POST")


def moment(name: str, value: object) -> datetime:
    """A datetime, or an ISO 8601 string; naive times are UTC, as everywhere in fakerec."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise UsageError(f"{name}={value!r} is not an ISO 8601 time") from None
    if not isinstance(value, datetime):
        raise UsageError(f"{name} is a datetime or an ISO 8601 string, not {value!r}")
    return as_utc(value)


def whole(name: str, value: object, minimum: int = 0, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise UsageError(f"{name} is a whole number, not {value!r}")
    if value < minimum:
        raise UsageError(f"{name} is at least {minimum}, not {value}")
    if maximum is not None and value > maximum:
        raise UsageError(f"{name} is at most {maximum}, not {value}")
    return value


def between(minimum: int, maximum: int) -> Callable[[str, object], int]:
    """A check for a whole number from ``minimum`` to ``maximum``, both included."""

    def check(name: str, value: object) -> int:
        return whole(name, value, minimum, maximum)

    return check


def text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise UsageError(f"{name} is a string, not {value!r}")
    return value


def choice(*choices: str) -> Callable[[str, object], str]:
    """A check that takes one of ``choices`` in any case and gives it as written here."""
    lookup = {option.lower(): option for option in choices}

    def check(name: str, value: object) -> str:
        found = lookup.get(value.lower()) if isinstance(value, str) else None
        if found is None:
            raise UsageError(f"{name} is one of {', '.join(choices)}; not {value!r}")
        return found

    return check


def is_callback_url(raw: str) -> bool:
    """An absolute http(s) URL with a host, printable, without spaces: what Twilio can call."""
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 - a port that is no number raises here
    except ValueError:
        return False
    return (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and raw.isprintable()
        and " " not in raw
    )


def callback_url(name: str, value: object) -> str:
    if not isinstance(value, str) or not is_callback_url(value):
        raise UsageError(f"{name} is an absolute http or https URL, not {value!r}")
    return value


def flag(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise UsageError(f"{name} is True or False, not {value!r}")
    return value


def sid(prefix: str) -> Callable[[str, object], str]:
    def check(name: str, value: object) -> str:
        if not isinstance(value, str) or _SID[prefix].fullmatch(value) is None:
            raise UsageError(
                f"{name} is a {prefix} SID ({prefix} and 32 hex digits), not {value!r}"
            )
        return value

    return check


_one_status = choice(*STATUSES)
_callback_method = choice(*CALLBACK_METHODS)
_video_codec = choice("VP8", "H264")


def _status(name: str, value: object) -> str:
    return _one_status(name, getattr(value, "value", value))


#: Every field ``add_recording`` takes, and its check (None is always "not given").
RECORDING_FIELDS: dict[str, Callable[[str, Any], Any]] = {
    "status": _status,
    "type": choice("audio", "video"),
    "duration": whole,
    "codec": text,
    "track_name": text,
    "date_created": moment,
    "room_sid": sid("RM"),
    "participant_sid": sid("PA"),
    "source_sid": sid("MT"),
    "size": whole,
    "bitrate": lambda name, value: whole(name, value, minimum=1),
    "offset": whole,
    "media_external_location": text,
    "status_callback": callback_url,
    "status_callback_method": _callback_method,
    "muted": flag,
    "failed_operation": text,
}

#: Every option ``create_room`` takes besides the unique name.
ROOM_OPTIONS: dict[str, Callable[[str, Any], Any]] = {
    "record_participants_on_connect": flag,
    "status_callback": callback_url,
    "status_callback_method": _callback_method,
    "type": choice(*ROOM_TYPES),
    "video_codecs": lambda name, value: [_video_codec(name, v) for v in value],
    "media_region": text,
    "max_participants": lambda name, value: whole(name, value, minimum=1),
    # Seconds, 600 to 86400 (24 hours), as POST /v1/Rooms takes it (53123 outside).
    "max_participant_duration": between(600, 86400),
    # Minutes, 1 to 60 [DOC: Rooms resource] (53109 over REST outside).
    "empty_room_timeout": between(1, 60),
    "unused_room_timeout": between(1, 60),
    "audio_only": flag,
    "large_room": flag,
}


def checked(
    what: str, fields: dict[str, Any], table: dict[str, Callable[[str, Any], Any]]
) -> dict[str, Any]:
    """``fields`` with every value checked (and normalised) by ``table``; an unknown name or
    a bad value is a UsageError that lists the valid fields."""
    result: dict[str, Any] = {}
    for name, value in fields.items():
        check = table.get(name)
        if check is None:
            unknown = sorted(set(fields) - set(table))
            raise UsageError(
                f"{what} got unknown field(s) {', '.join(unknown)}; "
                f"valid fields: {', '.join(table)}"
            )
        result[name] = value if value is None else check(name, value)
    return result
