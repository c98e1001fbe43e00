"""Bulk lifecycle: one ``clock.advance`` that purges (or completes) K recordings, per recording.

Each case runs in a fresh interpreter (``python lifecycle.py purge|complete K ROUNDS BUDGET``),
so a million recordings' memory goes back when it ends and no earlier measure's garbage is
collected on its time. An advance that runs past BUDGET seconds is stopped there: the figure
is then a lower bound (shown "> ..."), which meets no target.
"""

from __future__ import annotations

import gc
import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import targets

HERE = Path(__file__).resolve()

#: kind -> (seeded status, how far one advance moves the clock, the status after it)
CASES = {
    "purge": ("deleted", {"days": 31}, None),  # metadata kept 30 days after a delete
    "complete": ("processing", {"seconds": 31}, "completed"),  # the default delay is 30 s
}


class OverBudget(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise OverBudget


def one_round(kind: str, k: int, budget: float) -> float | None:
    """Seconds one advance took over K recordings (None: stopped at ``budget``)."""
    from fakerec import FakeVideo
    from fakerec.errors import UsageError

    status, step, after = CASES[kind]
    fake = FakeVideo(seed=f"bulk-{kind}")
    sids = [fake.add_recording(status=status).sid for _ in range(k)]
    gc.collect()
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, budget)
    try:
        start = time.perf_counter()
        fake.clock.advance(**step)
        elapsed = time.perf_counter() - start
    except OverBudget:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    for sid in (sids[0], sids[k // 2], sids[-1]):  # the advance did what it says
        if after is None:
            try:
                fake.recording(sid)
            except UsageError:
                continue
            raise AssertionError(f"{sid} was not purged")
        assert fake.recording(sid).status.value == after, sid
    return elapsed


def run_case(kind: str, k: int, rounds: int, budget: float, env: dict[str, str]) -> dict[str, Any]:
    """The per-recording seconds of the best round, and whether it hit the budget."""
    done = subprocess.run(
        [sys.executable, str(HERE), kind, str(k), str(rounds), str(budget)],
        capture_output=True,
        text=True,
        env=env,
        timeout=3600,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"lifecycle {kind} K={k}: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def bulk_figures(
    k_small: int, k_large: int, budget: float, env: dict[str, str]
) -> dict[str, targets.Figure]:
    """Per-recording seconds at K small (best of 5 rounds) and K large (one round)."""
    figures = {}
    for kind in CASES:
        for key, k, rounds in ((f"{kind}_bulk@small", k_small, 5), (f"{kind}_bulk", k_large, 1)):
            got = run_case(kind, k, rounds, budget, env)
            how = f"best of {got['rounds']}" if got["rounds"] > 1 else "1 advance"
            figures[key] = targets.Figure(got["per"], how, at_least=got["at_least"])
    return figures


def main(argv: list[str]) -> int:
    kind, k, rounds, budget = argv[0], int(argv[1]), int(argv[2]), float(argv[3])
    times = []
    for _ in range(rounds):
        elapsed = one_round(kind, k, budget)
        if elapsed is None:
            print(json.dumps({"per": budget / k, "at_least": True, "rounds": len(times) + 1}))
            return 0
        times.append(elapsed)
    print(json.dumps({"per": min(times) / k, "at_least": False, "rounds": rounds}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
