"""fakerec against the hand-written stubs it replaces, and against itself at scale, in one run.

Run: python benchmarks/bench.py   (prints a table; exits 1 if a target is missed)
     python benchmarks/bench.py --readme   (also writes the README's performance table)
     python benchmarks/bench.py --quick   (smaller stores and fewer calls; not for the README)

The measures and their targets are in benchmarks/targets.py, and only there. The measuring is
in timing (rounds), sdk (the SDK against stubs), lists (queries against the store's size),
lifecycle (bulk advances, in child interpreters), serve (server mode) and footprint.
"""

from __future__ import annotations

import datetime
import gc
import importlib.metadata
import os
import platform
import resource
import sys
import textwrap
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import compositions
import footprint
import lifecycle
import lists
import report
import sdk
import serve
import targets
from timing import child_env

import fakerec

README = Path(__file__).resolve().parents[1] / "README.md"


@dataclass(frozen=True)
class Plan:
    """How big and how many: the full run's sizes are the issue's; --quick's are smaller."""

    calls: int  # SDK fetches per side
    small: int  # recordings in the small list store
    large: int  # ... in the large one
    poll_large: int
    compositions_large: int  # compositions in the large store (the small one has ``small``)
    delete_small: int  # the DELETE's small store (its large one is the large list store)
    k_small: int  # recordings one advance purges or completes
    k_large: int
    budget: float  # seconds an advance of k_large may take before it is stopped
    journal: int  # dispatched fetches for the journal's growth (after JOURNAL_WARM)
    serve_warm: int  # GETs to the server before its memory is first read
    serve: int  # ... and in all
    seeded: int
    memory: int

    def sizes(self) -> dict[str, str]:
        numbers = {
            "small": self.small,
            "large": self.large,
            "poll_small": self.small,
            "poll_large": self.poll_large,
            "comp_large": self.compositions_large,
            "del_small": self.delete_small,
            "del_large": self.large,
            "k_small": self.k_small,
            "k_large": self.k_large,
            "journal_from": JOURNAL_WARM,
            "journal": self.journal,
            "serve_from": self.serve_warm,
            "serve": self.serve,
            "seeded": self.seeded,
        }
        return {name: f"{n:,}" for name, n in numbers.items()}


JOURNAL_WARM = 10_000
_WHO = (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
FULL = Plan(
    calls=1000, small=1_000, large=1_000_000, poll_large=300_000, compositions_large=100_000,
    delete_small=10_000,
    k_small=10_000, k_large=1_000_000, budget=20, journal=100_000, serve_warm=10_000,
    serve=60_000, seeded=100_000, memory=50_000,
)  # fmt: skip
QUICK = Plan(
    calls=200, small=1_000, large=20_000, poll_large=20_000, compositions_large=20_000,
    delete_small=10_000,
    k_small=10_000, k_large=100_000, budget=10, journal=30_000, serve_warm=2_000,
    serve=10_000, seeded=20_000, memory=10_000,
)  # fmt: skip


def step(name: str, started: float) -> None:
    """Say what is done (on stderr), and collect its garbage before the next measure."""
    gc.collect()
    print(f"  [{time.perf_counter() - started:6.1f} s] {name}", file=sys.stderr, flush=True)


def measure(plan: Plan) -> dict[str, targets.Figure]:
    started, env = time.perf_counter(), child_env()
    figures = sdk.fetch_figures(plan.calls)
    step("SDK fetch", started)
    figures.update(sdk.page_figures(plan.calls))
    step("SDK list page", started)
    small = lists.list_store(plan.small)
    large = lists.list_store(plan.large)
    step(f"list stores of {plan.small:,} and {plan.large:,} seeded", started)
    figures.update(lists.list_figures(small, large))
    step("list queries", started)
    figures.update(lists.delete_figures(lists.list_store(plan.delete_small, "delete"), large))
    step("DELETE", started)
    del large
    gc.collect()
    figures.update(
        lists.poll_figures(lists.poll_store(plan.small), lists.poll_store(plan.poll_large))
    )
    step("poll", started)
    figures.update(
        compositions.composition_figures(
            compositions.composition_store(plan.small),
            compositions.composition_store(plan.compositions_large),
        )
    )
    step("compositions", started)
    figures.update(lifecycle.bulk_figures(plan.k_small, plan.k_large, plan.budget, env))
    step("bulk lifecycle", started)
    figures["journal"] = footprint.journal_growth(JOURNAL_WARM, plan.journal)
    step("journal", started)
    figures.update(serve.serve_figures(plan.serve_warm, plan.serve, env))
    step("serve", started)
    figures["seeding"] = footprint.seeding_rate(plan.seeded)
    figures["memory"] = footprint.bytes_per_recording(plan.memory)
    figures["fixture"] = footprint.fixture_cycle()
    figures["import"] = footprint.fresh_interpreter_seconds("import fakerec", env)
    figures["first_use"] = footprint.fresh_interpreter_seconds(
        "import fakerec; fakerec.FakeVideo()", env
    )
    step("seeding, memory, fixture, import", started)
    return figures


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def readme_block(
    rows: Sequence[targets.Row], sizes: dict[str, str], seconds: float, load: str
) -> list[str]:
    """What goes between the README's markers: where and how it was measured, and the table."""
    missed = targets.missed(rows)
    with_target = [row for row in rows if row.measure.op is not None]
    verdict = (
        "All targets met."
        if not missed
        else f"{len(missed)} of {len(with_target)} targets missed (met: no)."
    )
    intro = (
        f"Measured on {datetime.date.today().isoformat()} on {os.cpu_count()} cores "
        f"({cpu_name()}, {platform.machine()}, load average {load} at the start), "
        f"{platform.python_implementation()} {platform.python_version()}, twilio "
        f"{importlib.metadata.version('twilio')}, responses "
        f"{importlib.metadata.version('responses')}, fakerec {fakerec.__version__}, in one run "
        f"of `python benchmarks/bench.py --readme` ({seconds / 60:.1f} min), which wrote this "
        f"table. {verdict} Rounds: the best of R rounds of C calls each (R x C; for a pair, "
        "small / large), small and large (or stub and fake) alternating round by round; a "
        "figure marked > hit its time budget and was stopped there."
    )
    return [*textwrap.wrap(intro, width=95), "", *report.readme_table(rows, sizes)]


def write_readme(block: Sequence[str]) -> None:
    text = README.read_text(encoding="utf-8")
    begin, end = report.README_BEGIN, report.README_END
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
    plan = QUICK if "--quick" in options else FULL
    load = " / ".join(f"{n:.2f}" for n in os.getloadavg())
    print(f"fakerec {fakerec.__version__} on {platform.python_implementation()} "
          f"{platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores, "
          f"load average {load}")  # fmt: skip
    started = time.perf_counter()
    figures = measure(plan)
    seconds = time.perf_counter() - started
    rows = targets.evaluate(figures)
    sizes = plan.sizes()
    print()
    print("\n".join(report.console_lines(rows, sizes)))
    failures = [row.measure.label.format(**sizes) for row in targets.missed(rows)]
    print()
    print(f"{len(failures)} targets missed" if failures else "all targets met")
    own, child = (resource.getrusage(who).ru_maxrss / 2**20 for who in _WHO)  # KiB on Linux
    print(f"the run took {seconds:.0f} s; peak RSS {own:.1f} GB here, {child:.1f} GB in a child")
    if "--readme" in options:
        write_readme(readme_block(rows, sizes, seconds, load))
        print(f"{README.name}: performance table written")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
