"""Mutation score per module from mutmut's results (run after `mutmut run`; `nox -s mutate`).

Reads `mutmut results --all true`, leaves out the mutants named in `equivalent_mutants.txt`
(they cannot be killed: they do not change behaviour) and prints killed / total per module of
`[tool.mutmut] only_mutate`. Exit 1 when a module scores under 90 % or has no results.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENT = Path(__file__).with_name("equivalent_mutants.txt")
THRESHOLD = 90.0
#: Statuses that count as killed (mutmut's own badge counts timeouts too).
KILLED = {"killed", "timeout", "caught by type check"}


def modules() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
    return [path.removesuffix(".py").replace("/", ".") for path in config["only_mutate"]]


def equivalent() -> set[str]:
    lines = EQUIVALENT.read_text().splitlines() if EQUIVALENT.exists() else []
    return {name for line in lines if (name := line.split("#", 1)[0].strip())}


def results() -> dict[str, str]:
    mutmut = shutil.which("mutmut", path=str(Path(sys.executable).parent)) or "mutmut"
    out = subprocess.run(
        [mutmut, "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    pairs = (line.strip().rsplit(": ", 1) for line in out.splitlines() if ": " in line)
    return {name: status for name, status in pairs}


def main() -> int:
    skip = equivalent()
    statuses = results()
    failed = False
    for module in modules():
        mine = {n: s for n, s in statuses.items() if n.startswith(module + ".")}
        counted = Counter(s for n, s in mine.items() if n not in skip)
        total = sum(counted.values())
        killed = sum(counted[s] for s in KILLED)
        score = 100.0 * killed / total if total else 0.0
        low = score < THRESHOLD
        failed |= low
        other = ", ".join(f"{n} {s}" for s, n in sorted(counted.items()) if s not in KILLED)
        print(
            f"{module:28} {killed:4} / {total:<4} {score:5.1f} %"
            f"  ({len(mine) - total} equivalent{'; ' + other if other else ''})"
            + ("  UNDER 90 %" if low else "")
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
