"""The benchmark's measures and their targets, written once.

``benchmarks/bench.py`` prints its table and decides "targets missed" from ``MEASURES``;
``python benchmarks/bench.py --readme`` writes the README's performance table from it too, and
``tests/test_bench_table.py`` checks that the README's target column agrees with it. A target
changes here and nowhere else.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

#: The comments the README's generated performance table sits between.
README_BEGIN = "<!-- bench:begin -->"
README_END = "<!-- bench:end -->"
README_HEADER = ("| measure | figure | ratio | target |", "|---|---|---|---|")


@dataclass(frozen=True)
class Unit:
    """How a figure is shown: bench.py measures seconds, bytes or a rate per second, and a
    figure is shown (and a target on it stated) as that times ``scale``."""

    scale: float
    symbol: str  # after the number in the README and in targets
    ascii: str  # after the number on the console


MICROSECONDS = Unit(1e6, " µs", " us")
MILLISECONDS = Unit(1e3, " ms", " ms")
BYTES = Unit(1, " B", " B")
PER_SECOND = Unit(1, "/s", "/s")

_COMPARE = {"<=": operator.le, ">=": operator.ge}


@dataclass(frozen=True)
class Measure:
    """One line of the table. In ``label``, ``readme`` and ``ratio_name``, ``{small}`` and
    ``{large}`` stand for the numbers of recordings stored in the list measures, ``{seeded}``
    for the number seeded in the seeding measure."""

    key: str
    label: str  # on the console
    readme: str  # in the README (Markdown)
    unit: Unit
    ratio_to: str | None = None  # the measure this one is divided by (its own key: the baseline)
    ratio_name: str = ""  # how a ratio to this measure is named in the README
    op: str | None = None  # "<=" or ">="
    threshold: float | None = None  # on the ratio if there is one, else on the figure as shown

    def target(self, *, ascii: bool = False) -> str:
        """The target as the tables state it ("<= 1.05", ">= 50,000/s"); "" when none."""
        if self.op is None or self.threshold is None:
            return ""
        if float(self.threshold).is_integer():
            number = f"{self.threshold:,.0f}"
        else:
            number = f"{self.threshold:g}"
        unit = "" if self.ratio_to else self.unit.ascii if ascii else self.unit.symbol
        return f"{self.op} {number}{unit}"

    def met(self, shown: float, ratio: float | None) -> bool:
        if self.op is None or self.threshold is None:
            return True
        subject = shown if self.ratio_to is None else ratio
        assert subject is not None
        return bool(_COMPARE[self.op](subject, self.threshold))


MEASURES: tuple[Measure, ...] = (
    Measure(
        "fetch_static",
        "SDK fetch, static responses stub (baseline)",
        "SDK `fetch()` against a static `responses` stub of the same JSON (baseline)",
        MICROSECONDS,
        ratio_to="fetch_static",
        ratio_name="the baseline",
    ),
    Measure(
        "fetch_callback",
        "SDK fetch, responses callback with canned text",
        "SDK `fetch()` against a `responses` callback returning canned text",
        MICROSECONDS,
        ratio_to="fetch_static",
    ),
    Measure(
        "fetch_mock",
        "SDK fetch through fake.mock()",
        "SDK `fetch()` through `fake.mock()`",
        MICROSECONDS,
        ratio_to="fetch_static",
        op="<=",
        threshold=1.05,
    ),
    Measure(
        "fetch_floor",
        "SDK fetch, canned twilio HttpClient (SDK floor)",
        "SDK `fetch()` with a canned twilio `HttpClient` (the SDK's own floor)",
        MICROSECONDS,
        ratio_to="fetch_static",
    ),
    Measure(
        "fetch_direct",
        "SDK fetch through fake.http_client()",
        "SDK `fetch()` through `fake.http_client()`",
        MICROSECONDS,
        ratio_to="fetch_static",
        op="<=",
        threshold=0.15,
    ),
    Measure(
        "list_filtered_small",
        "list Status+MediaType, 2 pages, {small} stored",
        "filtered list (Status + MediaType, PageSize 50, first and next page), {small} stored",
        MICROSECONDS,
        ratio_name="the {small} case",
    ),
    Measure(
        "list_filtered_large",
        "list Status+MediaType, 2 pages, {large} stored",
        "the same with {large} stored",
        MICROSECONDS,
        ratio_to="list_filtered_small",
        op="<=",
        threshold=1.5,
    ),
    Measure(
        "list_grouped_small",
        "list GroupingSid (room), 1 page, {small} stored",
        "list by GroupingSid (a room's 500 recordings, PageSize 50, first page), {small} stored",
        MICROSECONDS,
        ratio_name="the {small} case",
    ),
    Measure(
        "list_grouped_large",
        "list GroupingSid (room), 1 page, {large} stored",
        "the same with {large} stored",
        MICROSECONDS,
        ratio_to="list_grouped_small",
        op="<=",
        threshold=1.5,
    ),
    Measure(
        "seeding",
        "seeding via add_recording",
        "seeding with `add_recording` ({seeded} recordings)",
        PER_SECOND,
        op=">=",
        threshold=50_000,
    ),
    Measure(
        "memory",
        "memory per stored recording",
        "memory per stored recording (tracemalloc)",
        BYTES,
        op="<=",
        threshold=2048,
    ),
    Measure(
        "fixture",
        "fixture setup + teardown",
        "fixture setup + teardown (seeded fake, enter and leave `mock()`)",
        MILLISECONDS,
        op="<=",
        threshold=1,
    ),
    Measure(
        "import",
        "import fakerec (fresh interpreter)",
        "`import fakerec` in a fresh interpreter",
        MILLISECONDS,
    ),
)

BY_KEY = {measure.key: measure for measure in MEASURES}


@dataclass(frozen=True)
class Row:
    measure: Measure
    value: float  # as measured: seconds, bytes or per second
    ratio: float | None

    @property
    def shown(self) -> float:
        return self.value * self.measure.unit.scale

    @property
    def met(self) -> bool:
        return self.measure.met(self.shown, self.ratio)


def evaluate(figures: Mapping[str, float]) -> list[Row]:
    """The table's rows, from a figure for every measure (keyed as in ``MEASURES``)."""
    missing = [measure.key for measure in MEASURES if measure.key not in figures]
    if missing:
        raise KeyError(f"no figure for {', '.join(missing)}")
    rows = []
    for measure in MEASURES:
        ratio = None
        if measure.ratio_to is not None:
            ratio = figures[measure.key] / figures[measure.ratio_to]
        rows.append(Row(measure, figures[measure.key], ratio))
    return rows


