"""Opt-in sessions: `pip install nox`, then `nox -s NAME`."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests"]

#: The oldest twilio release fakerec supports (9.0.0 and 9.0.1 were withdrawn).
OLDEST_TWILIO = "9.0.2"


@nox.session
def tests(session: nox.Session) -> None:
    """The default test run, as CI runs it."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session
def oldest_twilio(session: nox.Session) -> None:
    """The SDK contract tests against the oldest supported twilio 9.x."""
    session.install("-e", ".[test]", f"twilio=={OLDEST_TWILIO}")
    session.run("python", "-c", "import twilio; print('twilio', twilio.__version__)")
    session.run(
        "pytest",
        "tests/test_sdk_contract.py",
        "tests/test_sdk_async.py",
        "tests/test_live_contract.py",
        "tests/test_stateful.py",
        *session.posargs,
    )


@nox.session
def thorough(session: nox.Session) -> None:
    """The property tests with many more examples and steps."""
    session.install("-e", ".[test]")
    session.run("pytest", "tests/test_stateful.py", "--hypothesis-profile=thorough")


@nox.session(python="3.9")
def oldest_python(session: nox.Session) -> None:
    """The whole suite on the oldest Python fakerec supports (needs a python3.9 on PATH)."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """The benchmarks against hand-written stubs (exit 1 when a target is missed).

    `nox -s bench -- --readme` also rewrites the README's performance table; `-- --quick` runs a
    smaller, faster pass.
    """
    session.install("-e", ".[test]")
    session.run("python", "benchmarks/bench.py", *session.posargs)


@nox.session
def mutate(session: nox.Session) -> None:
    """Mutation testing (mutmut) of the modules that hold the fake's decisions; prints the
    score per module and the survivors. Opt-in: several minutes on 2 cores."""
    session.install("-e", ".[test]", "mutmut>=3.3")
    session.run("mutmut", "run", "--max-children", "2", *session.posargs, success_codes=[0, 1])
    session.run("python", "tools/mutation_scores.py")


@nox.session
def conformance(session: nox.Session) -> None:
    """schemathesis against `python -m fakerec serve`, from Twilio's OpenAPI document (every
    check, every phase). Failures it reports and why some remain: README, "Conformance"."""
    session.install("-e", ".[test]", "schemathesis>=4")
    session.run("python", "tools/conformance.py", *session.posargs, success_codes=[0, 1])
