"""The backend's locked doors to compositions, composition hooks and composition settings.

A mixin of ``VideoBackend``: each method takes the fake's lock, applies what fell due, and
hands the work to the composer, the composition store or the hook book.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fakerec.domain.accounts import RecordingSettings, update_settings
from fakerec.domain.composer import Composer, Send
from fakerec.domain.composition_hooks import CompositionHook, HookBook, HookQuery, hook_key
from fakerec.domain.compositions import (
    Composition,
    CompositionQuery,
    CompositionSpec,
    CompositionStore,
    sort_key,
)
from fakerec.domain.locking import DeferringLock
from fakerec.domain.models import Room
from fakerec.domain.sorted_entries import SortKey


class CompositionOps:
    lock: DeferringLock
    _composer: Composer
    _compositions: CompositionStore
    _hooks: HookBook

    def settle(self) -> None:
        raise NotImplementedError

    @property
    def on_composition_event(self) -> Send | None:
        """Sends composition callbacks (to the composition's or the hook's StatusCallback)."""
        return self._composer.send

    @on_composition_event.setter
    def on_composition_event(self, send: Send | None) -> None:
        self._composer.send = send

    # --- compositions --------------------------------------------------------------------

    def create_composition(self, room: Room, spec: CompositionSpec) -> Composition:
        with self.lock:
            self.settle()
            return self._composer.create(room, spec)

    def get_composition(self, account_sid: str, sid: str) -> Composition | None:
        return self._compositions.get(account_sid, sid)

    def delete_composition(self, composition: Composition) -> None:
        with self.lock:
            self.settle()
            self._composer.delete(composition)

    def fail_composition(self, composition: Composition) -> None:
        with self.lock:
            self.settle()
            self._composer.fail(composition)

    def fail_next_compositions(self, times: int) -> None:
        with self.lock:
            self._composer.pending_failures += times

    def clear_composition_failures(self) -> None:
        with self.lock:
            self._composer.pending_failures = 0

    def scan_compositions(
        self,
        account_sid: str,
        query: CompositionQuery,
        key: SortKey | None,
        *,
        newer: bool,
        skip: int = 0,
    ) -> Iterator[Composition]:
        return self._compositions.scan(account_sid, query, key, newer=newer, skip=skip)

    composition_key = staticmethod(sort_key)

    def all_compositions(self) -> list[Composition]:
        with self.lock:
            self.settle()
            return self._compositions.newest_first()

    # --- hooks ---------------------------------------------------------------------------

    def create_hook(
        self, account_sid: str, friendly_name: str, enabled: bool, spec: CompositionSpec
    ) -> CompositionHook:
        with self.lock:
            self.settle()
            return self._composer.new_hook(account_sid, friendly_name, enabled, spec)

    def update_hook(self, hook: CompositionHook, friendly_name: str, **changes: Any) -> None:
        with self.lock:
            self._composer.update_hook(hook, friendly_name, **changes)

    def delete_hook(self, hook: CompositionHook) -> None:
        with self.lock:
            self._hooks.remove(hook)

    def get_hook(self, account_sid: str, sid: str) -> CompositionHook | None:
        return self._hooks.get(account_sid, sid)

    def hooks_named(self, name: str) -> list[CompositionHook]:
        return [hook for hook in self._hooks.hooks.values() if hook.friendly_name == name]

    def scan_hooks(
        self, account_sid: str, query: HookQuery, key: SortKey | None, *, newer: bool, skip: int = 0
    ) -> Iterator[CompositionHook]:
        return self._hooks.scan(account_sid, query, key, newer=newer, skip=skip)

    hook_key = staticmethod(hook_key)

    # --- settings ------------------------------------------------------------------------

    def composition_settings(self, account_sid: str) -> RecordingSettings:
        with self.lock:
            return self._composer.settings_of(account_sid)

    def update_composition_settings(self, account_sid: str, **changes: Any) -> RecordingSettings:
        with self.lock:
            settings = self._composer.settings_of(account_sid)
            update_settings(settings, **changes)
            return settings
