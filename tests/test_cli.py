"""``python -m fakerec``: its help names and describes every command, without markup."""

from __future__ import annotations

import subprocess
import sys

import pytest

from fakerec.__main__ import COMMANDS, parser


def test_the_help_describes_each_command() -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "fakerec", "--help"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(shown.split())
    assert set(COMMANDS) == {"tour", "serve", "diagram"}
    for name, text in COMMANDS.items():
        assert name in shown
        assert " ".join(text.split()) in flat
    assert "``" not in shown


@pytest.mark.parametrize("command", ["tour", "serve", "diagram"])
def test_each_command_has_its_own_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        parser().parse_args([command, "--help"])
    assert done.value.code == 0
    assert " ".join(COMMANDS[command].split()) in " ".join(capsys.readouterr().out.split())
