"""The README's performance table states the targets of benchmarks/targets.py, the one place
they are written (bench.py decides "targets missed" from the same table). Nothing here runs the
benchmark."""

from __future__ import annotations

import dataclasses
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def _load_targets() -> ModuleType:
    spec = importlib.util.spec_from_file_location("targets", ROOT / "benchmarks" / "targets.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("targets", module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


targets = _load_targets()
WITH_TARGET = [measure for measure in targets.MEASURES if measure.op is not None]


def _table_lines(text: str) -> list[str]:
    begin, end = text.index(targets.README_BEGIN), text.index(targets.README_END)
    return [line for line in text[begin:end].splitlines() if line.startswith("|")]


def _label_pattern(template: str) -> re.Pattern[str]:
    """A README label, whatever the store sizes it was written with."""
    marked = template.format(small="SIZE", large="SIZE", seeded="SIZE")
    return re.compile(re.escape(marked).replace("SIZE", r"[\d,]+"))


def disagreements(text: str, measures: tuple[Any, ...] | None = None) -> list[str]:
    """Where the README's generated table disagrees with the targets table: a measure missing,
    extra or out of order, or a target stated otherwise. [] when they agree."""
    measures = targets.MEASURES if measures is None else measures
    lines = _table_lines(text)
    if tuple(lines[:2]) != targets.README_HEADER:
        return [f"the table's header is {lines[:2]}"]
    body = lines[2:]
    problems = []
    if len(body) != len(measures):
        problems.append(f"{len(body)} rows for {len(measures)} measures")
    for line, measure in zip(body, measures):
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4:
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
    assert text.count(targets.README_BEGIN) == 1 and text.count(targets.README_END) == 1
    assert disagreements(text) == []


@pytest.mark.parametrize("measure", WITH_TARGET, ids=lambda measure: measure.key)
def test_a_threshold_edited_in_the_readme_is_caught(measure: Any) -> None:
    text = README.read_text(encoding="utf-8")
    row = _table_lines(text)[2 + targets.MEASURES.index(measure)]
    stated = measure.target()
    assert row.endswith(f"| {stated} |")
    edited = row[: -len(f"{stated} |")] + re.sub(r"\d", "9", stated, count=1) + " |"
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
    assert "13 rows for 12 measures" in disagreements(text, dropped)


def _figures(**overrides: float) -> dict[str, float]:
    figures = {measure.key: 1e-4 for measure in targets.MEASURES}
    figures.update({"fetch_direct": 1e-5, "seeding": 60_000.0, "memory": 1_500.0, **overrides})
    return figures


SIZES = {"small": "1,000", "large": "100,000", "seeded": "100,000"}


def test_a_generated_table_agrees_and_missed_targets_are_found() -> None:
    rows = targets.evaluate(_figures())
    assert targets.missed(rows) == []
    block = "\n".join(
        [targets.README_BEGIN, *targets.readme_table(rows, SIZES), targets.README_END]
    )
    assert disagreements(block) == []

    slow = targets.evaluate(
        _figures(fetch_mock=1.06e-4, list_grouped_large=1.6e-4, seeding=49_999.0, fixture=1.01e-3)
    )
    assert [row.measure.key for row in targets.missed(slow)] == [
        "fetch_mock",
        "list_grouped_large",
        "seeding",
        "fixture",
    ]
    console = "\n".join(targets.console_lines(slow, SIZES))
    assert "list GroupingSid (room), 1 page, 100,000 stored" in console
    assert ">= 50,000/s" in console and "<= 2,048 B" in console and "<= 1 ms" in console
