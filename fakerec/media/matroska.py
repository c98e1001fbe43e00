"""A small Matroska (EBML) writer: enough for one track of one codec, playable by FFmpeg.

The file carries the recording's codec and duration. Frames are one tiny real frame (black
16x16 video, or silence) per second, so an hour costs tens of kilobytes, not gigabytes.
"""

from __future__ import annotations

import struct

from fakerec.media import frames

CONTENT_TYPES = {"audio": "audio/x-matroska", "video": "video/x-matroska"}

_CLUSTER_MS = 30_000  # block timestamps are 16-bit offsets from their cluster's


def _vint_size(size: int) -> bytes:
    """An EBML variable-size integer of the shortest length that holds ``size``."""
    for length in range(1, 9):
        if size < (1 << (7 * length)) - 1:
            return (size | (1 << (7 * length))).to_bytes(length, "big")
    raise ValueError(size)


def _element(element_id: int, payload: bytes) -> bytes:
    encoded_id = element_id.to_bytes((element_id.bit_length() + 7) // 8, "big")
    return encoded_id + _vint_size(len(payload)) + payload


def _uint(element_id: int, value: int) -> bytes:
    return _element(element_id, value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big"))


def _float(element_id: int, value: float) -> bytes:
    return _element(element_id, struct.pack(">d", value))


def _text(element_id: int, value: str) -> bytes:
    return _element(element_id, value.encode("ascii"))


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
        _uint(0xD7, 1)  # TrackNumber
        + _uint(0x73C5, 1)  # TrackUID
        + _uint(0x83, track_type)  # TrackType
        + _uint(0x9C, 0)  # FlagLacing
        + _text(0x86, codec_id)  # CodecID
    )
    if private:
        body += _element(0x63A2, private)  # CodecPrivate
    if codec == "OPUS":
        body += _uint(0x56AA, 6_500_000) + _uint(0x56BB, 80_000_000)  # CodecDelay, SeekPreRoll
    if track_type == 2:
        body += _element(0xE1, _float(0xB5, rate) + _uint(0x9F, 1))  # Audio: rate, channels
    else:
        body += _element(0xE0, _uint(0xB0, 16) + _uint(0xBA, 16))  # Video: 16x16
    return _element(0x1654AE6B, _element(0xAE, body))  # Tracks > TrackEntry


def _clusters(frame: bytes, duration_ms: int) -> bytes:
    """One keyframe every second from 0 to the end, 30 s to a cluster."""
    out = bytearray()
    times = list(range(0, max(duration_ms, 1), 1000))
    for start in range(0, len(times), _CLUSTER_MS // 1000):
        chunk = times[start : start + _CLUSTER_MS // 1000]
        cluster_time = chunk[0]
        body = _uint(0xE7, cluster_time)  # Cluster Timestamp
        for time in chunk:
            block = b"\x81" + struct.pack(">hB", time - cluster_time, 0x80) + frame
            body += _element(0xA3, block)  # SimpleBlock, keyframe
        out += _element(0x1F43B675, body)
    return bytes(out)


def recording_file(codec: str, duration_seconds: int) -> bytes:
    """A Matroska file of ``codec`` (OPUS, PCMU, VP8, H264) lasting ``duration_seconds``."""
    duration_ms = max(duration_seconds, 0) * 1000
    header = _element(
        0x1A45DFA3,
        _uint(0x4286, 1)  # EBMLVersion
        + _uint(0x42F7, 1)  # EBMLReadVersion
        + _uint(0x42F2, 4)  # EBMLMaxIDLength
        + _uint(0x42F3, 8)  # EBMLMaxSizeLength
        + _text(0x4282, "matroska")  # DocType
        + _uint(0x4287, 4)  # DocTypeVersion
        + _uint(0x4285, 2),  # DocTypeReadVersion
    )
    info = _element(
        0x1549A966,
        _uint(0x2AD7B1, 1_000_000)  # TimestampScale: 1 ms
        + _text(0x4D80, "fakerec")  # MuxingApp
        + _text(0x5741, "fakerec")  # WritingApp
        + _float(0x4489, float(duration_ms)),  # Duration in ms
    )
    frame = _CODECS[codec][2]
    return header + _element(0x18538067, info + _track(codec) + _clusters(frame, duration_ms))
