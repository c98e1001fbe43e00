"""The README's performance table states the targets of benchmarks/targets.py, the one place
they are written (bench.py decides "targets missed" from the same table). Nothing here runs the
benchmark."""

from __future__ import annotations

import dataclasses
import importlib.util
import re
import string
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up there, and report imports targets by that name
    module = sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module


targets = _load("targets")
report = _load("report")
WITH_TARGET = [measure for measure in targets.MEASURES if measure.op is not None]


def _table_lines(text: str) -> list[str]:
    begin, end = text.index(report.README_BEGIN), text.index(report.README_END)
    return [line for line in text[begin:end].splitlines() if line.startswith("|")]


def _label_pattern(template: str) -> re.Pattern[str]:
    """A README label, whatever the sizes it was written with."""
    parts = []
    for literal, field, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if field is not None:
            parts.append(r"[\d,]+")
    return re.compile("".join(parts))


def disagreements(text: str, measures: tuple[Any, ...] | None = None) -> list[str]:
    """Where the README's generated table disagrees with the targets table: a measure missing,
    extra or out of order, or a target stated otherwise. [] when they agree."""
    measures = targets.MEASURES if measures is None else measures
    lines = _table_lines(text)
    if tuple(lines[:2]) != report.README_HEADER:
        return [f"the table's header is {lines[:2]}"]
    body = lines[2:]
    problems = []
    if len(body) != len(measures):
        problems.append(f"{len(body)} rows for {len(measures)} measures")
    for line, measure in zip(body, measures):
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != len(report.README_HEADER[0].strip("|").split("|")):
            problems.append(f"{measure.key}: {len(cells)} cells in {line!r}")
            continue
        if not _label_pattern(measure.readme).fullmatch(cells[0]):
            problems.append(f"{measure.key}: row {cells[0]!r}")
        if cells[3] != measure.target():
            problems.append(
                f"{measure.key}: README says {cells[3]!r}, targets.py {measure.target()!r}"
            )
    return problems


def test_readme_table_states_the_targets() -> None:
    text = README.read_text(encoding="utf-8")
    assert text.count(report.README_BEGIN) == 1 and text.count(report.README_END) == 1
    assert disagreements(text) == []


@pytest.mark.parametrize("measure", WITH_TARGET, ids=lambda measure: measure.key)
def test_a_threshold_edited_in_the_readme_is_caught(measure: Any) -> None:
    text = README.read_text(encoding="utf-8")
    row = _table_lines(text)[2 + targets.MEASURES.index(measure)]
    cells = row.split(" | ")
    stated = measure.target()
    assert cells[3] == stated
    cells[3] = re.sub(r"\d", "9", stated, count=1)
    edited = " | ".join(cells)
    assert edited != row
    problems = disagreements(text.replace(row, edited))
    assert [problem.split(":")[0] for problem in problems] == [measure.key]


def test_a_target_changed_without_rewriting_the_readme_is_caught() -> None:
    text = README.read_text(encoding="utf-8")
    changed = tuple(
        dataclasses.replace(measure, threshold=measure.threshold * 2)
        if measure.key == "fetch_mock"
        else measure
        for measure in targets.MEASURES
    )
    assert disagreements(text, changed) == [
        "fetch_mock: README says '<= 1.05', targets.py '<= 2.1'"
    ]
    dropped = tuple(measure for measure in targets.MEASURES if measure.key != "memory")
    count = len(targets.MEASURES)
    assert f"{count} rows for {count - 1} measures" in disagreements(text, dropped)


def _figures(**overrides: Any) -> dict[str, Any]:
    """A figure for every measure and every ratio's denominator; all targets met."""
    keys = [m.key for m in targets.MEASURES] + [m.ratio_to for m in targets.MEASURES if m.ratio_to]
    figures: dict[str, Any] = dict.fromkeys(keys, 1e-4)
    figures.update(
        {
            "fetch_direct": 1e-5,
            "journal": 0.0,
            "serve_connections": 0.01,
            "serve_memory": 2.0,
            "seeding": 60_000.0,
            "memory": 1_500.0,
            "fixture": 5e-5,
            "import": 0.03,
            **overrides,
        }
    )
    return figures


SIZES = {
    name: "1,000"
    for name in (
        "small", "large", "poll_small", "poll_large", "comp_large", "del_small", "del_large",
        "k_small", "k_large", "journal_from", "journal", "serve_from", "serve", "seeded",
    )
}  # fmt: skip


def test_a_generated_table_agrees_and_missed_targets_are_found() -> None:
    rows = targets.evaluate(_figures())
    assert targets.missed(rows) == []
    block = "\n".join([report.README_BEGIN, *report.readme_table(rows, SIZES), report.README_END])
    assert disagreements(block) == []

    slow = targets.evaluate(
        _figures(fetch_mock=1.06e-4, list_grouped=1.6e-4, seeding=49_999.0, fixture=1.01e-4)
    )
    assert [row.measure.key for row in targets.missed(slow)] == [
        "fetch_mock",
        "list_grouped",
        "seeding",
        "fixture",
    ]
    console = "\n".join(report.console_lines(slow, SIZES))
    assert "list GroupingSid (500 in room), 1st page, 1,000 -> 1,000 stored" in console
    assert ">= 50,000/s" in console and "<= 2,048 B" in console and "<= 0.1 ms" in console
    assert console.count("MISSED") == 4


def test_a_figure_stopped_at_its_budget_meets_no_target() -> None:
    """A lower bound below the target proves nothing; above it, the target is missed."""
    for per_recording in (1e-6, 1e-3):
        bounded = targets.Figure(per_recording, "1 advance", at_least=True)
        rows = targets.evaluate(_figures(purge_bulk=bounded))
        assert [row.measure.key for row in targets.missed(rows)] == ["purge_bulk"]
    (row,) = [row for row in rows if row.measure.key == "purge_bulk"]
    assert report.readme_table([row], SIZES)[-1].startswith(
        "| one `clock.advance` purging K deleted recordings, per recording, K = 1,000 → 1,000 "
        "| 100 µs → > 1,000 µs | > 10.00 | <= 1.5 | **no** |"
    )
    unknown = targets.evaluate(_figures(**{"purge_bulk@small": bounded}))
    assert [row.ratio for row in unknown if row.measure.key == "purge_bulk"] != [10.0]
    assert [row.measure.key for row in targets.missed(unknown)] == ["purge_bulk"]
