"""Hostile values for the fuzz tests: almost-SIDs and garbage path segments, dates, numbers,
real, tampered and forged page tokens, query parameters, recording rules and form bodies.

Built once, at import: Hypothesis validates a strategy object once, so composites draw from
these module-level instances instead of building new ones on every draw. SIDs, room names and
page tokens come from fuzz_world.TEMPLATE.
"""

from __future__ import annotations

import base64
import json
import string
from datetime import timedelta, timezone
from typing import Any
from urllib.parse import quote, urlencode

from fuzz_world import TEMPLATE
from hypothesis import strategies as st

HEX = "0123456789abcdef"
B64_URLSAFE = string.ascii_letters + string.digits + "-_"

#: Every query parameter a Video endpoint of the fake reads, over all endpoints.
KNOWN_PARAMS = (
    "Status",
    "SourceSid",
    "GroupingSid",
    "DateCreatedAfter",
    "DateCreatedBefore",
    "MediaType",
    "PageSize",
    "Page",
    "PageToken",
    "Ttl",
    "ContentDisposition",
    "UniqueName",
    "RoomSid",
    "Enabled",
    "FriendlyName",
)
#: The form parameters of every POST (Rooms, RecordingRules, RecordingSettings), and others.
FORM_PARAMS = (
    "UniqueName",
    "Type",
    "RecordParticipantsOnConnect",
    "StatusCallback",
    "StatusCallbackMethod",
    "AudioOnly",
    "LargeRoom",
    "VideoCodecs",
    "MediaRegion",
    "MaxParticipants",
    "MaxParticipantDuration",
    "EmptyRoomTimeout",
    "UnusedRoomTimeout",
    "Status",
    "Rules",
    "RecordingRules",
    "FriendlyName",
    "AwsCredentialsSid",
    "EncryptionKeySid",
    "AwsS3Url",
    "AwsStorageEnabled",
    "EncryptionEnabled",
    "RoomSid",
    "AudioSources",
    "AudioSourcesExcluded",
    "VideoLayout",
    "Resolution",
    "Format",
    "Trim",
    "Enabled",
)


# --- path segments ---------------------------------------------------------------------------

SID_LIKE = st.builds(
    lambda prefix, digits, upper: prefix + (digits.upper() if upper else digits),
    st.sampled_from(("RT", "RM", "MT", "PA", "AC", "SK", "rt", "ZZ", "", "R", "RTRT")),
    st.one_of(
        st.text(HEX, min_size=32, max_size=32),
        st.text(HEX, max_size=40),
        st.text("0123456789abcdefghijklmnopqrstuvwxyz", min_size=32, max_size=32),
    ),
    st.booleans(),
)
"""Almost-SIDs: known and unknown prefixes, wrong lengths, upper-case or non-hex digits."""

