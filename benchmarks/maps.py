"""Maps at national scale: 50,000 opportunity points + 340 municipalities.

Ours (canvas dots, offline export): build time, HTML size and time until drawn in headless
Chromium. Baseline in the same run: plain folium, one ``Marker`` per point inside a
``MarkerCluster`` (build time and HTML size; it loads its scripts from CDNs, so offline it
draws nothing). Run: ``python benchmarks/maps.py``.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from oportumap import municipality_profile
from oportumap.maps import opportunity_map, save_map
from oportumap.sample import generate_sample

N_POINTS = 50_000


def drawn_seconds(path: Path) -> float | None:
    """Seconds from navigation until the 340 municipality shapes and the dots are drawn."""
    chromium = shutil.which("chromium")
    if chromium is None:
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
            ("file:", "data:")) else r.abort())
        start = time.perf_counter()
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_function(
            "document.querySelectorAll('path.om-muni').length === 340 && "
            "document.querySelector('.leaflet-pane canvas') !== null", timeout=60_000)
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
        elapsed = time.perf_counter() - start
        browser.close()
    return elapsed


def main() -> None:
    dataset = generate_sample(5000, N_POINTS - 193, seed=7)  # + 193 fixed centres/services
    points = len(dataset.opportunities)
    profile = municipality_profile(dataset)
    out = Path(tempfile.mkdtemp())

    start = time.perf_counter()
    ours_path = save_map(opportunity_map(dataset, profile=profile), out / "ours.html")
    ours_build = time.perf_counter() - start
    ours_size = ours_path.stat().st_size / 1e6
    ours_drawn = drawn_seconds(ours_path)

    import folium
    from folium.plugins import MarkerCluster

    start = time.perf_counter()
    naive = folium.Map(location=[15.5, -90.3], zoom_start=7)
    folium.GeoJson(dataset.boundaries[["muni_code", "muni_name", "geometry"]].to_json()
                   ).add_to(naive)
    cluster = MarkerCluster().add_to(naive)
    for row in dataset.opportunities[["lat", "lon", "title", "provider"]].itertuples():
        folium.Marker([row.lat, row.lon], popup=f"{row.title} - {row.provider}").add_to(cluster)
    naive.save(out / "naive.html")
    naive_build = time.perf_counter() - start
    naive_size = (out / "naive.html").stat().st_size / 1e6

    print(f"{points:,} opportunity points + 340 municipalities")
    print(f"{'map':<44}{'build s':>9}{'HTML MB':>9}{'drawn s':>9}")
    drawn = f"{ours_drawn:>9.2f}" if ours_drawn is not None else f"{'n/a':>9}"
    print(f"{'oportumap (canvas dots, offline HTML)':<44}{ours_build:>9.2f}{ours_size:>9.2f}"
          f"{drawn}")
    print(f"{'folium Markers in a MarkerCluster (CDN)':<44}{naive_build:>9.2f}"
          f"{naive_size:>9.2f}{'offline: blank':>15}")
    print(f"ratios (folium / ours): build {naive_build / ours_build:.1f}x, "
          f"size {naive_size / ours_size:.1f}x")
    met = [ours_build < 5, ours_size < 5, ours_drawn is not None and ours_drawn < 3]
    print(f"Targets: build < 5 s ({'met' if met[0] else 'NOT met'}), HTML < 5 MB "
          f"({'met' if met[1] else 'NOT met'}), drawn < 3 s ({'met' if met[2] else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
