"""The reference model, now ``fakerec.testing.oracle``; this old path re-exports it."""

from fakerec.testing.oracle import (
    API_STATUSES,
    KEPT_AFTER_DELETE,
    ReferenceModel,
    RefQuery,
    RefRecording,
)

__all__ = ["API_STATUSES", "KEPT_AFTER_DELETE", "RefQuery", "RefRecording", "ReferenceModel"]
