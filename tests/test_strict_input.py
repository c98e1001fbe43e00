"""Strict input (SPEC 7): every parameter as Twilio's document types it, every rejection the
400 Twilio gives, and nothing a client sends ever becomes a header or a stored bad value."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from _support import BASE, account_auth

from fakerec import FakeVideo


def post(fake: FakeVideo, path: str, form: dict[str, str], auth: Any = None) -> tuple[int, Any]:
    headers = {**(auth or account_auth(fake)), "Content-Type": "application/x-www-form-urlencoded"}
    answer = fake.dispatch("POST", BASE + path, headers, urlencode(form))
    return answer.status, json.loads(answer.body) if answer.body else None


def get(fake: FakeVideo, path: str, auth: Any = None) -> tuple[int, Any, dict[str, str]]:
    answer = fake.dispatch("GET", BASE + path, auth or account_auth(fake))
    body = json.loads(answer.body) if answer.body.startswith(b"{") else None
    return answer.status, body, answer.headers


def code(answer: tuple[Any, ...]) -> tuple[int, int | None]:
    body = answer[1]
    return answer[0], body.get("code") if isinstance(body, dict) else None


@pytest.mark.parametrize("value", ["0", "1", "yes", "", " true"])
@pytest.mark.parametrize(
    "name", ["AudioOnly", "LargeRoom", "RecordParticipantsOnConnect", "EnableTurn",
             "TranscribeParticipantsOnConnect"],
)  # fmt: skip
def test_booleans_are_true_or_false_only(name: str, value: str) -> None:
    fake = FakeVideo(seed="booleans")
    assert code(post(fake, "/v1/Rooms", {name: value})) == (400, 20001)
    assert get(fake, "/v1/Rooms")[1]["rooms"] == []  # nothing was created


@pytest.mark.parametrize("value", ["true", "TRUE", "False", "false"])
def test_booleans_in_any_case(value: str) -> None:
    fake = FakeVideo(seed="booleans-ok")
    status, room = post(fake, "/v1/Rooms", {"RecordParticipantsOnConnect": value})
    assert status == 201 and room["record_participants_on_connect"] is (value.lower() == "true")


@pytest.mark.parametrize(
    "value", ["", "not a url", "javascript:alert(1)", "ftp://app.example/cb", "https://", "/cb"]
)
def test_status_callback_is_an_absolute_http_url(value: str) -> None:
    fake = FakeVideo(seed="callback-url")
    assert code(post(fake, "/v1/Rooms", {"StatusCallback": value})) == (400, 20001)
    status, room = post(fake, "/v1/Rooms", {"StatusCallback": "https://app.example/cb?x=1"})
    assert status == 201 and room["status_callback"] == "https://app.example/cb?x=1"


def test_json_parameters_must_parse() -> None:
    fake = FakeVideo(seed="json")
    form = {"TranscriptionsConfiguration": "{not json"}
    assert code(post(fake, "/v1/Rooms", form)) == (400, 20001)
    assert code(post(fake, "/v1/Rooms", {"TranscriptionsConfiguration": "[1]"})) == (400, 20001)
    assert post(fake, "/v1/Rooms", {"TranscriptionsConfiguration": '{"a": 1}'})[0] == 201


INVALID_RULES = {
    "empty": "[]",
    "no type": '[{"all": true}]',
    "other type": '[{"type": "record", "all": true}]',
    "all false": '[{"type": "include", "all": false}]',
    "all with a filter": '[{"type": "include", "all": true, "kind": "audio"}]',
    "kind data": '[{"type": "include", "kind": "data"}]',
    "unknown key": '[{"type": "include", "colour": "red"}]',
    "repeated key": '[{"type": "include", "kind": "audio", "kind": "video"}]',
    "no filter": '[{"type": "include"}]',
    "21 rules": json.dumps([{"type": "include", "publisher": f"p{n}"} for n in range(21)]),
}


@pytest.mark.parametrize("case", sorted(INVALID_RULES))
def test_invalid_recording_rules_are_53120(case: str) -> None:
    fake = FakeVideo(seed="rules")
    room = fake.create_room("r")
    path = f"/v1/Rooms/{room.sid}/RecordingRules"
    assert code(post(fake, path, {"Rules": INVALID_RULES[case]})) == (400, 53120)
    twenty = json.dumps([{"type": "include", "publisher": f"p{n}"} for n in range(20)])
    assert post(fake, path, {"Rules": twenty})[0] == 200


@pytest.mark.parametrize(
    "disposition",
    [
        "attachment\r\nSet-Cookie: a=b",
        'attachment; filename="x.mka"\r\nX-Evil: 1',
        'attachment; filename="é.mka"',
        'attachment; filename="a"b.mka"',
        'attachment; filename="a\\b.mka"',
        "inline; foo=bar",
        "download",
    ],
)
def test_content_disposition_never_becomes_a_header_it_should_not(disposition: str) -> None:
    fake = FakeVideo(seed="disposition")
    rec = fake.add_recording()
    path = f"/v1/Recordings/{rec.sid}/Media?ContentDisposition={quote(disposition)}"
    assert code(get(fake, path)) == (400, 20001)


@pytest.mark.parametrize("disposition", ["inline", "ATTACHMENT", 'attachment; filename="a b.mka"'])
def test_content_disposition_that_is_fine_is_served(disposition: str) -> None:
    fake = FakeVideo(seed="disposition-ok")
    rec = fake.add_recording()
    status, _, headers = get(
        fake, f"/v1/Recordings/{rec.sid}/Media?ContentDisposition={quote(disposition)}"
    )
    assert status == 302
    media = fake.dispatch("GET", headers["Location"], {})
    assert media.status == 200 and media.headers["Content-Disposition"] == disposition


def test_another_accounts_room_sid_is_only_a_name_to_this_account() -> None:
    fake = FakeVideo(seed="isolation")
    other = fake.add_account()
    theirs = fake.create_room("theirs", account_sid=other.sid)
    mine = fake.create_room(theirs.sid)  # named after their SID, as if they did not exist
    status, room, _ = get(fake, f"/v1/Rooms/{theirs.sid}")
    assert status == 200 and room["sid"] == mine.sid
    alone = FakeVideo(seed="isolation-alone")
    assert get(alone, "/v1/Rooms/" + theirs.sid)[0] == 404


def test_room_error_codes_follow_twilios_dictionary() -> None:
    fake = FakeVideo(seed="codes")
    room = fake.create_room("dup")
    assert code(post(fake, "/v1/Rooms", {"UniqueName": "dup"})) == (400, 53113)
    path = f"/v1/Rooms/{room.sid}"
    assert code(post(fake, path, {"Status": "in-progress"})) == (400, 53112)
    assert post(fake, path, {"Status": "completed"})[0] == 202
    assert code(post(fake, path, {"Status": "completed"})) == (400, 53112)
    rules = f"{path}/RecordingRules"
    assert code(post(fake, rules, {"Rules": '[{"type": "include", "all": true}]'})) == (400, 53118)
    assert code(post(fake, "/v1/Rooms", {"MaxParticipants": "51"})) == (400, 53107)
    assert code(post(fake, "/v1/Rooms", {"MaxParticipants": "0"})) == (400, 53107)
    assert code(post(fake, "/v1/Rooms", {"MaxParticipantDuration": "599"})) == (400, 53123)
    assert code(post(fake, "/v1/Rooms", {"MaxParticipantDuration": "86401"})) == (400, 53123)
    assert post(fake, "/v1/Rooms", {"MaxParticipantDuration": "86400"})[0] == 201
