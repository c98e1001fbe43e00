"""Regenerate the pre-made frames the fake's media files repeat, encoded by FFmpeg:

- fakerec/media/frames.py: one tiny frame per recording codec (16x16 black, 20 ms silence);
- fakerec/media/composition_frames.py: a black H.264 GOP and VP8 keyframe plus interframe at
  each composition size, and one frame of silent AAC.

Run by hand: ``python tools/make_media_frames.py`` (needs PyAV: pip install av; formats the
output with ruff when ruff is installed). The fake itself only embeds the bytes. Every frame
is checked here by decoding it the way the writers repeat it: it must come out exactly black
(Y 16, U and V 128) or exactly silent.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import av

MEDIA = Path(__file__).resolve().parents[1] / "fakerec" / "media"
OUT = MEDIA / "frames.py"
COMPOSITION_OUT = MEDIA / "composition_frames.py"

#: Twilio's "typical values" for a composition's Resolution (its API reference), largest last.
COMPOSITION_SIZES = ((320, 240), (640, 480), (1024, 576), (1280, 720))
#: A keyframe every GOP frames; compositions show one frame a second.
GOP = 30
X264_COMPOSITION = {
    "profile": "main",  # CABAC: a black 1280x720 IDR is 213 bytes (Baseline's CAVLC: 2.7 kB)
    "preset": "veryslow",
    "threads": "1",
    "x264-params": f"bframes=0:ref=1:keyint={GOP}:min-keyint={GOP}:scenecut=0:sliced-threads=0",
}
VPX_COMPOSITION = {
    "g": str(GOP),
    "auto-alt-ref": "0",
    "lag-in-frames": "0",
    "qmin": "4",
    "qmax": "4",
    "b": "5M",  # fine quantizers: the keyframe's black comes out exactly 16, not 17
    "error-resilient": "1",  # each interframe decodes the same whatever came before it
}


def black(width: int, height: int) -> av.VideoFrame:
    frame = av.VideoFrame(width, height, "yuv420p")
    for index, plane in enumerate(frame.planes):
        plane.update(bytes([16 if index == 0 else 128]) * plane.buffer_size)
    return frame


def encode_video(
    codec: str, width: int, height: int, count: int, options: dict[str, str]
) -> tuple[bytes, list[bytes]]:
    """(codec private data, packets) for ``count`` black pictures at one frame a second."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="matroska") as container:
        stream = container.add_stream(codec, rate=1)
        stream.width, stream.height = width, height
        stream.pix_fmt = "yuv420p"
        stream.options = options
        packets = []
        for index in range(count):
            frame = black(width, height)
            frame.pts = index
            packets += [bytes(packet) for packet in stream.encode(frame)]
        packets += [bytes(packet) for packet in stream.encode(None)]
        extradata = bytes(stream.codec_context.extradata or b"")
    return extradata, packets


def video_frame(codec: str) -> tuple[bytes, bytes]:
    """(codec private data, one keyframe) for a 16x16 black picture."""
    options = {"preset": "ultrafast", "tune": "zerolatency"} if codec == "libx264" else {}
    extradata, packets = encode_video(codec, 16, 16, 1, options)
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


def avc_config(sps: bytes, pps: bytes) -> bytes:
    """An AVCDecoderConfigurationRecord (avcC) for one SPS and one PPS, 4-byte NAL lengths."""
    record = bytes([1, sps[1], sps[2], sps[3], 0xFF, 0xE1]) + len(sps).to_bytes(2, "big") + sps
    return record + bytes([1]) + len(pps).to_bytes(2, "big") + pps


def avc_for_matroska(extradata: bytes, frame: bytes) -> tuple[bytes, bytes]:
    """(AVCDecoderConfigurationRecord, length-prefixed IDR) from Annex B output."""
    units = nal_units(extradata) + nal_units(frame)
    sps = next(u for u in units if u[0] & 0x1F == 7)
    pps = next(u for u in units if u[0] & 0x1F == 8)
    idr = next(u for u in units if u[0] & 0x1F == 5)
    return avc_config(sps, pps), len(idr).to_bytes(4, "big") + idr


