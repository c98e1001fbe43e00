"""The world the fuzz tests fire at, the requests they send, and the contract every answer keeps.

A fake holding rooms and recordings in every status, two accounts and status-callback
receivers, built from a fixed seed: every build has the same SIDs, secrets and page tokens, so
the strategies (fuzz_values, fuzz_requests) draw them from one TEMPLATE and each example fires
at a fresh build. Whatever the request, the fake must answer and never break (SPEC sections 2,
5, 6, 7): ``check_answer`` holds every answer to that.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable
from urllib.parse import parse_qsl, urlsplit

from _support import BASE, ERROR_KEYS, account_auth, auth_header, basic_auth

import fakerec
from fakerec.api.dispatch import HttpResponse

SEED = "fuzz"
MORE_INFO = "https://www.twilio.com/docs/errors/{}"
MEDIA_HOST = "com-twilio-us1-video-recording.s3.amazonaws.com"
MATROSKA_MAGIC = b"\x1a\x45\xdf\xa3"  # EBML: every Matroska file starts with it


def wsgi_receiver(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    """A WSGI app that accepts every status callback."""
    start_response("204 No Content", [])
    return []


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
    headers = account_auth(fake)

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
    their_headers = auth_header(other.sid, other.auth_token)
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
            basic_auth(key.sid, key.secret),
            basic_auth(other.sid, other.auth_token),
            basic_auth(other_key.sid, other_key.secret),
        ),
        bad_auth=(
            basic_auth(fake.account_sid, other.auth_token),
            basic_auth(fake.account_sid, fake.auth_token + "0"),
            basic_auth(fake.account_sid, ""),
            basic_auth("", fake.auth_token),
            basic_auth(fake.account_sid.upper(), fake.auth_token),
            basic_auth(other.sid, fake.auth_token),
            basic_auth(key.sid, fake.auth_token),
            basic_auth(key.sid, other_key.secret),
            basic_auth(fake.account_sid, fake.auth_token + ":x"),
            basic_auth(" " + fake.account_sid, fake.auth_token),
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


# --- the requests ----------------------------------------------------------------------------


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
        # 400 InvalidArgument: credentials sent along with a presigned URL, as S3 answers it.
        carries_credentials = any(name.lower() == "authorization" for name in request.headers)
        assert answer.status in (403, 404, 405) or (
            answer.status == 400 and carries_credentials
        ), where
        assert answer.headers.get("Content-Type") == "application/xml", where
        if not head:
            assert answer.body.startswith(b"<?xml"), where
            assert b"<Error><Code>" in answer.body, where
    else:
        assert answer.status == 200, where
        content_type = answer.headers.get("Content-Type")
        assert content_type in ("audio/x-matroska", "video/x-matroska"), where
        assert answer.body == b"" if head else answer.body.startswith(MATROSKA_MAGIC), where
