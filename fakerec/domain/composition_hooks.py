"""Composition hooks (HK): an account's standing orders to compose every group room that ends.

Hooks are few per account; they sit in one sorted run per account, and the list's filters
(Enabled, FriendlyName with ``*`` wildcards in any case, dates) are checked on the walk.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from fakerec import errors
from fakerec.domain import sorted_entries as runs
from fakerec.domain.compositions import CompositionSpec
from fakerec.domain.layouts import wildcard_match
from fakerec.domain.sorted_entries import Entry, Run, SortKey

#: FriendlyName: up to 100 characters, unique within the account [DOC spec].
MAX_NAME = 100


class CompositionHook:
    def __init__(
        self,
        sid: str,
        seq: int,
        account_sid: str,
        friendly_name: str,
        enabled: bool,
        spec: CompositionSpec,
        date_created: datetime,
    ) -> None:
        self.sid = sid
        self.seq = seq
        self.account_sid = account_sid
        self.friendly_name = friendly_name
        self.enabled = enabled
        self.spec = spec
        self.date_created = date_created
        self.date_updated: datetime | None = None

    @property
    def status(self) -> str:
        """``enabled`` or ``disabled``: what the hook will do when the next room ends."""
        return "enabled" if self.enabled else "disabled"

    def __repr__(self) -> str:
        return f"CompositionHook({self.sid}, {self.friendly_name!r}, {self.status})"


@dataclass(frozen=True)
class HookQuery:
    enabled: bool | None = None
    friendly_name: str | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None

    def matches(self, hook: CompositionHook) -> bool:
        if self.enabled is not None and hook.enabled != self.enabled:
            return False
        if self.friendly_name is None:
            return True
        return wildcard_match(self.friendly_name.casefold(), hook.friendly_name.casefold())


def hook_key(hook: CompositionHook) -> SortKey:
    return (int(hook.date_created.timestamp()), hook.seq)


def _entry(hook: CompositionHook) -> Entry:
    return (*hook_key(hook), hook.sid)


class HookBook:
    def __init__(self) -> None:
        self.hooks: dict[str, CompositionHook] = {}
        self._runs: dict[str, Run] = {}

    def check_name(self, account_sid: str, name: str, hook: CompositionHook | None = None) -> None:
        if not name or len(name) > MAX_NAME:
            raise errors.hook_refused(f"FriendlyName must be 1 to {MAX_NAME} characters")
        for other in self.hooks.values():
            if (
                other.account_sid == account_sid
                and other.friendly_name == name
                and other is not hook
            ):
                raise errors.hook_refused(
                    f"FriendlyName {name!r} is already used by composition hook {other.sid}"
                )

    def add(self, hook: CompositionHook) -> None:
        self.check_name(hook.account_sid, hook.friendly_name)
        self.hooks[hook.sid] = hook
        held = self._runs.get(hook.account_sid)
        self._runs[hook.account_sid] = (
            [_entry(hook)] if held is None else runs.insert(held, _entry(hook))
        )

    def remove(self, hook: CompositionHook) -> None:
        held = self._runs.get(hook.account_sid)
        if held is not None:
            runs.discard(held, _entry(hook))
        del self.hooks[hook.sid]

    def get(self, account_sid: str, sid: str) -> CompositionHook | None:
        hook = self.hooks.get(sid)
        return hook if hook is not None and hook.account_sid == account_sid else None

    def enabled(self, account_sid: str) -> list[CompositionHook]:
        """The account's enabled hooks, oldest first (the order their compositions are made)."""
        run = self._runs.get(account_sid, [])
        hooks = (self.hooks[entry[2]] for entry in runs.walk(run, None, True))
        return [hook for hook in hooks if hook.enabled]

    def scan(
        self, account_sid: str, query: HookQuery, key: SortKey | None, *, newer: bool, skip: int = 0
    ) -> Iterator[CompositionHook]:
        run = self._runs.get(account_sid, [])
        bounds = runs.epoch_bounds(query.created_after, query.created_before)
        for entry in runs.walk(run, key, newer, bounds):
            hook = self.hooks[entry[2]]
            if query.matches(hook):
                if skip:
                    skip -= 1
                else:
                    yield hook
