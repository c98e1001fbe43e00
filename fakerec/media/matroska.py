"""A small Matroska (EBML) writer: enough for one track of one codec, playable by FFmpeg.

The file carries the recording's codec and duration. Frames are one tiny real frame (black
16x16 video, or silence) per second, so an hour costs tens of kilobytes, not gigabytes.
"""

from __future__ import annotations

import struct

from fakerec.media import ebml, frames

CONTENT_TYPES = {"audio": "audio/x-matroska", "video": "video/x-matroska"}

_CLUSTER_MS = 30_000  # block timestamps are 16-bit offsets from their cluster's


def _opus_head() -> bytes:
    # magic, version 1, 1 channel, pre-skip 312, 48 kHz, gain 0, mapping family 0
    return b"OpusHead" + struct.pack("<BBHIhB", 1, 1, 312, 48000, 0, 0)


def _mulaw_format() -> bytes:
    # WAVEFORMATEX: WAVE_FORMAT_MULAW, mono, 8 kHz, 8000 B/s, block 1, 8 bits, no extra
    return struct.pack("<HHIIHHH", 7, 1, 8000, 8000, 1, 8, 0)


#: codec -> (Matroska CodecID, CodecPrivate, one frame, track type, sampling rate)
_CODECS: dict[str, tuple[str, bytes, bytes, int, float]] = {
    "OPUS": ("A_OPUS", _opus_head(), frames.OPUS_SILENCE_20MS, 2, 48000.0),
    "PCMU": ("A_MS/ACM", _mulaw_format(), b"\xff" * 160, 2, 8000.0),
    "VP8": ("V_VP8", b"", frames.VP8_KEYFRAME, 1, 0.0),
    "H264": ("V_MPEG4/ISO/AVC", frames.H264_AVCC, frames.H264_IDR, 1, 0.0),
}


def _track(codec: str) -> bytes:
    codec_id, private, _, track_type, rate = _CODECS[codec]
    body = (
        ebml.uint(0xD7, 1)  # TrackNumber
        + ebml.uint(0x73C5, 1)  # TrackUID
        + ebml.uint(0x83, track_type)  # TrackType
        + ebml.uint(0x9C, 0)  # FlagLacing
        + ebml.text(0x86, codec_id)  # CodecID
    )
    if private:
        body += ebml.element(0x63A2, private)  # CodecPrivate
    if codec == "OPUS":
        # CodecDelay, SeekPreRoll
        body += ebml.uint(0x56AA, 6_500_000) + ebml.uint(0x56BB, 80_000_000)
    if track_type == 2:
        # Audio: sampling rate, channels
        body += ebml.element(0xE1, ebml.float64(0xB5, rate) + ebml.uint(0x9F, 1))
    else:
        body += ebml.element(0xE0, ebml.uint(0xB0, 16) + ebml.uint(0xBA, 16))  # Video: 16x16
    return ebml.element(0x1654AE6B, ebml.element(0xAE, body))  # Tracks > TrackEntry


def _clusters(frame: bytes, duration_ms: int) -> bytes:
    """One keyframe every second from 0 to the end, 30 s to a cluster."""
    out = bytearray()
    times = list(range(0, max(duration_ms, 1), 1000))
    for start in range(0, len(times), _CLUSTER_MS // 1000):
        chunk = times[start : start + _CLUSTER_MS // 1000]
        cluster_time = chunk[0]
        body = ebml.uint(0xE7, cluster_time)  # Cluster Timestamp
        for time in chunk:
            block = b"\x81" + struct.pack(">hB", time - cluster_time, 0x80) + frame
            body += ebml.element(0xA3, block)  # SimpleBlock, keyframe
        out += ebml.element(0x1F43B675, body)
    return bytes(out)


def recording_file(codec: str, duration_seconds: int) -> bytes:
    """A Matroska file of ``codec`` (OPUS, PCMU, VP8, H264) lasting ``duration_seconds``."""
    duration_ms = max(duration_seconds, 0) * 1000
    header = ebml.header("matroska", 4, 2)
    info = ebml.element(
        0x1549A966,
        ebml.uint(0x2AD7B1, 1_000_000)  # TimestampScale: 1 ms
        + ebml.text(0x4D80, "fakerec")  # MuxingApp
        + ebml.text(0x5741, "fakerec")  # WritingApp
        + ebml.float64(0x4489, float(duration_ms)),  # Duration in ms
    )
    frame = _CODECS[codec][2]
    return header + ebml.element(0x18538067, info + _track(codec) + _clusters(frame, duration_ms))
