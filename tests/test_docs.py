"""The README is a front door that tells the truth; the docs and the fast test loop hold up.

The site itself is built by ``.ci/run`` (``sphinx-build -W``); these tests check what a
reader of the README relies on without building it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DEMO = ("python3 -m venv .venv && .venv/bin/pip install -e . && "
        ".venv/bin/oportumap demo --out oportumap-demo")
TESTS = ('python3 -m venv .venv && .venv/bin/pip install -q -e ".[test]" && '
         ".venv/bin/ruff check . && .venv/bin/pytest -q")
FAST = '.venv/bin/pytest -q -m "not slow and not browser and not db and not notebook"'


def _blocks(text: str, language: str) -> list[str]:
    return [b.strip() for b in re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)]


def test_readme_is_a_front_door_with_both_commands_and_the_fast_loop():
    text = README.read_text(encoding="utf-8")
    assert len(text.encode("utf-8")) <= 10_000
    bash = _blocks(text, "bash")
    assert DEMO in bash and TESTS in bash and FAST in bash


def test_ci_runs_exactly_the_readme_test_command_and_builds_the_docs():
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert TESTS in lines
    build = [line for line in lines if "sphinx-build" in line]
    assert len(build) == 1 and " -W " in build[0] and ".[docs]" in build[0]
    assert lines.index(TESTS) < lines.index(build[0])


def test_fast_loop_markers_are_registered(pytestconfig):
    registered = {m.split(":")[0] for m in pytestconfig.getini("markers")}
    used = set(re.findall(r"not (\w+)", FAST))
    assert used == {"slow", "browser", "db", "notebook"} and used <= registered
    assert "libreoffice" in registered
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r"^docs = \[[^\]]*\"sphinx[^\]]*\"myst-nb", pyproject, flags=re.M | re.S)


def test_readme_picture_and_links_exist():
    text = README.read_text(encoding="utf-8")
    images = re.findall(r"!\[[^\]]+\]\(([^)]+)\)", text)
    assert images == ["docs/_static/mapa_demo.png"]
    picture = ROOT / images[0]
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert 20_000 < picture.stat().st_size <= 200_000
    links = [link for link in re.findall(r"\]\(([^)#]+)\)", text) if "://" not in link]
    assert len(links) >= 20
    missing = [link for link in links if not (ROOT / link).exists()]
    assert missing == []


def test_readme_python_example_writes_an_offline_map(tmp_path, monkeypatch):
    from oportumap.maps import external_references

    (code,) = _blocks(README.read_text(encoding="utf-8"), "python")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})
    written = (tmp_path / "mapa.html").read_text(encoding="utf-8")
    assert "Leaflet" in written and external_references(written) == []


def test_every_guide_page_is_in_the_site():
    guide = ROOT / "docs" / "guia"
    index = (guide / "index.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^(\w+)$", index, flags=re.M))
    pages = {p.stem for p in guide.glob("*.md")} - {"index"}
    # the toctree lists the pages in reading order and ends with a glob for the rest
    assert re.search(r"^\*$", index, flags=re.M)
    assert {"instalacion", "formatos_de_entrada", "proteccion_de_datos", "rendimiento",
            "otros_paises", "seguimiento"} <= pages
    assert listed <= pages
    english = {p.stem for p in (ROOT / "docs" / "en").glob("*.md")} - {"index"}
    en_index = (ROOT / "docs" / "en" / "index.md").read_text(encoding="utf-8")
    assert english == set(re.findall(r"^(\w+)$", en_index, flags=re.M))


@pytest.mark.parametrize("notebook", sorted((ROOT / "notebooks").glob("*.ipynb")),
                         ids=lambda p: p.stem)
def test_notebooks_are_stored_clean_and_end_with_checks(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert all(not c["outputs"] and c["execution_count"] is None for c in code)
    last = "".join(code[-1]["source"])
    assert cells[-2]["cell_type"] == "markdown" and "Comprobaciones" in "".join(cells[-2]["source"])
    assert last.count("assert ") >= 4


@pytest.mark.slow  # collects the whole suite in a second pytest
def test_fast_loop_deselects_notebooks_and_postgres_tests():
    """conftest.py marks nbmake's notebooks and the PostgreSQL back-end."""
    found = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
         "-m", "notebook or db", "notebooks", "tests/test_tracking.py"],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout
    items = [line for line in found.splitlines() if "::" in line]
    notebooks = [i for i in items if i.startswith("notebooks/")]
    postgres = [i for i in items if i.startswith("tests/test_tracking.py")]
    assert len(notebooks) == len(list((ROOT / "notebooks").glob("*.ipynb"))) == 7
    assert postgres and all("[postgresql]" in i for i in postgres)
