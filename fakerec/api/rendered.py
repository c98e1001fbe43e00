"""Recordings' JSON, encoded once and reused while the recording is unchanged.

A list page of 50 used to render and encode 50 recordings every time; a walk, a poll or a
fetch loop reads the same ones again and again. The cache is keyed on what can change in a
recording's JSON after it is made (everything else in it is fixed at creation), and holds a
bounded number per fake.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Callable

from fakerec.api import render
from fakerec.domain.models import Recording

#: At most this many recordings' JSON per variant; the oldest go first.
CAPACITY = 8192

#: (status, size, duration, external location: what changes over a recording's life), JSON.
Held = tuple[object, object, object, object, bytes]


class RenderedRecordings:
    def __init__(self) -> None:
        self._top: dict[str, Held] = {}
        self._in_room: dict[str, Held] = {}

    def top_level(self, recordings: Iterable[Recording]) -> list[bytes]:
        """The JSON of each ``/v1/Recordings/{sid}``."""
        return _texts(self._top, recordings, render.recording)

    def room_scoped(self, recordings: Iterable[Recording]) -> list[bytes]:
        """The JSON of each ``/v1/Rooms/{room}/Recordings/{sid}``."""
        return _texts(self._in_room, recordings, render.room_recording)


def _texts(
    cache: dict[str, Held],
    recordings: Iterable[Recording],
    to_json: Callable[[Recording], object],
) -> list[bytes]:
    """One look-up per recording on the hot path (a page of 50, a fetch): no call, no tuple."""
    texts = []
    for r in recordings:
        held = cache.get(r.sid)
        if (
            held is not None
            and held[0] is r.settled_status
            and held[1] == r.final_size
            and held[2] == r.final_duration
            and held[3] == r.media_external_location
        ):
            texts.append(held[4])
            continue
        text = json.dumps(to_json(r)).encode()
        if held is None and len(cache) >= CAPACITY:
            del cache[next(iter(cache))]
        cache[r.sid] = (
            r.settled_status,
            r.final_size,
            r.final_duration,
            r.media_external_location,
            text,
        )
        texts.append(text)
    return texts
