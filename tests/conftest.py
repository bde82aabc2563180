"""Shared fixtures: small files written the way planners write them."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest


@pytest.fixture
def write(tmp_path: Path):
    """Write text (or bytes) to a file in a temporary folder and return its path."""

    def _write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode(encoding))
        return path

    return _write


@pytest.fixture
def sample(sample_once):
    """The bundled illustrative sample: read once per session (``sample_once`` in the
    root conftest.py), handed to each test as its own deep copy, so a test that changes
    its dataset cannot change what the next test sees."""
    return copy.deepcopy(sample_once)


@pytest.fixture(autouse=True, scope="session")
def _session_home(tmp_path_factory):
    """No test writes to the real user's data folder: registered countries and research
    key records live in a folder of this test session (module fixtures use it)."""
    import os

    previous = os.environ.get("OPORTUMAP_HOME")
    os.environ["OPORTUMAP_HOME"] = str(tmp_path_factory.mktemp("home-session"))
    yield
    if previous is None:
        os.environ.pop("OPORTUMAP_HOME", None)
    else:
        os.environ["OPORTUMAP_HOME"] = previous


@pytest.fixture(autouse=True)
def _own_research_ledger(_session_home, tmp_path_factory, monkeypatch):
    """Each test keeps its own record of research keys used (research-export refuses a key
    reused for another release; tests must not see each other's releases)."""
    monkeypatch.setenv("OPORTUMAP_HOME", str(tmp_path_factory.mktemp("home")))
