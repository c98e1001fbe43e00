"""Helpers shared by the test modules (not collected: the name does not start with ``test_``).

Imported as ``from _support import ...``: ``tests/`` has no ``__init__.py``, so pytest's default
("prepend") import mode puts ``tests/`` itself on ``sys.path`` before it imports a test module
or ``tests/conftest.py``; that holds for ``python -m pytest``, the ``pytest`` script (nox) and
xdist workers alike, with or without the repository on ``PYTHONPATH``.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.response import Response
from twilio.rest import Client

import fakerec
from fakerec.api import basic_auth

__all__ = [
    "AUDIO_KBPS",
    "BASE",
    "DELAY",
    "ERROR_KEYS",
    "VIDEO_EPOCH",
    "VIDEO_KBPS",
    "account_auth",
    "auth_header",
    "basic_auth",
    "error_of",
    "get_json",
    "offset_ms",
    "rec_url",
    "sdk_client",
    "sids",
    "size_of",
    "write_quiet_ini",
]

#: Twilio Video's base URL (the page's "Base URL").
BASE = "https://video.twilio.com"
#: The keys of every Twilio error body.
ERROR_KEYS = {"code", "message", "more_info", "status"}
#: SPEC 3 [DECIDED]: a recording's offset counts from here.
VIDEO_EPOCH = datetime(2015, 9, 20, 12, 0, 0, tzinfo=timezone.utc)  # SPEC 3 [OBS]
#: The processing delay the SDK suites give their fake (SPEC 4: configurable).
DELAY = 30
#: SPEC 3: the default bitrates (the middle rows), in kbps.
AUDIO_KBPS = 32
VIDEO_KBPS = 700


# --- credentials and clients ------------------------------------------------------------------


def auth_header(username: str, password: str) -> dict[str, str]:
    """An Authorization header for HTTP Basic credentials (``basic_auth`` is its value)."""
    return {"Authorization": basic_auth(username, password)}


def account_auth(fake: fakerec.FakeVideo) -> dict[str, str]:
    """The Authorization header of the fake's default account."""
    return auth_header(fake.account_sid, fake.auth_token)


def sdk_client(fake: fakerec.FakeVideo) -> Client:
    """The twilio SDK on the fake's in-process ``http_client()``, as the default account."""
    return Client(fake.account_sid, fake.auth_token, http_client=fake.http_client())


def get_json(fake: fakerec.FakeVideo, url: str) -> tuple[int, Any]:
    """A raw GET through ``fake.dispatch`` as the default account: (status, decoded JSON body)."""
    answer = fake.dispatch("GET", url, account_auth(fake))
    return answer.status, json.loads(answer.body)


def write_quiet_ini(pytester: pytest.Pytester) -> pytest.Pytester:
    """Only to silence pytest-asyncio's warning about an unset loop scope in the inner runs."""
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    return pytester


# --- expectations of the SDK suites (test_sdk_contract, test_sdk_async) -----------------------


def offset_ms(room_created: datetime) -> int:
    """SPEC 3: ms from the video epoch to the start of the room."""
    delta = room_created - VIDEO_EPOCH
    return (delta.days * 86400 + delta.seconds) * 1000 + delta.microseconds // 1000


def size_of(kbps: int, seconds: int) -> int:
    """SPEC 3: bitrate x duration / 8, in bytes."""
    return kbps * 1000 * seconds // 8


def rec_url(sid: str) -> str:
    return f"{BASE}/v1/Recordings/{sid}"


def error_of(exc: BaseException) -> tuple[int, int]:
    """(HTTP status, Twilio code) of an SDK exception.

    Fetch/delete raise TwilioRestException; a failing list page raises a bare
    TwilioException("Unable to fetch page", response) whose response carries the body.
    """
    if isinstance(exc, TwilioRestException):
        assert exc.code is not None
        return exc.status, int(exc.code)
    assert isinstance(exc, TwilioException)
    response = exc.args[1]
    assert isinstance(response, Response)
    return response.status_code, int(json.loads(response.text)["code"])


def sids(records: Any) -> list[str]:
    return [r.sid for r in records]
