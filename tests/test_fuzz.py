"""Hostile-input fuzzing of the one HTTP entry point, ``fake.dispatch``.

Thousands of malformed, garbage and adversarial requests (paths and SIDs on every route,
every query parameter with wrong types and huge numbers, real page tokens flipped, cut and
forged, form bodies for every POST, odd methods, missing, wrong, malformed and foreign
credentials, tampered temporary media URLs, with clock moves in between) are sent at a fake
holding rooms and recordings in every status, two accounts and status-callback receivers.
Whatever the request, the fake must answer and never break (SPEC sections 2, 5, 6, 7: "A
malformed SID is a 404, never a 500. No input makes the fake raise"): no 5xx, no internal
error, every Twilio 4xx a Twilio error body, every other body JSON (the media store answers
like S3 instead: XML errors or the Matroska file). Unknown parameters must change nothing.

Requests the fuzzing found answered 500 are kept at the end as minimal reproductions.
"""

from __future__ import annotations

import base64
import json
import string
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import Any, Callable
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import fakerec
from fakerec.api.dispatch import HttpResponse

BASE = "https://video.twilio.com"
SEED = "fuzz"
HEX = "0123456789abcdef"
ERROR_KEYS = {"code", "message", "more_info", "status"}
MORE_INFO = "https://www.twilio.com/docs/errors/{}"
MEDIA_HOST = "com-twilio-us1-video-recording.s3.amazonaws.com"
MATROSKA_MAGIC = b"\x1a\x45\xdf\xa3"  # EBML: every Matroska file starts with it
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
)
ROUTES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("v1", "Recordings"), ("GET",)),
    (("v1", "Recordings", "{rec}"), ("GET", "DELETE")),
    (("v1", "Recordings", "{rec}", "Media"), ("GET",)),
    (("v1", "Rooms"), ("GET", "POST")),
    (("v1", "Rooms", "{room}"), ("GET", "POST")),
    (("v1", "Rooms", "{room}", "Recordings"), ("GET",)),
    (("v1", "Rooms", "{room}", "Recordings", "{rec}"), ("GET", "DELETE")),
    (("v1", "Rooms", "{room}", "Recordings", "{rec}", "Media"), ("GET",)),
    (("v1", "Rooms", "{room}", "RecordingRules"), ("GET", "POST")),
    (("v1", "RecordingSettings", "Default"), ("GET", "POST")),
    (("v1", "Rooms", "{room}", "Participants"), ("GET",)),
    (("v1", "Compositions"), ("GET",)),
)
"""Every route the fake serves with its methods, and a few Video paths it does not serve yet."""
METHODS = ("GET", "POST", "DELETE")
ODD_METHODS = (
    "PATCH",
    "PUT",
    "OPTIONS",
    "FOO",
    "TRACE",
    "CONNECT",
    "HEAD",
    "get",
    "post",
    "delete",
    "patch",
    "put",
    "options",
    "head",
    "GeT",
    "",
    " GET",
    "GET ",
    "G\u00c9T",
)


