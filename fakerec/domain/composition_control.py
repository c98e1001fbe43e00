"""The control plane's compositions: mixed into ``FakeVideo`` (which gives it ``backend`` and
``account_sid``), so tests make, find and spoil compositions and hooks without HTTP."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakerec.domain.composition_hooks import CompositionHook
from fakerec.domain.compositions import Composition, CompositionSpec
from fakerec.domain.layouts import resolution, validate_layout
from fakerec.domain.models import Room
from fakerec.errors import TwilioError, UsageError

if TYPE_CHECKING:
    from fakerec.domain.backend import VideoBackend


def _spec(
    audio_sources: list[str] | None,
    audio_sources_excluded: list[str] | None,
    video_layout: dict[str, Any] | None,
    options: dict[str, Any],
) -> CompositionSpec:
    """A spec from keyword arguments, checked as POST checks them (misuse: a UsageError)."""
    unknown = sorted(set(options) - {"resolution", "format", "trim", "status_callback",
                                     "status_callback_method"})  # fmt: skip
    if unknown:
        raise UsageError(f"compositions take no {unknown}")
    for name, names in (("audio_sources", audio_sources), ("excluded", audio_sources_excluded)):
        if names is not None and not (
            isinstance(names, list) and all(isinstance(n, str) and n for n in names)
        ):
            raise UsageError(f"{name} is a list of track names, not {names!r}")
    spec = CompositionSpec(list(audio_sources or []), list(audio_sources_excluded or []), {})
    try:
        spec.resolution = options.get("resolution", spec.resolution)
        canvas = resolution(spec.resolution)
        if video_layout is not None:
            spec.video_layout = validate_layout(video_layout, canvas)
    except TwilioError as refused:
        raise UsageError(refused.message) from None
    spec.format = options.get("format", spec.format)
    if spec.format not in ("mp4", "webm"):
        raise UsageError(f"format is mp4 or webm, not {spec.format!r}")
    spec.trim = options.get("trim", True)
    spec.status_callback = options.get("status_callback")
    spec.status_callback_method = options.get("status_callback_method", "POST")
    if not isinstance(spec.trim, bool) or spec.status_callback_method not in ("GET", "POST"):
        raise UsageError("trim is a bool and status_callback_method GET or POST")
    if not spec.audio_sources and not spec.video_layout:
        raise UsageError("a composition needs audio_sources, a video_layout, or both")
    return spec


class CompositionControl:
    backend: VideoBackend

    @property
    def account_sid(self) -> str:
        raise NotImplementedError  # FakeVideo's: the default account

    @property
    def compositions(self) -> list[Composition]:
        """Live handles of every composition not purged yet (every account), newest first."""
        return self.backend.all_compositions()

    def composition(self, sid: str) -> Composition:
        """The live handle of a composition that is not purged yet."""
        self.backend.settle()
        found = self.backend.compositions.get(sid)
        if found is None:
            raise UsageError(f"no composition {sid} in this fake (never made, or purged)")
        return found

    def create_composition(
        self,
        room: Room,
        *,
        audio_sources: list[str] | None = None,
        audio_sources_excluded: list[str] | None = None,
        video_layout: dict[str, Any] | None = None,
        **options: Any,
    ) -> Composition:
        """The same as ``POST /v1/Compositions`` for ``room``, without HTTP."""
        spec = _spec(audio_sources, audio_sources_excluded, video_layout, options)
        try:
            return self.backend.create_composition(room, spec)
        except TwilioError as refused:
            raise UsageError(refused.message) from None

    def create_composition_hook(
        self,
        friendly_name: str,
        *,
        enabled: bool = True,
        audio_sources: list[str] | None = None,
        audio_sources_excluded: list[str] | None = None,
        video_layout: dict[str, Any] | None = None,
        account_sid: str | None = None,
        **options: Any,
    ) -> CompositionHook:
        """The same as ``POST /v1/CompositionHooks``, without HTTP."""
        if not isinstance(friendly_name, str) or not isinstance(enabled, bool):
            raise UsageError("friendly_name is a string and enabled a bool")
        spec = _spec(audio_sources, audio_sources_excluded, video_layout, options)
        try:
            return self.backend.create_hook(
                account_sid or self.account_sid, friendly_name, enabled, spec
            )
        except TwilioError as refused:
            raise UsageError(refused.message) from None

    def composition_hook(self, sid_or_name: str) -> CompositionHook:
        """The live handle of a hook, by SID or FriendlyName (of any account)."""
        hook = self.backend.hooks.get(sid_or_name)
        if hook is not None:
            return hook
        named = self.backend.hooks_named(sid_or_name)
        if len(named) == 1:
            return named[0]
        if named:
            raise UsageError(f"{len(named)} hooks of different accounts are named {sid_or_name!r}")
        raise UsageError(f"no composition hook {sid_or_name!r} in this fake")

    def fail_next_compositions(self, times: int = 1) -> None:
        """The next ``times`` compositions due to complete fail (composition-failed) instead."""
        if isinstance(times, bool) or not isinstance(times, int) or times < 0:
            raise UsageError(f"times is a whole number, not {times!r}")
        self.backend.fail_next_compositions(times)
