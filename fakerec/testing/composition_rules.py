"""The state machine's composition rules: create over REST (and the 400s), fail, delete, hooks,
clock moves onto a composition's next stage, and a ``/v1/Compositions`` walk interleaved with
all of them.

Each rule acts on the fake and tells ``fakerec.testing.composition_model`` what happened; what
follows, the model works out from the contract.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

from hypothesis import strategies as st
from hypothesis.stateful import initialize, precondition, rule

from fakerec.errors import UsageError
from fakerec.testing.base import BASE, MachineBase
from fakerec.testing.composition_model import RefComposition
from fakerec.testing.rules import RoomRules

#: The sources each kind of composition asks for, as POST parameters.
GRID = json.dumps({"grid": {"video_sources": ["*"]}})
SOURCES: dict[str, list[tuple[str, str]]] = {
    "audio": [("AudioSources", "*")],
    "video": [("VideoLayout", GRID)],
    "both": [("AudioSources", "*"), ("VideoLayout", GRID)],
}
COMPOSITION_STATUSES = ("enqueued", "processing", "completed", "failed", "deleted")
#: Hooks per account at most: enough for two compositions of one room.
MAX_HOOKS = 2


@dataclass
class CompositionWalk:
    """A ``/v1/Compositions`` page walk in progress, interleaved with other steps."""

    account_sid: str
    status: str | None
    room_sid: str | None
    next_url: str | None
    seen: list[str] = field(default_factory=list)
    #: SIDs listed at every check since the walk began, and at some check.
    stayed: set[str] = field(default_factory=set)
    ever: set[str] = field(default_factory=set)

    def listed_now(self, machine: MachineBase) -> set[str]:
        model = machine.composition_model
        return set(model.listed(self.account_sid, self.status, self.room_sid))


class CompositionRules(RoomRules):
    """Compositions made, failed and deleted over REST and the control plane; hooks."""

    composition_walk: CompositionWalk | None = None

    @rule(
        account=st.integers(0, 5),
        kinds=st.lists(st.sampled_from(("audio", "video")), min_size=1, max_size=3),
        tenths=st.integers(1, 2000),
        end=st.sampled_from(("complete", "leave", "open")),
        compose=st.lists(st.sampled_from(sorted(SOURCES)), min_size=1, max_size=3),
        after=st.sampled_from((0, 6, 20, 400)),
    )
    def record_a_room(
        self,
        account: int,
        kinds: list[str],
        tenths: int,
        end: str,
        compose: list[str],
        after: int,
    ) -> None:
        """A recorded group room in one step (the steps the room rules take one at a time):
        one participant publishes ``kinds``, the clock runs, then the room is completed, or the
        participant leaves (the room ends itself later), or neither; then maybe a composition
        of it (or several) and ``after`` seconds more. Compositions need such rooms,
        which random single steps seldom build."""
        self.create_room(account, True, "group", None, None, None)
        room = self.rooms[-1]
        self.connect(self._live_rooms().index(room))
        participant = self.participants[-1]
        for kind in kinds:
            self.publish(len(self._connected()) - 1, kind, False, None)
        for sid, handle in self.handles.items():  # the status the invariant has not seen yet
            self._statuses.setdefault(sid, handle.status)
        self.fake.clock.advance(seconds=tenths / 10)
        self.sync()
        if end == "complete" and room.status.value == "in-progress":
            self.complete_room(self._live_rooms().index(room), False)
        elif end == "leave" and participant.connected:
            self.disconnect(self._connected().index(participant))
        for kind in compose:
            self.create_composition(self.rooms.index(room), kind)
        self.fake.clock.advance(seconds=after)
        self.sync()

    def _compositions(self) -> list[RefComposition]:
        return [ref for ref in self.composition_model.compositions if ref.sid is not None]

    @precondition(lambda self: bool(self.rooms))
    @rule(room=st.integers(0, 100), kind=st.sampled_from(sorted(SOURCES)))
    def create_composition(self, room: int, kind: str) -> None:
        """POST /v1/Compositions for any room: 201 ``enqueued`` exactly when the model says
        the room can be composed with these sources, else 400."""
        self.sync()
        chosen = self._pick(self.rooms, room)
        params = [("RoomSid", chosen.sid), *SOURCES[kind]]
        status, body = self.request(
            "POST", "/v1/Compositions", chosen.account_sid, body=urlencode(params)
        )
        seconds = self.composition_model.media_seconds(chosen.sid, kind)
        if seconds is None:
            assert status == 400, f"composing {chosen.sid} ({kind}): {status}, expected 400"
            return
        assert status == 201, f"composing {chosen.sid} ({kind}): {status} {body}"
        assert body["status"] == "enqueued" and body["room_sid"] == chosen.sid
        now = self.fake.clock.now()
        self.composition_model.created(body["sid"], chosen.sid, seconds, now, None)

    @precondition(lambda self: bool(self.composition_model.compositions))
    @rule(index=st.integers(0, 1000))
    def fail_composition(self, index: int) -> None:
        """``comp.fail()``: an enqueued or processing one fails, anything else refuses."""
        self.sync()
        known = self._compositions()
        if not known:
            return
        ref = self._pick(known, index)
        assert ref.sid is not None
        if ref.status == "purged":
            try:
                self.fake.composition(ref.sid)
            except UsageError:
                return
            raise AssertionError(f"{ref.sid} is purged but the control plane still has it")
        handle = self.fake.composition(ref.sid)
        if ref.status in ("enqueued", "processing"):
            handle.fail()
            self.composition_model.fail(ref)
            return
        try:
            handle.fail()
        except UsageError:
            return
        raise AssertionError(f"{ref.sid} is {ref.status}; fail() should have been refused")

    @rule(times=st.integers(1, 2))
    def fail_next_compositions(self, times: int) -> None:
        self.sync()
        self.fake.fail_next_compositions(times)
        self.composition_model.fail_next(times)

    @precondition(lambda self: bool(self.composition_model.compositions))
    @rule(index=st.integers(0, 1000), owner=st.booleans())
    def delete_composition(self, index: int, owner: bool) -> None:
        """DELETE over REST, by the owner or another account: 204 or 404 as the model says
        (the model learns of the delete from the fake's journal, in ``sync``)."""
        self.sync()
        known = self._compositions()
        if not known:
            return
        ref = self._pick(known, index)
        account = ref.account_sid
        if not owner:
            others = [sid for sid in self.accounts if sid != ref.account_sid]
            if not others:
                return
            account = others[index % len(others)]
        assert ref.sid is not None
        expected = 204 if self.composition_model.visible(account, ref.sid) is not None else 404
        status, _ = self.request("DELETE", f"/v1/Compositions/{ref.sid}", account)
        assert status == expected, f"DELETE {ref.sid} as {account}: {status}, expected {expected}"

    @precondition(lambda self: bool(self.composition_model.upcoming()))
    @rule(extra=st.sampled_from((-1, 0, 1)))
    def advance_to_a_composition_stage(self, extra: int) -> None:
        """Land one second before, on, or after a composition's next stage or purge."""
        self.sync()
        now = self.fake.clock.now()
        step = timedelta(seconds=extra)
        upcoming = [t for t in self.composition_model.upcoming() if t + step > now]
        if upcoming:
            self.fake.clock.set(min(upcoming) + step)
        self.sync()

    # --- hooks ---------------------------------------------------------------------------

    @initialize(kind=st.sampled_from(sorted(SOURCES)), enabled=st.booleans())
    def a_hook_from_the_start(self, kind: str, enabled: bool) -> None:
        """Every run starts with a hook of the first account, enabled or not."""
        self.create_hook(0, kind, enabled)

    @rule(account=st.integers(0, 5), kind=st.sampled_from(sorted(SOURCES)), enabled=st.booleans())
    def create_hook(self, account: int, kind: str, enabled: bool) -> None:
        """POST /v1/CompositionHooks: from now on, each room of the account that ends is
        composed with these sources while the hook is enabled."""
        self.sync()
        owner = self._pick(list(self.accounts), account)
        mine = [hook for hook in self.composition_model.hooks if hook.account_sid == owner]
        if len(mine) >= MAX_HOOKS:
            return
        params = [
            ("FriendlyName", f"hook {len(self.composition_model.hooks)}"),
            ("Enabled", "true" if enabled else "false"),
            *SOURCES[kind],
        ]
        status, body = self.request("POST", "/v1/CompositionHooks", owner, body=urlencode(params))
        assert status == 201, f"POST /v1/CompositionHooks: {status} {body}"
        assert body["enabled"] is enabled
        self.composition_model.hook_created(body["sid"], owner, kind, enabled)

    @precondition(lambda self: bool(self.composition_model.hooks))
    @rule(index=st.integers(0, 100), enabled=st.booleans())
    def enable_or_disable_hook(self, index: int, enabled: bool) -> None:
        self.sync()
        hook = self._pick(self.composition_model.hooks, index)
        params = [("FriendlyName", f"hook {index}-{hook.sid}"[:100])]
        params.append(("Enabled", "true" if enabled else "false"))
        status, body = self.request(
            "POST", f"/v1/CompositionHooks/{hook.sid}", hook.account_sid, body=urlencode(params)
        )
        assert status == 200 and body["enabled"] is enabled, f"{status} {body}"
        self.composition_model.hook_enabled(hook.sid, enabled)

    # --- a walk interleaved with the other steps ----------------------------------------

    @precondition(lambda self: self.composition_walk is None and len(self._compositions()) > 2)
    @rule(
        account=st.integers(0, 5),
        status=st.sampled_from((None, *COMPOSITION_STATUSES)),
        by_room=st.booleans(),
        page_size=st.integers(1, 2),
    )
    def start_composition_walk(
        self, account: int, status: str | None, by_room: bool, page_size: int
    ) -> None:
        """Fetch the first page now and one more after each later step, between creations,
        stage changes and deletes: no repeat, no skip of what stayed listed all along."""
        self.sync()
        owner = self._pick(list(self.accounts), account)
        rooms = [ref.room_sid for ref in self._compositions() if ref.account_sid == owner]
        room_sid = rooms[account % len(rooms)] if by_room and rooms else None
        params: list[tuple[str, str | int]] = []
        if status is not None:
            params.append(("Status", status))
        if room_sid is not None:
            params.append(("RoomSid", room_sid))
        params.append(("PageSize", page_size))
        url = f"{BASE}/v1/Compositions?{urlencode(params)}"
        walk = CompositionWalk(owner, status, room_sid, url)
        walk.stayed = walk.listed_now(self)
        walk.ever = set(walk.stayed)
        self.composition_walk = walk
        self.composition_walk_next()

    def composition_walk_next(self) -> None:
        """One more page of the open walk (the invariant asks for one after every step)."""
        walk = self.composition_walk
        assert walk is not None
        if walk.next_url is not None:
            status, body = self.request("GET", walk.next_url, walk.account_sid)
            assert status == 200, body
            assert body["meta"]["key"] == "compositions"
            walk.seen.extend(item["sid"] for item in body["compositions"])
            walk.next_url = body["meta"]["next_page_url"]
        if walk.next_url is None:
            self.composition_walk = None
            duplicates = {sid for sid in walk.seen if walk.seen.count(sid) > 1}
            assert not duplicates, f"a compositions walk returned {sorted(duplicates)} twice"
            skipped = walk.stayed - set(walk.seen)
            assert not skipped, f"a compositions walk skipped {sorted(skipped)}"
            strangers = set(walk.seen) - walk.ever
            assert not strangers, f"a compositions walk returned {sorted(strangers)}"
