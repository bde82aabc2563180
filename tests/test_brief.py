"""Department briefs: figures computed by hand on a toy country, protection nobody can undo,
the page in a real browser with the network blocked, and the PDF as it prints."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box
from typer.testing import CliRunner

from oportumap import geography
from oportumap.brief import (
    department_brief,
    protect_group,
    read_previous,
    what_changed,
    write_briefs,
)
from oportumap.brief.figures import SECONDARY, department_figures
from oportumap.cli import app
from oportumap.dataset import Dataset
from oportumap.errors import DataError

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFINFO = shutil.which("pdfinfo")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture
def toy(tmp_path, monkeypatch):
    """Zedlandia: department Norte (Alfa, Beta, Gama) and Sur (Delta), with people and
    offers placed by hand so every figure of Norte's brief can be computed on paper."""
    monkeypatch.setenv("OPORTUMAP_HOME", str(tmp_path / "home"))
    shapes = gpd.GeoDataFrame(
        {"code": ["101", "102", "103", "201"], "name": ["Alfa", "Beta", "Gama", "Delta"],
         "dept": ["Norte", "Norte", "Norte", "Sur"], "dept_code": ["1", "1", "1", "2"]},
        geometry=[box(-84.2, 10.0, -84.0, 10.2), box(-84.0, 10.0, -83.8, 10.2),
                  box(-83.8, 10.0, -83.6, 10.2), box(-84.2, 9.6, -83.6, 10.0)], crs=4326)
    geography.register_country("ZZ", shapes, code_column="code", name_column="name",
                               dept_column="dept", dept_code_column="dept_code",
                               country_name="Zedlandia")
    bounds = geography.municipalities("ZZ")
    seat = bounds.set_index("muni_code")[["lat", "lon"]]
    rows = []
    # Alfa: 12 people (7 women, 5 men), ages 25-34; returned in the last three months
    rows += [("A", "101", "F" if i < 7 else "M", 30, "2026-10-15") for i in range(12)]
    # Beta: 3 people (men), ages 45+, returned five months before the data date
    rows += [("B", "102", "M", 50, "2026-07-01") for _ in range(3)]
    # Delta (Sur): 20 people
    rows += [("D", "201", "F", 20, "2026-10-01") for _ in range(20)]
    returnees = pd.DataFrame(rows, columns=["p", "muni_code", "sex", "age", "return_date"])
    returnees.insert(0, "returnee_id", [f"R{i}" for i in range(len(returnees))])
    returnees = returnees.drop(columns="p").assign(consent=True, occupations="albañil",
                                                   interest="employment")
    returnees["lat"] = returnees["muni_code"].map(seat["lat"])
    returnees["lon"] = returnees["muni_code"].map(seat["lon"])
    offers = pd.DataFrame({
        "opportunity_id": ["V1", "T1", "V2"], "kind": ["vacancy", "training", "vacancy"],
        "title": ["Albañil", "Curso de albañilería", "Albañil"],
        "provider": ["Constructora", "Centro", "Otra"], "occupation": ["albañil"] * 3,
        "capacity": [4, 2, 30], "muni_code": ["101", "102", "201"]})
    offers["lat"] = offers["muni_code"].map(seat["lat"])
    offers["lon"] = offers["muni_code"].map(seat["lon"])
    dataset = Dataset(returnees, offers, bounds, country="ZZ", label="Oficina Zeta",
                      data_date="2026-11-30")
    yield dataset
    geography.clear_cache("ZZ")


