"""Recording rules: which tracks of a room are recorded.

A rule is ``{"type": "include" | "exclude", <filters>}`` where the filters are ``"all": true``
or any of ``"kind"`` (audio, video, data), ``"publisher"`` (participant identity) and
``"track"`` (track name); a rule matches a track when all its filters do. A track is recorded
when some include rule matches it and no exclude rule does, whatever their order [DECIDED].
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fakerec import errors

_FILTERS = ("all", "kind", "publisher", "track")
_KINDS = ("audio", "video")
#: How many rules a room may have [DOC: Twilio's recording-rules page].
MAX_RULES = 20


def validate(rules: Any) -> list[dict[str, Any]]:
    """A clean copy of ``rules``, or Twilio's 400 code 53120 saying what is wrong."""
    if not isinstance(rules, list):
        raise errors.invalid_recording_rules("rules must be a JSON array")
    if not rules:
        raise errors.invalid_recording_rules("give at least one rule")
    if len(rules) > MAX_RULES:
        raise errors.invalid_recording_rules(f"at most {MAX_RULES} rules, not {len(rules)}")
    clean: list[dict[str, Any]] = []
    for position, rule in enumerate(rules):
        where = f"rule {position}"
        if not isinstance(rule, dict):
            raise errors.invalid_recording_rules(f"{where} is not an object")
        if rule.get("type") not in ("include", "exclude"):
            raise errors.invalid_recording_rules(f"{where}: type must be include or exclude")
        unknown = sorted(set(rule) - {"type", *_FILTERS})
        if unknown:
            raise errors.invalid_recording_rules(f"{where}: unknown field(s) {unknown}")
        filters = [name for name in _FILTERS if name in rule]
        if not filters:
            raise errors.invalid_recording_rules(f"{where} has no filter")
        if "all" in rule and (rule["all"] is not True or len(filters) > 1):
            raise errors.invalid_recording_rules(f"{where}: all must be true and alone")
        if "kind" in rule and rule["kind"] not in _KINDS:
            raise errors.invalid_recording_rules(f"{where}: kind must be audio or video")
        for name in ("publisher", "track"):
            if name in rule and (not isinstance(rule[name], str) or not rule[name]):
                raise errors.invalid_recording_rules(f"{where}: {name} must be a string")
        clean.append({key: rule[key] for key in ("type", *_FILTERS) if key in rule})
    return clean


def matches(rule: dict[str, Any], kind: str, publisher: str, track_name: str) -> bool:
    if rule.get("all"):
        return True
    return bool(
        rule.get("kind", kind) == kind
        and rule.get("publisher", publisher) == publisher
        and rule.get("track", track_name) == track_name
    )


def records(rules: Sequence[dict[str, Any]], kind: str, publisher: str, track_name: str) -> bool:
    matching = [rule["type"] for rule in rules if matches(rule, kind, publisher, track_name)]
    return "include" in matching and "exclude" not in matching
