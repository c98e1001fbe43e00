"""The state machine's invariant: after every step, the fake answers as the contract says.

``contract_holds`` brings the reference model up to date, then checks every status change
against ``TRANSITIONS``, every fetch and ``/Media`` answer (and account isolation), and every
list at several page sizes; it also tells an open interleaved walk what matches now.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis.stateful import invariant

from fakerec.domain import TRANSITIONS
from fakerec.testing.oracle import API_STATUSES, RefQuery
from fakerec.testing.strategies import MEDIA_TYPES
from fakerec.testing.walks import PageWalks


class ContractChecks(PageWalks):
    """The invariant and the checks it runs (lists are walked with ``walk_pages``)."""

    @invariant()
    def contract_holds(self) -> None:
        self.sync()
        self.check_transitions()
        self.check_rooms()
        self.check_fetch_and_media()
        self.check_lists()
        if self.walk is not None:
            now_listed = set(self.oracle.listed(self.walk.account_sid, self.walk.query))
            self.walk.stayed &= now_listed
            self.walk.ever |= now_listed

    def check_transitions(self) -> None:
        """Every status change the fake's live handles went through is an edge of TRANSITIONS."""
        edges = {(source, target) for source, _, target in TRANSITIONS}
        for sid, handle in self.handles.items():
            now = handle.status
            before = self._statuses.get(sid)
            if before is not now:
                assert (before, now) in edges, f"{sid}: {before} -> {now} is not in TRANSITIONS"
                self._statuses[sid] = now

    def check_rooms(self) -> None:
        """Every room's status and end (rooms end themselves on the clock), and who is still
        connected (MaxParticipantDuration disconnects), as the reference model has them."""
        for ref in self.oracle.rooms.rooms:
            status, body = self.request("GET", f"/v1/Rooms/{ref.sid}", ref.account_sid)
            assert status == 200, f"GET /v1/Rooms/{ref.sid}: {status} {body}"
            end = None if ref.end_time is None else ref.end_time.strftime("%Y-%m-%dT%H:%M:%SZ")
            actual = (body["status"], body["end_time"])
            assert actual == (ref.status, end), f"{ref.sid}: {actual} != {(ref.status, end)}"
            if ref.end_time is not None:
                assert body["duration"] == (ref.end_time - ref.date_created).total_seconds()
        for participant in self.participants:
            expected = self.oracle.rooms.participant(participant.sid)
            assert expected is not None, f"{participant.sid} is not in the reference model"
            assert participant.connected == expected.connected, (
                f"{participant.sid}: connected {participant.connected}, "
                f"the model says {expected.connected}"
            )

    def check_fetch_and_media(self) -> None:
        for ref in self.oracle.recordings:
            for path in (
                f"/v1/Recordings/{ref.sid}",
                f"/v1/Rooms/{ref.room_sid}/Recordings/{ref.sid}",
            ):
                status, body = self.request("GET", path, ref.account_sid)
                if ref.status == "purged":
                    assert status == 404, f"{ref.sid} was purged but GET {path} is {status}"
                    continue
                assert status == 200, f"GET {path}: {status} {body}"
                actual = (body["status"], body["duration"], body["size"], body["type"])
                expected = (ref.status, ref.duration, ref.size, ref.type)
                assert actual == expected, f"{ref.sid}: {actual} != {expected}"
                assert body["date_created"] == ref.date_created.strftime("%Y-%m-%dT%H:%M:%SZ")
                assert body["track_name"] == ref.track_name
                assert body["grouping_sids"] == {
                    "room_sid": ref.room_sid,
                    "participant_sid": ref.participant_sid,
                }
            media, _ = self.request("GET", f"/v1/Recordings/{ref.sid}/Media", ref.account_sid)
            want = 302 if self.oracle.media_available(ref) else 404
            assert media == want, f"{ref.sid} is {ref.status}: /Media {media}, expected {want}"
            for other in self.accounts:
                if other != ref.account_sid:
                    status, _ = self.request("GET", f"/v1/Recordings/{ref.sid}", other)
                    assert status == 404, f"{other} can see {ref.account_sid}'s {ref.sid}"

    def check_lists(self) -> None:
        for account in self.accounts:
            for query in self._fixed_queries(account):
                expected = self.oracle.listed(account, query)
                for size in self.page_sizes:
                    got = self.walk_pages(account, "/v1/Recordings", query.params(), size)
                    assert got == expected, (
                        f"list {query.params()} PageSize={size} as {account}: {got} != {expected}"
                    )
            for room in self.rooms:
                if room.account_sid != account:
                    continue
                for status in (None, "deleted"):
                    query = RefQuery(status=status)
                    expected = self.oracle.listed(account, query, room_sid=room.sid)
                    got = self.walk_pages(
                        account, f"/v1/Rooms/{room.sid}/Recordings", query.params(), 2
                    )
                    assert got == expected, f"room {room.sid} list {status}: {got} != {expected}"

    def _fixed_queries(self, account_sid: str) -> list[RefQuery]:
        """The default list, each status, each filter alone, and one combination."""
        queries = [RefQuery()]
        queries += [RefQuery(status=s) for s in API_STATUSES]
        queries += [RefQuery(media_type=m) for m in MEDIA_TYPES]
        mine = [r for r in self.oracle.recordings if r.account_sid == account_sid]
        if mine:
            sample = mine[len(mine) // 2]
            queries += [
                RefQuery(source_sid=sample.source_sid),
                RefQuery(grouping_sids=[sample.room_sid]),
                RefQuery(grouping_sids=[sample.participant_sid]),
                RefQuery(grouping_sids=[sample.room_sid, sample.participant_sid]),
                RefQuery(created_after=sample.date_created),
                RefQuery(created_before=sample.date_created),
                RefQuery(
                    status="completed",
                    media_type=sample.type,
                    grouping_sids=[sample.room_sid],
                    created_after=sample.date_created - timedelta(seconds=1),
                ),
            ]
        return queries