def wsgi_receiver(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    """A WSGI app that accepts every status callback."""
    start_response("204 No Content", [])
    return []


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


# --- the world the requests are fired at -----------------------------------------------------


@dataclass(frozen=True)
class World:
    """A fake with rooms and recordings in every status, two accounts, and real page tokens.

    Built from a fixed seed, so every build has the same SIDs, secrets and tokens: strategies
    draw them from one template and each example fires at a fresh build.
    """

    fake: fakerec.FakeVideo
    good_auth: tuple[str, ...]  # Authorization values that authenticate (any account)
    bad_auth: tuple[str, ...]  # well-formed-looking values that must not
    recording_sids: tuple[str, ...]  # the default account's, every status
    other_recording_sids: tuple[str, ...]  # the second account's
    room_refs: tuple[str, ...]  # room SIDs and unique names, both accounts
    other_sids: tuple[str, ...]  # track, participant, account, key SIDs
    page_urls: tuple[str, ...]  # real next_page_url / previous_page_url values
    page_auth: tuple[str, ...]  # the Authorization each of page_urls was minted for
    page_tokens: tuple[str, ...]
    media_urls: tuple[str, ...]  # real temporary media URLs (the Location of /Media)
    headers: dict[str, str]  # the default account's credentials
    named: dict[str, str]  # SIDs with a known role: "processing", "completed", rooms...

    @property
    def all_sids(self) -> tuple[str, ...]:
        rooms = tuple(r for r in self.room_refs if r.startswith("RM"))
        return self.recording_sids + self.other_recording_sids + rooms + self.other_sids


def build_world() -> World:
    fake = fakerec.FakeVideo(seed=SEED)
    # Status callbacks of rooms made over REST (any StatusCallback) go to both kinds of receiver.
    fake.on_callback(lambda callback: None)
    fake.on_callback(wsgi_receiver)
    other = fake.add_account()
    key = fake.add_api_key()
    other_key = fake.add_api_key(other.sid)
    headers = {"Authorization": basic(fake.account_sid, fake.auth_token)}

    # A recorded room in progress: processing, muted, ended-but-processing, failed tracks.
    live = fake.create_room("standup", record_participants_on_connect=True)
    alice, bob = live.connect("alice"), live.connect("bob")
    mic = alice.publish("audio", name="mic")
    cam = alice.publish("video", name="cam", codec="H264")
    fake.clock.advance(seconds=20)
    muted = bob.publish("audio")
    muted.mute()
    bob.publish("data", name="chat")  # never recorded
    fake.clock.advance(seconds=40)
    cam.unpublish()  # processing for 30 s more
    flaky = alice.publish("audio", name="flaky")
    assert flaky.recording is not None
    flaky.recording.fail(operation="RecordingUpload")
    # A completed recorded room: completed recordings, one deleted over REST below.
    done = fake.create_room("retro", record_participants_on_connect=True, type="group-small")
    carol = done.connect("carol")
    voice = carol.publish("audio", name="voice")
    voice_video = carol.publish("video")
    done_audio = carol.publish("audio", name="second", codec="PCMU")
    fake.clock.advance(minutes=3)
    done.complete()
    fake.clock.advance(seconds=31)
    # Rules on a third room; an unrecorded room, and rooms in the second account.
    ruled = fake.create_room("ruled")
    ruled.set_recording_rules([{"type": "include", "kind": "audio"}])
    ruled_tracks = [ruled.connect("frank").publish("audio", name="ruled-mic")]
    quiet = fake.create_room("quiet", type="go")
    quiet.connect("dave").publish("audio")
    theirs = fake.create_room("standup", account_sid=other.sid, record_participants_on_connect=True)
    theirs_tracks = [theirs.connect("eve").publish("video")]
    # Seeded recordings: every status and type, an old one, a muted one, same-second ties.
    seeded = [
        fake.add_recording(status=status, type=kind, duration=42)
        for status in ("processing", "completed", "failed", "deleted")
        for kind in ("audio", "video")
    ]
    seeded.append(fake.add_recording(status="completed", muted=True))
    old = datetime(2024, 11, 1, tzinfo=timezone.utc)
    seeded.append(fake.add_recording(status="completed", date_created=old))
    their_recordings = [
        fake.add_recording(account_sid=other.sid, status="completed", type="video"),
        fake.add_recording(account_sid=other.sid, status="deleted"),
        *(r for t in theirs_tracks for r in t.recordings),
    ]
    assert voice.recording is not None and voice_video.recording is not None
    assert done_audio.recording is not None
    assert mic.recording is not None
    deleted = fake.dispatch("DELETE", f"{BASE}/v1/Recordings/{voice.recording.sid}", headers)
    assert deleted.status == 204

    tracks = (mic, cam, muted, flaky, voice, voice_video, done_audio, *ruled_tracks)
    mine = [r.sid for t in tracks for r in t.recordings] + [r.sid for r in seeded]
    rooms = tuple(
        dict.fromkeys(
            [live.sid, done.sid, ruled.sid, quiet.sid, theirs.sid]
            + [r.room_sid for r in seeded + their_recordings]
        )
    )
    track_and_people = (mic.sid, cam.sid, muted.sid, alice.sid, bob.sid, carol.sid)

    # Real page URLs and tokens, from walks over several lists and both accounts.
    page_urls: list[str] = []
    page_auth: list[str] = []
    their_headers = {"Authorization": basic(other.sid, other.auth_token)}
    for path, auth in (
        ("/v1/Recordings?PageSize=2", headers),
        ("/v1/Recordings?Status=deleted&PageSize=1", headers),
        ("/v1/Recordings?MediaType=audio&PageSize=1", headers),
        (f"/v1/Recordings?GroupingSid={live.sid}&PageSize=1", headers),
        (f"/v1/Rooms/{live.sid}/Recordings?PageSize=1", headers),
        ("/v1/Rooms?Status=completed&PageSize=1", headers),
        ("/v1/Recordings?PageSize=1", their_headers),
    ):
        url: str | None = BASE + path
        for _ in range(3):
            assert url is not None
            answer = fake.dispatch("GET", url, auth)
            assert answer.status == 200, answer
            meta = json.loads(answer.body)["meta"]
            for minted in (meta["next_page_url"], meta["previous_page_url"]):
                if minted:
                    page_urls.append(minted)
                    page_auth.append(auth["Authorization"])
            url = meta["next_page_url"]
            if url is None:
                break
    tokens = tuple(
        dict(parse_qsl(urlsplit(u).query))["PageToken"] for u in page_urls if "PageToken=" in u
    )
    media_urls = []
    for query in ("", "?Ttl=1", "?Ttl=3600&ContentDisposition=inline"):
        for recording in (voice_video.recording, done_audio.recording):
            media = f"{BASE}/v1/Recordings/{recording.sid}/Media{query}"
            answer = fake.dispatch("GET", media, headers)
            assert answer.status == 302, answer
            media_urls.append(answer.headers["Location"])
    return World(
        fake=fake,
        good_auth=(
            headers["Authorization"],
            "basic " + headers["Authorization"][6:],
            basic(key.sid, key.secret),
            basic(other.sid, other.auth_token),
            basic(other_key.sid, other_key.secret),
        ),
        bad_auth=(
            basic(fake.account_sid, other.auth_token),
            basic(fake.account_sid, fake.auth_token + "0"),
            basic(fake.account_sid, ""),
            basic("", fake.auth_token),
            basic(fake.account_sid.upper(), fake.auth_token),
            basic(other.sid, fake.auth_token),
            basic(key.sid, fake.auth_token),
            basic(key.sid, other_key.secret),
            basic(fake.account_sid, fake.auth_token + ":x"),
            basic(" " + fake.account_sid, fake.auth_token),
            "Basic " + base64.b64encode((fake.account_sid + fake.auth_token).encode()).decode(),
            "Basic " + base64.b64encode(b"\xff\xfe\xfd:\x80\x81").decode(),
            "Basic " + base64.b64encode(fake.account_sid.encode() + b":\xff").decode(),
            "Bearer " + fake.auth_token,
            "Bearer " + headers["Authorization"][6:],
            "Digest username=" + fake.account_sid,
            "Basic",
            "Basic ",
            "",
            "Basic not base64!!",
            "Basic =====",
            "Basic" + headers["Authorization"][6:],
            "Basic\t" + headers["Authorization"][6:],
            fake.account_sid + ":" + fake.auth_token,
            headers["Authorization"][6:],
        ),
        recording_sids=tuple(mine),
        other_recording_sids=tuple(r.sid for r in their_recordings),
        room_refs=(*rooms, "standup", "retro", "ruled", "quiet", "not-a-room"),
        other_sids=(*track_and_people, fake.account_sid, other.sid, key.sid),
        page_urls=tuple(page_urls),
        page_auth=tuple(page_auth),
        page_tokens=tokens,
        media_urls=tuple(media_urls),
        headers=headers,
        named={
            "processing": mic.recording.sid,
            "completed": voice_video.recording.sid,
            "participant": alice.sid,
            "track": mic.sid,
            "live_room": live.sid,
            "done_room": done.sid,
            "other_account": other.sid,
        },
    )


#: The world strategies draw SIDs and tokens from: every build has the same ones.
TEMPLATE = build_world()


def fresh_world() -> World:
    world = build_world()
    assert world.page_urls == TEMPLATE.page_urls  # the same seed, the same SIDs and tokens
    return world


# --- strategies ----------------------------------------------------------------------------
# Built once, at import: Hypothesis validates a strategy object once, so composites draw from
# these module-level instances instead of building new ones on every draw.

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
PATH_TRICKS = ("/.", "/..", ";jsessionid=1", "%20", ".json", "#frag", "?", "//")


@st.composite
def paths(draw: st.DrawFn) -> tuple[str, tuple[str, ...]]:
    """A path (every known route with garbage in any segment, random segments, path tricks)
    and the methods its route serves."""
    methods: tuple[str, ...] = ("GET",)
    if draw(st.integers(0, 9)) == 0:
        segments = draw(st.lists(SEGMENT, max_size=8))
    else:
        template, methods = draw(st.sampled_from(ROUTES))
        segments = []
        for part in template:
            if part == "{rec}":
                segments.append(draw(REC_SEGMENT))
            elif part == "{room}":
                segments.append(draw(ROOM_SEGMENT))
            elif draw(st.integers(0, 19)) == 0:
                segments.append(draw(SEGMENT))
            else:
                segments.append(part)
    path = "/" + "/".join(segments)
    trick = draw(st.integers(0, 19))
    if trick == 1:
        path += "/"
    elif trick == 2:
        at = draw(st.integers(0, len(path)))
        path = path[:at] + "/" + path[at:]
    elif trick == 3:
        path = path.replace("/", "//")
    elif trick == 4:
        path = "/v1/../v1" + path if path.startswith("/v1") else "/.." + path
    elif trick == 5:
        path = "/" + path
    elif trick == 6:
        path += draw(st.sampled_from(PATH_TRICKS))
    return path, methods


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
    "Status": st.sampled_from(("completed", "in-progress", "failed", "COMPLETED", "")),
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


@dataclass(frozen=True)
class Request:
    method: str
    url: str
    headers: dict[str, str]
    body: bytes | None
    authenticates: bool

    @property
    def to_media_store(self) -> bool:
        """A temporary media URL: S3's answers (XML errors, no Twilio credentials)."""
        return (urlsplit(self.url).hostname or "") == MEDIA_HOST

    def send(self, fake: fakerec.FakeVideo) -> HttpResponse:
        return fake.dispatch(self.method, self.url, self.headers, self.body)


@dataclass(frozen=True)
class Advance:
    """A clock move between requests: processing ends, media URLs expire, deletes purge."""

    seconds: int


EXTRA_HEADERS = st.dictionaries(
    st.sampled_from(("Content-Type", "X-Forwarded-For", "Accept", "X-\u00e9", "Host")),
    st.text(max_size=20),
    max_size=2,
)


@st.composite
def credentials(draw: st.DrawFn) -> tuple[dict[str, str], bool]:
    """Authorization headers, and whether they authenticate (as either account)."""
    name = draw(st.sampled_from(("Authorization", "authorization", "AUTHORIZATION")))
    extra = draw(EXTRA_HEADERS)
    if draw(st.integers(0, 9)) < 8:
        return {**extra, name: draw(st.sampled_from(TEMPLATE.good_auth))}, True
    how = draw(st.integers(0, 5))
    if how == 0:
        return extra, False  # no credentials at all
    if how == 1:
        value = draw(st.sampled_from(TEMPLATE.bad_auth))
    elif how == 2:
        value = "Basic " + draw(st.text(max_size=40))
    elif how == 3:
        value = "Basic " + base64.b64encode(draw(st.binary(max_size=60))).decode()
    elif how == 4:
        value = "Basic " + base64.b64encode(draw(st.text(max_size=60)).encode()).decode()
    else:
        value = draw(st.text(max_size=60))
    return {**extra, name: value}, False


@st.composite
def tampered_page_urls(draw: st.DrawFn) -> str:
    """A real next/previous page URL with one parameter replaced by a hostile value."""
    url = draw(st.sampled_from(TEMPLATE.page_urls))
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    index = draw(st.integers(0, len(pairs) - 1))
    name, _ = pairs[index]
    pairs[index] = (name, draw(PAGE_TOKENS if name == "PageToken" else VALUES))
    return f"{BASE}{parts.path}?{urlencode(pairs)}"


HOSTS = (
    BASE,
    BASE,
    BASE,
    "https://video.dublin.ie1.twilio.com",
    "https://video.us1.twilio.com",
    "http://video.twilio.com",
    "https://VIDEO.TWILIO.COM:443",
)


@st.composite
def media_urls(draw: st.DrawFn) -> str:
    """A real temporary media URL, as is or with its path, parameters or signature tampered."""
    url = draw(st.sampled_from(TEMPLATE.media_urls))
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    path = parts.path
    how = draw(st.integers(0, 10))
    if how == 1:
        at = draw(st.integers(0, len(pairs) - 1))
        pairs[at] = (pairs[at][0], draw(VALUES))
    elif how == 2:
        del pairs[draw(st.integers(0, len(pairs) - 1))]
    elif how == 3:
        pairs.insert(draw(st.integers(0, len(pairs))), draw(query_pairs()))
    elif how == 4:  # a second Signature, which S3 would take (the last one wins)
        pairs = [*pairs, ("Signature", draw(st.one_of(st.text(HEX, max_size=64), st.text())))]
    elif how == 5:
        pairs.reverse()
    elif how == 6:
        path = draw(st.sampled_from(("", "/", path + "/", path.upper(), path.replace(".", "%2E"))))
    elif how == 7:
        path = "/" + "/".join(draw(st.lists(SEGMENT, max_size=3)))
    elif how == 8:
        signature = dict(pairs)["Signature"]
        at = draw(st.integers(0, len(signature) - 1))
        char = draw(st.sampled_from(("0", "f", "F", "g", " ", "\u00e9", "\u0663")))
        flipped = signature[:at] + (char if char != signature[at] else "1") + signature[at + 1 :]
        pairs = [(k, flipped if k == "Signature" else v) for k, v in pairs]
    elif how == 9:
        return f"https://{MEDIA_HOST}{path}?{draw(query_strings())}"
    elif how == 10:
        return url.replace("https://", draw(st.sampled_from(("http://", "HTTPS://"))), 1)
    return f"https://{MEDIA_HOST}{path}?{urlencode(pairs, quote_via=quote)}"


def _bases() -> list[tuple[str, str, list[tuple[str, str]], tuple[str, ...]]]:
    """Valid requests on every route: (method, path, parameters, the names the route reads)."""
    named = TEMPLATE.named
    rec, completed = named["processing"], named["completed"]
    live, done = named["live_room"], named["done_room"]
    paging = ("PageSize", "Page", "PageToken")
    dates = ("DateCreatedAfter", "DateCreatedBefore")
    recording_list = ("Status", "SourceSid", "GroupingSid", "MediaType", *dates, *paging)
    room_list = ("Status", "UniqueName", *dates, *paging)
    media = ("Ttl", "ContentDisposition")
    room_form = (
        *("UniqueName", "Type", "RecordParticipantsOnConnect", "AudioOnly", "LargeRoom"),
        *("StatusCallback", "StatusCallbackMethod", "VideoCodecs", "MediaRegion"),
        *("MaxParticipants", "MaxParticipantDuration", "EmptyRoomTimeout", "UnusedRoomTimeout"),
        *("RecordingRules", "StatusCallback", "RecordingRules", "StatusCallback"),
    )
    settings = (
        *("FriendlyName", "AwsCredentialsSid", "EncryptionKeySid", "AwsS3Url"),
        *("AwsStorageEnabled", "EncryptionEnabled"),
    )
    return [
        ("GET", "/v1/Recordings", [], recording_list),
        ("GET", "/v1/Recordings", [("Status", "deleted")], recording_list),
        ("GET", "/v1/Recordings", [("PageSize", "2")], recording_list),
        ("GET", f"/v1/Rooms/{live}/Recordings", [], recording_list),
        ("GET", f"/v1/Rooms/{done}/Recordings", [("PageSize", "1")], recording_list),
        ("GET", "/v1/Rooms", [], room_list),
        ("GET", "/v1/Rooms", [("Status", "completed")], room_list),
        ("GET", f"/v1/Recordings/{completed}/Media", [], media),
        ("GET", f"/v1/Rooms/{done}/Recordings/{completed}/Media", [], media),
        ("GET", f"/v1/Recordings/{rec}", [], KNOWN_PARAMS),
        ("DELETE", f"/v1/Rooms/{live}/Recordings/{rec}", [], KNOWN_PARAMS),
        ("POST", "/v1/Rooms", [], room_form),
        ("POST", "/v1/Rooms", [("RecordParticipantsOnConnect", "true")], room_form),
        ("POST", f"/v1/Rooms/{live}", [("Status", "completed")], ("Status",)),
        ("POST", "/v1/Rooms/ruled/RecordingRules", [("Rules", "[]")], ("Rules",)),
        ("POST", "/v1/RecordingSettings/Default", [("FriendlyName", "x")], settings),
    ]


BASES = _bases()


@st.composite
def one_bad_parameter(draw: st.DrawFn) -> tuple[str, str, bytes | None]:
    """A valid request with one to three parameters set to hostile values, mostly ones its
    route reads, so the hostile value reaches the code that parses it."""
    method, path, pairs, names = draw(st.sampled_from(BASES))
    pairs = list(pairs)
    plausible = FORM_PLAUSIBLE if method == "POST" else PLAUSIBLE
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(names) if draw(st.integers(0, 4)) else QUERY_NAMES)
        if name in plausible and draw(st.integers(0, 2)):
            value = draw(plausible[name])
        else:
            value = draw(VALUES)
        if draw(st.integers(0, 4)):  # mostly replace the parameter, else add one more of it
            pairs = [pair for pair in pairs if pair[0] != name]
        pairs.append((name, value))
    if method == "POST":
        return method, f"{BASE}{path}", urlencode(pairs).encode()
    return method, f"{BASE}{path}?{urlencode(pairs)}", None


