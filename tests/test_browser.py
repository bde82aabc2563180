"""Exported maps in a real headless Chromium with the network blocked."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from oportumap import Dataset
from oportumap.cli import app
from oportumap.maps import opportunity_map, save_map

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed "
                                                 "(apt-get install -y chromium)"),
]
XSS = "<script>alert(1)</script>"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync",
        "--disable-default-apps", "--disable-extensions"]
FIND_MAP = "Object.keys(window).filter(k => k.startsWith('map_') && window[k] instanceof L.Map)"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def open_offline(browser, path: Path):
    """Open a file with every non-file request aborted and recorded."""
    page = browser.new_page(viewport={"width": 1280, "height": 860})
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
    page.wait_for_timeout(800)  # let the initial zoom settle
    return page, record


@pytest.fixture(scope="module")
def demo_map(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(app, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / "map.html"


def test_demo_map_draws_offline(browser, demo_map, tmp_path):
    page, record = open_offline(browser, demo_map)
    assert page.evaluate("typeof L") == "object"
    assert page.evaluate(f"{FIND_MAP}.length") == 1
    assert page.evaluate("document.querySelectorAll('path.om-muni').length") == 340
    assert page.evaluate("document.querySelectorAll('path.om-dept').length") == 22
    labels = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    for kind in ("Vacantes", "Formación", "Certificación", "Emprendimiento", "Servicios"):
        assert any(label.strip().startswith(kind) for label in labels), labels
    dots = page.evaluate(f"""() => {{ const m = window[{FIND_MAP}[0]]; let n = 0;
        m.eachLayer(l => {{ if (l.options && l.options.omIndex !== undefined) n++; }});
        return n; }}""")
    assert dots == 1200 + 105 + 48 + 8 + 32
    legend = page.locator(".om-legend").inner_text()
    assert "< 5" in legend and "menos de 5 personas" in legend
    assert "Datos ilustrativos" in page.locator(".om-title").inner_text()
    shot = tmp_path / "map.png"
    page.screenshot(path=str(shot))
    from PIL import Image

    colours = Image.open(io.BytesIO(shot.read_bytes())).convert("RGB").getcolors(1_000_000)
    assert colours is not None and len(colours) > 200  # a drawn map, not a blank page
    assert record["requests"] == []
    assert record["errors"] == []
    page.close()


def test_search_box_zooms_to_a_municipality(browser, demo_map):
    page, record = open_offline(browser, demo_map)
    zoom_before = page.evaluate(f"window[{FIND_MAP}[0]].getZoom()")
    page.fill(".om-search input", "Joyabaj, Quiché")
    page.press(".om-search input", "Enter")
    page.wait_for_selector(".leaflet-popup-content")
    assert "Joyabaj" in page.locator(".leaflet-popup-content").inner_text()
    assert page.evaluate(f"window[{FIND_MAP}[0]].getZoom()") > zoom_before
    assert record["errors"] == [] and record["requests"] == []
    page.close()


def test_user_supplied_script_is_shown_as_text_and_never_runs(browser, sample, tmp_path):
    opps = sample.opportunities.copy()
    first = opps.index[opps["kind"] == "vacancy"][0]
    opps.loc[first, "provider"] = XSS
    hostile = Dataset(returnees=sample.returnees, opportunities=opps,
                      boundaries=sample.boundaries, country="GT")
    path = save_map(opportunity_map(hostile), tmp_path / "hostile.html")
    page, record = open_offline(browser, path)
    page.evaluate(f"""() => {{ const m = window[{FIND_MAP}[0]]; let hit = null;
        m.eachLayer(l => {{ if (l.options && l.options.omIndex === 0 &&
                               l.options.fillColor === '#1f78b4') hit = l; }});
        hit.fire('click', {{latlng: hit.getLatLng()}}, true); }}""")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert XSS in popup.inner_text()
    assert page.evaluate("document.querySelectorAll('.leaflet-popup-content script').length") == 0
    assert record["dialogs"] == []
    assert record["errors"] == [] and record["requests"] == []
    page.close()
