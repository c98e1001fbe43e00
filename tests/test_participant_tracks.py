"""PublishedTracks, SubscribedTracks and SubscribeRules (SPEC 10) through the SDK (sync).

The subscription cases are the worked examples of Twilio's track-subscriptions page (Alice,
Bob and Carl), with the answers the page gives; nothing is copied from the fake.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlencode

import pytest
from _support import BASE, DELAY, account_auth, error_of, sids
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client

import fakerec
from fakerec.domain.models import Participant, Room, Track

T0 = datetime(2025, 4, 3, 10, 0, 0, tzinfo=timezone.utc)

pytestmark = pytest.mark.fake(seed=16, processing_delay=DELAY, start=T0)


def of(client: Client, p: Participant) -> Any:
    return client.video.v1.rooms(p.room.sid).participants(p.sid)


def subscribed(client: Client, p: Participant) -> set[str]:
    return set(sids(of(client, p).subscribed_tracks.list()))


def update_rules(client: Client, p: Participant, rules: list[dict[str, Any]]) -> Any:
    return of(client, p).subscribe_rules.update(rules=rules)


class Scene:
    """The room of Twilio's track-subscriptions page: who publishes which tracks."""

    def __init__(self, fake: fakerec.FakeVideo) -> None:
        self.room: Room = fake.create_room(unique_name="page-example")
        self.alice = self.room.connect("Alice")
        self.bob = self.room.connect("Bob")
        self.carl = self.room.connect("Carl")
        self.t: dict[str, Track] = {
            "MTA_A": self.alice.publish("audio", name="alice-audio"),
            "MTA_C": self.alice.publish("video", name="alice-cam"),
            "MTA_S": self.alice.publish("video", name="screen"),
            "MTB_A": self.bob.publish("audio", name="bob-audio"),
            "MTB_C": self.bob.publish("video", name="bob-cam"),
            "MTB_S": self.bob.publish("video", name="screen"),
            "MTC_A": self.carl.publish("audio", name="carl-audio"),
            "MTC_C": self.carl.publish("video", name="carl-cam"),
            "MTC_D": self.carl.publish("data", name="carl-data"),
        }

    def sids(self, *names: str) -> set[str]:
        return {self.t[name].sid for name in names}


@pytest.fixture
def scene(fake: fakerec.FakeVideo) -> Scene:
    return Scene(fake)


# --- published tracks ------------------------------------------------------------------------


def test_published_tracks_list_and_fetch(fake: fakerec.FakeVideo, client: Client) -> None:
    room = fake.create_room(unique_name="pub")
    alice = room.connect("alice")
    fake.clock.advance(seconds=2)
    published_at = fake.clock.now()
    mic = alice.publish("audio", name="mic")
    cam = alice.publish("video")
    chat = alice.publish("data", name="chat")
    chat.unpublish()
    cam.mute()
    listed = of(client, alice).published_tracks.list()
    assert sids(listed) == [cam.sid, mic.sid]  # only what is published now, newest first
    by_sid = {t.sid: t for t in listed}
    assert (by_sid[mic.sid].name, by_sid[mic.sid].kind, by_sid[mic.sid].enabled) == (
        "mic",
        "audio",
        True,
    )
    assert (by_sid[cam.sid].kind, by_sid[cam.sid].enabled) == ("video", False)
    assert by_sid[cam.sid].name == cam.sid  # unnamed: named by its SID, as its recording is
    got = of(client, alice).published_tracks(mic.sid).fetch()
    assert (got.sid, got.participant_sid, got.room_sid) == (mic.sid, alice.sid, room.sid)
    assert got.date_created == published_at
    assert (
        got.url == f"{BASE}/v1/Rooms/{room.sid}/Participants/{alice.sid}/PublishedTracks/{mic.sid}"
    )
    # By name too, and through the room's name and the identity [DOC].
    by_name = client.video.v1.rooms("pub").participants("alice").published_tracks("mic").fetch()
    assert by_name.sid == mic.sid
    cam.unmute()
    assert of(client, alice).published_tracks(cam.sid).fetch().enabled is True


