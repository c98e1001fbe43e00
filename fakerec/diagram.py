"""The recording lifecycle drawn from the model's own transition table.

``python -m fakerec diagram`` prints it as Mermaid (the README's copy) or Graphviz DOT (the
source of docs/lifecycle.svg); a test fails when either drifts from ``TRANSITIONS``.
"""

from __future__ import annotations

from fakerec.domain.vocabulary import TRANSITIONS, RecordingStatus


def _state(status: RecordingStatus | None) -> str:
    if status is None or status is RecordingStatus.PURGED:
        return "[*]"
    return str(status.value)


def mermaid() -> str:
    lines = ["stateDiagram-v2"]
    for source, event, target in TRANSITIONS:
        lines.append(f"    {_state(source)} --> {_state(target)}: {event}")
    return "\n".join(lines) + "\n"


def dot() -> str:
    lines = [
        "digraph lifecycle {",
        "    rankdir=LR;",
        '    node [shape=box, style="rounded", fontname="Helvetica"];',
        '    edge [fontname="Helvetica", fontsize=10];',
        '    start [shape=point, label=""];',
        '    purged [style="rounded,dashed", label="purged\\n(404 everywhere)"];',
    ]
    for source, event, target in TRANSITIONS:
        left = "start" if source is None else source.value
        lines.append(f'    {left} -> {target.value} [label="{event}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"
