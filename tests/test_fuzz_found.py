"""The requests the hostile-input fuzzing found answered 500, kept as minimal reproductions."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from urllib.parse import urlencode

import pytest
from _support import BASE
from fuzz_values import encoded_token
from fuzz_world import MEDIA_HOST, Request, check_answer, fresh_world


@dataclass(frozen=True)
class Found:
    """A minimal request the fuzzing found answered 500, and the answer it should get."""

    what: str
    method: str
    path: str
    form: dict[str, str]
    status: int
    code: int | str  # Twilio's code, or the media store's (S3) error code; 0: no error
    authorization: str | None = None  # None: the default account's credentials


FOUND = [
    # paging.paginate: islice(scan, Page * PageSize, ...) needs both bounds <= sys.maxsize,
    # so a huge Page raised ValueError. Lenient Page is an offset: past the end, an empty page.
    Found("page-overflow", "GET", "/v1/Recordings?Page=9223372036854775807&PageSize=1", {}, 200, 0),
    Found(
        "page-overflow-default-size", "GET", "/v1/Recordings?Page=184467440737095516", {}, 200, 0
    ),
    Found("page-overflow-rooms", "GET", "/v1/Rooms?Page=9999999999999999999", {}, 200, 0),
    # paging.PageCursor.decode: json.loads raised RecursionError on a deeply nested payload.
    Found(
        "deep-page-token",
        "GET",
        "/v1/Recordings?PageToken=" + encoded_token(b"[" * 2000),
        {},
        400,
        20001,
    ),
    # handlers._json_rules: json.loads raised RecursionError on deeply nested Rules.
    Found(
        "deep-rules", "POST", "/v1/Rooms/ruled/RecordingRules", {"Rules": "[" * 2000}, 400, 53120
    ),
    Found("deep-room-rules", "POST", "/v1/Rooms", {"RecordingRules": "[" * 2000}, 400, 53120),
    # callbacks._deliver: a WSGI receiver is registered and urlsplit(StatusCallback).port
    # raised ValueError while the room was being created (the room was kept, answered 500).
    # Since SPEC 7 made StatusCallback an absolute http(s) URL, both are refused up front.
    Found("callback-port", "POST", "/v1/Rooms", {"StatusCallback": "https://a:99999/"}, 400, 20001),
    Found("callback-ipv6", "POST", "/v1/Rooms", {"StatusCallback": "https://[::1/"}, 400, 20001),
    # api.media.MediaStore.serve: hmac.compare_digest raised TypeError on a non-ASCII
    # Signature. A signature that is not ours is S3's 403 SignatureDoesNotMatch.
    Found(
        "media-signature",
        "GET",
        f"https://{MEDIA_HOST}/AC/RT?X-Amz-Signature=%C3%A9",
        {},
        403,
        "SignatureDoesNotMatch",
    ),
    # dispatch._authenticate: b64decode of non-ASCII text raised a plain ValueError (fixed
    # upstream while this suite was written; kept as a regression check).
    Found("non-ascii-basic", "GET", "/v1/Recordings", {}, 401, 20003, "Basic \u00e9"),
]


@pytest.mark.parametrize("found", FOUND, ids=[found.what for found in FOUND])
def test_requests_the_fuzzing_found(found: Found) -> None:
    """Each answered 500 with an internal error; each must get a Twilio-shaped answer.

    For the invalid ones that is 400 with the endpoint's code; where the input is acceptable
    (a Page past the end, a StatusCallback that cannot be delivered) it is served normally.
    The exact answer is asserted after the one the contract demands: never a 5xx."""
    world = fresh_world()
    fake = world.fake
    headers = dict(world.headers)
    if found.authorization is not None:
        headers["Authorization"] = found.authorization
    if found.path.startswith(f"https://{MEDIA_HOST}"):
        headers.pop("Authorization", None)  # presigned: S3 answers 400 to credentials too
    body = urlencode(found.form).encode() if found.form else None
    url = found.path if found.path.startswith("https://") else BASE + found.path
    request = Request(found.method, url, headers, body, True)
    answer = request.send(fake)
    assert fake.internal_errors == [], f"{found.what}: {fake.internal_errors!r}"
    assert answer.status < 500, f"{found.what}: {answer}"
    check_answer(fake, replace(request, authenticates=found.authorization is None), answer)
    assert answer.status == found.status, answer
    if isinstance(found.code, str):
        assert f"<Code>{found.code}</Code>".encode() in answer.body, answer
        return
    payload = json.loads(answer.body)
    if found.code:
        assert payload["code"] == found.code, payload
    elif found.method == "GET":
        assert payload[payload["meta"]["key"]] == [], payload
