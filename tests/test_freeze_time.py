"""SPEC 9 "One timeline": with freeze_time=True the process's time IS the fake's clock in mock()."""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import date, datetime, timedelta, timezone

import pytest
from _support import write_quiet_ini
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.rest import Client

import fakerec
from fakerec.callbacks import Callback

#: Far from any real "today", so a real clock can never agree by accident.
START = datetime(2031, 3, 4, 5, 6, 7, tzinfo=timezone.utc)
CALLBACK = "https://app.example/cb"


def process_time() -> dict[str, object]:
    """Every way code under test reads the time, read now."""
    return {
        "now": datetime.now(),
        "now_utc": datetime.now(timezone.utc),
        "utcnow": datetime.utcnow(),
        "today": date.today(),
        "time": time.time(),
    }


def assert_process_time_is(moment: datetime) -> None:
    """Each reading of the process's time agrees with ``moment`` (an aware UTC datetime)."""
    seen = process_time()
    naive = moment.replace(tzinfo=None)
    assert seen["now"] == naive
    assert seen["now_utc"] == moment
    assert seen["utcnow"] == naive
    assert seen["today"] == moment.date()
    assert isinstance(seen["time"], float)
    assert abs(seen["time"] - moment.timestamp()) < 1e-3


def assert_real_time() -> None:
    """The process's time is the real time again (nowhere near 2031)."""
    assert date.today().year != START.year
    assert datetime.now(timezone.utc).year != START.year
    assert abs(time.time() - datetime.now(timezone.utc).timestamp()) < 5
    # time moves on its own again
    before = time.perf_counter()
    first = time.time()
    while time.perf_counter() - before < 0.01:
        pass
    assert time.time() > first


def test_inside_mock_every_reading_of_the_process_time_is_the_fakes_clock() -> None:
    fake = fakerec.FakeVideo(seed=0, freeze_time=True, start=START)
    with fake.mock():
        assert fake.clock.now() == START
        assert_process_time_is(START)
        assert date.today() == date(2031, 3, 4)
        assert int(time.time()) == int(START.timestamp())
    assert_real_time()


def test_advance_and_set_move_the_process_time_too() -> None:
    fake = fakerec.FakeVideo(seed=0, freeze_time=True, start=START)
    with fake.mock():
        fake.clock.advance(seconds=90)
        assert_process_time_is(START + timedelta(seconds=90))
        fake.clock.advance(days=1)
        assert_process_time_is(START + timedelta(days=1, seconds=90))
        assert date.today() == date(2031, 3, 5)
        fake.clock.advance(timedelta(hours=20))
        assert date.today() == date(2031, 3, 6)  # the clock's UTC date
        fake.clock.set(datetime(2032, 7, 8, 9, 10, 11, tzinfo=timezone.utc))
        assert_process_time_is(datetime(2032, 7, 8, 9, 10, 11, tzinfo=timezone.utc))
        # set() may go back; a naive moment is UTC
        fake.clock.set(datetime(2030, 12, 31, 23, 59, 59))
        assert_process_time_is(datetime(2030, 12, 31, 23, 59, 59, tzinfo=timezone.utc))
        assert date.today() == date(2030, 12, 31)
        # an aware moment in another zone is the same instant
        fake.clock.set(datetime(2031, 1, 1, 1, 0, tzinfo=timezone(timedelta(hours=2))))
        assert_process_time_is(datetime(2030, 12, 31, 23, 0, tzinfo=timezone.utc))
        assert date.today() == date(2030, 12, 31)
    assert_real_time()


def test_a_sub_second_advance_is_seen_to_the_microsecond() -> None:
    fake = fakerec.FakeVideo(seed=0, freeze_time=True, start=START)
    with fake.mock():
        fake.clock.advance(seconds=0.5)
        half = START + timedelta(milliseconds=500)
        assert fake.clock.now() == half
        assert datetime.now(timezone.utc) == half
        assert datetime.now() == half.replace(tzinfo=None)
        assert time.time() == pytest.approx(half.timestamp(), abs=1e-6)


