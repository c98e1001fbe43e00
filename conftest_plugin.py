"""fakerec's pytest plugin: the ``fakerec`` fixture and its marker.

Registered through the ``pytest11`` entry point, so installing fakerec is enough.
"""

from __future__ import annotations

from collections.abc import Iterator

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
