"""The server reads a request's head itself (``fakerec.server.head``): the same answers as
http.server gives for every malformed head, and the same keep-alive rules."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator

import pytest

from fakerec import FakeVideo
from fakerec.server.app import FakeVideoApp
from fakerec.server.head import MAX_HEADERS, MAX_LINE, Headers
from fakerec.server.http import FakeVideoServer


@pytest.fixture
def port() -> Iterator[int]:
    server = FakeVideoServer("127.0.0.1", 0, FakeVideoApp(FakeVideo(seed="head")))
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def _exchange(port: int, raw: bytes) -> bytes:
    """Send ``raw``, read until the server closes (or a second passes)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(raw)
        sock.settimeout(1)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except TimeoutError:
            pass
    return b"".join(chunks)


def _status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def _head(port: int, *lines: str, version: str = "HTTP/1.1") -> bytes:
    request = [f"GET /__fakerec/credentials {version}", f"Host: 127.0.0.1:{port}", *lines]
    return ("\r\n".join(request) + "\r\n\r\n").encode("latin-1")


def test_a_good_head_is_answered_and_header_names_are_any_case(port: int) -> None:
    raw = f"GET /__fakerec/credentials HTTP/1.1\r\nhOsT: 127.0.0.1:{port}\r\n"
    answer = _exchange(port, (raw + "Connection: close\r\n\r\n").encode())
    assert _status(answer) == 200
    assert "auth_token" in json.loads(answer.split(b"\r\n\r\n", 1)[1])


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"GET /\r\n\r\n", 400),  # HTTP/0.9: not taken
        (b"GET / HTTP/1.1 extra\r\n\r\n", 400),
        (b"GET / HTTQ/1.1\r\n\r\n", 400),
        (b"GET / HTTP/1.x\r\n\r\n", 400),
        (b"GET / HTTP/1.1.1\r\n\r\n", 400),
        (b"GET / HTTP/2.0\r\n\r\n", 505),
        (b"GET / HTTP/1.1\r\nno colon here\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\n: no name\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nName : space before the colon\r\n\r\n", 400),
    ],
)
def test_a_malformed_head_gets_a_json_error_with_a_status_line(
    port: int, raw: bytes, status: int
) -> None:
    answer = _exchange(port, raw)
    assert answer.startswith(b"HTTP/1.1 ") and _status(answer) == status
    assert b"Connection: close" in answer
    assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["message"]


def test_too_many_headers_or_a_too_long_line_is_431(port: int) -> None:
    many = [f"X-{n}: {n}" for n in range(MAX_HEADERS + 1)]
    assert _status(_exchange(port, _head(port, *many))) == 431
    enough = [f"X-{n}: {n}" for n in range(MAX_HEADERS - 2)]  # with Host: 99 in all
    assert _status(_exchange(port, _head(port, *enough, "Connection: close"))) == 200
    long_line = "X-Long: " + "a" * MAX_LINE
    assert _status(_exchange(port, _head(port, long_line))) == 431


def test_keep_alive_follows_the_version_and_the_connection_header(port: int) -> None:
    def closes(answer: bytes) -> bool:
        return b"Connection: close" in answer.split(b"\r\n\r\n", 1)[0]

    # HTTP/1.1 stays open: two requests on one connection, two answers.
    twice = _head(port) * 2
    answer = _exchange(port, twice)
    assert answer.count(b"HTTP/1.1 200") == 2 and not closes(answer)
    assert closes(_exchange(port, _head(port, "Connection: close")))
    assert closes(_exchange(port, _head(port, version="HTTP/1.0")))
    kept = _exchange(port, _head(port, "Connection: keep-alive", version="HTTP/1.0") * 2)
    assert kept.count(b" 200 ") == 2


def test_a_folded_header_line_continues_the_previous_one() -> None:
    headers = Headers([("X-Folded", "one two"), ("Host", "h")])
    assert headers["x-folded"] == "one two" and headers.get("HOST") == "h"
    assert headers.get("Missing") is None and headers.get("Missing", "d") == "d"
    assert list(headers) == ["X-Folded", "Host"] and len(headers) == 2
    assert headers.items() == [("X-Folded", "one two"), ("Host", "h")]


def test_a_folded_line_is_read_as_part_of_its_header(port: int) -> None:
    raw = (
        f"GET /__fakerec/credentials HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Connection:\r\n close\r\n\r\n"
    ).encode()
    answer = _exchange(port, raw)
    assert _status(answer) == 200 and b"Connection: close" in answer
