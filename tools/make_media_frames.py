"""Regenerate fakerec/media/frames.py: one tiny, valid frame per codec, encoded by FFmpeg.

Run by hand (needs PyAV: pip install av); the fake itself only embeds the bytes.
"""

from __future__ import annotations

import io
from pathlib import Path

import av
import numpy as np

OUT = Path(__file__).resolve().parents[1] / "fakerec" / "media" / "frames.py"


def video_frame(codec: str) -> tuple[bytes, bytes]:
    """(codec private data, one keyframe) for a 16x16 black picture."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="matroska") as container:
        stream = container.add_stream(codec, rate=1)
        stream.width = stream.height = 16
        stream.pix_fmt = "yuv420p"
        if codec == "libx264":
            stream.options = {"preset": "ultrafast", "tune": "zerolatency"}
        packets = []
        frame = av.VideoFrame.from_ndarray(np.zeros((16, 16, 3), dtype=np.uint8), format="rgb24")
        for packet in stream.encode(frame.reformat(format="yuv420p")):
            packets.append(bytes(packet))
        for packet in stream.encode(None):
            packets.append(bytes(packet))
        extradata = bytes(stream.codec_context.extradata or b"")
    return extradata, packets[0]


def nal_units(annex_b: bytes) -> list[bytes]:
    """Split an Annex B stream (00 00 01 / 00 00 00 01 start codes) into NAL units."""
    units, i, start = [], 0, -1
    while i < len(annex_b) - 2:
        if annex_b[i : i + 3] == b"\x00\x00\x01":
            if start >= 0:
                units.append(annex_b[start:i].rstrip(b"\x00"))
            i += 3
            start = i
        else:
            i += 1
    units.append(annex_b[start:])
    return units


def avc_for_matroska(extradata: bytes, frame: bytes) -> tuple[bytes, bytes]:
    """(AVCDecoderConfigurationRecord, length-prefixed IDR) from Annex B output."""
    units = nal_units(extradata) + nal_units(frame)
    sps = next(u for u in units if u[0] & 0x1F == 7)
    pps = next(u for u in units if u[0] & 0x1F == 8)
    idr = next(u for u in units if u[0] & 0x1F == 5)
    record = bytes([1, sps[1], sps[2], sps[3], 0xFF, 0xE1]) + len(sps).to_bytes(2, "big") + sps
    record += bytes([1]) + len(pps).to_bytes(2, "big") + pps
    return record, len(idr).to_bytes(4, "big") + idr


def opus_frame() -> bytes:
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="matroska") as container:
        stream = container.add_stream("libopus", rate=48000)
        stream.layout = "mono"
        samples = np.zeros((1, 960), dtype=np.int16)
        frame = av.AudioFrame.from_ndarray(samples, format="s16", layout="mono")
        frame.sample_rate = 48000
        packets = [bytes(p) for p in stream.encode(frame)] + [bytes(p) for p in stream.encode(None)]
    return packets[0]


def main() -> None:
    vp8_private, vp8 = video_frame("libvpx")
    avc_private, h264 = avc_for_matroska(*video_frame("libx264"))
    lines = [
        '"""One valid frame per codec, made by tools/make_media_frames.py with FFmpeg."""',
        "",
        f"VP8_KEYFRAME = bytes.fromhex({vp8.hex()!r})",
        f"H264_AVCC = bytes.fromhex({avc_private.hex()!r})",
        f"H264_IDR = bytes.fromhex({h264.hex()!r})",
        f"OPUS_SILENCE_20MS = bytes.fromhex({opus_frame().hex()!r})",
        "",
    ]
    del vp8_private
    OUT.write_text("\n".join(lines))
    print(f"wrote {OUT}: vp8 {len(vp8)} B, h264 {len(h264)} B + avcC {len(avc_private)} B")


if __name__ == "__main__":
    main()
