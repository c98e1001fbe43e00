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
| POST /__fakerec/compositions/{CJ}/fail | fail an enqueued or processing composition |
| POST /__fakerec/compositions/fail-next | `times`: the next compositions due to complete fail |
| POST /__fakerec/faults | `route`, `status` or `error`, `times`, `retry_after` |
| GET  /__fakerec/requests | the transcript of every request served, as text |
| POST /__fakerec/check | ``fake.check()``: 200, or 409 naming what went wrong (then forgotten) |
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import parse_qsl

from fakerec.errors import TwilioError, UsageError

if TYPE_CHECKING:
    from fakerec.fake import FakeVideo

PREFIX = "/__fakerec/"
Answer = tuple[int, dict[str, str], bytes]


def _json(status: int, payload: Any) -> Answer:
    return status, {"Content-Type": "application/json"}, json.dumps(payload).encode()


#: How form fields (always text) are read, by name: what JSON would have carried.
_FORM_TYPES: dict[str, Any] = {
    "seconds": float, "minutes": float, "hours": float, "days": float,
    "duration": int, "size": int, "bitrate": int, "offset": int,
    "status": int, "times": int, "retry_after": int,
    "muted": "boolean", "optional": "boolean", "record_participants_on_connect": "boolean",
    "max_participants": int, "max_participant_duration": int,
    "empty_room_timeout": int, "unused_room_timeout": int,
}  # fmt: skip
#: Form fields whose ``status`` is a recording status (text), not an HTTP status (a number).
_TEXT_STATUS = ("recordings",)


def _fields(body: bytes, endpoint: str) -> dict[str, Any]:
    """The body's fields: a JSON object as it is, or a form with each field typed by name."""
    if not body:
        return {}
    text = body.decode("utf-8", "replace")
    if text.lstrip().startswith("{"):
        try:
            loaded = json.loads(text)
        except (ValueError, RecursionError):
            raise UsageError("the body is not valid JSON") from None
        if not isinstance(loaded, dict):
            raise UsageError("send a JSON object")
        return loaded
    fields: dict[str, Any] = {}
    for name, value in parse_qsl(text, keep_blank_values=True):
        kind = _FORM_TYPES.get(name)
        if kind is None or (name == "status" and endpoint in _TEXT_STATUS):
            fields[name] = value
        elif kind == "boolean":
            if value.lower() not in ("true", "false"):
                raise UsageError(f"{name}={value!r} is not true or false")
            fields[name] = value.lower() == "true"
        else:
            try:
                fields[name] = kind(value)
            except ValueError:
                raise UsageError(f"{name}={value!r} is not a number") from None
    return fields


Handler = Callable[["FakeVideo", list[str], dict[str, Any]], Answer]


def handle(fake: FakeVideo, method: str, path: str, query: str, body: bytes) -> Answer:
    parts = path[len(PREFIX) :].strip("/").split("/")
    found = _find(parts)
    if found is None:
        return _json(404, {"error": "NotFound", "message": f"no control endpoint {path}"})
    methods, params = found
    handler = methods.get(method)
    if handler is None:
        answer = _json(
            405, {"error": "MethodNotAllowed", "message": f"{path} takes {sorted(methods)}"}
        )
        answer[1]["Allow"] = ", ".join(sorted(methods))
        return answer
    try:
        return handler(fake, params, _fields(body, parts[0]))
    except (UsageError, TwilioError, ValueError, TypeError, KeyError, OverflowError) as err:
        return _json(400, {"error": type(err).__name__, "message": str(err)})


def _find(parts: list[str]) -> tuple[dict[str, Handler], list[str]] | None:
    """(handlers by method, the path's variable parts) of the endpoint ``parts`` name."""
    for pattern, methods in _ENDPOINTS:
        if len(pattern) == len(parts) and all(p in ("*", q) for p, q in zip(pattern, parts)):
            return methods, [q for p, q in zip(pattern, parts) if p == "*"]
    return None


def _credentials(fake: FakeVideo, _: list[str], __: dict[str, Any]) -> Answer:
    return _json(200, {"account_sid": fake.account_sid, "auth_token": fake.auth_token})


def _clock(fake: FakeVideo, _: list[str], __: dict[str, Any]) -> Answer:
    return _json(200, {"now": fake.clock.now().isoformat()})


def _requests(fake: FakeVideo, _: list[str], __: dict[str, Any]) -> Answer:
    return 200, {"Content-Type": "text/plain; charset=utf-8"}, fake.transcript().encode()


def _check(fake: FakeVideo, _: list[str], __: dict[str, Any]) -> Answer:
    try:
        fake.check()
    except AssertionError as problem:
        return _json(409, {"error": type(problem).__name__, "message": str(problem)})
    return _json(200, {"ok": True})


