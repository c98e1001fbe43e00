"""How the benchmark times things: alternating rounds, the best round of each counts.

A figure that a slow implementation makes expensive (a list page that scans a million rooms)
gets fewer calls per round and fewer rounds, down to ``MIN_ROUNDS`` rounds of one call, so the
whole run stays within minutes whatever the code does; the table says how many were taken.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import targets

import fakerec

MIN_ROUNDS = 3


@dataclass(frozen=True)
class Timing:
    seconds: float  # per call, in the best round
    rounds: int
    calls: int  # per round

    def figure(self, per: int = 1) -> targets.Figure:
        """As a table figure: seconds per call, or per one of ``per`` things a call does
        (and then ``per`` times as many of those in a round)."""
        return targets.Figure(self.seconds / per, f"{self.rounds} x {self.calls * per}")


def _calibrate(fn: Callable[[], Any], limit: int) -> float:
    """Seconds per call after a first (cold) call: a few calls, up to 10 ms or ``limit``
    (none when the first took over half a second: a slow function is not called more than
    needed; a cold batch of fetches takes some 100 ms, so that is no sign of a slow one)."""
    start = time.perf_counter()
    fn()
    first = time.perf_counter() - start
    if first > 0.5:
        return first
    calls, start = 0, time.perf_counter()
    while True:
        fn()
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed > 0.01 or calls >= limit:
            return elapsed / calls


def interleaved(
    fns: Mapping[str, Callable[[], Any]],
    *,
    number: int | None = None,
    rounds: int = 15,
    round_seconds: float = 0.02,
    budget: float = 4.0,
) -> dict[str, Timing]:
    """Seconds per call of each function, measured in alternating rounds (so drift in the
    machine's speed hits all alike); the best round of each counts.

    ``number`` calls per round, or (None) as many as take about ``round_seconds``; rounds
    are cut (down to ``MIN_ROUNDS``) and calls per round too (down to one) when all rounds
    would take more than ``budget`` seconds.
    """
    gc.collect(1)  # young garbage of earlier measures is not collected on this one's time
    per_call = {name: _calibrate(fn, number or 100) for name, fn in fns.items()}
    if number is None:
        calls = {name: max(1, min(1000, round(round_seconds / t))) for name, t in per_call.items()}
    else:
        calls = dict.fromkeys(fns, number)
    one_round = sum(calls[name] * per_call[name] for name in fns)
    if one_round * MIN_ROUNDS > budget:
        shrink = budget / (one_round * MIN_ROUNDS)
        calls = {name: max(1, int(n * shrink)) for name, n in calls.items()}
        one_round = sum(calls[name] * per_call[name] for name in fns)
    rounds = max(MIN_ROUNDS, min(rounds, int(budget / one_round) if one_round else rounds))
    best = {name: float("inf") for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            n = calls[name]
            start = time.perf_counter()
            for _ in range(n):
                fn()
            best[name] = min(best[name], (time.perf_counter() - start) / n)
    return {name: Timing(best[name], rounds, calls[name]) for name in fns}


def child_env() -> dict[str, str]:
    """The environment for a child interpreter that imports this very fakerec."""
    env = dict(os.environ)
    here = str(Path(fakerec.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (here, env.get("PYTHONPATH")) if p)
    return env