LONG = st.tuples(
    st.integers(200, 9000), st.sampled_from(("A", "RT", "%41", "\u00e9", "..%2F", "a/"))
).map(lambda pair: pair[1] * (pair[0] // len(pair[1])))
"""Very long values, from two draws so the example stays small."""

SEGMENT = st.one_of(
    st.sampled_from(
        (
            "",
            ".",
            "..",
            "...",
            "%2e%2e",
            "%2E%2E%2F",
            "%2F",
            "%00",
            "%",
            "%zz",
            "%4",
            "%ff%fe",
            "%C0%AF",
            "%E2%80%AE",
            "~",
            "null",
            "None",
            "0",
            "-1",
            "..%2F..%2Fetc%2Fpasswd",
            "\u202e",
            "\u0000",
            "Recordings",
            "recordings",
            "ROOMS",
            "Media",
            "v1",
            "V1",
            "v2",
            "$metadata",
            "*",
            ";",
            "@",
            "RT*",
        )
    ),
    st.text(max_size=24),
    st.text(string.printable, max_size=24),
    st.text(max_size=12).map(lambda s: quote(s, safe="")),
    st.text(max_size=12).map(lambda s: quote(quote(s, safe=""), safe="")),
    SID_LIKE,
    LONG,
)
"""Garbage path segments: traversal, percent-encoding (broken, double), unicode, long."""

REC_SEGMENT = st.one_of(
    st.sampled_from(TEMPLATE.recording_sids),
    st.sampled_from(TEMPLATE.recording_sids),
    st.sampled_from(TEMPLATE.recording_sids + TEMPLATE.other_recording_sids + TEMPLATE.other_sids),
    SEGMENT,
)
ROOM_SEGMENT = st.one_of(
    st.sampled_from(TEMPLATE.room_refs),
    st.sampled_from(TEMPLATE.room_refs),
    st.sampled_from(TEMPLATE.room_refs + TEMPLATE.other_sids),
    SEGMENT,
)


# --- parameter values ------------------------------------------------------------------------

OFFSETS = st.integers(-1439, 1439).map(lambda m: timezone(timedelta(minutes=m)))
DATES = st.one_of(
    st.sampled_from(
        (
            "2025-01-01",
            "2025-01-01T00:00:00Z",
            "2025-01-01T00:00:00z",
            "2025-01-01T00:00:00+01:00",
            "2025-01-01T00:00:00-0530",
            "2025-01-01T00:00:00+01",
            "2025-01-01T00:00Z",
            "2025-01-01 00:00:00",
            "2025-01-01t00:00:00Z",
            "2025-01-01T00:00:00.123456789Z",
            "2025-01-01T00:00:00.1234567890Z",
            "2025-13-01",
            "2025-02-30",
            "2025-00-10",
            "2025-01-01T24:00:00Z",
            "2025-01-01T23:59:60Z",
            "2025-01-01T00:60:00Z",
            "2025-01-01T00:00:00+24:00",
            "2025-01-01T00:00:00+23:60",
            "2025-01-01T00:00:00+99:99",
            "2025-01-01T00:00:00-00:00",
            "0000-01-01",
            "0001-01-01T00:00:00+01:00",
            "0001-01-01T00:00:00-23:59",
            "9999-12-31",
            "9999-12-31T23:59:59-23:59",
            "9999-12-31T23:59:59+23:59",
            "10000-01-01",
            "-2025-01-01",
            "2025-1-1",
            "2025/01/01",
            "20250101",
            "1735689600",
            "yesterday",
            "2025-01-01T00:00:00ZZ",
            "2025-01-01T00:00:00+01:00:00",
            "\uff12\uff10\uff12\uff15-01-01",
        )
    ),
    st.datetimes(timezones=st.one_of(st.none(), OFFSETS)).map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ")),
    st.text("0123456789-:TZ+. ", max_size=32),
)
"""Dates and date-times: valid, impossible, out of range, odd offsets, wrong shapes."""

NUMBERS = st.one_of(
    st.sampled_from(
        (
            "",
            " ",
            "0",
            "-0",
            "+0",
            "1",
            "+1",
            "-1",
            "5 ",
            " 5",
            "05",
            "1.5",
            "1e3",
            "0x10",
            "1_000",
            "NaN",
            "Infinity",
            "-Infinity",
            "true",
            "null",
            "[]",
            "1000",
            "1001",
            "3600",
            "3601",
            "9" * 19,
            "9" * 20,
            "-" + "9" * 18,
            str(2**63 - 1),
            str(2**63),
            str(-(2**63)),
            str(2**31),
            "184467440737095516",
            "\u0661\u0662",
            "\uff11\uff12",
            "\u00b2",
        )
    ),
    st.integers().map(str),
    st.integers(-(2**70), 2**70).map(str),
    st.floats().map(str),
)
"""Numbers as text: huge, negative, zero, signs, spaces, floats, non-ASCII digits."""


@st.composite
def tampered_tokens(draw: st.DrawFn) -> str:
    """A real token with a character flipped, cut, extended, or re-cased."""
    token = draw(st.sampled_from(TEMPLATE.page_tokens))
    how = draw(st.integers(0, 7))
    if how == 0:
        at = draw(st.integers(0, len(token) - 1))
        char = draw(st.sampled_from(B64_URLSAFE + "=.~*!\u00e9"))
        return token[:at] + (char if char != token[at] else "!") + token[at + 1 :]
    if how == 1:
        return token[: draw(st.integers(0, len(token) - 1))]
    if how == 2:
        return token + draw(st.text(B64_URLSAFE + "=", min_size=1, max_size=8))
    if how == 3:
        return token[2:]
    if how == 4:
        return token.swapcase()
    if how == 5:
        return token + token
    if how == 6:
        return token[:-4] + token[-4:][::-1]
    return token.replace("PT", "pt", 1)


TAMPERED = tampered_tokens()


def encoded_token(payload: bytes) -> str:
    return "PT" + base64.urlsafe_b64encode(payload).decode().rstrip("=")


def _decoded(token: str) -> Any:
    body = token[2:]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=7) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=12,
)
DEPTHS = st.one_of(st.integers(0, 60), st.sampled_from((2000, 5000, 30000)))
"""How deep to nest JSON: shallow, or beyond the interpreter's recursion limit (1000)."""
HUGE = st.one_of(st.integers(), st.integers(-(2**80), 2**80), st.sampled_from((2**63, -1, 0)))