def opus_frame() -> bytes:
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="matroska") as container:
        stream = container.add_stream("libopus", rate=48000)
        stream.layout = "mono"
        frame = av.AudioFrame(format="s16", layout="mono", samples=960)
        frame.planes[0].update(bytes(frame.planes[0].buffer_size))
        frame.sample_rate = 48000
        packets = [bytes(p) for p in stream.encode(frame)] + [bytes(p) for p in stream.encode(None)]
    return packets[0]


def assert_black(frames: list[av.VideoFrame], width: int, height: int) -> None:
    for frame in frames:
        assert (frame.width, frame.height) == (width, height)
        for index, plane in enumerate(frame.planes):
            rows = height if index == 0 else height // 2
            columns = width if index == 0 else width // 2
            data = bytes(plane)
            values = {
                value
                for row in range(rows)
                for value in data[row * plane.line_size : row * plane.line_size + columns]
            }
            assert values == {16 if index == 0 else 128}, (width, height, index, values)


def h264_gop(width: int, height: int) -> tuple[bytes, list[bytes]]:
    """(avcC, one GOP of length-prefixed slices: an IDR then GOP - 1 all-skip P frames)."""
    extradata, packets = encode_video("libx264", width, height, GOP, X264_COMPOSITION)
    units = nal_units(extradata)
    sps = next(u for u in units if u[0] & 0x1F == 7)
    pps = next(u for u in units if u[0] & 0x1F == 8)
    gop = []
    for packet in packets:  # keep the slices, drop x264's SEI (its version and settings)
        slices = [u for u in nal_units(packet) if u[0] & 0x1F in (1, 5)]
        gop.append(b"".join(len(u).to_bytes(4, "big") + u for u in slices))
    assert len(gop) == GOP and nal_units(packets[0])[-1][0] & 0x1F == 5
    decoder = av.CodecContext.create("h264", "r")
    decoder.extradata = avc_config(sps, pps)  # as MP4 carries it: avcC, length-prefixed NALs
    # the next GOP starts again, as the writers repeat it
    decoded = [f for frame in gop + gop[:2] for f in decoder.decode(av.Packet(frame))]
    decoded += decoder.decode(None)
    assert len(decoded) == GOP + 2
    assert_black(decoded, width, height)
    return avc_config(sps, pps), gop


def vp8_frames(width: int, height: int) -> tuple[bytes, bytes]:
    """(keyframe, interframe): libvpx's steady all-skip interframe, which may follow the
    keyframe any number of times."""
    _, packets = encode_video("libvpx", width, height, GOP, VPX_COMPOSITION)
    keyframe, interframe = packets[0], packets[GOP - 1]
    assert keyframe[0] & 1 == 0 and interframe[0] & 1 == 1  # VP8 frame tag: 0 is a keyframe
    decoder = av.CodecContext.create("vp8", "r")
    decoded = [f for p in [keyframe] + [interframe] * GOP for f in decoder.decode(av.Packet(p))]
    assert len(decoded) == GOP + 1
    assert_black(decoded, width, height)
    return keyframe, interframe


def aac_silence() -> tuple[bytes, bytes]:
    """(AudioSpecificConfig, one raw frame) of AAC-LC, 48 kHz, mono, 1024 samples of silence."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as container:
        stream = container.add_stream("aac", rate=48000)
        stream.layout = "mono"
        packets = []
        for index in range(8):
            frame = av.AudioFrame(format="fltp", layout="mono", samples=1024)
            frame.planes[0].update(bytes(frame.planes[0].buffer_size))
            frame.sample_rate, frame.pts = 48000, index * 1024
            packets += [bytes(p) for p in stream.encode(frame)]
        packets += [bytes(p) for p in stream.encode(None)]
        config = bytes(stream.codec_context.extradata)[:2]  # drop the SBR sync extension
    assert config == bytes([0x11, 0x88]), config.hex()  # AAC-LC, 48 kHz (index 3), 1 channel
    silence = Counter(packets).most_common(1)[0][0]
    decoder = av.CodecContext.create("aac", "r")
    decoder.extradata = config
    decoded = [f for _ in range(4) for f in decoder.decode(av.Packet(silence))]
    assert sum(f.samples for f in decoded) == 4 * 1024
    assert all(set(bytes(f.planes[0])) <= {0} for f in decoded)
    return config, silence


def hex_lines(name: str, data: bytes, indent: str = "") -> list[str]:
    """``name = bytes.fromhex(...)`` in lines under 100 characters."""
    text = data.hex()
    if len(indent) + len(name) + len(text) + 20 <= 100:
        return [f'{indent}{name}bytes.fromhex("{text}")']
    parts = [text[i : i + 84] for i in range(0, len(text), 84)]
    return [f"{indent}{name}bytes.fromhex(", *[f'{indent}    "{p}"' for p in parts], f"{indent})"]


def comma(line: str) -> str:
    """An item's last line ends with a comma."""
    return line + "," if line.endswith(")") else line


