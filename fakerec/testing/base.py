"""What every part of the state machine shares: the fake, the reference model, the handles.

``MachineBase`` holds the state and the plumbing (raw requests, keeping the reference model in
step with the fake's clock and journal); the rules (``fakerec.testing.rules``), the page walks
(``fakerec.testing.walks``) and the invariants (``fakerec.testing.checks``) are mixins on it,
put together as ``fakerec.testing.machine.RecordingsStateMachine``.
"""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit

from hypothesis.stateful import RuleBasedStateMachine

from fakerec.api import basic_auth
from fakerec.domain import Participant, Recording, RecordingStatus, Room, Track
from fakerec.fake import FakeVideo
from fakerec.testing.composition_model import CompositionModel
from fakerec.testing.oracle import ReferenceModel, RefQuery

BASE = "https://video.twilio.com"


@dataclass
class Walk:
    """A page walk in progress, interleaved with other steps."""

    query: RefQuery
    page_size: int
    account_sid: str
    next_url: str | None
    seen: list[str] = field(default_factory=list)
    #: SIDs that matched the query at every check since the walk began.
    stayed: set[str] = field(default_factory=set)
    #: SIDs that matched at some check since the walk began.
    ever: set[str] = field(default_factory=set)


class MachineBase(RuleBasedStateMachine):
    """A ``FakeVideo``, its reference model, and what the steps have made so far."""

    processing_delay = 30
    #: True: the fake runs inside ``mock(freeze_time)``, so code under test that asks
    #: ``datetime.now()`` lives on the fake's clock (``freeze_time=True`` of ``FakeVideo``).
    freeze_time = False
    max_accounts = 3
    #: Page sizes every list query is walked with after every step.
    page_sizes: tuple[int, ...] = (1, 3, 1000)

    def __init__(self) -> None:
        super().__init__()
        self.fake = FakeVideo(
            seed=0, processing_delay=self.processing_delay, freeze_time=self.freeze_time
        )
        self._mock: AbstractContextManager[FakeVideo] | None = (
            self.fake.mock() if self.freeze_time else None
        )
        if self._mock is not None:
            self._mock.__enter__()
        self.oracle = ReferenceModel(timedelta(seconds=self.processing_delay))
        self.oracle.advance_to(self.fake.clock.now())
        #: The compositions' reference model (``fakerec.testing.composition_model``).
        self.composition_model = CompositionModel(self.oracle)
        self.accounts: dict[str, str] = {self.fake.account_sid: self.fake.auth_token}
        self.rooms: list[Room] = []
        self.participants: list[Participant] = []
        self.tracks: list[Track] = []
        self.handles: dict[str, Recording] = {}
        self._journal_read = 0
        self._identities = 0
        self.walk: Walk | None = None
        self._statuses: dict[str, RecordingStatus | None] = {}

    def teardown(self) -> None:
        """Leave ``mock()`` (when ``freeze_time``): patches undone, then ``fake.check()``."""
        if self._mock is not None:
            mock, self._mock = self._mock, None
            mock.__exit__(None, None, None)

    # --- plumbing ----------------------------------------------------------------------

    def request(
        self,
        method: str,
        url: str,
        account_sid: str | None = None,
        params: list[tuple[str, str]] | None = None,
        body: str | None = None,
    ) -> tuple[int, Any]:
        """One raw HTTP exchange with the fake, as ``account_sid`` (default: the first)."""
        account = account_sid or self.fake.account_sid
        if not url.startswith("http"):
            url = BASE + url
        if params:
            url += ("&" if "?" in url else "?") + urlencode(params)
        headers = {"Authorization": basic_auth(account, self.accounts[account])}
        journal = self.fake.requests
        caught_up = self._journal_read == journal.total
        answer = self.fake.dispatch(method, url, headers, body)
        if caught_up and method == "GET" and journal.total == self._journal_read + 1:
            # The machine's own reads change nothing: skip them, so a check making more
            # requests than the journal keeps does not outrun it.
            self._journal_read = journal.total
        assert answer.status < 500, f"{method} {url} answered {answer.status}"
        return answer.status, json.loads(answer.body) if answer.body else None

    def sync(self) -> None:
        """Bring the reference model up to the fake's clock and journal."""
        journal = self.fake.requests
        for exchange in journal.since(self._journal_read):
            self._journal_read += 1
            if exchange.method == "DELETE" and exchange.status == 204:
                assert exchange.account_sid is not None
                self.oracle.advance_to(exchange.at)
                self.composition_model.advance_to(exchange.at)
                sid = urlsplit(exchange.url).path.rstrip("/").rsplit("/", 1)[-1]
                if not sid.startswith(("RT", "CJ")):
                    continue  # a hook or another resource: no recording, no composition
                deleted = (
                    self.composition_model.delete(exchange.account_sid, sid)
                    if sid.startswith("CJ")
                    else self.oracle.delete(exchange.account_sid, sid)
                )
                assert deleted, f"the fake deleted {sid}, which the contract says is not there"
        self.oracle.advance_to(self.fake.clock.now())
        self.composition_model.advance_to(self.fake.clock.now())

    def _pick(self, items: list[Any], index: int) -> Any:
        return items[index % len(items)]

    def _live_rooms(self) -> list[Room]:
        return [room for room in self.rooms if room.status.value == "in-progress"]

    def _connected(self) -> list[Participant]:
        return [p for p in self.participants if p.connected]

    def _published(self) -> list[Track]:
        return [t for t in self.tracks if t.published]

    def _capture_ends(self, track: Track) -> None:
        recording = track.recording
        if recording is not None:
            self.oracle.end_capture(recording.sid, media=track.enabled)
