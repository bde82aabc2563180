"""The house in layers: imports go one way, and the contract really catches a wrong one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run([str(LINT), "--config", str(tree / "pyproject.toml"),
                           "--no-cache"], cwd=tree, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """A copy of the package and its contract, to break on purpose."""
    if not LINT.exists():
        pytest.fail("lint-imports is not installed (pip install -e '.[test]')")
    copy = tmp_path_factory.mktemp("layers")
    shutil.copytree(ROOT / "oportumap", copy / "oportumap",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


def test_the_package_keeps_its_layers(tree):
    result = _lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(("module", "line", "broken"), [
    # an analysis reaching the follow-up store (what referral_plan(db=) used to do)
    ("referrals/plan.py", "from oportumap.tracking import store", "oportumap.tracking"),
    # reading files depending on how outputs look (io -> exports.tables used to)
    ("files/read.py", "from oportumap.exports import tables", "oportumap.exports"),
    # the foundation importing anything above it (i18n -> exports used to)
    ("i18n.py", "from oportumap.geography import registry", "oportumap.geography"),
])
def test_an_upward_import_breaks_the_contract(tree, module, line, broken):
    path = tree / "oportumap" / module
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original.replace("from __future__ import annotations\n",
                                         f"from __future__ import annotations\n\n{line}\n", 1),
                        encoding="utf-8")
        result = _lint(tree)
        assert result.returncode != 0
        assert "BROKEN" in result.stdout and broken in result.stdout
    finally:
        path.write_text(original, encoding="utf-8")


def test_a_cycle_between_siblings_breaks_the_contract(tree):
    path = tree / "oportumap" / "countries.py"
    original = path.read_text(encoding="utf-8")
    try:  # countries <-> geography was one concern split across two modules
        path.write_text(original + "\n\ndef _cycle():\n    from oportumap.geography import "
                        "registry\n\n    return registry\n", encoding="utf-8")
        result = _lint(tree)
        assert result.returncode != 0 and "countries" in result.stdout
    finally:
        path.write_text(original, encoding="utf-8")


def test_a_hand_built_dataset_says_what_is_missing():
    import geopandas as gpd

    from oportumap.dataset import Dataset
    from oportumap.errors import DataError

    bounds = gpd.GeoDataFrame({"muni_code": ["0101"]}, geometry=[None], crs=4326)
    with pytest.raises(DataError, match="Dataset.returnees: faltan las columnas returnee_id"):
        Dataset(pd.DataFrame({"id": [1]}), pd.DataFrame(), bounds)
    with pytest.raises(DataError, match="Dataset.boundaries debe ser un GeoDataFrame"):
        Dataset(pd.DataFrame({"returnee_id": [1]}), pd.DataFrame(), pd.DataFrame())
    ok = Dataset(pd.DataFrame({"returnee_id": [1]}), pd.DataFrame(), bounds, country=" cr ")
    assert ok.country == "CR"
