"""The pytest plugin: the `fakerec` fixture and the `fakerec` marker, run through pytester."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import twilio.rest.video.v1.recording  # noqa: F401
from _support import write_quiet_ini

import fakerec

# pytester's in-process runs forget every module they import; importing the heavy ones here
# (the hypothesis plugin's and the SDK's) keeps each run fast.
assert hypothesis.__version__


def read_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def scenario(fake: Any) -> list[str]:
    """The same calls the throwaway tests make (kept in sync with SCENARIO_SRC)."""
    room = fake.create_room(unique_name="r", record_participants_on_connect=True)
    alice = room.connect("alice")
    mic = alice.publish("audio", name="mic")
    return [fake.account_sid, room.sid, alice.sid, mic.sid, mic.recording.sid]


SCENARIO_SRC = """
def scenario(fake):
    room = fake.create_room(unique_name="r", record_participants_on_connect=True)
    alice = room.connect("alice")
    mic = alice.publish("audio", name="mic")
    return [fake.account_sid, room.sid, alice.sid, mic.sid, mic.recording.sid]
"""


@pytest.fixture(autouse=True)
def quiet_ini(pytester: pytest.Pytester) -> None:
    """Only to silence pytest-asyncio's warning about an unset loop scope in the inner runs."""
    write_quiet_ini(pytester)


def test_fixture_is_a_mocked_fake_with_the_real_twilio_client(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_basic="""
        import fakerec as fakerec_pkg
        from twilio.rest import Client


        def test_uses_fixture(fakerec):
            assert isinstance(fakerec, fakerec_pkg.FakeVideo)
            room = fakerec.create_room(unique_name="r", record_participants_on_connect=True)
            mic = room.connect("alice").publish("audio", name="mic")
            fakerec.clock.advance(seconds=10)
            mic.unpublish()
            fakerec.clock.advance(seconds=30)
            client = Client(fakerec.account_sid, fakerec.auth_token)
            recs = client.video.v1.recordings.list()
            assert [r.sid for r in recs] == [mic.recording.sid]
            assert recs[0].status == "completed"
            assert recs[0].duration == 10
            assert recs[0].size == 32 * 1000 // 8 * 10
            assert [e.status for e in fakerec.requests] == [200]
            assert fakerec.requests[0].method == "GET"


        def test_each_test_gets_a_fresh_fake(fakerec):
            client = Client(fakerec.account_sid, fakerec.auth_token)
            assert client.video.v1.recordings.list() == []
            assert fakerec.clock.now() == fakerec_pkg.clock.DEFAULT_START
        """
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=2)


def test_marker_configures_seed_delay_and_start(pytester: pytest.Pytester) -> None:
    out = pytester.path / "marked.json"
    pytester.makepyfile(
        test_marked=SCENARIO_SRC
        + f"""
import json
from datetime import datetime, timezone

import pytest
from twilio.rest import Client

START = datetime(2030, 1, 1, tzinfo=timezone.utc)


@pytest.mark.fakerec(seed=7, processing_delay=5, start=START)
def test_marked(fakerec):
    assert fakerec.clock.now() == START
    sids = scenario(fakerec)
    room = fakerec.room(sids[1])
    track = room.recordings[0]
    fakerec.clock.advance(seconds=3)
    room.complete()
    fakerec.clock.advance(seconds=4)
    assert track.status == "processing"
    fakerec.clock.advance(seconds=1)
    assert track.status == "completed"
    fetched = Client(fakerec.account_sid, fakerec.auth_token).video.v1.recordings(
        track.sid
    ).fetch()
    assert fetched.status == "completed"
    assert fetched.duration == 3
    assert fetched.date_created == START
    with open({str(out)!r}, "w") as f:
        json.dump(sids, f)
"""
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=1)
    inner = json.loads(out.read_text())
    start = datetime(2030, 1, 1, tzinfo=timezone.utc)
    expected = scenario(fakerec.FakeVideo(seed=7, processing_delay=5, start=start))
    assert inner == expected
    assert inner != scenario(fakerec.FakeVideo(seed=8))


DETERMINISM_SRC = """
import json

import pytest

OUT = {out!r}


def record(request, fake):
    with open(OUT, "a") as f:
        f.write(json.dumps({{"nodeid": request.node.nodeid, "sids": scenario(fake)}}) + "\\n")


def test_one(fakerec, request):
    record(request, fakerec)


def test_two(fakerec, request):
    record(request, fakerec)


@pytest.mark.parametrize("n", [1, 2])
def test_three(fakerec, request, n):
    record(request, fakerec)
"""

REVERSING_CONFTEST = """
def pytest_addoption(parser):
    parser.addoption("--reverse-items", action="store_true")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--reverse-items"):
        items.reverse()
"""


