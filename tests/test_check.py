"""A test never passes wrongly (SPEC 9): ``fake.check()`` raises what went wrong out of sight.

Each way to a false pass is shown to fail: a bug inside the fake met through any adapter, a
status-callback receiver that raised, a fault that never fired, a clock that broke. Receivers
run after the change that caused the event is complete and outside the fake's lock.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx
import pytest
import requests
import responses
from _support import BASE, write_quiet_ini
from flask import Flask
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client
from werkzeug.test import Client as WsgiClient

from fakerec import FakeInternalError, FakeVideo, UsageError
from fakerec.callbacks import Callback
from fakerec.errors import CallbackReceiverError, UnfiredFaultError
from fakerec.server import FakeVideoApp

API = f"{BASE}/v1"
MISSING = "RT" + "0" * 32


def broken(fake: FakeVideo, monkeypatch: pytest.MonkeyPatch) -> None:
    """Plant a bug inside the fake: every recording fetch raises."""

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug inside the fake")

    monkeypatch.setattr(fake.backend, "get_recording", boom)


def through_mock(fake: FakeVideo) -> int:
    with fake.mock():
        status = requests.get(f"{API}/Recordings/{MISSING}", auth=auth(fake)).status_code
        assert status == 500  # inside the block the code under test just sees a 500
    return status


def auth(fake: FakeVideo) -> tuple[str, str]:
    return (fake.account_sid, fake.auth_token)


def through_http_client(fake: FakeVideo) -> int:
    client = Client(*auth(fake), http_client=fake.http_client())
    try:
        client.video.v1.recordings(MISSING).fetch()
    except TwilioRestException as err:
        return err.status
    return 200


def through_async_http_client(fake: FakeVideo) -> int:
    client = Client(*auth(fake), http_client=fake.async_http_client())

    async def fetch() -> int:
        try:
            await client.video.v1.recordings(MISSING).fetch_async()
        except TwilioRestException as err:
            return err.status
        return 200

    return asyncio.run(fetch())


def through_httpx_transport(fake: FakeVideo) -> int:
    with httpx.Client(transport=fake.httpx_transport()) as client:
        return client.get(f"{API}/Recordings/{MISSING}", auth=auth(fake)).status_code


def through_register(fake: FakeVideo) -> int:
    with responses.RequestsMock() as rsps:
        fake.register(rsps)
        return requests.get(f"{API}/Recordings/{MISSING}", auth=auth(fake)).status_code


def through_wsgi(fake: FakeVideo) -> int:
    client = WsgiClient(FakeVideoApp(fake))
    return client.get(f"/v1/Recordings/{MISSING}", auth=auth(fake)).status_code


ADAPTERS: dict[str, Callable[[FakeVideo], int]] = {
    "http_client": through_http_client,
    "async_http_client": through_async_http_client,
    "httpx_transport": through_httpx_transport,
    "register": through_register,
    "wsgi": through_wsgi,
}


@pytest.mark.parametrize("adapter", sorted(ADAPTERS))
def test_a_bug_met_through_any_adapter_fails_check(
    adapter: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeVideo(seed=adapter)
    broken(fake, monkeypatch)
    assert ADAPTERS[adapter](fake) == 500  # code that tolerates a 500 would pass...
    with pytest.raises(FakeInternalError, match="a bug inside the fake") as raised:
        fake.check()  # ...but the fixture's teardown (or the test) calls check()
    assert isinstance(raised.value.__cause__, RuntimeError)
    fake.check()  # raised once, then forgotten


def test_a_bug_met_through_mock_fails_when_mock_exits(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeVideo(seed="mock")
    broken(fake, monkeypatch)
    with pytest.raises(FakeInternalError, match="1 problem"):
        through_mock(fake)


def test_the_fake_as_a_context_manager_checks_on_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(FakeInternalError), FakeVideo(seed="cm") as fake:
        broken(fake, monkeypatch)
        assert through_http_client(fake) == 500
    # an error of the block itself is not hidden behind the fake's
    with pytest.raises(KeyError), FakeVideo(seed="cm2") as fake:
        broken(fake, monkeypatch)
        through_http_client(fake)
        raise KeyError("the test's own failure")
    with pytest.raises(FakeInternalError):
        fake.check()  # still there for whoever checks next


def test_a_failing_clock_is_a_fake_internal_error() -> None:
    class BrokenClock:
        def __init__(self) -> None:
            self.broken = False

        def now(self) -> datetime:
            if self.broken:
                raise OSError("the clock broke")
            return datetime(2025, 1, 1)

    clock = BrokenClock()
    fake = FakeVideo(seed="clock", clock=clock)
    fake.add_recording(status="processing")  # something due: every answer reads the clock
    clock.broken = True
    assert through_http_client(fake) == 500
    with pytest.raises(FakeInternalError, match="the clock broke"):
        fake.check()
    assert fake.requests[-1].status == 500  # journalled all the same


def recorded_room(fake: FakeVideo) -> Any:
    return fake.create_room(
        "r", record_participants_on_connect=True, status_callback="https://app.example/cb"
    )


def test_an_assert_in_a_plain_receiver_fails_check() -> None:
    fake = FakeVideo(seed="assert")

    def receiver(callback: Callback) -> None:
        assert callback.event != "participant-connected", "the app rejected the participant"

    fake.on_callback(receiver)
    room = recorded_room(fake)
    room.connect("alice")  # the receiver's assert fails here, out of the test's sight
    with pytest.raises(CallbackReceiverError, match="rejected the participant") as raised:
        fake.check()
    assert isinstance(raised.value.__cause__, AssertionError)
    failed = [c for c in fake.callbacks if c.error is not None]
    assert [(c.event, c.status) for c in failed] == [("participant-connected", 500)]


def raising_app(fail_on: str) -> Flask:
    """A Flask app in testing mode: its exceptions propagate, as Flask's do in tests."""
    app = Flask("receiver")
    app.testing = True

    @app.post("/cb")
    def cb() -> tuple[str, int]:
        from flask import request

        if request.form["StatusCallbackEvent"] == fail_on:
            raise RuntimeError(f"the app broke on {fail_on}")
        return "", 204

    return app


