"""A walk over several sorted runs is the walk over their union: the same entries in the same
order, with any key, bounds and skip, whether the skip is sorted out or eliminated in rounds."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from sortedcontainers import SortedList

from fakerec.domain import sorted_entries as runs

EPOCHS = st.integers(min_value=0, max_value=40)


@st.composite
def disjoint_runs(draw: st.DrawFn) -> list[Any]:
    """2 to 5 runs (plain lists and SortedLists) of distinct packed entries, some empty."""
    entries = draw(st.sets(st.tuples(EPOCHS, st.integers(0, 30)), max_size=160))
    count = draw(st.integers(min_value=2, max_value=5))
    owners = draw(st.lists(st.integers(0, count - 1), min_size=len(entries), max_size=len(entries)))
    split: list[list[int]] = [[] for _ in range(count)]
    for owner, (epoch, seq) in zip(owners, sorted(entries)):
        split[owner].append(runs.pack(epoch, seq))
    return [SortedList(run) if n % 2 else run for n, run in enumerate(split)]


def _expected(
    union: list[int], key: tuple[int, int] | None, newer: bool, bounds: runs.Bounds, skip: int
) -> list[int]:
    lowest, highest = bounds
    kept = [
        entry
        for entry in sorted(union)
        if (lowest is None or runs.unpack(entry)[0] >= lowest)
        and (highest is None or runs.unpack(entry)[0] < highest)
        and (key is None or (entry > runs.pack(*key) if newer else entry < runs.pack(*key)))
    ]
    return (kept if newer else kept[::-1])[skip:]


@given(
    disjoint_runs(),
    st.none() | st.tuples(EPOCHS, st.integers(0, 30)),
    st.booleans(),
    st.tuples(st.none() | EPOCHS, st.none() | EPOCHS),
    st.integers(min_value=0, max_value=200),
    st.sampled_from([0, 8, runs.MERGED_SKIP]),
)
def test_a_merged_walk_is_the_walk_of_the_union(
    parts: list[Any],
    key: tuple[int, int] | None,
    newer: bool,
    bounds: runs.Bounds,
    skip: int,
    merged_skip: int,
) -> None:
    union = [entry for part in parts for entry in part]
    got = list(runs.walk_merged(parts, key, newer, bounds, skip, merged_skip=merged_skip))
    assert got == _expected(union, key, newer, bounds, skip)


def test_a_deep_skip_over_long_runs_lands_on_the_same_entry_both_ways() -> None:
    """Elimination (no sorting at all) and sorting alone agree, far into runs of thousands."""
    split: list[list[int]] = [[], [], []]
    for n in range(20_000):
        split[n % 7 % 3].append(runs.pack(n // 3, n))
    parts: list[Any] = [SortedList(split[0]), SortedList(split[1]), split[2]]
    union = sorted(entry for part in parts for entry in part)
    for skip in (0, 1, 2, 4095, 4096, 9_999, 19_998, 19_999, 20_000, 25_000):
        for newer in (False, True):
            expected = (union if newer else union[::-1])[skip : skip + 3]
            for merged_skip in (0, 100_000):
                walked = runs.walk_merged(parts, None, newer, skip=skip, merged_skip=merged_skip)
                assert [next(walked, None) for _ in range(3)][: len(expected)] == expected
