"""The twilio SDK against fakerec and against the hand-written stubs it replaces: one fetch,
and one list page of 50, side by side in alternating rounds."""

from __future__ import annotations

import contextlib
import itertools
import re
from collections.abc import Callable, Iterator
from typing import Any

import responses
import targets
from timing import interleaved
from twilio.http import HttpClient
from twilio.http.response import Response
from twilio.rest import Client

from fakerec import FakeVideo
from fakerec.api import basic_auth

BATCH = 20  # fetches per start and stop of a mock
PAGE_BATCH = 10  # list pages per start and stop of a mock
PAGE = 50


class CannedClient(HttpClient):  # type: ignore[misc]
    """The SDK's floor: an HttpClient that answers every request with the same text."""

    def __init__(self, body: str) -> None:
        super().__init__(None, False)
        self.body = body

    def request(self, *args: Any, **kwargs: Any) -> Response:
        return Response(200, self.body, {})


def _batch(
    mock: Callable[[], contextlib.AbstractContextManager[Any]], call: Callable[[], Any], n: int
) -> Callable[[], None]:
    """``n`` calls inside one start and stop of ``mock``, as a test would make them."""

    def run() -> None:
        with mock():
            for _ in range(n):
                call()

    return run


@contextlib.contextmanager
def _started(stub: responses.RequestsMock) -> Iterator[None]:
    """Start and stop ``stub`` keeping its routes (leaving ``with stub:`` would reset them)."""
    stub.start()
    try:
        yield
    finally:
        stub.stop(allow_assert=False)


def _stub(url: str, body: str, *, callback: bool = False) -> responses.RequestsMock:
    stub = responses.RequestsMock(assert_all_requests_are_fired=False)
    if callback:
        stub.add_callback(responses.GET, url, callback=lambda r: (200, {}, body))
    else:
        stub.add(responses.GET, url, body=body, status=200, content_type="application/json")
    return stub


def _forget(fake: FakeVideo) -> None:
    """Empty the journal between measures (a bounded one would not need it)."""
    clear = getattr(fake.requests, "clear", None)
    if clear is not None:
        clear()


def fetch_figures(number: int) -> dict[str, targets.Figure]:
    fake = FakeVideo(seed="bench")
    rec = fake.add_recording(status="completed", type="video", duration=42)
    url = f"https://video.twilio.com/v1/Recordings/{rec.sid}"
    headers = {"Authorization": basic_auth(fake.account_sid, fake.auth_token)}
    body = fake.dispatch("GET", url, headers).body.decode()  # the fake's own JSON, canned
    client = Client(fake.account_sid, fake.auth_token)

    def fetch() -> None:
        assert client.video.v1.recordings(rec.sid).fetch().sid == rec.sid

    static, callback = _stub(url, body), _stub(url, body, callback=True)
    # fake.register(): the fake's routes on a RequestsMock the test already has.
    registered = responses.RequestsMock(assert_all_requests_are_fired=False)
    fake.register(registered)
    registered.add_passthru(re.compile(r".*"))
    per_batch = interleaved(
        {
            "static": _batch(lambda: _started(static), fetch, BATCH),
            "callback": _batch(lambda: _started(callback), fetch, BATCH),
            "mock": _batch(fake.mock, fetch, BATCH),
            "register": _batch(lambda: _started(registered), fetch, BATCH),
        },
        number=max(number // BATCH // 5, 5),
        budget=15,
    )
    _forget(fake)
    canned = Client(fake.account_sid, fake.auth_token, http_client=CannedClient(body))
    direct = Client(fake.account_sid, fake.auth_token, http_client=fake.http_client())
    floors = interleaved(
        {
            "floor": lambda: canned.video.v1.recordings(rec.sid).fetch(),
            "direct": lambda: direct.video.v1.recordings(rec.sid).fetch(),
        },
        number=number,
    )
    _forget(fake)
    figures = {f"fetch_{name}": t.figure(per=BATCH) for name, t in per_batch.items()}
    figures.update({f"fetch_{name}": t.figure() for name, t in floors.items()})
    return figures


def page_figures(number: int) -> dict[str, targets.Figure]:
    """``recordings.list(limit=50)``: one request for ``PageSize=50``, 50 instances built."""
    fake = FakeVideo(seed="bench-page")
    room = fake.create_room("page-room")
    for i in range(200):
        fake.add_recording(
            status="completed", type=("audio", "video")[i % 2], duration=10 + i, room_sid=room.sid
        )
    base = "https://video.twilio.com/v1/Recordings"
    headers = {"Authorization": basic_auth(fake.account_sid, fake.auth_token)}
    answer = fake.dispatch("GET", f"{base}?PageSize={PAGE}", headers)
    assert answer.status == 200, answer.body
    body = answer.body.decode()  # the very page the SDK asks for, canned
    _forget(fake)

    def lister(client: Client) -> Callable[[], None]:
        def run() -> None:
            assert len(client.video.v1.recordings.list(limit=PAGE)) == PAGE

        return run

    sdk = lister(Client(fake.account_sid, fake.auth_token))
    # The same page in 40 accounts: the fake answers a repeat of the very same request (a
    # poll) from its last page, so cycling accounts makes it compute every page afresh.
    fresh_clients, direct_clients = [], []
    for _ in range(40):
        account = fake.add_account()
        for i in range(200):
            fake.add_recording(
                account_sid=account.sid,
                status="completed",
                type=("audio", "video")[i % 2],
                duration=10 + i,
            )
        fresh_clients.append(lister(Client(account.sid, account.auth_token)))
        direct_clients.append(
            lister(Client(account.sid, account.auth_token, http_client=fake.http_client()))
        )
    rotation, direct_rotation = itertools.cycle(fresh_clients), itertools.cycle(direct_clients)

    def fresh() -> None:
        next(rotation)()

    def fresh_direct() -> None:
        next(direct_rotation)()

    static = _stub(base, body)  # a URL without a query string matches any query
    per_batch = interleaved(
        {
            "static": _batch(lambda: _started(static), sdk, PAGE_BATCH),
            "mock": _batch(fake.mock, sdk, PAGE_BATCH),
            "fresh": _batch(fake.mock, fresh, PAGE_BATCH),
        },
        number=max(number // PAGE_BATCH // 20, 3),
        budget=20,
    )
    _forget(fake)
    canned = Client(fake.account_sid, fake.auth_token, http_client=CannedClient(body))
    direct = Client(fake.account_sid, fake.auth_token, http_client=fake.http_client())
    floors = interleaved(
        {"floor": lister(canned), "direct": lister(direct), "direct_fresh": fresh_direct},
        number=max(number // 10, 10),
        budget=20,
    )
    _forget(fake)
    return {
        "page_static": per_batch["static"].figure(per=PAGE_BATCH),
        "page_mock": per_batch["mock"].figure(per=PAGE_BATCH),
        "page_mock_fresh": per_batch["fresh"].figure(per=PAGE_BATCH),
        "page_floor": floors["floor"].figure(),
        "page_direct": floors["direct"].figure(),
        "page_direct_fresh": floors["direct_fresh"].figure(),
    }
