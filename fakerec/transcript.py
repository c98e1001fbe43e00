"""A readable HTTP log of what a fake served: for failing tests, the tour, and people."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from fakerec.api import Exchange

_MAX_STRING = 64
_MAX_ITEMS = 2


#: The fields worth a reader's eye when a resource is abridged.
_TELLING = (
    "sid", "status", "type", "codec", "duration", "size", "track_name", "unique_name",
    "date_created", "code", "message", "redirect_to", "page", "page_size", "next_page_url",
    "previous_page_url", "key", "rules", "room_sid", "identity", "kind", "enabled",
    # compositions, composition hooks, participants and their tracks
    "format", "resolution", "audio_sources", "friendly_name", "name", "publisher_sid",
)  # fmt: skip


def abridge(value: Any, depth: int = 0) -> Any:
    """Resources cut to their telling fields, long lists to their first items, long strings
    shortened."""
    if isinstance(value, dict):
        if depth >= 3:
            return "{…}"
        kept = {k: v for k, v in value.items() if k in _TELLING or len(value) <= 6}
        if not kept:
            kept = dict(list(value.items())[:4])
        out = {key: abridge(item, depth + 1) for key, item in kept.items()}
        if len(kept) < len(value):
            out["…"] = f"{len(value) - len(kept)} more fields"
        return out
    if isinstance(value, list):
        head = [abridge(item, depth + 1) for item in value[:_MAX_ITEMS]]
        more = len(value) - _MAX_ITEMS
        return [*head, f"… {more} more"] if more > 0 else head
    if isinstance(value, str) and len(value) > _MAX_STRING:
        return value[: _MAX_STRING - 1] + "…"
    return value


def body_text(exchange: Exchange, *, full: bool = False) -> str:
    if not exchange.response_body:
        return ""
    content_type = exchange.response_headers.get("Content-Type", "")
    if "json" not in content_type:
        if content_type.startswith(("audio/", "video/")):
            return f"<{len(exchange.response_body)} bytes of {content_type}>"
        return exchange.response_body.decode("utf-8", "replace")[:200]
    payload = json.loads(exchange.response_body)
    return json.dumps(payload if full else abridge(payload), ensure_ascii=False)


def format_exchange(number: int, exchange: Exchange, *, full: bool = False) -> str:
    when = exchange.at.strftime("%Y-%m-%dT%H:%M:%SZ")
    status = "connection/timeout fault" if exchange.status == 0 else str(exchange.status)
    lines = [f"#{number} {exchange.method} {exchange.url}  -> {status}  [{when}]"]
    location = exchange.response_headers.get("Location")
    if location:
        lines.append(f"   Location: {location}")
    if exchange.method == "POST" and exchange.request_body:
        lines.append(f"   sent: {exchange.request_body.decode('utf-8', 'replace')[:200]}")
    text = body_text(exchange, full=full)
    if text:
        lines.append(f"   {text}")
    return "\n".join(lines)


def format_transcript(
    exchanges: Iterable[Exchange], *, full: bool = False, not_kept: int = 0
) -> str:
    """The journal as text, one request per paragraph, numbered from 1 (from ``not_kept + 1``
    when the journal no longer holds the first ``not_kept``)."""
    start = not_kept + 1
    parts = [format_exchange(n, e, full=full) for n, e in enumerate(exchanges, start=start)]
    if not_kept:
        parts.insert(0, f"({not_kept} earlier exchanges are no longer kept; see journal_limit)\n")
    return "\n".join(parts) if parts else "(no requests reached the fake)"
