"""The media the fake's temporary URLs serve: real, playable files.

Recordings are Matroska files of the recording's codec (``recording_file``); compositions are
MP4 (H.264 + AAC) or WebM (VP8 + Opus) files (``composition_file``).
"""

from fakerec.media.composition import (
    COMPOSITION_CONTENT_TYPES,
    PICTURE_SIZES,
    composition_file,
    picture_size,
)
from fakerec.media.matroska import CONTENT_TYPES, recording_file

__all__ = [
    "COMPOSITION_CONTENT_TYPES",
    "CONTENT_TYPES",
    "PICTURE_SIZES",
    "composition_file",
    "picture_size",
    "recording_file",
]
