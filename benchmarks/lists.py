"""List queries against the store's size: the same page from a small and from a large store,
in alternating rounds, through ``fake.dispatch`` (no SDK, no HTTP library: the fake's own cost).

Each store holds recordings one second apart (so date filters split it), statuses and media
types in rotation, a room of exactly ``ROOM_SIZE`` recordings spread over the whole time span,
every other recording in a completed room of its own (what ``add_recording`` does by
default: rooms grow with the store), and ``LIVE_ROOMS`` rooms in progress.
"""

from __future__ import annotations

import gc
import itertools
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote

import targets
from timing import interleaved

from fakerec import FakeVideo
from fakerec.api import basic_auth
from fakerec.clock import DEFAULT_START

API = "https://video.twilio.com/v1"
ROOM_SIZE = 500
LIVE_ROOMS = 20
STATUSES = ("completed", "completed", "processing", "failed", "deleted")
KINDS = ("audio", "video")


def stamp(moment: datetime) -> str:
    return quote(moment.strftime("%Y-%m-%dT%H:%M:%SZ"))


@dataclass
class Store:
    fake: FakeVideo
    size: int
    room: str  # the room of ROOM_SIZE recordings (or, in a poll store, of all)
    live: list[str]  # SIDs of recordings not deleted, for DELETE to take
    headers: dict[str, str]

    def moment(self, second: int) -> datetime:
        return DEFAULT_START + timedelta(seconds=second)

    def get(self, url: str) -> Callable[[], None]:
        """One GET of ``url``'s page, computed afresh every time: the fake answers a repeat of
        the very same request from its last page (a poll), so each call spells the same
        request another way (``PageSize=050``, ``PageSize= 50``...), which it reads the same."""
        dispatch, headers = self.fake.dispatch, self.headers
        spellings = itertools.cycle(respelled(url))

        def run() -> None:
            dispatch("GET", next(spellings), headers)

        return run

    def items(self, url: str) -> tuple[int, str | None]:
        """(how many items the page has, its next page's URL): checked before it is timed."""
        answer = self.fake.dispatch("GET", url, self.headers)
        assert answer.status == 200, (url, answer.body[:300])
        page = json.loads(answer.body)
        (key,) = [name for name in page if name != "meta"]
        return len(page[key]), page["meta"]["next_page_url"]


def respelled(url: str, count: int = 40) -> list[str]:
    """``count`` spellings of ``url``'s PageSize (leading zeros, a blank either side) that the
    fake reads as the same number; more than the pages it keeps for a repeated request."""
    match = re.search(r"PageSize=(\d+)", url)
    assert match is not None, url
    number = match.group(1)
    forms = [
        f"{pad}{'0' * zeros}{number}{tail}"
        for zeros in range(16)
        for pad, tail in (("", ""), ("%20", ""), ("", "%20"))
    ]
    assert len(forms) >= count
    return [url[: match.start(1)] + form + url[match.end(1) :] for form in forms[:count]]


def _store(fake: FakeVideo, size: int, room: str, live: list[str]) -> Store:
    headers = {"Authorization": basic_auth(fake.account_sid, fake.auth_token)}
    return Store(fake, size, room, live, headers)


