"""Which requests are Twilio Video's, and which handler answers each path and method."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit, urlunsplit

#: video.twilio.com, and the SDK's regional forms video.{region}.twilio.com and
#: video.{edge}.{region}.twilio.com (a host name, already lower case and without a final dot).
_VIDEO_HOSTNAME = re.compile(r"video(?:\.[a-z0-9-]+){0,2}\.twilio\.com")

#: Where temporary media URLs point (Twilio's own bucket name, as its docs show it).
MEDIA_HOST = "com-twilio-us1-video-recording.s3.amazonaws.com"
MEDIA_URL = re.compile(
    r"https?://" + re.escape(MEDIA_HOST) + r"(?::\d+)?(?:[/?#]|$)", re.IGNORECASE
)
#: The spelling every client library sends by default: no parsing needed.
_PLAIN_VIDEO_URL = re.compile(r"https://video(?:\.[a-z0-9-]+){0,2}\.twilio\.com/")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def hostname_of(url: str) -> str:
    """The host a URL names, as DNS sees it: lower case, no credentials, port or final dot."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # a port that is no number, a bad IPv6 literal: no host we answer
        return ""
    return host.rstrip(".")


def answers_host(host: str) -> bool:
    """Whether the fake answers requests to ``host`` (a name as ``hostname_of`` gives it)."""
    return _VIDEO_HOSTNAME.fullmatch(host) is not None or host == MEDIA_HOST


def is_twilio_host(host: str) -> bool:
    """Twilio's own domain, answered by this fake or not: never let it reach the network."""
    return host == "twilio.com" or host.endswith(".twilio.com") or host == MEDIA_HOST


def answers(url: str) -> bool:
    """Whether the fake answers this URL: Twilio Video's API or the media store, in any
    spelling (any case, a final dot, an explicit port, credentials in the URL)."""
    if _PLAIN_VIDEO_URL.match(url) is not None:
        return True
    if not url[:8].lower().startswith(("https://", "http://")):
        return False
    return answers_host(hostname_of(url))


def canonical(url: str) -> tuple[str, tuple[str, str] | None]:
    """(the URL as the fake files it, the credentials it carried): the host in lower case
    without its final dot or default port, and any ``user:password@`` taken out."""
    if _PLAIN_VIDEO_URL.match(url) is not None:
        return url, None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url, None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    credentials = None
    if parts.username is not None:
        credentials = (unquote(parts.username), unquote(parts.password or ""))
    rebuilt = urlunsplit((scheme, netloc, parts.path, parts.query, ""))
    return rebuilt, credentials


_SEGMENT = r"(?P<{}>[^/]+)"

# (path pattern, {method: handler name}); the first pattern that matches decides.
_ROUTES: list[tuple[str, dict[str, str]]] = [
    ("/v1/Recordings", {"GET": "list_recordings"}),
    ("/v1/Recordings/{sid}", {"GET": "fetch_recording", "DELETE": "delete_recording"}),
    ("/v1/Recordings/{sid}/Media", {"GET": "recording_media"}),
    (
        "/v1/RecordingSettings/Default",
        {"GET": "fetch_recording_settings", "POST": "update_recording_settings"},
    ),
    ("/v1/Rooms", {"GET": "list_rooms", "POST": "create_room"}),
    ("/v1/Rooms/{sid}", {"GET": "fetch_room", "POST": "update_room"}),
    ("/v1/Rooms/{room_sid}/Recordings", {"GET": "list_room_recordings"}),
    (
        "/v1/Rooms/{room_sid}/Recordings/{sid}",
        {"GET": "fetch_room_recording", "DELETE": "delete_room_recording"},
    ),
    ("/v1/Rooms/{room_sid}/Recordings/{sid}/Media", {"GET": "room_recording_media"}),
    (
        "/v1/Rooms/{room_sid}/RecordingRules",
        {"GET": "fetch_recording_rules", "POST": "update_recording_rules"},
    ),
]


def _compile(template: str) -> re.Pattern[str]:
    pattern = re.sub(r"\{(\w+)\}", lambda m: _SEGMENT.format(m.group(1)), template)
    return re.compile(pattern)


ROUTES = [(_compile(template), methods) for template, methods in _ROUTES]
_FETCH_OR_DELETE = dict(_ROUTES)["/v1/Recordings/{sid}"]


def is_media_url(url: str) -> bool:
    return MEDIA_URL.match(url) is not None


def resolve(path: str) -> tuple[dict[str, str], dict[str, str]] | None:
    """(handlers by method, path parameters) for ``path``, or None when no route has it."""
    if path.startswith("/v1/Recordings/") and path.count("/") == 3 and len(path) > 15:
        return _FETCH_OR_DELETE, {"sid": path[15:]}  # the hot path, without the regexes
    for pattern, methods in ROUTES:
        match = pattern.fullmatch(path)
        if match is not None:
            return methods, match.groupdict()
    return None
