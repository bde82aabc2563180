"""El Salvador's two levels (2024): 262 districts in 44 municipalities, registered from a
district file either way, with «Municipio» and «Distrito» read together."""

from __future__ import annotations

import pandas as pd
import pytest
from places_fixtures import SV_2024, el_salvador, el_salvador_districts, register_for_corpus
from typer.testing import CliRunner

from oportumap import DataError, geography
from oportumap.cli import app
from oportumap.loaders import read_opportunities, read_returnees


@pytest.fixture(autouse=True)
def _forget():
    geography.clear_cache("SV", "HN")
    yield
    geography.clear_cache("SV", "HN")


def name_of(code: str | None) -> str | None:
    if code is None:
        return None
    return geography.municipalities("SV").set_index("muni_code").loc[code, "muni_name"]


N_DISTRICTS = sum(len(d) for munis in SV_2024.values() for d in munis.values())
N_MUNIS = sum(len(munis) for munis in SV_2024.values())


def test_the_44_municipalities_keep_their_districts_names():
    registered = register_for_corpus("SV")
    assert (len(registered), registered.report["districts"]) == (N_MUNIS, N_DISTRICTS)
    result = geography.resolve(
        ["Ciudad Barrios", "chirilagua", "El Rosario", "El Rosario", "San Miguel Centro",
         "Puerto El Triunfo", "El Triunfo"],
        ["S.M.", "", "Morazán", "", "", "Usul.", ""], country="SV")
    assert [name_of(c) for c in result.codes] == [
        "San Miguel Norte", "San Miguel Centro", "Morazán Norte", None, "San Miguel Centro",
        "Usulután Oeste", "Usulután Norte"]
    # Each reading says old name -> district -> municipality.
    assert result.name_corrections[0] == (
        "se interpretó 'Ciudad Barrios' como el distrito Ciudad Barrios del municipio San "
        "Miguel Norte (San Miguel)")
    assert result.name_corrections[4] is None  # a 2024 name written exactly
    # "El Rosario" is a district in three departments: the department decides.
    assert result.messages[3].startswith("'El Rosario' coincide con 3 municipios")


def test_the_districts_are_kept_with_the_registration():
    register_for_corpus("SV")
    geography.save_registered(geography.get_country("SV"), {"units": N_MUNIS})
    geography.clear_cache("SV")
    geo = geography.get_country("SV")
    assert len(geo.districts) == N_DISTRICTS and not geo.by_district
    codes = geography.resolve(["Pasaquina", "Soyapango"], country="SV").codes
    assert [name_of(c) for c in codes] == ["La Unión Norte", "San Salvador Este"]


ROWS = [  # id, Municipio, Distrito, Departamento
    ("R1", "San Miguel Centro", "Chirilagua", "San Miguel"),
    ("R2", "Usulután Este", "Jiquilisco", "Usul."),          # district of another municipality
    ("R3", "", "Puerto El Triunfo", "Usulután"),              # the district is enough
    ("R4", "", "", "Usulután"),                               # neither
    ("R5", "San Miguel Centro", "Chirilagu", "S.M."),         # typo in the district
    ("R6", "Morazán Norte", "El Rosario", ""),                # shared district name
    ("R7", "Ciudad Barrios", "", "S.M."),                     # old name in «Municipio»
    ("R8", "San Miguel Centro", "", "San Miguel"),            # 2024 name only
    ("R9", "La Unión Sur", "Zzzxq", "La Unión"),               # unreadable district
]


def registry_csv(write, rows=ROWS):
    lines = ["id;Municipio;Distrito;Departamento;Sexo"]
    lines += [";".join(row) + ";F" for row in rows]
    return write("retornados.csv", "\n".join(lines) + "\n")


def test_municipio_and_distrito_read_together(write):
    register_for_corpus("SV")
    data, rejected = read_returnees(registry_csv(write), errors="report", country="SV")
    assert len(data) + len(rejected) == len(ROWS)
    got = dict(zip(data["returnee_id"], data["muni_code"].map(name_of), strict=True))
    assert got == {"R1": "San Miguel Centro", "R3": "Usulután Oeste",
                   "R5": "San Miguel Centro", "R6": "Morazán Norte",
                   "R7": "San Miguel Norte", "R8": "San Miguel Centro",
                   "R9": "La Unión Sur"}
    why = rejected.set_index("row")
    assert why.loc[3, "column"] == "Municipio + Distrito"
    assert why.loc[3, "reason"] == (
        "el distrito 'Jiquilisco' es del municipio Usulután Oeste (Usulután), no de "
        "'Usulután Este'; corrija uno de los dos")
    assert why.loc[5, "column"] == "Municipio + Distrito"
    assert why.loc[5, "reason"].startswith("faltan el municipio y el distrito")


