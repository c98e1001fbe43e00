"""The recording lifecycle through the control plane and the live handles (no HTTP library).

Deleting goes through the twilio SDK on ``fake.http_client()``, the fake's in-process client.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

import pytest
from _support import VIDEO_EPOCH
from _support import sdk_client as rest
from freezegun import freeze_time
from twilio.base.exceptions import TwilioRestException

import fakerec
from fakerec import RecordingStatus

DEFAULT_DELAY = 30
DEFAULT_BITRATE = {"audio": 32, "video": 700}
SID = {prefix: re.compile(rf"^{prefix}[0-9a-f]{{32}}$") for prefix in ("RT", "MT", "PA", "RM")}


def expected_size(bitrate_kbps: int, duration: int) -> int:
    """SPEC section 3: bitrate x duration / 8, bitrate in kbps, size in bytes."""
    size = bitrate_kbps * 1000 / 8 * duration
    assert size == int(size)
    return int(size)


def recorded_room(fake: fakerec.FakeVideo, name: str = "standup") -> Any:
    return fake.create_room(unique_name=name, record_participants_on_connect=True)


# --- publish and capture ---------------------------------------------------------------------


def test_publish_in_recorded_room_starts_a_processing_recording() -> None:
    fake = fakerec.FakeVideo()
    room = recorded_room(fake)
    alice = room.connect("alice")
    mic = alice.publish("audio", name="mic")

    rec = mic.recording
    assert rec is not None
    assert rec.status == RecordingStatus.PROCESSING
    assert rec.status is RecordingStatus.PROCESSING
    assert rec.duration == 0
    assert rec.size == 0
    assert rec.type == "audio"
    assert rec.track_name == "mic"
    assert rec.source_sid == mic.sid
    assert rec.room_sid == room.sid
    assert rec.participant_sid == alice.sid
    assert rec.date_created == fake.clock.now()
    assert rec.date_created.utcoffset() == timedelta(0)
    assert [r.sid for r in room.recordings] == [rec.sid]


def test_recording_stays_processing_while_the_track_is_published() -> None:
    fake = fakerec.FakeVideo()
    # Five hours is past the default MaxParticipantDuration (4 h): the room allows 24.
    room = fake.create_room(
        "standup", record_participants_on_connect=True, max_participant_duration=86400
    )
    mic = room.connect("alice").publish("audio", name="mic")
    fake.clock.advance(hours=5)
    assert mic.published
    assert mic.recording is not None
    assert mic.recording.status is RecordingStatus.PROCESSING
    assert mic.recording.duration == 0
    assert mic.recording.size == 0


def test_track_without_name_uses_its_sid_as_track_name() -> None:
    fake = fakerec.FakeVideo()
    track = recorded_room(fake).connect("alice").publish("video")
    assert track.recording is not None
    assert track.recording.track_name == track.sid


def test_offset_is_ms_from_video_epoch_to_room_start() -> None:
    start = datetime(2026, 3, 4, 5, 6, 7, tzinfo=timezone.utc)
    fake = fakerec.FakeVideo(start=start)
    room = recorded_room(fake)
    fake.clock.advance(seconds=90)
    rec = room.connect("alice").publish("audio").recording
    assert rec is not None
    assert rec.offset == int((start - VIDEO_EPOCH).total_seconds() * 1000)


def end_by_unpublish(room: Any, participant: Any, track: Any) -> None:
    track.unpublish()


def end_by_disconnect(room: Any, participant: Any, track: Any) -> None:
    participant.disconnect()


def end_by_room_complete(room: Any, participant: Any, track: Any) -> None:
    room.complete()


def end_by_rules(room: Any, participant: Any, track: Any) -> None:
    room.set_recording_rules([{"type": "exclude", "all": True}])  # record nothing


ENDINGS = [end_by_unpublish, end_by_disconnect, end_by_room_complete, end_by_rules]


@pytest.mark.parametrize("end_capture", ENDINGS, ids=lambda f: f.__name__)
def test_capture_end_completes_exactly_after_processing_delay(
    end_capture: Callable[[Any, Any, Any], None],
) -> None:
    fake = fakerec.FakeVideo()
    room = recorded_room(fake)
    alice = room.connect("alice")
    mic = alice.publish("audio", name="mic")
    rec = mic.recording
    assert rec is not None

    fake.clock.advance(seconds=12)
    end_capture(room, alice, mic)
    assert rec.status is RecordingStatus.PROCESSING

    fake.clock.advance(seconds=DEFAULT_DELAY - 1)
    assert rec.status is RecordingStatus.PROCESSING
    assert rec.duration == 0
    fake.clock.advance(seconds=0.999)
    assert rec.status is RecordingStatus.PROCESSING
    fake.clock.advance(seconds=0.001)
    assert rec.status is RecordingStatus.COMPLETED
    assert rec.duration == 12
    assert rec.size == expected_size(DEFAULT_BITRATE["audio"], 12)


def test_disconnect_ends_every_track_of_the_participant_only() -> None:
    fake = fakerec.FakeVideo()
    room = recorded_room(fake)
    alice = room.connect("alice")
    bob = room.connect("bob")
    mic = alice.publish("audio", name="mic")
    cam = alice.publish("video", name="cam")
    bob_mic = bob.publish("audio", name="mic")
    fake.clock.advance(seconds=7)
    alice.disconnect()
    fake.clock.advance(seconds=DEFAULT_DELAY)
    assert mic.recording is not None and cam.recording is not None
    assert bob_mic.recording is not None
    assert mic.recording.status is RecordingStatus.COMPLETED
    assert cam.recording.status is RecordingStatus.COMPLETED
    assert cam.recording.duration == 7
    assert bob_mic.recording.status is RecordingStatus.PROCESSING

    room.complete()
    fake.clock.advance(seconds=DEFAULT_DELAY)
    assert bob_mic.recording.status is RecordingStatus.COMPLETED
    assert bob_mic.recording.duration == 7 + DEFAULT_DELAY
    assert len(room.recordings) == 3


@pytest.mark.parametrize(
    ("seconds", "duration"),
    [(0.3, 1), (0.5, 1), (1.49, 1), (2.4, 2), (2.5, 3), (2.6, 3), (59.5, 60)],
)
def test_duration_rounds_half_up_with_minimum_one(seconds: float, duration: int) -> None:
    fake = fakerec.FakeVideo()
    mic = recorded_room(fake).connect("alice").publish("audio")
    fake.clock.advance(seconds=seconds)
    mic.unpublish()
    fake.clock.advance(seconds=DEFAULT_DELAY)
    rec = mic.recording
    assert rec is not None
    assert rec.status is RecordingStatus.COMPLETED
    assert rec.duration == duration
    assert rec.size == expected_size(DEFAULT_BITRATE["audio"], duration)


@pytest.mark.parametrize(
    ("kind", "bitrate"),
    [
        ("audio", None),
        ("video", None),
        ("audio", 16),
        ("audio", 40),
        ("video", 200),
        ("video", 1500),
    ],
)
def test_size_is_bitrate_times_duration(kind: str, bitrate: int | None) -> None:
    fake = fakerec.FakeVideo()
    track = recorded_room(fake).connect("alice").publish(kind, name="t", bitrate=bitrate)
    fake.clock.advance(seconds=37)
    track.unpublish()
    fake.clock.advance(seconds=DEFAULT_DELAY)
    rec = track.recording
    assert rec is not None
    assert rec.duration == 37
    kbps = DEFAULT_BITRATE[kind] if bitrate is None else bitrate
    assert rec.size == expected_size(kbps, 37)


@pytest.mark.parametrize(
    ("kind", "codec", "expected_codec", "container"),
    [
        ("audio", None, "OPUS", "mka"),
        ("video", None, "VP8", "mkv"),
        ("audio", "PCMU", "PCMU", "mka"),
        ("video", "H264", "H264", "mkv"),
    ],
)
def test_codec_defaults_and_container(
    kind: str, codec: str | None, expected_codec: str, container: str
) -> None:
    fake = fakerec.FakeVideo()
    track = recorded_room(fake).connect("alice").publish(kind, codec=codec)
    rec = track.recording
    assert rec is not None
    assert rec.type == kind
    assert rec.codec == expected_codec
    assert rec.container_format == container


def test_data_tracks_are_never_recorded() -> None:
    fake = fakerec.FakeVideo()
    room = recorded_room(fake)
    alice = room.connect("alice")
    data = alice.publish("data", name="chat")
    fake.clock.advance(seconds=5)
    data.unpublish()
    alice.disconnect()
    room.complete()
    fake.clock.advance(seconds=DEFAULT_DELAY)
    assert data.recording is None
    assert room.recordings == []
    assert rest(fake).video.v1.recordings.list() == []


def test_room_without_recording_records_nothing() -> None:
    fake = fakerec.FakeVideo()
    room = fake.create_room(unique_name="quiet")
    alice = room.connect("alice")
    mic = alice.publish("audio", name="mic")
    cam = alice.publish("video", name="cam")
    fake.clock.advance(seconds=10)
    room.complete()
    fake.clock.advance(seconds=DEFAULT_DELAY)
    assert mic.recording is None
    assert cam.recording is None
    assert room.recordings == []


def test_room_handle_found_by_sid_and_unique_name() -> None:
    fake = fakerec.FakeVideo()
    room = recorded_room(fake, "daily")
    assert fake.room(room.sid).sid == room.sid
    assert fake.room("daily").sid == room.sid


# --- mute ------------------------------------------------------------------------------------


def test_muted_for_the_whole_capture_completes_with_size_zero() -> None:
    fake = fakerec.FakeVideo()
    mic = recorded_room(fake).connect("alice").publish("audio", name="mic")
    mic.mute()
    fake.clock.advance(seconds=20)
    mic.unpublish()
    fake.clock.advance(seconds=DEFAULT_DELAY)
    rec = mic.recording
    assert rec is not None
    assert rec.status is RecordingStatus.COMPLETED
    assert rec.duration == 20
    assert rec.size == 0


def test_mute_then_unmute_during_capture_has_media() -> None:
    fake = fakerec.FakeVideo()
    mic = recorded_room(fake).connect("alice").publish("audio", name="mic")
    mic.mute()
    fake.clock.advance(seconds=5)
    mic.unmute()
    fake.clock.advance(seconds=5)
    mic.unpublish()
    fake.clock.advance(seconds=DEFAULT_DELAY)
    rec = mic.recording
    assert rec is not None
    assert rec.status is RecordingStatus.COMPLETED
    assert rec.duration == 10
    assert rec.size > 0


def test_muted_part_way_through_still_has_media() -> None:
    fake = fakerec.FakeVideo()
    cam = recorded_room(fake).connect("alice").publish("video", name="cam")
    fake.clock.advance(seconds=5)
    cam.mute()
    fake.clock.advance(seconds=5)
    cam.unpublish()
    fake.clock.advance(seconds=DEFAULT_DELAY)
    rec = cam.recording
    assert rec is not None
    assert rec.status is RecordingStatus.COMPLETED
    assert rec.size > 0


# --- failure ---------------------------------------------------------------------------------


def test_fail_turns_processing_into_failed_for_good() -> None:
    fake = fakerec.FakeVideo()
    mic = recorded_room(fake).connect("alice").publish("audio", name="mic")
    rec = mic.recording
    assert rec is not None
    rec.fail(operation="RecordingUpload")
    assert rec.status is RecordingStatus.FAILED
    mic.unpublish()
    fake.clock.advance(seconds=DEFAULT_DELAY * 10)
    assert rec.status is RecordingStatus.FAILED
    assert rest(fake).video.v1.recordings(rec.sid).fetch().status == "failed"


def test_fail_after_capture_ended_but_before_completion() -> None:
    fake = fakerec.FakeVideo()
    mic = recorded_room(fake).connect("alice").publish("audio", name="mic")
    rec = mic.recording
    assert rec is not None
    fake.clock.advance(seconds=3)
    mic.unpublish()
    fake.clock.advance(seconds=DEFAULT_DELAY - 1)
    rec.fail()
    fake.clock.advance(seconds=1)
    assert rec.status is RecordingStatus.FAILED


def test_fail_on_completed_recording_raises_usage_error() -> None:
    fake = fakerec.FakeVideo()
    mic = recorded_room(fake).connect("alice").publish("audio", name="mic")
    mic.unpublish()
    fake.clock.advance(seconds=DEFAULT_DELAY)
    rec = mic.recording
    assert rec is not None
    assert rec.status is RecordingStatus.COMPLETED
    with pytest.raises(fakerec.UsageError):
        rec.fail()
    assert rec.status is RecordingStatus.COMPLETED
    assert issubclass(fakerec.UsageError, ValueError)


def test_control_plane_misuse_raises_usage_error() -> None:
    fake = fakerec.FakeVideo()
    room = recorded_room(fake)
    alice = room.connect("alice")
    with pytest.raises(fakerec.UsageError):
        alice.publish("screen")
    alice.disconnect()
    with pytest.raises(fakerec.UsageError):
        alice.publish("audio")
    room.complete()
    with pytest.raises(fakerec.UsageError):
        room.connect("bob")


# --- delete and purge ------------------------------------------------------------------------


def test_deleted_recording_is_purged_exactly_30_days_after_delete() -> None:
    fake = fakerec.FakeVideo()
    client = rest(fake)
    mic = recorded_room(fake).connect("alice").publish("audio", name="mic")
    fake.clock.advance(seconds=4)
    mic.unpublish()
    fake.clock.advance(seconds=DEFAULT_DELAY)
    rec = mic.recording
    assert rec is not None
    assert rec.status is RecordingStatus.COMPLETED

    fake.clock.advance(hours=3)  # the 30 days count from the delete, not from completion
    assert client.video.v1.recordings(rec.sid).delete() is True
    assert rec.status is RecordingStatus.DELETED

    fake.clock.advance(days=30, seconds=-1)
    assert rec.status is RecordingStatus.DELETED
    assert client.video.v1.recordings(rec.sid).fetch().status == "deleted"
    assert [r.sid for r in client.video.v1.recordings.list(status="deleted")] == [rec.sid]

    fake.clock.advance(seconds=1)
    assert rec.status is RecordingStatus.PURGED
    with pytest.raises(TwilioRestException) as info:
        client.video.v1.recordings(rec.sid).fetch()
    assert info.value.status == 404
    assert client.video.v1.recordings.list(status="deleted") == []
    assert client.video.v1.recordings.list() == []


def test_delete_while_processing_then_purge() -> None:
    fake = fakerec.FakeVideo()
    client = rest(fake)
    mic = recorded_room(fake).connect("alice").publish("audio", name="mic")
    rec = mic.recording
    assert rec is not None
    assert client.video.v1.recordings(rec.sid).delete() is True
    assert rec.status is RecordingStatus.DELETED
    mic.unpublish()
    fake.clock.advance(seconds=DEFAULT_DELAY)
    assert rec.status is RecordingStatus.DELETED  # the processing delay does not revive it
    fake.clock.advance(days=30)
    assert rec.status is RecordingStatus.PURGED


# --- configuration ---------------------------------------------------------------------------


@pytest.mark.parametrize("delay", [0, 5, 120])
def test_processing_delay_is_configurable(delay: int) -> None:
    fake = fakerec.FakeVideo(processing_delay=delay)
    mic = recorded_room(fake).connect("alice").publish("audio", name="mic")
    fake.clock.advance(seconds=3)
    mic.unpublish()
    rec = mic.recording
    assert rec is not None
    if delay:
        fake.clock.advance(seconds=delay - 1)
        assert rec.status is RecordingStatus.PROCESSING
        fake.clock.advance(seconds=1)
    assert rec.status is RecordingStatus.COMPLETED
    assert rec.duration == 3


def test_default_processing_delay_is_30_seconds() -> None:
    fake = fakerec.FakeVideo()
    mic = recorded_room(fake).connect("alice").publish("audio")
    mic.unpublish()
    fake.clock.advance(seconds=29)
    assert mic.recording is not None
    assert mic.recording.status is RecordingStatus.PROCESSING
    fake.clock.advance(seconds=1)
    assert mic.recording.status is RecordingStatus.COMPLETED


def scenario(fake: fakerec.FakeVideo) -> list[str]:
    """A fixed sequence of calls; returns every SID it produced, in order."""
    room = recorded_room(fake)
    alice = room.connect("alice")
    bob = room.connect("bob")
    mic = alice.publish("audio", name="mic")
    cam = bob.publish("video", name="cam")
    fake.clock.advance(seconds=10)
    room.complete()
    seeded = fake.add_recording(type="video", duration=42)
    sids = [fake.account_sid, room.sid, alice.sid, bob.sid, mic.sid, cam.sid]
    assert mic.recording is not None and cam.recording is not None
    return [*sids, mic.recording.sid, cam.recording.sid, seeded.sid]


def test_same_seed_same_calls_same_sids() -> None:
    first = scenario(fakerec.FakeVideo(seed=1234))
    second = scenario(fakerec.FakeVideo(seed=1234))
    assert first == second
    assert len(set(first)) == len(first)


def test_string_seeds_are_deterministic_too() -> None:
    assert scenario(fakerec.FakeVideo(seed="tests/x.py::t")) == scenario(
        fakerec.FakeVideo(seed="tests/x.py::t")
    )


def test_default_seed_is_zero() -> None:
    assert scenario(fakerec.FakeVideo()) == scenario(fakerec.FakeVideo(seed=0))


def test_different_seeds_different_sids() -> None:
    first = scenario(fakerec.FakeVideo(seed=1))
    second = scenario(fakerec.FakeVideo(seed=2))
    assert not set(first) & set(second)


def test_sid_shapes() -> None:
    fake = fakerec.FakeVideo(seed=99)
    room = recorded_room(fake)
    alice = room.connect("alice")
    mic = alice.publish("audio")
    rec = mic.recording
    assert rec is not None
    assert SID["RM"].match(room.sid)
    assert SID["PA"].match(alice.sid)
    assert SID["MT"].match(mic.sid)
    assert SID["RT"].match(rec.sid)
    assert re.match(r"^AC[0-9a-f]{32}$", fake.account_sid)
    seeded = fake.add_recording()
    assert SID["RT"].match(seeded.sid)
    assert SID["MT"].match(seeded.source_sid)


def test_two_fakes_never_share_state() -> None:
    a = fakerec.FakeVideo(seed=5)
    b = fakerec.FakeVideo(seed=5)
    room_a = recorded_room(a)
    mic_a = room_a.connect("alice").publish("audio")
    a.clock.advance(hours=1)

    assert b.clock.now() == fakerec.clock.DEFAULT_START
    assert rest(b).video.v1.recordings.list() == []
    assert rest(a).video.v1.recordings(mic_a.recording.sid).fetch().sid == mic_a.recording.sid
    # b's SID stream was not consumed by a's calls: the same calls give the same SIDs.
    room_b = recorded_room(b)
    assert room_b.sid == room_a.sid
    b.clock.advance(days=1)
    assert a.clock.now() == fakerec.clock.DEFAULT_START + timedelta(hours=1)
    mic_a.unpublish()
    a.clock.advance(seconds=DEFAULT_DELAY)
    assert mic_a.recording.status is RecordingStatus.COMPLETED
    assert b.room(room_b.sid).recordings == []


def test_clock_starts_at_default_start() -> None:
    assert datetime(2025, 1, 1, tzinfo=timezone.utc) == fakerec.clock.DEFAULT_START
    fake = fakerec.FakeVideo()
    assert fake.clock.now() == fakerec.clock.DEFAULT_START


def test_start_sets_the_clock() -> None:
    start = datetime(2030, 6, 7, 8, 9, 10, tzinfo=timezone.utc)
    fake = fakerec.FakeVideo(start=start)
    assert fake.clock.now() == start
    rec = recorded_room(fake).connect("alice").publish("audio").recording
    assert rec is not None
    assert rec.date_created == start
    seeded = fake.add_recording()
    assert seeded.date_created == start


def test_clock_set_moves_to_a_moment() -> None:
    fake = fakerec.FakeVideo()
    mic = recorded_room(fake).connect("alice").publish("audio")
    mic.unpublish()
    fake.clock.set(fakerec.clock.DEFAULT_START + timedelta(seconds=DEFAULT_DELAY))
    assert mic.recording is not None
    assert mic.recording.status is RecordingStatus.COMPLETED


# --- system clock with freezegun and time-machine ---------------------------------------------


def test_system_clock_follows_freezegun_tick() -> None:
    frozen_at = datetime(2031, 2, 3, 4, 5, 6, tzinfo=timezone.utc)
    with freeze_time(frozen_at) as frozen:
        fake = fakerec.FakeVideo(clock=fakerec.SystemClock())
        assert fake.clock.now() == frozen_at
        mic = recorded_room(fake).connect("alice").publish("audio", name="mic")
        rec = mic.recording
        assert rec is not None
        assert rec.date_created == frozen_at
        frozen.tick(timedelta(seconds=8))
        mic.unpublish()
        frozen.tick(timedelta(seconds=DEFAULT_DELAY - 1))
        assert rec.status is RecordingStatus.PROCESSING
        frozen.tick(timedelta(seconds=1))
        assert rec.status is RecordingStatus.COMPLETED
        assert rec.duration == 8
        assert rec.size == expected_size(DEFAULT_BITRATE["audio"], 8)


def test_system_clock_follows_freezegun_move_to() -> None:
    with freeze_time("2032-01-01T00:00:00Z") as frozen:
        fake = fakerec.FakeVideo(clock=fakerec.SystemClock())
        cam = recorded_room(fake).connect("alice").publish("video", name="cam")
        frozen.move_to("2032-01-01T00:01:00Z")
        cam.unpublish()
        frozen.move_to("2032-01-01T00:01:29Z")
        assert cam.recording is not None
        assert cam.recording.status is RecordingStatus.PROCESSING
        frozen.move_to("2032-01-01T00:01:30Z")
        assert cam.recording.status is RecordingStatus.COMPLETED
        assert cam.recording.duration == 60
        assert cam.recording.size == expected_size(DEFAULT_BITRATE["video"], 60)


def test_system_clock_follows_time_machine_through_the_fixture(pytester: pytest.Pytester) -> None:
    """time-machine moves a SystemClock fake, here configured through the fixture's marker."""
    pytester.makepyfile(
        """
        from datetime import datetime, timezone

        import pytest
        import time_machine

        import fakerec

        START = datetime(2033, 3, 3, 3, 3, 3, tzinfo=timezone.utc)


        @pytest.mark.fakerec(clock=fakerec.SystemClock())
        def test_time_machine_drives_the_lifecycle(fakerec):
            with time_machine.travel(START, tick=False) as traveller:
                room = fakerec.create_room(record_participants_on_connect=True)
                mic = room.connect("alice").publish("audio")
                assert mic.recording.date_created == START
                traveller.shift(12)
                room.complete()
                traveller.shift(29.5)
                assert mic.recording.status.value == "processing"
                traveller.shift(0.5)
                assert mic.recording.status.value == "completed"
                assert mic.recording.duration == 12
        """
    )
    pytester.runpytest_subprocess("-p", "no:hypothesispytest").assert_outcomes(passed=1)


