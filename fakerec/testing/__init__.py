"""Property-testing tools for downstream suites: the reference model and the state machine.

Importing this loads Hypothesis; ``import fakerec`` alone does not.
"""

from fakerec.oracle import ReferenceModel, RefQuery, RefRecording
from fakerec.testing.machine import RecordingsStateMachine, Walk

__all__ = ["RecordingsStateMachine", "RefQuery", "RefRecording", "ReferenceModel", "Walk"]
