"""The JupyterLab explorer: controls drive the map, the profile and the referral table."""

from __future__ import annotations

import copy

import openpyxl
import pytest

from oportumap.maps.offline import external_references
from oportumap.widgets import Explorer


@pytest.fixture(scope="module")
def explorer(sample_once, tmp_path_factory):
    return Explorer(copy.deepcopy(sample_once), out_dir=tmp_path_factory.mktemp("exports"))


def test_initial_view_shows_the_largest_gaps(explorer):
    assert "<iframe" in explorer.map_html.value
    assert "Concepción Tutuapa" in explorer.profile_html.value  # rank 1 on the sample
    assert explorer.referrals_html.value.startswith("<h4>Referencias:")


def test_choosing_a_municipality_updates_profile_referrals_and_map(explorer, sample):
    before_map = explorer.map_html.value
    explorer.municipality.value = "1412"  # Joyabaj, Quiché
    assert explorer.department.value == "14"
    assert "Joyabaj" in explorer.profile_html.value
    refs = explorer.current_referrals()
    homes = set(sample.returnees.loc[sample.returnees["muni_code"] == "1412", "returnee_id"])
    assert len(refs) > 0 and set(refs["returnee_id"]) <= homes
    assert explorer.map_html.value != before_map  # zoomed to Joyabaj


@pytest.mark.slow  # redraws the explorer's map and lists several times
def test_kinds_occupation_and_reach_filter_the_list(explorer):
    explorer.municipality.value = "1412"
    all_refs = explorer.current_referrals()
    explorer.kinds.value = ("service",)
    assert set(explorer.current_referrals()["kind"]) == {"service"}
    explorer.kinds.value = ("vacancy", "training", "certification", "entrepreneurship",
                            "service")
    explorer.occupation.value = "Albañil"
    builders = explorer.current_referrals()
    assert 0 < builders["returnee_id"].nunique() < all_refs["returnee_id"].nunique()
    explorer.occupation.value = ""
    near = explorer.profile().set_index("muni_code").loc["1412", "vacancy_capacity"]
    training = explorer.profile().set_index("muni_code").loc["1412", "training_capacity"]
    explorer.reach["vacancy"].value = 100
    far = explorer.profile().set_index("muni_code").loc["1412", "vacancy_capacity"]
    assert far > near
    # one slider per kind: widening vacancies leaves training's reach alone
    assert explorer.profile().set_index("muni_code").loc["1412", "training_capacity"] == training
    explorer.reach["vacancy"].value = 40


@pytest.mark.slow  # redraws the explorer's map and lists several times
def test_colour_and_language_change_the_map(explorer):
    explorer.color_by.value = "gap_score"
    assert "Brecha" in explorer.map_html.value
    explorer.lang.value = "en"
    assert "Search municipality" in explorer.map_html.value
    assert "Referrals" in explorer.referrals_html.value
    explorer.lang.value = "es"
    explorer.color_by.value = "returnees"


def test_export_buttons_write_valid_files(explorer, sample):
    explorer.department.value = "13"  # Huehuetenango
    explorer.export_map_button.click()
    explorer.export_referrals_button.click()
    map_path, refs_path = explorer.last_exports[-2:]
    document = map_path.read_text(encoding="utf-8")
    assert external_references(document) == []
    assert not any(i in document for i in sample.returnees["returnee_id"].head(200))
    book = openpyxl.load_workbook(refs_path)
    assert book.sheetnames == ["Cómo usar esta lista", "Resumen", "Huehuetenango",
                               "Demanda no cubierta"]
    sheet = book["Huehuetenango"]
    assert sheet.max_row - 1 == len(explorer.current_referrals())
    unmet = [r[0] for r in book["Demanda no cubierta"].iter_rows(min_row=2, values_only=True)]
    assert set(unmet) <= {"Huehuetenango"}  # the selection's unmet demand only
    assert "Guardado" in explorer.status.value
    explorer.export_map_button.click()  # a second export never overwrites the first
    assert explorer.last_exports[-1] != map_path and map_path.exists()


def test_reach_starts_at_the_profiles_per_kind_defaults(explorer, sample):
    from oportumap.access import municipality_profile
    from oportumap.schema import REACH_KM

    assert {k: s.value for k, s in explorer.reach.items()} == REACH_KM
    assert explorer.reach["certification"].value == 150  # not one 40 km for everything
    assert explorer.reach["certification"].description == "Certificación (km)"
    default = municipality_profile(sample).set_index("muni_code")
    shown = explorer.profile().set_index("muni_code")
    assert shown.loc["1412", "certification_capacity"] == default.loc[
        "1412", "certification_capacity"] > 0


def test_colour_choices_and_tables_use_human_spanish_names(explorer):
    labels = dict((value, label) for label, value in explorer.color_by.options)
    assert labels["gap_score"] == "Brecha (retornados sin plaza alcanzable, promedio)"
    assert labels["vacancy_2sfca"] == "Vacantes: 2SFCA (plazas por retornado)"
    assert labels["certification_nearest_km"] == "Certificación: más cercana (km)"
    assert not any("_" in label for label in labels.values())  # no raw column names
    explorer.municipality.value = "__all__"
    explorer.department.value = "__all__"
    assert "<th>Prioridad (1 = mayor brecha)</th><th>Municipio</th>" in explorer.profile_html.value
    assert "<th>ID retornado</th><th>Orden</th><th>Etapa</th>" in explorer.referrals_html.value
    assert "priority_rank" not in explorer.profile_html.value
    explorer.lang.value = "en"
    try:
        labels = dict((value, label) for label, value in explorer.color_by.options)
        assert labels["vacancy_2sfca"] == "Vacancies: 2SFCA (places per returnee)"
        assert "<th>Priority (1 = largest gap)</th>" in explorer.profile_html.value
        assert "<th>Returnee ID</th><th>Rank</th><th>Stage</th>" in explorer.referrals_html.value
        assert explorer.department.description == "Department"
        assert explorer.reach["training"].description == "Training (km)"
    finally:
        explorer.lang.value = "es"
    assert explorer.department.description == "Departamento"


def test_minutes_mode_with_a_travel_time_table(sample, tmp_path):
    import pandas as pd

    codes = sample.boundaries["muni_code"].tolist()
    # hand-made table: every municipality 10 minutes from itself, Joyabaj 200 min from
    # Guatemala City (inside certification's 240-minute default, outside vacancies' 60)
    times = pd.DataFrame({"origin": codes + ["1412"], "destination": codes + ["0101"],
                          "minutes": [10.0] * len(codes) + [200.0]})
    explorer = Explorer(sample, travel_times=times, out_dir=tmp_path)
    assert not explorer.reach_mode.disabled
    explorer.reach_mode.value = "min"
    assert explorer.reach_setting() == ("min", {"vacancy": 60.0, "training": 90.0,
                                                "certification": 240.0,
                                                "entrepreneurship": 180.0,
                                                "service": 180.0})
    assert [s.description for s in explorer._reach_box.children][0] == "Vacantes (min)"
    profile = explorer.profile().set_index("muni_code")
    assert profile.loc["1412", "vacancy_nearest_min"] == 10.0
    explorer.municipality.value = "1412"
    assert "Vacantes: más cercana (min)" in explorer.profile_html.value
    assert Explorer(sample, out_dir=tmp_path).reach_mode.disabled  # no table, no minutes
