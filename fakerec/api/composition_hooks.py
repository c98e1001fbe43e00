"""``/v1/CompositionHooks`` (create, fetch, list, update, delete) and
``/v1/CompositionSettings/Default`` (fetch, create), per account."""

from __future__ import annotations

from collections.abc import Iterator

from fakerec import errors
from fakerec.api import params as p
from fakerec.api import render_compositions as render
from fakerec.api.compositions import parse_spec
from fakerec.api.listing import echo, page_body
from fakerec.api.paging import SortKey
from fakerec.api.recording_settings import RecordingSettingsApi
from fakerec.api.request import ApiRequest, Result
from fakerec.domain.backend import VideoBackend
from fakerec.domain.composition_hooks import CompositionHook, HookQuery

_FILTERS = ("Enabled", "DateCreatedAfter", "DateCreatedBefore", "FriendlyName")


def _friendly_name(req: ApiRequest) -> str:
    name = p.first(req.form, "FriendlyName")
    if name is None:
        raise errors.missing_parameter("FriendlyName")
    return name


class CompositionHooksApi:
    def __init__(self, backend: VideoBackend) -> None:
        self.backend = backend

    def create(self, req: ApiRequest) -> Result:
        name = _friendly_name(req)
        spec = parse_spec(req.form)
        enabled = p.boolean(req.form, "Enabled")
        if not spec.audio_sources and not spec.video_layout:
            raise errors.hook_refused("give AudioSources, a VideoLayout, or both")
        hook = self.backend.create_hook(
            req.account_sid, name, True if enabled is None else enabled, spec
        )
        return 201, render.composition_hook(hook), {}

    def fetch(self, req: ApiRequest, sid: str) -> Result:
        return 200, render.composition_hook(self._hook(req, sid)), {}

    def update(self, req: ApiRequest, sid: str) -> Result:
        """FriendlyName is required on update too [DOC spec]; what the form leaves out keeps
        its value."""
        hook = self._hook(req, sid)
        name = _friendly_name(req)
        spec = parse_spec(req.form, hook.spec)
        enabled = p.boolean(req.form, "Enabled")
        if not spec.audio_sources and not spec.video_layout:
            raise errors.hook_refused("give AudioSources, a VideoLayout, or both")
        changes = {"spec": spec, "enabled": hook.enabled if enabled is None else enabled}
        self.backend.update_hook(hook, name, **changes)
        return 200, render.composition_hook(hook), {}

    def delete(self, req: ApiRequest, sid: str) -> Result:
        self.backend.delete_hook(self._hook(req, sid))
        return 204, None, {}

    def list(self, req: ApiRequest) -> Result:
        q = req.query
        query = HookQuery(
            enabled=p.boolean(q, "Enabled"),
            friendly_name=p.first(q, "FriendlyName"),
            created_after=p.date_time(q, "DateCreatedAfter"),
            created_before=p.date_time(q, "DateCreatedBefore"),
        )
        backend = self.backend

        def scan(key: SortKey | None, newer: bool, skip: int) -> Iterator[CompositionHook]:
            return backend.scan_hooks(req.account_sid, query, key, newer=newer, skip=skip)

        echoed = echo(q, _FILTERS)
        body = page_body(
            req, "composition_hooks", query, echoed, scan, backend.hook_key, render.composition_hook
        )
        return 200, body, {}

    def _hook(self, req: ApiRequest, sid: str) -> CompositionHook:
        hook = self.backend.get_hook(req.account_sid, sid)
        if hook is None:
            raise errors.not_found(req.resource)
        return hook


class CompositionSettingsApi(RecordingSettingsApi):
    """As RecordingSettings: FriendlyName required, CR SIDs, an http(s) AwsS3Url."""

    def fetch(self, req: ApiRequest) -> Result:
        settings = self.backend.composition_settings(req.account_sid)
        return 200, render.composition_settings(req.account_sid, settings), {}

    def update(self, req: ApiRequest) -> Result:
        changes = self.changes(req)
        settings = self.backend.update_composition_settings(req.account_sid, **changes)
        return 200, render.composition_settings(req.account_sid, settings), {}