def test_a_raising_wsgi_receiver_never_half_applies_room_creation() -> None:
    fake = FakeVideo(seed="wsgi-room")
    fake.on_callback(raising_app("room-created"))
    client = Client(*auth(fake), http_client=fake.http_client())
    room = client.video.v1.rooms.create(
        unique_name="standup", status_callback="https://app.example/cb"
    )
    assert room.status == "in-progress"  # 201, not a 500
    assert client.video.v1.rooms(room.sid).fetch().unique_name == "standup"
    with pytest.raises(CallbackReceiverError, match="room-created") as raised:
        fake.check()
    assert isinstance(raised.value.__cause__, RuntimeError)


def test_a_raising_wsgi_receiver_never_half_applies_a_publish() -> None:
    fake = FakeVideo(seed="wsgi-publish")
    fake.on_callback(raising_app("track-added"))
    mic = recorded_room(fake).connect("alice").publish("audio", name="mic")
    assert mic.recording is not None and mic.recording.status.value == "processing"
    with pytest.raises(CallbackReceiverError, match="track-added"):
        fake.check()


def test_a_raising_receiver_does_not_stop_the_clock() -> None:
    fake = FakeVideo(seed="wsgi-clock")
    fake.on_callback(raising_app("recording-completed"))
    room = recorded_room(fake)
    mic = room.connect("alice").publish("audio", name="mic")
    fake.clock.advance(seconds=10)
    room.complete()
    fake.clock.advance(seconds=30)  # the receiver raises as the recording completes
    assert mic.recording is not None and mic.recording.status.value == "completed"
    assert [c.event for c in fake.callbacks][-1] == "recording-completed"
    with pytest.raises(CallbackReceiverError, match="recording-completed"):
        fake.check()


