"""Other countries from the command line: register once, find it later, per-country words."""

from __future__ import annotations

import json
import subprocess
import sys

import geopandas as gpd
import pytest
from shapely.geometry import Point, box
from typer.testing import CliRunner

from oportumap import DataError, geography
from oportumap.cli import app
from oportumap.countries import country_words, data_home

runner = CliRunner()


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    """Every test gets its own empty data folder and forgets registered countries."""
    folder = tmp_path / "home"
    monkeypatch.setenv("OPORTUMAP_HOME", str(folder))
    geography.clear_cache("ZZ", "CR", "SV", "HN")
    yield folder
    geography.clear_cache("ZZ", "CR", "SV", "HN")


def cli(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def zeta_file(tmp_path):
    """A made-up country's canton file as such files are published: projected (CR's
    EPSG:5367), integer codes of mixed width, an island canton drawn in three features."""
    shapes = gpd.GeoDataFrame(
        {
            "COD_CANT": [101, 102, 1101, 1101, 1101, 2217],
            "NOM_CANT": ["Alfa Central", "Santa Lucía", "Puerto Isla", "Puerto Isla",
                         "Puerto Isla", "Cañas Dulces"],
            "NOM_PROV": ["Norte", "Norte", "Islas", "Islas", "Islas", "Sur"],
            "COD_PROV": [1, 1, 11, 11, 11, 22],
        },
        geometry=[
            box(480_000, 1_100_000, 490_000, 1_110_000),
            box(490_000, 1_100_000, 500_000, 1_110_000),
            box(520_000, 1_100_000, 522_000, 1_102_000),
            box(525_000, 1_100_000, 527_000, 1_102_000),
            box(530_000, 1_104_000, 532_000, 1_106_000),
            box(480_000, 1_080_000, 500_000, 1_090_000),
        ],
        crs="EPSG:5367",
    )
    path = tmp_path / "cantones.gpkg"
    shapes.to_file(path)
    return path, shapes


def add_zeta(path, *extra: str):
    return cli("country", "add", "ZZ", "--boundaries", str(path), "--code-column",
               "COD_CANT", "--name-column", "NOM_CANT", "--dept-column", "NOM_PROV",
               "--dept-code-column", "COD_PROV", "--name", "Zeta", "--admin1", "provincia",
               "--admin2", "cantón", "--id-document", "cédula", *extra)


def test_country_add_reports_what_it_did_with_the_file(zeta_file, home):
    path, _ = zeta_file
    result = add_zeta(path)
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert ("Registrado Zeta (ZZ): 4 cantones en 3 provincias, leídos de 6 polígonos "
            "(EPSG:5367 convertido a EPSG:4326).") in out
    assert "Se unieron los polígonos de 1 cantón dibujado en varias partes: 1101 (3 " \
           "polígonos)." in out
    assert (home / "countries" / "ZZ" / "municipalities.gpkg").exists()
    meta = json.loads((home / "countries" / "ZZ" / "country.json").read_text("utf-8"))
    assert meta["registration"]["merged"] == {"1101": 3}
    assert meta["words"]["admin2_plural"] == "cantones"


def test_registered_country_is_found_by_a_fresh_get_country(zeta_file):
    path, shapes = zeta_file
    assert add_zeta(path).exit_code == 0
    geography.clear_cache("ZZ")
    munis = geography.municipalities("ZZ")
    assert munis["muni_code"].tolist() == ["101", "102", "1101", "2217"]
    assert munis.crs.to_epsg() == 4326
    # Reprojected: CRTM05 metres around x=500 km are near 84° W, 10° N.
    minx, miny, maxx, maxy = munis.total_bounds
    assert -84.3 < minx < maxx < -83.6 and 9.7 < miny < maxy < 10.1
    island = munis.set_index("muni_code").loc["1101"]
    assert island.geometry.geom_type == "MultiPolygon" and len(island.geometry.geoms) == 3
    # Its distance point lies on one of the islands, not in the sea between them.
    assert island.geometry.contains(Point(island["lon"], island["lat"]))
    assert island["dept_code"] == "11" and island["dept_name"] == "Islas"
    assert munis.set_index("muni_code").loc["102", "muni_name"] == "Santa Lucía"
    assert geography.departments("ZZ")["dept_name"].tolist() == ["Norte", "Islas", "Sur"]


@pytest.mark.parametrize("written", [101, "101", 101.0, "101.0", "0101", " 101 "])
def test_the_exact_code_from_the_file_resolves(zeta_file, written):
    path, _ = zeta_file
    assert add_zeta(path).exit_code == 0
    geography.clear_cache("ZZ")
    result = geography.resolve([written, 2217, "1101"], country="ZZ")
    assert result.codes.tolist() == ["101", "2217", "1101"]
    assert result.corrections.isna().all()


def test_names_and_messages_use_the_countrys_words(zeta_file):
    path, _ = zeta_file
    assert add_zeta(path).exit_code == 0
    geography.clear_cache("ZZ")
    result = geography.resolve(["canas dulces", "Puerto Isla", "Sta. Lucia", "999",
                                "Alfa"], ["", "Islas", "Norte", "", "Sur"], country="ZZ")
    assert result.codes.tolist() == ["2217", "1101", "102", None, None]
    assert result.corrections[2] == "se interpretó 'Sta. Lucia' como Santa Lucía (Norte)"
    assert result.messages[3] == ("el código '999' no es un cantón de Zeta; use el código "
                                  "(p. ej. '101')")
    assert result.messages[4].startswith("cantón 'Alfa' desconocido")
    words = country_words("ZZ")
    assert (words["id_document"], words["admin1"], words["admin2_plural"]) == (
        "cédula", "provincia", "cantones")


def test_country_list_and_remove(zeta_file):
    path, _ = zeta_file
    assert add_zeta(path).exit_code == 0
    listed = cli("country", "list")
    assert listed.exit_code == 0
    assert "ZZ" in listed.output and "Zeta" in listed.output
    assert "7 provincias" in listed.output  # Costa Rica's bundled provinces
    removed = cli("country", "remove", "zz")
    assert removed.exit_code == 0 and "Registro de ZZ borrado." in removed.output
    with pytest.raises(DataError, match="oportumap country add ZZ"):
        geography.get_country("ZZ")
    again = cli("country", "remove", "ZZ")
    assert again.exit_code == 1
    assert "El país ZZ no está registrado" in again.output


def test_country_add_explains_bad_files(zeta_file, tmp_path):
    path, shapes = zeta_file
    result = cli("country", "add", "ZZ", "--boundaries", str(path), "--code-column", "CODIGO",
                 "--name-column", "NOM_CANT", "--dept-column", "NOM_PROV")
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "faltan las columnas ['CODIGO']" in out and "'COD_CANT'" in out
    clash = shapes.copy()
    clash.loc[3, "NOM_CANT"] = "Otra Isla"
    clash_path = tmp_path / "choque.geojson"
    clash.to_file(clash_path, driver="GeoJSON")
    result = cli("country", "add", "ZZ", "--boundaries", str(clash_path), "--code-column",
                 "COD_CANT", "--name-column", "NOM_CANT", "--dept-column", "NOM_PROV")
    assert result.exit_code == 1
    assert "el mismo código tiene nombres distintos" in result.output
    assert "1101: otra isla, puerto isla" in " ".join(result.output.split())
    assert cli("country", "add", "GT", "--boundaries", str(path), "--code-column", "A",
               "--name-column", "B", "--dept-column", "C").exit_code == 1
    assert cli("country", "add", "ZZ", "--boundaries", str(tmp_path / "no.gpkg"),
               "--code-column", "A", "--name-column", "B", "--dept-column", "C"
               ).exit_code == 1
    assert not (data_home() / "countries" / "ZZ").exists()


def test_registration_in_python_is_in_memory_unless_persisted(zeta_file, home):
    _, shapes = zeta_file
    registered = geography.register_country("ZZ", shapes, code_column="COD_CANT",
                                            name_column="NOM_CANT", dept_column="NOM_PROV")
    assert registered.report["merged"] == {"1101": 3}
    assert not (home / "countries").exists()
    # Without a department code column, departments are numbered alphabetically.
    assert geography.departments("ZZ")["dept_name"].tolist() == ["Islas", "Norte", "Sur"]
    geography.register_country("ZZ", shapes, code_column="COD_CANT", name_column="NOM_CANT",
                               dept_column="NOM_PROV", persist=True)
    geography.clear_cache("ZZ")
    assert len(geography.municipalities("ZZ")) == 4


def test_a_later_process_finds_the_registered_country(zeta_file, home):
    path, _ = zeta_file
    assert add_zeta(path).exit_code == 0
    code = ("from oportumap.geography import resolve; "
            "print(resolve(['0101', 'Cañas Dulces'], country='ZZ').codes.tolist())")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"OPORTUMAP_HOME": str(home), "PATH": "/usr/bin:/bin"},
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['101', '2217']"


