"""Replacing a public attribute for the length of ``mock()``, and always putting it back.

A replacement is built around the attribute it replaces. Undoing it restores the original when
the replacement is still in place; when something patched over it meanwhile (and will later
restore *our* function), the replacement stays behind but forwards everything to the original,
so a stale fake can never answer again.
"""

from __future__ import annotations

from typing import Any, Callable

_ABSENT = object()


class Patch:
    """``owner.name`` replaced by ``build(original, patch)`` until ``undo()``."""

    def __init__(self, owner: Any, name: str, build: Callable[[Any, Patch], Any]) -> None:
        self.owner = owner
        self.name = name
        # What ``owner`` itself holds (a class may inherit the attribute instead).
        self._own = vars(owner).get(name, _ABSENT)
        self.original = getattr(owner, name)
        self.active = True
        self.replacement = build(self.original, self)
        setattr(owner, name, self.replacement)

    def undo(self) -> None:
        self.active = False
        if vars(self.owner).get(self.name, _ABSENT) is not self.replacement:
            return  # patched over since: our replacement now only forwards
        if self._own is _ABSENT:
            delattr(self.owner, self.name)
        else:
            setattr(self.owner, self.name, self._own)