def test_sids_depend_on_node_id_not_on_order_or_selection(pytester: pytest.Pytester) -> None:
    """The same file run whole, with -k, in reverse order and on two xdist workers, each in a
    fresh process
    (so a seed derived from Python's randomised ``hash()`` would show)."""
    pytester.makeconftest(REVERSING_CONFTEST)
    runs: dict[str, list[dict[str, Any]]] = {}
    for name, args, passed in [
        ("all", [], 4),
        ("alone", ["-k", "test_two"], 1),
        ("reversed", ["--reverse-items"], 4),
        ("xdist", ["-p", "xdist", "-n", "2"], 4),
        ("xdist-reversed", ["-p", "xdist", "-n", "2", "--reverse-items"], 4),
    ]:
        out = pytester.path / f"{name}.jsonl"
        pytester.makepyfile(test_det=SCENARIO_SRC + DETERMINISM_SRC.format(out=str(out)))
        # the hypothesis plugin only costs start-up time here
        result = pytester.runpytest_subprocess(
            "-p", "no:randomly", "-p", "no:hypothesispytest", *args
        )
        result.assert_outcomes(passed=passed)
        runs[name] = read_lines(out)

    by_node = {name: {e["nodeid"]: e["sids"] for e in entries} for name, entries in runs.items()}
    full = by_node["all"]
    assert len(full) == 4
    # different tests, different SIDs (no SID shared between any two tests)
    all_sids = [sid for sids in full.values() for sid in sids]
    assert len(set(all_sids)) == len(all_sids)
    # the same test gives the same SIDs: run alone, run in reverse order, in another process
    assert by_node["alone"] == {"test_det.py::test_two": full["test_det.py::test_two"]}
    assert by_node["reversed"] == full
    # two xdist workers, in either order: still the same SIDs per test
    assert by_node["xdist"] == full
    assert by_node["xdist-reversed"] == full
    order = [e["nodeid"] for e in runs["all"]]
    assert [e["nodeid"] for e in runs["reversed"]] == order[::-1]
    # the seed is the node id
    for entry in runs["all"]:
        assert entry["sids"] == scenario(fakerec.FakeVideo(seed=entry["nodeid"]))


def test_marker_is_registered(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_strict="""
        import pytest


        @pytest.mark.fakerec(seed=1)
        def test_marked(fakerec):
            assert fakerec.account_sid.startswith("AC")


        @pytest.mark.fakerec(processing_delay=0)
        def test_marked_delay_zero(fakerec):
            room = fakerec.create_room(unique_name="z", record_participants_on_connect=True)
            mic = room.connect("a").publish("audio")
            mic.unpublish()
            assert mic.recording.status == "completed"
        """
    )
    result = pytester.runpytest("--strict-markers")
    result.assert_outcomes(passed=2)
    markers = pytester.runpytest("--markers")
    markers.stdout.fnmatch_lines(["*@pytest.mark.fakerec*"])


def test_marker_seed_changes_sids(pytester: pytest.Pytester) -> None:
    out = pytester.path / "seeds.jsonl"
    pytester.makepyfile(
        test_seeds=SCENARIO_SRC
        + f"""
import json

import pytest


def record(fake):
    with open({str(out)!r}, "a") as f:
        f.write(json.dumps(scenario(fake)) + "\\n")


@pytest.mark.fakerec(seed=7)
def test_a(fakerec):
    record(fakerec)


@pytest.mark.fakerec(seed=7)
def test_b(fakerec):
    record(fakerec)


def test_c(fakerec):
    record(fakerec)
"""
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=3)
    a, b, c = read_lines(out)
    assert a == b == scenario(fakerec.FakeVideo(seed=7))
    assert not set(c) & set(a)


def test_internal_fake_error_fails_the_test(pytester: pytest.Pytester) -> None:
    reached = pytester.path / "reached.txt"
    pytester.makepyfile(
        test_bug=f"""
import requests
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client


def boom(*args, **kwargs):
    raise RuntimeError("a bug inside the fake")


def test_bug_swallowed(fakerec, monkeypatch):
    monkeypatch.setattr(fakerec.backend, "get_recording", boom)
    resp = requests.get(
        "https://video.twilio.com/v1/Recordings/RT" + "0" * 32,
        auth=(fakerec.account_sid, fakerec.auth_token),
    )
    assert resp.status_code == 500
    body = resp.json()
    assert set(body) == {{"code", "message", "more_info", "status"}}
    assert body["status"] == 500
    assert body["more_info"] == "https://www.twilio.com/docs/errors/" + str(body["code"])
    with open({str(reached)!r}, "a") as f:
        f.write("requests\\n")


def test_bug_through_sdk(fakerec, monkeypatch):
    monkeypatch.setattr(fakerec.backend, "get_recording", boom)
    client = Client(fakerec.account_sid, fakerec.auth_token)
    try:
        client.video.v1.recordings("RT" + "0" * 32).fetch()
    except TwilioRestException as exc:
        assert exc.status == 500
        with open({str(reached)!r}, "a") as f:
            f.write("sdk\\n")


def test_clean(fakerec):
    client = Client(fakerec.account_sid, fakerec.auth_token)
    assert client.video.v1.recordings.list() == []
"""
    )
    result = pytester.runpytest("-p", "no:randomly", "-rA")
    outcomes = result.parseoutcomes()
    # each buggy test ends as failed or as an error at teardown; the clean one passes
    assert outcomes.get("failed", 0) + outcomes.get("errors", outcomes.get("error", 0)) == 2
    result.stdout.fnmatch_lines(["*FakeInternalError*"])
    assert sorted(reached.read_text().split()) == ["requests", "sdk"]
    assert "PASSED test_bug.py::test_clean" in result.stdout.str()


def test_a_failing_test_shows_the_fakes_transcript(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        from twilio.rest import Client


        def test_fails(fakerec):
            rec = fakerec.add_recording(status="completed", type="video")
            client = Client(fakerec.account_sid, fakerec.auth_token)
            client.video.v1.recordings(rec.sid).fetch()
            client.video.v1.recordings.list(page_size=5)
            assert False, "the test's own failure"


        def test_passes(fakerec):
            Client(fakerec.account_sid, fakerec.auth_token).video.v1.recordings.list()
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:hypothesispytest")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*fakerec transcript*",
            "#1 GET https://video.twilio.com/v1/Recordings/RT*  -> 200  *",
            '*"status": "completed"*',
            "#2 GET https://video.twilio.com/v1/Recordings?PageSize=5  -> 200  *",
        ]
    )
    assert result.stdout.str().count("fakerec transcript") == 1, "only the failing test"