@st.composite
def hostile_requests(draw: st.DrawFn) -> Request:
    headers, authenticates = draw(credentials())
    where = draw(st.integers(0, 11))
    methods: tuple[str, ...] = ("GET",)
    if where >= 7:
        method, url, body = draw(one_bad_parameter())
        if draw(st.integers(0, 11)) == 0:
            method = draw(st.sampled_from(ODD_METHODS))
        return Request(method, url, headers, body, authenticates)
    if where == 0:
        url, methods = draw(media_urls()), ("GET", "HEAD")
    elif where <= 2:
        url = draw(tampered_page_urls())
    else:
        path, methods = draw(paths())
        url = draw(st.sampled_from(HOSTS)) + path
        if draw(st.booleans()):
            url += "?" + draw(query_strings())
    how = draw(st.integers(0, 9))
    if how == 0:
        method = draw(st.sampled_from(ODD_METHODS))
    elif how <= 2:
        method = draw(st.sampled_from(METHODS))
    else:
        method = draw(st.sampled_from(methods))  # a method the route serves
    body = draw(FORM_BODIES) if method.upper() == "POST" or draw(st.integers(0, 9)) == 0 else None
    return Request(method, url, headers, body, authenticates)


HOSTILE_REQUESTS = hostile_requests()
CLOCK_MOVES = st.lists(
    st.tuples(
        st.integers(0, 30),
        st.sampled_from((1, 29, 30, 31, 599, 600, 3600, 86400, 30 * 86400)).map(Advance),
    ),
    max_size=3,
)
"""Clock moves and the request index they happen before."""


