"""fakerec's pytest plugin: the ``fakerec`` fixture and its marker.

Registered through the ``pytest11`` entry point, so installing fakerec is enough. It loads
fakerec only when a test asks for the fixture: a session that never does pays nothing.
"""

from __future__ import annotations

import inspect
from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from fakerec import FakeVideo

#: Fixtures that patch the same methods as ``mock()``: set up first, so the fake sits on top.
BENEATH = ("httpx_mock",)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "fakerec(seed=None, processing_delay=30, start=None, clock=None, freeze_time=False, "
        "journal_limit=1000): configure the fakerec fixture's FakeVideo (keywords only)",
    )


def _options(request: pytest.FixtureRequest) -> dict[str, Any]:
    from fakerec import FakeVideo, UsageError

    marker = request.node.get_closest_marker("fakerec")
    if marker is None:
        return {}
    keywords = tuple(inspect.signature(FakeVideo).parameters)  # the marker's: FakeVideo's own
    if marker.args:
        raise UsageError(
            f"@pytest.mark.fakerec takes keywords only ({', '.join(keywords)}); "
            f"got positional {marker.args!r}"
        )
    unknown = sorted(set(marker.kwargs) - set(keywords))
    if unknown:
        raise UsageError(
            f"@pytest.mark.fakerec got unknown keyword(s) {', '.join(unknown)}; "
            f"it takes {', '.join(keywords)}"
        )
    return dict(marker.kwargs)


@pytest.fixture
def fakerec(request: pytest.FixtureRequest) -> Iterator[FakeVideo]:
    """A fresh FakeVideo inside ``mock()``, seeded from the test's node id.

    The seed follows the test, not the order or the xdist worker, so SIDs are stable. At
    teardown ``check()`` fails the test for anything that went wrong inside the fake.
    """
    from fakerec import FakeVideo

    options = _options(request)
    if options.get("seed") is None:
        options["seed"] = request.node.nodeid
    for name in BENEATH:
        if name in request.fixturenames:
            request.getfixturevalue(name)
    fake = FakeVideo(**options)
    with fake.mock():
        yield fake
    fake.check()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    """When a test that used the fixture fails, show what the fake served."""
    outcome = yield
    report = outcome.get_result()
    fake = getattr(item, "funcargs", {}).get("fakerec")
    if report.failed and fake is not None and _is_fake(fake):
        report.sections.append(("fakerec transcript", fake.transcript()))


def _is_fake(value: object) -> bool:
    from fakerec import FakeVideo

    return isinstance(value, FakeVideo)
