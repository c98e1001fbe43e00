"""The media a recording's temporary URL serves: real, playable Matroska files."""

from fakerec.media.matroska import CONTENT_TYPES, recording_file

__all__ = ["CONTENT_TYPES", "recording_file"]