def list_store(size: int, seed: str = "list") -> Store:
    """``size`` recordings, created at seconds 0 .. size-1; the clock a minute past the last."""
    assert size >= 2 * ROOM_SIZE
    gc.collect()
    fake = FakeVideo(seed=seed, start=DEFAULT_START + timedelta(seconds=size + 60))
    add = fake.add_recording
    spacing, room, in_room, live = size // ROOM_SIZE, "", 0, []
    for i in range(size):
        created = DEFAULT_START + timedelta(seconds=i)
        if i % spacing == 0 and in_room < ROOM_SIZE:
            # The room's own rotation, so its mix of statuses is the same at every size.
            status, kind = STATUSES[in_room % 5], KINDS[in_room % 2]
            recording = add(status=status, type=kind, date_created=created, room_sid=room or None)
            room, in_room = recording.room_sid, in_room + 1
        else:
            status = STATUSES[i % 5]
            recording = add(status=status, type=KINDS[(i // 5) % 2], date_created=created)
        if status != "deleted":
            live.append(recording.sid)
    for n in range(LIVE_ROOMS):
        fake.create_room(f"live-{n}")
    return _store(fake, size, room, live)


def poll_store(size: int) -> Store:
    """``size`` completed recordings one second apart, all in one room."""
    gc.collect()
    fake = FakeVideo(seed="poll", start=DEFAULT_START + timedelta(seconds=size + 60))
    room = fake.add_recording(date_created=DEFAULT_START).room_sid
    for i in range(1, size):
        fake.add_recording(
            type=KINDS[i % 2], date_created=DEFAULT_START + timedelta(seconds=i), room_sid=room
        )
    return _store(fake, size, room, [])


#: name -> (the URL at a store, how many items its page has); see targets.py for each.
def list_queries(store: Store) -> dict[str, tuple[str, int]]:
    now = stamp(store.fake.clock.now())
    middle = stamp(store.moment(store.size // 2))
    return {
        "list_unfiltered": (f"{API}/Recordings?PageSize=50", 50),
        "list_filtered": (f"{API}/Recordings?Status=completed&MediaType=video&PageSize=50", 50),
        "list_grouped": (f"{API}/Recordings?GroupingSid={store.room}&PageSize=50", 50),
        "list_after_now": (f"{API}/Recordings?DateCreatedAfter={now}&PageSize=50", 0),
        "list_before_mid": (f"{API}/Recordings?DateCreatedBefore={middle}&PageSize=50", 50),
        # 800 of 1,000 recordings are listed unfiltered (deleted ones are not): 601-620 exist.
        "list_page_offset": (f"{API}/Recordings?PageSize=20&Page=30", 20),
        # A merge of three runs (audio that is processing, completed or failed) with a skip:
        # 400 of 1,000 recordings are live audio, so items 241-260 exist.
        "list_type_offset": (f"{API}/Recordings?MediaType=audio&PageSize=20&Page=12", 20),
        "list_combined": (
            f"{API}/Recordings?Status=completed&MediaType=audio&DateCreatedAfter={middle}"
            "&PageSize=50",
            50,
        ),
        "list_room": (f"{API}/Rooms/{store.room}/Recordings?PageSize=50", 50),
        "rooms_completed": (f"{API}/Rooms?Status=completed&PageSize=50", 50),
        "rooms_in_progress": (f"{API}/Rooms?PageSize=50", LIVE_ROOMS),
    }


def _forget(*stores: Store) -> None:
    for store in stores:
        clear = getattr(store.fake.requests, "clear", None)
        if clear is not None:
            clear()


def _call(store: Store, name: str, url: str, expected: int) -> Callable[[], None]:
    """The timed call, after checking once that its page has the items it should."""
    count, next_url = store.items(url)
    assert count == expected, f"{name} at {store.size:,}: {count} items, not {expected}"
    if name != "list_filtered":
        return store.get(url)
    # First and next page; the next page's URL (a keyset token) is taken once, untimed.
    assert next_url is not None
    assert store.items(next_url)[0] == expected, f"{name}: next page"
    first, second = store.get(url), store.get(next_url)

    def both() -> None:
        first()
        second()

    return both


def compare(
    name: str, small: Store, large: Store, small_url: str, large_url: str, expected: int
) -> dict[str, targets.Figure]:
    got = interleaved(
        {
            "small": _call(small, name, small_url, expected),
            "large": _call(large, name, large_url, expected),
        }
    )
    _forget(small, large)
    return {f"{name}@small": got["small"].figure(), name: got["large"].figure()}


def list_figures(small: Store, large: Store) -> dict[str, targets.Figure]:
    figures: dict[str, targets.Figure] = {}
    small_urls, large_urls = list_queries(small), list_queries(large)
    for name, (url, expected) in small_urls.items():
        figures.update(compare(name, small, large, url, large_urls[name][0], expected))
    return figures


def poll_figures(small: Store, large: Store) -> dict[str, targets.Figure]:
    """``DateCreatedAfter`` the 20th newest recording: what a client polling for news asks."""
    figures: dict[str, targets.Figure] = {}
    for name, path in (("poll_global", "Recordings"), ("poll_room", "Rooms/{}/Recordings")):
        urls = [
            f"{API}/{path.format(store.room)}?PageSize=50"
            f"&DateCreatedAfter={stamp(store.moment(store.size - 20))}"
            for store in (small, large)
        ]
        figures.update(compare(name, small, large, *urls, expected=20))
    return figures


def delete_figures(small: Store, large: Store) -> dict[str, targets.Figure]:
    """A DELETE of a recording not yet deleted (a second DELETE changes nothing), picked at
    random over the whole store, so each call pays for an average position."""

    def deleter(store: Store) -> Callable[[], None]:
        sids = iter(random.Random(14).sample(store.live, k=min(len(store.live), 5_000)))
        dispatch, headers = store.fake.dispatch, store.headers

        def run() -> None:
            answer = dispatch("DELETE", f"{API}/Recordings/{next(sids)}", headers)
            assert answer.status == 204, answer.body

        return run

    got = interleaved({"small": deleter(small), "large": deleter(large)}, number=20)
    _forget(small, large)
    return {"delete@small": got["small"].figure(), "delete": got["large"].figure()}
