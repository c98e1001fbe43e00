"""Composition media: real MP4 (H.264 + AAC) and WebM (VP8 + Opus) files, read by FFmpeg
through PyAV: the streams asked for, the duration to the millisecond, every packet decoding."""

from __future__ import annotations

import io
import math
import struct
from fractions import Fraction
from typing import Any

import pytest

from fakerec.media import (
    COMPOSITION_CONTENT_TYPES,
    PICTURE_SIZES,
    composition_file,
    picture_size,
)
from fakerec.media.webm import opus_packet

av = pytest.importorskip("av", reason="PyAV reads the files back: pip install 'fakerec[test]'")

CODECS = {"mp4": ("h264", "aac"), "webm": ("vp8", "opus")}
CONTAINERS = {"mp4": "mov,mp4,m4a,3gp,3g2,mj2", "webm": "matroska,webm"}
SHORT = [1, 7.5, 61]


def _open(data: bytes) -> Any:
    return av.open(io.BytesIO(data))


def _stream_seconds(stream: Any) -> float:
    """A stream's duration as the container states it: MP4's track duration, or the
    DURATION tag FFmpeg reads from Matroska (which has no per-track duration)."""
    if stream.duration is not None:
        return float(stream.duration * stream.time_base)
    hours, minutes, seconds = stream.metadata["DURATION"].split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def _ends(data: bytes, from_seconds: float) -> dict[str, float]:
    """The end (pts + duration) of each stream's last packet, demuxing from a seek to
    ``from_seconds``, so a long file is not read from the start."""
    ends: dict[str, float] = {}
    with _open(data) as container:
        container.seek(int(from_seconds * 1_000_000), backward=True)
        for packet in container.demux():
            if packet.size:
                end = float((packet.pts + packet.duration) * packet.time_base)
                ends[packet.stream.type] = max(ends.get(packet.stream.type, 0.0), end)
    return ends


def _check_duration_and_streams(
    data: bytes, fmt: str, seconds: float, kinds: tuple[str, ...]
) -> None:
    with _open(data) as container:
        assert container.format.name == CONTAINERS[fmt]
        assert container.duration / 1_000_000 == pytest.approx(seconds, abs=1e-3)
        streams = {stream.type: stream for stream in container.streams}
        assert tuple(sorted(streams)) == tuple(sorted(kinds))
        video_codec, audio_codec = CODECS[fmt]
        for kind, stream in streams.items():
            assert stream.codec_context.name == (video_codec if kind == "video" else audio_codec)
            assert _stream_seconds(stream) == pytest.approx(seconds, abs=1e-3), kind
    ends = _ends(data, max(0.0, seconds - 40))
    assert set(ends) == set(kinds)
    for kind, end in ends.items():
        assert end == pytest.approx(seconds, abs=1e-3), kind


@pytest.mark.parametrize("seconds", [*SHORT, 3600])
@pytest.mark.parametrize("fmt", ["mp4", "webm"])
def test_both_streams_last_exactly_the_composition(fmt: str, seconds: float) -> None:
    data = composition_file(fmt, seconds, audio=True, video=True)
    _check_duration_and_streams(data, fmt, seconds, ("audio", "video"))


@pytest.mark.parametrize("seconds", [2.345, 3599.999])
@pytest.mark.parametrize(("fmt", "kind"), [(f, k) for f in CODECS for k in ("audio", "video")])
def test_audio_only_and_video_only_files_have_just_that_stream(
    fmt: str, kind: str, seconds: float
) -> None:
    data = composition_file(fmt, seconds, audio=kind == "audio", video=kind == "video")
    _check_duration_and_streams(data, fmt, seconds, (kind,))


def _is_black(frame: Any) -> bool:
    for index, plane in enumerate(frame.planes):
        width = frame.width if index == 0 else frame.width // 2
        rows = frame.height if index == 0 else frame.height // 2
        data = bytes(plane)
        values = {
            v for r in range(rows) for v in data[r * plane.line_size : r * plane.line_size + width]
        }
        if values != {16 if index == 0 else 128}:
            return False
    return True


@pytest.mark.parametrize("seconds", [*SHORT, 0.0004])
@pytest.mark.parametrize("fmt", ["mp4", "webm"])
def test_every_packet_decodes_to_black_pictures_and_silence(fmt: str, seconds: float) -> None:
    data = composition_file(fmt, seconds, audio=True, video=True, resolution="320x240")
    pictures: list[Any] = []
    samples = 0
    with _open(data) as container:
        for packet in container.demux():
            for frame in packet.decode():  # raises on any packet FFmpeg cannot decode
                if packet.stream.type == "video":
                    pictures.append(frame)
                else:
                    samples += frame.samples
                    assert not any(bytes(frame.planes[0])), "silence"
    milliseconds = max(1, round(seconds * 1000))
    assert len(pictures) == math.ceil(milliseconds / 1000), "a picture a second"
    assert all(_is_black(picture) for picture in pictures[:3] + pictures[-2:])
    if fmt == "webm":  # Opus's last packet is trimmed (DiscardPadding): exact to the sample
        assert samples == milliseconds * 48
    else:  # an AAC frame is 1024 samples; the track's timestamps stop at the duration
        assert samples == math.ceil(milliseconds * 48 / 1024) * 1024


