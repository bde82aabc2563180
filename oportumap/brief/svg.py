"""The brief's pictures as inline SVG: a department map and small bar charts.

Drawn with matplotlib into a string (no file, no JavaScript, nothing from the network), so
the HTML stays one self-contained file and prints sharply.
"""

from __future__ import annotations

import io
import math
import re

import numpy as np
import pandas as pd

from oportumap.i18n import text
from oportumap.maps.classify import KIND_STYLE, classify, legend_labels, palette
from oportumap.privacy import SUPPRESSION_THRESHOLD
from oportumap.schema import OPPORTUNITY_KINDS


def _svg(fig) -> str:
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(fig)
    document = buffer.getvalue()
    # Inline in HTML: drop the XML prologue and doctype, keep the <svg> element, and let
    # it scale with the page (width 100 %, height from the viewBox).
    document = document[document.index("<svg"):]
    document = re.sub(r'<svg([^>]*?)\swidth="[^"]*"\sheight="[^"]*"',
                      r'<svg\1 width="100%" preserveAspectRatio="xMidYMid meet"', document,
                      count=1)
    return document


def _nice_length(km: float) -> float:
    """A round scale-bar length (1, 2 or 5 x 10^n km) close to ``km``."""
    if km <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(km))
    return max(step * power for step in (1, 2, 5) if step * power <= km) if km >= power \
        else power


def department_map_svg(dataset, profile: pd.DataFrame, dept_code: str, *,
                       color_by: str = "gap_score", lang: str = "es",
                       threshold: int = SUPPRESSION_THRESHOLD) -> str:
    """The department's municipalities coloured by ``color_by``, its offers as symbols,
    the department seat and municipal names, a legend and a scale bar, as SVG text.

    Municipalities with fewer than ``threshold`` returnees are drawn without a class
    (grey, "dato protegido"), as on the interactive map.

    Examples
    --------
    >>> from oportumap import load_sample, municipality_profile
    >>> ds = load_sample()
    >>> svg = department_map_svg(ds, municipality_profile(ds), "13")
    >>> svg.startswith("<svg") and "Huehuetenango" in svg
    True
    """
    import matplotlib

    matplotlib.use("Agg")
    import geopandas as gpd
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from oportumap.geography import get_country

    bounds = dataset.boundaries
    munis = bounds[bounds["dept_code"] == dept_code][["muni_code", "muni_name", "lat", "lon",
                                                     "geometry"]]
    munis = munis.merge(profile[["muni_code", "returnees", color_by]], on="muni_code",
                        how="left")
    small = (munis["returnees"] > 0) & (munis["returnees"] < threshold)
    values = munis[color_by].where(~small)
    classes, edges = classify(values, "quantiles", 5)
    colours = palette(len(edges), reverse=color_by == "priority_rank")
    fill = [colours[c] if c >= 0 else "#d9d9d9" for c in classes]
    crs = get_country(dataset.country).projected_crs
    shapes = munis.to_crs(crs)
    # About 1/400 of the department's width: invisible on A4, a fraction of the SVG size.
    tolerance = max(shapes.total_bounds[2] - shapes.total_bounds[0], 1.0) / 400
    shapes["geometry"] = shapes.geometry.simplify(tolerance, preserve_topology=True)
    fig, ax = plt.subplots(figsize=(7.2, 6.2), dpi=100)
    # Neighbouring departments in light grey for context.
    box = shapes.total_bounds
    pad = 0.08 * max(box[2] - box[0], box[3] - box[1])
    around = bounds[bounds["dept_code"] != dept_code].to_crs(crs).cx[
        box[0] - pad:box[2] + pad, box[1] - pad:box[3] + pad]
    around = around.dissolve("dept_code") if "dept_code" in around and len(around) else around
    around["geometry"] = around.geometry.simplify(tolerance * 2, preserve_topology=True)
    around.plot(ax=ax, color="#f2f2f2", edgecolor="#bbbbbb", linewidth=0.4)
    shapes.plot(ax=ax, color=fill, edgecolor="#555555", linewidth=0.5)
    shapes.dissolve().boundary.plot(ax=ax, color="#111111", linewidth=1.2)
    handles = [Patch(facecolor=c, edgecolor="#555555", label=lab) for c, lab in zip(
        colours, legend_labels(edges, color_by, threshold, lowest=values.min()), strict=True)]
    if small.any():
        handles.append(Patch(facecolor="#d9d9d9", edgecolor="#555555",
                             label=text("map.suppressed", lang)))
    offers = dataset.opportunities[dataset.opportunities["muni_code"].isin(set(munis["muni_code"]))]
    for kind in OPPORTUNITY_KINDS:
        these = offers[(offers["kind"] == kind) & offers["lat"].notna()]
        if these.empty:
            continue
        points = gpd.GeoSeries(gpd.points_from_xy(these["lon"], these["lat"]),
                               crs="EPSG:4326").to_crs(crs)
        style = KIND_STYLE[kind]
        ax.scatter(points.x, points.y, s=float(style["radius"]) ** 2 * 0.9,
                   c=str(style["fill"]), edgecolors=str(style["stroke"]), linewidths=0.4,
                   zorder=3)
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=5,
                              markerfacecolor=str(style["fill"]),
                              markeredgecolor=str(style["stroke"]),
                              label=f"{text('kind.' + kind, lang)} ({len(these):,})"))
    # Names at the municipal seats; the department seat (code ending in 01 where codes
    # are department + municipality, else the most populous seat) in bold.
    seats = gpd_points(munis, crs)
    capital = _department_seat(munis)
    for (x, y), name, code in zip(seats, munis["muni_name"], munis["muni_code"], strict=True):
        bold = code == capital
        ax.plot(x, y, marker="s" if bold else ".", color="#111111",
                markersize=5 if bold else 2.5, zorder=4)
        ax.annotate(name, (x, y), xytext=(3, 3), textcoords="offset points",
                    fontsize=7.5 if bold else 6, fontweight="bold" if bold else "normal",
                    color="#111111", zorder=5)
    # Scale bar (the projection is metric).
    width_km = (box[2] - box[0]) / 1000
    length = _nice_length(width_km / 4)
    x0, y0 = box[0], box[1] - pad * 0.6
    ax.plot([x0, x0 + length * 1000], [y0, y0], color="#111111", linewidth=2.5)
    ax.text(x0 + length * 500, y0 + pad * 0.15, f"{length:g} km", ha="center", fontsize=7)
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7,
              title=text(f"col.{color_by}", lang) if color_by == "gap_score" else color_by,
              title_fontsize=7.5, frameon=False)
    ax.set_xlim(box[0] - pad, box[2] + pad)
    ax.set_ylim(box[1] - pad, box[3] + pad)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return _svg(fig)


