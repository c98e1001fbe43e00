"""Every participant, published/subscribed track and subscribe-rules body validates against
Twilio's OpenAPI schemas (the approach of test_schema.py), with exactly the schema's fields."""

from __future__ import annotations

import json
from typing import Any

import pytest
from _support import BASE, account_auth, get_json
from test_schema import SPEC, _response_schema, _validator, spec

from fakerec import FakeVideo

__all__ = ["spec"]  # the module-scoped fixture, shared with test_schema

pytestmark = pytest.mark.skipif(
    not SPEC.exists(), reason=f"Twilio's OpenAPI document is not at {SPEC} (it lives in ../shared)"
)

PARTICIPANT = "/v1/Rooms/{RoomSid}/Participants/{ParticipantSid}"
SCHEMAS = {
    "participants": "video.v1.room.room_participant",
    "published_tracks": "video.v1.room.room_participant.room_participant_published_track",
    "subscribed_tracks": "video.v1.room.room_participant.room_participant_subscribed_track",
}
RULES = "video.v1.room.room_participant.room_participant_subscribe_rule"


@pytest.fixture
def world() -> FakeVideo:
    """Connected and disconnected participants, muted and unnamed tracks, changed rules,
    and a completed room."""
    fake = FakeVideo(seed="participants-schema")
    room = fake.create_room("live", record_participants_on_connect=True)
    alice, bob = room.connect("alice"), room.connect("bob")
    alice.publish("audio", name="mic")
    alice.publish("video").mute()
    bob.publish("data", name="chat")
    fake.clock.advance(seconds=8)
    gone = room.connect("carol")
    gone.publish("audio")
    fake.clock.advance(seconds=3)
    gone.disconnect()
    headers = {**account_auth(fake), "Content-Type": "application/x-www-form-urlencoded"}
    rules = json.dumps(
        [{"type": "include", "kind": "video"}, {"type": "include", "priority": "low"}]
    )
    answer = fake.dispatch(
        "POST", f"{BASE}/v1/Rooms/{room.sid}/Participants/{bob.sid}/SubscribeRules",
        headers, f"Rules={rules}",
    )  # fmt: skip
    assert answer.status == 200
    done = fake.create_room("done")
    done.connect("dave").publish("audio")
    fake.clock.advance(seconds=5)
    done.complete()
    return fake


def _check(spec: dict[str, Any], body: dict[str, Any], schema_name: str) -> None:
    schema = spec["components"]["schemas"][schema_name]
    _validator(spec, schema).validate(body)
    assert set(body) == set(schema["properties"]), "exactly the schema's fields"


def test_every_list_and_fetch_body_matches_the_schemas(
    spec: dict[str, Any], world: FakeVideo
) -> None:
    seen: dict[str, int] = {key: 0 for key in SCHEMAS}
    for room in world.backend.rooms.values():
        for status in ("connected", "disconnected"):
            url = f"{BASE}/v1/Rooms/{room.sid}/Participants?Status={status}&PageSize=1"
            while url:
                code, page = get_json(world, url)
                assert code == 200
                list_schema = _response_schema(
                    spec, "/v1/Rooms/{RoomSid}/Participants", "get", "200"
                )
                _validator(spec, list_schema).validate(page)
                for body in page["participants"]:
                    _check(spec, body, SCHEMAS["participants"])
                    seen["participants"] += 1
                    assert get_json(world, body["url"]) == (200, body)
                    for key in ("published_tracks", "subscribed_tracks"):
                        seen[key] += _check_tracks(spec, world, body["links"][key], key)
                    code, rules = get_json(world, body["links"]["subscribe_rules"])
                    assert code == 200
                    _check(spec, rules, RULES)
                url = page["meta"]["next_page_url"]
    # alice, bob, carol (gone) and dave (of the completed room); alice's two tracks and bob's
    # one; alice receives bob's chat, bob (video only) alice's muted camera.
    assert seen == {"participants": 4, "published_tracks": 3, "subscribed_tracks": 2}


def _check_tracks(spec: dict[str, Any], world: FakeVideo, url: str, key: str) -> int:
    path = f"{PARTICIPANT}/{key.title().replace('_', '')}"
    code, page = get_json(world, url)
    assert code == 200 and page["meta"]["key"] == key
    _validator(spec, _response_schema(spec, path, "get", "200")).validate(page)
    for body in page[key]:
        _check(spec, body, SCHEMAS[key])
        assert get_json(world, body["url"]) == (200, body)
        fetch_schema = _response_schema(spec, path + "/{Sid}", "get", "200")
        _validator(spec, fetch_schema).validate(body)
    return len(page[key])


def test_update_and_rules_answers_match_the_spec(spec: dict[str, Any]) -> None:
    fake = FakeVideo(seed="participants-schema-update")
    room = fake.create_room("r")
    alice = room.connect("alice")
    headers = {**account_auth(fake), "Content-Type": "application/x-www-form-urlencoded"}
    base = f"{BASE}/v1/Rooms/{room.sid}/Participants/{alice.sid}"
    rules = fake.dispatch(
        "POST", f"{base}/SubscribeRules", headers, 'Rules=[{"type":"exclude","all":true}]'
    )
    assert rules.status == 200
    schema = _response_schema(spec, f"{PARTICIPANT}/SubscribeRules", "post", "200")
    _validator(spec, schema).validate(json.loads(rules.body))
    _check(spec, json.loads(rules.body), RULES)
    fetched = json.loads(fake.dispatch("GET", f"{base}/SubscribeRules", headers).body)
    _validator(
        spec, _response_schema(spec, f"{PARTICIPANT}/SubscribeRules", "get", "200")
    ).validate(fetched)
    updated = fake.dispatch("POST", base, headers, "Status=disconnected")
    assert updated.status == 202
    body = json.loads(updated.body)
    _validator(
        spec, _response_schema(spec, "/v1/Rooms/{RoomSid}/Participants/{Sid}", "post", "202")
    ).validate(body)
    _check(spec, body, SCHEMAS["participants"])
    assert body["status"] == "disconnected" and body["duration"] == 0


@pytest.mark.parametrize(
    "path",
    [
        "/Participants/PA00000000000000000000000000000000",
        "/Participants/nobody/PublishedTracks",
        "/Participants/alice/SubscribedTracks/MTnope",
        "/Participants?Status=gone",
    ],
)
def test_participant_error_bodies_have_twilios_shape(path: str) -> None:
    fake = FakeVideo(seed="participants-errors")
    room = fake.create_room()
    room.connect("alice")
    code, body = get_json(fake, f"{BASE}/v1/Rooms/{room.sid}{path}")
    assert set(body) == {"code", "message", "more_info", "status"}
    assert body["status"] == code and code in (400, 404)
