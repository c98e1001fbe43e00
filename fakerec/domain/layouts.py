"""What a composition may ask for: VideoLayout regions, Resolution, and track-name patterns.

Regions are validated as Twilio's "Specifying Video Layouts" section describes them: a JSON
object of named regions, each with ``video_sources`` (track names, ``*`` wildcards) and
optionally ``video_sources_excluded``, ``x_pos``/``y_pos`` (inside the picture), ``z_pos``
(-99 to 99), ``width``/``height`` (the region fits in the picture), ``max_columns``/``max_rows``
(1 to 1000), ``cells_excluded`` (cell numbers) and ``reuse`` (none, show_oldest, show_newest).
Resolution: ``{width}x{height}``, each 16 to 1280, at most 921,600 pixels [DOC: the
compositions page's Resolution parameter].
"""

from __future__ import annotations

import re
from typing import Any

from fakerec import errors

MIN_SIDE, MAX_SIDE, MAX_PIXELS = 16, 1280, 921_600
REUSE = ("none", "show_oldest", "show_newest")
_REGION_KEYS = {
    "video_sources",
    "video_sources_excluded",
    "x_pos",
    "y_pos",
    "z_pos",
    "width",
    "height",
    "max_columns",
    "max_rows",
    "cells_excluded",
    "reuse",
}
#: Region names: letters, digits, ``_`` and ``-``, up to 64 [DECIDED: Twilio's examples use
#: plain words such as "grid", "pip", "main"; a name is only ever a JSON key].
_REGION_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
_RESOLUTION = re.compile(r"([1-9][0-9]{0,4})x([1-9][0-9]{0,4})")


def resolution(raw: str) -> tuple[int, int]:
    """(width, height) of a valid Resolution, else Twilio's 400."""
    match = _RESOLUTION.fullmatch(raw)
    if match is None:
        raise errors.composition_refused(f"Resolution {raw!r} is not {{width}}x{{height}}")
    width, height = int(match[1]), int(match[2])
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise errors.composition_refused(
            f"Resolution {raw!r}: width and height are {MIN_SIDE} to {MAX_SIDE}"
        )
    if width * height > MAX_PIXELS:
        raise errors.composition_refused(f"Resolution {raw!r} is over {MAX_PIXELS} pixels")
    return width, height


def _whole(region: str, key: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise errors.composition_refused(
            f"VideoLayout region {region!r}: {key} must be a whole number from {low} to {high}"
        )
    return value


def _names(region: str, key: str, value: Any, required: bool) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise errors.composition_refused(
            f"VideoLayout region {region!r}: {key} must be a list of track names"
        )
    if required and not value:
        raise errors.composition_refused(f"VideoLayout region {region!r}: {key} is empty")


def validate_layout(layout: Any, canvas: tuple[int, int]) -> dict[str, Any]:
    """The layout as given, once every region is valid for a picture of ``canvas``."""
    if not isinstance(layout, dict) or not layout:
        raise errors.composition_refused("VideoLayout must be a JSON object of one or more regions")
    width, height = canvas
    for name, region in layout.items():
        if not _REGION_NAME.fullmatch(name):
            raise errors.composition_refused(f"VideoLayout region name {name!r} is not valid")
        if not isinstance(region, dict):
            raise errors.composition_refused(f"VideoLayout region {name!r} must be an object")
        unknown = sorted(set(region) - _REGION_KEYS)
        if unknown:
            raise errors.composition_refused(
                f"VideoLayout region {name!r} has unknown properties {unknown}"
            )
        if "video_sources" not in region:
            raise errors.composition_refused(f"VideoLayout region {name!r} has no video_sources")
        _names(name, "video_sources", region["video_sources"], required=True)
        _names(name, "video_sources_excluded", region.get("video_sources_excluded", []), False)
        x = _whole(name, "x_pos", region.get("x_pos", 0), 0, width - 1)
        y = _whole(name, "y_pos", region.get("y_pos", 0), 0, height - 1)
        _whole(name, "z_pos", region.get("z_pos", 0), -99, 99)
        _whole(name, "width", region.get("width", width - x), 1, width - x)
        _whole(name, "height", region.get("height", height - y), 1, height - y)
        for key in ("max_columns", "max_rows"):
            if key in region:
                _whole(name, key, region[key], 1, 1000)
        cells = region.get("cells_excluded", [])
        if not isinstance(cells, list) or len(set(map(repr, cells))) != len(cells):
            raise errors.composition_refused(
                f"VideoLayout region {name!r}: cells_excluded must be distinct cell numbers"
            )
        for cell in cells:
            _whole(name, "cells_excluded", cell, 0, 1_000_000)
        if region.get("reuse", "none") not in REUSE:
            raise errors.composition_refused(
                f"VideoLayout region {name!r}: reuse must be one of {', '.join(REUSE)}"
            )
    return layout


def wildcard_match(pattern: str, text: str) -> bool:
    """Whether ``text`` is ``pattern``, where ``*`` matches zero or more characters and all
    else is literal. Linear backtracking to the last star, never a regex: a hostile pattern
    such as ``*a*a*a*a*b`` costs at most len(pattern) x len(text) steps."""
    p = t = 0
    star, resume = -1, 0
    while t < len(text):
        if p < len(pattern) and pattern[p] == "*":
            star, resume = p, t
            p += 1
        elif p < len(pattern) and pattern[p] == text[t]:
            p += 1
            t += 1
        elif star >= 0:
            p, resume = star + 1, resume + 1
            t = resume
        else:
            return False
    return all(char == "*" for char in pattern[p:])


def matches(track_name: str, included: list[str], excluded: list[str]) -> bool:
    """Whether a track named ``track_name`` is among ``included`` and not among ``excluded``
    (case-sensitive, as track names are)."""

    def any_of(patterns: list[str]) -> bool:
        return any(wildcard_match(p, track_name) for p in patterns)

    return any_of(included) and not any_of(excluded)


def video_sources(layout: dict[str, Any]) -> list[tuple[list[str], list[str]]]:
    """(video_sources, video_sources_excluded) of every region of a valid layout."""
    return [
        (list(region["video_sources"]), list(region.get("video_sources_excluded", [])))
        for region in layout.values()
    ]
