"""The lifecycle diagram in the README and docs/ is the model's own transition table."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from fakerec import TRANSITIONS, FakeVideo, RecordingStatus, diagram

ROOT = Path(__file__).resolve().parents[1]


def test_the_readme_diagram_is_the_transition_table() -> None:
    readme = (ROOT / "README.md").read_text()
    found = re.search(
        r"<!-- lifecycle:begin -->\n```mermaid\n(.*?)```\n<!-- lifecycle:end -->", readme, re.S
    )
    assert found, "the README lost its lifecycle block"
    assert found.group(1) == diagram.mermaid(), "regenerate: python -m fakerec diagram"


def test_the_image_source_is_the_transition_table() -> None:
    assert (ROOT / "docs" / "lifecycle.dot").read_text() == diagram.dot(), (
        "regenerate: python -m fakerec diagram --format dot > docs/lifecycle.dot && "
        "dot -Tsvg docs/lifecycle.dot -o docs/lifecycle.svg"
    )
    svg = (ROOT / "docs" / "lifecycle.svg").read_text()
    for _, event, _ in TRANSITIONS:
        assert event in svg, f"the SVG misses {event!r}"


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
def test_the_svg_is_what_dot_draws_from_the_source() -> None:
    drawn = subprocess.run(
        ["dot", "-Tsvg"], input=diagram.dot(), capture_output=True, text=True, check=True
    ).stdout
    labels = re.findall(r">([^<>]+)</text>", drawn)
    committed = re.findall(r">([^<>]+)</text>", (ROOT / "docs" / "lifecycle.svg").read_text())
    assert sorted(labels) == sorted(committed)


def test_every_transition_in_the_table_happens_in_the_fake() -> None:
    """Each edge, driven through the control plane and REST, lands where the table says."""
    fake = FakeVideo(seed="edges")
    seen: set[tuple[RecordingStatus | None, RecordingStatus]] = set()

    def recording(kind: str = "audio"):  # type: ignore[no-untyped-def]
        room = fake.create_room(record_participants_on_connect=True)
        track = room.connect("a").publish(kind)
        seen.add((None, track.recording.status))
        return room, track.recording

    def step(rec, action) -> None:  # type: ignore[no-untyped-def]
        before = rec.status
        action()
        seen.add((before, rec.status))

    room, done = recording()
    room.complete()
    step(done, lambda: fake.clock.advance(seconds=30))
    step(done, lambda: fake.backend.delete_recording(fake.account_sid, done.sid))
    step(done, lambda: fake.backend.delete_recording(fake.account_sid, done.sid))
    step(done, lambda: fake.clock.advance(days=30))
    _, broken = recording()
    step(broken, lambda: broken.fail())
    step(broken, lambda: fake.backend.delete_recording(fake.account_sid, broken.sid))
    _, early = recording()
    step(early, lambda: fake.backend.delete_recording(fake.account_sid, early.sid))
    assert seen == {(source, target) for source, _, target in TRANSITIONS}
