"""The compositions' invariant: after every step, the fake answers as the composition model says.

Hooks' compositions get their SIDs here (the fake names them; the model only knows a room's
hooks composed it); then every composition is fetched (status, duration, room; 404 once
purged or for another account), and lists are walked with and without Status and RoomSid.
"""

from __future__ import annotations

from hypothesis.stateful import invariant

from fakerec.testing.composition_rules import COMPOSITION_STATUSES, CompositionRules
from fakerec.testing.walks import PageWalks


class CompositionChecks(CompositionRules, PageWalks):
    """The invariant and the checks it runs."""

    @invariant()
    def compositions_as_modelled(self) -> None:
        self.sync()
        self.bind_hook_compositions()
        self.check_compositions()
        self.check_composition_lists()
        walk = self.composition_walk
        if walk is not None:
            now_listed = walk.listed_now(self)
            walk.stayed &= now_listed
            walk.ever |= now_listed
            self.composition_walk_next()
        elif len(self._compositions()) > 2:
            self.start_rotating_walk()

    def start_rotating_walk(self) -> None:
        """Keep a walk open whenever there is something to walk, so every step lands between
        two of its pages: PageSize 1 (the longest walk), the queries taking turns (every other
        one the whole list, the rest each Status; RoomSid or not); ``start_composition_walk``
        draws them at random."""
        turn = self.walks_started = getattr(self, "walks_started", 0) + 1
        status = None if turn % 2 else COMPOSITION_STATUSES[turn // 2 % len(COMPOSITION_STATUSES)]
        self.start_composition_walk(turn, status, turn % 3 == 0, 1)

    def bind_hook_compositions(self) -> None:
        """Give each composition a hook made the SID the fake gave it (per room, in the order
        made), and check the fake has no composition the model does not expect."""
        model = self.composition_model
        known = {ref.sid for ref in model.compositions if ref.sid is not None}
        unknown = [c for c in reversed(self.fake.compositions) if c.sid not in known]
        for ref in model.compositions:
            if ref.sid is not None:
                continue
            mine = [c for c in unknown if c.room_sid == ref.room_sid]
            assert mine, f"hook {ref.hook_sid} should have composed {ref.room_sid}; it did not"
            ref.sid = mine[0].sid
            unknown.remove(mine[0])
        assert not unknown, f"compositions the model does not expect: {unknown}"

    def check_compositions(self) -> None:
        for ref in self.composition_model.compositions:
            assert ref.sid is not None
            path = f"/v1/Compositions/{ref.sid}"
            status, body = self.request("GET", path, ref.account_sid)
            if ref.status == "purged":
                assert status == 404, f"{ref.sid} was purged but GET is {status}"
                continue
            assert status == 200, f"GET {path}: {status} {body}"
            actual = (body["status"], body["duration"], body["room_sid"])
            expected = (ref.status, ref.duration, ref.room_sid)
            assert actual == expected, f"{ref.sid}: {actual} != {expected} ({ref.history})"
            created = ref.date_created.strftime("%Y-%m-%dT%H:%M:%SZ")
            assert body["date_created"] == created, f"{ref.sid}: {body['date_created']}"
            if ref.made:
                assert body["size"] > 0, f"{ref.sid} is completed with size {body['size']}"
            else:
                assert body["size"] in (0, None), f"{ref.sid} is {ref.status}: {body['size']}"
            others = [other for other in self.accounts if other != ref.account_sid]
            if others:  # one other account (they take turns) must not see it
                other = others[ref.order % len(others)]
                status, _ = self.request("GET", path, other)
                assert status == 404, f"{other} can see {ref.account_sid}'s {ref.sid}"

    def check_composition_lists(self) -> None:
        model = self.composition_model
        for account in self.accounts:
            queries: list[tuple[str | None, str | None]] = [(None, None)]
            queries += [(status, None) for status in COMPOSITION_STATUSES]
            rooms = sorted(
                {ref.room_sid for ref in model.compositions if ref.account_sid == account}
            )
            queries += [(None, room) for room in rooms[-2:]]
            queries += [("deleted", room) for room in rooms[-1:]]
            for status, room in queries:
                expected = model.listed(account, status, room)
                params: list[tuple[str, str]] = []
                if status is not None:
                    params.append(("Status", status))
                if room is not None:
                    params.append(("RoomSid", room))
                # PageSize 2 for the whole list; the filtered ones are walked a page at a time
                # by the rotating walks, so here one page (or a few) is enough.
                size = 2 if not params else 50
                got = self.walk_pages(account, "/v1/Compositions", params, size, "compositions")
                assert got == expected, f"compositions {params} as {account}: {got} != {expected}"