def test_the_freeze_starts_where_the_clock_is_when_mock_is_entered() -> None:
    fake = fakerec.FakeVideo(seed=0, freeze_time=True, start=START)
    fake.clock.advance(hours=3)
    assert date.today().year != START.year  # not frozen before mock()
    with fake.mock():
        assert_process_time_is(START + timedelta(hours=3))
    assert_real_time()
    fake.clock.advance(days=2)  # moving the clock outside mock() leaves real time alone
    assert_real_time()
    with fake.mock():  # and a second mock() freezes again, at the clock's time now
        assert_process_time_is(START + timedelta(days=2, hours=3))
        fake.clock.advance(seconds=1)
        assert_process_time_is(START + timedelta(days=2, hours=3, seconds=1))
    assert_real_time()


def test_reentering_mock_keeps_the_freeze_until_the_outer_exit() -> None:
    fake = fakerec.FakeVideo(seed=0, freeze_time=True, start=START)
    with fake.mock():
        with fake.mock():
            fake.clock.advance(seconds=5)
            assert_process_time_is(START + timedelta(seconds=5))
        assert_process_time_is(START + timedelta(seconds=5))
        fake.clock.advance(seconds=5)
        assert_process_time_is(START + timedelta(seconds=10))
    assert_real_time()


def test_leaving_mock_through_an_exception_unfreezes() -> None:
    fake = fakerec.FakeVideo(seed=0, freeze_time=True, start=START)
    with pytest.raises(KeyError, match="boom"), fake.mock():
        assert date.today() == START.date()
        raise KeyError("boom")
    assert_real_time()


def test_without_freeze_time_the_process_time_is_not_frozen() -> None:
    fake = fakerec.FakeVideo(seed=0, start=START)
    assert fake.freeze_time is False
    with fake.mock():
        assert fake.clock.now() == START
        assert_real_time()
        fake.clock.advance(days=1)
        assert_real_time()
        assert fake.clock.now() == START + timedelta(days=1)


def test_a_callback_receiver_sees_the_fakes_time_of_the_event() -> None:
    fake = fakerec.FakeVideo(seed=0, freeze_time=True, start=START)
    seen: list[tuple[str, datetime, datetime, datetime]] = []

    def receiver(callback: Callback) -> None:
        seen.append((callback.event, datetime.now(timezone.utc), fake.clock.now(), callback.at))

    fake.on_callback(receiver)
    with fake.mock():
        room = fake.create_room(
            unique_name="standup",
            record_participants_on_connect=True,
            status_callback=CALLBACK,
        )
        alice = room.connect("alice")
        mic = alice.publish("audio", name="mic")
        fake.clock.advance(seconds=10)
        room.complete()
        assert "recording-completed" not in [event for event, *_ in seen]
        fake.clock.advance(seconds=30)  # the processing delay: recording-completed falls due
        assert mic.recording is not None
        assert mic.recording.status == "completed"
    by_event = {event: (now, clock, at) for event, now, clock, at in seen}
    assert by_event["room-created"] == (START, START, START)
    assert by_event["recording-started"] == (START, START, START)
    ended = START + timedelta(seconds=10)
    assert by_event["room-ended"] == (ended, ended, ended)
    completed = START + timedelta(seconds=40)
    assert by_event["recording-completed"] == (completed, completed, completed)
    assert [event for event, *_ in seen][-1] == "recording-completed"
    assert_real_time()


def test_a_receiver_sees_the_clocks_time_when_a_jump_passes_the_event() -> None:
    fake = fakerec.FakeVideo(seed=0, freeze_time=True, start=START)
    seen: dict[str, tuple[datetime, datetime]] = {}

    def receiver(callback: Callback) -> None:
        seen[callback.event] = (datetime.now(timezone.utc), fake.clock.now())

    fake.on_callback(receiver)
    with fake.mock():
        room = fake.create_room(record_participants_on_connect=True, status_callback=CALLBACK)
        room.connect("alice").publish("audio", name="mic")
        room.complete()
        fake.clock.advance(hours=2)
    process_now, clock_now = seen["recording-completed"]
    assert process_now == clock_now == START + timedelta(hours=2)


