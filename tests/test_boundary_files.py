"""Boundary files as published: repaired and reported, or refused with a message; the
registered country then maps without a crash."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
from places_fixtures import el_salvador, honduras
from shapely.geometry import box
from typer.testing import CliRunner

from oportumap import DataError, geography
from oportumap.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    folder = tmp_path / "home"
    monkeypatch.setenv("OPORTUMAP_HOME", str(folder))
    geography.clear_cache("HN", "SV", "CR", "ZZ")
    yield folder
    geography.clear_cache("HN", "SV", "CR", "ZZ")


def cli(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def flat(text: str) -> str:
    return " ".join(text.split())


def write_geojson(frame: gpd.GeoDataFrame, path, edit=None):
    """Write the features by hand (no library tidies the geometries on the way)."""
    data = json.loads(frame.to_json())
    for feature in data["features"]:
        if edit is not None:
            edit(feature)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def add_hn(path, *extra: str):
    return cli("country", "add", "HN", "--boundaries", str(path), "--code-column", "COD",
               "--name-column", "NOMBRE", "--dept-column", "DEPTO", "--name", "Honduras",
               *extra)


def map_works(tmp_path, country: str, place: str, dept: str) -> str:
    """`validate` then `map` on a small folder of that country; returns the map's HTML."""
    folder = tmp_path / f"datos_{country}"
    folder.mkdir(exist_ok=True)
    (folder / "retornados.csv").write_text(
        "id;municipio;departamento;ocupacion;consentimiento\n"
        f"P1;{place};{dept};albañil;sí\nP2;{place};{dept};cocinero;sí\n", encoding="utf-8")
    (folder / "vacantes.csv").write_text(
        f"id;puesto;plazas;municipio;departamento\nV1;Albañil;3;{place};{dept}\n",
        encoding="utf-8")
    out = tmp_path / f"mapa_{country}.html"
    mapped = cli("map", "--data", str(folder), "--country", country, "--out", str(out))
    assert mapped.exit_code == 0, mapped.output
    return out.read_text(encoding="utf-8")


def _hole(feature, ring):
    if feature["properties"]["NOMBRE"] == "Puerto Cortés":
        feature["geometry"]["coordinates"].append(ring(feature["geometry"]["coordinates"][0]))


def collapsed_hole(feature):
    """Puerto Cortés with an interior ring collapsed onto a line (as published)."""
    _hole(feature, lambda shell: [shell[0], shell[2], shell[0], shell[0]])


def collapsed_spike(feature):
    """Variant: the outer ring runs out to a point and back (a spike with no area)."""
    if feature["properties"]["NOMBRE"] == "Puerto Cortés":
        shell = feature["geometry"]["coordinates"][0]
        x, y = shell[2]
        feature["geometry"]["coordinates"][0] = [*shell[:3], [x + 0.05, y + 0.05], shell[2],
                                                 *shell[3:]]


def collapsed_part(feature):
    """Variant: a multipolygon whose second part collapsed to a line."""
    if feature["properties"]["NOMBRE"] == "Puerto Cortés":
        shell = feature["geometry"]["coordinates"]
        feature["geometry"] = {"type": "MultiPolygon", "coordinates": [
            shell, [[shell[0][0], shell[0][2], shell[0][0], shell[0][0]]]]}


@pytest.mark.parametrize("edit", [collapsed_hole, collapsed_spike, collapsed_part])
def test_a_collapsed_ring_is_dropped_reported_and_the_map_works(tmp_path, edit):
    path = write_geojson(honduras(), tmp_path / "hn.geojson", edit)
    added = add_hn(path)
    assert added.exit_code == 0, added.output
    out = flat(added.output)
    assert "Se repararon 1 polígonos:" in out
    assert "Puerto Cortés (0003):" in out
    assert "sin área (anillo colapsado en una línea) quitada(s)" in out
    geography.clear_cache("HN")
    shapes = geography.municipalities("HN")
    assert set(shapes.geom_type) <= {"Polygon", "MultiPolygon"}
    html = map_works(tmp_path, "HN", "Puerto Cortés", "Cortés")
    assert "Puerto Cortés" in html


