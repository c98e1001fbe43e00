"""The HTTP server behind ``python -m fakerec serve``: HTTP/1.1, keep-alive, one thread per
connection, and nothing trusted that a browser page could forge.

- ``Host`` must name the address the server is bound to (or ``localhost`` on its port): a
  DNS-rebinding page, whose requests carry its own host name, gets 403 and no credentials.
- Control endpoints refuse an ``Origin`` other than this server's (a cross-site form): 403.
- Absolute URLs in answers are built from the bound address, never from a header.
- A client gets ``TIMEOUT`` seconds to send each request; bodies over ``MAX_BODY`` are 413.
"""

from __future__ import annotations

import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from fakerec.server import control
from fakerec.server.app import MAX_BODY, Answer, FakeVideoApp, reason, refusal
from fakerec.server.head import Headers, parse_head

#: Seconds a client may take to send one request (a half-sent one blocks nobody else).
TIMEOUT = 10


class FakeVideoServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str, port: int, app: FakeVideoApp) -> None:
        super().__init__((host, port), _Handler)
        self.app = app
        bound = self.server_address[1]
        self.base_url = f"http://{host}:{bound}"
        self.allowed_hosts = {f"{host}:{bound}", f"localhost:{bound}"}
        self.allowed_origins = {f"http://{name}" for name in self.allowed_hosts}
        self._date: tuple[int, str] = (0, "")

    def date_now(self) -> str:
        """The ``Date`` header's value, formatted once a second (per answer, formatting it
        cost as much as building the rest of the head)."""
        second = int(time.time())
        if self._date[0] != second:
            self._date = (second, formatdate(second, usegmt=True))
        return self._date[1]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = TIMEOUT
    disable_nagle_algorithm = True  # headers and body go out at once, not 40 ms apart
    server: FakeVideoServer
    raw_requestline: bytes  # set by handle_one_request
    headers: Headers  # type: ignore[assignment]  # parse_head's, not an email.message

    def _respond(self) -> None:
        status, headers, payload = self._answer()
        lines = [
            f"{self.protocol_version} {status} {reason(status)}",
            f"Server: {self.version_string()}",
            f"Date: {self.server.date_now()}",
        ]
        lines += [
            f"{name}: {value}"
            for name, value in headers.items()
            if name.lower() not in ("content-length", "connection")
        ]
        lines.append(f"Content-Length: {len(payload)}")
        if self.close_connection:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "strict")
        # One write, head and body together: one segment for a small answer, not two.
        self.wfile.write(head if self.command == "HEAD" else head + payload)

    def _answer(self) -> Answer:
        server = self.server
        if self.headers.get("Host", "").lower() not in server.allowed_hosts:
            self.close_connection = True
            return refusal(403, "Forbidden", f"Host must be one of {sorted(server.allowed_hosts)}")
        origin = self.headers.get("Origin")
        if self.path.startswith(control.PREFIX) and origin not in (None, *server.allowed_origins):
            return refusal(403, "Forbidden", "control endpoints take no cross-origin requests")
        length = self.headers.get("Content-Length", "0")
        if not length.isdigit():
            self.close_connection = True
            return refusal(400, "BadRequest", "Content-Length is no number")
        if int(length) > MAX_BODY:
            self.close_connection = True  # the body is not read: the connection cannot go on
            return refusal(413, "TooLarge", f"bodies up to {MAX_BODY} bytes")
        body = self.rfile.read(int(length)) if int(length) else b""
        headers = {name: value for name, value in self.headers.items()}
        return server.app.answer(self.command, self.path, headers, body, server.base_url)

    def parse_request(self) -> bool:
        headers = parse_head(self, self.raw_requestline)
        if headers is None:
            return False
        self.headers = headers
        return True

    do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = do_HEAD = do_OPTIONS = _respond

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """What http.server itself refuses (a request line over 64 KiB, bad syntax): JSON too."""
        status, headers, payload = refusal(code, reason(code), message or reason(code))
        self.close_connection = True
        self.send_response(status, reason(status))
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and code >= 200 and code not in (204, 304):
            self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        return None  # a test run's server is quiet; the transcript has every exchange