def test_every_district_reading_is_reported(write):
    register_for_corpus("SV")
    result = read_returnees(registry_csv(write), errors="report", country="SV")
    said = result.corrections.set_index("row")
    district = said[said["column"] == "Distrito"]["interpretation"]
    assert district[4] == ("se ubicó por el distrito 'Puerto El Triunfo': Usulután Oeste, "
                           "Usulután")
    assert district[6] == "se interpretó 'Chirilagu' como Chirilagua (San Miguel)"
    assert district[10].startswith("se usó el municipio La Unión Sur, La Unión; distrito "
                                   "'Zzzxq' desconocido")
    municipio = said[said["column"] == "Municipio"]["interpretation"]
    assert municipio[8] == ("se interpretó 'Ciudad Barrios' como el distrito Ciudad Barrios "
                            "del municipio San Miguel Norte (San Miguel)")


def test_registered_by_districts_a_municipality_alone_says_which_are_possible(write):
    registered = register_for_corpus("SV", by_district=True)
    assert (len(registered), registered.report["districts"]) == (N_DISTRICTS, N_DISTRICTS)
    data, rejected = read_returnees(registry_csv(write), errors="report", country="SV")
    assert len(data) + len(rejected) == len(ROWS)
    got = dict(zip(data["returnee_id"], data["muni_code"].map(name_of), strict=True))
    assert got == {"R1": "Chirilagua", "R3": "Puerto El Triunfo", "R5": "Chirilagua",
                   "R6": "El Rosario", "R7": "Ciudad Barrios"}
    assert data.set_index("returnee_id").loc["R6", "muni_code"] == "SV0401004"
    why = rejected.set_index("row")
    assert why.loc[9, "column"] == "Municipio + Distrito"
    assert why.loc[9, "reason"] == (
        "'San Miguel Centro' es un municipio con 6 distritos (San Miguel, Comacarán, "
        "Uluazapa, Moncagua, Quelepa, Chirilagua) y no se sabe cuál: escriba el distrito "
        "(no se supone la cabecera)")
    # A district that cannot be read cannot be replaced by its municipality's seat.
    assert why.loc[10, "column"] == "Municipio + Distrito"
    assert why.loc[10, "reason"].endswith("y no se sabe cuál: escriba el distrito (no se "
                                          "supone la cabecera); distrito 'Zzzxq' "
                                          "desconocido")
    assert why.loc[5, "reason"].startswith("faltan el municipio y el distrito; escriba al "
                                           "menos el distrito")


def test_by_districts_an_old_name_and_another_district_disagree(write):
    register_for_corpus("SV", by_district=True)
    rows = [("R1", "Ciudad Barrios", "Sesori", "San Miguel"),
            ("R2", "Ciudad Barrios", "Ciudad Barrios", "")]
    data, rejected = read_returnees(registry_csv(write, rows), errors="report",
                                    country="SV")
    assert data["returnee_id"].tolist() == ["R2"]
    assert rejected["reason"].iloc[0] == (
        "el distrito 'Sesori' no es 'Ciudad Barrios', que es otro distrito (del municipio "
        "San Miguel Norte); corrija uno de los dos")


def test_an_opportunity_sheet_with_only_2024_municipalities(write):
    path = write("cursos.csv", "id;Nombre;Cupos;Municipio;Departamento\n"
                 "C1;Cocina;18 cupos;San Miguel Centro;San Miguel\n"
                 "C2;Soldadura;15;Usulután Este;Usulután\n")
    register_for_corpus("SV")
    ok = read_opportunities(path, country="SV", kind="training")
    assert ok["muni_code"].map(name_of).tolist() == ["San Miguel Centro", "Usulután Este"]
    assert ok["capacity"].tolist() == [18, 15]
    geography.clear_cache("SV")
    register_for_corpus("SV", by_district=True)
    data, rejected = read_opportunities(path, country="SV", kind="training", errors="report")
    assert data.empty and len(rejected) == 2
    assert rejected["reason"].str.contains("y no se sabe cuál: escriba el distrito").all()


def test_by_districts_needs_the_district_code():
    with pytest.raises(DataError, match="registrar por distritos necesita la columna del "
                                        "nombre del distrito"):
        geography.register_country("SV", el_salvador_districts(), code_column="ADM2_PCODE",
                                   name_column="ADM2_ES", dept_column="ADM1_ES",
                                   district_column="ADM3_ES", by_district=True)


