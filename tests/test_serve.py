"""Server mode: the same fake over real HTTP on loopback, driven by requests and curl."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator

import pytest
import requests


@pytest.fixture(scope="module")
def server() -> Iterator[dict[str, str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "fakerec", "serve", "--port", "0", "--seed", "7"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(4)]
        base = lines[0].rsplit(" ", 1)[-1].strip()
        info = {
            "base": base,
            "sid": lines[1].split()[-1],
            "token": lines[2].split()[-1],
        }
        assert base.startswith("http://127.0.0.1:"), lines
        yield info
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_printed_credentials_are_the_fakes(server: dict[str, str]) -> None:
    import fakerec

    assert server["sid"] == fakerec.FakeVideo(seed=7).account_sid
    got = requests.get(f"{server['base']}/__fakerec/credentials", timeout=5).json()
    assert got == {"account_sid": server["sid"], "auth_token": server["token"]}


def test_a_whole_lifecycle_over_real_http(server: dict[str, str]) -> None:
    base, auth = server["base"], (server["sid"], server["token"])
    control = f"{base}/__fakerec"
    room = requests.post(
        f"{control}/rooms",
        json={"unique_name": "http-room", "record_participants_on_connect": True},
        timeout=5,
    ).json()
    alice = requests.post(
        f"{control}/rooms/{room['sid']}/participants", json={"identity": "alice"}, timeout=5
    ).json()
    track = requests.post(
        f"{control}/participants/{alice['sid']}/tracks", json={"kind": "audio"}, timeout=5
    ).json()
    rec_sid = track["recording_sid"]
    assert rec_sid.startswith("RT")
    fetched = requests.get(f"{base}/v1/Recordings/{rec_sid}", auth=auth, timeout=5).json()
    assert fetched["status"] == "processing"
    assert fetched["url"] == f"{base}/v1/Recordings/{rec_sid}", "absolute URLs point here"

    requests.post(f"{control}/clock/advance", json={"seconds": 20}, timeout=5)
    requests.post(f"{control}/rooms/{room['sid']}/complete", timeout=5)
    requests.post(f"{control}/clock/advance", json={"seconds": 30}, timeout=5)
    fetched = requests.get(f"{base}/v1/Recordings/{rec_sid}", auth=auth, timeout=5).json()
    assert (fetched["status"], fetched["duration"]) == ("completed", 20)

    media = requests.get(f"{base}/v1/Recordings/{rec_sid}/Media", auth=auth, timeout=5)
    assert media.status_code == 200 and media.history[0].status_code == 302
    assert media.history[0].headers["Location"].startswith(f"{base}/__media/")
    assert media.headers["Content-Type"] == "audio/x-matroska"
    assert media.content[:4] == b"\x1a\x45\xdf\xa3"

    assert (
        requests.delete(f"{base}/v1/Recordings/{rec_sid}", auth=auth, timeout=5).status_code == 204
    )
    transcript = requests.get(f"{control}/requests", timeout=5).text
    assert f"DELETE https://video.twilio.com/v1/Recordings/{rec_sid}  -> 204" in transcript


def test_paging_links_lead_back_to_the_server(server: dict[str, str]) -> None:
    base, auth = server["base"], (server["sid"], server["token"])
    for _ in range(5):
        requests.post(f"{base}/__fakerec/recordings", json={"type": "video"}, timeout=5)
    url: str | None = f"{base}/v1/Recordings?PageSize=2"
    seen: list[str] = []
    while url:
        page = requests.get(url, auth=auth, timeout=5).json()
        seen += [r["sid"] for r in page["recordings"]]
        url = page["meta"]["next_page_url"]
        assert url is None or url.startswith(base)
    assert len(seen) == len(set(seen)) >= 5


def test_errors_and_injected_faults_over_http(server: dict[str, str]) -> None:
    base, auth = server["base"], (server["sid"], server["token"])
    assert requests.get(f"{base}/v1/Recordings", timeout=5).status_code == 401
    wrong = requests.post(f"{base}/v1/Recordings", auth=auth, timeout=5)
    assert wrong.status_code == 405 and wrong.json()["code"] == 20004
    requests.post(
        f"{base}/__fakerec/faults",
        json={"route": "GET /v1/Recordings", "status": 429, "retry_after": 2},
        timeout=5,
    )
    throttled = requests.get(f"{base}/v1/Recordings", auth=auth, timeout=5)
    assert throttled.status_code == 429 and throttled.headers["Retry-After"] == "2"
    assert requests.get(f"{base}/v1/Recordings", auth=auth, timeout=5).status_code == 200
    bad = requests.post(f"{base}/__fakerec/rooms/RMnope/complete", timeout=5)
    assert bad.status_code == 400 and bad.json()["error"] == "UsageError"


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_speaks_to_it(server: dict[str, str]) -> None:
    done = subprocess.run(
        ["curl", "-s", "-u", f"{server['sid']}:{server['token']}", f"{server['base']}/v1/Rooms"],
        capture_output=True,
        text=True,
        timeout=20,
        check=True,
    )
    assert '"key": "rooms"' in done.stdout


def test_check_over_http_names_what_went_wrong_then_forgets(server: dict[str, str]) -> None:
    control = f"{server['base']}/__fakerec"
    assert requests.post(f"{control}/check", timeout=5).json() == {"ok": True}
    fault = {"route": "DELETE /v1/Rooms/*", "status": 503}
    assert requests.post(f"{control}/faults", json=fault, timeout=5).status_code == 201
    answer = requests.post(f"{control}/check", timeout=5)
    assert answer.status_code == 409
    assert answer.json()["error"] == "UnfiredFaultError"
    assert "DELETE /v1/Rooms/*" in answer.json()["message"]
    assert requests.post(f"{control}/check", timeout=5).status_code == 200


def test_every_answer_is_dated_now_in_http_date_form(server: dict[str, str]) -> None:
    """The Date header is kept a second at a time: it must still be the current second."""
    import time
    from email.utils import parsedate_to_datetime

    for attempt in range(2):
        before = int(time.time())
        answer = requests.get(f"{server['base']}/__fakerec/credentials", timeout=5)
        after = time.time()
        dated = parsedate_to_datetime(answer.headers["Date"])
        assert answer.headers["Date"].endswith(" GMT")
        assert before <= dated.timestamp() <= after
        if not attempt:
            time.sleep(1.1)  # the next answer is in a later second: a stale Date would show
