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


@pytest.mark.parametrize(
    "title",
    [
        "A media download job that retries",
        "A retention job",
        "A webhook handler",
        "Compose when the room ends",
    ],
)
def test_recipes_pass_under_pytest(pytester: pytest.Pytester, title: str) -> None:
    text = README.read_text()
    section = text[text.index(f"### {title}") :]
    recipe = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)[0]
    assert "def test_" in recipe
    pytester.makepyfile(test_recipe=recipe)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_the_composition_recipe_fails_a_second_early(pytester: pytest.Pytester) -> None:
    """The recipe waits exactly the decided stages (5 s enqueued, 12 s processing a 2-minute
    room); a second less and the composition is not completed, so the download finds nothing."""
    text = README.read_text()
    section = text[text.index("### Compose when the room ends") :]
    recipe = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)[0]
    early = recipe.replace("advance(seconds=17)", "advance(seconds=16)")
    assert early != recipe
    pytester.makepyfile(test_recipe=early)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*not enough values to unpack*"])


def test_standalone_example_runs() -> None:
    example = _python_blocks()[1]
    namespace: dict[str, object] = {}
    exec(compile(example, str(README), "exec"), namespace)
    fake = namespace["fake"]
    assert [exchange.status for exchange in fake.requests] == [200, 200]  # type: ignore[attr-defined]


DOWNSTREAM_CONFTEST = """
from hypothesis import settings

settings.register_profile(
    "ci", max_examples=15, stateful_step_count=20, deadline=None, derandomize=True
)
settings.load_profile("ci")
"""

# Replays, step by step, a history in which a broken job must be caught.
BROKEN_JOB_REPLAY = """

def test_a_job_that_forgets_later_pages_is_caught():
    import pytest

    state = RetentionJob()
    try:
        for _ in range(3):
            fields = {"type": "audio", "status": "completed", "duration": 5, "codec": "OPUS"}
            state.seed(account=0, fields=fields)
            state.contract_holds()
        state.advance_days(days=2)
        with pytest.raises(AssertionError, match="the job left"):
            state.run_retention_job(days=1)
    finally:
        state.teardown()
"""


def test_downstream_state_machine_example_runs_and_can_fail(pytester: pytest.Pytester) -> None:
    """The README's retention-job example, as a downstream project would run it; then with the
    job broken (it reads only the first page), which the machine's check must catch."""
    example = next(block for block in _python_blocks() if "RecordingsStateMachine" in block)
    pytester.makeconftest(DOWNSTREAM_CONFTEST)
    pytester.makepyfile(test_retention=example)
    pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)

    broken = example.replace(
        'for rec in client.video.v1.recordings.stream(status="completed", '
        "date_created_before=cutoff):",
        'for rec in client.video.v1.recordings.list(status="completed", '
        "date_created_before=cutoff, page_size=1, limit=1):",
    )
    assert broken != example
    pytester.makepyfile(test_retention=broken + BROKEN_JOB_REPLAY)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-k", "forgets")
    result.assert_outcomes(passed=1)  # the replay saw the broken job caught
    pytester.makepyfile(test_retention=example + BROKEN_JOB_REPLAY)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-k", "forgets")
    result.assert_outcomes(failed=1)  # and the correct job is not


# A recording made in the cutoff's own second, half a second before it, must go too.
SUBSECOND_REPLAY = """

def test_a_recording_from_the_cutoffs_own_second_is_deleted():
    state = RetentionJob()
    try:
        state.advance_seconds(tenths=5)
        fields = {"type": "audio", "status": "completed", "duration": 5, "codec": "OPUS"}
        state.seed(account=0, fields=fields)
        state.advance_days(days=1)
        state.run_retention_job(days=1)
    finally:
        state.teardown()
"""


def test_downstream_example_is_right_on_sub_second_clocks(pytester: pytest.Pytester) -> None:
    """The example's job rounds its cutoff up to Twilio's whole seconds; without that, the
    machine (on the fake's clock, through freeze_time) catches it leaving a recording."""
    example = next(block for block in _python_blocks() if "RecordingsStateMachine" in block)
    rounding = (
        "    if cutoff.microsecond:\n"
        "        cutoff = cutoff.replace(microsecond=0) + timedelta(seconds=1)\n"
    )
    assert rounding in example
    pytester.makeconftest(DOWNSTREAM_CONFTEST)
    pytester.makepyfile(test_retention=example + SUBSECOND_REPLAY)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-k", "own_second")
    result.assert_outcomes(passed=1)
    pytester.makepyfile(test_retention=example.replace(rounding, "") + SUBSECOND_REPLAY)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-k", "own_second")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*the job left*"])
