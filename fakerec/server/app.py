"""The fake as a WSGI app, for ``python -m fakerec serve`` and any HTTP client in any language.

Requests to Twilio's paths go to the one dispatcher as if sent to https://video.twilio.com;
absolute URLs in answers (``next_page_url``, ``Location``, media links) are rewritten to this
server so that clients following them stay on the fake. Paths under ``/__fakerec/`` drive the
control plane (see ``fakerec.server.control``); ``/__media/`` serves temporary media URLs.

``answer`` is the core: the HTTP server calls it directly with the raw request target and the
base URL it validated; ``__call__`` is the same for any WSGI server.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import quote

from fakerec.api import hosts
from fakerec.server import control

if TYPE_CHECKING:
    from fakerec.fake import FakeVideo

StartResponse = Callable[..., Any]
Answer = tuple[int, dict[str, str], bytes]
API_BASE = "https://video.twilio.com"
MEDIA_BASE = f"https://{hosts.MEDIA_HOST}"
#: The largest request body the server reads (a control call or a form: a few KB at most).
MAX_BODY = 1 << 20
_REASONS = {
    200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 302: "Found",
    400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
    405: "Method Not Allowed", 409: "Conflict", 413: "Content Too Large",
    429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
    503: "Service Unavailable", 504: "Gateway Timeout",
}  # fmt: skip


def reason(status: int) -> str:
    return _REASONS.get(status, "Status")


def refusal(status: int, error: str, message: str) -> Answer:
    """A JSON 4xx of the server itself (not Twilio's API): what was wrong, never a traceback."""
    body = json.dumps({"error": error, "message": message}).encode()
    return status, {"Content-Type": "application/json"}, body


class FakeVideoApp:
    def __init__(self, fake: FakeVideo, rewrite_urls: bool = True) -> None:
        self.fake = fake
        self.rewrite_urls = rewrite_urls

    def answer(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes, here: str
    ) -> Answer:
        """One request: ``target`` is the raw request target (path and query, still
        percent-encoded: decoded once, by the dispatcher); ``here`` is this server's base URL."""
        path, _, query = target.partition("?")
        if path.startswith(control.PREFIX):
            return control.handle(self.fake, method, path, query, body)
        if path.startswith("/__media/"):
            url = MEDIA_BASE + target[len("/__media") :]
            # The real media host is another origin, to which clients send no Authorization
            # after the redirect; served here on the same origin, they would: drop it.
            headers = {k: v for k, v in headers.items() if k.lower() != "authorization"}
        else:
            url = API_BASE + target
        try:
            reply = self.fake.dispatch(method, url, headers, body)
        except Exception as fault:  # an injected connection fault: drop nothing, say 503
            return 503, {"Content-Type": "text/plain"}, str(fault).encode()
        answer = (reply.status, dict(reply.headers), reply.body)
        return _rewrite(*answer, here) if self.rewrite_urls else answer

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        length = environ.get("CONTENT_LENGTH") or "0"
        if not length.isdigit():
            status, headers, payload = refusal(400, "BadRequest", "Content-Length is no number")
        elif int(length) > MAX_BODY:
            status, headers, payload = refusal(413, "TooLarge", f"bodies up to {MAX_BODY} bytes")
        else:
            body = environ["wsgi.input"].read(int(length)) if int(length) else b""
            headers_in = {
                key[5:].replace("_", "-").title(): value
                for key, value in environ.items()
                if key.startswith("HTTP_")
            }
            if environ.get("CONTENT_TYPE"):
                headers_in["Content-Type"] = environ["CONTENT_TYPE"]
            here = f"{environ['wsgi.url_scheme']}://{environ.get('HTTP_HOST', 'localhost')}"
            status, headers, payload = self.answer(
                environ["REQUEST_METHOD"], _target(environ), headers_in, body, here
            )
        headers["Content-Length"] = str(len(payload))
        start_response(f"{status} {reason(status)}", list(headers.items()))
        return [payload]


def _target(environ: dict[str, Any]) -> str:
    """The request target as the client sent it. WSGI servers hand PATH_INFO over decoded
    (as latin-1); encoding it again means the dispatcher decodes it once, as in mock mode."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw:
        return str(raw)
    path = quote(environ.get("PATH_INFO") or "/", safe="/!$&'()*+,;=:@~", encoding="latin-1")
    query = environ.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path


def _rewrite(status: int, headers: dict[str, str], body: bytes, here: str) -> Answer:
    def local(text: str) -> str:
        return text.replace(MEDIA_BASE, f"{here}/__media").replace(API_BASE, here)

    headers = {
        name: local(value) if name == "Location" else value for name, value in headers.items()
    }
    if headers.get("Content-Type", "").startswith("application/json"):
        body = local(body.decode()).encode()
    return status, headers, body
