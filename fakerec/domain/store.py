"""The recordings of one fake: by SID, and in sorted indexes for the lists (see ``index``)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from fakerec.domain.index import RecordingIndex
from fakerec.domain.models import Recording
from fakerec.domain.query import RecordingQuery
from fakerec.domain.vocabulary import RecordingStatus

#: A recording's place in the newest-first order: (date_created epoch seconds, creation seq).
SortKey = tuple[int, int]


class RecordingStore:
    def __init__(self) -> None:
        self.recordings: dict[str, Recording] = {}
        self._index = RecordingIndex()
        #: Goes up with every change a list could show: a recording added, its status (and
        #: with it duration and size) changed, or purged. A page is reusable while it stays.
        self.revision = 0

    def add(self, recording: Recording, status: RecordingStatus) -> None:
        """Store ``recording``, indexed under the status it starts with."""
        self.revision += 1
        self.recordings[recording.sid] = recording
        recording.settled_status = status
        self._index.add(recording)

    def set_status(self, recording: Recording, status: RecordingStatus) -> None:
        self._index.file_pending()  # under the status they were added with
        old, recording.settled_status = recording.settled_status, status
        self.revision += 1
        if old is not status:
            self._index.restatus(recording, old)

    def purge(self, recording: Recording) -> None:
        """Forget ``recording`` for good: 404 everywhere from now on."""
        self.revision += 1
        self._index.remove(recording)
        recording.settled_status = RecordingStatus.PURGED
        del self.recordings[recording.sid]

    def get(self, account_sid: str, sid: str) -> Recording | None:
        recording = self.recordings.get(sid)
        if recording is None or recording.account_sid != account_sid:
            return None
        return recording

    def scan(
        self,
        account_sid: str,
        query: RecordingQuery,
        key: SortKey | None,
        *,
        newer: bool,
        skip: int,
    ) -> Iterator[Recording]:
        """Matching recordings beyond ``key`` (exclusive), walking away from it, less the
        first ``skip`` matches.

        ``newer=False`` walks toward older recordings (newest first: the list order);
        ``newer=True`` walks toward newer ones (oldest first). ``key=None`` starts at the end.
        """
        found, exact = self._index.walk(account_sid, query, key, newer, skip)
        if exact:
            return found
        matches = query.matches

        def own_match(recording: Recording) -> bool:
            return recording.account_sid == account_sid and matches(recording)

        return islice(filter(own_match, found), skip, None)

    def in_room(self, account_sid: str, room_sid: str) -> list[Recording]:
        """Every recording of a room, deleted ones too, newest first."""
        filed = self._index.all_in_room(room_sid)
        return [r for r in filed if r.room_sid == room_sid and r.account_sid == account_sid]

    @staticmethod
    def sort_key(recording: Recording) -> SortKey:
        return (int(recording.date_created.timestamp()), recording.seq)
