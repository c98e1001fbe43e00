"""Parameter parsing and rule checks that mutation testing found unchecked: each 400 says which
parameter and value were wrong and what was expected, and the edges of each grammar are pinned."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from _support import BASE, account_auth

from fakerec import FakeVideo

FORM = "application/x-www-form-urlencoded"


def get(fake: FakeVideo, path: str, query: dict[str, str]) -> tuple[int, Any]:
    answer = fake.dispatch("GET", f"{BASE}{path}?{urlencode(query)}", account_auth(fake))
    return answer.status, json.loads(answer.body)


def post(fake: FakeVideo, path: str, form: dict[str, str]) -> tuple[int, Any]:
    headers = {**account_auth(fake), "Content-Type": FORM}
    answer = fake.dispatch("POST", BASE + path, headers, urlencode(form))
    return answer.status, json.loads(answer.body)


def seeded(count: int) -> FakeVideo:
    """``count`` recordings created at 2025-01-01T00:00:00Z, :01, :02, ..."""
    fake = FakeVideo(seed="mutation-params")
    for _ in range(count):
        fake.add_recording()
        fake.clock.advance(seconds=1)
    return fake


# --- integers ---------------------------------------------------------------------------------


def test_a_19_digit_page_size_is_an_integer_too_large() -> None:
    status, body = get(FakeVideo(), "/v1/Recordings", {"PageSize": "1000000000000000000"})
    assert (status, body["code"]) == (400, 20007)
    assert body["message"] == (
        "Invalid PageSize: 1000000000000000000 exceeds the maximum page size of 1000"
    )


def test_a_20_character_integer_is_refused_even_when_small() -> None:
    status, body = get(FakeVideo(), "/v1/Recordings", {"PageSize": "00000000000000000001"})
    assert (status, body["code"]) == (400, 20001)
    assert body["message"] == "Invalid PageSize: '00000000000000000001' is not an integer"
    assert get(FakeVideo(), "/v1/Recordings", {"PageSize": "0000000000000000001"})[0] == 200


@pytest.mark.parametrize("size", ["0", "-3"])
def test_page_size_under_one_names_the_parameter_and_value(size: str) -> None:
    status, body = get(FakeVideo(), "/v1/Recordings", {"PageSize": size})
    assert (status, body["code"]) == (400, 20001)
    assert body["message"] == f"Invalid PageSize: '{size}' is not a positive integer"


# --- date-times -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        ("2025-01-01", 4),  # a bare date is midnight UTC
        ("2025-01-01T00:00:02z", 2),  # a lower-case z is UTC too
        ("2025-01-01T23:59:02+23:59", 2),  # the largest offset there is
        ("2024-12-31T23:01:02-00:59", 2),
    ],
)
def test_date_filters_take_bare_dates_and_every_valid_zone(after: str, expected: int) -> None:
    status, page = get(seeded(4), "/v1/Recordings", {"DateCreatedAfter": after})
    assert status == 200 and len(page["recordings"]) == expected


@pytest.mark.parametrize(
    "after", ["2025-01-01T00:00:00+24:00", "2025-01-01T00:00:00+00:60", "2025-13-01", "2025-02-30"]
)
def test_out_of_range_dates_and_zones_are_400(after: str) -> None:
    status, body = get(FakeVideo(), "/v1/Recordings", {"DateCreatedBefore": after})
    assert (status, body["code"]) == (400, 20001)
    assert body["message"] == f"Invalid DateCreatedBefore: '{after}' is not an ISO 8601 date-time"


@pytest.fixture
def new_york() -> Iterator[None]:
    """The process's local zone is not UTC (it is restored afterwards)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "America/New_York")
        time.tzset()
        yield
    time.tzset()


@pytest.mark.usefixtures("new_york")
def test_a_time_without_a_zone_is_utc_whatever_the_local_zone() -> None:
    status, page = get(seeded(4), "/v1/Recordings", {"DateCreatedAfter": "2025-01-01T00:00:02"})
    assert status == 200 and len(page["recordings"]) == 2
    status, page = get(seeded(4), "/v1/Recordings", {"DateCreatedAfter": "2025-01-01T00:00:02Z"})
    assert status == 200 and len(page["recordings"]) == 2


