"""Parsing request parameters the way Twilio validates them.

Parameter names are case-sensitive and unknown ones are ignored, as Twilio does. Every
rejection is a ``TwilioError`` from the one catalogue in ``fakerec.errors``.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

from fakerec import errors
from fakerec.domain.checks import is_callback_url
from fakerec.sids import looks_like_any_sid

Params = dict[str, list[str]]

PAGE_SIZE_DEFAULT = 50
PAGE_SIZE_MAX = 1000

_INTEGER = re.compile(r"[+-]?[0-9]+")
_DATE_TIME = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})"
    r"(?:[T ](?P<time>[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,9})?)?)"
    r"(?P<zone>Z|z|[+-][0-9]{2}:?[0-9]{2})?)?"
)


def first(params: Params, name: str) -> str | None:
    values = params.get(name)
    return values[0] if values else None


def integer(params: Params, name: str) -> int | None:
    raw = first(params, name)
    if raw is None:
        return None
    text = raw.strip()
    if not _INTEGER.fullmatch(text) or len(text) > 19:
        raise errors.invalid_parameter(name, raw, "an integer")
    return int(text)


def page_size(params: Params) -> int:
    value = integer(params, "PageSize")
    if value is None:
        return PAGE_SIZE_DEFAULT
    if value < 1:
        raise errors.invalid_parameter("PageSize", str(value), "a positive integer")
    if value > PAGE_SIZE_MAX:
        raise errors.page_size_too_large(value, PAGE_SIZE_MAX)
    return value


def page_number(params: Params) -> int | None:
    value = integer(params, "Page")
    if value is not None and value < 0:
        raise errors.invalid_parameter("Page", str(value), "a non-negative integer")
    return value


def date_time(params: Params, name: str) -> datetime | None:
    """ISO 8601 with ``Z`` or ``+hh:mm``; a bare date is midnight UTC; no zone is UTC."""
    raw = first(params, name)
    if raw is None:
        return None
    match = _DATE_TIME.fullmatch(raw.strip())
    if match is None:
        raise errors.invalid_parameter(name, raw, "an ISO 8601 date-time")
    try:
        day = datetime.strptime(match["date"], "%Y-%m-%d")
        moment = day
        if match["time"]:
            hms = match["time"].split(".")[0]
            parts = [int(p) for p in hms.split(":")] + [0]
            moment = day.replace(hour=parts[0], minute=parts[1], second=parts[2])
        zone = match["zone"]
        tz = timezone.utc
        if zone and zone not in ("Z", "z"):
            sign = -1 if zone[0] == "-" else 1
            digits = zone[1:].replace(":", "")
            hours, minutes = int(digits[:2]), int(digits[2:])
            if hours > 23 or minutes > 59:
                raise ValueError(zone)
            tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
        return moment.replace(tzinfo=tz).astimezone(timezone.utc)
    except (ValueError, OverflowError):
        raise errors.invalid_parameter(name, raw, "an ISO 8601 date-time") from None


def choice(params: Params, name: str, allowed: frozenset[str] | tuple[str, ...]) -> str | None:
    raw = first(params, name)
    if raw is None:
        return None
    if raw not in allowed:
        raise errors.invalid_parameter(name, raw, "one of " + ", ".join(sorted(allowed)))
    return raw


def sid(params: Params, name: str) -> str | None:
    raw = first(params, name)
    if raw is not None and not looks_like_any_sid(raw):
        raise errors.invalid_parameter(name, raw, "a SID")
    return raw


def sids(params: Params, name: str) -> tuple[str, ...]:
    values = params.get(name, [])
    for raw in values:
        if not looks_like_any_sid(raw):
            raise errors.invalid_parameter(name, raw, "a SID")
    return tuple(values)


def boolean(params: Params, name: str) -> bool | None:
    raw = first(params, name)
    if raw is None:
        return None
    lowered = raw.lower()  # Twilio's booleans are true/false, in any case; 0 and 1 are not
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    raise errors.invalid_parameter(name, raw, "true or false")


def url(params: Params, name: str) -> str | None:
    """An absolute http(s) URL with a host, as Twilio's callbacks need; empty is refused."""
    raw = first(params, name)
    if raw is None:
        return None
    if not is_callback_url(raw):
        raise errors.invalid_parameter(name, raw, "an absolute http or https URL")
    return raw


def json_object(params: Params, name: str) -> dict[str, object] | None:
    """A parameter that carries a JSON object (TranscriptionsConfiguration, say)."""
    raw = first(params, name)
    if raw is None:
        return None
    try:
        parsed = json.loads(raw)
    except (ValueError, RecursionError):
        raise errors.invalid_parameter(name, raw, "a JSON object") from None
    if not isinstance(parsed, dict):
        raise errors.invalid_parameter(name, raw, "a JSON object")
    return parsed


def bounded_int(params: Params, name: str, low: int, high: int) -> int | None:
    value = integer(params, name)
    if value is not None and not low <= value <= high:
        raise errors.invalid_parameter(name, str(value), f"between {low} and {high}")
    return value
