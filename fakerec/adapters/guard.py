"""The last line before the network: no lookup or connection for a host that must not be reached.

Inside ``mock()`` the public ``socket.getaddrinfo`` refuses Twilio's hosts, so a request that no
adapter answered (a Twilio host the fake does not serve, a client fakerec does not intercept)
fails at once with the client library's own "cannot resolve" error, naming fakerec and the
host, and nothing is sent. With ``passthrough=False`` every host but loopback is refused.

A proxy hides the host from lookups (the client resolves the proxy and sends it ``CONNECT``), so
the adapters also *seal* what they hand on for such a URL: while a user's mock may still answer
it, ``socket.socket.connect`` refuses every connection made for it, loopback proxies included.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from contextvars import ContextVar
from typing import Any, Callable

from fakerec.adapters.patching import Patch
from fakerec.api import hosts
from fakerec.errors import no_network

#: Set on the installed ``getaddrinfo`` replacement: the fake whose ``mock()`` is active.
OWNER_ATTRIBUTE = "fakerec_owner"


def active_owner() -> object | None:
    """The fake whose ``mock()`` currently guards this process, if any."""
    return getattr(socket.getaddrinfo, OWNER_ATTRIBUTE, None)


def _is_loopback(host: str) -> bool:
    if host in ("", "localhost") or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def refusal(host: str, passthrough: bool) -> str | None:
    """Why a lookup of ``host`` must not happen inside ``mock()``, or None."""
    if hosts.answers_host(host):
        return (
            "fakerec answers this host, but not for this client (it catches requests, "
            "httpx, aiohttp and urllib)"
        )
    if hosts.is_twilio_host(host):
        return "it is a Twilio host this fake does not answer, and no mock of yours answered it"
    if not passthrough and not _is_loopback(host):
        return "mock(passthrough=False) lets no request reach the network"
    return None


def _text(host: Any) -> str:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    return str(host or "").lower().rstrip(".")


class Seal:
    """``seal(url)``: a block within which nothing may connect on behalf of ``url``, when the
    URL is one that must not reach the network; else a block that changes nothing."""

    def __init__(self, passthrough: bool) -> None:
        self.passthrough = passthrough
        #: Why connections are refused in this context (thread or task), or None.
        self.reason: ContextVar[str | None] = ContextVar("fakerec_sealed", default=None)

    def needed(self, url: str) -> bool:
        return refusal(hosts.hostname_of(url), self.passthrough) is not None

    def __call__(self, url: str) -> AbstractContextManager[str | None]:
        """The block yields why it is sealed (None when it is not)."""
        host = hosts.hostname_of(url)
        why = refusal(host, self.passthrough)
        return nullcontext() if why is None else self._sealed(no_network(host, why))

    @contextmanager
    def _sealed(self, message: str) -> Iterator[str | None]:
        token = self.reason.set(message)
        try:
            yield message
        finally:
            self.reason.reset(token)


@contextmanager
def guard(owner: object, passthrough: bool) -> Iterator[Seal]:
    """Refuse lookups (and connections) that must not happen; yields the adapters' seal."""
    seal = Seal(passthrough)

    def build_getaddrinfo(real: Callable[..., Any], patch: Patch) -> Callable[..., Any]:
        def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
            if patch.active:
                name = _text(host)
                sealed = seal.reason.get()  # a lookup made for a sealed URL: a proxy's, say
                reason = refusal(name, passthrough)
                if sealed is not None:
                    raise socket.gaierror(socket.EAI_NONAME, sealed)
                if reason is not None:
                    raise socket.gaierror(socket.EAI_NONAME, no_network(name, reason))
            return real(host, port, *args, **kwargs)

        setattr(getaddrinfo, OWNER_ATTRIBUTE, owner)
        return getaddrinfo

    def build_connect(real: Callable[..., Any], patch: Patch) -> Callable[..., Any]:
        def connect(sock: socket.socket, address: Any) -> Any:
            if patch.active and sock.family in (socket.AF_INET, socket.AF_INET6):
                sealed = seal.reason.get()
                host = _text(address[0])
                if sealed is None and not passthrough and not _is_loopback(host):
                    sealed = no_network(host, refusal(host, False) or "")
                if sealed is not None:
                    raise ConnectionRefusedError(errno.ECONNREFUSED, sealed)
            return real(sock, address)

        return connect

    patches = [
        Patch(socket, "getaddrinfo", build_getaddrinfo),
        Patch(socket.socket, "connect", build_connect),
    ]
    try:
        yield seal
    finally:
        for patch in reversed(patches):
            patch.undo()