# --- SIDs, booleans, URLs, JSON ---------------------------------------------------------------


def test_a_bad_grouping_sid_names_itself_even_after_a_good_one() -> None:
    fake = FakeVideo()
    url = f"{BASE}/v1/Recordings?GroupingSid=RM{'0' * 32}&GroupingSid=x"
    answer = fake.dispatch("GET", url, account_auth(fake))
    body = json.loads(answer.body)
    assert (answer.status, body["message"]) == (400, "Invalid GroupingSid: 'x' is not a SID")


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"RecordParticipantsOnConnect": "yes"},
         "Invalid RecordParticipantsOnConnect: 'yes' is not true or false"),
        ({"AudioOnly": "1"}, "Invalid AudioOnly: '1' is not true or false"),
        ({"StatusCallback": "ftp://app.example/cb"},
         "Invalid StatusCallback: 'ftp://app.example/cb' is not an absolute http or https URL"),
        ({"TranscriptionsConfiguration": "{"},
         "Invalid TranscriptionsConfiguration: '{' is not a JSON object"),
        ({"TranscriptionsConfiguration": "[1]"},
         "Invalid TranscriptionsConfiguration: '[1]' is not a JSON object"),
    ],
)  # fmt: skip
def test_room_form_errors_say_what_was_wrong(form: dict[str, str], message: str) -> None:
    status, body = post(FakeVideo(), "/v1/Rooms", form)
    assert (status, body["code"], body["message"]) == (400, 20001, message)


def test_room_form_values_that_parse() -> None:
    form = {
        "RecordParticipantsOnConnect": "TRUE",
        "AudioOnly": "False",
        "TranscriptionsConfiguration": '{"languageCode": "en-US"}',
    }
    status, room = post(FakeVideo(), "/v1/Rooms", form)
    assert status == 201 and room["record_participants_on_connect"] is True


# --- recording rules --------------------------------------------------------------------------


def rules_error(rules: Any) -> str:
    fake = FakeVideo(seed="rule-messages")
    room = fake.create_room("r")
    status, body = post(fake, f"/v1/Rooms/{room.sid}/RecordingRules", {"Rules": json.dumps(rules)})
    assert (status, body["code"]) == (400, 53120)
    message: str = body["message"]
    return message


@pytest.mark.parametrize(
    ("rules", "detail"),
    [
        ({"type": "include", "all": True}, "rules must be a JSON array"),
        ([], "give at least one rule"),
        ([{"type": "include", "all": True}] * 21, "at most 20 rules, not 21"),
        ([{"type": "include", "all": True}, 5], "rule 1 is not an object"),
        ([{"type": "record", "all": True}], "rule 0: type must be include or exclude"),
        ([{"type": "include", "all": True, "x": 1}], "rule 0: unknown field(s) ['x']"),
        ([{"type": "include"}], "rule 0 has no filter"),
        ([{"type": "include", "all": True, "kind": "audio"}], "rule 0: all must be true and alone"),
        ([{"type": "exclude", "kind": "data"}], "rule 0: kind must be audio or video"),
        ([{"type": "exclude", "publisher": ""}], "rule 0: publisher must be a string"),
    ],
)  # fmt: skip
def test_rule_errors_say_which_rule_and_what(rules: Any, detail: str) -> None:
    assert rules_error(rules) == f"Invalid Recording Rule(s): {detail}"


def test_twenty_rules_are_allowed() -> None:
    fake = FakeVideo(seed="twenty-rules")
    room = fake.create_room("r")
    rules = json.dumps([{"type": "include", "kind": "audio"}] * 20)
    status, body = post(fake, f"/v1/Rooms/{room.sid}/RecordingRules", {"Rules": rules})
    assert status == 200 and len(body["rules"]) == 20
