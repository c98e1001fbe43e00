"""The fake over real HTTP, for any client in any language: ``python -m fakerec serve``.

It sits above ``FakeVideo``: the WSGI app (``app``) hands Twilio's paths to the fake's one
dispatcher and ``/__fakerec/`` to the control endpoints (``control``).
"""

from __future__ import annotations

import contextlib

from fakerec.fake import FakeVideo
from fakerec.server.app import FakeVideoApp
from fakerec.server.http import FakeVideoServer

__all__ = ["FakeVideoApp", "FakeVideoServer", "serve"]


def serve(host: str, port: int, seed: str, *, rewrite_urls: bool = True) -> None:
    """Serve a new fake until interrupted, after printing where and with which credentials."""
    fake = FakeVideo(seed=int(seed) if seed.isdigit() else seed)
    app = FakeVideoApp(fake, rewrite_urls=rewrite_urls)
    with FakeVideoServer(host, port, app) as server:
        base = server.base_url
        print(f"fakerec serving Twilio Video at {base}", flush=True)
        print(f"  account SID: {fake.account_sid}", flush=True)
        print(f"  auth token:  {fake.auth_token}", flush=True)
        print(f"  control:     {base}/__fakerec/  (see fakerec/server/control.py)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
