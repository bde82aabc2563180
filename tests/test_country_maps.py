"""Other countries' maps and tables: department seats from the registered data (never the
first code), and the registered level's own words (distrito, cantón) everywhere."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box
from typer.testing import CliRunner

from oportumap import DataError, geography
from oportumap.cli import app
from oportumap.maps import place_labels
from tests.test_browser import MAP, browser, popup_rows  # noqa: F401

runner = CliRunner()


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("OPORTUMAP_HOME", str(tmp_path / "home"))
    geography.clear_cache("ZQ", "SV", "HN")
    yield tmp_path / "home"
    geography.clear_cache("ZQ", "SV", "HN")


def cli(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def grid(names: list[tuple[str, str, str]], x0=-89.6, y0=13.5, size=0.08):
    """Units side by side, as (code, name, department)."""
    return gpd.GeoDataFrame(
        {"COD": [c for c, _, _ in names], "NOM": [n for _, n, _ in names],
         "DEP": [d for _, _, d in names]},
        geometry=[box(x0 + i * size, y0, x0 + (i + 1) * size, y0 + size)
                  for i in range(len(names))], crs="EPSG:4326")


#: A made-up country registered by districts: codes in alphabetical order, so the first
#: code of each department is never its seat. CAB marks the seat (sí/no, as offices write).
ZQ_UNITS = [("0101", "Arenal", "Norte"), ("0102", "Ciudad Alta", "Norte"),
            ("0103", "Monte Verde", "Norte"), ("0201", "Bajío", "Sur"),
            ("0202", "Puerto Bajo", "Sur"), ("0203", "Sur", "Sur")]


@pytest.fixture
def zq_file(tmp_path):
    shapes = grid(ZQ_UNITS)
    shapes["CAB"] = ["no", "sí", "no", "no", "SI", "no"]
    shapes["CAPITAL"] = ["Ciudad Alta"] * 3 + ["Puerto Bajo"] * 3
    path = tmp_path / "distritos.gpkg"
    shapes.to_file(path)
    return path


def add_zq(path, *extra: str):
    return cli("country", "add", "ZQ", "--boundaries", str(path), "--code-column", "COD",
               "--name-column", "NOM", "--dept-column", "DEP", "--admin2", "distrito",
               "--admin1", "región", "--name", "Zetacuá", *extra)


def capitals(country: str) -> list[str]:
    munis = geography.municipalities(country)
    return sorted(p[2] for p in place_labels(munis) if p[3] == 0)


def test_capitals_column_flags_the_seats_and_the_command_says_how(zq_file):
    result = add_zq(zq_file, "--capitals", "CAB")
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "2 de la columna CAB (leída como marca)" in out
    geography.clear_cache("ZQ")  # read back from the data home, as a later session does
    assert capitals("ZQ") == ["Ciudad Alta", "Puerto Bajo"]


def test_capitals_column_with_the_capitals_name_on_every_row(zq_file):
    result = add_zq(zq_file, "--capitals", "CAPITAL")
    assert result.exit_code == 0, result.output
    assert "leída como nombre" in " ".join(result.output.split())
    assert capitals("ZQ") == ["Ciudad Alta", "Puerto Bajo"]


def test_without_a_column_the_unit_named_like_its_department_or_none(zq_file):
    result = add_zq(zq_file)
    out = " ".join(result.output.split())
    # «Sur» has a unit named «Sur»; «Norte» has none: no label, said, never «Arenal»
    assert "1 por llevar el nombre de su región" in out
    assert "Sin cabecera: Norte" in out and "--capitals" in out
    assert capitals("ZQ") == ["Sur"]


def test_two_seats_flagged_in_one_department_is_an_error_naming_them(tmp_path):
    shapes = grid(ZQ_UNITS)
    shapes["CAB"] = ["sí", "sí", "no", "no", "sí", "no"]
    path = tmp_path / "doble.gpkg"
    shapes.to_file(path)
    result = add_zq(path, "--capitals", "CAB")
    assert result.exit_code != 0
    message = " ".join(result.output.split())
    assert "más de una cabecera" in message and "Norte: Arenal, Ciudad Alta" in message
    assert "Traceback" not in result.output


def test_a_missing_capitals_column_lists_the_columns(zq_file):
    result = add_zq(zq_file, "--capitals", "CABECERA")
    assert result.exit_code != 0
    assert "CABECERA" in result.output and "CAB" in result.output


def test_el_salvador_and_honduras_capitals_come_from_the_bundled_table():
    # El Salvador's districts numbered alphabetically (as the issue found them), and the
    # 2024 municipalities; Honduras by municipality.
    sv = grid([("1", "Aguilares", "San Salvador"), ("2", "Apopa", "San Salvador"),
               ("3", "San Salvador", "San Salvador"), ("4", "Candelaria de la Frontera",
                                                       "Santa Ana"),
               ("5", "Santa Ana", "Santa Ana"), ("6", "Chirilagua", "San Miguel"),
               ("7", "San Miguel", "San Miguel"), ("8", "Antiguo Cuscatlán", "La Libertad"),
               ("9", "Santa Tecla", "La Libertad")])
    geography.register_country("SV", sv, code_column="COD", name_column="NOM",
                               dept_column="DEP")
    assert capitals("SV") == ["San Miguel", "San Salvador", "Santa Ana", "Santa Tecla"]
    sv2024 = grid([("1", "San Salvador Norte", "San Salvador"),
                   ("2", "San Salvador Centro", "San Salvador"),
                   ("3", "Santa Ana Norte", "Santa Ana"), ("4", "Santa Ana Centro", "Santa Ana")])
    geography.register_country("SV", sv2024, code_column="COD", name_column="NOM",
                               dept_column="DEP")
    assert capitals("SV") == ["San Salvador Centro", "Santa Ana Centro"]
    hn = grid([("0501", "Choloma", "Cortés"), ("0502", "San Pedro Sula", "Cortés"),
               ("0801", "Alubarén", "Francisco Morazán"),
               ("0802", "Distrito Central", "Francisco Morazán"),
               ("0101", "Arizona", "Atlántida"), ("0102", "La Ceiba", "Atlántida")],
              x0=-87.5, y0=14.5)
    geography.register_country("HN", hn, code_column="COD", name_column="NOM",
                               dept_column="DEP")
    assert capitals("HN") == ["Distrito Central", "La Ceiba", "San Pedro Sula"]


def test_guatemala_capitals_are_the_cabeceras():
    labels = capitals("GT")
    assert len(labels) == 22
    assert {"Huehuetenango", "Cobán", "Flores", "Guatemala"} <= set(labels)


def test_a_country_registered_before_seats_were_kept_gets_them_on_reading(zq_file, home):
    add_zq(zq_file, "--capitals", "CAB")
    path = home / "countries" / "ZQ" / "municipalities.gpkg"
    stored = gpd.read_file(path).drop(columns="dept_seat")
    stored.to_file(path, layer="municipalities", driver="GPKG")
    geography.clear_cache("ZQ")
    assert capitals("ZQ") == ["Sur"]  # no column kept: the named unit, never the first code


@pytest.fixture
def zq_data(zq_file, tmp_path):
    assert add_zq(zq_file, "--capitals", "CAB").exit_code == 0
    geography.clear_cache("ZQ")
    folder = tmp_path / "datos"
    folder.mkdir()
    rows = ["id;municipio;departamento;ocupacion;consentimiento"]
    rows += [f"R{i};{name};{dept};albañil;sí" for i, (_, name, dept) in
             enumerate(ZQ_UNITS * 4)]
    (folder / "retornados.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "vacantes.csv").write_text(
        "id;puesto;plazas;municipio\nV1;Albañil;3;Ciudad Alta\nV2;Cocinero;2;Puerto Bajo\n",
        encoding="utf-8")
    return folder


def test_profile_and_plan_headers_use_the_registered_words(zq_data, tmp_path):
    out = tmp_path / "perfil.csv"
    result = cli("profile", "--data", str(zq_data), "--country", "ZQ", "--out", str(out),
                 "--no-suppress")
    assert result.exit_code == 0, result.output
    header = pd.read_csv(out, encoding="utf-8-sig", nrows=0).columns.tolist()
    assert "Código distrito" in header and "Distrito" in header and "Región" in header
    assert not [h for h in header if "unicipio" in h or "epartamento" in h]
    plan = tmp_path / "plan.xlsx"
    plan_map = tmp_path / "plan.html"
    result = cli("plan", "--data", str(zq_data), "--country", "ZQ", "--out", str(plan),
                 "--kind", "vacancy", "--new", "1", "--map", str(plan_map))
    assert result.exit_code == 0, result.output
    drawn = plan_map.read_text(encoding="utf-8")
    assert '"Distrito"' in drawn and '"Municipio"' not in drawn
    import openpyxl

    wb = openpyxl.load_workbook(plan, read_only=True)
    headers = [c for ws in wb.worksheets for row in ws.iter_rows(max_row=1, values_only=True)
               for c in row if isinstance(c, str)]
    assert any("istrito" in h for h in headers)
    assert not [h for h in headers if "unicipio" in h or "epartamento" in h]


def test_the_map_speaks_of_districts(zq_data, tmp_path):
    out = tmp_path / "mapa.html"
    result = cli("map", "--data", str(zq_data), "--country", "ZQ", "--out", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "Buscar distrito o región" in html and "Distritos: " in html
    for wrong in ("Municipios:", "Buscar municipio", "Departamento:"):
        assert wrong not in html, wrong


def test_explorer_in_whole_km_buttons_that_fit_and_its_profile_export(zq_data, tmp_path):
    import ipywidgets as w
    import openpyxl

    import oportumap
    from oportumap.widgets import Explorer

    ex = Explorer(oportumap.load_dataset(zq_data, country="ZQ"), out_dir=tmp_path / "x")
    slider = ex.reach["vacancy"]
    assert isinstance(slider, w.IntSlider) and slider.readout_format == "d"
    assert ex.reach_setting()[1]["vacancy"] == float(slider.value)
    for button in (ex.export_map_button, ex.export_referrals_button, ex.export_profile_button):
        assert button.layout.width == "auto" and button.description
    assert ex.municipality.description == "Distrito"
    path = ex.export_profile()
    header = [c.value for c in openpyxl.load_workbook(path).active[1]]
    assert "Distrito" in header and "Municipio" not in header
    with pytest.raises(DataError):
        geography.get_country("ZX")


# ------------------------------------------------------------------------ in a browser

@pytest.fixture
def zq_map(zq_data, tmp_path):
    out = tmp_path / "mapa.html"
    assert cli("map", "--data", str(zq_data), "--country", "ZQ", "--out",
               str(out)).exit_code == 0
    return out


@pytest.mark.browser
@pytest.mark.parametrize("width,height,touch", [(412, 915, True), (1024, 600, False),
                                                (1366, 768, False)])
def test_registered_country_on_every_screen(browser, zq_map, tmp_path,  # noqa: F811
                                            width, height, touch):
    from tests.test_map_screens import _open, _rect

    page, requests = _open(browser, zq_map, width, height, touch)
    bold = page.evaluate("Array.from(document.querySelectorAll('.om-capital'))"
                         ".map(e => e.textContent).sort()")
    assert bold == ["Ciudad Alta", "Puerto Bajo"]
    search = page.locator(".om-search input")
    assert search.get_attribute("placeholder") == "Buscar distrito o región…"
    box = _rect(page, ".om-search input")
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    if touch:
        page.touchscreen.tap(x, y)
    else:
        page.mouse.click(x, y)
    page.keyboard.type("puerto bajo")
    page.keyboard.press("Enter")
    rows = popup_rows(page)
    assert rows.get("Distrito") == "Puerto Bajo" and rows.get("Región") == "Sur"
    assert "Municipio" not in rows
    page.wait_for_timeout(600)  # the popup's fade and pan are over
    close = _rect(page, ".leaflet-popup-close-button")
    cx, cy = (close[0] + close[2]) / 2, (close[1] + close[3]) / 2
    assert page.evaluate(f"document.elementFromPoint({cx}, {cy}).closest('.leaflet-popup')"
                         " !== null")
    page.screenshot(path=str(tmp_path / f"zq_{width}x{height}.png"))
    layers = page.evaluate("Array.from(document.querySelectorAll("
                           "'.leaflet-control-layers-overlays label')).map(l => l.innerText)")
    assert any(t.strip().startswith("Distritos:") for t in layers)
    assert not any("unicipio" in t for t in layers)
    assert requests == []
    page.close()


def _embedded(zq_data, zq_map, how: str) -> str:
    """The map as a notebook shows it: the explorer's panel, or (as folium shows a map in a
    cell, its page in an iframe) the offline page in an iframe: folium's own cell output
    loads Leaflet from the internet, which tests do not reach."""
    import html as html_lib

    import oportumap

    if how == "explorer":
        from oportumap.widgets import Explorer

        return Explorer(oportumap.load_dataset(zq_data, country="ZQ")).map_html.value
    document = zq_map.read_text(encoding="utf-8")
    return (f"<iframe srcdoc=\"{html_lib.escape(document)}\" "
            "style='width:900px;height:500px;border:0'></iframe>")


@pytest.mark.browser
@pytest.mark.parametrize("how", ["explorer", "iframe"])
def test_the_wheel_scrolls_a_notebook_until_the_map_is_clicked(browser, zq_data,  # noqa: F811
                                                               zq_map, tmp_path, how):
    """As in JupyterLab: the map inside a longer page; the wheel must scroll the page."""
    page_path = tmp_path / "cuaderno.html"
    page_path.write_text(
        "<!doctype html><html><body><h1>Celda</h1><div style='height:200px'></div>"
        f"<div id='m' style='width:900px'>{_embedded(zq_data, zq_map, how)}</div>"
        "<div style='height:1500px'></div></body></html>", encoding="utf-8")
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(page_path.as_uri())
    page.wait_for_function("document.querySelector('#m iframe') !== null")
    inner = None
    for _ in range(100):
        inner = next((f for f in page.frames[1:] if f.evaluate(
            "typeof window.oportumap !== 'undefined' && "
            "document.querySelectorAll('path.om-muni').length > 0")), None)
        if inner:
            break
        page.wait_for_timeout(100)
    assert inner is not None
    inner.wait_for_timeout(300)
    zoom = inner.evaluate(f"{MAP}.getZoom()")
    box = page.locator("#m iframe").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + min(box["height"] / 2, 250)
    page.mouse.move(cx, cy)
    scrolled = page.evaluate("window.scrollY")
    page.mouse.wheel(0, -400)
    page.mouse.wheel(0, 300)
    page.wait_for_timeout(400)
    assert inner.evaluate(f"{MAP}.getZoom()") == zoom  # the map did not move
    assert page.evaluate("window.scrollY") > scrolled  # the notebook did
    box = page.locator("#m iframe").bounding_box()
    page.mouse.click(box["x"] + 20, box["y"] + box["height"] - 20)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -400)
    inner.wait_for_function(f"{MAP}.getZoom() > {zoom}")
    # the pointer leaves: the wheel scrolls the page again
    page.mouse.move(box["x"] + box["width"] + 100, box["y"] + 10)
    zoomed = inner.evaluate(f"{MAP}.getZoom()")
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -300)
    page.wait_for_timeout(400)
    assert inner.evaluate(f"{MAP}.getZoom()") == zoomed
    page.close()


@pytest.mark.browser
def test_a_map_on_its_own_page_zooms_with_the_wheel(browser, zq_map):  # noqa: F811
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(zq_map.as_uri())
    page.wait_for_function("document.querySelectorAll('path.om-muni').length > 0")
    page.wait_for_timeout(300)
    zoom = page.evaluate(f"{MAP}.getZoom()")
    page.mouse.move(683, 400)
    page.mouse.wheel(0, -400)
    page.wait_for_function(f"{MAP}.getZoom() > {zoom}")
    page.close()
