"""fakerec's pytest plugin: the ``fakerec`` fixture and its marker.

Registered through the ``pytest11`` entry point, so installing fakerec is enough.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Any

import pytest

from fakerec import FakeVideo


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "fakerec(seed=None, processing_delay=30, start=None, clock=None): "
        "configure the fakerec fixture's FakeVideo",
    )


@pytest.fixture
def fakerec(request: pytest.FixtureRequest) -> Iterator[FakeVideo]:
    """A fresh FakeVideo inside ``mock()``, seeded from the test's node id.

    The seed follows the test, not the order or the xdist worker, so SIDs are stable.
    """
    marker = request.node.get_closest_marker("fakerec")
    options = dict(marker.kwargs) if marker else {}
    if options.get("seed") is None:
        options["seed"] = request.node.nodeid
    fake = FakeVideo(**options)
    with fake.mock():
        yield fake


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    """When a test that used the fixture fails, show what the fake served."""
    outcome = yield
    report = outcome.get_result()
    fake = getattr(item, "funcargs", {}).get("fakerec")
    if report.failed and isinstance(fake, FakeVideo):
        report.sections.append(("fakerec transcript", fake.transcript()))