@st.composite
def shaped_payloads(draw: st.DrawFn) -> bytes:
    """The token's own shape with hostile fields: the right account and scope, absurd numbers."""
    account, scope, *_ = _decoded(draw(st.sampled_from(TEMPLATE.page_tokens)))
    fields = [
        draw(st.sampled_from((account, TEMPLATE.named["other_account"], "", 0, None))),
        draw(st.sampled_from((scope, scope.upper(), "", "0" * 16, 7))),
        draw(st.sampled_from((0, 1, 2, -1, True, False, 1.0, "1", None))),
        draw(HUGE),
        draw(HUGE),
        draw(HUGE),
    ]
    cut = draw(st.integers(0, 7))
    return json.dumps(fields[:cut] if cut < 6 else fields).encode()


PAGE_TOKENS = st.one_of(
    st.sampled_from(TEMPLATE.page_tokens),
    TAMPERED,
    JSON_VALUES.map(lambda v: encoded_token(json.dumps(v).encode())),
    shaped_payloads().map(encoded_token),
    DEPTHS.map(lambda n: encoded_token(b"[" * n + b"]" * n)),
    DEPTHS.map(lambda n: encoded_token(b'{"a":' * n + b"1" + b"}" * n)),
    st.binary(max_size=64).map(encoded_token),
    st.text(max_size=40).map(lambda s: "PT" + s),
    st.text(B64_URLSAFE, max_size=60),
)
"""Real, tampered, truncated and forged page tokens (garbage, other shapes, deep nesting)."""

VALUES = st.one_of(
    NUMBERS,
    DATES,
    st.sampled_from(
        (
            "processing",
            "completed",
            "failed",
            "deleted",
            "purged",
            "COMPLETED",
            "Completed",
            "in-progress",
            "audio",
            "video",
            "data",
            "Audio",
            "attachment",
            "inline",
            'attachment; filename="x.mka"',
            'inline; filename="\r\nSet-Cookie: x=1"',
            "Inline",
            "form-data",
            "group",
            "go",
            "peer-to-peer",
            "group-small",
        )
    ),
    st.sampled_from(TEMPLATE.all_sids + TEMPLATE.room_refs),
    SID_LIKE,
    PAGE_TOKENS,
    st.text(max_size=30),
    LONG,
)
"""Hostile parameter values of every kind."""

