"""A small WebM writer for compositions: VP8 video and Opus audio, either optional.

Laid out for progressive playback and seeking: a SeekHead, then Info, Tracks and Cues (one
cue per cluster), then 30-second clusters, each opening on a video keyframe. Video is one
pre-made black picture a second, a keyframe then interframes; audio is continuous silent
Opus in 120 ms packets (its longest), so players whose clock follows the audio keep time. The
last video frame and the last audio packet carry their own duration (the audio's trimmed
with DiscardPadding), so every track, and the segment, lasts exactly the requested
milliseconds. Blocks are not laced: not every WebM reader takes laced blocks.
"""

from __future__ import annotations

import struct

from fakerec.media import composition_frames as premade
from fakerec.media import ebml, frames

OPUS_PACKET_MS = 120
_CLUSTER_MS = premade.GOP * 1000  # a cluster per GOP: each starts on a keyframe
_POSITION_WIDTH = 8  # SeekHead and Cues positions, fixed so they can be written first
_SEGMENT, _SEEK_HEAD, _INFO, _TRACKS = 0x18538067, 0x114D9B74, 0x1549A966, 0x1654AE6B
_TAGS, _CUES, _CLUSTER = 0x1254C367, 0x1C53BB6B, 0x1F43B675


def _opus_head() -> bytes:
    # magic, version 1, 1 channel, pre-skip 0 (silence needs no warm-up), 48 kHz, gain 0,
    # mapping family 0: no samples to drop, so the first packet starts at 0 exactly
    return b"OpusHead" + struct.pack("<BBHIhB", 1, 1, 0, 48000, 0, 0)


def opus_packet(milliseconds: int) -> bytes:
    """Silence lasting ``milliseconds`` (a multiple of 20, up to 120) in one Opus packet: the
    pre-made 20 ms CELT frame, repeated in a code 3 packet (RFC 6716, 3.2.5) if more than one."""
    count, rest = divmod(milliseconds, 20)
    assert 1 <= count <= 6 and not rest, milliseconds
    toc, frame = frames.OPUS_SILENCE_20MS[:1], frames.OPUS_SILENCE_20MS[1:]
    if count == 1:
        return toc + frame
    return bytes([toc[0] | 3, count]) + frame * count  # constant bitrate, no padding


def _tracks(size: tuple[int, int] | None, display: tuple[int, int], audio: bool) -> bytes:
    entries = b""
    if size:
        width, height = size
        picture = ebml.uint(0xB0, width) + ebml.uint(0xBA, height)  # PixelWidth, PixelHeight
        if display != size:
            picture += ebml.uint(0x54B0, display[0]) + ebml.uint(0x54BA, display[1])
        entries += ebml.element(
            0xAE,  # TrackEntry
            ebml.uint(0xD7, 1)  # TrackNumber
            + ebml.uint(0x73C5, 1)  # TrackUID
            + ebml.uint(0x83, 1)  # TrackType: video
            + ebml.uint(0x9C, 0)  # FlagLacing
            + ebml.text(0x86, "V_VP8")  # CodecID
            + ebml.text(0x22B59C, "und")  # Language
            + ebml.uint(0x23E383, 1_000_000_000)  # DefaultDuration: a frame a second, in ns
            + ebml.element(0xE0, picture),  # Video
        )
    if audio:
        number = 2 if size else 1
        entries += ebml.element(
            0xAE,
            ebml.uint(0xD7, number)
            + ebml.uint(0x73C5, number)
            + ebml.uint(0x83, 2)  # TrackType: audio
            + ebml.uint(0x9C, 0)
            + ebml.text(0x86, "A_OPUS")
            + ebml.text(0x22B59C, "und")
            + ebml.element(0x63A2, _opus_head())  # CodecPrivate
            + ebml.uint(0x56BB, 80_000_000)  # SeekPreRoll: 80 ms, as Opus in WebM asks
            + ebml.uint(0x23E383, OPUS_PACKET_MS * 1_000_000)  # DefaultDuration
            + ebml.element(0xE1, ebml.float64(0xB5, 48000.0) + ebml.uint(0x9F, 1)),  # Audio
        )
    return ebml.element(_TRACKS, entries)


def _block(track: int, offset: int, frame: bytes, keyframe: bool) -> bytes:
    """A SimpleBlock of ``frame`` at ``offset`` ms into its cluster."""
    header = bytes([0x80 | track]) + struct.pack(">hB", offset, 0x80 if keyframe else 0)
    return ebml.element(0xA3, header + frame)


def _group(track: int, offset: int, frame: bytes, duration: int, *extra: bytes) -> bytes:
    """A BlockGroup: a Block with its own duration (the last of a track) and ``extra``."""
    block = ebml.element(0xA1, bytes([0x80 | track]) + struct.pack(">hB", offset, 0) + frame)
    return ebml.element(0xA0, block + ebml.uint(0x9B, duration) + b"".join(extra))


