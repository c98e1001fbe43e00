"""Compositions lists against the number stored (issue 15: "the new lists meet the same
flatness as recordings'"), made through the public control plane."""

from __future__ import annotations

import lists
import targets

from fakerec import FakeVideo
from fakerec.api import basic_auth

API = lists.API


def composition_store(size: int) -> lists.Store:
    """``size`` compositions of one recorded room, made a hundred per second of the clock;
    the older half is completed by the time the lists are read."""
    fake = FakeVideo(seed=f"compositions-{size}")
    room = fake.create_room("composed", record_participants_on_connect=True)
    room.connect("alice").publish("audio", "mic")
    fake.clock.advance(seconds=30)
    room.complete()
    fake.clock.advance(minutes=5)  # the recording is completed: the room can be composed
    for n in range(size):
        fake.create_composition(room, audio_sources=["*"])
        if n % 100 == 99:
            fake.clock.advance(seconds=1)
        if n == size // 2:
            fake.clock.advance(minutes=10)  # every composition so far completes
    headers = {"Authorization": basic_auth(fake.account_sid, fake.auth_token)}
    return lists.Store(fake, size, room.sid, [], headers)


def composition_figures(small: lists.Store, large: lists.Store) -> dict[str, targets.Figure]:
    figures: dict[str, targets.Figure] = {}
    for name, query, expected in (
        ("compositions_unfiltered", "PageSize=50", 50),
        ("compositions_completed", "Status=completed&PageSize=50", 50),
        ("compositions_room", f"RoomSid={small.room}&Status=completed&PageSize=50", 50),
        ("compositions_offset", "PageSize=20&Page=40", 20),
    ):
        urls = [f"{API}/Compositions?{query}".replace(small.room, s.room) for s in (small, large)]
        figures.update(lists.compare(name, small, large, *urls, expected=expected))
    return figures