def test_toy_department_figures_computed_by_hand(toy):
    figures = department_figures(toy, "Norte")
    assert (figures.dept_code, figures.dept_name) == ("1", "Norte")
    assert figures.returnees == "15"  # 12 in Alfa + 3 in Beta
    sexes = dict(zip(figures.by_sex["group"], figures.by_sex["people"], strict=True))
    assert sexes == {"Mujeres": "7", "Hombres": "8", "Sin dato": "0"}
    ages = dict(zip(figures.by_age["group"], figures.by_age["people"], strict=True))
    # 12 aged 25-34 and 3 aged 45+: the 3 are protected, and so is the 12, or 15 - 12
    # would give the 3 back
    assert ages["45+"] == "<5" and ages["25–34"] == SECONDARY
    assert ages["18–24"] == "0"
    offers = figures.opportunities.set_index("kind")
    assert (offers.loc["vacancy", "offers"], offers.loc["vacancy", "seats"]) == (1, 4)
    assert (offers.loc["training", "offers"], offers.loc["training", "seats"]) == (1, 2)
    assert offers.loc["certification", "offers"] == 0
    # Trend: 12 returned in the 3 months to 30/11/2026, 3 in the 3 months before
    assert figures.trend["recent"] == "12" and figures.trend["previous"] == "<5"
    assert figures.trend["change"] == ""  # a protected count is never compared
    assert figures.departments == 2
    # Alfa (12 people, 4 seats) has the larger gap: first priority; Beta's 3 are protected
    priorities = figures.priorities.set_index("muni_name")
    assert priorities.loc["Alfa", "rank"] == 1
    assert priorities.loc["Beta", "returnees"] == "<5"
    assert pd.isna(priorities.loc["Beta", "gap_score"])
    assert "certificación" in priorities.loc["Alfa", "missing"]


def test_department_named_as_people_write_it_or_refused(toy):
    assert department_figures(toy, "norte").dept_code == "1"
    with pytest.raises(DataError, match="departamento 'Oeste' no reconocido"):
        department_figures(toy, "Oeste")


@pytest.mark.parametrize(("counts", "expected"), [
    ({"a": 3, "b": 40, "c": 9}, ["<5", "40", SECONDARY]),
    ({"a": 3, "b": 2, "c": 9}, ["<5", "<5", "9"]),  # two protected: neither comes back
    ({"a": 0, "b": 40, "c": 9}, ["0", "40", "9"]),  # zero is nobody to protect
    ({"a": 4, "b": 0}, ["<5", "0"]),  # nothing else to protect: the total is the cell
])
def test_protect_group(counts, expected):
    assert protect_group(pd.Series(counts)).tolist() == expected


def _recoverable(shown: list[str], total: int) -> list[int]:
    """What an attacker gets by subtracting the shown cells from the published total."""
    hidden = [v for v in shown if not v.replace(" ", "").isdigit()]
    known = sum(int(v.replace(" ", "")) for v in shown if v.replace(" ", "").isdigit())
    return [total - known] if len(hidden) == 1 else []


def test_no_count_below_five_can_be_worked_back(sample):
    """Every department of the sample: the sex, age and priority tables never let the
    published total give back a protected cell, and no rate with a small base is shown."""
    from oportumap import municipality_profile

    profile = municipality_profile(sample)
    for code in sorted(sample.boundaries["dept_code"].unique()):
        figures = department_figures(sample, code, profile=profile)
        if not figures.returnees.replace(" ", "").isdigit():
            continue
        total = int(figures.returnees.replace(" ", ""))
        for table in (figures.by_sex, figures.by_age):
            for value in _recoverable(table["people"].tolist(), total):
                assert not 0 < value < 5, (code, table)
        shown = figures.priorities["returnees"].tolist()
        if len(figures.priorities) == int((profile["dept_code"] == code).sum()):
            for value in _recoverable(shown, total):
                assert not 0 < value < 5, (code, shown)


def test_brief_html_is_self_contained_and_says_what_it_shows(toy):
    brief = department_brief(toy, "Norte", recipe="oportumap brief --data x --all")
    page = brief.html
    assert brief.file_stem == "informe_norte"
    assert "Informe de departamento: Norte" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "<svg" in page and "<script src" not in page
    record = json.loads(re.search(r'id="om-figures">(.*?)</script>', page).group(1))
    assert record["returnees"] == "15" and record["seats"]["vacancy"] == 4
    assert "oportumap brief --data x --all" in page  # how to rebuild it
    assert "Oficina Zeta" in page and "30/11/2026" in page
    # no returnee identifier or home point reaches the page
    assert "R0" not in re.sub(r"<svg.*?</svg>", "", page, flags=re.S)


