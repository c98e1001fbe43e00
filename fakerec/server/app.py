"""The fake as a WSGI app, for ``python -m fakerec serve`` and any HTTP client in any language.

Requests to Twilio's paths go to the one dispatcher as if sent to https://video.twilio.com;
absolute URLs in answers (``next_page_url``, ``Location``, media links) are rewritten to this
server so that clients following them stay on the fake. Paths under ``/__fakerec/`` drive the
control plane (see ``fakerec.server.control``); ``/__media/`` serves temporary media URLs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Callable

from fakerec.api import hosts
from fakerec.server import control

if TYPE_CHECKING:
    from fakerec.fake import FakeVideo

StartResponse = Callable[..., Any]
API_BASE = "https://video.twilio.com"
MEDIA_BASE = f"https://{hosts.MEDIA_HOST}"
_REASONS = {
    200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 302: "Found",
    400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
    405: "Method Not Allowed", 429: "Too Many Requests", 500: "Internal Server Error",
    502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
}  # fmt: skip


class FakeVideoApp:
    def __init__(self, fake: FakeVideo, rewrite_urls: bool = True) -> None:
        self.fake = fake
        self.rewrite_urls = rewrite_urls

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO") or "/"
        query = environ.get("QUERY_STRING", "")
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        here = f"{environ['wsgi.url_scheme']}://{environ.get('HTTP_HOST', 'localhost')}"
        if path.startswith(control.PREFIX):
            status, headers, payload = control.handle(self.fake, method, path, query, body)
        else:
            if path.startswith("/__media/"):
                target = MEDIA_BASE + path[len("/__media") :]
            else:
                target = API_BASE + path
            url = f"{target}?{query}" if query else target
            headers_in = {
                key[5:].replace("_", "-").title(): value
                for key, value in environ.items()
                if key.startswith("HTTP_")
            }
            if environ.get("CONTENT_TYPE"):
                headers_in["Content-Type"] = environ["CONTENT_TYPE"]
            if path.startswith("/__media/"):
                # The real media host is another origin, to which clients send no Authorization
                # after the redirect; served here on the same origin, they would: drop it.
                headers_in.pop("Authorization", None)
            try:
                answer = self.fake.dispatch(method, url, headers_in, body)
            except Exception as fault:  # an injected connection fault: drop nothing, say 503
                status, headers, payload = 503, {"Content-Type": "text/plain"}, str(fault).encode()
            else:
                status, headers, payload = answer.status, dict(answer.headers), answer.body
            if self.rewrite_urls:
                headers, payload = _rewrite(headers, payload, here)
        headers["Content-Length"] = str(len(payload))
        start_response(f"{status} {_REASONS.get(status, 'Status')}", list(headers.items()))
        return [payload]


def _rewrite(headers: dict[str, str], body: bytes, here: str) -> tuple[dict[str, str], bytes]:
    def local(text: str) -> str:
        return text.replace(MEDIA_BASE, f"{here}/__media").replace(API_BASE, here)

    headers = {
        name: local(value) if name == "Location" else value for name, value in headers.items()
    }
    if headers.get("Content-Type", "").startswith("application/json"):
        body = local(body.decode()).encode()
    return headers, body