# --- the contract every answer keeps -------------------------------------------------------


def check_answer(fake: fakerec.FakeVideo, request: Request, answer: HttpResponse) -> None:
    shown = repr(request)
    if len(shown) > 1500:  # a very long URL or body: keep the message readable
        shown = f"{shown[:1200]}...({len(shown)} characters)...{shown[-200:]}"
    where = f"{shown} -> {answer.status} {answer.body[:300]!r}"
    assert answer.status < 500, f"5xx: {where}; fake errors: {fake.internal_errors!r}"
    assert fake.internal_errors == [], f"internal error: {where}: {fake.internal_errors!r}"
    if request.to_media_store:
        check_media_answer(request, answer, where)
        return
    assert (answer.status == 401) == (not request.authenticates), where
    if request.method.upper() == "HEAD":
        assert answer.body == b"", where  # HEAD is GET without a body, errors included
        return
    if 400 <= answer.status < 500:
        body = json.loads(answer.body)
        assert isinstance(body, dict), where
        assert set(body) == ERROR_KEYS, where
        assert body["status"] == answer.status, where
        assert isinstance(body["code"], int), where
        assert isinstance(body["message"], str), where
        assert body["more_info"] == MORE_INFO.format(body["code"]), where
        if answer.status == 401:
            assert body["code"] == 20003, where
            assert "WWW-Authenticate" in answer.headers, where
        if answer.status == 405:
            assert body["code"] == 20004, where
            assert answer.headers.get("Allow"), where
    elif answer.status == 204:
        assert answer.body == b"", where
    else:
        assert 200 <= answer.status < 400, where
        body = json.loads(answer.body)
        assert isinstance(body, dict), where
        if answer.status == 302:
            assert body == {"redirect_to": answer.headers["Location"]}, where


