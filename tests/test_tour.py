"""The tour: deterministic, complete, and runnable as the README says."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import pytest

from fakerec.api import Exchange
from fakerec.fake import FakeVideo
from fakerec.media.mp4 import mp4_file
from fakerec.tour import mp4_seconds, run_tour
from fakerec.transcript import abridge, format_transcript


def _tour() -> str:
    lines: list[str] = []
    run_tour(lines.append)
    return "\n".join(lines)


def test_the_tour_reads_the_same_every_time() -> None:
    assert _tour() == _tour()


def test_the_tour_walks_the_whole_lifecycle() -> None:
    text = _tour()
    statuses = re.findall(r"^#\d+ (\w+) \S+  -> (\d+)", text, flags=re.MULTILINE)
    assert ("POST", "201") in statuses and ("POST", "202") in statuses
    assert ("DELETE", "204") in statuses
    assert [code for _, code in statuses].count("302") == 2  # a recording, a composition
    assert {"200", "400", "401", "404"} <= {code for _, code in statuses}
    assert "processing -> completed (duration 300 s, size 1200000 B)" in text
    assert "completed -> deleted" in text and "deleted -> purged" in text
    assert "bytes of audio/x-matroska>" in text
    assert len(re.findall(r"PageToken=", text)) >= 3, "paged through next_page_url"


def test_the_tour_ends_with_a_composition_downloaded_and_played_back() -> None:
    text = _tour()
    ending = text[text.index("A composition hook") :]
    assert re.search(r"POST \S+/v1/CompositionHooks  -> 201", ending)
    changes = re.findall(r"changed: CJ\w+: (.*)", ending)
    assert changes == [
        "new, enqueued",
        "enqueued -> processing",
        "processing -> completed (duration 120 s, size 23460000 B)",
    ]
    assert re.search(r"/Compositions/CJ\w+/Media  -> 302", ending)
    played = re.search(r"played back by length: (\d+) bytes .* says ([\d.]+) s; the composition "
                       r"says (\d+) s", ending)  # fmt: skip
    assert played, "the tour no longer reads the file back"
    assert f"<{played[1]} bytes of video/mp4>" in ending
    assert float(played[2]) == int(played[3]) == 120


@pytest.mark.parametrize("milliseconds", [1, 12_345, 120_000, 4 * 3600 * 1000])
def test_the_tours_mp4_reader_agrees_with_pyav(milliseconds: int) -> None:
    av = pytest.importorskip("av")
    data = mp4_file(milliseconds, video=(320, 240), display=(320, 240), audio=True)
    with av.open(io.BytesIO(data)) as container:
        assert container.duration is not None
        assert abs(mp4_seconds(data) - container.duration / 1_000_000) < 0.001
    assert mp4_seconds(data) == milliseconds / 1000


def test_python_dash_m_fakerec_tour_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "fakerec", "tour"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == _tour().strip()


def test_abridge_keeps_the_telling_fields_and_counts_the_rest() -> None:
    resource = {f"field{i}": i for i in range(10)} | {"sid": "RT1", "status": "completed"}
    assert abridge(resource) == {"sid": "RT1", "status": "completed", "…": "10 more fields"}
    assert abridge(list(range(5))) == [0, 1, "… 3 more"]
    assert abridge("x" * 100) == "x" * 63 + "…"


def test_transcript_of_a_fake() -> None:
    fake = FakeVideo(seed="transcript")
    assert fake.transcript() == "(no requests reached the fake)"
    rec = fake.add_recording()
    client_answer = fake.dispatch("GET", f"https://video.twilio.com/v1/Recordings/{rec.sid}", {})
    assert client_answer.status == 401
    text = format_transcript(fake.requests)
    assert text.startswith(f"#1 GET https://video.twilio.com/v1/Recordings/{rec.sid}  -> 401  [")
    assert '"code": 20003' in text
    assert isinstance(fake.requests[0], Exchange) and fake.transcript() == text


def test_the_transcript_keeps_compositions_hooks_and_participants_telling_fields() -> None:
    from _support import sdk_client

    fake = FakeVideo(seed="transcript-compositions")
    client = sdk_client(fake)
    client.video.v1.composition_hooks.create(
        friendly_name="everyone", audio_sources=["*"], format="mp4"
    )
    room = fake.create_room("kept", record_participants_on_connect=True)
    alice = room.connect("alice")
    alice.publish("audio", name="mic")
    client.video.v1.rooms(room.sid).participants(alice.sid).fetch()
    client.video.v1.rooms(room.sid).participants(alice.sid).published_tracks.list()
    fake.clock.advance(seconds=20)
    room.complete()
    (composition,) = client.video.v1.compositions.list()
    text = fake.transcript()
    hook, participant, tracks, listed = text.split("\n#")
    assert '"friendly_name": "everyone"' in hook and '"enabled": true' in hook
    assert '"format": "mp4"' in hook and '"audio_sources": ["*"]' in hook
    assert f'"sid": "{alice.sid}"' in participant and '"identity": "alice"' in participant
    assert '"status": "connected"' in participant and f'"room_sid": "{room.sid}"' in participant
    assert '"name": "mic"' in tracks and '"kind": "audio"' in tracks
    for kept in (
        f'"sid": "{composition.sid}"',
        '"status": "enqueued"',
        f'"room_sid": "{room.sid}"',
        '"format": "mp4"',
        '"resolution": "640x480"',
        '"duration": 0',
    ):
        assert kept in listed, kept
    assert "more fields" in listed, "abridged, not whole"
