"""Keyset paging: ``PageToken`` is a cursor on the newest-first order, not an offset.

A token names the sort key of the last (or first) recording of the page it came from, so a
walk never returns a recording twice and never skips one that stayed, whatever is created or
deleted between the requests. It also carries a digest of the filters and the account it
was minted for; a token presented with other filters or by another account is refused.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Callable, Optional
from urllib.parse import urlencode

from fakerec import errors

SortKey = tuple[int, int]
_PREFIX = "PT"


@dataclass(frozen=True)
class PageCursor:
    account_sid: str
    scope: str  # digest of the list's path and filters
    forward: bool  # True: the page after ``key``; False: the page before it
    key: SortKey
    page: int

    def encode(self) -> str:
        payload = json.dumps(
            [self.account_sid, self.scope, int(self.forward), *self.key, self.page],
            separators=(",", ":"),
        )
        return _PREFIX + base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str, account_sid: str, scope: str) -> PageCursor:
        if not token.startswith(_PREFIX):
            raise errors.invalid_page_token()
        body = token[len(_PREFIX) :]
        try:
            raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
            account, minted_scope, forward, ts, seq, page = json.loads(raw)
        except (binascii.Error, ValueError, TypeError, RecursionError):
            raise errors.invalid_page_token() from None
        valid = (
            isinstance(account, str)
            and isinstance(minted_scope, str)
            and forward in (0, 1)
            and all(type(n) is int for n in (ts, seq, page))
            and page >= 0
        )
        if not valid or account != account_sid or minted_scope != scope:
            raise errors.invalid_page_token()
        return cls(account, minted_scope, bool(forward), (ts, seq), page)


def scope_digest(path: str, filters: object) -> str:
    return hashlib.sha1(f"{path}|{filters!r}".encode()).hexdigest()[:16]


#: scan(key, newer, skip) -> items beyond ``key`` (exclusive), walking toward older
#: (newer=False) or newer (newer=True) items, less the first ``skip``; key None starts from
#: the newest (or the oldest) end. A scan that can seek makes ``Page=N`` cost no more than N=0.
Scan = Callable[[Optional[SortKey], bool, int], Iterator[object]]


@dataclass
class Page:
    items: list[object]
    number: int
    next_cursor: PageCursor | None
    previous_cursor: PageCursor | None


def paginate(
    scan: Scan,
    key_of: Callable[[object], SortKey],
    *,
    size: int,
    page_number: int | None,
    token: PageCursor | None,
    account_sid: str,
    scope: str,
) -> Page:
    def cursor(forward: bool, key: SortKey, page: int) -> PageCursor:
        return PageCursor(account_sid, scope, forward, key, page)

    if token is None:
        number = page_number or 0
        offset = min(number * size, sys.maxsize - size - 1)  # past the end is an empty page
        window = list(islice(scan(None, False, offset), size + 1))
        items = window[:size]
        has_older = len(window) > size
        has_newer = number > 0 and bool(items)
    elif token.forward:
        number = page_number if page_number is not None else token.page
        window = list(islice(scan(token.key, False, 0), size + 1))
        items = window[:size]
        has_older = len(window) > size
        anchor = key_of(items[0]) if items else _just_older(token.key)
        has_newer = _any(scan(anchor, True, 0))
    else:
        number = page_number if page_number is not None else token.page
        window = list(islice(scan(token.key, True, 0), size + 1))
        items = list(reversed(window[:size]))
        has_newer = len(window) > size
        anchor = key_of(items[-1]) if items else _just_newer(token.key)
        has_older = _any(scan(anchor, False, 0))

    next_cursor = previous_cursor = None
    if has_older:
        last = key_of(items[-1]) if items else _just_newer(token.key if token else (0, 0))
        next_cursor = cursor(True, last, number + 1)
    if has_newer:
        first_key = key_of(items[0]) if items else _just_older(token.key if token else (0, 0))
        previous_cursor = cursor(False, first_key, max(number - 1, 0))
    return Page(items, number, next_cursor, previous_cursor)


def _just_older(key: SortKey) -> SortKey:
    """A key that sorts just below ``key``, so a walk toward newer ones includes ``key``."""
    return (key[0], key[1] - 1)


def _just_newer(key: SortKey) -> SortKey:
    return (key[0], key[1] + 1)


def _any(items: Iterator[object]) -> bool:
    return next(items, None) is not None


def page_url(base: str, params: list[tuple[str, str]]) -> str:
    return f"{base}?{urlencode(params)}" if params else base
