"""The journal keeps the most recent exchanges within a bound, and says what it dropped."""

from __future__ import annotations

import pytest
from _support import BASE, auth_header

from fakerec import FakeVideo, UsageError
from fakerec.api.journal import DEFAULT_LIMIT


def _fetch_many(fake: FakeVideo, count: int) -> list[str]:
    sids = [fake.add_recording().sid for _ in range(count)]
    headers = auth_header(fake.account_sid, fake.auth_token)
    for sid in sids:
        assert fake.dispatch("GET", f"{BASE}/v1/Recordings/{sid}", headers).status == 200
    return sids


def test_by_default_the_journal_keeps_the_most_recent_thousand() -> None:
    fake = FakeVideo(seed="journal")
    sids = _fetch_many(fake, DEFAULT_LIMIT + 25)
    assert DEFAULT_LIMIT == 1000
    assert len(fake.requests) == DEFAULT_LIMIT
    assert fake.requests.total == DEFAULT_LIMIT + 25
    assert fake.requests.dropped == 25
    assert fake.requests[0].url.endswith(sids[25]) and fake.requests[-1].url.endswith(sids[-1])
    assert [e.url for e in fake.requests[-2:]] == [e.url for e in list(fake.requests)[-2:]]


def test_journal_limit_is_configurable_and_none_keeps_everything() -> None:
    small = FakeVideo(seed="journal", journal_limit=3)
    _fetch_many(small, 5)
    assert len(small.requests) == 3 and small.requests.total == 5
    every = FakeVideo(seed="journal", journal_limit=None)
    _fetch_many(every, DEFAULT_LIMIT + 5)
    assert len(every.requests) == DEFAULT_LIMIT + 5 and every.requests.dropped == 0


@pytest.mark.parametrize("limit", [0, -1, 2.5, "10", True])
def test_a_journal_limit_that_is_not_a_positive_int_is_a_usage_error(limit: object) -> None:
    with pytest.raises(UsageError, match="journal_limit"):
        FakeVideo(journal_limit=limit)  # type: ignore[arg-type]


def test_since_gives_what_came_after_and_refuses_what_is_gone() -> None:
    fake = FakeVideo(seed="journal", journal_limit=4)
    _fetch_many(fake, 2)
    mark = fake.requests.total
    sids = _fetch_many(fake, 2)
    assert [e.url.rsplit("/", 1)[1] for e in fake.requests.since(mark)] == sids
    _fetch_many(fake, 3)  # 7 served, 4 kept: the 3rd to the 4th... are gone
    with pytest.raises(UsageError, match="no longer holds exchanges 3 to 3"):
        fake.requests.since(2)
    assert len(fake.requests.since(3)) == 4


def test_the_transcript_numbers_from_the_first_request_and_says_what_is_gone() -> None:
    fake = FakeVideo(seed="journal", journal_limit=2)
    _fetch_many(fake, 3)
    text = fake.transcript()
    assert text.startswith("(1 earlier exchanges are no longer kept; see journal_limit)")
    assert "\n#2 GET " in text and "\n#3 GET " in text
    assert "#1 GET" not in text


def test_clear_empties_the_journal_but_total_still_counts() -> None:
    fake = FakeVideo(seed="journal")
    _fetch_many(fake, 3)
    fake.requests.clear()
    assert fake.requests == [] and fake.requests.total == 3
    _fetch_many(fake, 1)
    assert len(fake.requests.since(3)) == 1
