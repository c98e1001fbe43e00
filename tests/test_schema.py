"""Every body the fake returns validates against Twilio's own OpenAPI schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from _support import account_auth, get_json
from jsonschema import Draft7Validator, FormatChecker

from fakerec import FakeVideo

SPEC = Path(__file__).resolve().parents[1].parent / "shared" / "spec" / "twilio_video_v1.json"

pytestmark = pytest.mark.skipif(
    not SPEC.exists(), reason=f"Twilio's OpenAPI document is not at {SPEC} (it lives in ../shared)"
)


def _openapi_to_jsonschema(node: Any) -> Any:
    """OpenAPI 3.0 says ``nullable: true``; JSON Schema says ``type: [..., "null"]``."""
    if isinstance(node, list):
        return [_openapi_to_jsonschema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {k: _openapi_to_jsonschema(v) for k, v in node.items() if k != "nullable"}
    if "$ref" in out:
        out["$ref"] = out["$ref"].replace("#/components/schemas/", "#/definitions/")
    if node.get("nullable"):
        if "type" in out:
            out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    return out


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return json.loads(SPEC.read_text())


#: The one place the fake follows the live service over the published schema (SPEC 3 [OBS]):
#: recording codecs are lower case in REST bodies; the enum lists them in upper case.
LOWER_CASE_CODECS = ("recording_enum_codec", "room_recording_enum_codec")


def _validator(spec: dict[str, Any], schema: dict[str, Any]) -> Draft7Validator:
    definitions = _openapi_to_jsonschema(spec["components"]["schemas"])
    for name in LOWER_CASE_CODECS:
        enum = definitions[name]["enum"]
        definitions[name]["enum"] = [value.lower() for value in enum if value is not None]
    full = {**_openapi_to_jsonschema(schema), "definitions": definitions}
    return Draft7Validator(full, format_checker=FormatChecker())


def _response_schema(spec: dict[str, Any], path: str, method: str, status: str) -> Any:
    content = spec["paths"][path][method]["responses"][status]["content"]
    return content["application/json"]["schema"]


@pytest.fixture
def populated() -> FakeVideo:
    fake = FakeVideo(seed="schema")
    room = fake.create_room(
        "schema-room", record_participants_on_connect=True, status_callback="https://app.example/cb"
    )
    alice = room.connect("alice")
    alice.publish("audio", name="mic")
    alice.publish("video")
    fake.clock.advance(seconds=12)
    alice.disconnect()
    fake.clock.advance(seconds=31)
    fake.add_recording(status="deleted", type="video", codec="H264")
    fake.add_recording(status="failed", media_external_location="https://bucket.example/x/")
    fake.add_recording(status="processing", type="audio", codec="PCMU")
    return fake


def test_every_recording_in_every_status_matches_the_recording_schema(
    spec: dict[str, Any], populated: FakeVideo
) -> None:
    schema = spec["components"]["schemas"]["video.v1.recording"]
    validator = _validator(spec, schema)
    seen = set()
    for status in ("processing", "completed", "deleted", "failed"):
        code, page = get_json(populated, f"https://video.twilio.com/v1/Recordings?Status={status}")
        assert code == 200
        _validator(spec, _response_schema(spec, "/v1/Recordings", "get", "200")).validate(page)
        for body in page["recordings"]:
            validator.validate(body)
            assert set(body) == set(schema["properties"]), "exactly the schema's fields"
            code, fetched = get_json(populated, body["url"])
            assert code == 200 and fetched == body
            seen.add(body["status"])
    assert seen == {"processing", "completed", "deleted", "failed"}


def test_room_recordings_match_their_own_schema(spec: dict[str, Any], populated: FakeVideo) -> None:
    room = populated.room("schema-room")
    schema = spec["components"]["schemas"]["video.v1.room.room_recording"]
    code, page = get_json(populated, f"https://video.twilio.com/v1/Rooms/{room.sid}/Recordings")
    assert code == 200 and len(page["recordings"]) == 2
    list_schema = _response_schema(spec, "/v1/Rooms/{RoomSid}/Recordings", "get", "200")
    _validator(spec, list_schema).validate(page)
    for body in page["recordings"]:
        _validator(spec, schema).validate(body)
        assert set(body) == set(schema["properties"])
        assert "status_callback" not in body and body["room_sid"] == room.sid


def test_rooms_match_the_room_schema(spec: dict[str, Any], populated: FakeVideo) -> None:
    schema = spec["components"]["schemas"]["video.v1.room"]
    for status in ("in-progress", "completed"):
        code, page = get_json(populated, f"https://video.twilio.com/v1/Rooms?Status={status}")
        assert code == 200 and page["rooms"], status
        _validator(spec, _response_schema(spec, "/v1/Rooms", "get", "200")).validate(page)
        for body in page["rooms"]:
            _validator(spec, schema).validate(body)
            assert set(body) == set(schema["properties"])


@pytest.mark.parametrize(
    "url",
    [
        "https://video.twilio.com/v1/Recordings/RTnope",
        "https://video.twilio.com/v1/Recordings?PageSize=0",
        "https://video.twilio.com/v1/Recordings?PageSize=5000",
        "https://video.twilio.com/v1/Nothing",
    ],
)
def test_error_bodies_have_twilios_shape(populated: FakeVideo, url: str) -> None:
    code, body = get_json(populated, url)
    assert set(body) == {"code", "message", "more_info", "status"}
    assert body["status"] == code and 400 <= code < 500
    assert body["more_info"] == f"https://www.twilio.com/docs/errors/{body['code']}"


def test_room_create_and_update_bodies_match_the_spec(spec: dict[str, Any]) -> None:
    fake = FakeVideo(seed="rooms-schema")
    headers = {**account_auth(fake), "Content-Type": "application/x-www-form-urlencoded"}
    created = fake.dispatch(
        "POST",
        "https://video.twilio.com/v1/Rooms",
        headers,
        "UniqueName=s&RecordParticipantsOnConnect=true&StatusCallback=https://app.example/cb",
    )
    assert created.status == 201
    body = json.loads(created.body)
    _validator(spec, _response_schema(spec, "/v1/Rooms", "post", "201")).validate(body)
    updated = fake.dispatch(
        "POST", f"https://video.twilio.com/v1/Rooms/{body['sid']}", headers, "Status=completed"
    )
    assert updated.status == 202
    done = json.loads(updated.body)
    _validator(spec, _response_schema(spec, "/v1/Rooms/{Sid}", "post", "202")).validate(done)
    assert done["status"] == "completed" and done["end_time"] is not None


def test_recording_rules_and_settings_bodies_match_the_spec(spec: dict[str, Any]) -> None:
    fake = FakeVideo(seed="rules-schema")
    room = fake.create_room("r", record_participants_on_connect=True)
    code, rules = get_json(fake, f"https://video.twilio.com/v1/Rooms/{room.sid}/RecordingRules")
    assert code == 200 and rules["rules"] == [{"type": "include", "all": True}]
    schema = spec["components"]["schemas"]["video.v1.room.room_recording_rule"]
    _validator(spec, schema).validate(rules)
    assert set(rules) == set(schema["properties"])
    code, settings = get_json(fake, "https://video.twilio.com/v1/RecordingSettings/Default")
    assert code == 200
    schema = spec["components"]["schemas"]["video.v1.recording_settings"]
    _validator(spec, schema).validate(settings)
    assert set(settings) == set(schema["properties"])
