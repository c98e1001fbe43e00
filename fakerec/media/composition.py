"""The media a composition serves: a real, playable MP4 or WebM of the composition's duration.

MP4 carries H.264 video and AAC audio, as Twilio's mp4 compositions do; WebM carries VP8 and
Opus. Either stream may be left out (an audio-only or video-only composition). The picture is
black and the sound silent: pre-made frames, repeated (one picture a second, a keyframe every
30 s; audio continuous), so a 4-hour file takes milliseconds to make and weighs a few MB.

Decisions where Twilio says nothing a file could show:

- Duration: rounded to the millisecond; the movie, every track, and the last packet's end all
  say exactly that (a duration under 1 ms makes a 1 ms file: a file needs one frame).
- Resolution: a black picture can only be one of the pre-made sizes, Twilio's own "typical
  values" for Resolution: 320x240, 640x480 (the default), 1024x576 and 1280x720. Any other
  resolution gets the pre-made size nearest in aspect ratio, then nearest in pixel count (so
  800x600 gets 640x480 and 1920x1080 gets 1280x720), and the container's display size is the
  requested one, so players still show the requested aspect ratio.
- Bytes: the same arguments give the same bytes (no timestamps, no randomness).
"""

from __future__ import annotations

import math
import re

from fakerec.media import composition_frames
from fakerec.media.mp4 import mp4_file
from fakerec.media.webm import webm_file

#: format -> the Content-Type its media is served with (SPEC 10)
COMPOSITION_CONTENT_TYPES = {"mp4": "video/mp4", "webm": "video/webm"}
#: The pictures a composition's video can have: (width, height), smallest first.
PICTURE_SIZES = composition_frames.SIZES

_RESOLUTION = re.compile(r"([1-9][0-9]{0,4})x([1-9][0-9]{0,4})")


def parse_resolution(resolution: str) -> tuple[int, int]:
    """(width, height) from ``{width}x{height}``; ValueError if it is not that, or if a side
    is over 65535 (MP4 keeps display sizes in 16 bits). Twilio's own limits (16 to 1280 a
    side, at most 921,600 pixels) are the API's to enforce, not the file's."""
    match = _RESOLUTION.fullmatch(resolution)
    if not match or max(int(match[1]), int(match[2])) > 0xFFFF:
        raise ValueError(f"resolution must be {{width}}x{{height}}, not {resolution!r}")
    return int(match[1]), int(match[2])


def picture_size(resolution: str) -> tuple[int, int]:
    """The pre-made picture size the video of a composition of ``resolution`` has: the
    requested one if pre-made, else the nearest in aspect ratio, then in pixel count."""
    width, height = parse_resolution(resolution)

    def distance(size: tuple[int, int]) -> tuple[float, float]:
        aspect = abs(math.log(width * size[1] / (height * size[0])))
        area = abs(math.log(width * height / (size[0] * size[1])))
        return round(aspect, 9), round(area, 9)

    return min(PICTURE_SIZES, key=distance)


def duration_ms(duration_seconds: float) -> int:
    """The file's duration in whole milliseconds, at least 1; ValueError if the duration is
    negative or not a finite number."""
    if not math.isfinite(duration_seconds) or duration_seconds < 0:
        raise ValueError(f"duration must be a finite number of seconds >= 0: {duration_seconds}")
    return max(1, round(duration_seconds * 1000))


def composition_file(
    format: str,
    duration_seconds: float,
    *,
    audio: bool,
    video: bool,
    resolution: str = "640x480",
) -> bytes:
    """A playable ``format`` ("mp4": H.264 + AAC, "webm": VP8 + Opus) file lasting
    ``duration_seconds`` with the streams asked for (at least one), the video at
    ``picture_size(resolution)`` and displayed at ``resolution``."""
    if format not in COMPOSITION_CONTENT_TYPES:
        raise ValueError(f"format must be mp4 or webm, not {format!r}")
    if not audio and not video:
        raise ValueError("a composition has audio, video, or both")
    display = parse_resolution(resolution)
    size = picture_size(resolution) if video else None
    write = mp4_file if format == "mp4" else webm_file
    return write(duration_ms(duration_seconds), video=size, display=display, audio=audio)
