"""The tour: deterministic, complete, and runnable as the README says."""

from __future__ import annotations

import re
import subprocess
import sys

from fakerec.api import Exchange
from fakerec.fake import FakeVideo
from fakerec.tour import run_tour
from fakerec.transcript import abridge, format_transcript


def _tour() -> str:
    lines: list[str] = []
    run_tour(lines.append)
    return "\n".join(lines)


def test_the_tour_reads_the_same_every_time() -> None:
    assert _tour() == _tour()


def test_the_tour_walks_the_whole_lifecycle() -> None:
    text = _tour()
    statuses = re.findall(r"^#\d+ (\w+) \S+  -> (\d+)", text, flags=re.MULTILINE)
    assert ("POST", "201") in statuses and ("POST", "202") in statuses
    assert ("DELETE", "204") in statuses
    assert [code for _, code in statuses].count("302") == 1
    assert {"200", "400", "401", "404"} <= {code for _, code in statuses}
    assert "processing -> completed (duration 300 s, size 1200000 B)" in text
    assert "completed -> deleted" in text and "deleted -> purged" in text
    assert "bytes of audio/x-matroska>" in text
    assert len(re.findall(r"PageToken=", text)) >= 3, "paged through next_page_url"


def test_python_dash_m_fakerec_tour_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "fakerec", "tour"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == _tour().strip()


def test_abridge_keeps_the_telling_fields_and_counts_the_rest() -> None:
    resource = {f"field{i}": i for i in range(10)} | {"sid": "RT1", "status": "completed"}
    assert abridge(resource) == {"sid": "RT1", "status": "completed", "…": "10 more fields"}
    assert abridge(list(range(5))) == [0, 1, "… 3 more"]
    assert abridge("x" * 100) == "x" * 63 + "…"


def test_transcript_of_a_fake() -> None:
    fake = FakeVideo(seed="transcript")
    assert fake.transcript() == "(no requests reached the fake)"
    rec = fake.add_recording()
    client_answer = fake.dispatch("GET", f"https://video.twilio.com/v1/Recordings/{rec.sid}", {})
    assert client_answer.status == 401
    text = format_transcript(fake.requests)
    assert text.startswith(f"#1 GET https://video.twilio.com/v1/Recordings/{rec.sid}  -> 401  [")
    assert '"code": 20003' in text
    assert isinstance(fake.requests[0], Exchange) and fake.transcript() == text
