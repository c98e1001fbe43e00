"""The control-plane names SPEC 1 and the last paragraph of SPEC 10 promise for compositions:
``fake.compositions`` (live handles, newest first), ``comp.fail()``, and
``fake.composition_hook(sid_or_name)``, each handle with ``.sid`` and ``.status``."""

from __future__ import annotations

from _support import sdk_client

import fakerec


def _ended_room(fake: fakerec.FakeVideo, name: str) -> fakerec.Room:
    room = fake.create_room(name, record_participants_on_connect=True)
    room.connect(f"{name}-host").publish("audio", name="mic")
    fake.clock.advance(seconds=30)
    room.complete()
    return room


def test_hooks_and_compositions_have_live_handles_with_sid_and_status() -> None:
    fake = fakerec.FakeVideo(seed="spec10-names")
    client = sdk_client(fake)
    made = client.video.v1.composition_hooks.create(
        friendly_name="All audio",
        audio_sources=["*"],
        status_callback="https://app.example/compositions",
    )
    hook = fake.composition_hook("All audio")
    assert hook is fake.composition_hook(made.sid)
    assert (hook.sid, hook.status) == (made.sid, "enabled")
    client.video.v1.composition_hooks(made.sid).update(
        friendly_name="All audio", enabled=False, audio_sources=["*"]
    )
    assert hook.status == "disabled"  # the same handle, read as of now
    client.video.v1.composition_hooks(made.sid).update(
        friendly_name="All audio", enabled=True, audio_sources=["*"],
        status_callback="https://app.example/compositions",
    )  # fmt: skip

    assert fake.compositions == []
    first = _ended_room(fake, "first")
    second = _ended_room(fake, "second")
    handles = fake.compositions
    assert [c.room_sid for c in handles] == [second.sid, first.sid], "newest first"
    assert all(c.sid.startswith("CJ") and len(c.sid) == 34 for c in handles)
    newest, oldest = handles
    assert (newest.status, oldest.status) == ("enqueued", "completed")  # 15 s vs 30 s old
    newest.fail()
    fake.clock.advance(minutes=10)
    assert newest.status == "failed"  # a live handle: no new look-up needed
    assert fake.composition(oldest.sid) is oldest
    assert client.video.v1.compositions(oldest.sid).fetch().status == "completed"
    sent = {
        (c.params["CompositionSid"], c.params["StatusCallbackEvent"])
        for c in fake.callbacks
        if c.url == "https://app.example/compositions"
    }
    assert (newest.sid, "composition-failed") in sent
    assert (oldest.sid, "composition-available") in sent
