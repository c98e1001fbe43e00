"""The paging and deletion contract (SPEC sections 4 and 5) and compositions' lifecycle and
lists (section 10), proved by a state machine.

Rules drive the fake through its control plane and REST API; after every step the invariants
compare every list, page walk, fetch and media answer with separate reference models.
"""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule
from twilio.rest import Client

from fakerec.testing import RecordingsStateMachine


class RecordingsThroughTheSdk(RecordingsStateMachine):
    """The base machine, plus the same checks made through the official twilio SDK."""

    def client(self, account_sid: str) -> Client:
        return Client(account_sid, self.accounts[account_sid], http_client=self.fake.http_client())

    @rule(page_size=st.integers(1, 5), deleted=st.booleans())
    def stream_through_the_sdk(self, page_size: int, deleted: bool) -> None:
        self.sync()
        from fakerec.oracle import RefQuery

        query = RefQuery(status="deleted" if deleted else None)
        for account in self.accounts:
            recordings = self.client(account).video.v1.recordings
            stream = (
                recordings.stream(status="deleted", page_size=page_size)
                if deleted
                else recordings.stream(page_size=page_size)
            )
            assert [r.sid for r in stream] == self.oracle.listed(account, query)

    @invariant()
    def sdk_fetch_agrees(self) -> None:
        self.sync()
        for ref in self.oracle.recordings[-3:]:
            if ref.status == "purged":
                continue
            fetched = self.client(ref.account_sid).video.v1.recordings(ref.sid).fetch()
            assert (fetched.status, fetched.duration, fetched.size) == (
                ref.status,
                ref.duration,
                ref.size,
            )


TestRecordingsContract = RecordingsThroughTheSdk.TestCase
