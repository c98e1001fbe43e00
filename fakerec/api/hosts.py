"""Which hosts are Twilio Video's: the API (every regional spelling) and the media store."""

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


def is_media_url(url: str) -> bool:
    return MEDIA_URL.match(url) is not None
