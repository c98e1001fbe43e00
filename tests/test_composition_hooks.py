"""Composition hooks (HK) through the SDK, and composition callbacks (SPEC 10 with SPEC 8):
CRUD and filters, a hook composing every group room that ends (within 5 s, with its own
StatusCallback), and every composition event with Twilio's parameters, signed."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from _support import BASE, DELAY, sids
from test_compositions import GRID, recorded_room, refused
from twilio.request_validator import RequestValidator
from twilio.rest import Client

import fakerec
from fakerec.callbacks import Callback
from fakerec.errors import UsageError

T0 = datetime(2025, 8, 3, 14, 0, 0, tzinfo=timezone.utc)
HOOKED = "https://app.example/hooked"
COMMON = {"AccountSid", "RoomSid", "CompositionSid", "StatusCallbackEvent", "Timestamp"}

pytestmark = pytest.mark.fake(seed=3015, processing_delay=DELAY, start=T0)


# --- CRUD ------------------------------------------------------------------------------------


def test_create_fetch_update_delete(fake: fakerec.FakeVideo, client: Client) -> None:
    hooks = client.video.v1.composition_hooks
    made = hooks.create(
        friendly_name="Every room",
        audio_sources=["*"],
        video_layout=GRID,
        format="mp4",
        resolution="1280x720",
        trim=False,
        status_callback=HOOKED,
        status_callback_method="GET",
    )
    assert made.sid.startswith("HK") and len(made.sid) == 34
    assert (made.friendly_name, made.enabled, made.account_sid) == (
        "Every room",
        True,
        fake.account_sid,
    )
    assert (made.format, made.resolution, made.trim, made.video_layout) == (
        "mp4",
        "1280x720",
        False,
        GRID,
    )
    assert (made.status_callback, made.status_callback_method) == (HOOKED, "GET")
    assert made.date_created == T0 and made.date_updated is None
    assert made.url == f"{BASE}/v1/CompositionHooks/{made.sid}"
    assert hooks(made.sid).fetch().friendly_name == "Every room"
    fake.clock.advance(seconds=5)
    updated = hooks(made.sid).update(friendly_name="Renamed", enabled=False)
    assert (updated.friendly_name, updated.enabled) == ("Renamed", False)
    assert updated.audio_sources == ["*"] and updated.format == "mp4", "the rest is kept"
    assert updated.date_updated == T0 + timedelta(seconds=5)
    assert fake.composition_hook("Renamed").status == "disabled"
    assert fake.composition_hook(made.sid) is fake.composition_hook("Renamed")
    assert hooks(made.sid).delete() is True
    assert refused(lambda: hooks(made.sid).fetch()) == (404, 20404)
    assert refused(lambda: hooks(made.sid).delete()) == (404, 20404)
    with pytest.raises(UsageError):
        fake.composition_hook("Renamed")


def test_bad_hooks_are_400(fake: fakerec.FakeVideo, client: Client) -> None:
    hooks = client.video.v1.composition_hooks
    first = hooks.create(friendly_name="Taken", audio_sources=["*"])
    assert refused(lambda: hooks.create(friendly_name="Taken", audio_sources=["*"])) == (400, 20001)
    assert refused(lambda: hooks.create(friendly_name="x" * 101, audio_sources=["*"])) == (
        400,
        20001,
    )
    assert refused(lambda: hooks.create(friendly_name="No sources")) == (400, 20001)
    bad_layout = {"grid": {"video_sources": ["*"], "z_pos": 500}}
    assert refused(lambda: hooks.create(friendly_name="L", video_layout=bad_layout)) == (400, 20001)
    assert refused(
        lambda: hooks.create(friendly_name="R", audio_sources=["*"], resolution="4000x4000")
    ) == (400, 20001)
    second = hooks.create(friendly_name="Other", audio_sources=["*"])
    assert refused(lambda: hooks(second.sid).update(friendly_name="Taken")) == (400, 20001)
    assert hooks(first.sid).update(friendly_name="Taken").friendly_name == "Taken"  # its own
    other = fake.add_account()
    theirs = Client(other.sid, other.auth_token, http_client=fake.http_client())
    assert theirs.video.v1.composition_hooks.create(friendly_name="Taken", audio_sources=["*"])
    assert refused(lambda: theirs.video.v1.composition_hooks(first.sid).fetch()) == (404, 20404)


def test_list_filters(fake: fakerec.FakeVideo, client: Client) -> None:
    hooks = client.video.v1.composition_hooks
    names = ["Daily Standup", "daily review", "Weekly", "Standup archive"]
    made = []
    for i, name in enumerate(names):
        made.append(hooks.create(friendly_name=name, audio_sources=["*"], enabled=i != 1).sid)
        fake.clock.advance(seconds=10)
    newest_first = list(reversed(made))
    assert sids(hooks.list()) == newest_first
    assert sids(hooks.list(enabled=False)) == [made[1]]
    assert sids(hooks.list(enabled=True)) == [made[3], made[2], made[0]]
    assert sids(hooks.list(friendly_name="daily*")) == [made[1], made[0]]  # any case
    assert sids(hooks.list(friendly_name="*STANDUP*")) == [made[3], made[0]]
    assert sids(hooks.list(friendly_name="weekly")) == [made[2]]
    assert sids(hooks.list(friendly_name="week")) == []
    assert sids(hooks.list(friendly_name="*up", enabled=True)) == [made[0]]
    assert sids(hooks.list(date_created_after=T0 + timedelta(seconds=10))) == newest_first[:3]
    assert sids(hooks.list(date_created_before=T0 + timedelta(seconds=10))) == [made[0]]
    assert sids(hooks.list(page_size=1)) == newest_first  # paged one by one


# --- hooks fire when rooms end ---------------------------------------------------------------


def test_every_enabled_hook_composes_a_room_that_ends(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    hooks = client.video.v1.composition_hooks
    hooks.create(friendly_name="Audio", audio_sources=["*"], status_callback=HOOKED)
    hooks.create(friendly_name="Video", video_layout=GRID, format="mp4")
    hooks.create(friendly_name="Off", audio_sources=["*"], enabled=False)
    room = recorded_room(fake, "hooked")
    ended = fake.clock.now()
    fake.clock.advance(seconds=5)
    made = client.video.v1.compositions.list(room_sid=room.sid)
    assert len(made) == 2
    assert all(c.date_created <= ended + timedelta(seconds=5) for c in made)
    by_format = {c.format: c for c in made}
    assert by_format["webm"].audio_sources == ["*"]
    assert by_format["webm"].status_callback == HOOKED
    assert by_format["mp4"].video_layout == GRID and by_format["mp4"].status_callback is None
    events = [c.event for c in fake.callbacks if c.url == HOOKED]
    assert events[0] == "composition-enqueued"
    fake.clock.advance(minutes=10)
    assert {c.status for c in client.video.v1.compositions.list(room_sid=room.sid)} == {"completed"}


def test_hooks_skip_rooms_they_cannot_compose(fake: fakerec.FakeVideo, client: Client) -> None:
    client.video.v1.composition_hooks.create(
        friendly_name="Cams only", video_layout=GRID, status_callback=HOOKED
    )
    audio_only = recorded_room(fake, "voice", (("audio", "mic", 0, 20),), length=20)
    assert client.video.v1.compositions.list() == []
    failed = [c for c in fake.callbacks if c.event == "composition-hook-failed"]
    assert len(failed) == 1
    hook = fake.composition_hook("Cams only")
    assert failed[0].params["CompositionHookSid"] == hook.sid
    assert failed[0].params["RoomSid"] == audio_only.sid
    assert failed[0].params["ErrorCode"] == "53631"
    assert set(failed[0].params) >= COMMON
    never_recorded = fake.create_room("plain")
    never_recorded.connect("x").publish("audio")
    never_recorded.complete()
    assert len([c for c in fake.callbacks if c.event == "composition-hook-failed"]) == 1
    assert client.video.v1.compositions.list() == []


def test_control_plane_hooks(fake: fakerec.FakeVideo, client: Client) -> None:
    hook = fake.create_composition_hook("Plane", audio_sources=["*"], format="mp4")
    assert (hook.sid[:2], hook.status) == ("HK", "enabled")
    assert client.video.v1.composition_hooks(hook.sid).fetch().format == "mp4"
    recorded_room(fake, "plane")
    assert [c.spec.format for c in fake.compositions] == ["mp4"]
    with pytest.raises(UsageError):
        fake.create_composition_hook("Plane", audio_sources=["*"])
    with pytest.raises(UsageError):
        fake.create_composition_hook("Empty")


# --- callbacks -------------------------------------------------------------------------------


def _composed(fake: fakerec.FakeVideo, method: str = "POST") -> str:
    room = recorded_room(fake, f"cb-{method}", length=60, tracks=(("audio", "mic", 0, 60),))
    client = Client(fake.account_sid, fake.auth_token, http_client=fake.http_client())
    sid = client.video.v1.compositions.create(
        room_sid=room.sid,
        audio_sources=["*"],
        status_callback=HOOKED,
        status_callback_method=method,
    ).sid
    fake.clock.advance(minutes=10)
    return sid


def test_every_event_carries_twilios_parameters(fake: fakerec.FakeVideo) -> None:
    sid = _composed(fake)
    sent = [c for c in fake.callbacks if c.url == HOOKED]
    assert [c.event for c in sent] == [
        "composition-enqueued",
        "composition-started",
        "composition-progress",
        "composition-progress",
        "composition-progress",
        "composition-available",
    ]
    for callback in sent:
        assert set(callback.params) >= COMMON
        assert callback.params["CompositionSid"] == sid
        assert callback.params["StatusCallbackEvent"] == callback.event
        assert callback.params["AccountSid"] == fake.account_sid
    progress = [c.params for c in sent if c.event == "composition-progress"]
    done = [int(p["PercentageDone"]) for p in progress]
    assert done == sorted(done) and all(0 < d < 100 for d in done)
    remaining = [int(p["SecondsRemaining"]) for p in progress]
    assert remaining == sorted(remaining, reverse=True) and all(r >= 0 for r in remaining)
    available = sent[-1].params
    composition = fake.composition(sid)
    assert available["MediaUri"] == f"/v1/Compositions/{sid}/Media"
    assert available["Duration"] == str(composition.duration) == "60"
    assert available["Size"] == str(composition.size)
    stamps = [c.params["Timestamp"] for c in sent]
    assert stamps == sorted(stamps)


def test_composition_failed_is_sent(fake: fakerec.FakeVideo) -> None:
    fake.fail_next_compositions(1)
    sid = _composed(fake)
    failed = [c for c in fake.callbacks if c.event == "composition-failed"]
    assert len(failed) == 1 and failed[0].params["CompositionSid"] == sid
    assert set(failed[0].params) >= COMMON
    assert "composition-available" not in {c.event for c in fake.callbacks}


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_composition_callbacks_are_signed(fake: fakerec.FakeVideo, method: str) -> None:
    _composed(fake, method)
    validator = RequestValidator(fake.auth_token)
    sent = [c for c in fake.callbacks if c.event.startswith("composition")]
    assert sent and {c.method for c in sent} == {method}
    for callback in sent:
        signature = callback.headers["X-Twilio-Signature"]
        if method == "POST":
            assert validator.validate(callback.url, callback.params, signature)
            assert dict(parse_qsl(callback.body.decode(), keep_blank_values=True)) == (
                callback.params
            )
        else:
            assert validator.validate(callback.url, {}, signature)
            assert dict(parse_qsl(urlsplit(callback.url).query)) == callback.params
        assert not RequestValidator("0" * 32).validate(callback.url, callback.params, signature)
    tokens = [c.headers["I-Twilio-Idempotency-Token"] for c in sent]
    assert len(set(tokens)) == len(tokens)


def test_a_receiver_gets_them_and_its_failure_fails_check(fake: fakerec.FakeVideo) -> None:
    got: list[Callback] = []

    def receiver(callback: Callback) -> Any:
        got.append(callback)
        assert callback.event != "composition-available", "the test's own assertion"

    fake.on_callback(receiver, url_prefix=HOOKED)
    _composed(fake)
    assert [c.event for c in got][-1] == "composition-available"
    with pytest.raises(AssertionError, match="composition-available"):
        fake.check()


def test_a_room_completed_over_rest_fires_the_hooks(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    hook = client.video.v1.composition_hooks.create(friendly_name="REST", audio_sources=["*"])
    room = client.video.v1.rooms.create(
        unique_name="rest-ended", record_participants_on_connect=True
    )
    fake.room(room.sid).connect("alice").publish("audio", name="mic")
    fake.clock.advance(seconds=30)
    assert client.video.v1.compositions.list() == []
    client.video.v1.rooms(room.sid).update(status="completed")
    made = client.video.v1.compositions.list(room_sid=room.sid)
    assert len(made) == 1 and made[0].audio_sources == ["*"]
    client.video.v1.composition_hooks(hook.sid).update(friendly_name="REST", enabled=False)
    again = client.video.v1.rooms.create(record_participants_on_connect=True)
    fake.room(again.sid).connect("bob").publish("audio")
    client.video.v1.rooms(again.sid).update(status="completed")
    assert client.video.v1.compositions.list(room_sid=again.sid) == [], "a disabled hook"


def test_sync_stream_and_page(fake: fakerec.FakeVideo, client: Client) -> None:
    made = []
    for i in range(5):
        made.append(fake.create_composition_hook(f"h{i}", audio_sources=["*"]).sid)
        fake.clock.advance(seconds=1)
    hooks = client.video.v1.composition_hooks
    assert [h.sid for h in hooks.stream(page_size=2)] == made[::-1]
    first = hooks.page(page_size=3)
    second = first.next_page()
    assert second is not None and sids(second) == made[::-1][3:]
    assert sids(second.previous_page()) == made[::-1][:3]
    room = recorded_room(fake, "streamed")
    compositions = client.video.v1.compositions
    assert len(list(compositions.stream(page_size=2, room_sid=room.sid))) == 5
    assert [c.sid for c in compositions.stream(limit=3)] == sids(compositions.list())[:3]


def test_a_room_that_times_out_is_composed_at_its_end(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    """Found by the state machine: a room ending itself during a long clock jump is composed
    at the instant it ended (dated then, its stages run from then), not at the jump's end."""
    client.video.v1.composition_hooks.create(friendly_name="Timeouts", audio_sources=["*"])
    room = fake.create_room(record_participants_on_connect=True, empty_room_timeout=1)
    alice = room.connect("alice")
    alice.publish("audio", name="mic")
    fake.clock.advance(seconds=30)
    alice.disconnect()
    ended = fake.clock.now() + timedelta(minutes=1)
    fake.clock.advance(days=1)
    (made,) = client.video.v1.compositions.list(room_sid=room.sid)
    assert made.date_created == ended.replace(microsecond=0)
    assert (made.status, made.duration) == ("completed", 30)
