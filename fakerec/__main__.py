"""``python -m fakerec demo``: a short, deterministic walk through a recording's life.

It drives the fake through the official twilio SDK exactly as application code would.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def demo() -> None:
    from twilio.base.exceptions import TwilioRestException
    from twilio.rest import Client

    from fakerec import FakeVideo

    fake = FakeVideo(seed=0)
    client = Client(fake.account_sid, fake.auth_token, http_client=fake.http_client())
    video = client.video.v1

    def show(title: str) -> None:
        print(f"\n[{fake.clock.now():%Y-%m-%d %H:%M:%S}Z] {title}")

    show("POST /v1/Rooms  UniqueName=standup RecordParticipantsOnConnect=true")
    room = video.rooms.create(unique_name="standup", record_participants_on_connect=True)
    print(f"  room {room.sid} is {room.status}")

    show("alice connects and publishes a microphone and a camera (control plane)")
    alice = fake.room("standup").connect("alice")
    mic = alice.publish("audio", name="mic")
    alice.publish("video", name="camera")
    for rec in video.recordings.list():
        print(f"  {rec.sid} {rec.type:5} {rec.codec:4} {rec.status:10} track_name={rec.track_name}")

    fake.clock.advance(seconds=95.4)
    show("95.4 s later the room is completed over REST")
    video.rooms(room.sid).update(status="completed")
    print(f"  recordings still processing: {len(video.recordings.list(status='processing'))}")

    fake.clock.advance(seconds=30)
    show("the 30 s processing delay has passed")
    for rec in video.recordings.list():
        print(f"  {rec.sid} {rec.status} duration={rec.duration}s size={rec.size} bytes")

    assert mic.recording is not None
    sid = mic.recording.sid
    show(f"GET /v1/Recordings/{sid}/Media?Ttl=60")
    media = client.request(
        "GET", f"https://video.twilio.com/v1/Recordings/{sid}/Media", params={"Ttl": 60}
    )
    print(f"  {media.status_code} Location: {media.headers['Location'][:72]}...")

    show(f"DELETE /v1/Recordings/{sid}")
    print(f"  removed: {video.recordings(sid).delete()}")
    print(
        f"  default list: {len(video.recordings.list())} recording(s); "
        f"Status=deleted: {len(video.recordings.list(status='deleted'))}"
    )

    fake.clock.advance(days=30)
    show("30 days after the delete the metadata is purged")
    try:
        video.recordings(sid).fetch()
    except TwilioRestException as err:
        print(f"  {err.status} code {err.code}: {err.msg}")

    show("paging: 7 more recordings, PageSize=3, following next_page_url")
    for _ in range(7):
        fake.add_recording(type="video", duration=42)
        fake.clock.advance(seconds=1)
    page = video.recordings.page(page_size=3)
    number = 0
    while page is not None:
        print(f"  page {number}: {[r.sid[:8] for r in page]}")
        page, number = page.next_page(), number + 1

    print(f"\n{len(fake.requests)} requests served; the journal is fake.requests")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fakerec", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="walk one recording through its whole life")
    parser.parse_args(argv)
    demo()
    return 0


if __name__ == "__main__":
    sys.exit(main())
