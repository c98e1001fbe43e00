"""fakerec against the hand-written stub it replaces, side by side in one process.

Run: python benchmarks/bench.py   (prints a table; exits 1 if a target is missed)
"""

from __future__ import annotations

import gc
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import responses
from twilio.http import HttpClient
from twilio.http.response import Response
from twilio.rest import Client

import fakerec
from fakerec import FakeVideo


def best_per_call(fn: Callable[[], Any], *, number: int, repeat: int = 7) -> float:
    """Seconds per call: the best of ``repeat`` rounds of ``number`` calls (least disturbed)."""
    fn()
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        rounds.append((time.perf_counter() - start) / number)
    return min(rounds)


def interleaved(
    fns: dict[str, Callable[[], Any]], *, number: int, rounds: int = 15
) -> dict[str, float]:
    """Seconds per call of each function, measured in alternating rounds (so drift in the
    machine's speed hits all alike); the best round of each counts."""
    best = {name: float("inf") for name in fns}
    for fn in fns.values():
        for _ in range(number // 5):
            fn()
    for _ in range(rounds):
        for name, fn in fns.items():
            start = time.perf_counter()
            for _ in range(number):
                fn()
            best[name] = min(best[name], (time.perf_counter() - start) / number)
    return best


def sdk_fetch_rows(number: int) -> list[tuple[str, float, str]]:
    fake = FakeVideo(seed="bench")
    rec = fake.add_recording(status="completed", type="video", duration=42)
    url = f"https://video.twilio.com/v1/Recordings/{rec.sid}"
    body = fake.dispatch("GET", url, _auth(fake)).body.decode()  # the fake's own JSON, canned
    client = Client(fake.account_sid, fake.auth_token)

    def fetch() -> None:
        client.video.v1.recordings(rec.sid).fetch()

    static = responses.RequestsMock(assert_all_requests_are_fired=False)
    static.add(responses.GET, url, body=body, status=200, content_type="application/json")
    callback = responses.RequestsMock(assert_all_requests_are_fired=False)
    callback.add_callback(responses.GET, url, callback=lambda r: (200, {}, body))

    # fake.mock() is a RequestsMock with the fake registered (plus the httpx patch, which
    # requests never meets); building it here lets each round start and stop the same mocks.
    mocked = responses.RequestsMock(assert_all_requests_are_fired=False)
    fake.register(mocked)
    mocked.add_passthru(re.compile(r".*"))

    def batch(mock: responses.RequestsMock) -> Callable[[], None]:
        def run() -> None:
            mock.start()
            try:
                for _ in range(20):
                    fetch()
            finally:
                mock.stop(allow_assert=False)

        return run

    per_batch = interleaved(
        {"static": batch(static), "callback": batch(callback), "fake": batch(mocked)},
        number=max(number // 20, 5),
    )
    fake.requests.clear()

    class CannedClient(HttpClient):  # type: ignore[misc]
        def request(self, *args: Any, **kwargs: Any) -> Response:
            return Response(200, body, {})

    canned = Client(fake.account_sid, fake.auth_token, http_client=CannedClient(None, False))
    direct = Client(fake.account_sid, fake.auth_token, http_client=fake.http_client())
    floors = interleaved(
        {
            "floor": lambda: canned.video.v1.recordings(rec.sid).fetch(),
            "direct": lambda: direct.video.v1.recordings(rec.sid).fetch(),
        },
        number=number,
    )
    fake.requests.clear()
    return [
        ("SDK fetch, static responses stub (baseline)", per_batch["static"] / 20, "1.00"),
        ("SDK fetch, responses callback with canned text", per_batch["callback"] / 20, "-"),
        ("SDK fetch through fake.mock()", per_batch["fake"] / 20, "<= 1.05"),
        ("SDK fetch, canned twilio HttpClient (SDK floor)", floors["floor"], "-"),
        ("SDK fetch through fake.http_client()", floors["direct"], "<= 0.15"),
    ]


def _auth(fake: FakeVideo) -> dict[str, str]:
    import base64

    token = base64.b64encode(f"{fake.account_sid}:{fake.auth_token}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def list_page_seconds(stored: int) -> tuple[float, float]:
    """(first and next page of a list filtered by Status + MediaType, PageSize 50;
    the one page of a list filtered by a GroupingSid that one recording in 500 has)."""
    gc.collect()
    fake = FakeVideo(seed="list")
    kinds = ("audio", "video")
    statuses = ("completed", "completed", "processing", "failed", "deleted")
    rooms = [fake.create_room(f"room-{n}").sid for n in range(max(stored // 500, 1))]
    for i in range(stored):
        fake.add_recording(
            status=statuses[i % 5], type=kinds[i % 2], duration=10, room_sid=rooms[i % len(rooms)]
        )
    headers = _auth(fake)
    base = "https://video.twilio.com/v1/Recordings"
    first = f"{base}?Status=completed&MediaType=video&PageSize=50"
    grouped = f"{base}?GroupingSid={rooms[len(rooms) // 2]}&PageSize=50"

    def two_pages() -> None:
        page = json.loads(fake.dispatch("GET", first, headers).body)
        fake.dispatch("GET", page["meta"]["next_page_url"], headers)

    filtered = best_per_call(two_pages, number=50)
    by_room = best_per_call(lambda: fake.dispatch("GET", grouped, headers), number=50)
    fake.requests.clear()
    return filtered, by_room


def seeding_rate(count: int) -> float:
    gc.collect()  # earlier measurements' garbage must not be collected on this one's time
    fake = FakeVideo(seed="seed")
    start = time.perf_counter()
    for _ in range(count):
        fake.add_recording()
    return count / (time.perf_counter() - start)


def bytes_per_recording(count: int) -> float:
    gc.collect()
    fake = FakeVideo(seed="memory")
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for _ in range(count):
        fake.add_recording()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return (after - before) / count


def fixture_cycle_seconds() -> float:
    """What the pytest fixture does per test: build a seeded fake, enter and leave mock()."""

    def cycle() -> None:
        fake = FakeVideo(seed="tests/test_x.py::test_y")
        with fake.mock():
            pass

    return best_per_call(cycle, number=200)


def import_seconds() -> float:
    code = "import time; t = time.perf_counter(); import fakerec; print(time.perf_counter() - t)"
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(5)
    ]
    return statistics.median(runs)


def main() -> int:
    quick = "--quick" in sys.argv
    number = 200 if quick else 1000
    print(f"fakerec {fakerec.__version__} on {platform.python_implementation()} "
          f"{platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores")  # fmt: skip
    print()
    rows = sdk_fetch_rows(number)
    baseline = rows[0][1]
    failures = []
    print(f"{'measure':<52} {'per call':>10} {'ratio':>7}  target")
    for name, seconds, target in rows:
        ratio = seconds / baseline
        print(f"{name:<52} {seconds * 1e6:>8.1f}us {ratio:>7.3f}  {target}")
        if target.startswith("<=") and ratio > float(target[3:]):
            failures.append(name)
    print()
    small, large = list_page_seconds(1_000), list_page_seconds(10_000 if quick else 100_000)
    size = "10,000" if quick else "100,000"
    for n, label in enumerate(("Status+MediaType, 2 pages", "GroupingSid (room), 1 page")):
        ratio = large[n] / small[n]
        print(f"{'list ' + label + ', 1,000 stored':<52} {small[n] * 1e6:>8.1f}us")
        print(
            f"{'list ' + label + ', ' + size + ' stored':<52} {large[n] * 1e6:>8.1f}us "
            f"{ratio:>7.3f}  <= 1.5"
        )
        if ratio > 1.5:
            failures.append(f"list scaling ({label})")
    rate = seeding_rate(20_000 if quick else 100_000)
    memory = bytes_per_recording(10_000 if quick else 50_000)
    cycle = fixture_cycle_seconds()
    imported = import_seconds()
    print(f"{'seeding via add_recording':<52} {rate:>10,.0f}/s          >= 50,000/s")
    print(f"{'memory per stored recording':<52} {memory:>9,.0f} B          <= 2,048 B")
    print(f"{'fixture setup + teardown':<52} {cycle * 1e3:>8.3f}ms          <= 1 ms")
    print(f"{'import fakerec (fresh interpreter)':<52} {imported * 1e3:>8.1f}ms")
    failures += [n for n, bad in (("seeding", rate < 50_000), ("memory", memory > 2048),
                                  ("fixture", cycle > 0.001)) if bad]  # fmt: skip
    print()
    print("all targets met" if not failures else f"targets missed: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
