"""Maps: aggregates only, suppression, escaping, offline export, printable output."""

from __future__ import annotations

import copy
import re

import pytest

from oportumap import DataError, Dataset, municipality_profile
from oportumap.maps import opportunity_map, save_map, static_map
from oportumap.maps.offline import external_references

XSS = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def hostile(sample_once):
    """The sample plus an employer whose name is a script, and a tiny municipality."""
    sample = copy.deepcopy(sample_once)
    opps = sample.opportunities.copy()
    first = opps.index[opps["kind"] == "vacancy"][0]
    opps.loc[first, "provider"] = XSS
    opps.loc[first, "title"] = 'Mesero "<b>jefe</b>"'
    returnees = sample.returnees.copy()
    return Dataset(returnees=returnees, opportunities=opps, boundaries=sample.boundaries,
                   country="GT", source=sample.source, data_date=sample.data_date,
                   illustrative=True)


@pytest.fixture(scope="module")
def exported(hostile, tmp_path_factory):
    path = tmp_path_factory.mktemp("map") / "map.html"
    save_map(opportunity_map(hostile), path)
    return path.read_text(encoding="utf-8")


def test_offline_html_references_nothing_outside(exported):
    assert external_references(exported) == []
    assert "cdn.jsdelivr" not in exported and "code.jquery" not in exported
    assert "L.map(" in exported  # Leaflet inlined and used
    assert len(exported) < 5_000_000


@pytest.mark.slow  # builds and scans the sample's full map
def test_no_returnee_identifier_or_home_point_in_the_html(sample, exported):
    ids = sample.returnees["returnee_id"]
    assert not any(i in exported for i in ids)
    seats = {(round(a, 5), round(b, 5)) for a, b in zip(sample.boundaries["lat"],
                                                       sample.boundaries["lon"], strict=True)}
    homes = {(round(a, 5), round(b, 5)) for a, b in sample.returnees[["lat", "lon"]].dropna()
             .itertuples(index=False)} - seats
    assert len(homes) > 1000
    drawn = {(float(a), float(b)) for a, b in
             re.findall(r"\[(-?\d+\.\d+), (-?\d+\.\d+)", exported)}
    assert len(drawn) > 1000  # boundary vertices and label points were found
    config = map_config(exported)
    dots = {(a, b) for kind in config["kinds"] for a, b in
            zip(kind["data"]["y"], kind["data"]["x"], strict=True)}
    assert len(dots) > 500  # the distinct spots of 1,393 opportunity points
    drawn |= dots
    assert not homes & drawn


def map_config(document: str) -> dict:
    """The data the page hands to oportumap.build (JSON)."""
    import json

    start = document.index("oportumap.build(")
    start = document.index("{", start)
    return json.JSONDecoder().raw_decode(document, start)[0]


def test_script_from_user_data_is_never_markup(exported):
    assert XSS not in exported
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in exported
    assert "<b>jefe</b>" not in exported


def test_small_counts_suppressed_in_tooltips_and_legend(sample, exported):
    profile = municipality_profile(sample)
    small = profile[(profile["returnees"] > 0) & (profile["returnees"] < 5)]
    assert len(small) > 0
    name = small["muni_name"].iloc[0]
    feature = re.search(r'"om_name": "' + re.escape(name) + r'".*?"om_returnees": "([^"]+)"',
                        exported)
    assert feature and feature.group(1) in ("<5", "\\u003c5")
    assert "\\u0026lt; 5\\u003c/div\\u003e" in exported  # legend class "< 5", escaped
    assert "menos de 5 personas" in exported


def test_english_labels_and_color_by_options(sample, tmp_path):
    m = opportunity_map(sample, color_by="priority_rank", lang="en")
    path = save_map(m, tmp_path / "en.html")
    document = path.read_text(encoding="utf-8")
    assert "Priority (1 = largest gap)" in document and "Vacancies" in document
    with pytest.raises(DataError, match="color_by 'nope' no es una columna numérica"):
        opportunity_map(sample, color_by="nope")
    with pytest.raises(DataError, match="idioma 'fr' no disponible"):
        opportunity_map(sample, lang="fr")


def test_online_tiles_refuse_offline_export(sample, tmp_path):
    m = opportunity_map(sample, tiles="OpenStreetMap")
    with pytest.raises(DataError, match="todavía carga recursos de internet"):
        save_map(m, tmp_path / "x.html")
    online = save_map(m, tmp_path / "y.html", offline=False).read_text(encoding="utf-8")
    assert "tile.openstreetmap.org" in online


def test_save_map_is_safe(sample, tmp_path):
    m = opportunity_map(sample)
    save_map(m, tmp_path / "m.html")
    with pytest.raises(DataError, match="ya existe"):
        save_map(m, tmp_path / "m.html")
    with pytest.raises(DataError, match="use la extensión .html"):
        save_map(m, tmp_path / "m.pdf")


@pytest.mark.parametrize("suffix", [".png", ".pdf"])
def test_static_map_for_print(sample, tmp_path, suffix):
    path = static_map(sample, tmp_path / f"m{suffix}", color_by="gap_score")
    data = path.read_bytes()
    assert data[:4] == (b"\x89PNG" if suffix == ".png" else b"%PDF")
    assert len(data) > 50_000


