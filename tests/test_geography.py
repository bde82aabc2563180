"""Guatemala's boundaries and municipality name resolution."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box

import oportumap
from oportumap import DataError, geography, resolve_municipalities
from oportumap.geography.names import place_key
from oportumap.text import normalize_text


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
        resolve_municipalities(["Cuulco"])
    message = str(info.value)
    assert ("municipio 'Cuulco' desconocido; ¿quiso decir 'Cubulco, Baja Verapaz' o "
            "'Cuilco, Huehuetenango' o 'Tajumulco, San Marcos'?") in message
    assert message.count("' o '") == 2


def test_the_start_of_several_names_lists_them():
    result = geography.resolve(["Santa Lucia", "San Pedro"], ["", "Huehuetenango"])
    assert result.codes.tolist() == [None, None]
    assert result.messages[0] == (
        "'Santa Lucia' es el comienzo del nombre de 4 municipios (Santa Lucía Milpas Altas, "
        "Sacatepéquez; Santa Lucía Cotzumalguapa, Escuintla; Santa Lucía Utatlán, Sololá; "
        "Santa Lucía la Reforma, Totonicapán); escriba el nombre completo o agregue la "
        "columna departamento")
    assert result.messages[1] == (
        "'San Pedro' es el comienzo del nombre de 2 municipios (San Pedro Necta, "
        "Huehuetenango; San Pedro Soloma, Huehuetenango); escriba el nombre completo")


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


def test_unregistered_country_says_how_to_register(tmp_path, monkeypatch):
    monkeypatch.setenv("OPORTUMAP_HOME", str(tmp_path))
    geography.clear_cache("HN")
    with pytest.raises(DataError) as info:
        oportumap.municipalities("HN")
    message = str(info.value)
    assert message.startswith("No hay límites de municipios para el país 'HN'.")
    assert "oportumap country add HN --boundaries ARCHIVO" in message
    assert "register_country('HN'" in message


def test_register_country_reports_missing_columns(tmp_path):
    shapes = gpd.GeoDataFrame({"A": ["1"]}, geometry=[box(0, 0, 1, 1)], crs=4326)
    with pytest.raises(DataError, match=r"faltan las columnas \['NOM', 'DEP'\]"):
        oportumap.register_country("CR", shapes, code_column="A", name_column="NOM",
                                   dept_column="DEP")


# --- Real spellings (issue 14, item 3) ------------------------------------------------

# Spellings from an independent public list of municipalities and from a procurement
# system, each checked against gt_municipalities.csv for the municipality it means.
REAL_SPELLINGS = [
    ("La Tinta", "Alta Verapaz", "1616", "Santa Catalina La Tinta (Alta Verapaz)"),
    ("Tecpán", "Chimaltenango", "0406", "Tecpán Guatemala (Chimaltenango)"),
    ("Ciudad Flores", "Petén", "1701", "Flores (Petén)"),
    ("Ixcán Playa Grande", "Quiché", "1420", "Playa Grande Ixcán (Quiché)"),
    ("San Felipe Reu", "Retalhuleu", "1105", "San Felipe (Retalhuleu)"),
    ("San Bartolo", "Totonicapán", "0808", "San Bartolo Aguas Calientes (Totonicapán)"),
    ("Puerto San Jose", "Escuintla", "0509", "San José (Escuintla)"),
    ("Santa luc!a cotzumalguapa", "Escuintla", "0502",
     "Santa Lucía Cotzumalguapa (Escuintla)"),
    ("CABA?AS", "Zacapa", "1907", "Cabañas (Zacapa)"),
    ("San Juan Laguna", "Sololá", "0717", "San Juan La Laguna (Sololá)"),
    ("Quetzaltepeque", "Chiquimula", "2009", "Quezaltepeque (Chiquimula)"),
    ("Sta. Cruz del Quiché", "Quiché", "1401", "Santa Cruz del Quiché (Quiché)"),
    ("Sto. Domingo Xenacoj", "Sacatepéquez", "0305", "Santo Domingo Xenacoj (Sacatepéquez)"),
    ("Sn. Pedro Necta", "Huehuetenango", "1306", "San Pedro Necta (Huehuetenango)"),
    ("S. Antonio Huista", "Huehuetenango", "1324", "San Antonio Huista (Huehuetenango)"),
    ("Cd. Vieja", "Sacatepéquez", "0312", "Ciudad Vieja (Sacatepéquez)"),
    ("CobÃ¡n", "Alta Verapaz", "1601", "Cobán (Alta Verapaz)"),
    ("Cob\ufffdn", "Alta Verapaz", "1601", "Cobán (Alta Verapaz)"),
    ("Quetzaltenago", "Quetzaltenango", "0901", "Quetzaltenango (Quetzaltenango)"),
]


@pytest.mark.parametrize(("typed", "dept", "code", "meant"), REAL_SPELLINGS)
def test_real_spellings_resolve_and_say_how_they_were_read(typed, dept, code, meant):
    for departments in ([dept], None):
        result = geography.resolve([typed], departments)
        assert result.codes.tolist() == [code], result.messages[0]
        assert result.messages.tolist() == [None]
        assert result.corrections[0] == f"se interpretó '{typed}' como {meant}"


@pytest.mark.parametrize(
    ("dept", "municipality", "code", "dept_name"),
    [
        ("Huehue", "Huehuetenango", "1301", "Huehuetenango"),
        ("Toto", "Totonicapán", "0801", "Totonicapán"),
        ("Reu", "San Felipe", "1105", "Retalhuleu"),
        ("A.V.", "Cobán", "1601", "Alta Verapaz"),
        ("S. Marcos", "San Pablo", "1219", "San Marcos"),
        ("Xela", "Coatepeque", "0920", "Quetzaltenango"),
        ("Sacatep.", "Pastores", "0303", "Sacatepéquez"),
        ("Chiquimla", "Jocotán", "2004", "Chiquimula"),
        ("PetÃ©n", "San José", "1702", "Petén"),
    ],
)
def test_department_short_forms_resolve_and_are_reported(dept, municipality, code,
                                                         dept_name):
    result = geography.resolve([municipality], [dept])
    assert result.codes.tolist() == [code], result.messages[0]
    assert result.corrections[0] == f"se interpretó el departamento '{dept}' como {dept_name}"


def test_exact_names_and_codes_report_no_correction():
    result = geography.resolve(["Cobán", "COBAN", "  san jose pinula. ", "0101", 1301],
                               ["Alta Verapaz", "", "Guatemala", "", ""])
    assert result.codes.tolist() == ["1601", "1601", "0103", "0101", "1301"]
    assert result.corrections.isna().all() and result.messages.isna().all()


def test_both_interpretations_are_reported_together():
    result = geography.resolve(["Quetzaltenago"], ["Xela"])
    assert result.codes[0] == "0901"
    assert result.corrections[0] == ("se interpretó 'Quetzaltenago' como Quetzaltenango "
                                     "(Quetzaltenango); se interpretó el departamento 'Xela' "
                                     "como Quetzaltenango")


def test_resolution_keeps_the_callers_index_and_the_loaders_wrapper_still_works():
    names = pd.Series(["Xela", "Atlantis", None], index=[10, 20, 30])
    result = geography.resolve(names)
    assert isinstance(result, geography.Resolution)
    codes, messages, corrections = result  # unpacks as before
    assert codes is result.codes and corrections is result.corrections
    assert result.columns.tolist() == [None, "municipio", "municipio"]
    assert result.codes.index.tolist() == [10, 20, 30]
    assert result.codes.tolist() == ["0901", None, None]
    assert result.messages[20].startswith("municipio 'Atlantis' desconocido; ¿quiso decir")
    assert result.messages[30] == ("municipio vacío: escriba el nombre o el código del "
                                   "municipio")
    codes, messages = geography._resolve(names, None, "GT")
    assert codes.tolist() == ["0901", None, None] and codes.index.tolist() == [0, 1, 2]
    codes, notes = resolve_municipalities(["Xela", "Mixco"], return_corrections=True)
    assert codes.tolist() == ["0901", "0108"]
    assert notes.tolist() == ["se interpretó 'Xela' como Quetzaltenango (Quetzaltenango)", None]


def test_unknown_code_message_names_the_ine_code_only_for_guatemala():
    result = geography.resolve(["9999"])
    assert result.messages[0] == ("el código '9999' no es un municipio de Guatemala; use el "
                                  "código INE de 4 dígitos (p. ej. '0101')")


# --- Safety: a wrong code is worse than no code ------------------------------------------

NEAR_MISS_PAIRS = [
    ("San José Pinula", "San José del Golfo"),
    ("San Pedro Sacatepéquez", "San Pablo"),
    ("San Pedro La Laguna", "San Pablo La Laguna"),
    ("San Juan La Laguna", "San Pablo La Laguna"),
    ("Santa Lucía Utatlán", "Santa Lucía Cotzumalguapa"),
    ("Santa Lucía Milpas Altas", "Santa Lucía la Reforma"),
    ("San Pedro Pinula", "San José Pinula"),
    ("San Pedro Jocopilas", "San Pablo Jocopilas"),
    ("San Juan Sacatepéquez", "San Lucas Sacatepéquez"),
    ("Cuilco", "Cubulco"),
    ("Huité", "Huitán"),
]


def _typos(key: str) -> set[str]:
    typos = set()
    for i in range(1, len(key)):
        typos.add(key[:i] + key[i + 1:])  # a letter left out
        if key[i] != " ":
            typos.add(key[:i] + key[i] + key[i:])  # a letter doubled
        if i < len(key) - 1:
            typos.add(key[:i] + key[i + 1] + key[i] + key[i + 2:])  # two swapped
        if key[i] in "aeiou":
            typos.update(key[:i] + v + key[i + 1:] for v in "aeiou")  # wrong vowel
    return typos


def test_near_miss_pairs_never_cross():
    geo = geography.get_country("GT")
    munis = geo.municipalities
    rows = []
    for pair in NEAR_MISS_PAIRS:
        for name in pair:
            match = munis[munis["muni_name"].map(place_key) == place_key(name)]
            assert len(match) >= 1, name
            for code, dept in zip(match["muni_code"], match["dept_name"], strict=True):
                for typo in _typos(place_key(name)):
                    # A "typo" that IS a known spelling is not a typo (another
                    # municipality's name means that municipality).
                    if typo in geo.name_lookup:
                        continue
                    rows.append((code, typo, dept))
    table = pd.DataFrame(rows, columns=["code", "typo", "dept"])
    assert len(table) > 1000
    for departments in (table["dept"], None):
        result = geography.resolve(table["typo"], departments)
        crossed = result.codes.notna() & (result.codes != table["code"])
        assert not crossed.any(), table[crossed].assign(got=result.codes[crossed])
        # Every resolved typo is reported, never silently accepted.
        assert result.corrections[result.codes.notna()].notna().all()
        # And most typos do resolve (with the department nearly all).
        assert result.codes.notna().mean() > (0.9 if departments is not None else 0.75)


def test_ties_are_not_broken_by_a_guess():
    result = geography.resolve(["Cuulco", "Huita", "San Pedro", "Santa Lucia"])
    assert result.codes.isna().all()
    assert result.messages[0].startswith("municipio 'Cuulco' desconocido; ¿quiso decir")
    assert "Cuilco, Huehuetenango" in result.messages[0]
    assert "Cubulco, Baja Verapaz" in result.messages[0]


_OFFICIAL = geography.municipalities()[["muni_code", "muni_name", "dept_name"]]


@st.composite
def _written_exactly(draw):
    """An official name as people type it: any case, accents or not, stray punctuation."""
    row = _OFFICIAL.iloc[draw(st.integers(0, len(_OFFICIAL) - 1))]
    name = row["muni_name"]
    if draw(st.booleans()):
        name = normalize_text(name)
    name = "".join(ch.upper() if draw(st.booleans()) else ch for ch in name)
    name = draw(st.sampled_from(["", " ", "  "])) + name + draw(st.sampled_from(["", ".",
                                                                                 " ", ","]))
    return row, name


@settings(max_examples=150, deadline=None)
@given(_written_exactly(), st.booleans())
def test_exact_names_always_win_over_fuzzy(example, with_department):
    row, typed = example
    dept = [row["dept_name"]] if with_department else None
    result = geography.resolve([typed], dept)
    key = place_key(typed)
    exact_codes = geography.get_country("GT").official_lookup[key]
    if result.codes[0] is not None:
        assert result.codes[0] in exact_codes
        assert result.corrections[0] is None
    else:  # only a name shared by two departments, written without one, fails
        assert not with_department and len(exact_codes) > 1
    if with_department:
        assert result.codes[0] == row["muni_code"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(_OFFICIAL["muni_name"])), st.integers(0, 30),
       st.sampled_from(["", "a", "e", "o", "?", " "]))
def test_an_edited_name_that_is_exactly_another_resolves_to_that_one(name, position,
                                                                      insert):
    key = place_key(name)
    edited = key[:position] + insert + key[position + 1:]
    result = geography.resolve([edited])
    exact = geography.get_country("GT").official_lookup.get(place_key(edited))
    if exact and result.codes[0] is not None:
        assert result.codes[0] in exact


def test_unknown_department_is_not_guessed():
    result = geography.resolve(["Mixco", "Mixco", "Cobán"], ["Narnia", "Guatemalaa Sur",
                                                             "Verapaz"])
    assert result.codes.tolist() == [None, None, None]
    assert result.messages[0] == "departamento 'Narnia' desconocido"
    assert result.messages[1].startswith("departamento 'Guatemalaa Sur' desconocido; "
                                         "¿quiso decir 'Guatemala'")
    # "Verapaz" ends two department names (Alta, Baja): never picked.
    assert result.messages[2].startswith("departamento 'Verapaz' desconocido")


@pytest.mark.parametrize("country", ["GT", "SV", "HN", "CR"])
def test_typos_of_department_names_never_cross(country):
    depts = geography.departments(country)
    typed, expected = [], []
    known = {place_key(n) for n in depts["dept_name"]}
    for code, name in zip(depts["dept_code"], depts["dept_name"], strict=True):
        for typo in _typos(place_key(name)) - known:
            typed.append(typo)
            expected.append(code)
    codes, _ = geography.resolve_departments(typed, country=country)
    resolved = codes.notna()
    assert resolved.mean() > 0.8
    crossed = resolved & (codes != pd.Series(expected))
    assert not crossed.any(), [(t, c) for t, c in zip(pd.Series(typed)[crossed],
                                                       codes[crossed], strict=True)]
