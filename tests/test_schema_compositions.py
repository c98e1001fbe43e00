"""Every composition, composition hook and composition settings body validates against
Twilio's OpenAPI schemas (the approach of test_schema.py), with exactly the schema's fields."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from _support import BASE, account_auth, get_json
from test_compositions import GRID, recorded_room
from test_schema import SPEC, _response_schema, _validator, spec

from fakerec import FakeVideo

__all__ = ["spec"]  # the module-scoped fixture, shared with test_schema

pytestmark = pytest.mark.skipif(
    not SPEC.exists(), reason=f"Twilio's OpenAPI document is not at {SPEC} (it lives in ../shared)"
)

COMPOSITION = "video.v1.composition"
HOOK = "video.v1.composition_hook"
SETTINGS = "video.v1.composition_settings"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _check(spec: dict[str, Any], body: dict[str, Any], schema_name: str) -> None:
    schema = spec["components"]["schemas"][schema_name]
    _validator(spec, schema).validate(body)
    assert set(body) == set(schema["properties"]), "exactly the schema's fields"


def _post(fake: FakeVideo, path: str, form: list[tuple[str, str]]) -> tuple[int, Any]:
    headers = {**account_auth(fake), **FORM}
    answer = fake.dispatch("POST", f"{BASE}{path}", headers, urlencode(form))
    return answer.status, json.loads(answer.body)


@pytest.fixture
def world() -> FakeVideo:
    """Compositions in every status, of both formats, with and without layouts and callbacks;
    hooks enabled and not, one updated."""
    fake = FakeVideo(seed="compositions-schema")
    room = recorded_room(fake, "schema")
    forms = [
        [("AudioSources", "*")],
        [("VideoLayout", json.dumps(GRID)), ("Format", "mp4"), ("Resolution", "1280x720")],
        [("AudioSources", "mic"), ("AudioSourcesExcluded", "cam"), ("Trim", "false")],
        [("AudioSources", "*"), ("StatusCallback", "https://app.example/c")],
        [("AudioSources", "*"), ("StatusCallbackMethod", "GET")],
    ]
    made = []
    for form in forms:
        code, body = _post(fake, "/v1/Compositions", [("RoomSid", room.sid), *form])
        assert code == 201
        made.append(body["sid"])
        fake.clock.advance(seconds=4)
    fake.clock.advance(minutes=10)
    headers = account_auth(fake)
    assert fake.dispatch("DELETE", f"{BASE}/v1/Compositions/{made[1]}", headers).status == 204
    fake.create_composition(room, audio_sources=["*"]).fail()
    fake.create_composition(room, audio_sources=["*"])  # enqueued
    fake.clock.advance(seconds=6)
    fake.create_composition(room, audio_sources=["*"])  # enqueued, the other processing now
    code, hook = _post(fake, "/v1/CompositionHooks", [("FriendlyName", "a"), ("AudioSources", "*")])
    assert code == 201
    code, _ = _post(
        fake,
        "/v1/CompositionHooks",
        [("FriendlyName", "b"), ("VideoLayout", json.dumps(GRID)), ("Enabled", "false")],
    )
    assert code == 201
    code, _ = _post(fake, f"/v1/CompositionHooks/{hook['sid']}", [("FriendlyName", "c")])
    assert code == 200
    return fake


def test_every_composition_body_matches_the_schema(spec: dict[str, Any], world: FakeVideo) -> None:
    statuses: set[str] = set()
    list_schema = _response_schema(spec, "/v1/Compositions", "get", "200")
    fetch_schema = _response_schema(spec, "/v1/Compositions/{Sid}", "get", "200")
    for status in ("enqueued", "processing", "completed", "failed", "deleted"):
        url: str | None = f"{BASE}/v1/Compositions?Status={status}&PageSize=2"
        while url:
            code, page = get_json(world, url)
            assert code == 200 and page["meta"]["key"] == "compositions"
            _validator(spec, list_schema).validate(page)
            for body in page["compositions"]:
                _check(spec, body, COMPOSITION)
                assert get_json(world, body["url"]) == (200, body)
                _validator(spec, fetch_schema).validate(body)
                statuses.add(body["status"])
            url = page["meta"]["next_page_url"]
    assert statuses == {"enqueued", "processing", "completed", "failed", "deleted"}


def test_create_bodies_match_the_schema(spec: dict[str, Any]) -> None:
    fake = FakeVideo(seed="compositions-schema-create")
    room = recorded_room(fake, "create")
    code, body = _post(fake, "/v1/Compositions", [("RoomSid", room.sid), ("AudioSources", "*")])
    assert code == 201
    _validator(spec, _response_schema(spec, "/v1/Compositions", "post", "201")).validate(body)
    _check(spec, body, COMPOSITION)
    code, hook = _post(fake, "/v1/CompositionHooks", [("FriendlyName", "h"), ("AudioSources", "*")])
    assert code == 201
    _validator(spec, _response_schema(spec, "/v1/CompositionHooks", "post", "201")).validate(hook)
    _check(spec, hook, HOOK)


def test_every_hook_body_matches_the_schema(spec: dict[str, Any], world: FakeVideo) -> None:
    code, page = get_json(world, f"{BASE}/v1/CompositionHooks?PageSize=1")
    seen = 0
    while True:
        assert code == 200 and page["meta"]["key"] == "composition_hooks"
        _validator(spec, _response_schema(spec, "/v1/CompositionHooks", "get", "200")).validate(
            page
        )
        for body in page["composition_hooks"]:
            _check(spec, body, HOOK)
            assert get_json(world, body["url"]) == (200, body)
            seen += 1
        if not page["meta"]["next_page_url"]:
            break
        code, page = get_json(world, page["meta"]["next_page_url"])
    assert seen == 2
    code, updated = _post(world, f"/v1/CompositionHooks/{body['sid']}", [("FriendlyName", "z")])
    assert code == 200
    schema = _response_schema(spec, "/v1/CompositionHooks/{Sid}", "post", "200")
    _validator(spec, schema).validate(updated)
    _check(spec, updated, HOOK)


def test_settings_bodies_match_the_schema(spec: dict[str, Any]) -> None:
    fake = FakeVideo(seed="composition-settings-schema")
    code, empty = get_json(fake, f"{BASE}/v1/CompositionSettings/Default")
    assert code == 200
    _check(spec, empty, SETTINGS)
    code, body = _post(
        fake,
        "/v1/CompositionSettings/Default",
        [
            ("FriendlyName", "archive"),
            ("AwsCredentialsSid", "CR" + "a" * 32),
            ("EncryptionKeySid", "CR" + "b" * 32),
            ("AwsS3Url", "https://bucket.s3.amazonaws.com/c"),
            ("AwsStorageEnabled", "true"),
            ("EncryptionEnabled", "false"),
        ],
    )
    assert code == 200
    schema = _response_schema(spec, "/v1/CompositionSettings/Default", "post", "200")
    _validator(spec, schema).validate(body)
    _check(spec, body, SETTINGS)
    assert get_json(fake, f"{BASE}/v1/CompositionSettings/Default") == (200, body)


@pytest.mark.parametrize(
    "path",
    [
        "/v1/Compositions/CJ00000000000000000000000000000000",
        "/v1/Compositions/CJ00000000000000000000000000000000/Media",
        "/v1/CompositionHooks/HKnope",
        "/v1/Compositions?Status=gone",
        "/v1/CompositionHooks?Enabled=maybe",
    ],
)
def test_error_bodies_have_twilios_shape(path: str) -> None:
    fake = FakeVideo(seed="composition-errors")
    code, body = get_json(fake, f"{BASE}{path}")
    assert set(body) == {"code", "message", "more_info", "status"}
    assert body["status"] == code and code in (400, 404)
    assert body["more_info"] == f"https://www.twilio.com/docs/errors/{body['code']}"
