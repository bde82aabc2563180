"""Every shareable output carries aggregates only: no returnee IDs, no paths, no counts < 5.

The outputs are made the way users make them: ``oportumap demo`` and the ``map``,
``profile`` and ``plan`` commands on a data folder of their own (here a copy of the sample
in a folder named like an office). Each is read as its reader sees it: HTML and CSV text,
Excel cell values and workbook properties, PNG metadata chunks and the text drawn on the
figure (recorded as matplotlib saves it: drawn text is pixels in the file).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import matplotlib.figure
import matplotlib.text
import openpyxl
import pandas as pd
import pytest
from PIL import Image
from typer.testing import CliRunner

from oportumap.cli import app

#: Outputs meant for wide sharing (referrals.xlsx is for coordinators and carries IDs).
SHAREABLE = ("demo/resumen.csv", "demo/perfil.csv", "demo/mapa.html", "demo/mapa.png",
             "demo/plan.xlsx", "cli/mapa.html", "cli/mapa.png", "cli/perfil.csv",
             "cli/plan.xlsx", "cli/plan_mapa.html")
OFFICE = "Oficina Occidente"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """Run the demo and the commands on a user's folder; record the text drawn on PNGs."""
    from oportumap.sample import sample_folder

    root = tmp_path_factory.mktemp("salidas")
    data = root / OFFICE
    shutil.copytree(sample_folder(), data)
    drawn: dict[str, list[str]] = {}
    save = matplotlib.figure.Figure.savefig

    def recording_savefig(fig, fname, *args, **kwargs):
        texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]
        drawn.setdefault("last", []).clear()
        drawn["last"].extend(texts)
        return save(fig, fname, *args, **kwargs)

    runner = CliRunner()
    cli = root / "cli"
    commands = {
        "demo/mapa.png": ["demo", "--out", str(root / "demo")],
        "cli/mapa.html": ["map", "--data", str(data), "--out", str(cli / "mapa.html")],
        "cli/mapa.png": ["map", "--data", str(data), "--out", str(cli / "mapa.png"),
                         "--color-by", "vacancy_returnees_per_place"],
        "cli/perfil.csv": ["profile", "--data", str(data), "--out", str(cli / "perfil.csv")],
        "cli/plan.xlsx": ["plan", "--data", str(data), "--out", str(cli / "plan.xlsx"),
                          "--max-km", "40", "--map", str(cli / "plan_mapa.html")],
    }
    cli.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(matplotlib.figure.Figure, "savefig", recording_savefig)
        for name, args in commands.items():
            result = runner.invoke(app, args)
            assert result.exit_code == 0, result.output
            if name.endswith(".png"):
                drawn[name] = list(drawn.get("last", []))
    return root, data, drawn


def readable(path: Path, drawn: list[str] | None = None) -> str:
    """Everything a reader of the file can see, as text."""
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path)
        props = book.properties
        cells = [str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                 for v in row if v is not None]
        return "\n".join([*cells, *(str(getattr(props, a) or "") for a in
                                    ("creator", "title", "subject", "description",
                                     "keywords", "lastModifiedBy"))])
    if path.suffix == ".png":
        with Image.open(path) as image:
            chunks = [f"{k}={v}" for k, v in {**image.info, **getattr(image, "text", {})}.items()
                      if isinstance(v, str)]
        return "\n".join(chunks + (drawn or []))
    return path.read_text(encoding="utf-8-sig")


def forbidden_paths(root: Path, data: Path) -> list[str]:
    """Absolute paths that must never appear: the output and data folders, home, temp."""
    from oportumap.sample import sample_folder

    paths = {str(root), str(data), str(Path.home()), tempfile.gettempdir(), os.getcwd(),
             str(sample_folder()), str(data.resolve())}
    return sorted(p for p in paths if len(p) > 1)


@pytest.mark.slow  # reads what the demo and every command wrote
def test_every_output_was_written(outputs):
    root, _, drawn = outputs
    for name in (*SHAREABLE, "demo/referencias.xlsx"):
        assert (root / name).stat().st_size > 0, name
    # the figure's source line shows the folder's NAME as the data label
    assert any(line.startswith(f"Fuente: {OFFICE} · Límites: MINFIN")
               for text in drawn["cli/mapa.png"] for line in text.splitlines())


@pytest.mark.parametrize("name", SHAREABLE)
@pytest.mark.slow  # reads what the demo and every command wrote
def test_no_returnee_id_in_shareable_outputs(outputs, sample, name):
    root, _, drawn = outputs
    content = readable(root / name, drawn.get(name))
    tokens = set(re.findall(r"[\w-]+", content))
    leaked = set(sample.returnees["returnee_id"]) & tokens
    assert leaked == set(), sorted(leaked)[:5]


