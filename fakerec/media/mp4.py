"""A small MP4 (ISO BMFF) writer for compositions: H.264 video and AAC audio, either optional.

The file is laid out for progressive playback ("faststart"): ``ftyp``, then the whole index
(``moov``), then the media (``mdat``), the two tracks interleaved in 8-second chunks. Video is
one pre-made black picture a second, an IDR every 30 s and all-skip P frames between; audio is
continuous silent AAC (48 kHz, 1024 samples a frame), so players whose clock follows the audio
they play keep time. Timestamps are exact: the last video frame and the last audio frame are
shortened so that every track, and the movie, lasts exactly the requested milliseconds.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from fakerec.media import composition_frames as premade

AUDIO_RATE = 48_000
AAC_FRAME_SAMPLES = 1024
_MOVIE_SCALE = 1000  # movie and video timestamps in ms
_CHUNK_SECONDS = 8  # 8 s is 375 AAC frames exactly, so both tracks' chunks start together
_MATRIX = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)  # identity


def _box(kind: bytes, *parts: bytes) -> bytes:
    payload = b"".join(parts)
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def _full_box(kind: bytes, version: int, flags: int, *parts: bytes) -> bytes:
    return _box(kind, struct.pack(">I", version << 24 | flags), *parts)


def _times(version: int, timescale: int, duration: int) -> bytes:
    """mvhd's and mdhd's creation and modification time (0: the same bytes every time),
    timescale and duration; version 1 widens the times and the duration to 64 bits."""
    if version:
        return struct.pack(">QQIQ", 0, 0, timescale, duration)
    return struct.pack(">IIII", 0, 0, timescale, duration)


def _version(*durations: int) -> int:
    return 1 if max(durations) > 0xFFFFFFFF else 0


@dataclass(frozen=True)
class _Track:
    """One track's samples and the tables that index them."""

    handler: bytes  # b"vide" or b"soun"
    timescale: int
    duration: int  # in timescale units
    entry: bytes  # the stsd sample entry
    deltas: tuple[tuple[int, int], ...]  # stts runs: (sample count, duration each)
    cycle: tuple[bytes, ...]  # sample n is cycle[n % len(cycle)]
    count: int
    per_chunk: int
    sync: tuple[int, ...] | None  # 1-based sample numbers of keyframes, None: every sample

    def chunk(self, index: int) -> bytes:
        """The bytes of chunk ``index`` (0-based): ``per_chunk`` consecutive samples."""
        start = index * self.per_chunk
        stop = min(start + self.per_chunk, self.count)
        if len(self.cycle) == 1:
            return self.cycle[0] * (stop - start)
        return b"".join(self.cycle[n % len(self.cycle)] for n in range(start, stop))

    def sizes(self) -> tuple[int, bytes]:
        """stsz's sample size, or 0 and a table of each sample's."""
        lengths = [len(sample) for sample in self.cycle]
        if len(set(lengths)) == 1:
            return lengths[0], b""
        table = (lengths * (self.count // len(lengths) + 1))[: self.count]
        return 0, struct.pack(f">{self.count}I", *table)


def _deltas(total: int, step: int) -> tuple[tuple[int, int], ...]:
    """stts runs covering ``total`` in samples of ``step``, the last one shortened."""
    full, rest = divmod(total, step)
    runs = [(full, step)] if full else []
    return (*runs, (1, rest)) if rest else tuple(runs)


def _video_track(duration_ms: int, size: tuple[int, int], display: tuple[int, int]) -> _Track:
    width, height = size
    gop = premade.H264_GOP[size]
    count = -(-duration_ms // 1000)
    entry = (
        struct.pack(">6xH16xHHIIIH", 1, width, height, 0x480000, 0x480000, 0, 1)
        + bytes(32)  # compressor name
        + struct.pack(">Hh", 0x18, -1)
        + _box(b"avcC", premade.H264_CONFIG[size])
    )
    shown_width, shown_height = display
    if shown_width * height != shown_height * width:  # pixels are not square: say how wide
        entry += _box(b"pasp", struct.pack(">II", shown_width * height, shown_height * width))
    return _Track(
        handler=b"vide",
        timescale=_MOVIE_SCALE,
        duration=duration_ms,
        entry=_box(b"avc1", entry),
        deltas=_deltas(duration_ms, 1000),
        cycle=gop,
        count=count,
        per_chunk=_CHUNK_SECONDS,
        sync=tuple(range(1, count + 1, len(gop))),
    )


def _esds() -> bytes:
    """The MPEG-4 elementary stream descriptor: AAC (object type 0x40), audio stream."""
    frame = len(premade.AAC_SILENCE)
    bitrate = frame * 8 * AUDIO_RATE // AAC_FRAME_SAMPLES

    def descriptor(tag: int, body: bytes) -> bytes:
        return bytes([tag, len(body)]) + body

    config = descriptor(
        0x04,  # DecoderConfigDescriptor
        struct.pack(">BB", 0x40, 0x15)  # audio ISO/IEC 14496-3, stream type 5 (audio)
        + frame.to_bytes(3, "big")  # buffer size
        + struct.pack(">II", bitrate, bitrate)
        + descriptor(0x05, premade.AAC_CONFIG),  # DecoderSpecificInfo
    )
    es = descriptor(0x03, struct.pack(">HB", 0, 0) + config + descriptor(0x06, b"\x02"))
    return _full_box(b"esds", 0, 0, es)


def _audio_track(duration_ms: int) -> _Track:
    total = duration_ms * AUDIO_RATE // 1000
    count = -(-total // AAC_FRAME_SAMPLES)
    entry = (
        struct.pack(">6xH8xHHHHI", 1, 1, 16, 0, 0, AUDIO_RATE << 16)  # mono, 16-bit
        + _esds()
    )
    return _Track(
        handler=b"soun",
        timescale=AUDIO_RATE,
        duration=total,
        entry=_box(b"mp4a", entry),
        deltas=_deltas(total, AAC_FRAME_SAMPLES),
        cycle=(premade.AAC_SILENCE,),
        count=count,
        per_chunk=_CHUNK_SECONDS * AUDIO_RATE // AAC_FRAME_SAMPLES,
        sync=None,
    )


def _sample_table(track: _Track, offsets: list[int]) -> bytes:
    count, per_chunk = track.count, track.per_chunk
    chunks = len(offsets)
    runs = [(1, min(per_chunk, count))]
    if chunks > 1 and count % per_chunk:
        runs.append((chunks, count % per_chunk))  # the last chunk holds the rest
    size, table = track.sizes()
    parts = [
        _full_box(b"stsd", 0, 0, struct.pack(">I", 1), track.entry),
        _full_box(
            b"stts",
            0,
            0,
            struct.pack(">I", len(track.deltas)),
            *(struct.pack(">II", *run) for run in track.deltas),
        ),
    ]
    if track.sync is not None:
        sync = track.sync
        parts.append(_full_box(b"stss", 0, 0, struct.pack(f">I{len(sync)}I", len(sync), *sync)))
    parts += [
        _full_box(
            b"stsc",
            0,
            0,
            struct.pack(">I", len(runs)),
            *(struct.pack(">III", first, samples, 1) for first, samples in runs),
        ),
        _full_box(b"stsz", 0, 0, struct.pack(">II", size, count), table),
        _full_box(b"stco", 0, 0, struct.pack(f">I{chunks}I", chunks, *offsets)),
    ]
    return _box(b"stbl", *parts)


def _trak(
    track_id: int, track: _Track, duration_ms: int, display: tuple[int, int], offsets: list[int]
) -> bytes:
    video = track.handler == b"vide"
    version = _version(duration_ms)
    width, height = display if video else (0, 0)
    if version:  # 64-bit: creation, modification, id, reserved, duration
        head = struct.pack(">QQIIQ", 0, 0, track_id, 0, duration_ms)
    else:
        head = struct.pack(">IIIII", 0, 0, track_id, 0, duration_ms)
    tkhd = _full_box(
        b"tkhd",
        version,
        3,  # enabled, in the movie
        head,
        struct.pack(">8xHHHH", 0, 0, 0 if video else 0x0100, 0),  # layer, group, volume
        _MATRIX,
        struct.pack(">II", width << 16, height << 16),
    )
    media_version = _version(track.duration)
    mdhd = _full_box(
        b"mdhd",
        media_version,
        0,
        _times(media_version, track.timescale, track.duration),
        struct.pack(">HH", 0x55C4, 0),  # language "und"
    )
    name = b"VideoHandler\0" if video else b"SoundHandler\0"
    hdlr = _full_box(b"hdlr", 0, 0, struct.pack(">I4s12x", 0, track.handler), name)
    header = _full_box(b"vmhd", 0, 1, bytes(8)) if video else _full_box(b"smhd", 0, 0, bytes(4))
    dinf = _box(b"dinf", _full_box(b"dref", 0, 0, struct.pack(">I", 1), _full_box(b"url ", 0, 1)))
    minf = _box(b"minf", header, dinf, _sample_table(track, offsets))
    return _box(b"trak", tkhd, _box(b"mdia", mdhd, hdlr, minf))


def mp4_file(
    duration_ms: int,
    *,
    video: tuple[int, int] | None,
    display: tuple[int, int],
    audio: bool,
) -> bytes:
    """An MP4 lasting ``duration_ms`` (at least 1): H.264 video of the pre-made size
    ``video`` (None: no video) shown at ``display``, and silent AAC if ``audio``."""
    tracks = [_video_track(duration_ms, video, display)] if video else []
    if audio:
        tracks.append(_audio_track(duration_ms))
    assert tracks and duration_ms >= 1
    brands = [b"isom", b"iso2", b"avc1", b"mp41"] if video else [b"isom", b"iso2", b"mp41"]
    ftyp = _box(b"ftyp", b"isom", struct.pack(">I", 0x200), *brands)
    chunk_counts = [-(-track.count // track.per_chunk) for track in tracks]
    # Chunks in time order, every track's chunk n together: the same span in both tracks.
    order = [(n, t) for n in range(max(chunk_counts)) for t in range(len(tracks))]
    order = [(n, t) for n, t in order if n < chunk_counts[t]]
    chunks = [tracks[t].chunk(n) for n, t in order]

    def moov(base: int) -> bytes:
        offsets: list[list[int]] = [[] for _ in tracks]
        position = base
        for (_, t), data in zip(order, chunks):
            offsets[t].append(position)
            position += len(data)
        version = _version(duration_ms)
        mvhd = _full_box(
            b"mvhd",
            version,
            0,
            _times(version, _MOVIE_SCALE, duration_ms),
            struct.pack(">IH10x", 0x10000, 0x0100),  # rate 1.0, volume 1.0
            _MATRIX,
            bytes(24),
            struct.pack(">I", len(tracks) + 1),  # next track id
        )
        traks = [
            _trak(i + 1, track, duration_ms, display, offsets[i]) for i, track in enumerate(tracks)
        ]
        return _box(b"moov", mvhd, *traks)

    # stco holds fixed-size offsets, so the index's size does not depend on where mdat starts.
    size = len(moov(0))
    media = b"".join(chunks)
    assert len(ftyp) + size + 8 + len(media) <= 0xFFFFFFFF, "stco's offsets are 32-bit"
    return ftyp + moov(len(ftyp) + size + 8) + struct.pack(">I", 8 + len(media)) + b"mdat" + media