def _cluster_body(
    start: int, end: int, last: bool, size: tuple[int, int] | None, audio: bool
) -> bytes:
    """The blocks of the cluster covering [start, end) ms, in time order, without its
    Timestamp; ``last``: the file ends at ``end``, so the last frames stop there."""
    blocks: list[tuple[int, int, bytes]] = []  # (offset, track, block)
    if size:
        keyframe, interframe = premade.VP8_KEYFRAME[size], premade.VP8_INTERFRAME[size]
        for offset in range(0, end - start, 1000):
            frame = interframe if offset else keyframe
            duration = min(1000, end - start - offset)
            if last and offset + 1000 >= end - start and duration != 1000:
                extra = () if not offset else (ebml.sint(0xFB, -1000),)  # ReferenceBlock
                blocks.append((offset, 1, _group(1, offset, frame, duration, *extra)))
            else:
                blocks.append((offset, 1, _block(1, offset, frame, keyframe=not offset)))
    if audio:
        track = 2 if size else 1
        packet = opus_packet(OPUS_PACKET_MS)
        for offset in range(0, end - start, OPUS_PACKET_MS):
            duration = min(OPUS_PACKET_MS, end - start - offset)
            if duration == OPUS_PACKET_MS:
                blocks.append((offset, track, _block(track, offset, packet, keyframe=True)))
                continue
            covered = -(-duration // 20) * 20
            padding = ebml.sint(0x75A2, (covered - duration) * 1_000_000)  # DiscardPadding
            group = _group(track, offset, opus_packet(covered), duration, padding)
            blocks.append((offset, track, group))
    blocks.sort(key=lambda block: block[:2])
    return b"".join(block for _, _, block in blocks)


def _clusters(
    duration_ms: int, size: tuple[int, int] | None, audio: bool
) -> list[tuple[int, bytes, bytes]]:
    """(start ms, Cluster's ID, size and Timestamp, its blocks) for the whole file. Every full
    cluster has the same blocks, so they are built once and shared, not copied."""
    full = _cluster_body(0, _CLUSTER_MS, False, size, audio)
    out = []
    for start in range(0, duration_ms, _CLUSTER_MS):
        end = min(start + _CLUSTER_MS, duration_ms)
        last = end == duration_ms
        body = full if end - start == _CLUSTER_MS and not last else None
        if body is None:
            body = _cluster_body(start, end, last, size, audio)
        timestamp = ebml.uint(0xE7, start)
        head = _CLUSTER.to_bytes(4, "big") + ebml.vint_size(len(timestamp) + len(body))
        out.append((start, head + timestamp, body))
    return out


def _seek_head(*positions: tuple[int, int]) -> bytes:
    """Where the top-level elements are: (element ID, position in the segment) each."""
    seeks = b""
    for element_id, position in positions:
        encoded_id = element_id.to_bytes((element_id.bit_length() + 7) // 8, "big")
        seeks += ebml.element(
            0x4DBB,  # Seek
            ebml.element(0x53AB, encoded_id) + ebml.uint(0x53AC, position, _POSITION_WIDTH),
        )
    return ebml.element(_SEEK_HEAD, seeks)


def _tags(duration_ms: int, tracks: int) -> bytes:
    """Each track's DURATION tag, as FFmpeg writes it: Matroska has no per-track duration."""
    seconds, milliseconds = divmod(duration_ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    value = f"{hours:02d}:{minutes:02d}:{seconds:02d}.{milliseconds:03d}000000"
    tags = b""
    for uid in range(1, tracks + 1):
        target = ebml.element(0x63C0, ebml.uint(0x63C5, uid))  # Targets > TagTrackUID
        simple = ebml.element(0x67C8, ebml.text(0x45A3, "DURATION") + ebml.text(0x4487, value))
        tags += ebml.element(0x7373, target + simple)  # Tag
    return ebml.element(_TAGS, tags)


def _cues(clusters: list[tuple[int, bytes, bytes]], base: int, track: int) -> bytes:
    """A CuePoint per cluster, ``base`` being the first cluster's position in the segment."""
    points = []
    position = base
    for start, head, body in clusters:
        where = ebml.uint(0xF7, track) + ebml.uint(0xF1, position, _POSITION_WIDTH)
        points.append(ebml.element(0xBB, ebml.uint(0xB3, start) + ebml.element(0xB7, where)))
        position += len(head) + len(body)
    return ebml.element(_CUES, b"".join(points))


def webm_file(
    duration_ms: int,
    *,
    video: tuple[int, int] | None,
    display: tuple[int, int],
    audio: bool,
) -> bytes:
    """A WebM lasting ``duration_ms`` (at least 1): VP8 video of the pre-made size ``video``
    (None: no video) shown at ``display``, and silent Opus if ``audio``."""
    assert (video or audio) and duration_ms >= 1
    info = ebml.element(
        _INFO,
        ebml.uint(0x2AD7B1, 1_000_000)  # TimestampScale: 1 ms
        + ebml.text(0x4D80, "fakerec")  # MuxingApp
        + ebml.text(0x5741, "fakerec")  # WritingApp
        + ebml.float64(0x4489, float(duration_ms)),  # Duration in ms
    )
    tracks = _tracks(video, display, audio)
    tags = _tags(duration_ms, 2 if video and audio else 1)
    clusters = _clusters(duration_ms, video, audio)
    # Positions are fixed-width, so every element's size is known before where things are.
    seek_size = len(_seek_head((_INFO, 0), (_TRACKS, 0), (_TAGS, 0), (_CUES, 0)))
    tags_at = seek_size + len(info) + len(tracks)
    cues_at = tags_at + len(tags)
    cues = _cues(clusters, cues_at + len(_cues(clusters, 0, 1)), 1)
    seek = _seek_head(
        (_INFO, seek_size), (_TRACKS, seek_size + len(info)), (_TAGS, tags_at), (_CUES, cues_at)
    )
    parts = [seek, info, tracks, tags, cues]
    parts += [part for _, head, body in clusters for part in (head, body)]
    segment = _SEGMENT.to_bytes(4, "big") + ebml.vint_size(sum(len(part) for part in parts))
    return b"".join([ebml.header("webm", 4, 2), segment, *parts])
