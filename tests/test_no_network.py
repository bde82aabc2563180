"""Nothing reaches the network: the whole demo runs with sockets disabled."""

from __future__ import annotations

import socket

import pytest
from typer.testing import CliRunner

from oportumap.cli import app


class NetworkBlocked(RuntimeError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise NetworkBlocked(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


@pytest.mark.slow  # runs the whole demo
def test_demo_runs_with_sockets_disabled(tmp_path, no_network):
    result = CliRunner().invoke(app, ["demo", "--out", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.output
    assert no_network == []
    assert (tmp_path / "demo" / "resumen.csv").exists()


def test_the_guard_really_blocks(no_network):
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("127.0.0.1", 9))
    assert len(no_network) == 1
