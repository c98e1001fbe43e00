"""A list page as Twilio renders it: the items under their key, and ``meta`` with its URLs.

The handlers say what to list (a scan over a sorted order); this cuts the page at the cursor
(``paging``) and writes every link with the filters as given, ``PageSize``, ``Page`` and, but
for the first page, ``PageToken``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any, Callable, Optional

from fakerec.api import params as p
from fakerec.api import render
from fakerec.api.paging import Page, PageCursor, SortKey, page_url, paginate, scope_digest
from fakerec.api.request import ApiRequest

Scan = Callable[[Optional[SortKey], bool, int], Iterator[Any]]
#: The filters as given, (name, value), carried in every meta URL.
Echo = list[tuple[str, str]]


def echo(query: p.Params, names: tuple[str, ...], repeated: str | None = None) -> Echo:
    """The filters as given, to carry in every meta URL."""
    echoed = [(name, query[name][0]) for name in names if query.get(name)]
    if repeated:
        echoed.extend((repeated, value) for value in query.get(repeated, []))
    return echoed


def page_body(
    req: ApiRequest,
    key: str,
    filters: object,
    echoed: Echo,
    scan: Scan,
    key_of: Callable[[Any], SortKey],
    to_json: Callable[[Any], dict[str, Any]],
) -> dict[str, Any]:
    """The JSON of one list page: ``{key: [...], "meta": {...}}``."""
    page, meta = _page(req, key, filters, echoed, scan, key_of)
    return {key: [to_json(item) for item in page.items], "meta": meta}


def page_text(
    req: ApiRequest,
    key: str,
    filters: object,
    echoed: Echo,
    scan: Scan,
    key_of: Callable[[Any], SortKey],
    to_texts: Callable[[Sequence[Any]], list[bytes]],
) -> bytes:
    """``page_body`` encoded, from the items' encoded JSON (which the caller may keep)."""
    page, meta = _page(req, key, filters, echoed, scan, key_of)
    head = f'{{"{key}": ['.encode()
    tail = f'], "meta": {json.dumps(meta)}}}'.encode()
    return head + b", ".join(to_texts(page.items)) + tail


def _page(
    req: ApiRequest,
    key: str,
    filters: object,
    echoed: Echo,
    scan: Scan,
    key_of: Callable[[Any], SortKey],
) -> tuple[Page, dict[str, Any]]:
    size = p.page_size(req.query)
    scope = scope_digest(req.path, filters)
    raw_token = p.first(req.query, "PageToken")
    token = None if raw_token is None else PageCursor.decode(raw_token, req.account_sid, scope)
    page = paginate(
        scan,
        key_of,
        size=size,
        page_number=p.page_number(req.query),
        token=token,
        account_sid=req.account_sid,
        scope=scope,
    )
    return page, _meta(render.BASE_URL + req.path, key, echoed, size, page, token)


def _meta(
    base: str,
    key: str,
    echoed: Echo,
    size: int,
    page: Page,
    token: PageCursor | None,
) -> dict[str, Any]:
    # The filters and PageSize are the same in every link: encoded once. A token is URL-safe
    # base64 behind "PT", so it needs no quoting.
    common = page_url(base, [*echoed, ("PageSize", str(size))])

    def url(cursor: PageCursor | None, number: int) -> str:
        if cursor is None:
            return f"{common}&Page={number}"
        return f"{common}&Page={number}&PageToken={cursor.encode()}"

    previous, following = page.previous_cursor, page.next_cursor
    return {
        "page": page.number,
        "page_size": size,
        "first_page_url": url(None, 0),
        "previous_page_url": url(previous, previous.page) if previous else None,
        "url": url(token, page.number),
        "next_page_url": url(following, following.page) if following else None,
        "key": key,
    }
