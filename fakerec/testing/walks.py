"""Page walks: a whole list followed forward and back, random queries, interleaved walks.

``walk_pages`` checks every page's ``meta`` on the way; the rules here walk lists with any
filter and page size, and keep one walk open across other steps (it must never repeat a
recording, skip one that matched all along, or return one that never matched).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from fakerec.testing.base import BASE, MachineBase, Walk
from fakerec.testing.oracle import RefQuery
from fakerec.testing.strategies import list_queries


class PageWalks(MachineBase):
    """List walks, and the rules that walk lists at random and across other steps."""

    # --- rules: an interleaved page walk -----------------------------------------------

    @precondition(lambda self: self.walk is None)
    @rule(data=st.data(), page_size=st.integers(1, 4), account=st.integers(0, 5))
    def begin_walk(self, data: st.DataObject, page_size: int, account: int) -> None:
        self.sync()
        owner = self._pick(list(self.accounts), account)
        query = data.draw(self._queries(owner), label="query")
        url = f"{BASE}/v1/Recordings?" + urlencode([*query.params(), ("PageSize", page_size)])
        expected = set(self.oracle.listed(owner, query))
        self.walk = Walk(query, page_size, owner, url, stayed=expected, ever=set(expected))
        self.walk_next()

    @precondition(lambda self: self.walk is not None)
    @rule()
    def walk_next(self) -> None:
        walk = self.walk
        assert walk is not None
        if walk.next_url is None:
            self._finish_walk(walk)
            return
        status, body = self.request("GET", walk.next_url, walk.account_sid)
        assert status == 200, body
        walk.seen.extend(item["sid"] for item in body["recordings"])
        walk.next_url = body["meta"]["next_page_url"]
        if walk.next_url is None:
            self._finish_walk(walk)

    def _finish_walk(self, walk: Walk) -> None:
        self.walk = None
        duplicates = {sid for sid in walk.seen if walk.seen.count(sid) > 1}
        assert not duplicates, f"a page walk returned {sorted(duplicates)} twice"
        skipped = walk.stayed - set(walk.seen)
        assert not skipped, f"a page walk skipped {sorted(skipped)}, which stayed all along"
        strangers = set(walk.seen) - walk.ever
        assert not strangers, f"a page walk returned {sorted(strangers)}, which never matched"

    @rule(data=st.data(), account=st.integers(0, 5))
    def list_with_any_query_and_page_size(self, data: st.DataObject, account: int) -> None:
        """Filters combined at random, walked at any page size from 1 to past the end."""
        self.sync()
        owner = self._pick(list(self.accounts), account)
        query = data.draw(self._queries(owner), label="query")
        expected = self.oracle.listed(owner, query)
        size = data.draw(st.integers(1, len(expected) + 2), label="page_size")
        got = self.walk_pages(owner, "/v1/Recordings", query.params(), size)
        assert got == expected, f"list {query.params()} PageSize={size}: {got} != {expected}"

    def _queries(self, account_sid: str) -> st.SearchStrategy[RefQuery]:
        mine = [r for r in self.oracle.recordings if r.account_sid == account_sid]
        return list_queries(
            source_sids=tuple(r.source_sid for r in mine),
            grouping_sids=tuple(s for r in mine for s in r.grouping()),
            moments=tuple(r.date_created for r in mine),
        )

    # --- walking a whole list ------------------------------------------------------------

    def walk_pages(
        self,
        account_sid: str,
        path: str,
        params: list[tuple[str, str]],
        page_size: int,
        key: str = "recordings",
    ) -> list[str]:
        """Every SID of a list (its items under ``key``), following next_page_url; then back
        with previous_page_url."""
        url: str | None = f"{BASE}{path}?" + urlencode([*params, ("PageSize", page_size)])
        pages: list[list[str]] = []
        metas: list[dict[str, Any]] = []
        while url is not None:
            status, body = self.request("GET", url, account_sid)
            assert status == 200, f"GET {url}: {status} {body}"
            meta = body["meta"]
            pages.append([item["sid"] for item in body[key]])
            metas.append(meta)
            assert meta["page"] == len(pages) - 1 and meta["page_size"] == page_size
            assert meta["key"] == key
            assert meta["first_page_url"] == metas[0]["url"], "first_page_url must not move"
            assert len(pages[-1]) <= page_size
            if meta["next_page_url"] is not None:
                assert len(pages[-1]) == page_size, "only the last page may be short"
            url = meta["next_page_url"]
        assert metas[0]["previous_page_url"] is None
        assert _same_filters(metas[0]["url"], params)
        # Walk back: the same pages in reverse.
        back = metas[-1]["previous_page_url"]
        index = len(pages) - 2
        while back is not None:
            status, body = self.request("GET", back, account_sid)
            assert status == 200
            assert [item["sid"] for item in body[key]] == pages[index], "walk back"
            back = body["meta"]["previous_page_url"]
            index -= 1
        assert index == -1, "previous_page_url must lead back to the first page"
        return [sid for page in pages for sid in page]


def _same_filters(url: str, params: list[tuple[str, str]]) -> bool:
    carried = [(k, v) for k, v in parse_qsl(urlsplit(url).query) if k not in ("PageSize", "Page")]
    return sorted(carried) == sorted(params)
