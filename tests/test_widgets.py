"""The JupyterLab explorer: controls drive the map, the profile and the referral table."""

from __future__ import annotations

import openpyxl
import pytest

from oportumap.offline import external_references
from oportumap.widgets import Explorer


@pytest.fixture(scope="module")
def explorer(sample, tmp_path_factory):
    return Explorer(sample, out_dir=tmp_path_factory.mktemp("exports"))


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
    explorer.max_km.value = 100
    far = explorer.profile().set_index("muni_code").loc["1412", "vacancy_capacity"]
    assert far > near
    explorer.max_km.value = 40


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
    assert book.sheetnames == ["Resumen", "Huehuetenango", "Demanda no cubierta"]
    sheet = book["Huehuetenango"]
    assert sheet.max_row - 1 == len(explorer.current_referrals())
    unmet = [r[0] for r in book["Demanda no cubierta"].iter_rows(min_row=2, values_only=True)]
    assert set(unmet) <= {"Huehuetenango"}  # the selection's unmet demand only
    assert "Guardado" in explorer.status.value
    explorer.export_map_button.click()  # a second export never overwrites the first
    assert explorer.last_exports[-1] != map_path and map_path.exists()
