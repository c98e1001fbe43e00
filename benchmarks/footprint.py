"""What fakerec costs around the requests: seeding, memory per recording, the journal's
growth, the pytest fixture's setup and teardown, and the import."""

from __future__ import annotations

import gc
import statistics
import subprocess
import sys
import time
import tracemalloc

import targets
from timing import interleaved

from fakerec import FakeVideo
from fakerec.api import basic_auth

INTERPRETERS = 5


SEEDING_PASSES = 3


def seeding_rate(count: int) -> targets.Figure:
    """Recordings per second of the best of ``SEEDING_PASSES`` passes, each into a new fake
    (the garbage collector's passes over a growing heap make one pass vary by some 15 %)."""
    best = 0.0
    for n in range(SEEDING_PASSES):
        gc.collect()  # earlier passes' and measurements' garbage is not collected on this one
        fake = FakeVideo(seed=f"seed-{n}")
        start = time.perf_counter()
        for _ in range(count):
            fake.add_recording()
        best = max(best, count / (time.perf_counter() - start))
        del fake
    return targets.Figure(best, f"best of {SEEDING_PASSES} passes")


def bytes_per_recording(count: int) -> targets.Figure:
    gc.collect()
    fake = FakeVideo(seed="memory")
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for _ in range(count):
        fake.add_recording()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return targets.Figure((after - before) / count, "1 pass")


def journal_growth(warm: int, total: int) -> targets.Figure:
    """Bytes per request kept after ``warm`` fetches (of 1,000 recordings in turn), to
    ``total``: what the journal (``fake.requests``) and any cache go on holding."""
    fake = FakeVideo(seed="journal")
    headers = {"Authorization": basic_auth(fake.account_sid, fake.auth_token)}
    urls = [
        f"https://video.twilio.com/v1/Recordings/{fake.add_recording().sid}" for _ in range(1000)
    ]
    dispatch = fake.dispatch

    def fetch(n: int) -> None:
        for i in range(n):
            assert dispatch("GET", urls[i % 1000], headers).status == 200

    gc.collect()
    tracemalloc.start()
    fetch(warm)
    gc.collect()
    at_warm = tracemalloc.get_traced_memory()[0]
    fetch(total - warm)
    gc.collect()
    grown = tracemalloc.get_traced_memory()[0] - at_warm
    tracemalloc.stop()
    return targets.Figure(grown / (total - warm), "1 pass")


def fixture_cycle() -> targets.Figure:
    """What the pytest fixture does per test: build a seeded fake, enter and leave mock()."""

    def cycle() -> None:
        fake = FakeVideo(seed="tests/test_x.py::test_y")
        with fake.mock():
            pass

    return interleaved({"fixture": cycle}, number=200)["fixture"].figure()


def fresh_interpreter_seconds(code: str, env: dict[str, str]) -> targets.Figure:
    """The median of ``INTERPRETERS`` fresh interpreters, each timing ``code`` itself."""
    timed = f"import time; t = time.perf_counter(); {code}; print(time.perf_counter() - t)"
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", timed], capture_output=True, text=True, check=True, env=env
            ).stdout
        )
        for _ in range(INTERPRETERS)
    ]
    return targets.Figure(statistics.median(runs), f"median of {INTERPRETERS}")
