"""``--help`` works for every command and subcommand, found from the app itself."""

from __future__ import annotations

import pytest
import typer.main
from typer.testing import CliRunner

from oportumap.cli import app


def _command_paths(command, prefix: tuple[str, ...] = ()) -> list[tuple]:
    """Every command path, groups included (typer 0.2x vendors click: duck-typed)."""
    paths = [prefix] if prefix else []
    if hasattr(command, "commands"):
        for name, sub in command.commands.items():
            paths += _command_paths(sub, (*prefix, name))
    return paths


COMMANDS = _command_paths(typer.main.get_command(app))


def test_the_app_registers_the_commands_users_know():
    names = {path[0] for path in COMMANDS}
    assert {"validate", "sample", "demo", "research-export", "referrals", "profile", "map",
            "plan"} <= names


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_help_on_every_command(path):
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Uso:" in result.output and "--help" in result.output
    assert "Show this message" not in result.output  # Typer's words in Spanish too
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    # every option the command declares is listed
    for param in command.params:
        if param.param_type_name == "option" and not getattr(param, "hidden", False):
            assert param.opts[0] in result.output, (path, param.opts[0])
