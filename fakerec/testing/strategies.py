"""Hypothesis strategies for Twilio Video recordings: SIDs, recordings, list queries, operations.

For downstream suites that property-test their own code against fakerec.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

from fakerec.api import basic_auth
from fakerec.domain.vocabulary import RecordingStatus
from fakerec.testing.oracle import API_STATUSES, RefQuery

if TYPE_CHECKING:
    from fakerec.fake import FakeVideo

HEX = "0123456789abcdef"
UTC = timezone.utc
MEDIA_TYPES = ("audio", "video", "data")


def sids(prefix: str = "RT") -> st.SearchStrategy[str]:
    """Well-formed SIDs: ``prefix`` + 32 lower-case hex digits."""
    return st.text(HEX, min_size=32, max_size=32).map(lambda digits: prefix + digits)


def malformed_sids(prefix: str = "RT") -> st.SearchStrategy[str]:
    """Strings that look almost like SIDs but are not (wrong length, prefix or digits)."""
    return st.one_of(
        st.text(HEX, max_size=31).map(lambda d: prefix + d),
        st.text(HEX, min_size=33, max_size=40).map(lambda d: prefix + d),
        st.text("ghijklmnopqrstuvwxyz-_.", min_size=32, max_size=32).map(lambda d: prefix + d),
        sids("ZZ"),
        st.text(min_size=1, max_size=40).filter(lambda s: "/" not in s and "?" not in s),
    )


def recordings() -> st.SearchStrategy[dict[str, Any]]:
    """Keyword arguments for ``FakeVideo.add_recording``: any status, type, codec, size."""

    def for_type(kind: str) -> st.SearchStrategy[dict[str, Any]]:
        codecs = ("OPUS", "PCMU") if kind == "audio" else ("VP8", "H264")
        return st.fixed_dictionaries(
            {
                "type": st.just(kind),
                "status": st.sampled_from(API_STATUSES),
                "duration": st.integers(0, 4 * 3600),
                "codec": st.sampled_from(codecs),
            },
            optional={
                "track_name": st.text("abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=12),
                "bitrate": st.integers(8, 2500),
                "muted": st.booleans(),
            },
        )

    return st.sampled_from(("audio", "video")).flatmap(for_type)


def page_sizes(maximum: int = 1000) -> st.SearchStrategy[int]:
    return st.integers(1, maximum)


def list_queries(
    source_sids: tuple[str, ...] = (),
    grouping_sids: tuple[str, ...] = (),
    moments: tuple[datetime, ...] = (),
) -> st.SearchStrategy[RefQuery]:
    """List filters, alone or combined, drawing SIDs and dates from what a test has made."""

    def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return st.one_of(st.none(), strategy)

    sources = st.sampled_from(source_sids) if source_sids else sids("MT")
    groupings = st.sampled_from(grouping_sids) if grouping_sids else sids("RM")
    when = (
        st.sampled_from(moments).flatmap(
            lambda m: st.sampled_from((m, m + timedelta(seconds=1), m - timedelta(seconds=1)))
        )
        if moments
        else st.datetimes(
            min_value=datetime(2015, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)
        )
    )
    return st.builds(
        RefQuery,
        status=maybe(st.sampled_from(API_STATUSES)),
        source_sid=maybe(sources),
        grouping_sids=st.lists(groupings, max_size=2, unique=True),
        created_after=maybe(when),
        created_before=maybe(when),
        media_type=maybe(st.sampled_from(MEDIA_TYPES)),
    )


@dataclass(frozen=True)
class Operation:
    """One step of an operation sequence: ``name`` is a ``FakeVideo`` capability."""

    name: str
    argument: Any = None


def operations(max_size: int = 30) -> st.SearchStrategy[list[Operation]]:
    """Sequences of seeding, deleting, failing and clock moves, for ``apply_operations``.

    Integer arguments of ``delete`` and ``fail`` pick among the recordings seeded so far.
    """
    step = st.one_of(
        st.builds(Operation, st.just("seed"), recordings()),
        st.builds(Operation, st.just("delete"), st.integers(0, 1000)),
        st.builds(Operation, st.just("fail"), st.integers(0, 1000)),
        st.builds(Operation, st.just("advance_seconds"), st.integers(0, 120)),
        st.builds(Operation, st.just("advance_days"), st.integers(1, 31)),
    )
    return st.lists(step, max_size=max_size)


def apply_operations(fake: FakeVideo, steps: list[Operation]) -> list[str]:
    """Run ``steps`` against ``fake``: seeds through the control plane, deletes over REST (as
    a client would), failures where a recording is still processing, clock moves. Returns the
    SIDs seeded, in order."""
    seeded: list[str] = []
    auth = {"Authorization": basic_auth(fake.account_sid, fake.auth_token)}
    for step in steps:
        if step.name == "seed":
            seeded.append(fake.add_recording(**step.argument).sid)
        elif step.name == "delete" and seeded:
            sid = seeded[step.argument % len(seeded)]
            fake.dispatch("DELETE", f"https://video.twilio.com/v1/Recordings/{sid}", auth)
        elif step.name == "fail" and seeded:
            sid = seeded[step.argument % len(seeded)]
            recording = fake.backend.recordings.get(sid)
            if recording is not None and recording.status is RecordingStatus.PROCESSING:
                recording.fail()
        elif step.name == "advance_seconds":
            fake.clock.advance(seconds=step.argument)
        elif step.name == "advance_days":
            fake.clock.advance(days=step.argument)
    return seeded
