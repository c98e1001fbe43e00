"""What a handler is given and what it gives back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fakerec import errors
from fakerec.api import params as p
from fakerec.domain.backend import VideoBackend
from fakerec.domain.models import Room

#: (HTTP status, a JSON-able payload or encoded bytes or None, extra response headers)
Result = tuple[int, Any, dict[str, str]]


@dataclass
class ApiRequest:
    method: str
    path: str  # as requested, e.g. /v1/Recordings/RT...
    query: p.Params
    form: p.Params
    account_sid: str

    @property
    def resource(self) -> str:
        """The path as Twilio names it in 404 messages: without the version prefix."""
        return self.path[3:] if self.path.startswith("/v1/") else self.path


def room_of(backend: VideoBackend, req: ApiRequest, sid_or_name: str) -> Room:
    """The account's room, or Twilio's 404 for the requested path."""
    room = backend.find_room(req.account_sid, sid_or_name)
    if room is None:
        raise errors.not_found(req.resource)
    return room