def check_media_answer(request: Request, answer: HttpResponse, where: str) -> None:
    """The media store answers like S3: XML errors, or the Matroska file itself."""
    head = request.method.upper() == "HEAD"
    if answer.status >= 400:
        assert answer.status in (403, 404, 405), where
        assert answer.headers.get("Content-Type") == "application/xml", where
        if not head:
            assert answer.body.startswith(b"<?xml"), where
            assert b"<Error><Code>" in answer.body, where
    else:
        assert answer.status == 200, where
        content_type = answer.headers.get("Content-Type")
        assert content_type in ("audio/x-matroska", "video/x-matroska"), where
        assert answer.body == b"" if head else answer.body.startswith(MATROSKA_MAGIC), where


SLOW_DATA = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]


def test_thousands_of_hostile_requests_never_break_the_fake() -> None:
    """Batches of hostile requests, each batch at a fresh fake, clock moves in between.

    Not shrunk: a batch holds ten to thirty requests and shrinking all of them takes minutes;
    the failure names the one request that broke the fake, and the next test, one request per
    example, shrinks the same requests to a minimal one."""
    sent: list[int] = []

    @settings(
        max_examples=250,
        deadline=None,
        suppress_health_check=SLOW_DATA,
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
    )
    @given(batch=st.lists(HOSTILE_REQUESTS, min_size=10, max_size=30), moves=CLOCK_MOVES)
    def fire(batch: list[Request], moves: list[tuple[int, Advance]]) -> None:
        world = fresh_world()
        fake = world.fake
        before = len(fake.requests)
        for index, request in enumerate(batch):
            for at, move in moves:
                if at == index:
                    fake.clock.advance(seconds=move.seconds)
                    assert fake.internal_errors == [], (move, fake.internal_errors)
            check_answer(fake, request, request.send(fake))
        assert len(fake.requests) - before == len(batch)  # the journal kept every one
        sent.append(len(batch))

    fire()
    assert sum(sent) >= 2000, f"only {sum(sent)} hostile requests were sent"