def gpd_points(munis, crs) -> list[tuple[float, float]]:
    """Seat points of ``munis`` in ``crs``."""
    import geopandas as gpd

    points = gpd.GeoSeries(gpd.points_from_xy(munis["lon"], munis["lat"]), crs="EPSG:4326")
    projected = points.to_crs(crs)
    return list(zip(projected.x.to_numpy(), projected.y.to_numpy(), strict=True))


def _department_seat(munis: pd.DataFrame) -> str | None:
    if "dept_seat" in munis:  # the geography knows its seats (never the first code)
        seat = munis.loc[munis["dept_seat"].fillna(False).astype(bool), "muni_code"]
        return str(seat.iloc[0]) if len(seat) == 1 else None
    codes = munis["muni_code"].astype(str)
    first = codes[codes.str.len() >= 3]
    seat = first[first.str.endswith("01")]
    if len(seat) == 1:
        return str(seat.iloc[0])
    if "seat_population" in munis:
        population = pd.to_numeric(munis["seat_population"], errors="coerce")
        if population.notna().any():
            return str(munis.loc[population.idxmax(), "muni_code"])
    return None


def bar_chart_svg(labels: list[str], values: list[float], *, title: str,
                  colour: str = "#2b6ca3", protected: list[bool] | None = None) -> str:
    """A small horizontal bar chart; protected bars are drawn hatched, without a number.

    Examples
    --------
    >>> bar_chart_svg(["Vacantes", "Formación"], [12, 3], title="Plazas",
    ...               protected=[False, True]).count("<svg")
    1
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    protected = protected or [False] * len(values)
    numbers = np.asarray(values, dtype=float)
    fig, ax = plt.subplots(figsize=(4.2, 0.35 * len(labels) + 0.7), dpi=100)
    y = np.arange(len(labels))[::-1]
    shown = np.where(protected, np.nan, numbers)
    ax.barh(y, np.nan_to_num(shown), color=colour, height=0.6)
    top = np.nanmax(shown) if np.isfinite(shown).any() else 1.0
    for yi, value, hidden in zip(y, shown, protected, strict=True):
        label = f"<{SUPPRESSION_THRESHOLD}" if hidden else f"{value:,.0f}".replace(",", " ")
        ax.text((0 if hidden else value) + top * 0.02, yi, label, va="center", fontsize=8)
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlim(0, top * 1.25 if top > 0 else 1)
    ax.set_xticks([])
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title(title, fontsize=9, loc="left")
    return _svg(fig)
