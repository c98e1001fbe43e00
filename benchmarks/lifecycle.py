"""Bulk lifecycle: one ``clock.advance`` that purges (or completes) K recordings, per recording.

Each case runs in a fresh interpreter (``python lifecycle.py purge|complete K ROUNDS BUDGET``),
so a million recordings' memory goes back when it ends and no earlier measure's garbage is
collected on its time. A child seeds, says ``seeded`` and waits for a line before it advances:
the two large cases seed side by side (two cores) and advance one at a time, with nothing
else running. An advance that runs past BUDGET seconds is stopped there: the figure is then
a lower bound (shown "> ..."), which meets no target.
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
SMALL_ROUNDS = 3

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
    print("seeded", flush=True)
    sys.stdin.readline()  # the parent's go-ahead
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


class Case:
    """One child interpreter: ``rounds`` rounds of seeding K, then one advance when told."""

    def __init__(self, kind: str, k: int, rounds: int, budget: float, env: dict[str, str]):
        self.name = f"lifecycle {kind} K={k:,}"
        command = [sys.executable, str(HERE), kind, str(k), str(rounds), str(budget)]
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, bufsize=1
        )

    def _line(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            self.process.wait()
            raise RuntimeError(f"{self.name} ended (exit {self.process.returncode})")
        return line.strip()

    def seeded(self) -> bool:
        """Wait until the child has seeded its next round; False when it has no more."""
        self._last = self._line()
        return self._last == "seeded"

    def advance(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()

    def result(self) -> targets.Figure:
        """Per-recording seconds of the best round (after the last ``seeded()`` is False)."""
        got = json.loads(self._last)
        self.process.wait(timeout=60)
        how = f"best of {got['rounds']}" if got["rounds"] > 1 else "1 advance"
        return targets.Figure(got["per"], how, at_least=got["at_least"])


def _run_alone(case: Case) -> targets.Figure:
    while case.seeded():
        case.advance()
    return case.result()


def bulk_figures(
    k_small: int, k_large: int, budget: float, env: dict[str, str]
) -> dict[str, targets.Figure]:
    """Per-recording seconds at K small (best of ``SMALL_ROUNDS``) and K large (one round)."""
    figures = {}
    for kind in CASES:
        figures[f"{kind}_bulk@small"] = _run_alone(Case(kind, k_small, SMALL_ROUNDS, budget, env))
    large = {kind: Case(kind, k_large, 1, budget, env) for kind in CASES}
    for case in large.values():  # both seed at once
        assert case.seeded()
    for kind, case in large.items():  # one advances while the other waits
        case.advance()
        assert not case.seeded()
        figures[f"{kind}_bulk"] = case.result()
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
