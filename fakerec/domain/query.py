"""What a list request asks for, as plain values the backend can match against."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fakerec.domain.models import Recording
from fakerec.domain.vocabulary import RecordingStatus, RoomStatus


@dataclass(frozen=True)
class RecordingQuery:
    """Filters combine with AND. No ``status`` means every status but ``deleted``."""

    status: RecordingStatus | None = None
    source_sid: str | None = None
    grouping_sids: tuple[str, ...] = ()
    created_after: datetime | None = None  # inclusive
    created_before: datetime | None = None  # exclusive
    media_type: str | None = None
    room_sid: str | None = None

    def matches(self, recording: Recording) -> bool:
        """Whether a recording a walk of the index found matches the filters other than the
        dates: every walk is already bounded by them, to the second (``epoch_bounds``)."""
        status = recording.settled_status
        if self.status is None:
            if status is RecordingStatus.DELETED:
                return False
        elif status is not self.status:
            return False
        if self.source_sid is not None and recording.source_sid != self.source_sid:
            return False
        if self.room_sid is not None and recording.room_sid != self.room_sid:
            return False
        if self.grouping_sids:
            own = (recording.room_sid, recording.participant_sid)
            if any(sid not in own for sid in self.grouping_sids):
                return False
        return self.media_type is None or recording.type == self.media_type


@dataclass(frozen=True)
class RoomQuery:
    """Rooms list filters; no ``status`` means ``in-progress``, as Twilio documents."""

    status: RoomStatus = RoomStatus.IN_PROGRESS
    unique_name: str | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
