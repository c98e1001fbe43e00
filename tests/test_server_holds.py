"""Server mode that holds (SPEC 11): loopback kept to, no forged page obeyed, HTTP/1.1 with
keep-alive, concurrent, bounded, and every control error a JSON 4xx with its reason."""

from __future__ import annotations

import base64
import http.client
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest

from fakerec import FakeVideo
from fakerec.server import FakeVideoApp, FakeVideoServer


@dataclass
class Running:
    fake: FakeVideo
    host: str
    port: int

    def connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=5)

    def call(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        conn = self.connect()
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    @property
    def auth(self) -> dict[str, str]:
        token = base64.b64encode(f"{self.fake.account_sid}:{self.fake.auth_token}".encode())
        return {"Authorization": "Basic " + token.decode()}


@pytest.fixture
def running() -> Iterator[Running]:
    fake = FakeVideo(seed="server")
    server = FakeVideoServer("127.0.0.1", 0, FakeVideoApp(fake))
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield Running(fake, "127.0.0.1", server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


def test_a_foreign_host_gets_nothing(running: Running) -> None:
    """A DNS-rebinding page's requests carry its own host name: no credentials for it."""
    status, _, body = running.call(
        "GET", "/__fakerec/credentials", headers={"Host": "rebind.attacker.example"}
    )
    assert status == 403 and running.fake.auth_token.encode() not in body
    assert json.loads(body)["error"] == "Forbidden"
    status, _, body = running.call("GET", "/__fakerec/credentials")
    assert status == 200 and json.loads(body)["auth_token"] == running.fake.auth_token
    status, _, _ = running.call(
        "GET", "/__fakerec/credentials", headers={"Host": f"localhost:{running.port}"}
    )
    assert status == 200


def test_urls_are_built_from_the_bound_address_never_from_a_header(running: Running) -> None:
    forged = 'x","next_page_url":"https://attacker.example/steal'
    assert running.call("GET", "/v1/Recordings", headers={"Host": forged, **running.auth})[0] == 403
    running.fake.add_recording()
    running.fake.add_recording()
    _, _, body = running.call("GET", "/v1/Recordings?PageSize=1", headers=running.auth)
    meta = json.loads(body)["meta"]
    assert meta["next_page_url"].startswith(f"http://127.0.0.1:{running.port}/v1/Recordings?")


def test_control_endpoints_refuse_a_foreign_origin(running: Running) -> None:
    before = running.fake.clock.now()
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    status, _, _ = running.call(
        "POST", "/__fakerec/clock/advance", b"days=1", {**form, "Origin": "https://evil.example"}
    )
    assert status == 403 and running.fake.clock.now() == before
    status, _, _ = running.call(
        "POST",
        "/__fakerec/clock/advance",
        b"days=1",
        {**form, "Origin": f"http://127.0.0.1:{running.port}"},
    )
    assert status == 200 and (running.fake.clock.now() - before).days == 1


def test_keep_alive_one_connection_for_many_requests(running: Running) -> None:
    conn = running.connect()
    try:
        conn.request("GET", "/v1/Recordings", headers=running.auth)
        conn.getresponse().read()
        first = conn.sock
        for _ in range(100):
            conn.request("GET", "/v1/Recordings", headers=running.auth)
            response = conn.getresponse()
            assert response.status == 200 and response.version == 11
            response.read()
        assert conn.sock is first  # never reconnected
    finally:
        conn.close()


def test_a_half_sent_request_blocks_no_other_client(running: Running) -> None:
    stuck = socket.create_connection((running.host, running.port))
    try:
        stuck.sendall(b"GET /v1/Recordings HTTP/1.1\r\nHost: 127.0.0.1")  # and never more
        started = time.monotonic()
        assert running.call("GET", "/v1/Recordings", headers=running.auth)[0] == 200
        assert time.monotonic() - started < 2
    finally:
        stuck.close()


def test_a_huge_body_is_413_without_being_read(running: Running) -> None:
    with socket.create_connection((running.host, running.port)) as raw:
        raw.sendall(
            b"POST /__fakerec/recordings HTTP/1.1\r\n"
            + f"Host: 127.0.0.1:{running.port}\r\nContent-Length: {64 << 20}\r\n\r\n".encode()
        )
        raw.settimeout(5)
        reply = raw.recv(4096)
    assert reply.startswith(b"HTTP/1.1 413")
    assert running.fake.requests == [] and running.fake.recording is not None


@pytest.mark.parametrize(
    ("method", "path", "body", "headers", "status"),
    [
        ("POST", "/__fakerec/clock/advance", b"{}", {"Content-Length": "abc"}, 400),
        ("POST", "/__fakerec/clock/advance", b"days=1e10", {}, 400),
        ("POST", "/__fakerec/clock/advance", b'{"days": "soon"}', {}, 400),
        ("POST", "/__fakerec/recordings", b'{"date_created": "yesterday"}', {}, 400),
        ("POST", "/__fakerec/recordings", b"duration=twelve", {}, 400),
        ("POST", "/__fakerec/recordings", b"muted=maybe", {}, 400),
        ("POST", "/__fakerec/recordings", b"{not json", {}, 400),
        ("GET", "/__fakerec/nope", b"", {}, 404),
        ("GET", "/__fakerec/recordings", b"", {}, 405),
    ],
)
def test_control_errors_are_json_with_the_reason(
    running: Running, method: str, path: str, body: bytes, headers: dict[str, str], status: int
) -> None:
    with socket.create_connection((running.host, running.port)) as raw:
        length = headers.get("Content-Length", str(len(body)))
        raw.sendall(
            f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{running.port}\r\n"
            f"Content-Length: {length}\r\nConnection: close\r\n\r\n".encode()
            + (body if length.isdigit() else b"")
        )
        raw.settimeout(5)
        reply = b""
        while chunk := raw.recv(65536):
            reply += chunk
    head, _, payload = reply.partition(b"\r\n\r\n")
    assert head.startswith(f"HTTP/1.1 {status}".encode()), head
    answer = json.loads(payload)
    assert set(answer) == {"error", "message"} and answer["message"]
    assert b"Traceback" not in reply


def test_form_bodies_are_typed_as_the_python_control_plane(running: Running) -> None:
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    fields = {"type": "video", "duration": "12", "muted": "false", "status": "completed"}
    status, _, body = running.call(
        "POST", "/__fakerec/recordings", urlencode(fields).encode(), form
    )
    assert status == 201, body
    sid = json.loads(body)["sid"]
    _, _, fetched = running.call("GET", f"/v1/Recordings/{sid}", headers=running.auth)
    assert json.loads(fetched)["duration"] == 12 and json.loads(fetched)["size"] > 0
    assert running.call("GET", f"/v1/Recordings/{sid}/Media", headers=running.auth)[0] == 302
    muted = {**fields, "muted": "true"}
    _, _, body = running.call("POST", "/__fakerec/recordings", urlencode(muted).encode(), form)
    quiet = json.loads(body)["sid"]
    assert running.call("GET", f"/v1/Recordings/{quiet}/Media", headers=running.auth)[0] == 404


def test_paths_are_decoded_once_as_in_mock_mode(running: Running) -> None:
    sid = running.fake.add_recording().sid
    encoded = "%25" + format(ord("R"), "X") + sid[1:]  # %2552T...: "%52T..." once decoded
    status, _, body = running.call("GET", f"/v1/Recordings/{encoded}", headers=running.auth)
    direct = running.fake.dispatch(
        "GET", f"https://video.twilio.com/v1/Recordings/{encoded}", running.auth
    )
    assert (status, json.loads(body)) == (direct.status, json.loads(direct.body))
    assert status == 404


def test_what_http_server_refuses_is_json_too(running: Running) -> None:
    """A request line over 64 KiB (a huge PageToken, say) is http.server's own 414: JSON."""
    with socket.create_connection((running.host, running.port)) as raw:
        raw.sendall(b"GET /v1/Recordings?PageToken=" + b"A" * 70000 + b" HTTP/1.1\r\n\r\n")
        raw.settimeout(5)
        reply = b""
        while chunk := raw.recv(65536):
            reply += chunk
    head, _, payload = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 414")
    assert json.loads(payload)["error"] and b"<!DOCTYPE" not in reply