@settings(max_examples=400, deadline=None, suppress_health_check=SLOW_DATA)
@given(request=HOSTILE_REQUESTS)
def test_one_hostile_request_at_a_time(request: Request) -> None:
    """The same hostile requests, one per example at a fresh fake: a failure shrinks fast to
    one minimal request."""
    fake = fresh_world().fake
    check_answer(fake, request, request.send(fake))


# --- unknown parameters change nothing -----------------------------------------------------


def valid_requests() -> list[tuple[str, list[tuple[str, str]], str]]:
    """(path, query, Authorization) the fake answers 200 or 302, over every readable endpoint."""
    world = TEMPLATE
    own = world.headers["Authorization"]
    named = world.named
    rec, completed = named["processing"], named["completed"]
    live, done = named["live_room"], named["done_room"]
    requests: list[tuple[str, list[tuple[str, str]], str]] = [
        ("/v1/Recordings", [], own),
        ("/v1/Recordings", [("Status", "completed"), ("PageSize", "3")], own),
        ("/v1/Recordings", [("MediaType", "audio"), ("DateCreatedAfter", "2024-12-31")], own),
        ("/v1/Recordings", [("GroupingSid", live), ("GroupingSid", named["participant"])], own),
        ("/v1/Recordings", [("Status", "deleted")], own),
        (
            "/v1/Recordings",
            [("SourceSid", named["track"]), ("DateCreatedBefore", "2030-01-01")],
            own,
        ),
        ("/v1/Recordings", [("PageSize", "2"), ("Page", "1")], own),
        (f"/v1/Recordings/{rec}", [], own),
        (f"/v1/Recordings/{completed}/Media", [], own),
        (
            f"/v1/Recordings/{completed}/Media",
            [("Ttl", "60"), ("ContentDisposition", "inline")],
            own,
        ),
        ("/v1/Rooms", [], own),
        ("/v1/Rooms", [("Status", "completed"), ("PageSize", "1")], own),
        (f"/v1/Rooms/{live}", [], own),
        ("/v1/Rooms/standup", [], own),
        (f"/v1/Rooms/{live}/Recordings", [], own),
        (f"/v1/Rooms/{done}/Recordings", [("Status", "completed"), ("PageSize", "1")], own),
        (f"/v1/Rooms/{live}/Recordings/{rec}", [], own),
        (f"/v1/Rooms/{done}/Recordings/{completed}/Media", [], own),
        (f"/v1/Rooms/{live}/RecordingRules", [], own),
        ("/v1/Rooms/ruled/RecordingRules", [], own),
        ("/v1/RecordingSettings/Default", [], own),
    ]
    for url, auth in zip(world.page_urls, world.page_auth):
        parts = urlsplit(url)
        requests.append((parts.path, parse_qsl(parts.query, keep_blank_values=True), auth))
    return requests


