"""``python -m fakerec tour``: the whole life of a recording, narrated, one HTTP exchange at a time.

Deterministic (seed 0, a ManualClock), so it reads the same every time and can be diffed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fakerec.fake import FakeVideo
from fakerec.transcript import format_exchange

API = "https://video.twilio.com/v1"

Snapshot = dict[str, tuple[str, int, int]]


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
        self.write(
            f"\n{len(fake.requests)} requests in all; in a test, fake.transcript() prints them."
        )


def run_tour(write: Callable[[str], Any] = print) -> None:
    Tour(write).run()
