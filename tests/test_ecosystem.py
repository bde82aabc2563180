"""Tables that join the humanitarian data ecosystem: P-codes, HXL hashtags, GeoPackage."""

from __future__ import annotations

import pandas as pd
import pyogrio
from typer.testing import CliRunner

from oportumap import geography
from oportumap.cli import app
from oportumap.exports.ecosystem import HXL_TAGS, hxl_row, with_pcodes
from oportumap.sample import sample_folder


def run(*args):
    return CliRunner().invoke(app, list(args))


def test_pcodes_are_written_and_read_back():
    table = with_pcodes(pd.DataFrame({"muni_code": ["1301", "0101"], "dept_code": ["13", "01"],
                                      "returnees": [40, 12]}))
    assert table["muni_pcode"].tolist() == ["GT1301", "GT0101"]
    assert table["dept_pcode"].tolist() == ["GT13", "GT01"]
    # a P-code (any case, with a space or a hyphen) is accepted wherever a code is
    codes = geography.resolve(["GT1301", "gt 0101", "GT-0901", "GT9999"]).codes.tolist()
    assert codes == ["1301", "0101", "0901", None]


def test_profile_csv_with_hxl_round_trips_through_a_reader(tmp_path):
    out = tmp_path / "perfil.csv"
    result = run("profile", "--data", str(sample_folder()), "--out", str(out), "--hxl", "-q")
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    header, tags = lines[0].split(","), lines[1].split(",")
    assert header[:2] == ["Código municipio", "P-code municipio"]
    assert tags[:3] == ["#adm2+code", "#adm2+code+pcode", "#adm2+name"]
    assert "#affected+returnees" in tags
    # an HXL tool reads the columns by tag: every tag names one column
    read = pd.read_csv(out, encoding="utf-8-sig", skiprows=[0], dtype=str)
    by_tag = read.set_index("#adm2+code+pcode")
    assert by_tag.loc["GT1301", "#adm2+name"] == "Huehuetenango"
    assert len(read) == 340


def test_hxl_tags_cover_every_profile_column():
    from oportumap import load_sample, municipality_profile

    columns = with_pcodes(municipality_profile(load_sample())).columns
    assert all(hxl_row(list(columns))), [c for c in columns if c not in HXL_TAGS]


def test_profile_and_plan_as_geopackage_keep_their_types(tmp_path):
    out = tmp_path / "perfil.gpkg"
    result = run("profile", "--data", str(sample_folder()), "--out", str(out), "-q")
    assert result.exit_code == 0, result.output
    info = pyogrio.read_info(out, layer="perfil")
    assert info["features"] == 340 and info["geometry_type"] in ("MultiPolygon", "Polygon",
                                                                   "Unknown")
    types = dict(zip(info["fields"], info["dtypes"], strict=True))
    assert types["returnees"].startswith("int") and types["gap_score"].startswith("float")
    frame = pyogrio.read_dataframe(out, layer="perfil")
    assert frame.crs.to_epsg() == 4326
    # «<5» is an empty number, never a small count
    small = frame["returnees"].dropna()
    assert not ((small > 0) & (small < 5)).any()
    assert frame.loc[frame["muni_code"] == "1301", "muni_pcode"].item() == "GT1301"
    plan = tmp_path / "plan.gpkg"
    result = run("plan", "--data", str(sample_folder()), "--out", str(plan), "--new", "2",
                 "--max-km", "40", "-q")
    assert result.exit_code == 0, result.output
    assert sorted(pyogrio.list_layers(plan)[:, 0]) == ["municipios", "sitios"]
    sites = pyogrio.read_dataframe(plan, layer="sitios")
    assert (sites["status"] == "nueva").sum() == 2
    by_dept = tmp_path / "deptos.gpkg"
    assert run("profile", "--data", str(sample_folder()), "--out", str(by_dept), "--by",
               "departamento", "-q").exit_code == 0
    assert pyogrio.read_info(by_dept)["features"] == 22