def test_profile_is_reused_not_recomputed(sample):
    profile = municipality_profile(sample)
    profile = profile.assign(returnees=0)
    html = save_map_to_text(opportunity_map(sample, profile=profile))
    assert '"om_returnees": "0"' in html


def save_map_to_text(m) -> str:
    from oportumap.maps.offline import render_html

    return render_html(m)


def test_empty_kind_still_gets_a_layer(sample):
    ds = Dataset(returnees=sample.returnees,
                 opportunities=sample.opportunities[sample.opportunities["kind"] != "service"],
                 boundaries=sample.boundaries, country="GT")
    html = save_map_to_text(opportunity_map(ds))
    assert "Servicios (0)" in html
    # the other four kinds still draw their dots; the empty one has a layer and no point
    sizes = {kind["label"]: len(kind["data"]["y"]) for kind in map_config(html)["kinds"]}
    assert sizes["Servicios"] == 0
    assert sorted(n for k, n in sizes.items() if k != "Servicios") == [8, 48, 105, 1200]


def test_search_index_knows_every_form_the_loaders_accept(sample):
    from oportumap.maps import search_index

    index = search_index(sample)
    expected = {"xela": "0901", "xelaju": "0901", "chichi": "1406", "ixcan": "1420",
                "guate": "0101", "solola": "0701", "barillas": "1326", "soloma": "1308",
                "santo tomas chichicastenango": "1406", "0901": "0901"}
    for typed, code in expected.items():
        assert index["m"][typed] == [code], typed
    assert index["d"]["alta verapaz"] == "16" and index["d"]["el quiche"] == "14"
    assert "16" not in index["d"]  # bare numbers are municipality codes, not departments
    assert len(index["m"]["san jose"]) > 1  # shared names stay ambiguous: the map asks
    # the loaders' own reading rules travel with the index for the browser to apply
    assert index["l"]["san juan laguna"] == ["0717"]
    assert index["a"]["sta"] == ["santa"] and "municipio de " in index["lead"]
    assert "la" in index["art"]


def test_search_index_follows_the_geography_alias_table(sample, monkeypatch):
    """A short form added to the geography module reaches the map without map changes."""
    import oportumap.geography as geography
    from oportumap.maps import search_index

    real = geography.get_country("GT")

    class WithNewAlias:
        name_lookup = {**real.name_lookup, "cuna del sol": ["0701"]}
        dept_lookup = real.dept_lookup

    monkeypatch.setattr(geography, "get_country", lambda country="GT": WithNewAlias())
    assert search_index(sample)["m"]["cuna del sol"] == ["0701"]


def test_search_index_keeps_only_drawn_municipalities(sample):
    from oportumap.maps import search_index

    few = sample.boundaries[sample.boundaries["dept_code"] == "09"]
    ds = Dataset(returnees=sample.returnees.iloc[:0], opportunities=sample.opportunities,
                 boundaries=few, country="GT")
    index = search_index(ds)
    assert index["m"]["xela"] == ["0901"] and "guate" not in index["m"]
    assert set(index["d"].values()) == {"09"}


def test_place_labels_capitals_always_bigger_towns_first(sample):
    from oportumap.maps import LABEL_ZOOM_REST, place_labels

    every = place_labels(sample.boundaries)
    assert len(every) == 340  # one per municipal seat
    labels = {name: zoom for _, _, name, zoom in every}
    capitals = {n for n, z in labels.items() if z == 0}
    assert len(capitals) == 22
    assert {"Cobán", "Flores", "Huehuetenango", "Santa Cruz del Quiché"} <= capitals
    assert labels["Mixco"] < labels["San Andrés Semetabaj"] == LABEL_ZOOM_REST


def test_map_words_come_from_i18n_in_both_languages(sample):
    es = save_map_to_text(opportunity_map(sample))
    en = save_map_to_text(opportunity_map(sample, lang="en"))
    for spanish, english in (("Acercar", "Zoom in"), ("Alejar", "Zoom out"), ("Capas", "Layers"),
                             ("Leyenda", "Legend"), ("no encontrado", "not found")):
        assert spanish in es and spanish not in en
        assert english in en


def test_rates_read_as_percentages_in_legend_and_popups():
    """Regression: a map coloured by placement_rate had the legend «0 – 0, 0 – 1»."""
    from oportumap.maps.classify import format_value, legend_labels

    assert legend_labels([0.1, 0.25, 1.0], "placement_rate", 5) == [
        "≤ 10 %", "> 10 % – 25 %", "> 25 % – 100 %"]
    # with the smallest value shown, the first class starts there, never at «≤ 0»
    assert legend_labels([0.0, 0.25], "placement_rate", 5, lowest=0.0) == ["0 %",
                                                                          "> 0 % – 25 %"]
    assert format_value(0.134, "placement_rate", 5) == "13.4 %"
    assert format_value(0.5, "share", 5) == "50 %"
    assert format_value(12.0, "returnees", 5) == "12"