def _advance(fake: FakeVideo, _: list[str], fields: dict[str, Any]) -> Answer:
    units = {}
    for name in ("seconds", "minutes", "hours", "days"):
        if name in fields:
            value = fields[name]
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise UsageError(f"{name} is a number, not {value!r}")
            units[name] = float(value)
    fake.clock.advance(**units)
    return _json(200, {"now": fake.clock.now().isoformat()})


def _create_room(fake: FakeVideo, _: list[str], fields: dict[str, Any]) -> Answer:
    options = dict(fields)
    room = fake.create_room(options.pop("unique_name", None), **options)
    return _json(201, {"sid": room.sid, "unique_name": room.unique_name})


def _connect(fake: FakeVideo, params: list[str], fields: dict[str, Any]) -> Answer:
    participant = fake.room(params[0]).connect(fields.get("identity"))  # type: ignore[arg-type]
    return _json(201, {"sid": participant.sid, "identity": participant.identity})


def _complete(fake: FakeVideo, params: list[str], _: dict[str, Any]) -> Answer:
    room = fake.room(params[0])
    room.complete()
    return _json(200, {"sid": room.sid, "status": room.status.value})


def _publish(fake: FakeVideo, params: list[str], fields: dict[str, Any]) -> Answer:
    track = fake.participant(params[0]).publish(
        fields.get("kind"),  # type: ignore[arg-type]
        name=fields.get("name"),
        codec=fields.get("codec"),
        bitrate=fields.get("bitrate"),
    )
    recording = track.recording.sid if track.recording else None
    return _json(201, {"sid": track.sid, "recording_sid": recording})


def _disconnect(fake: FakeVideo, params: list[str], _: dict[str, Any]) -> Answer:
    fake.participant(params[0]).disconnect()
    return _json(200, {"sid": params[0]})


def _track_action(fake: FakeVideo, params: list[str], _: dict[str, Any]) -> Answer:
    sid, action = params
    track = fake.track(sid)
    actions = {"unpublish": track.unpublish, "mute": track.mute, "unmute": track.unmute}
    if action not in actions:
        raise UsageError(f"a track can {sorted(actions)}, not {action!r}")
    actions[action]()
    return _json(200, {"sid": sid})


def _seed(fake: FakeVideo, _: list[str], fields: dict[str, Any]) -> Answer:
    seeded = fake.add_recording(**fields)
    return _json(201, {"sid": seeded.sid, "status": seeded.status.value})


def _fail(fake: FakeVideo, params: list[str], fields: dict[str, Any]) -> Answer:
    fake.recording(params[0]).fail(operation=fields.get("operation", "RecordingUpload"))
    return _json(200, {"sid": params[0], "status": "failed"})


def _fail_composition(fake: FakeVideo, params: list[str], _: dict[str, Any]) -> Answer:
    composition = fake.composition(params[0])
    composition.fail()
    return _json(200, {"sid": composition.sid, "status": composition.status.value})


def _fail_next_compositions(fake: FakeVideo, _: list[str], fields: dict[str, Any]) -> Answer:
    fake.fail_next_compositions(fields.get("times", 1))
    return _json(200, {"times": fields.get("times", 1)})


def _fault(fake: FakeVideo, _: list[str], fields: dict[str, Any]) -> Answer:
    fault = fake.inject_fault(
        fields.get("route"),  # type: ignore[arg-type]
        status=fields.get("status"),
        error=fields.get("error"),
        times=fields.get("times", 1),
        retry_after=fields.get("retry_after", 1),
        optional=fields.get("optional", False),
    )
    return _json(201, {"route": fault.route, "times": fault.remaining})


_ENDPOINTS: tuple[tuple[list[str], dict[str, Handler]], ...] = (
    (["credentials"], {"GET": _credentials}),
    (["clock"], {"GET": _clock}),
    (["requests"], {"GET": _requests}),
    (["check"], {"POST": _check}),
    (["clock", "advance"], {"POST": _advance}),
    (["rooms"], {"POST": _create_room}),
    (["rooms", "*", "participants"], {"POST": _connect}),
    (["rooms", "*", "complete"], {"POST": _complete}),
    (["participants", "*", "tracks"], {"POST": _publish}),
    (["participants", "*", "disconnect"], {"POST": _disconnect}),
    (["tracks", "*", "*"], {"POST": _track_action}),
    (["recordings"], {"POST": _seed}),
    (["recordings", "*", "fail"], {"POST": _fail}),
    (["compositions", "fail-next"], {"POST": _fail_next_compositions}),
    (["compositions", "*", "fail"], {"POST": _fail_composition}),
    (["faults"], {"POST": _fault}),
)
