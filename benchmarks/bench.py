"""fakerec against the hand-written stub it replaces, side by side in one process.

Run: python benchmarks/bench.py   (prints a table; exits 1 if a target is missed)
     python benchmarks/bench.py --readme   (also writes the README's performance table)
     python benchmarks/bench.py --quick   (smaller stores and fewer calls; not for the README)

The measures and their targets are in benchmarks/targets.py, and only there.
"""

from __future__ import annotations

import datetime
import gc
import importlib.metadata
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import textwrap
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import responses
import targets
from twilio.http import HttpClient
from twilio.http.response import Response
from twilio.rest import Client

import fakerec
from fakerec import FakeVideo
from fakerec.api import basic_auth

README = Path(__file__).resolve().parents[1] / "README.md"


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


def sdk_fetch_figures(number: int) -> dict[str, float]:
    fake = FakeVideo(seed="bench")
    rec = fake.add_recording(status="completed", type="video", duration=42)
    url = f"https://video.twilio.com/v1/Recordings/{rec.sid}"
    headers = {"Authorization": basic_auth(fake.account_sid, fake.auth_token)}
    body = fake.dispatch("GET", url, headers).body.decode()  # the fake's own JSON, canned
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
    return {
        "fetch_static": per_batch["static"] / 20,
        "fetch_callback": per_batch["callback"] / 20,
        "fetch_mock": per_batch["fake"] / 20,
        "fetch_floor": floors["floor"],
        "fetch_direct": floors["direct"],
    }


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
    headers = {"Authorization": basic_auth(fake.account_sid, fake.auth_token)}
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


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def readme_block(rows: Sequence[targets.Row], sizes: dict[str, str]) -> list[str]:
    """What goes between the README's markers: where and how it was measured, and the table."""
    missed = [row.measure.readme.format(**sizes) for row in targets.missed(rows)]
    verdict = "All targets met." if not missed else f"Targets missed: {'; '.join(missed)}."
    intro = (
        f"Measured on {datetime.date.today().isoformat()} on {os.cpu_count()} cores "
        f"({cpu_name()}, {platform.machine()}), {platform.python_implementation()} "
        f"{platform.python_version()}, twilio {importlib.metadata.version('twilio')}, responses "
        f"{importlib.metadata.version('responses')}, fakerec {fakerec.__version__}, in one run of "
        f"`python benchmarks/bench.py --readme`, which wrote this table. {verdict}"
    )
    return [*textwrap.wrap(intro, width=95), "", *targets.readme_table(rows, sizes)]


def write_readme(block: Sequence[str]) -> None:
    text = README.read_text(encoding="utf-8")
    begin, end = targets.README_BEGIN, targets.README_END
    if text.count(begin) != 1 or text.count(end) != 1 or text.index(begin) > text.index(end):
        raise SystemExit(f"{README}: expected one {begin} ... {end} pair")
    head, rest = text.split(begin)
    tail = rest.split(end)[1]
    README.write_text("\n".join([head + begin, *block, end]) + tail, encoding="utf-8")


def main(argv: Sequence[str]) -> int:
    options = set(argv)
    if options - {"--quick", "--readme"} or options >= {"--quick", "--readme"}:
        print("usage: bench.py [--quick | --readme]", file=sys.stderr)
        return 2
    quick = "--quick" in options
    number = 200 if quick else 1000
    small, large = 1_000, 10_000 if quick else 100_000
    seeded = 20_000 if quick else 100_000
    print(f"fakerec {fakerec.__version__} on {platform.python_implementation()} "
          f"{platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores")  # fmt: skip
    print()
    figures = sdk_fetch_figures(number)
    filtered_small, grouped_small = list_page_seconds(small)
    filtered_large, grouped_large = list_page_seconds(large)
    figures.update(
        {
            "list_filtered_small": filtered_small,
            "list_filtered_large": filtered_large,
            "list_grouped_small": grouped_small,
            "list_grouped_large": grouped_large,
            "seeding": seeding_rate(seeded),
            "memory": bytes_per_recording(10_000 if quick else 50_000),
            "fixture": fixture_cycle_seconds(),
            "import": import_seconds(),
        }
    )
    rows = targets.evaluate(figures)
    sizes = {"small": f"{small:,}", "large": f"{large:,}", "seeded": f"{seeded:,}"}
    print("\n".join(targets.console_lines(rows, sizes)))
    failures = [row.measure.label.format(**sizes) for row in targets.missed(rows)]
    print()
    print("all targets met" if not failures else f"targets missed: {', '.join(failures)}")
    if "--readme" in options:
        write_readme(readme_block(rows, sizes))
        print(f"{README.name}: performance table written")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