def unknown_names(path: str) -> st.SearchStrategy[str]:
    """Parameter names the endpoint does not read (names are case-sensitive)."""
    room_list = path.startswith("/v1/Rooms/") and path.endswith("/Recordings")
    ignored = ("MediaType", "GroupingSid") if room_list else ()  # ignored there [DOC]
    return st.one_of(
        st.text(max_size=16).filter(lambda n: n not in KNOWN_PARAMS),
        st.sampled_from(KNOWN_PARAMS).map(str.lower),
        st.sampled_from(KNOWN_PARAMS).map(str.upper),
        st.sampled_from(("page_size", "Status[]", "PageSize ", "FriendlyName", "Limit", "To")),
        *([st.sampled_from(ignored)] if ignored else []),
    )


@settings(max_examples=250, deadline=None, suppress_health_check=SLOW_DATA)
@given(data=st.data(), which=st.integers(0, len(valid_requests()) - 1))
def test_unknown_parameters_are_ignored(data: st.DataObject, which: int) -> None:
    world = fresh_world()
    path, query, authorization = valid_requests()[which]
    headers = {"Authorization": authorization}
    extra = st.tuples(unknown_names(path), VALUES)
    before = data.draw(st.lists(extra, max_size=4), label="before")
    after = data.draw(st.lists(extra, min_size=1, max_size=4), label="after")
    plain = world.fake.dispatch("GET", f"{BASE}{path}?{urlencode(query)}", headers)
    assert plain.status in (200, 302), plain
    noisy_url = f"{BASE}{path}?{urlencode(before + query + after)}"
    noisy = world.fake.dispatch("GET", noisy_url, headers)
    assert world.fake.internal_errors == [], world.fake.internal_errors
    assert (noisy.status, noisy.headers, noisy.body) == (plain.status, plain.headers, plain.body)


# --- page tokens ---------------------------------------------------------------------------


