"""The README's examples run as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.DOTALL)


def test_quick_start_test_passes_under_pytest(pytester: pytest.Pytester) -> None:
    quick_start = _python_blocks()[0]
    assert "def test_" in quick_start and "fakerec" in quick_start
    pytester.makepyfile(test_quick_start=quick_start)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_standalone_example_runs() -> None:
    example = _python_blocks()[1]
    namespace: dict[str, object] = {}
    exec(compile(example, str(README), "exec"), namespace)
    fake = namespace["fake"]
    assert [exchange.status for exchange in fake.requests] == [200, 200]  # type: ignore[attr-defined]
