"""The lifecycles drawn from the model's own transition tables.

``python -m fakerec diagram`` prints the recording lifecycle (``--lifecycle compositions``:
the composition one) as Mermaid (the README's copies) or Graphviz DOT (the sources of
docs/lifecycle.svg and docs/composition-lifecycle.svg); a test fails when any drifts from
``TRANSITIONS`` or ``COMPOSITION_TRANSITIONS``.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Optional

from fakerec.domain.compositions import COMPOSITION_TRANSITIONS
from fakerec.domain.vocabulary import TRANSITIONS

Table = Sequence[tuple[Optional[Enum], str, Enum]]

#: What ``--lifecycle`` names, and the table each is drawn from.
LIFECYCLES: dict[str, Table] = {
    "recordings": TRANSITIONS,
    "compositions": COMPOSITION_TRANSITIONS,
}


def _state(status: Enum | None) -> str:
    if status is None or status.value == "purged":
        return "[*]"
    return str(status.value)


def mermaid(lifecycle: str = "recordings") -> str:
    lines = ["stateDiagram-v2"]
    for source, event, target in LIFECYCLES[lifecycle]:
        lines.append(f"    {_state(source)} --> {_state(target)}: {event}")
    return "\n".join(lines) + "\n"


def dot(lifecycle: str = "recordings") -> str:
    name = "lifecycle" if lifecycle == "recordings" else "composition_lifecycle"
    lines = [
        f"digraph {name} {{",
        "    rankdir=LR;",
        '    node [shape=box, style="rounded", fontname="Helvetica"];',
        '    edge [fontname="Helvetica", fontsize=10];',
        '    start [shape=point, label=""];',
        '    purged [style="rounded,dashed", label="purged\\n(404 everywhere)"];',
    ]
    for source, event, target in LIFECYCLES[lifecycle]:
        left = "start" if source is None else source.value
        lines.append(f'    {left} -> {target.value} [label="{event}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"
