"""``/v1/Rooms/{RoomSid}/RecordingRules``: read and replace a room's recording rules."""

from __future__ import annotations

import json
from typing import Any, Callable

from fakerec import errors
from fakerec.api import params as p
from fakerec.api import render
from fakerec.api.request import ApiRequest, Result, room_of
from fakerec.domain.backend import VideoBackend
from fakerec.errors import TwilioError


class RecordingRulesApi:
    def __init__(self, backend: VideoBackend) -> None:
        self.backend = backend

    def fetch(self, req: ApiRequest, room_sid: str) -> Result:
        return 200, render.recording_rules(room_of(self.backend, req, room_sid)), {}

    def update(self, req: ApiRequest, room_sid: str) -> Result:
        room = room_of(self.backend, req, room_sid)
        raw = p.first(req.form, "Rules")
        if raw is None:
            raise errors.missing_parameter("Rules")
        self.backend.set_recording_rules(room, parse_rules(raw, wrapped=False))
        return 200, render.recording_rules(room), {}


def parse_rules(
    raw: str, wrapped: bool, invalid: Callable[[str], TwilioError] = errors.invalid_recording_rules
) -> Any:
    """Rules as the SDK sends them: a JSON array (or ``{"rules": [...]}`` on room create).

    What is not JSON, or names a key twice in one object, is ``invalid``: a rule that names a
    filter twice is invalid, not "the last one wins" [DOC].
    """

    def no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in pairs]
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        if repeated:
            raise invalid(f"repeated key(s) {repeated}")
        return dict(pairs)

    try:
        parsed = json.loads(raw, object_pairs_hook=no_repeated_keys)
    except (ValueError, RecursionError):
        raise invalid("not valid JSON") from None
    if wrapped and isinstance(parsed, dict) and "rules" in parsed:
        return parsed["rules"]
    return parsed