@settings(max_examples=300, deadline=None, suppress_health_check=SLOW_DATA)
@given(
    which=st.integers(0, len(TEMPLATE.page_urls) - 1),
    token=st.one_of(TAMPERED, TAMPERED, PAGE_TOKENS),
)
def test_tampered_page_tokens_are_refused_or_served(which: int, token: str) -> None:
    """A flipped, cut or forged token is 400 code 20001, or (when it still decodes to a
    cursor of this very list) a well-formed page: never anything else."""
    world = fresh_world()
    parts = urlsplit(world.page_urls[which])
    pairs = [
        (name, token if name == "PageToken" else value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
    ]
    url = f"{BASE}{parts.path}?{urlencode(pairs)}"
    answer = world.fake.dispatch("GET", url, {"Authorization": world.page_auth[which]})
    assert world.fake.internal_errors == [], (url, world.fake.internal_errors)
    assert answer.status in (200, 400), (url, answer)
    body = json.loads(answer.body)
    if answer.status == 400:
        assert body == {
            "code": 20001,
            "message": "Invalid PageToken",
            "more_info": MORE_INFO.format(20001),
            "status": 400,
        }, (url, body)
    else:
        assert body["meta"]["page_size"] == int(dict(pairs)["PageSize"]), (url, body)


def test_page_tokens_are_refused_outside_their_list() -> None:
    """A real token by another account, with other filters, or on another list: 400 20001."""
    world = fresh_world()
    fake = world.fake
    theirs = next(a for a in world.page_auth if a != world.headers["Authorization"])
    checked = 0
    for url, auth in zip(world.page_urls, world.page_auth):
        parts = urlsplit(url)
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        token = dict(pairs)["PageToken"]
        stranger = (
            theirs if auth == world.headers["Authorization"] else world.headers["Authorization"]
        )
        refiltered = [(n, v) for n, v in pairs if n != "Status"] + [("Status", "failed")]
        other_path = (
            f"/v1/Rooms/{world.named['live_room']}/Recordings"
            if parts.path == "/v1/Recordings"
            else "/v1/Recordings"
        )
        assert fake.dispatch("GET", url, {"Authorization": auth}).status == 200, url
        for foreign_url, authorization in (
            (url, stranger),
            (f"{BASE}{parts.path}?{urlencode(refiltered)}", auth),
            (f"{BASE}{other_path}?{urlencode([('PageToken', token)])}", auth),
        ):
            answer = fake.dispatch("GET", foreign_url, {"Authorization": authorization})
            body = json.loads(answer.body)
            # Another account does not see the room at all: 404 before the token is read.
            theirs_asking = authorization != world.headers["Authorization"]
            unseen = theirs_asking and urlsplit(foreign_url).path.startswith("/v1/Rooms/")
            expected = (404, 20404) if unseen else (400, 20001)
            assert (answer.status, body.get("code")) == expected, (foreign_url, body)
            checked += 1
    assert fake.internal_errors == []
    assert checked == 3 * len(world.page_urls) > 30


# --- the bugs the fuzzing found, as minimal reproductions ------------------------------------


@dataclass(frozen=True)
class Found:
    """A minimal request the fuzzing found answered 500, and the answer it should get."""

    what: str
    method: str
    path: str
    form: dict[str, str]
    status: int
    code: int | str  # Twilio's code, or the media store's (S3) error code; 0: no error
    authorization: str | None = None  # None: the default account's credentials


FOUND = [
    # paging.paginate: islice(scan, Page * PageSize, ...) needs both bounds <= sys.maxsize,
    # so a huge Page raised ValueError. Lenient Page is an offset: past the end, an empty page.
    Found("page-overflow", "GET", "/v1/Recordings?Page=9223372036854775807&PageSize=1", {}, 200, 0),
    Found(
        "page-overflow-default-size", "GET", "/v1/Recordings?Page=184467440737095516", {}, 200, 0
    ),
    Found("page-overflow-rooms", "GET", "/v1/Rooms?Page=9999999999999999999", {}, 200, 0),
    # paging.PageCursor.decode: json.loads raised RecursionError on a deeply nested payload.
    Found(
        "deep-page-token",
        "GET",
        "/v1/Recordings?PageToken=" + encoded_token(b"[" * 2000),
        {},
        400,
        20001,
    ),
    # handlers._json_rules: json.loads raised RecursionError on deeply nested Rules.
    Found(
        "deep-rules", "POST", "/v1/Rooms/ruled/RecordingRules", {"Rules": "[" * 2000}, 400, 53120
    ),
    Found("deep-room-rules", "POST", "/v1/Rooms", {"RecordingRules": "[" * 2000}, 400, 53120),
    # callbacks._deliver: a WSGI receiver is registered and urlsplit(StatusCallback).port
    # raised ValueError while the room was being created (the room was kept, answered 500).
    Found("callback-port", "POST", "/v1/Rooms", {"StatusCallback": "https://a:99999/"}, 201, 0),
    Found("callback-ipv6", "POST", "/v1/Rooms", {"StatusCallback": "https://[::1/"}, 201, 0),
    # api.media.MediaStore.serve: hmac.compare_digest raised TypeError on a non-ASCII
    # Signature. A signature that is not ours is S3's 403 SignatureDoesNotMatch.
    Found(
        "media-signature",
        "GET",
        f"https://{MEDIA_HOST}/AC/RT.mka?Signature=%C3%A9",
        {},
        403,
        "SignatureDoesNotMatch",
    ),
    # dispatch._authenticate: b64decode of non-ASCII text raised a plain ValueError (fixed
    # upstream while this suite was written; kept as a regression check).
    Found("non-ascii-basic", "GET", "/v1/Recordings", {}, 401, 20003, "Basic \u00e9"),
]


@pytest.mark.parametrize("found", FOUND, ids=[found.what for found in FOUND])
def test_requests_the_fuzzing_found(found: Found) -> None:
    """Each answered 500 with an internal error; each must get a Twilio-shaped answer.

    For the invalid ones that is 400 with the endpoint's code; where the input is acceptable
    (a Page past the end, a StatusCallback that cannot be delivered) it is served normally.
    The exact answer is asserted after the one the contract demands: never a 5xx."""
    world = fresh_world()
    fake = world.fake
    headers = dict(world.headers)
    if found.authorization is not None:
        headers["Authorization"] = found.authorization
    body = urlencode(found.form).encode() if found.form else None
    url = found.path if found.path.startswith("https://") else BASE + found.path
    request = Request(found.method, url, headers, body, True)
    answer = request.send(fake)
    assert fake.internal_errors == [], f"{found.what}: {fake.internal_errors!r}"
    assert answer.status < 500, f"{found.what}: {answer}"
    check_answer(fake, replace(request, authenticates=found.authorization is None), answer)
    assert answer.status == found.status, answer
    if isinstance(found.code, str):
        assert f"<Code>{found.code}</Code>".encode() in answer.body, answer
        return
    payload = json.loads(answer.body)
    if found.code:
        assert payload["code"] == found.code, payload
    elif found.method == "GET":
        assert payload[payload["meta"]["key"]] == [], payload
