"""The map on every screen, driven as a person drives it: a phone (touch), a small laptop
(1024×600) and a laptop (1366×768); Escape, department popups, the outcome layer."""

from __future__ import annotations

import datetime as dt

import pytest
from test_browser import MAP, browser, open_offline, popup_rows  # noqa: F401
from typer.testing import CliRunner

from oportumap.cli import app
from oportumap.maps import opportunity_map, save_map
from oportumap.sample import sample_folder

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module")
def sample_map(tmp_path_factory):
    from oportumap import load_sample

    return save_map(opportunity_map(load_sample()), tmp_path_factory.mktemp("m") / "mapa.html")


def _open(browser, path, width, height, touch=False):  # noqa: F811
    page = browser.new_page(viewport={"width": width, "height": height}, is_mobile=touch,
                            has_touch=touch)
    requests = []
    page.route("**/*", lambda r: (r.continue_() if r.request.url.startswith(
        ("file:", "data:", "about:")) else (requests.append(r.request.url), r.abort())))
    page.goto(path.as_uri())
    page.wait_for_function("document.querySelectorAll('path.om-muni').length > 0")
    page.wait_for_timeout(400)
    return page, requests


def _rect(page, selector):
    return page.evaluate(f"(() => {{ const r = document.querySelector('{selector}')"
                         ".getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom];"
                         " })()")


def _overlap(a, b) -> bool:
    return not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])


@pytest.mark.parametrize("width,height,touch", [(412, 915, True), (1024, 600, False),
                                                (1366, 768, False)])
def test_nothing_covers_the_search_box_and_controls_stay_small(browser, sample_map,  # noqa: F811
                                                               width, height, touch):
    page, requests = _open(browser, sample_map, width, height, touch)
    search = _rect(page, ".om-search input")
    for other in (".om-title", ".om-legend", ".leaflet-control-layers"):
        assert not _overlap(search, _rect(page, other)), other
    # the search box is what a tap at its centre reaches
    x, y = (search[0] + search[2]) / 2, (search[1] + search[3]) / 2
    assert page.evaluate(f"document.elementFromPoint({x}, {y}).tagName") == "INPUT"
    if touch:
        page.touchscreen.tap(x, y)
    else:
        page.mouse.click(x, y)
    page.keyboard.type("huehue")
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup-content")
    page.wait_for_timeout(800)  # the popup pans clear of the controls, then settles
    controls = sum((r[2] - r[0]) * (r[3] - r[1]) for r in (
        _rect(page, ".om-title"), _rect(page, ".om-legend"), _rect(page, ".om-search")))
    if width <= 1024:  # title and legend fold on small screens
        assert controls < 0.3 * width * height
    # the popup's close button is reachable: nothing lies over it
    close = _rect(page, ".leaflet-popup-close-button")
    cx, cy = (close[0] + close[2]) / 2, (close[1] + close[3]) / 2
    assert 0 <= cx <= width and 0 <= cy <= height
    hit = page.evaluate(f"document.elementFromPoint({cx}, {cy}).closest('.leaflet-popup')"
                        " !== null")
    assert hit
    assert requests == []
    page.close()


def test_department_popup_lists_its_municipalities_and_escape_closes(browser,  # noqa: F811
                                                                      sample_map):
    page, requests = _open(browser, sample_map, 1366, 768)
    page.locator(".om-search input").click()
    page.keyboard.type("Quiché")
    page.keyboard.press("Enter")
    # «Quiché» is also Santa Cruz del Quiché's common name: it opens, and the department
    # is offered right under the box
    assert popup_rows(page)["Municipio"] == "Santa Cruz del Quiché"
    page.locator(".om-also-dept").click()
    page.wait_for_selector(".om-dept-list")
    names = page.locator(".om-dept-list button").all_inner_texts()
    assert len(names) == 21 and {"Joyabaj", "Chajul", "Cunén"} <= set(names)
    page.locator(".om-dept-list button", has_text="Joyabaj").click()
    rows = popup_rows(page)
    assert rows["Municipio"] == "Joyabaj"
    page.keyboard.press("Escape")
    page.wait_for_function("!document.querySelector('.leaflet-popup')")
    assert requests == []
    page.close()


def test_outcome_map_from_the_command_line(browser, tmp_path):  # noqa: F811
    """map --db colours by placement rate, with its base in the popup; no «≤ 0»."""
    from oportumap import load_dataset
    from oportumap.tracking import import_status
    from oportumap.tracking.capacity import referral_plan_tracked

    db = tmp_path / "seguimiento.db"
    dataset = load_dataset(sample_folder())
    refs = referral_plan_tracked(dataset, db, top=2).referrals
    # in Joyabaj (1412), 6 of its referrals placed; elsewhere nobody yet
    everyone = refs[refs["home_muni_code"] == "1412"]
    joyabaj = everyone.head(20)
    day = dt.date.today().strftime("%d/%m/%Y")
    csv = tmp_path / "estados.csv"
    csv.write_text("ID referencia,Estado,Fecha estado\n" + "".join(
        f"{r},Contactado,{day}\n" + (f"{r},Colocado,{day}\n" if i < 6 else "")
        for i, r in enumerate(joyabaj["referral_id"])), encoding="utf-8")
    import_status(db, csv)
    out = tmp_path / "mapa.html"
    result = CliRunner().invoke(app, ["map", "--data", str(sample_folder()), "--out", str(out),
                                      "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    page, requests = _open(browser, out, 1366, 768)
    legend = page.locator(".om-legend").inner_text()
    assert "Tasa de colocación" in legend and "≤ 0" not in legend and "0 – 0" not in legend
    page.locator(".om-search input").click()
    page.keyboard.type("Joyabaj")
    page.keyboard.press("Enter")
    rows = popup_rows(page)
    rate = 100 * 6 / len(everyone)
    assert rows["Tasa de colocación (colocados / referidos)"] == f"{rate:.1f} %"
    assert rows["Referidos"] == str(len(everyone))
    assert requests == []
    page.close()


def test_population_colours_by_returnees_per_10k(tmp_path):
    from oportumap.access import municipality_profile, with_population
    from oportumap.loaders.population import read_population
    from oportumap.maps.classify import default_color

    table = tmp_path / "poblacion.csv"
    table.write_text("Municipio,Departamento,Población\nJoyabaj,Quiché,100 000\n"
                     "GT1301,,50 000\n", encoding="utf-8")
    from oportumap import load_sample

    ds = load_sample()
    profile = with_population(municipality_profile(ds), read_population(table))
    row = profile.set_index("muni_code").loc["1412"]
    assert row["returnees_per_10k"] == pytest.approx(row["returnees"] * 1e4 / 100_000)
    assert default_color(profile) == "returnees_per_10k"
    out = tmp_path / "mapa.html"
    result = CliRunner().invoke(app, ["map", "--data", str(sample_folder()), "--out", str(out),
                                      "--population", str(table), "-q"])
    assert result.exit_code == 0, result.output
    assert "Retornados por 10 000 habitantes" in out.read_text(encoding="utf-8")
    bad = tmp_path / "mala.csv"
    bad.write_text("Municipio,Población\nAtlantis,3\nJoyabaj,muchos\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["map", "--data", str(sample_folder()), "--out",
                                      str(tmp_path / "m2.html"), "--population", str(bad)])
    assert result.exit_code == 1
    assert "fila 2" in result.output and "fila 3" in result.output
