"""Track subscriptions: which published tracks of a room each participant receives.

Twilio's track-subscriptions page is the source. A participant's subscribe rules are a list
of ``{"type": "include" | "exclude", <filters>}``; the filters are ``"all": true`` or any of
``kind`` (audio, video, data), ``publisher`` (identity or SID), ``track`` (name or SID) and
``priority``, and a rule matches a track when all its filters do. Unlike recording rules,
ORDER MATTERS: starting from the empty set, each include adds the tracks it matches and each
exclude removes them [DOC]. Only the tracks other connected participants publish now are ever
candidates (a participant never subscribes to its own), and the set is derived afresh on every
read, as Twilio enforces the rules declaratively whenever the room's tracks change [DOC].
"""

from __future__ import annotations

from typing import Any

from fakerec import errors
from fakerec.domain.models import Participant, Track

_FILTERS = ("all", "kind", "publisher", "track", "priority")
_KINDS = ("audio", "video", "data")
#: Twilio's track priorities [DOC: the Track Priority API page]; a rule's ``priority`` filter
#: matches tracks published at it, and the fake publishes every track at ``standard``.
PRIORITIES = ("low", "standard", "high")
#: How many rules a participant may have [DOC].
MAX_RULES = 20


def validate(rules: Any) -> list[dict[str, Any]]:
    """A clean copy of ``rules``, or Twilio's 400 code 53215 saying what is wrong."""
    if not isinstance(rules, list):
        raise errors.invalid_subscribe_rules("rules must be a JSON array")
    if not rules:
        raise errors.invalid_subscribe_rules("give at least one rule")
    if len(rules) > MAX_RULES:
        raise errors.invalid_subscribe_rules(f"at most {MAX_RULES} rules, not {len(rules)}")
    return [_clean(position, rule) for position, rule in enumerate(rules)]


def _clean(position: int, rule: Any) -> dict[str, Any]:
    where = f"rule {position}"
    if not isinstance(rule, dict):
        raise errors.invalid_subscribe_rules(f"{where} is not an object")
    if rule.get("type") not in ("include", "exclude"):
        raise errors.invalid_subscribe_rules(f"{where}: type must be include or exclude")
    unknown = sorted(set(rule) - {"type", *_FILTERS})
    if unknown:
        raise errors.invalid_subscribe_rules(f"{where}: unknown field(s) {unknown}")
    filters = [name for name in _FILTERS if name in rule]
    if not filters:
        raise errors.invalid_subscribe_rules(f"{where} has no filter")
    if "all" in rule and (rule["all"] is not True or len(filters) > 1):
        raise errors.invalid_subscribe_rules(f"{where}: all must be true and alone")
    if "kind" in rule and rule["kind"] not in _KINDS:
        raise errors.invalid_subscribe_rules(f"{where}: kind must be audio, video or data")
    if "priority" in rule and rule["priority"] not in PRIORITIES:
        raise errors.invalid_subscribe_rules(f"{where}: priority must be low, standard or high")
    for name in ("publisher", "track"):
        if name in rule and (not isinstance(rule[name], str) or not rule[name]):
            raise errors.invalid_subscribe_rules(f"{where}: {name} must be a non-empty string")
    return {key: rule[key] for key in ("type", *_FILTERS) if key in rule}


def matches(rule: dict[str, Any], track: Track) -> bool:
    if rule.get("all"):
        return True
    publisher = track.participant
    wanted = {
        "kind": (track.kind,),
        "publisher": (publisher.identity, publisher.sid),
        "track": (track.name or track.sid, track.sid),
        "priority": (track.priority,),
    }
    return all(rule[name] in values for name, values in wanted.items() if name in rule)


def subscribed(participant: Participant) -> list[Track]:
    """The tracks ``participant`` subscribes to now, in the order the rules brought them in.

    A disconnected participant subscribes to nothing.
    """
    if not participant.connected:
        return []
    candidates = [
        track
        for other in participant.room.participants.values()
        if other is not participant and other.connected
        for track in other.tracks
        if track.published
    ]
    chosen: dict[str, Track] = {}  # an ordered set
    for rule in participant.subscribe_rules:
        for track in candidates:
            if matches(rule, track):
                if rule["type"] == "include":
                    chosen.setdefault(track.sid, track)
                else:
                    chosen.pop(track.sid, None)
    return list(chosen.values())
