"""The composition lifecycle as a table (``COMPOSITION_TRANSITIONS``, what the README's diagram
is drawn from) against what the fake does: every transition in it happens, and no other."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_compositions import recorded_room

import fakerec
from fakerec.domain.compositions import COMPOSITION_TRANSITIONS, Composition, CompositionStatus
from fakerec.domain.layouts import wildcard_match
from fakerec.errors import UsageError

T0 = datetime(2025, 10, 1, 8, 0, 0, tzinfo=timezone.utc)

pytestmark = pytest.mark.fake(seed=5015, start=T0)

Step = Callable[[fakerec.FakeVideo, Composition], None]


def _wait(seconds: float) -> Step:
    return lambda fake, _: fake.clock.advance(seconds=seconds)


def _fail(_: fakerec.FakeVideo, composition: Composition) -> None:
    composition.fail()


def _delete(fake: fakerec.FakeVideo, composition: Composition) -> None:
    fake.backend.delete_composition(composition)


SCENARIOS: list[list[Step]] = [
    [_wait(6), _wait(600), _delete, _wait(30 * 86400)],  # the whole life
    [_fail, _delete],  # enqueued, failed, deleted
    [_wait(6), _fail],  # processing, failed
    [_delete, _delete],  # enqueued, deleted; deleting again changes nothing
    [_wait(6), _delete],  # processing, deleted
]


def _status(fake: fakerec.FakeVideo, sid: str) -> CompositionStatus:
    try:
        return fake.composition(sid).status
    except UsageError:  # gone for good
        return CompositionStatus.PURGED


def test_the_table_is_what_happens(fake: fakerec.FakeVideo) -> None:
    room = recorded_room(fake, "lifecycle")
    seen: set[tuple[CompositionStatus | None, CompositionStatus]] = set()
    for steps in SCENARIOS:
        composition = fake.create_composition(room, audio_sources=["*"])
        seen.add((None, composition.status))
        before = composition.status
        for step in steps:
            step(fake, composition)
            after = _status(fake, composition.sid)
            if after is not before:
                seen.add((before, after))
            before = after
    assert seen == {(start, end) for start, _, end in COMPOSITION_TRANSITIONS}


def test_stage_boundaries_are_exact(fake: fakerec.FakeVideo) -> None:
    """Enqueued 5 s, then processing for 10 s (a short room: the floor) [DECIDED]."""
    room = recorded_room(fake, "exact")
    made = fake.clock.now()
    composition = fake.create_composition(room, audio_sources=["*"])
    fake.clock.set(made + timedelta(seconds=5) - timedelta(microseconds=1))
    assert composition.status == "enqueued"
    fake.clock.set(made + timedelta(seconds=5))
    assert composition.status == "processing"
    fake.clock.set(made + timedelta(seconds=15) - timedelta(microseconds=1))
    assert composition.status == "processing" and composition.duration == 0
    fake.clock.set(made + timedelta(seconds=15))
    assert composition.status == "completed" and composition.duration == 40


def test_a_four_hour_room_completes_within_ten_minutes(fake: fakerec.FakeVideo) -> None:
    room = recorded_room(fake, "long", (("audio", "mic", 0, 4 * 3600),), length=4 * 3600)
    composition = fake.create_composition(room, audio_sources=["*"])
    fake.clock.advance(minutes=4)
    assert composition.status == "processing"
    fake.clock.advance(minutes=6)
    assert composition.status == "completed" and composition.duration == 4 * 3600


# --- track-name and FriendlyName patterns ------------------------------------------------------


@given(st.text("ab*", max_size=8), st.text("ab", max_size=10))
def test_wildcards_match_as_a_regex_would(pattern: str, text: str) -> None:
    regex = ".*".join(re.escape(part) for part in pattern.split("*"))
    assert wildcard_match(pattern, text) is (re.fullmatch(regex, text, re.S) is not None)


def test_a_hostile_pattern_costs_no_more_than_its_length_times_the_names(
    fake: fakerec.FakeVideo,
) -> None:
    hostile = "*a" * 2000 + "*b"
    started = time.perf_counter()
    assert not wildcard_match(hostile, "a" * 5000)
    assert time.perf_counter() - started < 5
    assert wildcard_match("student*", "student") and wildcard_match("student*", "studentTeam")
    assert not wildcard_match("student*", "Student")