def test_a_distrito_column_in_a_country_registered_without_districts(write):
    """Registered by the 262 old municipalities alone (no district column): a file whose
    only place column is «Distrito» holds those units' names."""
    geography.register_country("SV", el_salvador(lakes=False), code_column="COD",
                               name_column="NOMBRE", dept_column="DEPTO",
                               words={"admin2": "distrito"})
    path = write("r.csv", "id;Distrito;Departamento\nA;Pasaquina;LU\nB;Chirilagua;S.M.\n")
    data = read_returnees(path, country="SV")
    assert data["muni_code"].map(name_of).tolist() == ["Pasaquina", "Chirilagua"]


def test_registered_by_districts_alone_the_distrito_column_names_the_units(write):
    """The 262 districts registered without saying their municipalities (``--admin2
    distrito``): «Distrito» names the unit, «Municipio» stands in where it is blank."""
    geography.register_country("SV", el_salvador(lakes=False), code_column="COD",
                               name_column="NOMBRE", dept_column="DEPTO",
                               words={"admin2": "distrito"})
    rows = [("A", "San Miguel Centro", "Chirilagua", "S.M."), ("B", "Ciudad Barrios", "", ""),
            ("C", "San Miguel Centro", "", ""), ("D", "", "", "Usulután")]
    data, rejected = read_returnees(registry_csv(write, rows), errors="report",
                                    country="SV")
    assert data["muni_code"].map(name_of).tolist() == ["Chirilagua", "Ciudad Barrios"]
    why = rejected.set_index("row")
    assert why.loc[4, "column"] == why.loc[5, "column"] == "Municipio + Distrito"
    assert why.loc[4, "reason"].startswith("distrito 'San Miguel Centro' desconocido")
    assert why.loc[5, "reason"].startswith("faltan el municipio y el distrito; escriba al "
                                           "menos el distrito")


def test_country_add_with_a_district_column(tmp_path):
    path = tmp_path / "slv_adm3.gpkg"
    el_salvador_districts().to_file(path, driver="GPKG")
    out = CliRunner().invoke(app, ["country", "add", "SV", "--boundaries", str(path),
                                   "--code-column", "ADM2_PCODE", "--name-column", "ADM2_ES",
                                   "--dept-column", "ADM1_ES", "--district-column",
                                   "ADM3_ES"])
    assert out.exit_code == 0, out.output
    assert f"Se guardaron {N_DISTRICTS} distritos de estos {N_MUNIS} municipios" in (
        " ".join(out.output.split()))
    geography.clear_cache("SV")  # a later session reads it from the data home
    result = geography.resolve(["Santa Rosa de Lima", "Jocoro"], country="SV")
    assert [name_of(c) for c in result.codes] == ["La Unión Norte", "Morazán Sur"]
    geo = geography.get_country("SV")
    assert geo.districts["district_id"].str.contains(".", regex=False).all()


@pytest.mark.parametrize(("written", "country", "department"), [
    ("S.M.", "SV", "San Miguel"), ("S.M.", "GT", "San Marcos"),
    ("LU", "SV", "La Unión"), ("F.M.", "HN", "Francisco Morazán"),
    ("S.S.", "SV", "San Salvador"), ("Sta. Bárbara", "HN", "Santa Bárbara"),
])
def test_department_abbreviations_belong_to_their_country(written, country, department):
    table = geography.department_table(country)
    codes, ok = geography.resolve_departments([written], country=country)
    assert ok[0] and table.dept_names[codes[0]] == department


def test_honduran_decoys_are_told_apart_by_department(write):
    register_for_corpus("HN")
    path = write("ceiba.csv", "sep=;\nid;Municipio;Departamento\nA;El Porvenir;Atlantida\n"
                 "B;El Porvenir;F.M.\nC;San Francisco;Lempira\nD;El Porvenir;\n"
                 "E;Jutiapa;\n", encoding="cp1252")
    data, rejected = read_returnees(path, errors="report", country="HN")
    munis = geography.municipalities("HN").set_index("muni_code")
    got = {i: tuple(munis.loc[c, ["muni_name", "dept_name"]])
           for i, c in zip(data["returnee_id"], data["muni_code"], strict=True)}
    assert got == {"A": ("El Porvenir", "Atlántida"),
                   "B": ("El Porvenir", "FRANCISCO MORAZAN"),
                   "C": ("San Francisco", "Lempira"), "E": ("Jutiapa", "Atlántida")}
    assert rejected["row"].tolist() == [6]
    assert rejected["reason"].iloc[0].startswith("'El Porvenir' coincide con 2 municipios")
    assert pd.Series(data["returnee_id"]).is_unique