def test_what_changed_between_two_briefs(toy, tmp_path):
    first = tmp_path / "antes"
    write_briefs(toy, first, departments=["Norte"])
    before = read_previous(first)["1"]
    more = toy.opportunities.copy()
    more.loc[len(more)] = ["C1", "certification", "Certificación albañil", "INTECAP",
                           "albañil", 10, "101", more.loc[0, "lat"], more.loc[0, "lon"]]
    changed = Dataset(toy.returnees, more, toy.boundaries, country="ZZ", label="Oficina Zeta",
                      data_date="2026-11-30")
    brief = department_brief(changed, "Norte", previous=before)
    assert "Plazas y cupos (certificación): 0 → 10" in brief.html
    assert what_changed(before, before) == ["Sin cambios en las cifras clave."]


def test_write_briefs_refuses_to_overwrite_and_writes_an_index(toy, tmp_path):
    out = tmp_path / "informes"
    files = write_briefs(toy, out)
    assert sorted(f.name for f in files) == ["indice.html", "informe_norte.html",
                                             "informe_sur.html"]
    index = (out / "indice.html").read_text(encoding="utf-8")
    assert 'href="informe_norte.html"' in index
    with pytest.raises(DataError, match="ya existen"):
        write_briefs(toy, out)
    assert len(write_briefs(toy, out, force=True)) == 3


def test_brief_command_on_the_sample(sample, tmp_path):
    from oportumap.sample import sample_folder

    out = tmp_path / "informes"
    result = CliRunner().invoke(app, ["brief", "--data", str(sample_folder()), "--out",
                                      str(out), "--departamento", "Totonicapán", "--quiet"])
    assert result.exit_code == 0, result.output
    page = (out / "informe_totonicapan.html").read_text(encoding="utf-8")
    assert "Informe de departamento: Totonicapán" in page
    assert "oportumap brief" in page
    usage = CliRunner().invoke(app, ["brief", "--data", str(sample_folder()), "--out",
                                     str(out), "--all", "--departamento", "Petén"])
    assert usage.exit_code == 1 and "use --departamento o --all, no ambos" in usage.output


@pytest.fixture(scope="module")
def chromium():
    missing = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        missing = "playwright is not installed"
    if CHROMIUM is None:
        missing = "Debian chromium is not installed"
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run in CI: {missing}")
        pytest.skip(missing)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.mark.browser
@pytest.mark.parametrize("width,height", [(1366, 768), (412, 915)])
def test_brief_opens_offline_and_nothing_is_cut(chromium, sample, tmp_path, width, height):
    path = tmp_path / "informe.html"
    path.write_text(department_brief(sample, "Huehuetenango").html, encoding="utf-8")
    page = chromium.new_page(viewport={"width": width, "height": height})
    requests: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith(("file:", "data:", "about:")):
            request_route.continue_()
        else:
            requests.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.goto(path.as_uri())
    page.wait_for_timeout(300)
    assert requests == []
    # nothing wider than the screen: no table or map cut off on the right
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate("document.querySelectorAll('figure svg').length") >= 2
    assert page.get_by_text("Informe de departamento: Huehuetenango").is_visible()
    page.screenshot(path=str(tmp_path / f"brief_{width}.png"), full_page=False)
    page.close()


@pytest.mark.slow
def test_brief_prints_on_a4_with_page_numbers(sample, tmp_path):
    if PDFINFO is None:
        if os.environ.get("CI") == "true":
            pytest.fail("poppler-utils (pdfinfo, pdftotext) is missing")
        pytest.skip("poppler-utils is not installed")
    brief = department_brief(sample, "San Marcos")
    path = tmp_path / "informe.pdf"
    path.write_bytes(brief.pdf())
    info = subprocess.run([PDFINFO, str(path)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 1 <= pages <= 4
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    words = subprocess.run([shutil.which("pdftotext"), "-layout", str(path), "-"],
                           capture_output=True, text=True).stdout
    assert "Informe de departamento: San Marcos" in words
    assert f"Página 1 / {pages}" in words and f"Página {pages} / {pages}" in words
    assert words.count("Datos al: 30/11/2025") >= pages  # the date line on every page
