"""The lifecycle diagrams in the README and docs/ are the model's own transition tables."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from fakerec import TRANSITIONS, FakeVideo, RecordingStatus, diagram
from fakerec.__main__ import main
from fakerec.domain.compositions import COMPOSITION_TRANSITIONS

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


def test_the_readme_composition_diagram_is_its_transition_table() -> None:
    readme = (ROOT / "README.md").read_text()
    found = re.search(
        r"<!-- composition-lifecycle:begin -->\n```mermaid\n(.*?)```\n"
        r"<!-- composition-lifecycle:end -->",
        readme,
        re.S,
    )
    assert found, "the README lost its composition lifecycle block"
    assert found.group(1) == diagram.mermaid("compositions"), (
        "regenerate: python -m fakerec diagram --lifecycle compositions"
    )
    assert "--> enqueued: POST /v1/Compositions" in found.group(1)


def test_the_composition_image_source_is_its_transition_table() -> None:
    source = ROOT / "docs" / "composition-lifecycle.dot"
    assert source.read_text() == diagram.dot("compositions"), (
        "regenerate: python -m fakerec diagram --lifecycle compositions --format dot > "
        "docs/composition-lifecycle.dot && dot -Tsvg docs/composition-lifecycle.dot "
        "-o docs/composition-lifecycle.svg"
    )
    svg = html.unescape((ROOT / "docs" / "composition-lifecycle.svg").read_text())
    for _, event, _ in COMPOSITION_TRANSITIONS:
        assert event in svg, f"the SVG misses {event!r}"


def test_the_command_line_draws_either_lifecycle(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagram", "--lifecycle", "compositions"]) == 0
    assert capsys.readouterr().out == diagram.mermaid("compositions")
    assert main(["diagram", "--format", "dot"]) == 0
    assert capsys.readouterr().out == diagram.dot()
    assert diagram.mermaid("compositions") != diagram.mermaid()


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
@pytest.mark.parametrize(
    ("lifecycle", "image"),
    [("recordings", "lifecycle.svg"), ("compositions", "composition-lifecycle.svg")],
)
def test_the_svg_is_what_dot_draws_from_the_source(lifecycle: str, image: str) -> None:
    drawn = subprocess.run(
        ["dot", "-Tsvg"], input=diagram.dot(lifecycle), capture_output=True, text=True, check=True
    ).stdout
    labels = re.findall(r">([^<>]+)</text>", drawn)
    committed = re.findall(r">([^<>]+)</text>", (ROOT / "docs" / image).read_text())
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
