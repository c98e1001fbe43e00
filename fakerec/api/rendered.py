"""Recordings' JSON, encoded once and reused while the recording is unchanged.

A list page of 50 used to render and encode 50 recordings every time; a walk, a poll or a
fetch loop reads the same ones again and again. The cache is keyed on what can change in a
recording's JSON after it is made (everything else in it is fixed at creation), and holds a
bounded number per fake.
"""

from __future__ import annotations

import json
from typing import Callable

from fakerec.api import render
from fakerec.domain.models import Recording

#: At most this many recordings' JSON per variant; the oldest go first.
CAPACITY = 8192


def version_of(recording: Recording) -> tuple[object, ...]:
    """What a recording's JSON depends on that changes over its life."""
    return (
        recording.settled_status,
        recording.final_size,
        recording.final_duration,
        recording.media_external_location,
    )


class RenderedRecordings:
    def __init__(self) -> None:
        self._top: dict[str, tuple[tuple[object, ...], str]] = {}
        self._in_room: dict[str, tuple[tuple[object, ...], str]] = {}

    def top_level(self, recording: Recording) -> str:
        """The JSON text of ``/v1/Recordings/{sid}`` (the hottest path: one look-up)."""
        held = self._top.get(recording.sid)
        if held is not None and held[0] == version_of(recording):
            return held[1]
        return _render(self._top, recording, render.recording)

    def room_scoped(self, recording: Recording) -> str:
        """The JSON text of ``/v1/Rooms/{room}/Recordings/{sid}``."""
        held = self._in_room.get(recording.sid)
        if held is not None and held[0] == version_of(recording):
            return held[1]
        return _render(self._in_room, recording, render.room_recording)


def _render(
    cache: dict[str, tuple[tuple[object, ...], str]],
    recording: Recording,
    to_json: Callable[[Recording], object],
) -> str:
    text = json.dumps(to_json(recording))
    if recording.sid not in cache and len(cache) >= CAPACITY:
        del cache[next(iter(cache))]
    cache[recording.sid] = (version_of(recording), text)
    return text