@pytest.mark.parametrize(
    ("country", "id_document", "code_name", "admin1", "admin2"),
    [
        ("GT", "DPI", "código INE", "departamento", "municipio"),
        ("SV", "DUI", "código", "departamento", "municipio"),
        ("HN", "DNI", "código", "departamento", "municipio"),
        ("CR", "cédula", "código", "provincia", "cantón"),
    ],
)
def test_built_in_words_per_country(country, id_document, code_name, admin1, admin2):
    words = country_words(country)
    assert (words["id_document"], words["code_name"], words["admin1"], words["admin2"]) == (
        id_document, code_name, admin1, admin2)
    assert country_words(country, "en")["admin1"] in {"department", "province"}


def test_bundled_first_level_units_resolve_before_registration():
    provinces = geography.departments("CR")
    assert provinces["dept_name"].tolist() == ["San José", "Alajuela", "Cartago", "Heredia",
                                               "Guanacaste", "Puntarenas", "Limón"]
    assert provinces.crs.to_epsg() == 4326
    assert len(geography.departments("SV")) == 14
    assert len(geography.departments("HN")) == 18
    codes, ok = geography.resolve_departments(
        ["san jose", "LIMON", "Guanacastre", "Narnia", ""], country="CR")
    assert codes.tolist() == ["1", "7", "5", None, None]
    assert ok.tolist() == [True, True, True, False, True]
    sv, _ = geography.resolve_departments(["Usulutan", "La Union", "Cabañas"], country="SV")
    assert sv.tolist() == ["11", "14", "09"]
    with pytest.raises(DataError, match="oportumap country add CR"):
        geography.municipalities("CR")