BOW_TIES = {
    "bow-tie": lambda x, y, s: [[x, y], [x + s, y + s], [x + s, y], [x, y + s], [x, y]],
    # Variant: the ring touches itself at one corner (a figure eight drawn as one ring).
    "figure eight": lambda x, y, s: [[x, y], [x + s, y], [x + s / 2, y + s / 2],
                                     [x + s, y + s], [x, y + s], [x + s / 2, y + s / 2],
                                     [x, y]],
    # Variant: a ring that folds back over itself along one edge.
    "fold": lambda x, y, s: [[x, y], [x + s, y], [x + s, y + s], [x + s / 2, y],
                             [x, y + s], [x, y]],
}


@pytest.mark.parametrize("shape", list(BOW_TIES))
def test_a_self_intersecting_polygon_is_repaired_reported_and_maps(tmp_path, shape):
    def edit(feature):
        if feature["properties"]["NOMBRE"] == "Choloma":
            x, y = feature["geometry"]["coordinates"][0][0]
            feature["geometry"]["coordinates"] = [BOW_TIES[shape](x, y, 0.018)]

    path = write_geojson(honduras(), tmp_path / "hn.geojson", edit)
    added = add_hn(path)
    assert added.exit_code == 0, added.output
    out = flat(added.output)
    assert "Choloma (0002):" in out and ": reparado" in out
    geography.clear_cache("HN")
    choloma = geography.municipalities("HN").set_index("muni_name").loc["Choloma"]
    assert choloma.geometry.is_valid and choloma.geometry.area > 0
    assert "Choloma" in map_works(tmp_path, "HN", "Choloma", "Cortés")


def test_lat_lon_swapped_is_refused_with_the_fix_and_the_fix_works(tmp_path):
    shapes = honduras()
    shapes["geometry"] = shapes.geometry.map(
        lambda g: box(g.bounds[1], g.bounds[0], g.bounds[3], g.bounds[2]))
    path = tmp_path / "hn_invertido.geojson"
    shapes.to_file(path, driver="GeoJSON")
    refused = add_hn(path)
    assert refused.exit_code == 1
    out = flat(refused.output)
    assert "latitud y longitud están invertidas en 33 polígonos" in out
    assert "San Pedro Sula (0001)" in out and "caen dentro de Honduras" in out
    assert "Vuelva a registrar con --swap-xy" in out
    fixed = add_hn(path, "--swap-xy")
    assert fixed.exit_code == 0, fixed.output
    assert "latitud y longitud intercambiadas en 33 polígonos (--swap-xy)" in flat(fixed.output)
    geography.clear_cache("HN")
    seat = geography.municipalities("HN").set_index("muni_name").loc["San Pedro Sula"]
    assert 15 < seat["lat"] < 16 and -89 < seat["lon"] < -87.5
    assert "San Pedro Sula" in map_works(tmp_path, "HN", "SPS", "Cortés")


def test_one_swapped_polygon_is_named_and_only_it_is_swapped():
    """Variant: a single feature written (lat, lon) among correct ones (the vacancy that
    was 11,549 km away)."""
    shapes = honduras()
    g = shapes.geometry[4]
    shapes.loc[4, "geometry"] = box(g.bounds[1], g.bounds[0], g.bounds[3], g.bounds[2])
    kwargs = dict(code_column="COD", name_column="NOMBRE", dept_column="DEPTO",
                  country_name="Honduras")
    with pytest.raises(DataError, match=r"invertidas en 1 polígonos \(Villanueva \(0005\)\)"):
        geography.register_country("HN", shapes, **kwargs)
    registered = geography.register_country("HN", shapes, swap_xy=True, **kwargs)
    assert registered.report["swapped"] == [
        "latitud y longitud intercambiadas en 1 polígonos (--swap-xy)"]
    munis = registered.municipalities.set_index("muni_name")
    assert munis.loc["Villanueva", "lat"] == pytest.approx(
        munis.loc["San Pedro Sula", "lat"], abs=0.1)


def test_coordinates_outside_the_country_are_refused():
    """Variant: Salvadoran districts registered as Honduras (or any file of another
    place): outside the extent and not fixed by swapping."""
    with pytest.raises(DataError) as refused:
        geography.register_country("HN", el_salvador(lakes=False), code_column="COD",
                                   name_column="NOMBRE", dept_column="DEPTO",
                                   country_name="Honduras")
    message = flat(str(refused.value))
    assert ("polígonos caen fuera de Honduras (a más de 11 km de sus límites): "
            "San Miguel (0001)") in message
    assert "revise el sistema de coordenadas (CRS)" in message


