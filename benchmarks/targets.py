"""The benchmark's measures and their targets, written once.

``benchmarks/bench.py`` decides "targets missed" from ``MEASURES`` and prints its table
(``report``); ``python benchmarks/bench.py --readme`` writes the README's performance table from
it too, and ``tests/test_bench_table.py`` checks that the README's target column agrees with
it. A target changes here and nowhere else.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class Unit:
    """How a figure is shown: bench.py measures seconds, bytes, a count or a rate per second,
    and a figure is shown (and a target on it stated) as that times ``scale``."""

    scale: float
    symbol: str  # after the number in the README and in targets
    ascii: str  # after the number on the console


MICROSECONDS = Unit(1e6, " µs", " us")
MILLISECONDS = Unit(1e3, " ms", " ms")
BYTES = Unit(1, " B", " B")
PER_SECOND = Unit(1, "/s", "/s")
COUNT = Unit(1, "", "")

_COMPARE = {"<=": operator.le, ">=": operator.ge}


@dataclass(frozen=True)
class Measure:
    """One line of the table. In ``label`` and ``readme``, names in braces (``{small}``,
    ``{large}``, ``{k_large}``...) stand for the sizes bench.py ran with (``SIZES``).

    A ``paired`` measure is the large case of a small/large comparison: its row shows the
    small case's figure (``ratio_to``, which has no row of its own) next to its own, and the
    ratio between them."""

    key: str
    label: str  # on the console
    readme: str  # in the README (Markdown)
    unit: Unit
    ratio_to: str | None = None  # the figure this one is divided by (its own key: the baseline)
    ratio_name: str = ""  # how a ratio to this measure is named in the README
    op: str | None = None  # "<=" or ">="
    threshold: float | None = None  # on the ratio if there is one, else on the figure as shown
    paired: bool = False

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

    def met(self, shown: float, ratio: float | None, *, at_least: bool = False) -> bool:
        """Whether the target is met. A lower bound (a measure stopped at its time budget)
        meets no "<=" target: it only shows the figure is at least that."""
        if self.op is None or self.threshold is None:
            return True
        subject = shown if self.ratio_to is None else ratio
        if subject is None or math.isnan(subject) or (at_least and self.op == "<="):
            return False
        return bool(_COMPARE[self.op](subject, self.threshold))


def _pair(key: str, label: str, readme: str, unit: Unit, threshold: float = 1.5) -> Measure:
    """Small against large: the figure per call (or per recording) must not grow with size."""
    return Measure(
        key, label, readme, unit, ratio_to=f"{key}@small", op="<=", threshold=threshold, paired=True
    )


_LISTS = "{small} -> {large} stored"
_LISTS_MD = "{small} → {large} stored"

MEASURES: tuple[Measure, ...] = (
    # --- one recording fetched through the SDK, against hand-written stubs -----------------
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
        "SDK `fetch()` through `fake.mock()` (entered once per 20 fetches)",
        MICROSECONDS,
        ratio_to="fetch_static",
        op="<=",
        threshold=1.05,
    ),
    Measure(
        "fetch_register",
        "SDK fetch through fake.register(RequestsMock)",
        "SDK `fetch()` through `fake.register()` on the test's own `responses.RequestsMock`",
        MICROSECONDS,
        ratio_to="fetch_static",
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
    # --- a list page of 50 through the SDK -----------------------------------------------
    Measure(
        "page_static",
        "SDK list(limit=50), static responses stub",
        "SDK `recordings.list(limit=50)` against a static `responses` stub of the same JSON "
        "(list baseline)",
        MICROSECONDS,
        ratio_to="page_static",
        ratio_name="the list baseline",
    ),
    Measure(
        "page_mock",
        "SDK list(limit=50) through fake.mock()",
        "SDK `recordings.list(limit=50)` through `fake.mock()` (entered once per 10 lists)",
        MICROSECONDS,
        ratio_to="page_static",
        op="<=",
        threshold=1.05,
    ),
    Measure(
        "page_mock_fresh",
        "SDK list(limit=50) through fake.mock(), fresh page",
        "the same, each page computed afresh (the same page in 40 accounts, in turn)",
        MICROSECONDS,
        ratio_to="page_static",
    ),
    Measure(
        "page_floor",
        "SDK list(limit=50), canned twilio HttpClient",
        "SDK `recordings.list(limit=50)` with a canned twilio `HttpClient` (the SDK's floor)",
        MICROSECONDS,
        ratio_to="page_static",
        ratio_name="the canned-HttpClient floor",
    ),
    Measure(
        "page_direct",
        "SDK list(limit=50) through fake.http_client()",
        "SDK `recordings.list(limit=50)` through `fake.http_client()`",
        MICROSECONDS,
        ratio_to="page_floor",
        op="<=",
        threshold=1.25,
    ),
    Measure(
        "page_direct_fresh",
        "SDK list(limit=50) through fake.http_client(), fresh page",
        "the same, each page computed afresh (the same page in 40 accounts, in turn)",
        MICROSECONDS,
        ratio_to="page_floor",
    ),
    # --- list queries against the store's size (dispatch, no SDK) -------------------------
    _pair(
        "list_unfiltered",
        f"list, no filter, 1st page of 50, {_LISTS}",
        f"list with no filter, first page of 50, {_LISTS_MD}",
        MICROSECONDS,
    ),
    _pair(
        "list_filtered",
        f"list Status+MediaType, 1st+next page, {_LISTS}",
        f"list by Status + MediaType, first and next page of 50, {_LISTS_MD}",
        MICROSECONDS,
    ),
    _pair(
        "list_grouped",
        f"list GroupingSid (500 in room), 1st page, {_LISTS}",
        f"list by GroupingSid (a room of 500 recordings), first page of 50, {_LISTS_MD}",
        MICROSECONDS,
    ),
    _pair(
        "list_after_now",
        f"list DateCreatedAfter=now (empty), {_LISTS}",
        f"list with `DateCreatedAfter=now` (an empty page), {_LISTS_MD}",
        MICROSECONDS,
    ),
    _pair(
        "list_before_mid",
        f"list DateCreatedBefore=midpoint, 1st page, {_LISTS}",
        f"list with `DateCreatedBefore` the store's midpoint, first page of 50, {_LISTS_MD}",
        MICROSECONDS,
    ),
    _pair(
        "list_page_offset",
        f"list PageSize=20&Page=30, no token, {_LISTS}",
        f"list with `PageSize=20&Page=30` and no `PageToken` (items 601-620), {_LISTS_MD}",
        MICROSECONDS,
    ),
    _pair(
        "list_type_offset",
        f"list MediaType=audio&PageSize=20&Page=12, {_LISTS}",
        f"list with `MediaType=audio&PageSize=20&Page=12` and no `PageToken` (items 241-260 "
        f"of three merged runs), {_LISTS_MD}",
        MICROSECONDS,
    ),
    _pair(
        "list_combined",
        f"list Status+MediaType+DateCreatedAfter, {_LISTS}",
        f"list by `Status=completed&MediaType=audio&DateCreatedAfter=` the midpoint, first "
        f"page of 50, {_LISTS_MD}",
        MICROSECONDS,
    ),
    _pair(
        "list_room",
        "/Rooms/{{sid}}/Recordings (500), 1st page, " + _LISTS,
        "`/v1/Rooms/{{RoomSid}}/Recordings` (a room of 500 recordings), first page of 50, "
        + _LISTS_MD,
        MICROSECONDS,
    ),
    _pair(
        "rooms_completed",
        f"/Rooms?Status=completed, 1st page, {_LISTS}",
        f"`/v1/Rooms?Status=completed`, first page of 50 (a room per recording), {_LISTS_MD}",
        MICROSECONDS,
    ),
    _pair(
        "rooms_in_progress",
        f"/Rooms (20 in progress), 1 page, {_LISTS}",
        f"`/v1/Rooms` (in progress: 20 rooms among a room per recording), {_LISTS_MD}",
        MICROSECONDS,
    ),
    # --- the "anything new?" poll -------------------------------------------------------
    _pair(
        "compositions_unfiltered",
        "compositions, 1st page of 50, {small} -> {comp_large}",
        "`/v1/Compositions?PageSize=50` (first page), {small} → {comp_large} stored",
        MICROSECONDS,
    ),
    _pair(
        "compositions_completed",
        "compositions Status=completed, {small} -> {comp_large}",
        "`/v1/Compositions?Status=completed&PageSize=50`, {small} → {comp_large}",
        MICROSECONDS,
    ),
    _pair(
        "compositions_room",
        "compositions RoomSid+Status, {small} -> {comp_large}",
        "`/v1/Compositions?RoomSid=...&Status=completed`, {small} → {comp_large}",
        MICROSECONDS,
    ),
    _pair(
        "compositions_offset",
        "compositions PageSize=20&Page=40, {small} -> {comp_large}",
        "`/v1/Compositions?PageSize=20&Page=40` (no token), {small} → {comp_large}",
        MICROSECONDS,
    ),
    _pair(
        "poll_global",
        "poll: newest 20 by DateCreatedAfter, {poll_small} -> {poll_large}",
        "poll `/v1/Recordings?DateCreatedAfter=` matching the newest 20, "
        "{poll_small} → {poll_large} stored",
        MICROSECONDS,
    ),
    _pair(
        "poll_room",
        "poll in room: newest 20, {poll_small} -> {poll_large}",
        "poll `/v1/Rooms/{{RoomSid}}/Recordings?DateCreatedAfter=` matching the newest 20 of "
        "a room holding all, {poll_small} → {poll_large} stored",
        MICROSECONDS,
    ),
    # --- lifecycle in bulk --------------------------------------------------------------
    _pair(
        "delete",
        "DELETE /v1/Recordings/{{sid}}, {del_small} -> {del_large} stored",
        "`DELETE /v1/Recordings/{{sid}}`, {del_small} → {del_large} stored",
        MICROSECONDS,
    ),
    _pair(
        "purge_bulk",
        "one advance purging K, per rec, K={k_small} -> {k_large}",
        "one `clock.advance` purging K deleted recordings, per recording, "
        "K = {k_small} → {k_large}",
        MICROSECONDS,
    ),
    _pair(
        "complete_bulk",
        "one advance completing K, per rec, K={k_small} -> {k_large}",
        "one `clock.advance` completing K processing recordings, per recording, "
        "K = {k_small} → {k_large}",
        MICROSECONDS,
    ),
    # --- the journal and the server -------------------------------------------------------
    Measure(
        "journal",
        "journal growth per fetch, fetches {journal_from} to {journal}",
        "memory growth per request (dispatched fetches {journal_from} to {journal}, tracemalloc)",
        BYTES,
        op="<=",
        threshold=1,
    ),
    _pair(
        "serve_get",
        "GET via mock() -> via serve, keep-alive (requests)",
        "a GET with a `requests.Session`: through `fake.mock()` → from `python -m fakerec "
        "serve` over keep-alive",
        MICROSECONDS,
        threshold=2.5,
    ),
    Measure(
        "serve_connections",
        "serve: new TCP connections per 100 keep-alive GETs",
        "`serve`: new TCP connections per 100 GETs from a keep-alive client (`http.client`)",
        COUNT,
        op="<=",
        threshold=1,
    ),
    Measure(
        "serve_memory",
        "serve: RSS growth per GET, GETs {serve_from} to {serve}",
        "`serve`: the server's RSS growth per GET, GETs {serve_from} to {serve}",
        BYTES,
        op="<=",
        threshold=10,
    ),
    # --- seeding, memory, setup ---------------------------------------------------------
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
        threshold=0.1,
    ),
    Measure(
        "import",
        "import fakerec (fresh interpreter)",
        "`import fakerec` in a fresh interpreter",
        MILLISECONDS,
        op="<=",
        threshold=50,
    ),
    Measure(
        "first_use",
        "import fakerec + FakeVideo() (fresh interpreter)",
        "`import fakerec` and make a `FakeVideo()` in a fresh interpreter (first use)",
        MILLISECONDS,
    ),
)

BY_KEY = {measure.key: measure for measure in MEASURES}


@dataclass(frozen=True)
class Figure:
    """What bench.py measured: ``value`` in seconds, bytes, a count or per second;
    ``rounds`` says how (e.g. "15 x 20": best of 15 rounds of 20 calls); ``at_least``: the
    measure hit its time budget and stopped, so the true figure is higher."""

    value: float
    rounds: str = ""
    at_least: bool = False


Figures = Mapping[str, Union[Figure, float]]


def _figure(figures: Figures, key: str) -> Figure:
    got = figures[key]
    return got if isinstance(got, Figure) else Figure(float(got))


@dataclass(frozen=True)
class Row:
    measure: Measure
    figure: Figure
    ratio: float | None
    base: Figure | None = None  # the small case of a paired measure

    @property
    def value(self) -> float:
        return self.figure.value

    @property
    def shown(self) -> float:
        return self.figure.value * self.measure.unit.scale

    @property
    def met(self) -> bool:
        return self.measure.met(self.shown, self.ratio, at_least=self.figure.at_least)


def evaluate(figures: Figures) -> list[Row]:
    """The table's rows, from a figure for every measure and every figure a ratio needs."""
    needed = [m.key for m in MEASURES] + [m.ratio_to for m in MEASURES if m.ratio_to]
    missing = [key for key in dict.fromkeys(needed) if key not in figures]
    if missing:
        raise KeyError(f"no figure for {', '.join(missing)}")
    rows = []
    for measure in MEASURES:
        figure, ratio, base = _figure(figures, measure.key), None, None
        if measure.ratio_to is not None:
            denominator = _figure(figures, measure.ratio_to)
            # A denominator that is only a lower bound makes the ratio unknown.
            ratio = math.nan if denominator.at_least else figure.value / denominator.value
            base = denominator if measure.paired else None
        rows.append(Row(measure, figure, ratio, base))
    return rows


def missed(rows: Sequence[Row]) -> list[Row]:
    return [row for row in rows if not row.met]