@pytest.mark.parametrize("fmt", ["mp4", "webm"])
@pytest.mark.parametrize(
    ("resolution", "picture"),
    [
        *((f"{w}x{h}", (w, h)) for w, h in PICTURE_SIZES),
        ("800x600", (640, 480)),  # 4:3: the 4:3 size nearest in pixels
        ("1920x1080", (1280, 720)),  # 16:9, larger than any: the largest 16:9
        ("960x540", (1024, 576)),
        ("400x300", (320, 240)),
        ("1000x1000", (640, 480)),  # square: 4:3 is the nearest shape
        ("16x1280", (320, 240)),
    ],
)
def test_the_picture_is_the_nearest_pre_made_size_shown_at_the_asked_aspect(
    fmt: str, resolution: str, picture: tuple[int, int]
) -> None:
    assert picture_size(resolution) == picture
    data = composition_file(fmt, 3, audio=False, video=True, resolution=resolution)
    with _open(data) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.width, stream.codec_context.height) == picture
        frame = next(container.decode(stream))
        assert (frame.width, frame.height) == picture
        aspect = Fraction(stream.sample_aspect_ratio or 1) * Fraction(*picture)
    width, height = (int(side) for side in resolution.split("x"))
    assert aspect == Fraction(width, height)
    if fmt == "mp4":  # FFmpeg reads tkhd's display size; some players read only pasp
        at = data.find(b"pasp")
        spacing = struct.unpack(">II", data[at + 4 : at + 12]) if at > 0 else (1, 1)
        assert Fraction(*spacing) * Fraction(*picture) == Fraction(width, height)


@pytest.mark.parametrize("fmt", ["mp4", "webm"])
def test_the_same_arguments_make_the_same_bytes(fmt: str) -> None:
    first = composition_file(fmt, 61.25, audio=True, video=True, resolution="1280x720")
    assert composition_file(fmt, 61.25, audio=True, video=True, resolution="1280x720") == first
    assert composition_file(fmt, 61.26, audio=True, video=True, resolution="1280x720") != first
    assert composition_file(fmt, 61.25, audio=True, video=True) != first


def _top_level_boxes(data: bytes) -> list[bytes]:
    kinds, position = [], 0
    while position < len(data):
        size, kind = struct.unpack(">I4s", data[position : position + 8])
        kinds.append(kind)
        position += size
    assert position == len(data)
    return kinds


def test_mp4_puts_its_index_before_the_media_so_it_streams() -> None:
    data = composition_file("mp4", 600, audio=True, video=True)
    assert _top_level_boxes(data) == [b"ftyp", b"moov", b"mdat"]
    assert data[8:12] == b"isom"


def test_webm_is_webm_with_cues_before_the_clusters() -> None:
    data = composition_file("webm", 600, audio=True, video=True)
    assert data[:4] == b"\x1a\x45\xdf\xa3" and b"\x42\x82\x84webm" in data[:64]  # DocType
    assert data.index(b"\x1c\x53\xbb\x6b") < data.index(b"\x1f\x43\xb6\x75")  # Cues, Cluster


@pytest.mark.parametrize("fmt", ["mp4", "webm"])
def test_a_seek_lands_on_a_keyframe_at_most_30_seconds_back(fmt: str) -> None:
    data = composition_file(fmt, 600, audio=True, video=True)
    with _open(data) as container:
        stream = container.streams.video[0]
        container.seek(int(75.5 * 1_000_000), backward=True)
        packet = next(container.demux(stream))
        assert packet.is_keyframe and float(packet.pts * packet.time_base) == 60
        assert [_is_black(picture) for picture in packet.decode()] == [True]


#: At 1280x720 (the largest picture) a second costs, in the frames' own sizes: MP4, 46.875 AAC
#: frames of 4 B (188 B), a 41 B P frame and its 4 B size entry, a 217 B IDR every 30 s (7 B):
#: about 240 B. WebM: 8.33 Opus packets of 14 B plus 6 B of block header (167 B), a 60 B
#: interframe plus 6 B, a 1587 B keyframe every 30 s (53 B): about 290 B. 300 B a second
#: bounds both; a keyframe every second, or a 1 s cluster's overhead per frame, would not fit.
BYTES_PER_SECOND = 300


@pytest.mark.parametrize("fmt", ["mp4", "webm"])
def test_a_four_hour_composition_is_small(fmt: str) -> None:
    seconds = 4 * 3600
    data = composition_file(fmt, seconds, audio=True, video=True, resolution="1280x720")
    assert len(data) < seconds * BYTES_PER_SECOND, len(data)
    _check_duration_and_streams(data, fmt, seconds, ("audio", "video"))


@pytest.mark.parametrize("milliseconds", [20, 40, 60, 80, 100, 120])
def test_opus_packets_of_repeated_silent_frames_decode_to_their_length(milliseconds: int) -> None:
    decoder = av.CodecContext.create("opus", "r")
    decoder.sample_rate, decoder.layout = 48000, "mono"
    frames = decoder.decode(av.Packet(opus_packet(milliseconds)))
    assert sum(frame.samples for frame in frames) == milliseconds * 48


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("mkv", 5), {"audio": True, "video": True}),
        (("mp4", 5), {"audio": False, "video": False}),
        (("mp4", -1), {"audio": True, "video": True}),
        (("webm", math.nan), {"audio": True, "video": True}),
        (("webm", math.inf), {"audio": True, "video": True}),
        (("mp4", 5), {"audio": True, "video": True, "resolution": "640X480"}),
        (("mp4", 5), {"audio": True, "video": True, "resolution": "0x480"}),
        (("mp4", 5), {"audio": True, "video": True, "resolution": "70000x480"}),
        (("mp4", 5), {"audio": True, "video": True, "resolution": " 640x480"}),
    ],
)
def test_arguments_no_file_can_have_are_refused(
    args: tuple[str, float], kwargs: dict[str, Any]
) -> None:
    with pytest.raises(ValueError):
        composition_file(*args, **kwargs)


def test_content_types_are_the_specs() -> None:
    assert COMPOSITION_CONTENT_TYPES == {"mp4": "video/mp4", "webm": "video/webm"}