PLAUSIBLE: dict[str, st.SearchStrategy[str]] = {
    "Status": st.sampled_from(("processing", "completed", "failed", "deleted", "in-progress")),
    "SourceSid": st.sampled_from(TEMPLATE.other_sids[:3]) | SID_LIKE,
    "GroupingSid": st.sampled_from(TEMPLATE.room_refs[:4] + TEMPLATE.other_sids[3:6]) | SID_LIKE,
    "DateCreatedAfter": DATES,
    "DateCreatedBefore": DATES,
    "MediaType": st.sampled_from(("audio", "video", "data")),
    "PageSize": st.integers(1, 1000).map(str) | NUMBERS,
    "Page": st.one_of(
        st.integers(0, 5).map(str),
        st.sampled_from(("-1", str(2**63 - 1), "9" * 19, "184467440737095516", str(2**62))),
        NUMBERS,
    ),
    "PageToken": PAGE_TOKENS,
    "Ttl": st.integers(1, 3600).map(str) | NUMBERS,
    "ContentDisposition": st.sampled_from(
        ("attachment", "inline", 'attachment; filename="a.mka"', "inline;", "INLINE", "")
    ),
    "UniqueName": st.sampled_from(("standup", "retro", "quiet", "")) | st.text(max_size=12),
}
"""Per known parameter: values of the right kind (valid or at the edges)."""

QUERY_NAMES = st.one_of(
    st.sampled_from(KNOWN_PARAMS),
    st.sampled_from(KNOWN_PARAMS),
    st.sampled_from(KNOWN_PARAMS),
    st.sampled_from(KNOWN_PARAMS).map(str.lower),
    st.sampled_from(("page_size", "status[]", "Status ", "PageSize[]", "Ttl[0]", "")),
    st.text(max_size=12),
)


@st.composite
def query_pairs(draw: st.DrawFn) -> tuple[str, str]:
    name = draw(QUERY_NAMES)
    if name in PLAUSIBLE and draw(st.booleans()):
        return name, draw(PLAUSIBLE[name])
    return name, draw(VALUES)


QUERY_PAIRS = st.lists(query_pairs(), max_size=8)


@st.composite
def query_strings(draw: st.DrawFn) -> str:
    pairs = draw(QUERY_PAIRS)
    how = draw(st.integers(0, 9))
    if how <= 5:
        return urlencode(pairs)
    if how <= 7:
        return urlencode(pairs, quote_via=quote)
    if how == 8:
        return "&".join(f"{name}={value}" for name, value in pairs)  # not encoded at all
    return draw(st.text(max_size=60))


RULE = st.fixed_dictionaries(
    {"type": st.sampled_from(("include", "exclude", "INCLUDE", "", None, 1))},
    optional={
        "all": st.sampled_from((True, False, 1, "true", None)),
        "kind": st.sampled_from(("audio", "video", "data", "screen", "", None, 7)),
        "publisher": st.one_of(st.text(max_size=8), st.none(), st.integers()),
        "track": st.one_of(st.text(max_size=8), st.just(""), st.lists(st.integers())),
        "priority": st.sampled_from(("low", "standard", "high", "urgent", "", None, 3)),
        "extra": JSON_VALUES,
    },
)
RULES_JSON = st.one_of(
    st.lists(RULE, max_size=4).map(json.dumps),
    st.lists(RULE, max_size=4).map(lambda rules: json.dumps({"rules": rules})),
    JSON_VALUES.map(json.dumps),
    DEPTHS.map(lambda n: "[" * n + "]" * n),
    DEPTHS.map(lambda n: '{"rules":' * n + "[]" + "}" * n),
    st.text(max_size=30),
)
"""Recording rules as the form carries them: JSON of every shape, deep nesting, not JSON."""

