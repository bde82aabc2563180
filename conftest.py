"""Test-session setup shared by ``tests/``, the doctests in ``oportumap/`` and the notebooks.

- Marks what the fast development loop leaves out, so that
  ``pytest -q -m "not slow and not browser and not db and not notebook"`` deselects it:
  the notebooks (collected by nbmake) get ``notebook``; tests on the PostgreSQL back-end
  (the ``postgresql`` parameter of a ``db`` fixture, or the ``pg_server`` fixture) get
  ``db``. ``browser`` and ``slow`` are set in the test files themselves.
- Loads the illustrative sample once per session for the doctests, which call
  ``load_sample()`` in about thirty examples: each example gets its own deep copy, so no
  example can change what another one sees.
"""

from __future__ import annotations

import copy

import pytest


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(config, items):
    for item in items:
        if type(item).__name__ == "NotebookItem":  # nbmake's item for one notebook
            item.add_marker(pytest.mark.notebook)
        callspec = getattr(item, "callspec", None)
        on_postgres = callspec is not None and callspec.params.get("db") == "postgresql"
        if on_postgres or "pg_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)


@pytest.fixture(scope="session")
def sample_once():
    """The bundled illustrative sample, read once per session. Never hand it out as is:
    fixtures give each test a deep copy (cheap: pandas copies on write)."""
    from oportumap.sample import load_sample

    return load_sample()


@pytest.fixture(autouse=True)
def _doctests_share_one_sample_read(request, monkeypatch, doctest_namespace):
    """In doctests, ``load_sample()`` returns a fresh copy of the session's sample."""
    if type(request.node).__name__ != "DoctestItem" or request.node.name.endswith(
            "sample.load_sample"):  # load_sample's own example reads the files
        yield
        return
    import oportumap
    import oportumap.sample

    once = request.getfixturevalue("sample_once")

    def load_sample():
        return copy.deepcopy(once)

    monkeypatch.setattr(oportumap.sample, "load_sample", load_sample)
    monkeypatch.setattr(oportumap, "load_sample", load_sample, raising=False)
    doctest_namespace["load_sample"] = load_sample
    yield
    doctest_namespace.pop("load_sample", None)