def test_system_clock_cannot_be_advanced_by_hand() -> None:
    fake = fakerec.FakeVideo(clock=fakerec.SystemClock())
    with pytest.raises(TypeError):
        fake.clock.advance(seconds=1)


# --- recording rules -------------------------------------------------------------------------


def test_rules_exclude_ends_capture_and_reinclude_starts_a_new_recording() -> None:
    fake = fakerec.FakeVideo()
    room = recorded_room(fake)
    mic = room.connect("alice").publish("audio", name="mic")
    first = mic.recording
    assert first is not None

    fake.clock.advance(seconds=6)
    room.set_recording_rules([{"type": "exclude", "all": True}])  # record nothing
    assert mic.recording is not None
    assert mic.recording.sid == first.sid
    fake.clock.advance(seconds=4)
    room.set_recording_rules([{"type": "include", "all": True}])

    second = mic.recording
    assert second is not None
    assert second.sid != first.sid
    assert SID["RT"].match(second.sid)
    assert second.source_sid == first.source_sid == mic.sid
    assert second.status is RecordingStatus.PROCESSING
    assert second.date_created == fake.clock.now()

    fake.clock.advance(seconds=DEFAULT_DELAY - 4)
    assert first.status is RecordingStatus.COMPLETED
    assert first.duration == 6
    assert first.size == expected_size(DEFAULT_BITRATE["audio"], 6)
    assert second.status is RecordingStatus.PROCESSING
    assert {r.sid for r in room.recordings} == {first.sid, second.sid}


def test_kind_rule_records_only_that_kind() -> None:
    fake = fakerec.FakeVideo()
    room = fake.create_room(unique_name="rules")
    room.set_recording_rules([{"type": "include", "kind": "audio"}])
    alice = room.connect("alice")
    mic = alice.publish("audio")
    cam = alice.publish("video")
    assert mic.recording is not None
    assert cam.recording is None


def test_duration_counts_from_the_exact_publish_instant_not_the_shown_second() -> None:
    """Found by the state machine: a track published at hh:mm:ss.6 and captured for 40.4 s
    lasts 40 s, though its date_created shows hh:mm:ss."""
    fake = fakerec.FakeVideo()
    fake.clock.advance(seconds=0.6)
    room = fake.create_room(record_participants_on_connect=True)
    cam = room.connect("alice").publish("video")
    fake.clock.advance(seconds=40.4)
    cam.unpublish()
    fake.clock.advance(seconds=30)
    assert cam.recording is not None
    assert cam.recording.date_created == fakerec.DEFAULT_START
    assert cam.recording.duration == 40
