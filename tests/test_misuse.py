"""SPEC 9 "Misuse is named": a wrong call says what was wrong, by name, before anything happens."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from _support import sdk_client as sdk
from _support import write_quiet_ini
from twilio.base.exceptions import TwilioRestException

import fakerec
from fakerec.errors import MissingExtraError

UTC = timezone.utc
EST = timezone(timedelta(hours=-5))


# --- the marker -----------------------------------------------------------------------------------


@pytest.fixture
def quiet_ini(pytester: pytest.Pytester) -> pytest.Pytester:
    """Only to silence pytest-asyncio's warning about an unset loop scope in the inner runs."""
    return write_quiet_ini(pytester)


def test_marker_misuse_errors_the_test_and_names_the_keywords(quiet_ini: pytest.Pytester) -> None:
    quiet_ini.makepyfile(
        test_marker="""
        import pytest


        @pytest.mark.fakerec(7)
        def test_positional(fakerec):
            pass


        @pytest.mark.fakerec(sead=1)
        def test_misspelt(fakerec):
            pass


        @pytest.mark.fakerec(seed=1)
        def test_fine(fakerec):
            assert fakerec.seed == 1
        """
    )
    result = quiet_ini.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:randomly")
    result.assert_outcomes(passed=1, errors=2)
    output = result.stdout.str()
    keywords = "seed, processing_delay, start, clock, freeze_time, journal_limit"
    result.stdout.fnmatch_lines(
        [
            "*ERROR at setup of test_positional*",
            "E*UsageError: @pytest.mark.fakerec takes keywords only*",
            "*ERROR at setup of test_misspelt*",
            "E*UsageError: @pytest.mark.fakerec got unknown keyword(s) sead*",
        ]
    )
    assert f"keywords only ({keywords}); got positional (7,)" in output
    assert f"unknown keyword(s) sead; it takes {keywords}" in output


# --- missing optional dependencies ----------------------------------------------------------------


def hide(monkeypatch: pytest.MonkeyPatch, package: str, adapter: str) -> None:
    """Make ``package`` unimportable, and forget the fakerec adapter that imported it."""
    monkeypatch.setitem(sys.modules, package, None)  # type: ignore[arg-type]
    for name in [n for n in sys.modules if n.startswith(package + ".")]:
        monkeypatch.delitem(sys.modules, name, raising=False)
    monkeypatch.delitem(sys.modules, f"fakerec.adapters.{adapter}", raising=False)


@pytest.mark.parametrize("method", ["http_client", "async_http_client"])
def test_a_missing_twilio_sdk_names_the_extra(method: str) -> None:
    fake = fakerec.FakeVideo(seed=0)
    with pytest.MonkeyPatch.context() as monkeypatch:
        hide(monkeypatch, "twilio", "twilio_adapter")
        with pytest.raises(MissingExtraError) as raised:
            getattr(fake, method)()
    assert isinstance(raised.value, ImportError)
    assert "pip install 'fakerec[twilio]'" in str(raised.value)
    assert "twilio" in str(raised.value)
    # with the SDK back, the same call works
    client = getattr(fake, method)()
    assert type(client).__module__ == "fakerec.adapters.twilio_adapter"


def test_a_missing_httpx_names_the_extra() -> None:
    fake = fakerec.FakeVideo(seed=0)
    with pytest.MonkeyPatch.context() as monkeypatch:
        hide(monkeypatch, "httpx", "httpx_adapter")
        with pytest.raises(MissingExtraError) as raised:
            fake.httpx_transport()
    assert isinstance(raised.value, ImportError)
    assert "pip install 'fakerec[httpx]'" in str(raised.value)
    assert "fakerec[twilio]" not in str(raised.value)
    assert type(fake.httpx_transport()).__name__ == "FakeVideoTransport"


# --- seeding times: ISO strings, offsets, naive = UTC ---------------------------------------------


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("2024-01-01", datetime(2024, 1, 1, tzinfo=UTC)),
        ("2024-01-01T10:00:00+02:00", datetime(2024, 1, 1, 8, tzinfo=UTC)),
        ("2024-01-01T10:00:00Z", datetime(2024, 1, 1, 10, tzinfo=UTC)),
        (datetime(2024, 1, 1, 10, tzinfo=EST), datetime(2024, 1, 1, 15, tzinfo=UTC)),
        (datetime(2024, 1, 1, 12), datetime(2024, 1, 1, 12, tzinfo=UTC)),
    ],
)  # fmt: skip
def test_date_created_is_an_instant_in_utc(given: object, stored: datetime) -> None:
    fake = fakerec.FakeVideo(seed=0)
    rec = fake.add_recording(date_created=given)
    assert rec.date_created == stored
    assert rec.date_created.utcoffset() == timedelta(0)
    fetched = sdk(fake).video.v1.recordings(rec.sid).fetch()
    assert fetched.date_created == stored
    body = json.loads(fake.requests[-1].response_body)
    assert body["date_created"] == stored.strftime("%Y-%m-%dT%H:%M:%SZ")


