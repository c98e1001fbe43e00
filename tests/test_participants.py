"""Participants (SPEC 10) through the official ``twilio`` SDK (sync): list, fetch, disconnect.

Expectations come from SPEC.md and Twilio's Participants page (default Status, fetch by
identity of a connected participant, Status=disconnected kicks), never from the fake.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import pytest
from _support import BASE, DELAY, account_auth, error_of, sids
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client

import fakerec
from fakerec.domain.models import Participant
from fakerec.domain.roster import ParticipantQuery

T0 = datetime(2025, 4, 2, 9, 0, 0, tzinfo=timezone.utc)

pytestmark = pytest.mark.fake(seed=15, processing_delay=DELAY, start=T0)


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def people(client: Client, room: str, **filters: object) -> list[str]:
    return sids(client.video.v1.rooms(room).participants.list(**filters))  # type: ignore[arg-type]


# --- fetch -----------------------------------------------------------------------------------


def test_fetch_every_field(fake: fakerec.FakeVideo, client: Client) -> None:
    room = fake.create_room(unique_name="fields")
    fake.clock.advance(seconds=3)
    joined = fake.clock.now()
    alice = room.connect("alice")
    got = client.video.v1.rooms(room.sid).participants(alice.sid).fetch()
    assert re.fullmatch(r"PA[0-9a-f]{32}", got.sid) and got.sid == alice.sid
    assert (got.room_sid, got.account_sid) == (room.sid, fake.account_sid)
    assert (got.identity, got.status) == ("alice", "connected")
    assert got.start_time == got.date_created == joined
    assert got.end_time is None and got.duration is None
    url = f"{BASE}/v1/Rooms/{room.sid}/Participants/{alice.sid}"
    assert got.url == url
    assert got.links == {
        "published_tracks": f"{url}/PublishedTracks",
        "subscribed_tracks": f"{url}/SubscribedTracks",
        "subscribe_rules": f"{url}/SubscribeRules",
    }
    fake.clock.advance(seconds=42)
    left = fake.clock.now()
    alice.disconnect()
    gone = client.video.v1.rooms(room.sid).participants(alice.sid).fetch()
    assert gone.status == "disconnected"
    assert (gone.start_time, gone.end_time, gone.duration) == (joined, left, 42)


def test_fetch_by_identity_finds_only_a_connected_participant(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    room = fake.create_room(unique_name="by-identity")
    first = room.connect("alice")
    first.disconnect()
    fake.clock.advance(seconds=1)
    second = room.connect("alice")
    rooms = client.video.v1.rooms
    assert rooms(room.sid).participants("alice").fetch().sid == second.sid
    assert rooms("by-identity").participants("alice").fetch().sid == second.sid  # room by name
    second.disconnect()
    with pytest.raises(TwilioRestException) as info:
        rooms(room.sid).participants("alice").fetch()
    assert (info.value.status, info.value.code) == (404, 20404)
    # By SID, a disconnected participant is still there.
    assert rooms(room.sid).participants(first.sid).fetch().status == "disconnected"


def test_unknown_participant_is_twilios_404(fake: fakerec.FakeVideo, client: Client) -> None:
    room = fake.create_room()
    other_room = fake.create_room()
    stranger = other_room.connect("bob")
    for sid in ("PA" + "0" * 32, stranger.sid, "nobody", "PAnot-a-sid"):
        answer = fake.dispatch(
            "GET", f"{BASE}/v1/Rooms/{room.sid}/Participants/{sid}", account_auth(fake)
        )
        assert answer.status == 404
        assert json.loads(answer.body) == {
            "code": 20404,
            "message": f"The requested resource /Rooms/{room.sid}/Participants/{sid} was not found",
            "more_info": "https://www.twilio.com/docs/errors/20404",
            "status": 404,
        }
    with pytest.raises(TwilioRestException) as info:
        client.video.v1.rooms(room.sid).participants(stranger.sid).fetch()
    assert (info.value.status, info.value.code) == (404, 20404)


def test_another_accounts_participants_are_404(fake: fakerec.FakeVideo) -> None:
    other = fake.add_account()
    room = fake.create_room(unique_name="theirs", account_sid=other.sid)
    eve = room.connect("eve")
    eve.publish("audio", name="mic")
    mine = Client(fake.account_sid, fake.auth_token, http_client=fake.http_client())
    theirs = Client(other.sid, other.auth_token, http_client=fake.http_client())
    assert theirs.video.v1.rooms(room.sid).participants(eve.sid).fetch().identity == "eve"
    calls = (
        lambda: mine.video.v1.rooms(room.sid).participants(eve.sid).fetch(),
        lambda: mine.video.v1.rooms(room.sid).participants.list(),
        lambda: mine.video.v1.rooms(room.sid).participants(eve.sid).update(status="disconnected"),
        lambda: mine.video.v1.rooms(room.sid).participants(eve.sid).published_tracks.list(),
        lambda: mine.video.v1.rooms(room.sid).participants(eve.sid).subscribe_rules.fetch(),
    )
    for call in calls:
        with pytest.raises(TwilioException) as info:
            call()
        assert error_of(info.value) == (404, 20404)
    assert eve.connected


# --- list ------------------------------------------------------------------------------------


def test_in_progress_room_lists_connected_participants_by_default(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    room = fake.create_room(unique_name="default-status")
    made = []
    for name in ("alice", "bob", "carol", "dave"):
        made.append(room.connect(name))
        fake.clock.advance(seconds=1)
    made[1].disconnect()
    connected = [made[3].sid, made[2].sid, made[0].sid]  # newest first (SPEC 5)
    assert people(client, room.sid) == connected
    assert people(client, room.sid, status="connected") == connected
    assert people(client, room.sid, status="disconnected") == [made[1].sid]
    assert people(client, room.sid, status="reconnecting") == []


def test_completed_room_lists_only_disconnected_participants(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    room = fake.create_room(unique_name="done")
    alice = room.connect("alice")
    fake.clock.advance(seconds=1)
    bob = room.connect("bob")
    bob.disconnect()
    room.complete()
    assert people(client, room.sid) == [bob.sid, alice.sid]
    assert people(client, room.sid, status="disconnected") == [bob.sid, alice.sid]
    assert people(client, room.sid, status="connected") == []


def test_identity_and_date_filters(fake: fakerec.FakeVideo, client: Client) -> None:
    room = fake.create_room()
    first = room.connect("alice")
    first.disconnect()
    fake.clock.advance(seconds=10)
    middle_time = fake.clock.now()
    bob = room.connect("bob")
    again = room.connect("alice")
    fake.clock.advance(seconds=10)
    last_time = fake.clock.now()
    carol = room.connect("carol")
    assert people(client, room.sid, identity="alice") == [again.sid]
    assert people(client, room.sid, identity="alice", status="disconnected") == [first.sid]
    assert people(client, room.sid, identity="nobody") == []
    # DateCreatedAfter inclusive, DateCreatedBefore exclusive (SPEC 5).
    after = people(client, room.sid, date_created_after=middle_time)
    assert after == [carol.sid, again.sid, bob.sid]
    window = people(client, room.sid, date_created_after=middle_time, date_created_before=last_time)
    assert window == [again.sid, bob.sid]
    assert people(client, room.sid, date_created_before=middle_time) == []


def test_bad_filters_are_400(fake: fakerec.FakeVideo, client: Client) -> None:
    room = fake.create_room()
    for query in ("Status=gone", "DateCreatedAfter=yesterday", "PageSize=0"):
        answer = fake.dispatch(
            "GET", f"{BASE}/v1/Rooms/{room.sid}/Participants?{query}", account_auth(fake)
        )
        assert (answer.status, json.loads(answer.body)["code"]) == (400, 20001), query
    with pytest.raises(TwilioException) as info:
        client.video.v1.rooms(room.sid).participants.list(status="gone")  # type: ignore[arg-type]
    assert error_of(info.value) == (400, 20001)


def test_meta_carries_the_filters_and_the_key(fake: fakerec.FakeVideo) -> None:
    room = fake.create_room()
    for name in ("a", "b", "c"):
        room.connect(name)
    url = f"{BASE}/v1/Rooms/{room.sid}/Participants?Status=connected&Identity=b&PageSize=5"
    body = json.loads(fake.dispatch("GET", url, account_auth(fake)).body)
    meta = body["meta"]
    assert meta["key"] == "participants" and len(body["participants"]) == 1
    assert meta["first_page_url"] == (
        f"{BASE}/v1/Rooms/{room.sid}/Participants?Status=connected&Identity=b&PageSize=5&Page=0"
    )
    assert meta["next_page_url"] is None and meta["previous_page_url"] is None


def test_paging_walk_while_participants_join_never_repeats_or_skips(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    room = fake.create_room(unique_name="busy")
    existed = []
    for number in range(7):
        existed.append(room.connect(f"early-{number}").sid)
        if number % 3 == 0:
            fake.clock.advance(seconds=1)  # some in the same second, some apart
    seen: list[str] = []
    page = client.video.v1.rooms(room.sid).participants.page(page_size=2)
    joined = 0
    while True:
        seen.extend(sids(page))
        for _ in range(2):  # more join between pages: newer than the cursor, never listed
            room.connect(f"late-{joined}")
            joined += 1
        fake.clock.advance(seconds=1)
        following = page.next_page()
        if following is None:
            break
        page = following
    assert len(seen) == len(set(seen)), "a participant was listed twice"
    assert seen == existed[::-1], "every participant there for the whole walk, newest first"
    everyone = sids(client.video.v1.rooms(room.sid).participants.stream(page_size=3))
    assert len(everyone) == len(set(everyone)) == 7 + joined


def test_pages_forward_and_back(fake: fakerec.FakeVideo, client: Client) -> None:
    room = fake.create_room()
    made = [room.connect(f"p{n}").sid for n in range(5)][::-1]
    first = client.video.v1.rooms(room.sid).participants.page(page_size=2)
    second = first.next_page()
    assert second is not None
    third = second.next_page()
    assert third is not None and third.next_page_url is None
    assert (sids(first), sids(second), sids(third)) == (made[:2], made[2:4], made[4:])
    back = third.previous_page()
    assert back is not None and sids(back) == made[2:4]


def test_list_of_an_unknown_room_is_404(fake: fakerec.FakeVideo, client: Client) -> None:
    with pytest.raises(TwilioException) as info:
        client.video.v1.rooms("RM" + "f" * 32).participants.list()
    assert error_of(info.value) == (404, 20404)


# --- update: disconnect ----------------------------------------------------------------------


def test_disconnect_over_rest_ends_the_recordings_capture(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    room = fake.create_room(unique_name="kick", record_participants_on_connect=True)
    alice = room.connect("alice")
    mic = alice.publish("audio", name="mic")
    fake.clock.advance(seconds=20)
    start = len(fake.requests)
    kicked = client.video.v1.rooms("kick").participants("alice").update(status="disconnected")
    assert fake.requests[start].status == 202  # the spec's answer to an update
    assert (kicked.sid, kicked.status, kicked.duration) == (alice.sid, "disconnected", 20)
    assert kicked.end_time == fake.clock.now().replace(microsecond=0)
    assert not alice.connected and not mic.published
    recording = mic.recording
    assert recording is not None
    fake.clock.advance(seconds=DELAY)
    assert (recording.status.value, recording.duration) == ("completed", 20)
    assert room.status.value == "in-progress"  # only the participant left


def test_update_other_status_or_a_gone_participant_is_53209(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    room = fake.create_room()
    alice = room.connect("alice")
    participant = client.video.v1.rooms(room.sid).participants(alice.sid)
    for status in ("connected", "reconnecting"):
        with pytest.raises(TwilioRestException) as info:
            participant.update(status=status)  # type: ignore[arg-type]
        assert (info.value.status, info.value.code) == (400, 53209)
    assert alice.connected
    participant.update(status="disconnected")
    with pytest.raises(TwilioRestException) as info:
        participant.update(status="disconnected")
    assert (info.value.status, info.value.code) == (400, 53209)


def test_update_without_status_is_400(fake: fakerec.FakeVideo) -> None:
    room = fake.create_room()
    alice = room.connect("alice")
    headers = {**account_auth(fake), "Content-Type": "application/x-www-form-urlencoded"}
    url = f"{BASE}/v1/Rooms/{room.sid}/Participants/{alice.sid}"
    for form in ("", "Status=", "Status=gone"):
        answer = fake.dispatch("POST", url, headers, form)
        assert answer.status == 400, form
        assert json.loads(answer.body)["code"] == (20001 if form == "" else 53209), form
    assert alice.connected
    assert fake.dispatch("DELETE", url, headers).status == 405


def test_disconnect_by_rest_sends_participant_disconnected(fake: fakerec.FakeVideo) -> None:
    room = fake.create_room(status_callback="https://app.example/cb")
    alice = room.connect("alice")
    fake.clock.advance(seconds=5)
    client = Client(fake.account_sid, fake.auth_token, http_client=fake.http_client())
    client.video.v1.rooms(room.sid).participants(alice.sid).update(status="disconnected")
    sent = [c for c in fake.callbacks if c.event == "participant-disconnected"]
    assert len(sent) == 1
    assert sent[0].params["ParticipantSid"] == alice.sid
    assert sent[0].params["ParticipantDuration"] == "5"


def test_a_rooms_list_looks_at_its_own_participants_only(
    fake: fakerec.FakeVideo, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index per room: the list never visits another room's participants."""
    for number in range(200):
        fake.create_room().connect(f"someone-{number}")
    room = fake.create_room()
    mine = [room.connect(name).sid for name in ("me", "you", "them")]
    visited: list[str] = []
    matches = ParticipantQuery.matches

    def counting(self: ParticipantQuery, participant: Participant) -> bool:
        visited.append(participant.sid)
        return matches(self, participant)

    monkeypatch.setattr(ParticipantQuery, "matches", counting)
    assert people(client, room.sid) == mine[::-1]
    assert visited and set(visited) <= set(mine)
