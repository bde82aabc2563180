"""Maps at national scale: N opportunity points + 340 municipalities, ours vs folium.

Same points, same boundaries, same run:

* oportumap: canvas dots, click hit-testing, search, offline HTML (everything inlined);
* folium ``FastMarkerCluster`` (the fastest folium way to put many points on a map);
* folium ``Marker`` + ``MarkerCluster`` (one marker and popup per point).

Reported: build seconds (map object + writing the HTML), HTML size, whether the file draws
with no network (folium's clusters load Leaflet.markercluster, jQuery and Bootstrap from
CDNs) and, when Chromium is installed, seconds until our map is drawn offline.

Run: ``python benchmarks/maps.py`` (50,000 points), ``--quick`` (5,000) or ``--size N``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

N_FIXED = 193  # centres, programmes and services the sample always adds


def drawn_seconds(path: Path) -> float | None:
    """Seconds from navigation until municipalities and dots are drawn (network blocked)."""
    chromium = shutil.which("chromium")
    if chromium is None:
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
            ("file:", "data:")) else r.abort())
        start = time.perf_counter()
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_function(
            "document.querySelectorAll('path.om-muni').length === 340 && "
            "document.querySelector('.leaflet-pane canvas') !== null", timeout=120_000)
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
        elapsed = time.perf_counter() - start
        browser.close()
    return elapsed


def timed(build) -> tuple[float, float]:
    """(seconds, MB) of building and writing one map."""
    start = time.perf_counter()
    path = build()
    return time.perf_counter() - start, path.stat().st_size / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=50_000, help="opportunity points")
    parser.add_argument("--quick", action="store_true", help="5,000 points")
    parser.add_argument("--no-browser", action="store_true", help="skip the drawing time")
    args = parser.parse_args(argv)
    size = 5_000 if args.quick else args.size
    if size <= N_FIXED:
        parser.error(f"--size must be above {N_FIXED}")

    import folium
    from folium.plugins import FastMarkerCluster, MarkerCluster

    from oportumap import municipality_profile
    from oportumap.maps import opportunity_map, save_map
    from oportumap.maps.offline import external_references
    from oportumap.sample import generate_sample

    dataset = generate_sample(5000, size - N_FIXED, seed=7)
    opps = dataset.opportunities
    profile = municipality_profile(dataset)
    boundaries = dataset.boundaries[["muni_code", "muni_name", "geometry"]].copy()
    boundaries["geometry"] = boundaries.geometry.simplify(0.002, preserve_topology=True)
    out = Path(tempfile.mkdtemp())

    def ours() -> Path:
        return save_map(opportunity_map(dataset, profile=profile), out / "ours.html",
                        force=True)

    def folium_base() -> folium.Map:
        fmap = folium.Map(location=[15.5, -90.3], zoom_start=7, tiles=None)
        folium.GeoJson(boundaries.to_json(), tooltip=folium.GeoJsonTooltip(["muni_name"])
                       ).add_to(fmap)
        return fmap

    def fast() -> Path:
        fmap = folium_base()
        FastMarkerCluster(opps[["lat", "lon"]].to_numpy().tolist()).add_to(fmap)
        fmap.save(out / "fast.html")
        return out / "fast.html"

    def markers() -> Path:
        fmap = folium_base()
        cluster = MarkerCluster().add_to(fmap)
        for row in opps[["lat", "lon", "title", "provider"]].itertuples():
            folium.Marker([row.lat, row.lon],
                          popup=folium.Popup(f"{row.title} - {row.provider}")).add_to(cluster)
        fmap.save(out / "markers.html")
        return out / "markers.html"

    # Warm up (imports, caches) on the first 500 points so no contender pays for them.
    everything, opps = opps, opps.iloc[:500]
    warm = dataset
    dataset = type(dataset)(returnees=dataset.returnees, opportunities=opps,
                            boundaries=dataset.boundaries, country=dataset.country)
    ours(), fast(), markers()
    dataset, opps = warm, everything
    # ...but ours is timed as a first map: simplified boundaries are not reused from cache
    from oportumap import maps as oportumap_maps

    oportumap_maps.payload.SHAPES_CACHE.clear()

    rows = []
    for name, build in (("oportumap (canvas dots, inlined)", ours),
                        ("folium FastMarkerCluster", fast),
                        ("folium Marker + MarkerCluster", markers)):
        seconds, megabytes = timed(build)
        written = sorted(out.glob("*.html"), key=lambda p: p.stat().st_mtime)[-1]
        offline = not external_references(written.read_text(encoding="utf-8"))
        rows.append((name, seconds, megabytes, offline))
    drawn = None if args.no_browser else drawn_seconds(out / "ours.html")

    print(f"{len(opps):,} opportunity points + 340 municipalities (same data for all)")
    print(f"{'map':<36}{'build s':>9}{'HTML MB':>9}  works offline")
    for name, seconds, megabytes, offline in rows:
        note = "yes" if offline else "no (scripts from CDNs)"
        print(f"{name:<36}{seconds:>9.2f}{megabytes:>9.2f}  {note}")
    if drawn is not None:
        print(f"oportumap drawn in Chromium (network blocked, 1366x768): {drawn:.2f} s")
    ours_s, ours_mb = rows[0][1], rows[0][2]
    for name, seconds, megabytes, _ in rows[1:]:
        print(f"{name} / oportumap: build {seconds / ours_s:.2f}x, size "
              f"{megabytes / ours_mb:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
