"""fakerec's command line: ``python -m fakerec {tour,serve,diagram}``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

DESCRIPTION = "A stateful fake of Twilio Programmable Video's Recordings API."
COMMANDS = {
    "tour": "walk one recording through its whole life, then a room through a composition "
    "hook to a downloaded MP4, printing every HTTP exchange and what it changed "
    "(deterministic: the same text every run)",
    "serve": "serve a fake over HTTP on this machine for any client, printing its credentials; "
    "control endpoints under /__fakerec/ drive rooms, tracks, the clock and faults",
    "diagram": "print the recording (or composition) lifecycle diagram, drawn from the "
    "transition table",
}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m fakerec", description=DESCRIPTION)
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("tour", help=COMMANDS["tour"], description=COMMANDS["tour"])
    serving = commands.add_parser("serve", help=COMMANDS["serve"], description=COMMANDS["serve"])
    serving.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serving.add_argument("--port", type=int, default=8765, help="port (0: any free one)")
    serving.add_argument("--seed", default="0", help="the fake's seed: same seed, same SIDs")
    serving.add_argument(
        "--keep-urls", action="store_true", help="leave absolute URLs on video.twilio.com"
    )
    drawing = commands.add_parser(
        "diagram", help=COMMANDS["diagram"], description=COMMANDS["diagram"]
    )
    drawing.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    drawing.add_argument(
        "--lifecycle", choices=("recordings", "compositions"), default="recordings"
    )
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "serve":
        from fakerec.server import serve

        serve(args.host, args.port, args.seed, rewrite_urls=not args.keep_urls)
    elif args.command == "diagram":
        from fakerec import diagram

        draw = diagram.mermaid if args.format == "mermaid" else diagram.dot
        print(draw(args.lifecycle), end="")
    else:
        from fakerec.tour import run_tour

        run_tour()
    return 0


if __name__ == "__main__":
    sys.exit(main())