def missed(rows: Sequence[Row]) -> list[Row]:
    return [row for row in rows if not row.met]


def number(x: float, digits: int) -> str:
    """``x`` to ``digits`` significant figures; whole numbers of more digits than that in full,
    with thousands separators."""
    if x == 0 or not math.isfinite(x):
        return f"{x:g}"
    if abs(x) >= 10 ** (digits - 1):
        return f"{x:,.0f}"
    decimals = digits - 1 - math.floor(math.log10(abs(x)))
    return f"{x:.{decimals}f}"


def console_lines(rows: Sequence[Row], sizes: Mapping[str, str]) -> list[str]:
    lines = [f"{'measure':<52} {'figure':>12} {'ratio':>7}  target"]
    for row in rows:
        m = row.measure
        figure = number(row.shown, 4) + m.unit.ascii
        ratio = "" if row.ratio is None else f"{row.ratio:.3f}"
        target = m.target(ascii=True) or "-"
        lines.append(f"{m.label.format(**sizes):<52} {figure:>12} {ratio:>7}  {target}")
    return lines


def _readme_ratio(row: Row, sizes: Mapping[str, str]) -> str:
    if row.ratio is None:
        return ""
    shown = f"{row.ratio:.2f}" if row.ratio >= 0.1 else number(row.ratio, 2)
    if row.measure.ratio_to == row.measure.key:
        return shown
    denominator = BY_KEY[row.measure.ratio_to or ""]
    return f"{shown} of {denominator.ratio_name.format(**sizes)}"


def readme_table(rows: Sequence[Row], sizes: Mapping[str, str]) -> list[str]:
    lines = list(README_HEADER)
    for row in rows:
        m = row.measure
        cells = (
            m.readme.format(**sizes),
            number(row.shown, 3) + m.unit.symbol,
            _readme_ratio(row, sizes),
            m.target(),
        )
        lines.append("| " + " | ".join(cells) + " |")
    return lines