FORM_PLAUSIBLE: dict[str, st.SearchStrategy[str]] = {
    "Rules": RULES_JSON,
    "RecordingRules": RULES_JSON,
    "Status": st.sampled_from(
        ("completed", "in-progress", "failed", "COMPLETED", "", "disconnected", "connected")
    ),
    "Type": st.sampled_from(("group", "go", "peer-to-peer", "group-small", "GROUP", "small")),
    "UniqueName": st.sampled_from(("standup", "retro", "ruled", "")) | st.text(max_size=12),
    "StatusCallback": st.sampled_from(
        (
            "https://app.example/cb",
            "https://app.example:99999/cb",
            "https://app.example:abc/cb",
            "https://[::1/cb",
            "https://[zz]/cb",
            "http://user:pass@app.example/cb?a=1#f",
            "ftp://x",
            "//no-scheme",
            "",
        )
    ),
    "StatusCallbackMethod": st.sampled_from(("GET", "POST", "get", "PUT", "")),
    "VideoCodecs": st.sampled_from(("VP8", "H264", "vp8", "AV1", "")),
    "AwsCredentialsSid": st.just("CR" + "a" * 32) | SID_LIKE,
    "EncryptionKeySid": st.just("CR" + "b" * 32) | SID_LIKE,
    "AwsS3Url": st.sampled_from(("https://bucket.s3.amazonaws.com/x", "http://", "s3://b", "")),
    "FriendlyName": st.text(max_size=20),
    "RoomSid": st.sampled_from((TEMPLATE.named["done_room"], TEMPLATE.named["live_room"]))
    | SID_LIKE,
    "AudioSources": st.sampled_from(("*", "mic", "m*", "", "**", "nobody")) | st.text(max_size=8),
    "AudioSourcesExcluded": st.sampled_from(("*", "mic", "")) | st.text(max_size=8),
    "VideoLayout": st.one_of(
        st.sampled_from(
            (
                '{"grid": {"video_sources": ["*"]}}',
                '{"grid": {"video_sources": ["*"], "x_pos": 639, "width": 1}}',
                '{"grid": {"video_sources": ["*"], "x_pos": 640}}',
                '{"g": {"video_sources": ["*"], "z_pos": 1e400}}',
                '{"g": {"video_sources": ["*"], "cells_excluded": [[], {}]}}',
                '{"g": {"video_sources": [null]}}',
            )
        ),
        JSON_VALUES.map(json.dumps),
        DEPTHS.map(lambda n: '{"g":' * n + "{}" + "}" * n),
        st.text(max_size=30),
    ),
    "Resolution": st.sampled_from(
        ("640x480", "1280x720", "1281x720", "16x16", "0x0", "99999x1", "640X480", "", "x")
    )
    | st.text("0123456789x", max_size=12),
    "Format": st.sampled_from(("mp4", "webm", "MP4", "mkv", "")),
    "Trim": st.sampled_from(("true", "false", "TRUE", "1", "")),
    "Enabled": st.sampled_from(("true", "false", "True", "1", "0", "")),
}
for _name in (
    "RecordParticipantsOnConnect",
    "AudioOnly",
    "LargeRoom",
    "AwsStorageEnabled",
    "EncryptionEnabled",
):
    FORM_PLAUSIBLE[_name] = st.sampled_from(("true", "false", "True", "1", "0", "yes", ""))
for _name in ("MaxParticipants", "MaxParticipantDuration", "EmptyRoomTimeout", "UnusedRoomTimeout"):
    FORM_PLAUSIBLE[_name] = st.integers(-1, 90000).map(str) | NUMBERS
FORM_NAMES = st.one_of(
    st.sampled_from(FORM_PARAMS), st.sampled_from(FORM_PARAMS), st.text(max_size=10)
)


@st.composite
def form_pairs(draw: st.DrawFn) -> tuple[str, str]:
    name = draw(FORM_NAMES)
    if name in FORM_PLAUSIBLE and draw(st.integers(0, 2)):
        return name, draw(FORM_PLAUSIBLE[name])
    return name, draw(VALUES)


FORM_PAIRS = st.lists(form_pairs(), max_size=8)


@st.composite
def form_bodies(draw: st.DrawFn) -> bytes | None:
    """Form bodies for every POST (Rooms, RecordingRules, RecordingSettings), or junk."""
    how = draw(st.integers(0, 9))
    if how == 0:
        return None
    if how == 1:
        return draw(st.binary(max_size=200))
    if how == 2:
        return json.dumps(draw(JSON_VALUES)).encode()
    if how == 3:
        return draw(st.text(max_size=80)).encode()
    return urlencode(draw(FORM_PAIRS)).encode()


FORM_BODIES = form_bodies()
