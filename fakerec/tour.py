"""``python -m fakerec tour``: the whole life of a recording, narrated, one HTTP exchange at a time,
ending with a room composed by a hook and the composition downloaded and played back by length.

Deterministic (seed 0, a ManualClock), so it reads the same every time and can be diffed.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any

from fakerec.fake import FakeVideo
from fakerec.transcript import format_exchange

API = "https://video.twilio.com/v1"

Snapshot = dict[str, tuple[str, int, int]]


def mp4_seconds(data: bytes) -> float:
    """An MP4's length as its own header says it (``moov``/``mvhd``: duration / timescale),
    read the way a player does before it plays a frame; PyAV is not a runtime dependency."""

    def boxes(start: int, end: int) -> dict[bytes, tuple[int, int]]:
        found: dict[bytes, tuple[int, int]] = {}
        at = start
        while at + 8 <= end:
            size, kind = struct.unpack(">I4s", data[at : at + 8])
            if size < 8:
                break
            found.setdefault(kind, (at + 8, at + size))
            at += size
        return found

    moov = boxes(0, len(data))[b"moov"]
    body, _ = boxes(*moov)[b"mvhd"]
    if data[body] == 1:  # version 1: 64-bit times and duration
        scale, duration = struct.unpack(">IQ", data[body + 20 : body + 32])
    else:
        scale, duration = struct.unpack(">II", data[body + 12 : body + 20])
    return float(duration / scale)


class Tour:
    def __init__(self, write: Callable[[str], Any] = print) -> None:
        from twilio.rest import Client

        self.fake = FakeVideo(seed=0)
        self.client = Client(
            self.fake.account_sid, self.fake.auth_token, http_client=self.fake.http_client()
        )
        self.write = write
        self._shown = 0
        self._step = 0
        self._seen: dict[str, tuple[str, int, int]] = {}

    def _snapshot(self) -> Snapshot:
        self.fake.backend.settle()
        now = {
            sid: (rec.settled_status.value, rec.final_duration or 0, rec.final_size or 0)
            for sid, rec in self.fake.backend.recordings.items()
        }
        for composition in self.fake.compositions:
            now[composition.sid] = (
                composition.status.value,
                composition.duration or 0,
                composition.size or 0,
            )
        for sid in self._seen:
            now.setdefault(sid, ("purged (gone: 404 everywhere)", 0, 0))
        return now

    def step(self, title: str, *narration: str) -> None:
        self._step += 1
        self.write(f"\n== {self._step}. {title}")
        for line in narration:
            self.write(f"   {line}")

    def show(self) -> None:
        """The exchanges since the last call, then what changed in the recordings."""
        for exchange in self.fake.requests[self._shown :]:
            self._shown += 1
            self.write(format_exchange(self._shown, exchange))
        now = self._snapshot()
        changes = []
        for sid, (status, duration, size) in now.items():
            before = self._seen.get(sid)
            if before is None:
                changes.append(f"{sid}: new, {status}")
            elif before[0] != status:
                detail = f" (duration {duration} s, size {size} B)" if status == "completed" else ""
                changes.append(f"{sid}: {before[0]} -> {status}{detail}")
        self._seen = {sid: state for sid, state in now.items() if not state[0].startswith("purged")}
        for change in changes:
            self.write(f"   changed: {change}")

    def run(self) -> None:
        fake, video = self.fake, self.client.video.v1
        self.step(
            "Create a room that records everyone",
            "POST /v1/Rooms with RecordParticipantsOnConnect=true: every published audio and",
            "video track will get its own recording.",
        )
        room = video.rooms.create(unique_name="standup", record_participants_on_connect=True)
        self.show()

        self.step(
            "alice joins and publishes a microphone and a camera (the control plane)",
            "No REST call does this in real life either: a Video SDK client does. Each track",
            "starts a recording in status 'processing'.",
        )
        alice = fake.room("standup").connect("alice")
        mic = alice.publish("audio", name="mic")
        alice.publish("video", name="camera")
        video.recordings.list()
        self.show()

        self.step(
            "Five minutes later the room is completed",
            "Capture ends; the recordings stay 'processing' for the processing delay (30 s).",
            "Media is not available yet: /Media answers 404.",
        )
        fake.clock.advance(minutes=5)
        video.rooms(room.sid).update(status="completed")
        assert mic.recording is not None
        sid = mic.recording.sid
        self.client.request("GET", f"{API}/Recordings/{sid}/Media")
        self.show()

        self.step("The processing delay passes", "Duration and size are known now.")
        fake.clock.advance(seconds=30)
        video.recordings(sid).fetch()
        self.show()

        self.step(
            "Download the media",
            "/Media answers 302 to a temporary URL (Ttl seconds, default 600); the fake serves",
            "that URL too: a real Matroska file of the recording's codec and duration.",
        )
        media = self.client.request("GET", f"{API}/Recordings/{sid}/Media", params={"Ttl": 60})
        # Without Twilio's credentials: S3 refuses a presigned URL that carries them (400).
        self.client.http_client.request("GET", media.headers["Location"])
        self.show()

        self.step(
            "Paging: five more recordings, listed two to a page",
            "next_page_url carries an opaque PageToken: a cursor, so pages stay stable while",
            "recordings come and go.",
        )
        for seconds in (10, 20, 30, 40, 50):
            fake.add_recording(type="video", duration=seconds)
            fake.clock.advance(seconds=1)
        page = video.recordings.page(page_size=2)
        while page is not None:
            page = page.next_page()
        self.show()

        self.step(
            "Delete the microphone's recording",
            "204; the media is gone, the metadata stays 30 days with status 'deleted'. Lists",
            "leave deleted recordings out unless asked with Status=deleted.",
        )
        video.recordings(sid).delete()
        video.recordings.list(page_size=20)
        video.recordings.list(status="deleted")
        self.show()

        self.step("30 days after the delete the metadata is purged", "Now it is 404 everywhere.")
        fake.clock.advance(days=30)
        self.client.request("GET", f"{API}/Recordings/{sid}")
        self.show()

        self.step(
            "Errors look like Twilio's",
            "PageSize above 1000 is 400 code 20007; wrong credentials are 401 code 20003.",
        )
        self.client.request("GET", f"{API}/Recordings", params={"PageSize": 1001})
        self.client.request("GET", f"{API}/Recordings", auth=("AC" + "0" * 32, "wrong"))
        self.show()
        self.compose()
        self.write(
            f"\n{len(fake.requests)} requests in all; in a test, fake.transcript() prints them."
        )

    def compose(self) -> None:
        """The end of the workflow: a hook composes a room when it ends; download, play back."""
        fake, video = self.fake, self.client.video.v1
        self.step(
            "A composition hook: compose every room the moment it ends",
            "Recordings are one file per track; a composition mixes them into one playable MP4",
            "or WebM. The hook holds the recipe: every audio track, every video in a grid.",
        )
        video.composition_hooks.create(
            friendly_name="everyone",
            audio_sources=["*"],
            video_layout={"grid": {"video_sources": ["*"]}},
            format="mp4",
            resolution="1280x720",
        )
        self.show()

        self.step(
            "bob and carol meet for two minutes; the room ends",
            "The hook composes it at once: a composition in status 'enqueued'.",
        )
        room = video.rooms.create(unique_name="retro", record_participants_on_connect=True)
        for identity in ("bob", "carol"):
            person = fake.room("retro").connect(identity)
            person.publish("audio", name="mic")
            person.publish("video", name="camera")
        fake.clock.advance(minutes=2)
        video.rooms(room.sid).update(status="completed")
        (composition,) = video.compositions.list(room_sid=room.sid)
        self.show()

        self.step(
            "The composition progresses on the clock",
            "Enqueued 5 s, then processing for a tenth of the media's length (at least 10 s,",
            "at most 5 minutes): 12 s for these two minutes. Duration and size are 0 until then.",
        )
        fake.clock.advance(seconds=5)
        video.compositions(composition.sid).fetch()
        self.show()
        fake.clock.advance(seconds=12)
        done = video.compositions(composition.sid).fetch()
        self.show()

        self.step(
            "Download the composition and play it back by length",
            "/Media answers 302 to a temporary URL, as for recordings; the file is a real MP4",
            "(H.264 and AAC: black frames and silence, the layout is not drawn).",
        )
        media = self.client.request("GET", f"{API}/Compositions/{composition.sid}/Media")
        download = self.client.http_client.request("GET", media.headers["Location"])
        self.show()
        # fakerec's HttpClient hands binary bodies to the SDK as latin-1 text, byte for byte.
        seconds = mp4_seconds(download.content.encode("latin-1"))
        self.write(
            f"   played back by length: {len(download.content)} bytes whose MP4 header (mvhd, "
            f"what a player reads first) says {seconds:.3f} s; the composition says "
            f"{done.duration} s"
        )


def run_tour(write: Callable[[str], Any] = print) -> None:
    Tour(write).run()
