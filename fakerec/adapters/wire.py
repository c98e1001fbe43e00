"""HTTP/1.1 on the wire, for the adapters whose client library speaks it to a socket.

aiohttp and urllib are answered by giving them the bytes a server would send; the request is
read from the bytes they wrote. Their own parsers then build their own response objects.
"""

from __future__ import annotations

from http.client import responses as reasons

from fakerec.api import HttpResponse

_NO_BODY = (204, 304)


def response_bytes(answer: HttpResponse, head: bool = False) -> bytes:
    """The answer as a server writes it, closing the connection after it."""
    body = b"" if head or answer.status in _NO_BODY else answer.body
    lines = [f"HTTP/1.1 {answer.status} {reasons.get(answer.status, 'Status')}"]
    for name, value in answer.headers.items():
        if name.lower() not in ("content-length", "connection", "transfer-encoding"):
            lines.append(f"{name}: {value}")
    if answer.status not in _NO_BODY:
        lines.append(f"Content-Length: {len(answer.body)}")
    lines.append("Connection: close")
    head_block = "\r\n".join(lines) + "\r\n\r\n"
    return head_block.encode("latin-1", "replace") + body


class RequestReader:
    """Collects what a client writes until one whole request is in: (method, target, headers,
    body), with the body framed by Content-Length or chunked transfer coding."""

    def __init__(self) -> None:
        self._buffer = b""

    def feed(self, data: bytes) -> tuple[str, str, dict[str, str], bytes] | None:
        self._buffer += data
        end = self._buffer.find(b"\r\n\r\n")
        if end < 0:
            return None
        head = self._buffer[:end].decode("latin-1").split("\r\n")
        method, target = [*head[0].split(" "), "", ""][:2]
        headers: dict[str, str] = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            headers[name.strip()] = value.strip()
        lowered = {name.lower(): value for name, value in headers.items()}
        rest = self._buffer[end + 4 :]
        if lowered.get("transfer-encoding", "").lower() == "chunked":
            body = _dechunk(rest)
            if body is None:
                return None
        else:
            length = int(lowered.get("content-length") or 0)
            if len(rest) < length:
                return None
            body = rest[:length]
        return method, target, headers, body


def _dechunk(data: bytes) -> bytes | None:
    """The body of a complete chunked message, or None while chunks are still coming."""
    body, at = b"", 0
    while True:
        line_end = data.find(b"\r\n", at)
        if line_end < 0:
            return None
        size = int(data[at:line_end].split(b";")[0] or b"0", 16)
        start = line_end + 2
        if size == 0:
            return body
        if len(data) < start + size + 2:
            return None
        body += data[start : start + size]
        at = start + size + 2