def test_text_codes_and_names_read_with_the_wrong_encoding(home):
    shapes = gpd.GeoDataFrame(
        {"PCODE": ["SV0101", "SV0102", "SV0201"],
         "NAME": ["AhuachapÃ¡n Norte", "Apaneca", "Santa Ana Centro"],
         "DEPT": ["AhuachapÃ¡n", "AhuachapÃ¡n", "Santa Ana"]},
        geometry=[box(-89.9, 13.9, -89.8, 14.0), box(-89.8, 13.9, -89.7, 14.0),
                  box(-89.6, 13.9, -89.5, 14.0)], crs=4326)
    munis = geography.register_country("ZZ", shapes, code_column="PCODE", name_column="NAME",
                                       dept_column="DEPT").municipalities
    assert munis["muni_name"].tolist() == ["Ahuachapán Norte", "Apaneca", "Santa Ana Centro"]
    assert munis["dept_name"].tolist() == ["Ahuachapán", "Ahuachapán", "Santa Ana"]
    result = geography.resolve(["sv0102", "SV0201", "Ahuachapan norte", "SV0999"],
                               country="ZZ")
    assert result.codes.tolist() == ["SV0102", "SV0201", "SV0101", None]
    assert result.messages[3].startswith("municipio 'SV0999' desconocido")


def test_either_level_of_el_salvadors_2024_reform_can_be_registered(tmp_path, home):
    """Districts (the 262 former municipalities) or the 44 new municipalities, from one file
    of districts that also names each district's new municipality."""
    districts = gpd.GeoDataFrame(
        {"ADM3_PCODE": ["SV0101", "SV0102", "SV0103", "SV0201"],
         "ADM3_ES": ["Ahuachapán", "Apaneca", "Atiquizaya", "Candelaria de la Frontera"],
         "ADM2_PCODE": ["SV01A", "SV01A", "SV01B", "SV02A"],
         "ADM2_ES": ["Ahuachapán Centro", "Ahuachapán Centro", "Ahuachapán Norte",
                     "Santa Ana Oeste"],
         "ADM1_ES": ["Ahuachapán", "Ahuachapán", "Ahuachapán", "Santa Ana"]},
        geometry=[box(-89.9, 13.9, -89.8, 14.0), box(-89.8, 13.9, -89.7, 14.0),
                  box(-89.9, 14.0, -89.8, 14.1), box(-89.6, 14.1, -89.5, 14.2)], crs=4326)
    path = tmp_path / "distritos.geojson"
    districts.to_file(path, driver="GeoJSON")
    common = ["--boundaries", str(path), "--dept-column", "ADM1_ES", "--name", "El Salvador"]
    by_district = cli("country", "add", "SV", "--code-column", "ADM3_PCODE", "--name-column",
                      "ADM3_ES", "--admin2", "distrito", *common)
    assert by_district.exit_code == 0, by_district.output
    assert "4 distritos en 2 departamentos" in " ".join(by_district.output.split())
    by_municipality = cli("country", "add", "ZZ", "--code-column", "ADM2_PCODE",
                          "--name-column", "ADM2_ES", *common)
    assert by_municipality.exit_code == 0, by_municipality.output
    out = " ".join(by_municipality.output.split())
    assert "3 municipios en 2 departamentos, leídos de 4 polígonos" in out
    assert "SV01A (2 polígonos)" in out
    geography.clear_cache()
    assert geography.resolve(["Apaneca"], country="SV").codes.tolist() == ["SV0102"]
    assert geography.resolve(["Ahuachapan Centro"], country="ZZ").codes.tolist() == ["SV01A"]
    assert country_words("SV")["admin2_plural"] == "distritos"
    assert country_words("SV")["id_document"] == "DUI"


