"""The house's rules, read from the source: every import points down, and nothing cycles.

Layers, lowest first: leaves (clock, sids, errors, media), domain, api, adapters (and the
callback sender and transcript beside them), fake, what uses FakeVideo (server, testing, tour,
diagram), and on top the command line, the package's public names and the old import paths.
A module may import its own package and anything lower; lazy (function-local) imports must
point down too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "fakerec"

LAYERS: list[tuple[str, ...]] = [
    ("fakerec.clock", "fakerec.sids", "fakerec.errors", "fakerec.media"),
    ("fakerec.domain",),
    ("fakerec.api",),
    ("fakerec.adapters", "fakerec.callbacks", "fakerec.transcript"),
    ("fakerec.fake",),
    ("fakerec.server", "fakerec.testing", "fakerec.tour", "fakerec.diagram"),
    # The command line, the public names, and the old import paths kept as re-exports.
    ("fakerec.__main__", "fakerec", "fakerec.strategies", "fakerec.oracle"),
]


def module_name(path: Path) -> str:
    parts = ["fakerec", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> tuple[int, str]:
    """(layer, the group it belongs to): the longest matching prefix decides."""
    best: tuple[int, str] | None = None
    for level, groups in enumerate(LAYERS):
        for group in groups:
            if (module == group or module.startswith(group + ".")) and (
                best is None or len(group) > len(best[1])
            ):
                best = (level, group)
    assert best is not None, f"{module} is in no layer: add it to LAYERS"
    return best


def imports_of(module: str) -> list[tuple[str, bool]]:
    """(fakerec module imported, whether at module level) for every import in ``module``."""
    tree = ast.parse(MODULES[module].read_text())
    top_level = {id(node) for node in tree.body}
    for node in tree.body:  # imports under `if TYPE_CHECKING:` count as module level
        if isinstance(node, ast.If):
            top_level.update(id(child) for child in node.body)
    found: list[tuple[str, bool]] = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [
                f"{node.module}.{alias.name}"
                if f"{node.module}.{alias.name}" in MODULES
                else node.module
                for alias in node.names
            ]
        found.extend((name, id(node) in top_level) for name in names if name in MODULES)
    return found


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_import_points_down_or_within_its_own_package(module: str) -> None:
    level, group = layer_of(module)
    for imported, _ in imports_of(module):
        their_level, their_group = layer_of(imported)
        assert their_level < level or their_group == group, (
            f"{module} (layer {level}) imports {imported} (layer {their_level})"
        )


def test_no_module_level_import_cycles() -> None:
    graph = {
        module: {name for name, top in imports_of(module) if top and name != module}
        for module in MODULES
    }
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            cycle = [*path[path.index(module) :], module]
            pytest.fail("import cycle: " + " -> ".join(cycle))
        if module in done:
            return
        for imported in sorted(graph[module]):
            visit(imported, [*path, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_about_400_lines(module: str) -> None:
    lines = len(MODULES[module].read_text().splitlines())
    assert lines <= 420, f"{module} has {lines} lines"


def test_import_fakerec_loads_the_public_names_on_first_use() -> None:
    """``import fakerec`` (pytest loads the plugin in every session) must not load the fake;
    every public name must still be there when asked for."""
    import subprocess
    import sys

    code = (
        "import sys, fakerec, conftest_plugin\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('fakerec.'))\n"
        "assert loaded == [], loaded\n"
        "names = {name: getattr(fakerec, name) for name in fakerec.__all__}\n"
        "assert 'fakerec.fake' in sys.modules and names['FakeVideo'].__name__ == 'FakeVideo'\n"
        "from fakerec import FakeVideo, UsageError\n"
        "assert sorted(dir(fakerec)) == sorted(set(dir(fakerec)))\n"
        "assert set(fakerec.__all__) <= set(dir(fakerec))\n"
        "try:\n"
        "    fakerec.NoSuchName\n"
        "except AttributeError as err:\n"
        "    assert 'NoSuchName' in str(err)\n"
        "else:\n"
        "    raise SystemExit('no AttributeError')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PACKAGE.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
