"""Places as offices write them (the corpus in ../shared/corpus), resolved from tables a
user can extend, every non-exact reading reported."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from places_fixtures import el_salvador, honduras
from typer.testing import CliRunner

from oportumap import DataError, geography
from oportumap.cli import app
from oportumap.geography.aliases import bundled_aliases, read_aliases
from oportumap.geography.names import place_key

runner = CliRunner()


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    folder = tmp_path / "home"
    monkeypatch.setenv("OPORTUMAP_HOME", str(folder))
    geography.clear_cache("HN", "SV", "ZZ")
    yield folder
    geography.clear_cache("HN", "SV", "ZZ")


def cli(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def flat(text: str) -> str:
    return " ".join(str(text).split())


# Every (municipality, department) pair written in the Guatemalan corpus folders that is
# not the official name, with the INE code a correct reading gives (README / _esperado).
GT_CORPUS = [
    # gt_alta_verapaz_coban
    ("Cobán", "A.V.", "1601"), ("Carchá", "A.V.", "1609"), ("Salamá", "B.V.", "1501"),
    ("CobÃ¡n", "A.V.", "1601"), ("San Pedro CarchÃ¡", "A.V.", "1609"),
    ("Chamelco", "A.V.", "1610"), ("TamahÃº", "AV", "1605"), ("Tucurú", "A.V.", "1606"),
    ("SenahÃº", "A.V.", "1608"), ("Cahabón", "A.V.", "1612"), ("Lanquín", "A.V.", "1611"),
    ("Chisec", "AV", "1613"), ("Fray", "A.V.", "1615"), ("La Tinta", "A.V.", "1616"),
    ("San Cristóbal V.", "A.V.", "1603"), ("Purulhá", "B.V.", "1508"),
    ("Ixcán", "QuichÃ©", "1420"), ("UspantÃ¡n", "QuichÃ©", "1415"), ("Chahal", "A.V.", "1614"),
    # gt_capital_export_ingles
    ("Zona 10, Guatemala City", "", "0101"), ("Zona 4", "", "0101"),
    ("Guatemala City", "", "0101"), ("Zona 1, Guatemala", "", "0101"),
    ("zona 18", "", "0101"), ("Zona 13, Guatemala", "", "0101"), ("Guate", "", "0101"),
    ("Guatemala City", "Guatemala", "0101"), ("\u00a0Villa Nueva", "", "0115"),
    ("Petapa", "", "0117"), ("San Juan Sac.", "", "0110"),
    ("San Pedro Sacatepequez", "Guatemala", "0109"), ("Amatitlan", "", "0114"),
    ("San Jose Pinula", "", "0103"), ("Antigua", "", "0301"),
    ("Puerto San José", "", "0509"), ("Ciudad de Guatemala", "", "0101"),
    # gt_huehuetenango_ventanilla
    ("HUEHUE", "", "1301"), ("Barillas", "", "1326"), ("Soloma", "", "1308"),
    ("BARILLAS", "HUEHUE", "1326"), ("SAN MATEO IXTATAN", "HUEHUE", "1318"),
    ("SN. PEDRO NECTA", "HUEHUE", "1306"), ("CUULCO", "HUEHUE", "1304"),
    ("LA DEMOCRACIA", "HUEHUE", "1312"), ("LA LIBERTAD", "HUEHUE", "1311"),
    ("TODOS SANTOS", "HUEHUE", "1315"), ("NENTON", "HUEHUE", "1305"),
    ("AGUACATAN", "HUEHUETENANGO", "1327"), ("SAN SEBASTIAN H.", "HUEHUE", "1320"),
    ("STA. BARBARA", "HUEHUE", "1310"), ("TACANA", "S.M.", "1207"),
    ("SAN ILDEFONSO IXTAHUACAN", "HUEHUE", "1309"),
    # gt_quetzaltenango_feria_intecap
    ("Xela", "", "0901"), ("Xela zona 3", "", "0901"), ("Olintepeque", "", "0903"),
    ("Reu", "", "1101"), ("Xela", "Quetzaltenango", "0901"),
    ("Ostuncalco", "Quetzaltenango", "0909"), ("San Francisco El Alto", "Totonicapán", "0803"),
    ("Sija", "Quetzaltenango", "0904"), ("Colomba", "Quetzaltenango", "0917"),
    ("Palestina", "Quetzaltenango", "0924"), ("San Mateo", "Quetzaltenango", "0910"),
    # gt_quiche_oficina_regional
    ("Chichi", "Quiché", "1406"), ("Nebaj", "Quiché", "1413"), ("la capital", "Guatemala",
                                                                "0101"),
    ("Uspantán", "Quiché", "1415"), ("Sta. Cruz del Quiché", "Quiché", "1401"),
    ("Sta. Cruz del Quiché", "", "1401"), ("Uspantan", "Quiché", "1415"),
    ("Joyabaj", "QUICHE", "1412"), ("Chajul", "Quiche", "1405"), ("Cotzal", "Quiché", "1411"),
    ("Santa Cruz", "El Quiché", "1401"), ("Cunen", "Quiché", "1410"),
    ("Playa Grande", "Quiché", "1420"), ("Sn. Pedro Jocopilas", "Quiché", "1409"),
    ("San Andres Sajcabaja", "Quiché", "1414"), ("Joyabáj", "Quiché", "1412"),
    ("Momostenango", "Toto", "0805"), ("Pachalum", "El Quiché", "1421"),
    ("Cubulco", "B.V.", "1504"), ("Chichicastenango", "Quiché", "1406"),
    # gt_san_marcos_por_mes
    ("Tecún Umán", "San Marcos", "1217"), ("Tacaná", "S.M.", "1207"),
    ("Tutuapa", "S.M.", "1206"), ("Sibinal", "SM", "1208"),
    ("San Pedro Sac.", "S.M.", "1202"), ("S. Marcos", "", "1201"),
    ("Tecún Umán", "S.M.", "1217"), ("Malacatan, S.M.", "", "1215"),
    ("El Rodeo", "S.M.", "1214"), ("Pajapita", "SM", "1222"), ("La Blanca", "S.M.", "1230"),
    ("Sn. José Ojetenam", "S.M.", "1224"), ("Cuilco", "Huehue", "1304"),
    ("San Antonio Sac.", "S.M.", "1203"), ("Río Blanco", "S.M.", "1228"),
    # kobo_totonicapan_solola
    ("san_francisco_el_alto", "totonicapan", "0803"), ("san_bartolo", "totonicapan", "0808"),
    ("santa_catarina_ixtahuacan", "solola", "0706"), ("concepcion", "solola", "0708"),
    ("san_pedro_la_laguna", "solola", "0718"), ("santa_lucia_la_reforma", "totonicapan",
                                                "0807"),
    # department abbreviations the issue names
    ("San Marcos", "S.M.", "1201"), ("Quetzaltenango", "Quet.", "0901"),
    ("Huehuetenango", "Huehue", "1301"),
]

# Written places the READMEs say are rejected, and what the message says.
GT_REJECTED = [
    ("La Democracia", "", "coincide con 2 municipios"),
    ("CUULCO", "", "municipio 'CUULCO' desconocido"),
    ("Tapachula, Chiapas", "", "municipio 'Tapachula, Chiapas' desconocido"),
    ("Los Angeles", "", "municipio 'Los Angeles' desconocido"),
    ("San Marcos", "Quetzaltenango", "'San Marcos' no está en el departamento 'Quetzaltenango'"),
    ("San Pedro", "", "'San Pedro' es el comienzo del nombre de 10 municipios"),
    ("San Pedro Sac.", "", "'San Pedro Sac.' coincide con 2 municipios (San Pedro "
                           "Sacatepéquez, Guatemala; San Pedro Sacatepéquez, San Marcos)"),
    ("San Pedro Sacatepéquez", "", "coincide con 2 municipios"),
]


def test_every_place_written_in_the_guatemalan_corpus_resolves_and_is_reported():
    names, depts, codes = zip(*GT_CORPUS, strict=True)
    result = geography.resolve(list(names), list(depts))
    wrong = [(n, d, c, got, msg) for n, d, c, got, msg in
             zip(names, depts, codes, result.codes, result.messages, strict=True) if got != c]
    assert wrong == []
    # Every reading that is not the official name (accents and case aside) is reported.
    labels = geography.get_country("GT").municipalities.set_index("muni_code")["muni_name"]
    for name, dept, code, note in zip(names, depts, codes, result.corrections, strict=True):
        official = place_key(labels[code]) == place_key(name)
        official_dept = dept == "" or place_key(dept) in geography.get_country(
            "GT").dept_official
        assert (note is None) == (official and official_dept), (name, dept, note)


@pytest.mark.parametrize("name, dept, message", GT_REJECTED)
def test_places_the_corpus_rejects_are_rejected_with_the_reason(name, dept, message):
    result = geography.resolve([name], [dept])
    assert result.codes[0] is None
    assert message in result.messages[0]


def test_what_was_read_is_said_in_the_correction():
    result = geography.resolve(["Tecún Umán", "Zona 18", "Malacatan, S.M.", "Uspantan"],
                               ["S.M.", "", "", "Quiché"])
    assert result.corrections.tolist() == [
        "se interpretó 'Tecún Umán' como Ayutla (San Marcos); se interpretó el departamento "
        "'S.M.' como San Marcos",
        "se interpretó 'Zona 18' como Guatemala (Guatemala)",
        "se interpretó 'Malacatan, S.M.' como Malacatán (San Marcos)",
        "se interpretó 'Uspantan' como San Miguel Uspantán (Quiché)"]


def register(country: str, shapes, **kwargs):
    return geography.register_country(country, shapes, code_column="COD",
                                      name_column="NOMBRE", dept_column="DEPTO", **kwargs)


HN_CORPUS = [  # hn_umar_sps_ceiba: (municipio, departamento) -> (name, department)
    ("SPS", "Cortés", "San Pedro Sula"), ("SPS", "", "San Pedro Sula"),
    ("Tegucigalpa", "F.M.", "Distrito Central"), ("Tegucigalpa", "", "Distrito Central"),
    ("Comayagüela", "Francisco Morazán", "Distrito Central"),
    ("Tegus", "F.M.", "Distrito Central"), ("Villanueva", "Ctés.", "Villanueva"),
    ("Ceiba", "Atlantida", "La Ceiba"), ("La Ceiba", "", "La Ceiba"),
    ("Jutiapa", "Atlántida", "Jutiapa"), ("Arizona", "Atlántida", "Arizona"),
    ("El Porvenir", "Atlántida", "El Porvenir"), ("San Francisco", "Atlántida",
                                                  "San Francisco"),
    ("Tocoa", "Colon", "Tocoa"), ("Danlí", "El Paraíso", "Danlí"), ("Danlí", "", "Danlí"),
    ("Puerto Cortés", "Cortés", "Puerto Cortés"),
]


def test_honduran_places_as_the_umar_offices_write_them():
    register("HN", honduras(), country_name="Honduras")
    names, depts, official = zip(*HN_CORPUS, strict=True)
    result = geography.resolve(list(names), list(depts), country="HN")
    munis = geography.municipalities("HN").set_index("muni_code")
    got = [None if c is None else munis.loc[c, "muni_name"] for c in result.codes]
    assert got == list(official)
    assert result.corrections[2] == (
        "se interpretó 'Tegucigalpa' como Distrito Central (FRANCISCO MORAZAN); se interpretó "
        "el departamento 'F.M.' como FRANCISCO MORAZAN")
    rejected = geography.resolve(["San Pedro", "Tegucigalpa", "El Porvenir"],
                                 ["", "Cortés", ""], country="HN")
    assert rejected.codes.isna().all()
    assert rejected.messages[0].startswith("'San Pedro' es el comienzo del nombre de 4 "
                                           "municipios (San Pedro Sula, Cortés;")
    assert rejected.messages[1] == ("'Tegucigalpa' no está en el departamento 'Cortés' "
                                    "(existe en: Distrito Central, FRANCISCO MORAZAN)")
    assert rejected.columns.tolist() == ["municipio", "departamento", "municipio"]


def test_registering_keeps_the_bundled_department_names():
    """The file writes "PARAISO" and "FRANCISCO MORAZAN"; "El Paraíso" still resolves."""
    registered = register("HN", honduras(), country_name="Honduras")
    assert registered.report["department_names"] == ["'El Paraíso' = 'PARAISO'"]
    codes, ok = geography.resolve_departments(
        ["El Paraíso", "Paraiso", "Francisco Morazán", "F.M.", "Ctés.", "Narnia"], country="HN")
    assert ok.tolist() == [True, True, True, True, True, False]
    assert codes[0] == codes[1] and codes[2] == codes[3]


def test_salvadoran_names_and_abbreviations():
    register("SV", el_salvador(), country_name="El Salvador")
    result = geography.resolve(["Santa Tecla", "Ciudad Barrios", "Jiquilisco", "Pasaquina",
                                "Chinameca"], ["", "S.M.", "Usul.", "LU", "S.M."],
                               country="SV")
    munis = geography.municipalities("SV").set_index("muni_code")
    assert [munis.loc[c, "muni_name"] for c in result.codes] == [
        "Nueva San Salvador", "Ciudad Barrios", "Jiquilisco", "Pasaquina", "Chinameca"]
    assert result.corrections[0] == ("se interpretó 'Santa Tecla' como Nueva San Salvador "
                                     "(La Libertad)")
    assert result.corrections[1] == "se interpretó el departamento 'S.M.' como San Miguel"
    # In Guatemala the same "S.M." is San Marcos.
    assert geography.resolve_departments(["S.M."])[0][0] == "12"


def test_a_users_alias_file_extends_the_bundled_table(tmp_path, home):
    aliases = tmp_path / "alias.csv"
    aliases.write_text("alias;oficial;departamento\n"
                       "Rivera Hernández;San Pedro Sula;Cortés\n"
                       "El Merendón;San Pedro Sula;\n"
                       "Atlántida Ciudad;Nowhere;\n", encoding="utf-8")
    path = tmp_path / "hn.geojson"
    honduras().to_file(path, driver="GeoJSON")
    added = cli("country", "add", "HN", "--boundaries", str(path), "--code-column", "COD",
                "--name-column", "NOMBRE", "--dept-column", "DEPTO", "--name", "Honduras",
                "--aliases", str(aliases))
    assert added.exit_code == 0, added.output
    out = flat(added.output)
    assert "Los nombres de departamentos de Natural Earth siguen valiendo: 'El Paraíso' = " \
           "'PARAISO'." in out
    assert ("1 nombres del archivo de alias no corresponden a ningún municipio del archivo "
            "de límites (no se usan): Atlántida Ciudad -> Nowhere.") in out
    geography.clear_cache("HN")  # a later session reads them back from the data home
    result = geography.resolve(["Rivera Hernández", "el merendon", "SPS", "El Paraíso"],
                               ["", "", "", ""], country="HN")
    sps = geography.resolve(["San Pedro Sula"], country="HN").codes[0]
    assert result.codes.tolist()[:3] == [sps, sps, sps]
    assert result.corrections[0] == ("se interpretó 'Rivera Hernández' como San Pedro Sula "
                                     "(Cortés)")


def test_an_alias_file_with_a_blank_cell_is_refused_by_row(tmp_path):
    path = tmp_path / "alias.csv"
    path.write_text("alias,official\nTegus,Distrito Central\n,San Pedro Sula\n",
                    encoding="utf-8")
    with pytest.raises(DataError, match=r"alias.csv, fila 3, columna 'alias': vacía"):
        read_aliases(path)


def test_the_bundled_alias_table_has_sources_and_resolves_in_guatemala():
    table = bundled_aliases("GT")
    assert (table["source"] != "").all() and (table["notes"] != "").all()
    munis = table[table["level"] == "municipality"]
    result = geography.resolve(munis["alias"].tolist(), munis["department"].tolist())
    assert result.messages.isna().all(), result.messages.dropna().tolist()


def test_a_department_error_names_the_department_column(tmp_path):
    import oportumap

    folder = tmp_path / "datos"
    folder.mkdir()
    (folder / "retornados.csv").write_text(
        "id;municipio;departamento;ocupacion;consentimiento\n"
        "P1;Tacaná;S.M.;albañil;sí\n"
        "P2;San Marcos;Quetzaltenango;albañil;sí\n"
        "P3;Cobán;Narnia;albañil;sí\n", encoding="utf-8")
    result = oportumap.read_returnees(folder / "retornados.csv", errors="report")
    assert len(result.data) + len(result.rejected) == result.rows_read == 3
    rejected = result.rejected
    assert rejected["row"].tolist() == [3, 4]
    # San Marcos exists, in another department: either may be wrong, both are named;
    # Narnia is no department: the department's column alone.
    assert rejected["column"].tolist() == ["municipio + departamento", "departamento"]
    assert rejected["value"].tolist() == ["San Marcos / Quetzaltenango", "Cobán / Narnia"]
    assert rejected["reason"].tolist() == [
        "'San Marcos' no está en el departamento 'Quetzaltenango' (existe en: San Marcos, "
        "San Marcos)", "departamento 'Narnia' desconocido"]
    assert result.corrections[["column", "value", "interpretation"]].values.tolist() == [
        ["departamento", "S.M.", "se interpretó el departamento 'S.M.' como San Marcos"]]


ALL_NAMES = geography.get_country("GT").municipalities["muni_name"].tolist()


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(ALL_NAMES), st.integers(0, 5), st.sampled_from("aeioun"))
def test_fuzzy_never_maps_a_name_when_an_exact_match_for_another_exists(name, at, letter):
    """A typo that happens to spell another municipality exactly is that municipality;
    an exact name is never re-read as something else."""
    geo = geography.get_country("GT")
    key = place_key(name)
    typed = key[:at] + letter + key[at + 1:]
    result = geography.resolve([typed])
    exact = geo.official_lookup.get(place_key(typed)) or geo.alias_lookup.get(place_key(typed))
    if exact:
        if len(exact) == 1:
            assert result.codes[0] == exact[0]
        else:
            assert result.codes[0] is None
    exact_name = geography.resolve([name])
    codes = geo.official_lookup[key]
    assert (exact_name.codes[0] == codes[0]) if len(codes) == 1 else \
        exact_name.codes[0] is None
    assert exact_name.corrections[0] is None


def test_an_alias_never_hides_an_official_name():
    """Aliases name places by their official name; one spelled like another municipality's
    official name is that municipality (Quiché is also the department, Santa Cruz del
    Quiché's alias; San José is Escuintla's "Puerto San José")."""
    geo = geography.get_country("GT")
    for alias in geo.place_aliases:
        if alias in geo.official_lookup:
            assert geo.name_lookup[alias] == geo.official_lookup[alias]
    assert pd.Series(geography.resolve(["San José"], ["Escuintla"]).codes).tolist() == ["0509"]


def test_a_user_adds_names_to_guatemala_and_they_are_kept(tmp_path, home):
    path = tmp_path / "nombres.csv"
    path.write_text("alias,oficial,departamento,nivel\n"
                    "La Terminal,Guatemala,Guatemala,municipio\n"
                    "Pueblo Viejo,Nadaquever,,municipio\n"
                    "Los Cuchumatanes,Huehuetenango,,departamento\n", encoding="utf-8")
    added = cli("country", "aliases", "GT", "--aliases", str(path))
    assert added.exit_code == 0, added.output
    out = flat(added.output)
    assert "3 nombres agregados a GT (3 en total)" in out
    assert "1 no corresponden a ningún lugar de GT y no se usan: Pueblo Viejo" in out
    assert (home / "aliases" / "GT.csv").exists()
    try:
        result = geography.resolve(["La Terminal", "Chiantla"], ["", "Los Cuchumatanes"])
        assert result.codes.tolist() == ["0101", "1302"]
        assert result.corrections.tolist() == [
            "se interpretó 'La Terminal' como Guatemala (Guatemala)",
            "se interpretó el departamento 'Los Cuchumatanes' como Huehuetenango"]
        # An alias spelled like an official name never takes it over.
        path.write_text("alias,oficial\nMixco,Guatemala\n", encoding="utf-8")
        assert cli("country", "aliases", "GT", "--aliases", str(path)).exit_code == 0
        assert geography.resolve(["Mixco"]).codes.tolist() == ["0108"]
    finally:
        geography.clear_cache("GT")
