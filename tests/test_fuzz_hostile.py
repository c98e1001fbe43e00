"""Hostile-input fuzzing of the one HTTP entry point, ``fake.dispatch``.

Thousands of malformed, garbage and adversarial requests (paths and SIDs on every route,
every query parameter with wrong types and huge numbers, real page tokens flipped, cut and
forged, form bodies for every POST, odd methods, missing, wrong, malformed and foreign
credentials, tampered temporary media URLs, with clock moves in between) are sent at a fake
holding rooms and recordings in every status, two accounts and status-callback receivers.
Whatever the request, the fake must answer and never break (SPEC sections 2, 5, 6, 7: "A
malformed SID is a 404, never a 500. No input makes the fake raise"): no 5xx, no internal
error, every Twilio 4xx a Twilio error body, every other body JSON (the media store answers
like S3 instead: XML errors or the Matroska file).

The world and the contract are in fuzz_world, the strategies in fuzz_values and fuzz_requests;
unknown parameters, page tokens and the requests the fuzzing found have their own test_fuzz_*
modules.
"""

from __future__ import annotations

from fuzz_requests import CLOCK_MOVES, HOSTILE_REQUESTS, SLOW_DATA
from fuzz_world import Advance, Request, check_answer, fresh_world
from hypothesis import Phase, given, settings
from hypothesis import strategies as st


def test_thousands_of_hostile_requests_never_break_the_fake() -> None:
    """Batches of hostile requests, each batch at a fresh fake, clock moves in between.

    Not shrunk: a batch holds ten to thirty requests and shrinking all of them takes minutes;
    the failure names the one request that broke the fake, and the next test, one request per
    example, shrinks the same requests to a minimal one."""
    sent: list[int] = []

    @settings(
        max_examples=250,
        deadline=None,
        suppress_health_check=SLOW_DATA,
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
    )
    @given(batch=st.lists(HOSTILE_REQUESTS, min_size=10, max_size=30), moves=CLOCK_MOVES)
    def fire(batch: list[Request], moves: list[tuple[int, Advance]]) -> None:
        world = fresh_world()
        fake = world.fake
        before = len(fake.requests)
        for index, request in enumerate(batch):
            for at, move in moves:
                if at == index:
                    fake.clock.advance(seconds=move.seconds)
                    assert fake.internal_errors == [], (move, fake.internal_errors)
            check_answer(fake, request, request.send(fake))
        assert len(fake.requests) - before == len(batch)  # the journal kept every one
        sent.append(len(batch))

    fire()
    assert sum(sent) >= 2000, f"only {sum(sent)} hostile requests were sent"


@settings(max_examples=400, deadline=None, suppress_health_check=SLOW_DATA)
@given(request=HOSTILE_REQUESTS)
def test_one_hostile_request_at_a_time(request: Request) -> None:
    """The same hostile requests, one per example at a fresh fake: a failure shrinks fast to
    one minimal request."""
    fake = fresh_world().fake
    check_answer(fake, request, request.send(fake))
