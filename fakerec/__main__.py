"""``python -m fakerec tour``: a narrated walk through a recording's life (see fakerec.tour)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fakerec", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("tour", help="walk one recording through its whole life, narrated")
    drawing = commands.add_parser("diagram", help="print the lifecycle diagram")
    drawing.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    args = parser.parse_args(argv)
    if args.command == "diagram":
        from fakerec import diagram

        print(diagram.mermaid() if args.format == "mermaid" else diagram.dot(), end="")
    if args.command == "tour":
        from fakerec.tour import run_tour

        run_tour()
    return 0


if __name__ == "__main__":
    sys.exit(main())
