"""``python -m fakerec tour``: a narrated walk through a recording's life (see fakerec.tour)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence


def serve(host: str, port: int, seed: str, *, rewrite_urls: bool = True) -> None:
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    from fakerec.adapters.wsgi import FakeVideoApp
    from fakerec.fake import FakeVideo

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    fake = FakeVideo(seed=int(seed) if seed.isdigit() else seed)
    app = FakeVideoApp(fake, rewrite_urls=rewrite_urls)
    with make_server(host, port, app, handler_class=QuietHandler) as server:
        base = f"http://{host}:{server.server_port}"
        print(f"fakerec serving Twilio Video at {base}", flush=True)
        print(f"  account SID: {fake.account_sid}", flush=True)
        print(f"  auth token:  {fake.auth_token}", flush=True)
        print(f"  control:     {base}/__fakerec/  (see fakerec/adapters/control.py)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fakerec", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("tour", help="walk one recording through its whole life, narrated")
    serving = commands.add_parser("serve", help="serve the fake over HTTP (WSGI) for any client")
    serving.add_argument("--host", default="127.0.0.1")
    serving.add_argument("--port", type=int, default=8765)
    serving.add_argument("--seed", default="0")
    serving.add_argument(
        "--keep-urls", action="store_true", help="leave absolute URLs on video.twilio.com"
    )
    drawing = commands.add_parser("diagram", help="print the lifecycle diagram")
    drawing.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    args = parser.parse_args(argv)
    if args.command == "serve":
        serve(args.host, args.port, args.seed, rewrite_urls=not args.keep_urls)
    if args.command == "diagram":
        from fakerec import diagram

        print(diagram.mermaid() if args.format == "mermaid" else diagram.dot(), end="")
    if args.command == "tour":
        from fakerec.tour import run_tour

        run_tour()
    return 0


if __name__ == "__main__":
    sys.exit(main())