@pytest.mark.parametrize("name", (*SHAREABLE, "demo/referencias.xlsx"))
@pytest.mark.slow  # reads what the demo and every command wrote
def test_no_absolute_path_in_any_output(outputs, name):
    root, data, drawn = outputs
    content = readable(root / name, drawn.get(name))
    found = [p for p in forbidden_paths(root, data) if p in content]
    assert found == []


@pytest.mark.slow  # reads what the demo and every command wrote
def test_maps_show_the_data_label_not_the_folder_path(outputs):
    root, data, _ = outputs
    for name in ("cli/mapa.html", "cli/plan_mapa.html"):
        content = readable(root / name)
        assert OFFICE in content and str(data) not in content


@pytest.mark.slow  # runs map and plan on the sample
def test_label_is_the_folder_name_or_what_the_user_sets(tmp_path):
    from oportumap import load_dataset
    from oportumap.sample import sample_folder

    data = tmp_path / "datos_occidente"
    shutil.copytree(sample_folder(), data)
    assert load_dataset(data).label == "datos_occidente"
    labelled = load_dataset(data, label="Oficina Occidente, 30/09/2025")
    assert labelled.label == "Oficina Occidente, 30/09/2025"
    out = tmp_path / "m.html"
    result = CliRunner().invoke(app, ["map", "--data", str(data), "--out", str(out),
                                      "--label", "Oficina Occidente, 30/09/2025"])
    assert result.exit_code == 0, result.output
    assert "Fuente: Oficina Occidente, 30/09/2025 · Límites" in out.read_text(encoding="utf-8")


@pytest.mark.slow  # reads what the demo and every command wrote
def test_referral_lists_do_carry_ids_for_coordinators(outputs, sample):
    root, _, _ = outputs
    content = readable(root / "demo/referencias.xlsx")
    tokens = set(re.findall(r"[\w-]+", content))
    consenting = sample.returnees.loc[sample.returnees["consent"], "returnee_id"]
    assert consenting.isin(tokens).sum() > 1000
    refused = sample.returnees.loc[~sample.returnees["consent"], "returnee_id"]
    assert not refused.isin(tokens).any()


@pytest.mark.slow  # reads what the demo and every command wrote
def test_profile_suppresses_small_counts_and_what_gives_them_back(outputs, sample):
    root, _, _ = outputs
    profile = pd.read_csv(root / "demo/perfil.csv", encoding="utf-8-sig", dtype=str)
    returnees = profile["Retornados"]
    small = returnees == "<5"
    assert small.sum() == int(sample.returnees["muni_code"].value_counts().lt(5).sum())
    numbers = pd.to_numeric(returnees, errors="coerce")
    assert not ((numbers > 0) & (numbers < 5)).any()
    # value x places would give the count back: blank where the count is protected
    per_place = profile["Vacantes: retornados por plaza"]
    places = pd.to_numeric(profile["Vacantes: plazas alcanzables"])
    assert per_place[small].isna().all() and per_place[~small & (places > 0)].notna().all()
    assert profile.loc[small, "Brecha (retornados sin plaza alcanzable, promedio)"].isna().all()


def test_colouring_by_a_ratio_reveals_no_protected_count(sample):
    from oportumap.access import municipality_profile
    from oportumap.maps import municipality_properties, opportunity_map

    profile = municipality_profile(sample)
    fmap = opportunity_map(sample, profile=profile, color_by="vacancy_returnees_per_place")
    shown = {p["om_name"]: p for p in municipality_properties(fmap)}
    by_name = profile.set_index("muni_name")
    small = by_name[(by_name["returnees"] > 0) & (by_name["returnees"] < 5)]
    assert len(small) > 50
    for name in small.index.intersection(list(shown))[:40]:
        props = shown[name]
        assert props["om_returnees"] == "<5"
        assert props["om_vacancy_returnees_per_place"] == "—"  # no value to multiply back
        assert props["om_fill"] == "#cccccc"  # and no colour class that narrows it
    big = by_name[by_name["returnees"] >= 40].index.intersection(list(shown))[0]
    value = by_name.loc[big, "vacancy_returnees_per_place"]
    assert shown[big]["om_vacancy_returnees_per_place"] == f"{value:,.1f}"


def test_people_derived_columns_is_the_one_list():
    from oportumap.access import municipality_profile
    from oportumap.privacy import people_derived_columns
    from oportumap.sample import load_sample

    columns = municipality_profile(load_sample()).columns
    derived = set(people_derived_columns(columns))
    assert {"returnees", "gap_score", "vacancy_unserved", "vacancy_returnees_per_place",
            "vacancy_2sfca", "service_e2sfca"} <= derived
    assert not derived & {"muni_code", "muni_name", "vacancy_capacity", "vacancy_count",
                          "vacancy_nearest_km", "priority_rank", "kinds_out_of_reach"}
