"""The route table: each path of Twilio's Video API, bound to the handler of each method."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Callable

from fakerec.api.composition_hooks import CompositionHooksApi, CompositionSettingsApi
from fakerec.api.compositions import CompositionsApi
from fakerec.api.participants import ParticipantsApi
from fakerec.api.recording_rules import RecordingRulesApi
from fakerec.api.recording_settings import RecordingSettingsApi
from fakerec.api.recordings import RecordingsApi
from fakerec.api.request import ApiRequest, Result
from fakerec.api.rooms import RoomsApi
from fakerec.api.subscriptions import SubscriptionsApi

Handler = Callable[..., Result]
#: (handlers by method, path parameters), what ``Routes.resolve`` finds for a path.
Resolved = tuple[dict[str, Handler], dict[str, str]]
_SEGMENT = r"(?P<{}>[^/]+)"
_FETCH_OR_DELETE = "/v1/Recordings/{sid}"


@dataclass
class Handlers:
    """One object per resource family; the route table binds their methods."""

    recordings: RecordingsApi
    rooms: RoomsApi
    rules: RecordingRulesApi
    settings: RecordingSettingsApi
    participants: ParticipantsApi
    subscriptions: SubscriptionsApi
    compositions: CompositionsApi
    hooks: CompositionHooksApi
    composition_settings: CompositionSettingsApi


def _table(h: Handlers) -> list[tuple[str, dict[str, Handler]]]:
    recordings, rooms = h.recordings, h.rooms
    people, subs = h.participants, h.subscriptions
    participant = "/v1/Rooms/{room_sid}/Participants/{participant_sid}"
    comps, hooks, comp_settings = h.compositions, h.hooks, h.composition_settings
    return [
        ("/v1/Compositions", {"GET": comps.list, "POST": comps.create}),
        ("/v1/Compositions/{sid}", {"GET": comps.fetch, "DELETE": comps.delete}),
        ("/v1/Compositions/{sid}/Media", {"GET": comps.media}),
        ("/v1/CompositionHooks", {"GET": hooks.list, "POST": hooks.create}),
        (
            "/v1/CompositionHooks/{sid}",
            {"GET": hooks.fetch, "POST": hooks.update, "DELETE": hooks.delete},
        ),
        (
            "/v1/CompositionSettings/Default",
            {"GET": comp_settings.fetch, "POST": comp_settings.update},
        ),
        ("/v1/Recordings", {"GET": recordings.list}),
        (_FETCH_OR_DELETE, {"GET": recordings.fetch, "DELETE": recordings.delete}),
        ("/v1/Recordings/{sid}/Media", {"GET": recordings.media}),
        ("/v1/RecordingSettings/Default", {"GET": h.settings.fetch, "POST": h.settings.update}),
        ("/v1/Rooms", {"GET": rooms.list, "POST": rooms.create}),
        ("/v1/Rooms/{sid}", {"GET": rooms.fetch, "POST": rooms.update}),
        ("/v1/Rooms/{room_sid}/Recordings", {"GET": recordings.list_in_room}),
        (
            "/v1/Rooms/{room_sid}/Recordings/{sid}",
            {"GET": recordings.fetch_in_room, "DELETE": recordings.delete_in_room},
        ),
        ("/v1/Rooms/{room_sid}/Recordings/{sid}/Media", {"GET": recordings.media_in_room}),
        ("/v1/Rooms/{room_sid}/RecordingRules", {"GET": h.rules.fetch, "POST": h.rules.update}),
        ("/v1/Rooms/{room_sid}/Participants", {"GET": people.list}),
        ("/v1/Rooms/{room_sid}/Participants/{sid}", {"GET": people.fetch, "POST": people.update}),
        (f"{participant}/PublishedTracks", {"GET": people.published_tracks}),
        (f"{participant}/PublishedTracks/{{sid}}", {"GET": people.published_track}),
        (f"{participant}/SubscribedTracks", {"GET": subs.subscribed_tracks}),
        (f"{participant}/SubscribedTracks/{{sid}}", {"GET": subs.subscribed_track}),
        (f"{participant}/SubscribeRules", {"GET": subs.rules, "POST": subs.update_rules}),
    ]


@cache  # a pure function of the template: every fake shares the compiled routes
def _compile(template: str) -> re.Pattern[str]:
    pattern = re.sub(r"\{(\w+)\}", lambda m: _SEGMENT.format(m.group(1)), template)
    return re.compile(pattern)


class Routes:
    def __init__(self, handlers: Handlers) -> None:
        table = _table(handlers)
        self._routes = [(_compile(template), methods) for template, methods in table]
        self._fetch_or_delete = dict(table)[_FETCH_OR_DELETE]

    def resolve(self, path: str) -> Resolved | None:
        """(handlers by method, path parameters) for ``path``, or None when no route has it."""
        if path.startswith("/v1/Recordings/") and path.count("/") == 3 and len(path) > 15:
            return self._fetch_or_delete, {"sid": path[15:]}  # the hot path, without regexes
        for pattern, methods in self._routes:
            match = pattern.fullmatch(path)
            if match is not None:
                return methods, match.groupdict()
        return None


__all__ = ["ApiRequest", "Handlers", "Routes"]
