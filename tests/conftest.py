import os

import pytest
from hypothesis import HealthCheck, settings
from twilio.rest import Client

from fakerec import FakeVideo

pytest_plugins = ["pytester"]

# The helper modules hold asserts that used to live in test modules: pytest rewrites them too
# (registered before anything imports them), so a failure still shows the values compared.
pytest.register_assert_rewrite("_support", "fuzz_world", "fuzz_values", "fuzz_requests")

from _support import sdk_client  # noqa: E402

# Two profiles for the property tests. "default" fits the 5-minute CI budget and is
# derandomized (the same examples every run: the default test run is deterministic); "thorough"
# is random and opt-in: pytest tests/test_stateful.py --hypothesis-profile=thorough
settings.register_profile(
    "default",
    max_examples=30,
    stateful_step_count=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    max_examples=300,
    stateful_step_count=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("FAKEREC_HYPOTHESIS_PROFILE", "default"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "fake(**options): the FakeVideo keywords (seed, processing_delay, start, ...) of the "
        "suite's `fake` fixture; a module sets its own with pytestmark",
    )


@pytest.fixture
def fake(request: pytest.FixtureRequest) -> FakeVideo:
    """A fresh FakeVideo (not mocked) built from the closest ``@pytest.mark.fake(...)``.

    Each module that uses it names its own options, seed included, in ``pytestmark``: SIDs are
    compared in places, so a module's seed is part of what it tests. No marker: FakeVideo().
    """
    marker = request.node.get_closest_marker("fake")
    return FakeVideo(**(marker.kwargs if marker is not None else {}))


@pytest.fixture
def client(fake: FakeVideo) -> Client:
    """The twilio SDK on ``fake.http_client()`` (test_sdk_* override it with their own)."""
    return sdk_client(fake)
