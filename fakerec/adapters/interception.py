"""``mock()``: every client library that is installed, caught at once, and always let go.

Each library's adapter patches one public method for the length of the block (see its module);
the network guard stops whatever no adapter answered before it reaches a socket. One fake
answers at a time: the guard names the fake whose ``mock()`` is active.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from fakerec.adapters import guard
from fakerec.api import Dispatcher
from fakerec.errors import two_fakes

#: (client library, fakerec's adapter module for it); libraries not installed are skipped.
ADAPTERS = (
    ("requests", "fakerec.adapters.requests_adapter"),
    ("httpx", "fakerec.adapters.httpx_adapter"),
    ("aiohttp", "fakerec.adapters.aiohttp_adapter"),
    ("urllib", "fakerec.adapters.urllib_adapter"),
)


def installed(library: str) -> bool:
    return importlib.util.find_spec(library) is not None


@contextmanager
def intercept(owner: object, dispatch: Dispatcher, passthrough: bool) -> Iterator[None]:
    """While inside, ``dispatch`` answers Twilio Video for every installed client library."""
    active = guard.active_owner()
    if active is not None:
        raise two_fakes(active, owner)
    with ExitStack() as stack:
        seal = stack.enter_context(guard.guard(owner, passthrough))
        for library, adapter in ADAPTERS:
            if installed(library):
                stack.enter_context(importlib.import_module(adapter).intercept(dispatch, seal))
        yield
