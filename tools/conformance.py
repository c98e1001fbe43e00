"""Drive ``python -m fakerec serve`` with schemathesis from Twilio's own OpenAPI document.

Usage: ``python tools/conformance.py [schemathesis run options]`` (``nox -s conformance``).
It starts the server on a free loopback port, runs every check and phase against it with the
printed credentials, stops the server, and exits with schemathesis's status.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SPEC = Path(__file__).resolve().parents[2] / "shared" / "spec" / "twilio_video_v1.json"


def main(extra: list[str]) -> int:
    if not SPEC.exists():
        print(f"Twilio's OpenAPI document is not at {SPEC}", file=sys.stderr)
        return 2
    server = subprocess.Popen(
        [sys.executable, "-m", "fakerec", "serve", "--port", "0", "--seed", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        lines = [server.stdout.readline() for _ in range(3)]
        base = lines[0].rsplit(" ", 1)[-1].strip()
        sid, token = lines[1].split()[-1], lines[2].split()[-1]
        beside = Path(sys.executable).with_name("schemathesis")
        program = str(beside) if beside.exists() else "schemathesis"
        command = [program, "run", str(SPEC), "--url", base, "-a", f"{sid}:{token}"]
        command += ["--checks", "all", "--seed", "1", "-n", "30", *extra]
        return subprocess.run(command, check=False).returncode
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