def test_asyncio_sleep_still_returns_under_the_freeze() -> None:
    fake = fakerec.FakeVideo(seed=0, freeze_time=True, start=START)
    results: list[tuple[datetime, datetime]] = []

    async def nap() -> None:
        before = datetime.now(timezone.utc)
        await asyncio.sleep(0.01)
        results.append((before, datetime.now(timezone.utc)))

    with fake.mock():
        runner = threading.Thread(target=lambda: asyncio.run(nap()), daemon=True)
        runner.start()
        runner.join(timeout=5)  # a guard: a frozen event loop would sleep forever
        assert not runner.is_alive(), "asyncio.sleep(0.01) never returned under freeze_time"
        asyncio.run(asyncio.wait_for(nap(), timeout=5))  # and on this thread
    assert results == [(START, START), (START, START)]  # the coroutine saw the frozen time


def test_code_under_test_sees_one_timeline_through_the_sdk() -> None:
    """Code under test compares the recordings it lists with its own idea of now."""
    fake = fakerec.FakeVideo(seed=0, freeze_time=True, start=START)
    with fake.mock():
        fake.clock.advance(minutes=5)
        made = fake.add_recording(status="completed", duration=60)
        fake.clock.advance(minutes=10)
        client = Client(fake.account_sid, fake.auth_token)  # requests, intercepted
        (listed,) = client.video.v1.recordings.list(
            date_created_after=datetime.now(timezone.utc) - timedelta(minutes=15)
        )
        assert listed.sid == made.sid
        assert datetime.now(timezone.utc) - listed.date_created == timedelta(minutes=10)
        assert listed.date_created == START + timedelta(minutes=5)
        recent = client.video.v1.recordings.list(
            date_created_after=datetime.now(timezone.utc) - timedelta(minutes=9)
        )
        assert recent == []


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # the SDK's use of aiohttp
def test_the_sdks_aiohttp_client_works_under_the_freeze() -> None:
    fake = fakerec.FakeVideo(seed=0, freeze_time=True, start=START)
    made = fake.add_recording(status="completed", duration=60)
    fetched: list[tuple[str, datetime, datetime]] = []

    async def code_under_test() -> None:
        client = Client(fake.account_sid, fake.auth_token, http_client=AsyncTwilioHttpClient())
        try:
            recording = await client.video.v1.recordings(made.sid).fetch_async()
        finally:
            await client.http_client.close()
        fetched.append((recording.sid, recording.date_created, datetime.now(timezone.utc)))

    with fake.mock():
        fake.clock.advance(seconds=30)
        runner = threading.Thread(target=lambda: asyncio.run(code_under_test()), daemon=True)
        runner.start()
        runner.join(timeout=10)  # a guard: aiohttp's timeouts run on the event loop's time
        assert not runner.is_alive(), "the SDK's aiohttp client hung under freeze_time"
    assert fetched == [(made.sid, START, START + timedelta(seconds=30))]
    assert [(e.method, e.status) for e in fake.requests] == [("GET", 200)]


def test_freeze_time_with_a_system_clock_is_a_usage_error() -> None:
    with pytest.raises(fakerec.UsageError, match="freeze_time") as raised:
        fakerec.FakeVideo(seed=0, freeze_time=True, clock=fakerec.SystemClock())
    assert "SystemClock" in str(raised.value)
    assert_real_time()


def test_the_marker_freezes_the_fixtures_process_time(pytester: pytest.Pytester) -> None:
    write_quiet_ini(pytester)
    pytester.makepyfile(
        test_marker="""
        import time
        from datetime import date, datetime, timezone

        import pytest

        START = datetime(2031, 3, 4, tzinfo=timezone.utc)


        @pytest.mark.fakerec(freeze_time=True, start=START)
        def test_frozen(fakerec):
            assert fakerec.freeze_time is True
            assert date.today() == date(2031, 3, 4)
            assert datetime.now(timezone.utc) == START
            assert int(time.time()) == int(START.timestamp())
            fakerec.clock.advance(days=1)
            assert date.today() == date(2031, 3, 5)
            assert datetime.now(timezone.utc) == datetime(2031, 3, 5, tzinfo=timezone.utc)


        @pytest.mark.fakerec(start=START)
        def test_not_frozen_by_default(fakerec):
            assert fakerec.clock.now() == START
            assert date.today().year != 2031


        def test_after_the_frozen_test_time_is_real():
            assert date.today().year != 2031
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:randomly")
    result.assert_outcomes(passed=3)
