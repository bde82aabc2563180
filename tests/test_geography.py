"""Guatemala's boundaries and municipality name resolution."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

import oportumap
from oportumap import DataError, resolve_municipalities


def test_guatemala_has_340_municipalities_and_22_departments():
    munis = oportumap.municipalities()
    assert len(munis) == 340
    assert munis["muni_code"].is_unique
    assert munis["muni_code"].str.fullmatch(r"\d{4}").all()
    assert munis.crs.to_epsg() == 4326
    assert set(munis.columns) >= {"muni_code", "muni_name", "dept_code", "dept_name", "lat",
                                  "lon", "geometry"}
    assert munis.set_index("muni_code").loc["1301", "muni_name"] == "Huehuetenango"
    depts = oportumap.departments()
    assert len(depts) == 22
    assert depts.set_index("dept_code").loc["13", "dept_name"] == "Huehuetenango"


def test_lakes_and_belize_are_not_municipalities():
    names = set(oportumap.municipalities()["muni_name"])
    assert not {"Lago de Atitlán", "Lago de Amatitlán", "Belice"} & names


def test_distance_points_lie_inside_their_municipality():
    munis = oportumap.municipalities()
    points = gpd.points_from_xy(munis["lon"], munis["lat"], crs=4326)
    projected = munis.to_crs(32615)
    seats = gpd.GeoSeries(points, index=munis.index).to_crs(32615)
    assert (projected.geometry.distance(seats) <= 3000).all()  # seats: 3 km tolerance
    inside = projected.geometry.contains(seats)
    assert inside.mean() > 0.95


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Barillas", "1326"), ("Soloma", "1308"), ("Nebaj", "1413"),
        ("Chichicastenango", "1406"), ("Ixcán", "1420"), ("ixcan", "1420"),
        ("Ciudad de Guatemala", "0101"), ("Guatemala City", "0101"),
        ("  HUEHUETENANGO ", "1301"), ("huehuetenango.", "1301"), ("Cobán", "1601"),
        ("COBAN", "1601"), ("Xela", "0901"), ("Concepción Tutuapa", "1206"),
        ("101", "0101"), (101, "0101"), (101.0, "0101"), ("101.0", "0101"), ("0101", "0101"),
        ("1301", "1301"), ("Petapa", "0117"), ("San Miguel Petapa", "0117"),
    ],
)
def test_names_planners_type_resolve(typed, code):
    assert resolve_municipalities([typed]).tolist() == [code]


@pytest.mark.parametrize(
    ("name", "first", "second"),
    [
        ("San José", "San José, Escuintla", "San José, Petén"),
        ("San Pedro Sacatepéquez", "San Pedro Sacatepéquez, Guatemala",
         "San Pedro Sacatepéquez, San Marcos"),
        ("La Democracia", "La Democracia, Escuintla", "La Democracia, Huehuetenango"),
        ("Santa Bárbara", "Santa Bárbara, Suchitepéquez", "Santa Bárbara, Huehuetenango"),
        ("La Libertad", "La Libertad, Huehuetenango", "La Libertad, Petén"),
        ("San Lorenzo", "San Lorenzo, San Marcos", "San Lorenzo, Suchitepéquez"),
    ],
)
def test_shared_names_need_the_department(name, first, second):
    with pytest.raises(DataError) as info:
        resolve_municipalities([name])
    message = str(info.value)
    assert "coincide con 2 municipios" in message
    assert first in message and second in message
    assert "agregue la columna departamento" in message


def test_shared_names_resolve_with_department_name_or_code():
    codes = resolve_municipalities(
        ["San José", "san jose", "La Libertad", "San Pedro Sacatepequez"],
        ["Petén", "escuintla", "13", "SAN MARCOS"],
    )
    assert codes.tolist() == ["1702", "0509", "1311", "1202"]


def test_unknown_name_gives_up_to_three_suggestions():
    with pytest.raises(DataError) as info:
        resolve_municipalities(["Santa Lucia"])
    message = str(info.value)
    assert "municipio 'Santa Lucia' desconocido" in message
    assert ("¿quiso decir 'Santa Lucía Milpas Altas, Sacatepéquez' o 'Santa Lucía "
            "Cotzumalguapa, Escuintla' o 'Santa Lucía Utatlán, Sololá'?") in message


def test_unknown_code_and_wrong_department_are_explained():
    with pytest.raises(DataError) as info:
        resolve_municipalities(["9999", "Cobán"], ["", "Petén"])
    message = str(info.value)
    assert "el código '9999' no es un municipio de Guatemala" in message
    assert "'Cobán' no está en el departamento 'Petén' (existe en: Cobán, Alta Verapaz)" in message
    assert message.startswith("2 de 2 municipios no se pudieron identificar")


def test_resolution_keeps_index_and_handles_many_rows_quickly():
    names = pd.Series(["Joyabaj", "Tacaná", "Malacatán"] * 100_000, index=range(7, 300_007))
    codes = resolve_municipalities(names)
    assert codes.index.equals(names.index)
    assert codes.value_counts().to_dict() == {"1412": 100_000, "1207": 100_000,
                                              "1215": 100_000}


def test_register_another_country_from_user_file(tmp_path):
    shapes = gpd.GeoDataFrame(
        {"COD": ["0101", "0102", "0201"], "NOM": ["San Salvador", "Mejicanos", "Santa Ana"],
         "DEP": ["San Salvador", "San Salvador", "Santa Ana"]},
        geometry=[box(-89.3, 13.6, -89.1, 13.8), box(-89.3, 13.8, -89.1, 14.0),
                  box(-89.7, 13.9, -89.5, 14.1)], crs=4326)
    path = tmp_path / "sv.gpkg"
    shapes.to_file(path)
    registered = oportumap.register_country("SV", path, code_column="COD", name_column="NOM",
                                            dept_column="DEP", country_name="El Salvador")
    assert len(registered) == 3
    assert resolve_municipalities(["mejicanos", "102", "Santa Ana"],
                                  country="SV").tolist() == ["0102", "0102", "0201"]
    assert len(oportumap.departments("SV")) == 2
    with pytest.raises(DataError, match="no es un municipio de El Salvador"):
        resolve_municipalities(["0999"], country="SV")


def test_unregistered_country_says_how_to_register():
    with pytest.raises(DataError, match="register_country"):
        oportumap.municipalities("HN")


def test_register_country_reports_missing_columns(tmp_path):
    shapes = gpd.GeoDataFrame({"A": ["1"]}, geometry=[box(0, 0, 1, 1)], crs=4326)
    with pytest.raises(DataError, match=r"faltan las columnas \['NOM', 'DEP'\]"):
        oportumap.register_country("CR", shapes, code_column="A", name_column="NOM",
                                   dept_column="DEP")
