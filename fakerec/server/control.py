"""Control endpoints of the server mode, under ``/__fakerec/``: what a test would do in Python.

Every endpoint takes JSON (or form) fields and answers JSON. They need no credentials: the
server listens on loopback for one test run.

| method and path | does |
|---|---|
| GET  /__fakerec/credentials | the default account's SID and auth token |
| GET  /__fakerec/clock | the fake's time |
| POST /__fakerec/clock/advance | `seconds` (and/or `minutes`, `hours`, `days`) |
| POST /__fakerec/rooms | create a room: `unique_name`, `record_participants_on_connect`, ... |
| POST /__fakerec/rooms/{room}/participants | connect: `identity` |
| POST /__fakerec/rooms/{room}/complete | complete the room |
| POST /__fakerec/participants/{PA}/tracks | publish: `kind`, `name`, `codec`, `bitrate` |
| POST /__fakerec/participants/{PA}/disconnect | disconnect |
| POST /__fakerec/tracks/{MT}/unpublish, /mute, /unmute | what it says |
| POST /__fakerec/recordings | seed a recording: any `add_recording` field |
| POST /__fakerec/recordings/{RT}/fail | `operation` |
| POST /__fakerec/faults | `route`, `status` or `error`, `times`, `retry_after` |
| GET  /__fakerec/requests | the transcript of every request served, as text |
| POST /__fakerec/check | ``fake.check()``: 200, or 409 naming what went wrong (then forgotten) |
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from fakerec.errors import TwilioError, UsageError

if TYPE_CHECKING:
    from fakerec.fake import FakeVideo

PREFIX = "/__fakerec/"
Answer = tuple[int, dict[str, str], bytes]


def _json(status: int, payload: Any) -> Answer:
    return status, {"Content-Type": "application/json"}, json.dumps(payload).encode()


def _fields(body: bytes) -> dict[str, Any]:
    if not body:
        return {}
    text = body.decode("utf-8", "replace")
    if text.lstrip().startswith("{"):
        loaded = json.loads(text)
        if not isinstance(loaded, dict):
            raise UsageError("send a JSON object")
        return loaded
    return dict(parse_qsl(text))


def handle(fake: FakeVideo, method: str, path: str, query: str, body: bytes) -> Answer:
    parts = path[len(PREFIX) :].strip("/").split("/")
    try:
        fields = _fields(body)
        return _route(fake, method, parts, fields)
    except (UsageError, TwilioError, ValueError, TypeError, KeyError) as err:
        return _json(400, {"error": type(err).__name__, "message": str(err)})


def _route(fake: FakeVideo, method: str, parts: list[str], fields: dict[str, Any]) -> Answer:
    """Python 3.9 has no ``match``: a plain chain, one endpoint a branch."""
    head, rest = parts[0], parts[1:]
    if method == "GET" and parts == ["credentials"]:
        return _json(200, {"account_sid": fake.account_sid, "auth_token": fake.auth_token})
    if method == "GET" and parts == ["clock"]:
        return _json(200, {"now": fake.clock.now().isoformat()})
    if method == "GET" and parts == ["requests"]:
        return 200, {"Content-Type": "text/plain; charset=utf-8"}, fake.transcript().encode()
    if method != "POST":
        return _json(405, {"error": "MethodNotAllowed", "message": "control endpoints take POST"})
    if parts == ["check"]:
        try:
            fake.check()
        except AssertionError as problem:
            return _json(409, {"error": type(problem).__name__, "message": str(problem)})
        return _json(200, {"ok": True})
    if parts == ["clock", "advance"]:
        units = {
            k: float(fields[k]) for k in ("seconds", "minutes", "hours", "days") if k in fields
        }
        fake.clock.advance(**units)
        return _json(200, {"now": fake.clock.now().isoformat()})
    if parts == ["rooms"]:
        room = fake.create_room(
            fields.get("unique_name"),
            record_participants_on_connect=_flag(fields.get("record_participants_on_connect")),
            status_callback=fields.get("status_callback"),
            status_callback_method=fields.get("status_callback_method", "POST"),
        )
        return _json(201, {"sid": room.sid, "unique_name": room.unique_name})
    if head == "rooms" and len(rest) == 2 and rest[1] == "participants":
        participant = fake.room(rest[0]).connect(str(fields["identity"]))
        return _json(201, {"sid": participant.sid, "identity": participant.identity})
    if head == "rooms" and len(rest) == 2 and rest[1] == "complete":
        room = fake.room(rest[0])
        room.complete()
        return _json(200, {"sid": room.sid, "status": room.status.value})
    if head == "participants" and len(rest) == 2 and rest[1] == "tracks":
        track = fake.participant(rest[0]).publish(
            str(fields["kind"]),
            name=fields.get("name"),
            codec=fields.get("codec"),
            bitrate=int(fields["bitrate"]) if "bitrate" in fields else None,
        )
        recording = track.recording.sid if track.recording else None
        return _json(201, {"sid": track.sid, "recording_sid": recording})
    if head == "participants" and len(rest) == 2 and rest[1] == "disconnect":
        fake.participant(rest[0]).disconnect()
        return _json(200, {"sid": rest[0]})
    if head == "tracks" and len(rest) == 2 and rest[1] in ("unpublish", "mute", "unmute"):
        getattr(fake.track(rest[0]), rest[1])()
        return _json(200, {"sid": rest[0]})
    if parts == ["recordings"]:
        seeded = fake.add_recording(**fields)
        return _json(201, {"sid": seeded.sid, "status": seeded.status.value})
    if head == "recordings" and len(rest) == 2 and rest[1] == "fail":
        fake.recording(rest[0]).fail(operation=fields.get("operation", "RecordingUpload"))
        return _json(200, {"sid": rest[0], "status": "failed"})
    if parts == ["faults"]:
        fault = fake.inject_fault(
            str(fields["route"]),
            status=int(fields["status"]) if "status" in fields else None,
            error=fields.get("error"),
            times=int(fields.get("times", 1)),
            retry_after=int(fields.get("retry_after", 1)),
        )
        return _json(201, {"route": f"{fault.method} {fault.path_glob}", "times": fault.remaining})
    return _json(404, {"error": "NotFound", "message": "no such control endpoint"})


def _flag(value: Any) -> bool:
    return value is True or str(value).lower() in ("true", "1", "yes")