def composition_module() -> str:
    lines = [
        '"""Pre-made frames for compositions: made by tools/make_media_frames.py with FFmpeg.',
        "",
        "Black pictures at Twilio's typical composition sizes, one frame a second: H.264 (Main",
        "profile) as one GOP, an IDR and then all-skip P frames; VP8 as a keyframe and the",
        "interframe that repeats after it. Silent AAC-LC at 48 kHz, mono, 1024 samples a frame.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        f"SIZES = {COMPOSITION_SIZES!r}",
        f"GOP = {GOP}",
        "",
    ]
    avcc, gops, keyframes, interframes = [], [], [], []
    for width, height in COMPOSITION_SIZES:
        config, gop = h264_gop(width, height)
        avcc += hex_lines(f"({width}, {height}): ", config, "    ")
        gops.append(f"    ({width}, {height}): (")
        for frame in gop:
            gops += [comma(line) for line in hex_lines("", frame, "        ")]
        gops.append("    ),")
        keyframe, interframe = vp8_frames(width, height)
        keyframes += hex_lines(f"({width}, {height}): ", keyframe, "    ")
        interframes += hex_lines(f"({width}, {height}): ", interframe, "    ")
        print(f"{width}x{height}: H.264 IDR {len(gop[0])} B, P {len(gop[1])} B;", end=" ")
        print(f"VP8 key {len(keyframe)} B, inter {len(interframe)} B")
    aac_config, aac = aac_silence()

    def mapping(name: str, kind: str, doc: str, body: list[str]) -> list[str]:
        entries = [comma(line) for line in body]
        return [f"#: {doc}", f"{name}: dict[tuple[int, int], {kind}] = {{", *entries, "}", ""]

    lines += mapping("H264_CONFIG", "bytes", "(width, height) -> avcC (SPS, PPS)", avcc)
    lines += [
        "#: (width, height) -> GOP frames of length-prefixed NAL units, the IDR first",
        "H264_GOP: dict[tuple[int, int], tuple[bytes, ...]] = {",
        *gops,
        "}",
        "",
    ]
    lines += mapping("VP8_KEYFRAME", "bytes", "(width, height) -> a keyframe", keyframes)
    lines += mapping("VP8_INTERFRAME", "bytes", "(width, height) -> the interframe", interframes)
    lines += ["#: AudioSpecificConfig: AAC-LC, 48 kHz, mono"]
    lines += hex_lines("AAC_CONFIG = ", aac_config)
    lines += hex_lines("AAC_SILENCE = ", aac)
    return "\n".join(lines) + "\n"


def main() -> None:
    vp8_private, vp8 = video_frame("libvpx")
    avc_private, h264 = avc_for_matroska(*video_frame("libx264"))
    lines = [
        '"""One valid frame per codec, made by tools/make_media_frames.py with FFmpeg."""',
        "",
        f'VP8_KEYFRAME = bytes.fromhex("{vp8.hex()}")',
        f'H264_AVCC = bytes.fromhex("{avc_private.hex()}")',
        f'H264_IDR = bytes.fromhex("{h264.hex()}")',
        f'OPUS_SILENCE_20MS = bytes.fromhex("{opus_frame().hex()}")',
        "",
    ]
    del vp8_private
    OUT.write_text("\n".join(lines))
    print(f"wrote {OUT}: vp8 {len(vp8)} B, h264 {len(h264)} B + avcC {len(avc_private)} B")
    COMPOSITION_OUT.write_text(composition_module())
    ruff = shutil.which("ruff")
    if ruff:
        subprocess.run([ruff, "format", "--quiet", str(OUT), str(COMPOSITION_OUT)], check=True)
    print(f"wrote {COMPOSITION_OUT}: {COMPOSITION_OUT.stat().st_size} B")


if __name__ == "__main__":
    main()