def test_receivers_run_after_the_change_and_outside_the_lock() -> None:
    fake = FakeVideo(seed="threads")
    seen: list[tuple[str, int]] = []

    def receiver(callback: Callback) -> None:
        # from another thread, as an app with a worker pool would: no deadlock
        def fetch() -> None:
            client = Client(*auth(fake), http_client=fake.http_client())
            seen.append((callback.event, len(client.video.v1.recordings.list())))

        worker = threading.Thread(target=fetch)
        worker.start()
        worker.join(timeout=10)
        assert not worker.is_alive(), "the receiver deadlocked on the fake's lock"

    fake.on_callback(receiver, url_prefix="https://app.example/")
    room = recorded_room(fake)
    room.connect("alice").publish("audio", name="mic")
    fake.check()
    # recording-started is seen with its recording already listed: the change was complete
    assert ("recording-started", 1) in seen
    assert [event for event, _ in seen][:2] == ["room-created", "participant-connected"]


def test_a_fault_that_never_fired_fails_check() -> None:
    fake = FakeVideo(seed="unfired")
    fake.inject_fault("GET /v1/Recordings/*/Media", status=429)
    fake.inject_fault("GET /v1/Rooms", status=503, optional=True)
    fired = fake.inject_fault("GET /v1/Recordings", status=500)
    client = Client(*auth(fake), http_client=fake.http_client())
    with pytest.raises(TwilioException):  # the SDK's list raises a plain TwilioException
        client.video.v1.recordings.list()
    assert fired.fired
    with pytest.raises(UnfiredFaultError, match=r"GET /v1/Recordings/\*/Media.*never fired"):
        fake.check()
    fake.check()  # reported once, then forgotten; the optional one is never reported


def test_a_fault_route_that_could_never_match_is_refused_at_once() -> None:
    fake = FakeVideo(seed="route")
    with pytest.raises(UsageError, match="can never match"):
        fake.inject_fault("GET https://video.twilio.com/v1/Recordings", status=429)
    fake.check()  # nothing was armed


def test_check_names_every_problem_and_raises_the_first_kind(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = FakeVideo(seed="many")
    fake.on_callback(lambda callback: 1 / 0)
    recorded_room(fake)  # room-created: the receiver raises
    fake.inject_fault("DELETE /v1/Recordings/*", status=429)
    broken(fake, monkeypatch)
    through_http_client(fake)
    with pytest.raises(CallbackReceiverError) as raised:
        fake.check()
    message = str(raised.value)
    assert "3 problem(s)" in message
    assert "ZeroDivisionError" in message and "FakeInternalError" in message
    assert "UnfiredFaultError" in message


def test_the_fixture_fails_a_test_that_tolerated_a_500(pytester: pytest.Pytester) -> None:
    write_quiet_ini(pytester)
    pytester.makepyfile(
        test_tolerant="""
        from twilio.base.exceptions import TwilioException, TwilioRestException
        from twilio.rest import Client


        def boom(*args, **kwargs):
            raise RuntimeError("a bug inside the fake")


        def test_tolerates_500_through_http_client(fakerec, monkeypatch):
            monkeypatch.setattr(fakerec.backend, "get_recording", boom)
            client = Client(fakerec.account_sid, fakerec.auth_token,
                            http_client=fakerec.http_client())
            try:
                client.video.v1.recordings("RT" + "0" * 32).fetch()
            except TwilioRestException:
                pass  # "retry later": a 500 is tolerated


        def test_receiver_assert(fakerec):
            fakerec.on_callback(lambda cb: None if cb.event != "room-created" else 1 / 0)
            fakerec.create_room(status_callback="https://app.example/cb")


        def test_unfired_fault(fakerec):
            fakerec.inject_fault("GET /v1/Recordings", status=429)


        def test_clean(fakerec):
            fakerec.inject_fault("GET /v1/Recordings", status=429, optional=True)
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=4, errors=3)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_tolerates_500_through_http_client*",
            "*FakeInternalError*",
            "*ERROR at teardown of test_receiver_assert*",
            "*CallbackReceiverError*",
            "*ERROR at teardown of test_unfired_fault*",
            "*UnfiredFaultError*",
        ]
    )