def test_country_add_by_district_says_what_a_municipality_alone_does(tmp_path):
    path = tmp_path / "slv_adm3.gpkg"
    el_salvador_districts().to_file(path, driver="GPKG")
    out = CliRunner().invoke(app, ["country", "add", "SV", "--boundaries", str(path),
                                   "--code-column", "ADM2_PCODE", "--name-column", "ADM2_ES",
                                   "--dept-column", "ADM1_ES", "--district-column", "ADM3_ES",
                                   "--district-code-column", "ADM3_PCODE", "--by-district"])
    assert out.exit_code == 0, out.output
    said = " ".join(out.output.split())
    assert f"Registrado El Salvador (SV): {N_DISTRICTS} distritos en 8 departamentos" in said
    assert (f"Registrados por distritos: {N_DISTRICTS} distritos de {N_MUNIS} municipios; un "
            "municipio escrito sin distrito se rechaza diciendo que no se sabe cuál.") in said
    geography.clear_cache("SV")
    result = geography.resolve(["Usulután Oeste", "Jiquilisco"], country="SV")
    assert result.codes[0] is None and name_of(result.codes[1]) == "Jiquilisco"
    assert result.messages[0] == (
        "'Usulután Oeste' es un municipio con 4 distritos (Jiquilisco, Puerto El Triunfo, "
        "San Agustín, San Francisco Javier) y no se sabe cuál: escriba el distrito (no se "
        "supone la cabecera)")


def test_a_misspelt_old_name_says_which_district_it_was_read_as():
    register_for_corpus("SV")
    result = geography.resolve(["Chirilagu", "Cd. Barrios", "San Migel Centro",
                                "Jiquilizco"], ["", "", "", "Usulután"], country="SV")
    assert [name_of(c) for c in result.codes] == [
        "San Miguel Centro", "San Miguel Norte", "San Miguel Centro", "Usulután Oeste"]
    assert result.name_corrections.tolist() == [
        "se interpretó 'Chirilagu' como el distrito Chirilagua del municipio San Miguel "
        "Centro (San Miguel)",
        "se interpretó 'Cd. Barrios' como el distrito Ciudad Barrios del municipio San "
        "Miguel Norte (San Miguel)",
        # a typo of the 2024 name itself names no district
        "se interpretó 'San Migel Centro' como San Miguel Centro (San Miguel)",
        "se interpretó 'Jiquilizco' como el distrito Jiquilisco del municipio Usulután "
        "Oeste (Usulután)"]


def test_the_oriente_folder_registered_by_districts_rejects_only_the_rows_without_one():
    """README row 16 note: by districts, a row with only a 2024 municipality is rejected
    saying why; every other row reads as with the 44 municipalities."""
    from test_corpus import CORPUS

    if CORPUS is None:
        pytest.skip("office corpus not available")
    from oportumap.loaders.content import read_folder

    register_for_corpus("SV", by_district=True)
    tables = read_folder(CORPUS / "sv_oriente_san_miguel", country="SV")
    rejected = pd.concat([t.result.rejected for t in tables if t.result is not None],
                         ignore_index=True)
    which = rejected[rejected["reason"].str.contains("y no se sabe cuál: escriba el distrito")]
    got = sorted(zip(which["sheet"], which["row"], strict=True))
    assert got == [("Consolidado", 16), *[("Cursos y certificación", r) for r in range(2, 9)],
                   ("Vacantes", 11)]
    others = rejected.drop(which.index)
    assert sorted(zip(others["sheet"], others["row"], strict=True)) == [
        ("Consolidado", 8), ("Consolidado", 19), ("Consolidado", 21)]


def test_a_planner_says_which_column_is_the_district(write):
    """A header nobody names «Distrito» («Zona (antes municipio)») is set once by a
    planner's column roles; the role reads «Distrito» in the roles table."""
    register_for_corpus("SV")
    path = write("r.csv", "id;Municipio;Zona (antes municipio);Departamento\n"
                 "A;San Miguel Centro;Quelepa;San Miguel\nB;La Unión Sur;Pasaquina;LU\n")
    result = read_returnees(path, errors="report", country="SV",
                            columns={"Zona (antes municipio)": "distrito"})
    assert result.data["muni_code"].map(name_of).tolist() == ["San Miguel Centro"]
    assert result.rejected["reason"].tolist() == [
        "el distrito 'Pasaquina' es del municipio La Unión Norte (La Unión), no de 'La Unión "
        "Sur'; corrija uno de los dos"]
    assert result.rejected["column"].tolist() == ["Municipio + Zona (antes municipio)"]
    roles = result.roles.set_index("column")
    assert roles.loc["Zona (antes municipio)", "role"] == "distrito"
    # In columnas.csv a person writes the label; it reads back as the role.
    from oportumap.loaders.roles import role_from_label, role_label

    assert role_label("distrito") == "Distrito" and role_from_label("Distrito") == "distrito"
