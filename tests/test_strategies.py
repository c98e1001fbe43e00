"""The exported strategies, used the way a downstream suite would use them."""

from __future__ import annotations

import re

from _support import BASE, get_json
from hypothesis import given, settings

from fakerec import FakeVideo, RecordingStatus
from fakerec.strategies import (
    apply_operations,
    list_queries,
    malformed_sids,
    operations,
    page_sizes,
    recordings,
    sids,
)

SID = re.compile(r"[A-Z]{2}[0-9a-f]{32}")


def _get(fake: FakeVideo, path: str) -> tuple[int, dict[str, object]]:
    return get_json(fake, BASE + path)


@settings(max_examples=50)
@given(sid=sids("RT"), bad=malformed_sids("RT"))
def test_sids_are_well_formed_and_malformed_ones_are_not(sid: str, bad: str) -> None:
    assert SID.fullmatch(sid) and sid.startswith("RT")
    assert not SID.fullmatch(bad) or not bad.startswith("RT")
    fake = FakeVideo(seed="strategies")
    assert _get(fake, f"/v1/Recordings/{sid}")[0] == 404
    status, body = _get(fake, f"/v1/Recordings/{bad}")
    assert status == 404 and body["code"] == 20404


@settings(max_examples=40)
@given(fields=recordings())
def test_seeded_recordings_show_their_fields(fields: dict[str, object]) -> None:
    fake = FakeVideo(seed="seed-strategy")
    rec = fake.add_recording(**fields)
    status, body = _get(fake, f"/v1/Recordings/{rec.sid}")
    assert status == 200
    assert (body["status"], body["type"], body["codec"]) == (
        fields["status"],
        fields["type"],
        str(fields["codec"]).lower(),  # lower case in REST bodies (SPEC 3 [OBS])
    )


@settings(max_examples=40)
@given(query=list_queries(), size=page_sizes(20))
def test_any_generated_query_is_a_valid_list_request(query, size: int) -> None:  # type: ignore[no-untyped-def]
    fake = FakeVideo(seed="query-strategy")
    fake.add_recording()
    from urllib.parse import urlencode

    status, body = _get(fake, "/v1/Recordings?" + urlencode([*query.params(), ("PageSize", size)]))
    assert status == 200 and body["meta"]["page_size"] == size


@settings(max_examples=40, deadline=None)
@given(steps=operations())
def test_operation_sequences_keep_the_list_honest(steps) -> None:  # type: ignore[no-untyped-def]
    fake = FakeVideo(seed="ops")
    seeded = apply_operations(fake, steps)
    assert len(seeded) == sum(1 for s in steps if s.name == "seed")
    status, body = _get(fake, "/v1/Recordings?PageSize=1000")
    listed = [r["sid"] for r in body["recordings"]]  # type: ignore[index]
    expected = [
        sid
        for sid in seeded
        if sid in fake.backend.recordings
        and fake.backend.recordings[sid].status is not RecordingStatus.DELETED
    ]
    assert status == 200 and sorted(listed) == sorted(expected)
    created = [r["date_created"] for r in body["recordings"]]  # type: ignore[index]
    assert created == sorted(created, reverse=True)


def test_operations_strategy_produces_every_kind_of_step() -> None:
    names: set[str] = set()

    @settings(max_examples=100, database=None)
    @given(steps=operations(max_size=10))
    def collect(steps) -> None:  # type: ignore[no-untyped-def]
        names.update(step.name for step in steps)

    collect()
    assert names == {"seed", "delete", "fail", "advance_seconds", "advance_days"}
