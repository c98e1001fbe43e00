"""One valid frame per codec, made by tools/make_media_frames.py with FFmpeg."""

VP8_KEYFRAME = bytes.fromhex("1002009d012a100010000047088585889984880202000c0d6000feffab5080")
H264_AVCC = bytes.fromhex("0142c00affe100146742c00ada7a1000000300100000030028f1226a01000468ce0fc8")
H264_IDR = bytes.fromhex("0000000a6588843a2628000902e0")
OPUS_SILENCE_20MS = bytes.fromhex("f8fffe")
