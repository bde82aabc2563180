"""Every shareable output of the demo carries aggregates only: no returnee IDs."""

from __future__ import annotations

import zipfile

import pytest
from typer.testing import CliRunner

from oportumap.cli import app

#: Outputs meant for wide sharing (referrals.xlsx is for coordinators and carries IDs).
SHAREABLE = ("resumen.csv", "profile.csv", "map.html", "map.png", "plan.xlsx")


@pytest.fixture(scope="module")
def demo_outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(app, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def readable(path) -> str:
    if path.suffix == ".xlsx":  # the sheets' XML inside the zip
        with zipfile.ZipFile(path) as book:
            return "".join(book.read(n).decode("utf-8", "replace") for n in book.namelist())
    return path.read_bytes().decode("utf-8", "replace")


def test_demo_writes_every_output(demo_outputs):
    names = {p.name for p in demo_outputs.iterdir()}
    assert set(SHAREABLE) | {"referrals.xlsx"} <= names


@pytest.mark.parametrize("name", SHAREABLE)
def test_no_returnee_id_in_shareable_outputs(demo_outputs, sample, name):
    content = readable(demo_outputs / name)
    ids = sample.returnees["returnee_id"]
    assert not ids.map(lambda i: i in content).any()


def test_referral_lists_do_carry_ids_for_coordinators(demo_outputs, sample):
    content = readable(demo_outputs / "referrals.xlsx")
    consenting = sample.returnees.loc[sample.returnees["consent"], "returnee_id"]
    assert consenting.head(50).map(lambda i: i in content).sum() > 25
    refused = sample.returnees.loc[~sample.returnees["consent"], "returnee_id"]
    assert not refused.map(lambda i: i in content).any()


def test_profile_suppresses_small_counts(demo_outputs):
    import pandas as pd

    profile = pd.read_csv(demo_outputs / "profile.csv", encoding="utf-8-sig", dtype=str)
    returnees = profile["Retornados"]
    assert (returnees == "<5").any()
    numbers = pd.to_numeric(returnees, errors="coerce")
    assert not ((numbers > 0) & (numbers < 5)).any()