def test_lakes_are_set_aside_reported_and_never_ranked(tmp_path):
    shapes = el_salvador()
    path = tmp_path / "distritos.geojson"
    shapes.to_file(path, driver="GeoJSON")
    added = cli("country", "add", "SV", "--boundaries", str(path), "--code-column", "COD",
                "--name-column", "NOMBRE", "--dept-column", "DEPTO", "--admin2", "distrito",
                "--name", "El Salvador")
    assert added.exit_code == 0, added.output
    out = flat(added.output)
    assert "20 distritos en 6 departamentos, leídos de 20 polígonos" in out
    assert ("No son distritos (cuerpos de agua, no se registran): Lago de Ilopango, Lago de "
            "Coatepeque, Embalse Cerrón Grande, Laguna de Olomega.") in out
    geography.clear_cache("SV")
    names = set(geography.municipalities("SV")["muni_name"])
    assert not names & {"Lago de Ilopango", "Embalse Cerrón Grande"}
    html = map_works(tmp_path, "SV", "Soyapango", "San Salvador")
    assert "Ilopango" not in html


def test_water_without_a_name_is_known_by_having_no_code_and_no_population():
    """Variants: a reservoir with a code of its own (99…, no population); a feature with
    neither code nor population."""
    shapes = el_salvador(lakes=False)
    shapes["POBLACION"] = 1000
    extra = shapes.iloc[[0, 1, 2]].copy()
    extra["COD"] = ["9990", "", "0021"]
    extra["NOMBRE"] = ["Reservoir 15 de Septiembre", "Sin nombre", "Lago Verde"]
    extra["POBLACION"] = [0, 0, 1200]
    extra["geometry"] = extra.geometry.translate(0, -0.1)
    shapes = gpd.GeoDataFrame([*shapes.to_dict("records"), *extra.to_dict("records")],
                              crs=4326)
    registered = geography.register_country("SV", shapes, code_column="COD",
                                            name_column="NOMBRE", dept_column="DEPTO")
    assert registered.report["water"] == ["Reservoir 15 de Septiembre", "Sin nombre"]
    # Only named after a lake (as Chile's comuna Lago Verde): a unit, and the report says so.
    assert registered.report["water_like_units"] == ["Lago Verde (0021)"]
    assert len(registered) == 21


def test_a_projected_file_registers_in_degrees(tmp_path):
    path = tmp_path / "hn_utm.gpkg"
    honduras().to_crs("EPSG:32616").to_file(path)
    added = add_hn(path)
    assert added.exit_code == 0, added.output
    assert "(EPSG:32616 convertido a EPSG:4326)" in flat(added.output)
    geography.clear_cache("HN")
    seat = geography.municipalities("HN").set_index("muni_name").loc["La Ceiba"]
    assert 15 < seat["lat"] < 16.2 and -87.5 < seat["lon"] < -86
    assert "La Ceiba" in map_works(tmp_path, "HN", "Ceiba", "Atlantida")


def test_a_projected_file_without_or_with_a_wrong_crs_is_refused():
    utm = honduras().to_crs("EPSG:32616")
    kwargs = dict(code_column="COD", name_column="NOMBRE", dept_column="DEPTO",
                  country_name="Honduras")
    with pytest.raises(DataError, match="no indica su sistema de coordenadas"):
        geography.register_country("HN", utm.set_crs(None, allow_override=True), **kwargs)
    with pytest.raises(DataError, match="caen fuera de Honduras"):
        geography.register_country("HN", utm.set_crs(4326, allow_override=True), **kwargs)


def test_a_feature_with_no_area_left_is_refused_by_name(tmp_path):
    def edit(feature):
        if feature["properties"]["NOMBRE"] == "Omoa":
            shell = feature["geometry"]["coordinates"][0]
            feature["geometry"]["coordinates"] = [[shell[0], shell[2], shell[0], shell[0]]]

    path = write_geojson(honduras(), tmp_path / "hn.geojson", edit)
    refused = add_hn(path)
    assert refused.exit_code == 1
    assert "1 polígonos sin área que se pueda usar (Omoa (0006))" in flat(refused.output)