@contextmanager
def host_time_zone(name: str) -> Iterator[None]:
    """The host's local time zone is ``name`` inside; the one before is back afterwards."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("TZ", name)
        time.tzset()
        try:
            yield
        finally:
            monkeypatch.undo()
            time.tzset()


def test_naive_datetimes_are_utc_whatever_the_hosts_time_zone() -> None:
    naive = datetime(2024, 1, 1, 12)
    host_zone = time.tzname
    with host_time_zone("America/New_York"):
        # the host really is not on UTC, so a local reading would be five hours off
        assert time.tzname == ("EST", "EDT")
        assert naive.astimezone(UTC) == datetime(2024, 1, 1, 17, tzinfo=UTC)

        fake = fakerec.FakeVideo(seed=0, start=naive)
        assert fake.clock.now() == datetime(2024, 1, 1, 12, tzinfo=UTC)
        rec = fake.add_recording(date_created=naive)
        assert rec.date_created == datetime(2024, 1, 1, 12, tzinfo=UTC)
        fetched = sdk(fake).video.v1.recordings(rec.sid).fetch()
        assert fetched.date_created == datetime(2024, 1, 1, 12, tzinfo=UTC)
        body = json.loads(fake.requests[-1].response_body)
        assert body["date_created"] == "2024-01-01T12:00:00Z"

        fake.clock.set(datetime(2024, 6, 1, 9))  # naive again, in New York's summer time
        assert fake.clock.now() == datetime(2024, 6, 1, 9, tzinfo=UTC)
        assert fake.add_recording().date_created == datetime(2024, 6, 1, 9, tzinfo=UTC)
    assert time.tzname == host_zone


# --- bad seeding values ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"duration": 1.5}, "duration"),
        ({"duration": -1}, "duration"),
        ({"duration": True}, "duration"),
        ({"size": "lots"}, "size"),
        ({"bitrate": -5}, "bitrate"),
        ({"bitrate": 0}, "bitrate"),
        ({"status": "bogus"}, "status"),
        ({"status_callback_method": "BOGUS"}, "status_callback_method"),
        ({"type": "data"}, "type"),
        ({"date_created": "yesterday"}, "date_created"),
        ({"date_created": 12}, "date_created"),
        ({"room_sid": "RM123"}, "room_sid"),
        ({"muted": "false"}, "muted"),
        ({"colour": "red"}, "colour"),
        ({"status": "completed", "duration": 5, "offset": -1}, "offset"),
    ],
)
def test_a_bad_seeding_value_is_named_and_nothing_is_stored(
    fields: dict[str, Any], named: str
) -> None:
    fake = fakerec.FakeVideo(seed=0)
    with pytest.raises(fakerec.UsageError) as raised:
        fake.add_recording(**fields)
    message = str(raised.value)
    assert named in message
    if named != "colour":
        assert repr(fields[named]) in message  # and says what it got
    assert fake.requests == []
    assert sdk(fake).video.v1.recordings.list() == []
    assert sdk(fake).video.v1.rooms.list() == []  # no seeding room either
    assert fake.callbacks == []


def test_an_unknown_seeding_field_lists_the_valid_ones() -> None:
    fake = fakerec.FakeVideo(seed=0)
    with pytest.raises(fakerec.UsageError) as raised:
        fake.add_recording(colour="red", duration=3)
    message = str(raised.value)
    assert "colour" in message
    for valid in ("status", "type", "duration", "date_created", "room_sid", "muted"):
        assert valid in message
    assert sdk(fake).video.v1.recordings.list() == []


def test_after_refused_seeding_a_good_one_is_stored_alone() -> None:
    fake = fakerec.FakeVideo(seed=0)
    with pytest.raises(fakerec.UsageError):
        fake.add_recording(duration=-1)
    rec = fake.add_recording(duration=42, status="COMPLETED", type="video")
    listed = sdk(fake).video.v1.recordings.list()
    assert [(r.sid, r.duration, r.status, r.type) for r in listed] == [
        (rec.sid, 42, "completed", "video")
    ]


@pytest.mark.parametrize(
    ("call", "named"),
    [
        ({"type": "huge"}, "type"),
        ({"record_participants_on_connect": "yes"}, "record_participants_on_connect"),
        ({"unknown_option": 1}, "unknown_option"),
        ({"unique_name": 5}, "unique_name"),
        ({"status_callback_method": "PUT"}, "status_callback_method"),
        ({"max_participants": 0}, "max_participants"),
    ],
)
def test_a_bad_room_option_is_named_and_no_room_is_made(call: dict[str, Any], named: str) -> None:
    fake = fakerec.FakeVideo(seed=0)
    with pytest.raises(fakerec.UsageError) as raised:
        fake.create_room(**call)
    assert named in str(raised.value)
    assert sdk(fake).video.v1.rooms.list() == []
    assert fake.callbacks == []


def test_an_unknown_room_option_lists_the_valid_ones() -> None:
    fake = fakerec.FakeVideo(seed=0)
    with pytest.raises(fakerec.UsageError) as raised:
        fake.create_room("standup", unknown_option=1)
    for valid in ("record_participants_on_connect", "status_callback", "type"):
        assert valid in str(raised.value)
    room = fake.create_room("standup")  # the name was not taken by the refused call
    assert [r.unique_name for r in sdk(fake).video.v1.rooms.list()] == ["standup"]
    assert room.unique_name == "standup"


@pytest.mark.parametrize(
    ("call", "named"),
    [
        ({"bitrate": -5}, "bitrate"),
        ({"bitrate": 0}, "bitrate"),
        ({"bitrate": 1.5}, "bitrate"),
        ({"bitrate": True}, "bitrate"),
        ({"name": 7}, "name"),
    ],
)
def test_a_bad_publish_value_is_named_and_nothing_is_recorded(
    call: dict[str, Any], named: str
) -> None:
    fake = fakerec.FakeVideo(seed=0)
    room = fake.create_room(record_participants_on_connect=True)
    alice = room.connect("alice")
    with pytest.raises(fakerec.UsageError) as raised:
        alice.publish("audio", **call)
    assert named in str(raised.value)
    assert repr(call[named]) in str(raised.value)
    assert alice.tracks == []
    assert room.recordings == []
    assert sdk(fake).video.v1.recordings.list() == []


@pytest.mark.parametrize("identity", [5, "", None])
def test_connect_names_a_bad_identity(identity: object) -> None:
    fake = fakerec.FakeVideo(seed=0)
    room = fake.create_room()
    with pytest.raises(fakerec.UsageError, match="identity"):
        room.connect(identity)  # type: ignore[arg-type]
    assert room.participants == {}


def test_publish_names_a_bad_kind_and_codec() -> None:
    fake = fakerec.FakeVideo(seed=0)
    room = fake.create_room(record_participants_on_connect=True)
    alice = room.connect("alice")
    with pytest.raises(fakerec.UsageError, match=r"kind.*'screen'"):
        alice.publish("screen")
    with pytest.raises(fakerec.UsageError, match=r"codec.*'VP8'"):
        alice.publish("audio", codec="VP8")
    assert room.recordings == []
    assert sdk(fake).video.v1.recordings.list() == []


# --- fault routes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "route",
    [
        "GET https://video.twilio.com/v1/Recordings",
        "FETCH /v1/Recordings",
        "GET /v1/Recordings?PageSize=5",
        "GET",
        "",
        "GET /a /b",
        "video.twilio.com/v1/Recordings",
    ],
)
def test_a_fault_route_that_could_never_match_is_refused_at_once(route: str) -> None:
    fake = fakerec.FakeVideo(seed=0)
    with pytest.raises(fakerec.UsageError) as raised:
        fake.inject_fault(route, status=429)
    assert repr(route) in str(raised.value)
    assert "METHOD" in str(raised.value)
    fake.check()  # nothing was armed, so nothing is left unfired
    assert sdk(fake).video.v1.recordings.list() == []  # and nothing spoils a request


@pytest.mark.parametrize(
    ("route", "method", "path"),
    [
        ("GET /v1/Recordings/*", "GET", "/v1/Recordings/*"),
        ("/v1/Recordings", "*", "/v1/Recordings"),
        ("*", "*", "*"),
        ("delete /v1/Recordings/*", "DELETE", "/v1/Recordings/*"),
    ],
)
def test_a_fault_route_that_can_match_is_accepted(route: str, method: str, path: str) -> None:
    fake = fakerec.FakeVideo(seed=0)
    fault = fake.inject_fault(route, status=503, optional=True)
    assert (fault.method, fault.path_glob) == (method, path)
    assert fault.route == f"{method} {path}"
    fake.check()  # optional: unfired is fine


def test_a_lower_case_method_fault_fires_on_that_method() -> None:
    fake = fakerec.FakeVideo(seed=0)
    rec = fake.add_recording()
    fake.inject_fault("delete /v1/Recordings/*", status=503)
    client = sdk(fake)
    assert client.video.v1.recordings(rec.sid).fetch().sid == rec.sid  # GET: not spoiled
    with pytest.raises(TwilioRestException) as raised:
        client.video.v1.recordings(rec.sid).delete()
    assert raised.value.status == 503
    assert client.video.v1.recordings(rec.sid).delete() is True  # used up
    fake.check()


# --- the constructor ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "named"),
    [
        ({"processing_delay": "30"}, "processing_delay"),
        ({"processing_delay": True}, "processing_delay"),
        ({"processing_delay": -30}, "processing_delay"),
        ({"processing_delay": timedelta(seconds=-1)}, "processing_delay"),
        ({"processing_delay": float("nan")}, "processing_delay"),
        ({"processing_delay": float("inf")}, "processing_delay"),
        ({"freeze_time": "no"}, "freeze_time"),
        ({"clock": object()}, "clock"),
        ({"start": "yesterday"}, "start"),
        ({"start": 12}, "start"),
        ({"start": datetime(2031, 1, 1), "clock": fakerec.ManualClock()}, "start"),
    ],
)
def test_a_bad_constructor_option_is_a_usage_error(options: dict[str, Any], named: str) -> None:
    with pytest.raises(fakerec.UsageError) as raised:
        fakerec.FakeVideo(seed=0, **options)
    assert named in str(raised.value)
