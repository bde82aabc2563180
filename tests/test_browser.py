"""Exported maps in a real headless Chromium, network blocked, at a laptop's 1366×768.

Clicks are real mouse clicks at screen coordinates and searches are typed on the
keyboard, as a coordinator would; JavaScript is used only to read where a place is drawn.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from oportumap import Dataset
from oportumap.cli import app
from oportumap.loaders import load_dataset
from oportumap.maps import opportunity_map, save_map

CHROMIUM = (shutil.which("chromium") or shutil.which("chromium-browser")
            or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None))
pytestmark = [pytest.mark.browser]
XSS = "<script>alert(1)</script>"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync",
        "--disable-default-apps", "--disable-extensions"]
FIND_MAP = "Object.keys(window).filter(k => k.startsWith('map_') && window[k] instanceof L.Map)"
MAP = f"window[{FIND_MAP}[0]]"
# Words of Leaflet's and our controls in English: none may show in a Spanish map.
ENGLISH = re.compile(r"\b(zoom|layers?|close|fullscreen|full screen|search|legend|library|"
                     r"interactive|popup|mi|ft|data date|source)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def browser():
    missing = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a test dependency
        missing = "playwright is not installed"
    if CHROMIUM is None:
        missing = "Debian chromium is not installed (apt-get install -y chromium)"
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run in CI: {missing}")
        pytest.skip(missing)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def open_offline(browser, path: Path):
    """Open a file at 1366×768 with every non-file request aborted and recorded."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    record = {"requests": [], "errors": [], "dialogs": []}

    def route(request_route):
        url = request_route.request.url
        if url.startswith(("file:", "data:", "about:")):
            request_route.continue_()
        else:
            record["requests"].append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: record["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: record["errors"].append(str(e)))
    page.on("dialog", lambda d: (record["dialogs"].append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_function("document.querySelectorAll('path.om-muni').length > 0")
    page.wait_for_timeout(500)
    return page, record


def screen_point(page, lat: float, lon: float) -> tuple[float, float]:
    """Where (lat, lon) is drawn, in page pixels (the map fills the page)."""
    point = page.evaluate(f"(() => {{ const p = {MAP}.latLngToContainerPoint([{lat}, {lon}]);"
                          f" const r = {MAP}.getContainer().getBoundingClientRect();"
                          f" return [p.x + r.left, p.y + r.top]; }})()")
    return point[0], point[1]


def popup_rows(page) -> dict[str, str]:
    page.wait_for_selector(".leaflet-popup-content")
    return page.evaluate("""Object.fromEntries(Array.from(document.querySelectorAll(
        '.leaflet-popup-content tr')).map(r => [r.cells[0].innerText, r.cells[1].innerText]))""")


def close_popup(page):
    page.evaluate(f"void {MAP}.closePopup()")
    # a closed popup fades out for 200 ms: wait until it is gone
    page.wait_for_function("!document.querySelector('.leaflet-popup')")


# ---------------------------------------------------------------------------------------
# A small country written by hand: returnees in five municipalities, two offers at the
# very same spot in Cobán, one course in Quetzaltenango.

SEATS = {"Cobán": (15.47025, -90.37455), "Quetzaltenango": (14.84462, -91.52316)}


@pytest.fixture(scope="module")
def handmade(tmp_path_factory):
    folder = tmp_path_factory.mktemp("datos")
    rows = (["R-{0},Cobán,Alta Verapaz"] * 9 + ["R-{0},Xela,Quetzaltenango"] * 3
            + ["R-{0},Nebaj,Quiché"] * 7 + ["R-{0},Jutiapa,Jutiapa"] * 6
            + ["R-{0},san andres,PETEN"] * 2)
    (folder / "returnees.csv").write_text(
        "id_retornado,municipio,departamento\n"
        + "\n".join(r.format(i) for i, r in enumerate(rows, 1)) + "\n", encoding="utf-8")
    lat, lon = SEATS["Cobán"]
    (folder / "vacancies.csv").write_text(
        "id,puesto,empresa,plazas,latitud,longitud\n"
        f"V-1,Albañil,Constructora Norte,3,{lat},{lon}\n"
        f"V-2,Cocinera,Hotel Imperial,2,{lat},{lon}\n", encoding="utf-8")
    lat, lon = SEATS["Quetzaltenango"]
    (folder / "training.csv").write_text(
        "id,curso,centro,cupos,latitud,longitud\n"
        f"T-1,Soldadura básica,Centro Xelajú,20,{lat},{lon}\n", encoding="utf-8")
    dataset = load_dataset(folder)
    path = save_map(opportunity_map(dataset), tmp_path_factory.mktemp("mapa") / "mapa.html")
    return dataset, path


def inside(dataset, name: str) -> tuple[float, float]:
    """A point well inside a municipality's shape (lat, lon)."""
    shape = dataset.boundaries.loc[dataset.boundaries["muni_name"] == name, "geometry"].iloc[0]
    point = shape.representative_point()
    return point.y, point.x


def set_point_layers(page, shown: bool):
    """Tick or untick every kind of dot in the (collapsed) layer control, with the mouse."""
    page.hover(".leaflet-control-layers")
    for label in page.locator(".leaflet-control-layers-overlays label").all():
        name = label.text_content().strip()
        if name.startswith(("Municipios", "Departamentos")):
            continue
        box = label.locator("input")
        if box.is_checked() != shown:
            box.click()
    page.mouse.move(600, 700)


def test_click_anywhere_in_a_municipality_opens_it(browser, handmade):
    dataset, path = handmade
    page, record = open_offline(browser, path)
    for name, dept in (("Santa María Nebaj", "Quiché"), ("Jutiapa", "Jutiapa"),
                       ("San Andrés", "Petén")):
        page.mouse.click(*screen_point(page, *inside(dataset, name)))
        rows = popup_rows(page)
        assert rows["Municipio"] == name and rows["Departamento"] == dept, rows
        close_popup(page)
    page.mouse.click(*screen_point(page, *inside(dataset, "Santa María Nebaj")))
    rows = popup_rows(page)
    assert rows["Retornados"] == "7" and rows["Prioridad (1 = mayor brecha)"] != ""
    assert rows["Plazas al alcance: vacantes"].isdigit()
    close_popup(page)
    page.mouse.click(*screen_point(page, *inside(dataset, "San Andrés")))
    assert popup_rows(page)["Retornados"] == "<5"  # 2 people, suppressed as provided
    close_popup(page)

    # with every point layer off, a click on Cobán's seat (where the dots were) opens Cobán
    set_point_layers(page, shown=False)
    page.mouse.click(*screen_point(page, *SEATS["Cobán"]))
    assert popup_rows(page)["Municipio"] == "Cobán"
    close_popup(page)
    set_point_layers(page, shown=True)

    # after zooming in with the + button and panning, clicks still land on their shape
    zoom = page.evaluate(f"{MAP}.getZoom()")
    page.locator(".leaflet-control-zoom-in").click()
    page.locator(".leaflet-control-zoom-in").click()
    page.wait_for_timeout(600)
    assert page.evaluate(f"{MAP}.getZoom()") > zoom
    page.evaluate(f"void {MAP}.panTo([{inside(dataset, 'Aguacatán')[0]}, "
                  f"{inside(dataset, 'Aguacatán')[1]}], {{animate: false}})")
    page.mouse.click(*screen_point(page, *inside(dataset, "Aguacatán")))
    assert popup_rows(page)["Municipio"] == "Aguacatán"
    assert record["requests"] == [] and record["errors"] == []
    page.close()


def test_click_on_dots_opens_them_and_a_shared_spot_lists_all(browser, handmade):
    dataset, path = handmade
    page, record = open_offline(browser, path)
    page.mouse.click(*screen_point(page, *SEATS["Quetzaltenango"]))
    page.wait_for_selector(".leaflet-popup-content")
    single = page.locator(".leaflet-popup-content").inner_text()
    assert "Soldadura básica" in single and "Centro Xelajú" in single and "T-1" in single
    assert "Municipio" not in single
    close_popup(page)
    page.mouse.click(*screen_point(page, *SEATS["Cobán"]))
    page.wait_for_selector(".leaflet-popup-content")
    both = page.locator(".leaflet-popup-content").inner_text()
    assert "2 ofertas en este lugar" in both
    assert "Albañil" in both and "Constructora Norte" in both and "V-1" in both
    assert "Cocinera" in both and "Hotel Imperial" in both and "V-2" in both
    assert record["requests"] == [] and record["errors"] == []
    page.close()


@pytest.mark.parametrize(("typed", "name"), [
    ("xela", "Quetzaltenango"), ("chichi", "Santo Tomás Chichicastenango"),
    ("ixcan", "Playa Grande Ixcán"), ("guate", "Guatemala"), ("Solola", "Sololá"),
    ("Chichicastenango, Quiché", "Santo Tomás Chichicastenango"),
    ("BARILLAS", "Santa Cruz Barillas"), ("soloma", "San Pedro Soloma"),
    ("san juan sacatepequez", "San Juan Sacatepéquez"),
    ("Sta. Cruz Barillas", "Santa Cruz Barillas"), ("municipio de Cobán", "Cobán"),
    ("San Juan Laguna", "San Juan La Laguna"),
])
def test_typed_names_find_their_municipality(browser, handmade, typed, name):
    _, path = handmade
    page, record = open_offline(browser, path)
    zoom = page.evaluate(f"{MAP}.getZoom()")
    page.locator(".om-search input").click()
    page.keyboard.type(typed)
    page.keyboard.press("Enter")
    assert popup_rows(page)["Municipio"] == name
    assert page.evaluate(f"{MAP}.getZoom()") > zoom
    assert record["requests"] == [] and record["errors"] == []
    page.close()


def test_search_department_suggestions_and_not_found(browser, handmade):
    _, path = handmade
    page, record = open_offline(browser, path)
    search = page.locator(".om-search input")
    search.click()
    page.keyboard.type("Alta Verapaz")
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup-content")
    assert "Alta Verapaz" in page.locator(".leaflet-popup-content").inner_text()
    assert "17 municipios" in page.locator(".leaflet-popup-content").inner_text()
    close_popup(page)
    search.fill("")
    page.keyboard.type("Ciudad Inventada")
    page.keyboard.press("Enter")
    assert page.locator(".om-search-message").inner_text() == "«Ciudad Inventada»: no encontrado"
    # a name several municipalities share offers them; choosing one opens it
    search.fill("")
    page.keyboard.type("San José")
    page.keyboard.press("Enter")
    options = page.locator(".om-suggestions button").all_inner_texts()
    assert "San José, Petén" in options and "San José, Escuintla" in options
    page.locator(".om-suggestions button", has_text="San José, Petén").click()
    rows = popup_rows(page)
    assert (rows["Municipio"], rows["Departamento"]) == ("San José", "Petén")
    assert record["requests"] == [] and record["errors"] == []
    page.close()


def test_browser_normalises_typed_text_like_the_loaders(browser, handmade):
    """The page's normalisation equals oportumap.text.normalize_text on awkward input."""
    from oportumap.text import normalize_text

    typed = ["  Chichicastenango,  Quiché ", "SANTA MARÍA NEBAJ", "Sololá.", "San José-Pinula",
             "Ñuñoa (pueblo)", "güegüecho", "XELAJÚ!!", "Villa Canales / 0115"]
    _, path = handmade
    page, record = open_offline(browser, path)
    seen = page.evaluate("typed => typed.map(oportumap.normalize)", typed)
    assert seen == [normalize_text(t) for t in typed]
    page.close()


def control_words(page) -> list[str]:
    return page.evaluate("""(() => {
        const out = [];
        document.querySelectorAll('[title], [aria-label], [placeholder]').forEach(e => {
            ['title', 'aria-label', 'placeholder'].forEach(a => {
                if (e.getAttribute(a)) out.push(e.getAttribute(a)); }); });
        document.querySelectorAll('[class*="leaflet-control"], .leaflet-popup')
            .forEach(e => out.push(e.textContent));
        return out; })()""")


def test_no_english_on_a_spanish_map_and_english_when_asked(browser, handmade, tmp_path):
    dataset, path = handmade
    page, record = open_offline(browser, path)
    page.mouse.click(*screen_point(page, *inside(dataset, "Santa María Nebaj")))
    page.wait_for_selector(".leaflet-popup-content")  # its close button counts too
    page.hover(".leaflet-control-layers")
    words = control_words(page)
    assert page.evaluate("document.documentElement.lang") == "es"
    assert "Acercar" in words and "Alejar" in words and "Capas" in words
    assert "Pantalla completa" in words and "Cerrar" in words
    assert any("km" in w for w in words)
    english = [w for w in words if ENGLISH.search(w)]
    assert english == []
    page.close()

    english_map = save_map(opportunity_map(dataset, lang="en"), tmp_path / "en.html")
    page, record = open_offline(browser, english_map)
    words = control_words(page)
    assert page.evaluate("document.documentElement.lang") == "en"
    assert "Zoom in" in words and "Layers" in words and "Fullscreen" in words
    assert record["requests"] == [] and record["errors"] == []
    page.close()


# ---------------------------------------------------------------------------------------
# The demo, as the README tells people to open it.


@pytest.fixture(scope="module")
def demo_map(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(app, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / "mapa.html"


def test_demo_map_fills_a_laptop_screen_offline(browser, demo_map, tmp_path):
    page, record = open_offline(browser, demo_map)
    assert page.evaluate(f"{FIND_MAP}.length") == 1
    assert page.evaluate("document.querySelectorAll('path.om-muni').length") == 340
    assert page.evaluate("document.querySelectorAll('path.om-dept').length") == 22
    labels = page.locator(".leaflet-control-layers-overlays label").all_text_contents()
    for kind in ("Vacantes", "Formación", "Certificación", "Emprendimiento", "Servicios"):
        assert any(label.strip().startswith(kind) for label in labels), labels
    dots = page.evaluate(f"""() => {{ let n = 0; {MAP}.eachLayer(l => {{
        if (l.options && l.options.omIndex !== undefined) n++; }}); return n; }}""")
    assert dots == 1200 + 105 + 48 + 8 + 32
    legend = page.locator(".om-legend").inner_text()
    assert "< 5" in legend and "menos de 5 personas" in legend
    assert "Datos ilustrativos" in page.locator(".om-title").inner_text()

    # Guatemala's outline covers most of the 1366×768 view
    box = page.evaluate(f"""(() => {{ let bounds = null; {MAP}.eachLayer(l => {{
        if (l.feature && l.options.className === 'om-muni')
            bounds = bounds ? bounds.extend(l.getBounds()) : l.getBounds(); }});
        const a = {MAP}.latLngToContainerPoint(bounds.getNorthWest());
        const z = {MAP}.latLngToContainerPoint(bounds.getSouthEast());
        return [a.x, a.y, z.x, z.y]; }})()""")
    width, height = (box[2] - box[0]) / 1366, (box[3] - box[1]) / 768
    assert width > 0.6 or height > 0.6, (width, height)
    assert box[0] >= -1 and box[1] >= -1 and box[2] <= 1367 and box[3] <= 769  # all of it
    shot = tmp_path / "map.png"
    page.screenshot(path=str(shot))
    from PIL import Image

    image = Image.open(io.BytesIO(shot.read_bytes())).convert("RGB")
    assert image.size == (1366, 768)
    colours = image.getcolors(1_000_000)
    assert colours is not None and len(colours) > 200  # a drawn map, not a blank page
    # department capitals are labelled at national zoom, more towns once zoomed in
    shown = set(page.locator(".om-label-text").all_inner_texts())
    assert {"Cobán", "Huehuetenango", "Flores", "Puerto Barrios"} <= shown
    for _ in range(3):
        page.locator(".leaflet-control-zoom-in").click()
    page.wait_for_timeout(600)
    assert len(page.locator(".om-label-text").all()) > len(shown)
    page.evaluate(f"void {MAP}.setView([14.64, -90.51], 10.5, {{animate: false}})")
    page.wait_for_timeout(300)
    zoomed = set(page.locator(".om-label-text").all_inner_texts())
    assert {"Mixco", "Villa Nueva"} <= zoomed
    # the legend folds away
    page.locator(".om-legend summary").click()
    assert not page.locator(".om-legend h2").first.is_visible()

    assert record["requests"] == []
    assert record["errors"] == []
    page.close()


def test_user_supplied_script_is_shown_as_text_and_never_runs(browser, sample, tmp_path):
    opps = sample.opportunities.copy()
    first = opps.index[opps["kind"] == "vacancy"][0]
    opps.loc[first, "provider"] = XSS
    hostile = Dataset(returnees=sample.returnees, opportunities=opps,
                      boundaries=sample.boundaries, country="GT")
    path = save_map(opportunity_map(hostile), tmp_path / "hostile.html")
    page, record = open_offline(browser, path)
    lat, lon = opps.loc[first, ["lat", "lon"]]
    page.evaluate(f"void {MAP}.setView([{lat}, {lon}], 16, {{animate: false}})")
    page.wait_for_timeout(300)
    page.mouse.click(*screen_point(page, lat, lon))
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert XSS in popup.inner_text()
    assert page.evaluate("document.querySelectorAll('.leaflet-popup-content script').length") == 0
    assert record["dialogs"] == []
    assert record["errors"] == [] and record["requests"] == []
    page.close()
