"""A request's head read the way ``http.server`` reads it, without the e-mail parser.

``BaseHTTPRequestHandler.parse_request`` hands the header lines to ``email.parser``, which
costs more than the whole of the fake's answer to a GET. The server's handler overrides that
public method with ``parse_head``: the same checks and the same answers (400, 414 from the
caller, 431, 505), the same keep-alive rules, headers in a case-insensitive mapping.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import overload

#: As http.client limits them.
MAX_LINE = 65536
MAX_HEADERS = 100


class Headers(Mapping[str, str]):
    """Header fields as sent, looked up whatever their case (the last of a repeated one)."""

    def __init__(self, fields: list[tuple[str, str]]) -> None:
        self.fields = fields
        self._by_name = {name.lower(): value for name, value in fields}

    def __getitem__(self, name: str) -> str:
        return self._by_name[name.lower()]

    @overload  # type: ignore[override]
    def get(self, name: str) -> str | None: ...

    @overload
    def get(self, name: str, default: str) -> str: ...

    def get(self, name: str, default: str | None = None) -> str | None:
        return self._by_name.get(name.lower(), default)

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self.fields)

    def __len__(self) -> int:
        return len(self.fields)

    def items(self) -> list[tuple[str, str]]:  # type: ignore[override]
        return list(self.fields)


def parse_head(handler: BaseHTTPRequestHandler, raw_line: bytes) -> Headers | None:
    """Read the request line (``raw_line``, as read) into ``handler`` and return the
    headers; None (the error already sent) when they are not a request this server takes."""
    handler.command = None  # type: ignore[assignment]  # as http.server has it on error
    # Not http.server's HTTP/0.9 default: its error answers would then have no status line.
    handler.request_version = "HTTP/1.0"
    handler.close_connection = True
    line = str(raw_line, "iso-8859-1").rstrip("\r\n")
    handler.requestline = line
    words = line.split()
    if not words:
        return None
    if len(words) != 3:  # no HTTP/0.9 here: the fake speaks to HTTP/1.x clients
        handler.send_error(HTTPStatus.BAD_REQUEST, f"Bad request syntax ({line!r})")
        return None
    version = words[2]
    number = _version(version)
    if number is None:
        handler.send_error(HTTPStatus.BAD_REQUEST, f"Bad request version ({version!r})")
        return None
    if number >= (2, 0):
        handler.send_error(
            HTTPStatus.HTTP_VERSION_NOT_SUPPORTED, f"Invalid HTTP version ({version[5:]})"
        )
        return None
    handler.close_connection = number < (1, 1)
    handler.request_version = version
    handler.command, path = words[0], words[1]
    handler.path = "/" + path.lstrip("/") if path.startswith("//") else path
    fields = _fields(handler)
    if fields is None:
        return None
    headers = Headers(fields)
    connection = (headers.get("Connection") or "").lower()
    if connection == "close":
        handler.close_connection = True
    elif connection == "keep-alive":
        handler.close_connection = False
    return headers


def _version(text: str) -> tuple[int, int] | None:
    if not text.startswith("HTTP/"):
        return None
    parts = text[5:].split(".")
    if len(parts) != 2 or not all(p.isdigit() and len(p) <= 10 for p in parts):
        return None
    return int(parts[0]), int(parts[1])


def _fields(handler: BaseHTTPRequestHandler) -> list[tuple[str, str]] | None:
    fields: list[tuple[str, str]] = []
    while True:
        raw = handler.rfile.readline(MAX_LINE + 1)
        if len(raw) > MAX_LINE:
            handler.send_error(
                HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Line too long", "header line"
            )
            return None
        if raw in (b"\r\n", b"\n", b""):
            return fields
        if len(fields) >= MAX_HEADERS:
            handler.send_error(
                HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                "Too many headers",
                f"got more than {MAX_HEADERS} headers",
            )
            return None
        text = str(raw, "iso-8859-1").rstrip("\r\n")
        if text[:1] in (" ", "\t") and fields:  # an obsolete folded line continues the last
            name, value = fields[-1]
            fields[-1] = (name, f"{value} {text.strip()}".strip())
            continue
        name, colon, value = text.partition(":")
        if not colon or not name or name != name.strip():
            handler.send_error(HTTPStatus.BAD_REQUEST, f"Bad header line ({text[:80]!r})")
            return None
        fields.append((name, value.strip()))