def test_a_geopackage_with_several_layers_needs_the_layer_named(zeta_file, tmp_path):
    _, shapes = zeta_file
    path = tmp_path / "varias.gpkg"
    shapes.to_file(path, layer="cantones")
    shapes.dissolve("NOM_PROV").reset_index().to_file(path, layer="provincias")
    args = ["country", "add", "ZZ", "--boundaries", str(path), "--code-column", "COD_CANT",
            "--name-column", "NOM_CANT", "--dept-column", "NOM_PROV"]
    refused = cli(*args)
    assert refused.exit_code == 1
    assert "el archivo tiene varias capas (cantones, provincias); indique cuál con --layer" in \
        " ".join(refused.output.split())
    accepted = cli(*args, "--layer", "cantones")
    assert accepted.exit_code == 0, accepted.output
    assert "4 municipios en 3 departamentos" in " ".join(accepted.output.split())


def test_a_registered_country_loads_a_data_folder_in_a_later_session(zeta_file, tmp_path):
    import oportumap

    path, _ = zeta_file
    assert add_zeta(path).exit_code == 0
    geography.clear_cache("ZZ")
    folder = tmp_path / "datos_zz"
    folder.mkdir()
    (folder / "returnees.csv").write_text(
        "id;municipio;departamento;ocupacion;consentimiento\n"
        "P1;Santa Lucia;Norte;albañil;sí\n"
        "P2;101;;cocinero;sí\n"
        "P3;Cañas Dulces;Sur;albañil;sí\n"
        "P4;1101;;albañil;sí\n", encoding="utf-8")
    (folder / "vacancies.csv").write_text(
        "id;puesto;plazas;municipio\nV1;Albañil;3;2217\n", encoding="utf-8")
    ds = oportumap.load_dataset(folder, country="ZZ")
    assert ds.returnees["muni_code"].tolist() == ["102", "101", "2217", "1101"]
    assert ds.opportunities["muni_code"].tolist() == ["2217"]


def test_a_registered_country_runs_validate_referrals_and_map_from_the_command_line(
        zeta_file, tmp_path):
    """A Costa Rica-style user: `country add`, then every command with --country, no Python."""
    import openpyxl

    path, _ = zeta_file
    assert add_zeta(path).exit_code == 0
    geography.clear_cache("ZZ")
    folder = tmp_path / "datos"
    folder.mkdir()
    (folder / "retornados.csv").write_text(
        "cedula;canton;provincia;ocupacion;tiene cedula;consentimiento\n"
        "C1;Santa Lucia;Norte;albañil;no;si\n"
        "C2;101;;albañil;si;si\n"
        "C3;Nada Que Ver;Norte;albañil;si;si\n", encoding="utf-8")
    (folder / "vacantes.csv").write_text(
        "id;puesto;empresa;canton;plazas;contacto\n"
        "V1;Albañil;Constructora;Alfa Central;3;2222-0000\n", encoding="utf-8")
    validated = cli("validate", "--data", str(folder), "--country", "ZZ", "--out",
                    str(tmp_path / "val"))
    text = validated.output.replace("\n", " ")
    assert "retornados.csv: 3 filas leídas, 2 aceptadas, 1 rechazada" in text
    out = tmp_path / "out" / "referencias.xlsx"
    result = cli("referrals", "--data", str(folder), "--country", "ZZ", "--out", str(out))
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    sheet = wb["Norte"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2,
                                                                       values_only=True)]
    assert "Cantón de residencia" in header and "Provincia" in header
    assert {r["ID retornado"] for r in rows} == {"C1", "C2"}
    assert {r["Contacto"] for r in rows if r["Etapa"] == "Empleo"} == {"2222-0000"}
    assert wb["Resumen"]["A1"].value == "Provincia"
    mapped = cli("map", "--data", str(folder), "--country", "ZZ", "--out",
                 str(tmp_path / "out" / "mapa.html"))
    assert mapped.exit_code == 0, mapped.output
    html = (tmp_path / "out" / "mapa.html").read_text(encoding="utf-8")
    assert "Cantón" in html and "Alfa Central" in html
