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


def _expected_of(
    entries: list[Any], key: tuple[int, int] | None, newer: bool, bounds: runs.Bounds, skip: int
) -> list[Any]:
    """The walk by brute force, over ``(epoch, seq)``-ordered entries of either form."""

    def second(entry: Any) -> int:
        return int(entry[0] if isinstance(entry, tuple) else entry >> 32)

    def place(entry: Any) -> tuple[int, int]:
        return (
            (entry[0], entry[1]) if isinstance(entry, tuple) else (entry >> 32, entry & 0xFFFFFFFF)
        )

    lowest, highest = bounds
    kept = [
        entry
        for entry in sorted(entries)
        if (lowest is None or second(entry) >= lowest)
        and (highest is None or second(entry) < highest)
        and (key is None or (place(entry) > key if newer else place(entry) < key))
    ]
    return (kept if newer else kept[::-1])[skip:]


def _expected(
    union: list[int], key: tuple[int, int] | None, newer: bool, bounds: runs.Bounds, skip: int
) -> list[int]:
    lowest, highest = bounds
    kept = [
        entry
        for entry in sorted(union)
        if (lowest is None or entry >> 32 >= lowest)
        and (highest is None or entry >> 32 < highest)
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


@given(
    st.sets(st.tuples(EPOCHS, st.integers(0, 30)), max_size=150),
    st.booleans(),
    st.none() | st.tuples(EPOCHS, st.integers(0, 30)),
    st.booleans(),
    st.tuples(st.none() | EPOCHS, st.none() | EPOCHS),
    st.integers(min_value=0, max_value=160),
)
def test_a_walk_of_one_run_is_the_brute_force_walk(
    places: set[tuple[int, int]],
    packed: bool,
    key: tuple[int, int] | None,
    newer: bool,
    bounds: runs.Bounds,
    skip: int,
) -> None:
    """Packed ints (recordings) and (epoch, seq, sid) tuples (rooms, compositions) alike."""
    entries: list[Any] = sorted(
        runs.pack(epoch, seq) if packed else (epoch, seq, f"RM{epoch:02}{seq:02}")
        for epoch, seq in places
    )
    run = runs.build(list(entries))
    got = list(runs.walk(run, key, newer, bounds, skip, packed=packed))
    assert got == _expected_of(entries, key, newer, bounds, skip)


def test_the_bounds_and_keys_take_in_sequence_zero_at_their_very_second() -> None:
    entries = [runs.pack(epoch, seq) for epoch in (4, 5, 6) for seq in (0, 1, 2)]
    for run in (list(entries), SortedList(entries)):
        assert list(runs.walk(run, None, True, (5, 6), packed=True)) == entries[3:6]
        assert list(runs.walk(run, (5, 0), True, packed=True)) == entries[4:]
        assert list(runs.walk(run, (5, 0), False, packed=True)) == entries[:3][::-1]
        halves = [entries[0::2], entries[1::2]]
        assert list(runs.walk_merged(halves, None, False, (5, 6))) == entries[5:2:-1]
    rooms = [(epoch, seq, f"RM{epoch}{seq}") for epoch in (4, 5) for seq in (0, 1)]
    assert list(runs.walk(rooms, None, True, (5, None))) == rooms[2:]


def test_a_whole_walk_of_runs_apart_in_time_skips_and_merges_over_many_rounds() -> None:
    """One run holds the older half and one the newer (each round's share then finishes
    only one of them), with a third interleaved: every entry once, in order, at any skip."""
    older = [runs.pack(n, n) for n in range(0, 3000, 2)]
    newer_half = [runs.pack(n, n) for n in range(3000, 6000, 2)]
    spread = [runs.pack(n, n) for n in range(1, 6000, 2)]
    parts: list[Any] = [runs.build(list(older)), runs.build(list(newer_half)), spread]
    union = sorted(older + newer_half + spread)
    for newer in (True, False):
        order = union if newer else union[::-1]
        for skip in (0, 7, 50, 1_000, 2_999, 5_000, 5_999, 6_000):
            for merged_skip in (0, runs.MERGED_SKIP):
                got = list(runs.walk_merged(parts, None, newer, skip=skip, merged_skip=merged_skip))
                assert got == order[skip:], (newer, skip, merged_skip)
    assert list(runs.walk_merged(parts, None, False)) == union[::-1]
