"""Server mode: ``python -m fakerec serve`` in its own process, as a test run would start it,
against keep-alive clients in this one.

- Latency: a ``requests.Session`` GET of one recording from the server, against the same GET
  with the same library through ``fake.mock()`` in process (``mock()`` catches requests, not
  a bare ``http.client``, so requests is the library both sides can share).
- Connections: every TCP connection to the server is opened by a client here, so the client
  counts them itself: an ``http.client.HTTPConnection`` (the keep-alive client with the least
  overhead of its own, used for the many GETs) whose ``connect`` is overridden to count; it
  reconnects on its own whenever the server closed. (urllib3's ``num_connections`` would not
  do: it counts connection objects, which urllib3 reconnects in place: 1 for 50 GETs from a
  server that closes every connection.)
- Memory: the server process's resident set (``VmRSS`` in ``/proc``) after the warm-up GETs
  and after all of them; tracemalloc would slow the server several times over.
"""

from __future__ import annotations

import http.client
import math
import subprocess
import sys
from pathlib import Path

import requests
import targets
from timing import interleaved

from fakerec import FakeVideo
from fakerec.api import basic_auth

BATCH = 20
SEEDED = {"status": "completed", "type": "video", "duration": 42}


class CountingConnection(http.client.HTTPConnection):
    connects = 0

    def connect(self) -> None:
        self.connects += 1
        super().connect()


def rss_bytes(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return float(line.split()[1]) * 1024
    except OSError:
        pass
    return math.nan  # not Linux: the figure is unknown, and the target counts as missed


def _start(env: dict[str, str]) -> tuple[subprocess.Popen[str], str, str, str]:
    command = [sys.executable, "-m", "fakerec", "serve", "--port", "0", "--seed", "bench-serve"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    assert process.stdout is not None
    lines = [process.stdout.readline() for _ in range(4)]
    base = lines[0].rsplit(" ", 1)[-1].strip()
    assert base.startswith("http://127.0.0.1:"), lines
    return process, base, lines[1].split()[-1], lines[2].split()[-1]


def serve_figures(warm: int, total: int, env: dict[str, str]) -> dict[str, targets.Figure]:
    process, base, account, token = _start(env)
    try:
        return _measure(process, base, account, token, warm, total)
    finally:
        process.terminate()
        process.wait(timeout=10)


def _measure(
    process: subprocess.Popen[str], base: str, account: str, token: str, warm: int, total: int
) -> dict[str, targets.Figure]:
    session, in_process = requests.Session(), requests.Session()
    sid = session.post(f"{base}/__fakerec/recordings", json=SEEDED, timeout=10).json()["sid"]
    fake = FakeVideo(seed="bench-serve")  # the server's twin: same seed, same SID, same JSON
    assert fake.add_recording(**SEEDED).sid == sid and fake.account_sid == account
    path = f"/v1/Recordings/{sid}"
    served_url, mocked_url = base + path, "https://video.twilio.com" + path
    gets = 0  # GETs the server answered

    def served() -> None:
        nonlocal gets
        answer = session.get(served_url, auth=(account, token), timeout=10)
        assert answer.status_code == 200 and answer.json()["sid"] == sid
        gets += 1

    def mocked() -> None:
        answer = in_process.get(mocked_url, auth=(account, token), timeout=10)
        assert answer.status_code == 200 and answer.json()["sid"] == sid

    def serve_batch() -> None:
        for _ in range(BATCH):
            served()

    def mock_batch() -> None:
        with fake.mock():
            for _ in range(BATCH):
                mocked()

    timed = interleaved({"mock": mock_batch, "serve": serve_batch}, number=5)
    host, port = base[len("http://") :].split(":")
    client = CountingConnection(host, int(port), timeout=10)
    headers = {"Authorization": basic_auth(account, token)}

    def get() -> None:
        nonlocal gets
        client.request("GET", path, headers=headers)
        answer = client.getresponse()
        answer.read()
        assert answer.status == 200
        gets += 1

    before = gets
    while gets < warm:
        get()
    assert gets == warm, f"{gets} GETs before the memory's first reading, not {warm}"
    at_warm, from_get = rss_bytes(process.pid), gets
    while gets < total:
        get()
    grown = (rss_bytes(process.pid) - at_warm) / (gets - from_get)
    by_client = gets - before
    return {
        "serve_get@small": timed["mock"].figure(per=BATCH),
        "serve_get": timed["serve"].figure(per=BATCH),
        "serve_connections": targets.Figure(
            client.connects * 100 / by_client, f"{by_client:,} GETs"
        ),
        "serve_memory": targets.Figure(grown, f"{gets - from_get:,} GETs"),
    }