def test_published_track_not_published_now_is_404(fake: fakerec.FakeVideo, client: Client) -> None:
    room = fake.create_room()
    alice, bob = room.connect("alice"), room.connect("bob")
    gone = alice.publish("audio", name="gone")
    gone.unpublish()
    bobs = bob.publish("audio", name="bobs")
    for sid in (gone.sid, "gone", bobs.sid, "MT" + "0" * 32):
        with pytest.raises(TwilioRestException) as info:
            of(client, alice).published_tracks(sid).fetch()
        assert (info.value.status, info.value.code) == (404, 20404), sid


def test_a_disconnected_participant_publishes_nothing(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    room = fake.create_room()
    alice = room.connect("alice")
    alice.publish("audio")
    alice.disconnect()
    assert of(client, alice).published_tracks.list() == []


def test_published_tracks_page_through_the_sdk(fake: fakerec.FakeVideo, client: Client) -> None:
    room = fake.create_room()
    alice = room.connect("alice")
    made = []
    for number in range(5):
        made.append(alice.publish("data", name=f"d{number}").sid)
        if number % 2:
            fake.clock.advance(seconds=1)
    streamed = sids(of(client, alice).published_tracks.stream(page_size=2))
    assert streamed == made[::-1]
    first = of(client, alice).published_tracks.page(page_size=2)
    second = first.next_page()
    assert second is not None and sids(second) == made[::-1][2:4]
    back = second.previous_page()
    assert back is not None and sids(back) == made[::-1][:2]


# --- subscribed tracks -----------------------------------------------------------------------


def test_everyone_subscribes_to_every_other_track_by_default(client: Client, scene: Scene) -> None:
    assert subscribed(client, scene.alice) == scene.sids(
        "MTB_A", "MTB_C", "MTB_S", "MTC_A", "MTC_C", "MTC_D"
    )
    assert subscribed(client, scene.carl) == scene.sids(
        "MTA_A", "MTA_C", "MTA_S", "MTB_A", "MTB_C", "MTB_S"
    )


@pytest.mark.parametrize(
    ("who", "rules", "expected"),
    [
        # The page's table: include all, exclude video, include Bob's screen.
        (
            "alice",
            [
                {"type": "include", "all": True},
                {"type": "exclude", "kind": "video"},
                {"type": "include", "publisher": "Bob", "track": "screen"},
            ],
            ("MTB_A", "MTC_A", "MTC_D", "MTB_S"),
        ),
        ("alice", [{"type": "exclude", "all": True}], ()),  # subscribe-to-none
        ("alice", [{"type": "exclude", "kind": "video"}], ()),  # a lone exclude
        ("alice", [{"type": "include", "track": "alice-audio"}], ()),  # never her own
        ("alice", [{"type": "include", "track": "screen"}], ("MTB_S",)),
        (
            "carl",
            [
                {"type": "include", "all": True},
                {"type": "exclude", "publisher": "<bob's sid>", "kind": "audio"},
                {"type": "exclude", "kind": "video", "track": "screen"},
            ],
            ("MTA_A", "MTA_C", "MTB_C"),
        ),
        (  # order matters: the exclude comes last...
            "alice",
            [{"type": "include", "kind": "data"}, {"type": "exclude", "publisher": "Carl"}],
            (),
        ),
        (  # ...or first
            "alice",
            [{"type": "exclude", "publisher": "Carl"}, {"type": "include", "kind": "data"}],
            ("MTC_D",),
        ),
        ("carl", [{"type": "include", "track": "<alice's screen sid>"}], ("MTA_S",)),
        (
            "bob",
            [{"type": "include", "priority": "standard"}],
            ("MTA_A", "MTA_C", "MTA_S", "MTC_A", "MTC_C", "MTC_D"),
        ),
        ("bob", [{"type": "include", "priority": "high"}], ()),
    ],
)
def test_the_track_subscriptions_pages_examples(
    client: Client,
    scene: Scene,
    who: str,
    rules: list[dict[str, Any]],
    expected: tuple[str, ...],
) -> None:
    fill = {"<bob's sid>": scene.bob.sid, "<alice's screen sid>": scene.t["MTA_S"].sid}
    rules = [{k: fill.get(v, v) if isinstance(v, str) else v for k, v in r.items()} for r in rules]
    participant = {"alice": scene.alice, "bob": scene.bob, "carl": scene.carl}[who]
    answer = update_rules(client, participant, rules)
    assert answer.rules == rules
    assert subscribed(client, participant) == scene.sids(*expected)


def test_subscriptions_follow_the_room_declaratively(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    """The page's sequence: rules posted once, re-evaluated as people come, publish, leave."""
    room = fake.create_room()
    alice = room.connect("Alice")
    alice.publish("audio", name="alice-audio")
    update_rules(
        client,
        alice,
        [
            {"type": "include", "kind": "audio"},
            {"type": "include", "track": "screen"},
            {"type": "exclude", "publisher": "Carl"},
            {"type": "include", "kind": "data"},
        ],
    )
    assert subscribed(client, alice) == set()
    bob = room.connect("Bob")
    bob_audio, _, bob_screen = (
        bob.publish("audio", name="bob-audio"),
        bob.publish("video", name="bob-cam"),
        bob.publish("video", name="screen"),
    )
    assert subscribed(client, alice) == {bob_audio.sid, bob_screen.sid}
    carl = room.connect("Carl")
    carl.publish("audio", name="carl-audio")
    carl.publish("video", name="carl-cam")
    assert subscribed(client, alice) == {bob_audio.sid, bob_screen.sid}
    carl_data = carl.publish("data", name="carl-data")
    assert subscribed(client, alice) == {bob_audio.sid, bob_screen.sid, carl_data.sid}
    bob.disconnect()
    assert subscribed(client, alice) == {carl_data.sid}
    carl.disconnect()
    assert subscribed(client, alice) == set()


def test_subscribed_track_fields_and_fetch(fake: fakerec.FakeVideo, client: Client) -> None:
    room = fake.create_room()
    bob = room.connect("bob")
    cam = bob.publish("video", name="cam")
    fake.clock.advance(seconds=7)
    joined = fake.clock.now()
    alice = room.connect("alice")
    cam.mute()
    listed = of(client, alice).subscribed_tracks.list()
    assert sids(listed) == [cam.sid]
    got = of(client, alice).subscribed_tracks(cam.sid).fetch()
    assert (got.participant_sid, got.publisher_sid, got.room_sid) == (alice.sid, bob.sid, room.sid)
    assert (got.name, got.kind, got.enabled) == ("cam", "video", False)
    assert got.date_created == joined  # the subscription began when alice arrived
    assert got.url == (
        f"{BASE}/v1/Rooms/{room.sid}/Participants/{alice.sid}/SubscribedTracks/{cam.sid}"
    )
    assert listed[0].sid == got.sid and listed[0].enabled is False


def test_subscribed_track_not_subscribed_is_404(fake: fakerec.FakeVideo, client: Client) -> None:
    room = fake.create_room()
    alice, bob = room.connect("alice"), room.connect("bob")
    own = alice.publish("audio", name="own")
    cam = bob.publish("video", name="cam")
    update_rules(client, alice, [{"type": "include", "kind": "audio"}])
    for sid in (own.sid, cam.sid, "cam", "MT" + "1" * 32):
        with pytest.raises(TwilioRestException) as info:
            of(client, alice).subscribed_tracks(sid).fetch()
        assert (info.value.status, info.value.code) == (404, 20404), sid


def test_a_disconnected_participant_subscribes_to_nothing(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    room = fake.create_room()
    alice, bob = room.connect("alice"), room.connect("bob")
    bob.publish("audio")
    alice.disconnect()
    assert subscribed(client, alice) == set()


# --- subscribe rules -------------------------------------------------------------------------


def test_subscribe_rules_default_and_update(fake: fakerec.FakeVideo, client: Client) -> None:
    room = fake.create_room(unique_name="rules")
    fake.clock.advance(seconds=4)
    joined = fake.clock.now()
    alice = room.connect("alice")
    got = of(client, alice).subscribe_rules.fetch()
    assert got.rules == [{"type": "include", "all": True}]  # SPEC 10 [DECIDED], Twilio's default
    assert (got.participant_sid, got.room_sid) == (alice.sid, room.sid)
    assert got.date_created == got.date_updated == joined
    fake.clock.advance(seconds=9)
    rules = [{"type": "include", "all": True}, {"type": "exclude", "publisher": "Supervisor"}]
    updated = (
        client.video.v1.rooms("rules").participants("alice").subscribe_rules.update(rules=rules)
    )
    assert updated.rules == rules
    assert (updated.date_created, updated.date_updated) == (joined, fake.clock.now())
    assert of(client, alice).subscribe_rules.fetch().rules == rules


@pytest.mark.parametrize(
    "rules",
    [
        "[]",  # the page's invalid examples, one by one
        '[{"type": "include", "all": false}]',
        '[{"type": "include", "all": true}, {"type": "exclude", "kind": "wideo"}]',
        '[{"type": "include", "kind": "audio", "kind": "data"}]',
        '[{"type": "include", "all": "true", "kind": "data"}]',
        '[{"type": "include", "all": true, "kind": "data"}]',
        '[{"kind": "audio"}]',  # a rule must contain a type
        '[{"type": "subscribe", "all": true}]',
        '[{"type": "include"}]',  # no filter
        '[{"type": "include", "colour": "red"}]',
        '[{"type": "include", "priority": "urgent"}]',
        '[{"type": "include", "publisher": 7}]',
        '[{"type": "include", "track": ""}]',
        "[" + ", ".join(['{"type": "include", "all": true}'] * 21) + "]",  # at most 20
        '{"type": "include", "all": true}',  # not an array
        '["include"]',
        "not json",
        "",
    ],
)
def test_invalid_subscribe_rules_are_53215_and_change_nothing(
    fake: fakerec.FakeVideo, rules: str
) -> None:
    room = fake.create_room()
    alice = room.connect("alice")
    before = list(alice.subscribe_rules)
    headers = {**account_auth(fake), "Content-Type": "application/x-www-form-urlencoded"}
    url = f"{BASE}/v1/Rooms/{room.sid}/Participants/{alice.sid}/SubscribeRules"
    answer = fake.dispatch("POST", url, headers, urlencode({"Rules": rules}))
    body = json.loads(answer.body)
    assert (answer.status, body["code"]) == (400, 53215), body
    assert body["message"].startswith("Invalid Subscribe Rule(s)")
    assert alice.subscribe_rules == before


def test_invalid_rules_through_the_sdk(fake: fakerec.FakeVideo, client: Client) -> None:
    room = fake.create_room()
    alice = room.connect("alice")
    with pytest.raises(TwilioRestException) as info:
        update_rules(client, alice, [{"type": "include", "kind": "wideo"}])
    assert (info.value.status, info.value.code) == (400, 53215)


def test_rules_without_the_parameter_or_for_a_gone_participant(
    fake: fakerec.FakeVideo, client: Client
) -> None:
    room = fake.create_room()
    alice = room.connect("alice")
    headers = {**account_auth(fake), "Content-Type": "application/x-www-form-urlencoded"}
    url = f"{BASE}/v1/Rooms/{room.sid}/Participants/{alice.sid}/SubscribeRules"
    answer = fake.dispatch("POST", url, headers, "")
    assert (answer.status, json.loads(answer.body)["code"]) == (400, 20001)
    alice.disconnect()
    with pytest.raises(TwilioException) as info:
        update_rules(client, alice, [{"type": "exclude", "all": True}])
    assert error_of(info.value) == (400, 53204)
    assert alice.sid in str(info.value)
    assert of(client, alice).subscribe_rules.fetch().rules == [{"type": "include", "all": True}]
