"""Printable maps (PNG, PDF) drawn with matplotlib."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from oportumap.errors import DataError
from oportumap.i18n import text
from oportumap.privacy import (
    SUPPRESSION_THRESHOLD,
    people_derived_columns,
)
from oportumap.schema import OPPORTUNITY_KINDS
from oportumap.text import date_text

if TYPE_CHECKING:  # pragma: no cover
    pass

from oportumap.maps.classify import (
    KIND_STYLE,
    classify,
    default_color,
    is_people,
    legend_column_label,
    legend_labels,
    palette,
)
from oportumap.maps.payload import (
    profile_for,
    source_note,
)


def scale_bar(ax, dataset) -> None:
    """A metric scale bar in the lower left of a map drawn in degrees (EPSG:4326).

    The length is a round number of km about a fifth of the map's width, measured on the
    ellipsoid at the map's middle latitude.
    """
    import math

    from pyproj import Geod

    west, south, east, north = dataset.boundaries.total_bounds
    middle = (south + north) / 2
    width_km = Geod(ellps="WGS84").line_length([west, east], [middle, middle]) / 1000
    target = width_km / 5
    power = 10 ** math.floor(math.log10(target))
    length = max(s * power for s in (1, 2, 5) if s * power <= target)
    degrees = length / width_km * (east - west)
    x0, y0 = west + (east - west) * 0.03, south + (north - south) * 0.03
    ax.plot([x0, x0 + degrees], [y0, y0], color="#111111", linewidth=3, solid_capstyle="butt",
            zorder=5)
    for x in (x0, x0 + degrees):
        ax.plot([x, x], [y0 - (north - south) * 0.006, y0 + (north - south) * 0.006],
                color="#111111", linewidth=1, zorder=5)
    ax.annotate(f"{length:g} km", (x0 + degrees / 2, y0), xytext=(0, 4),
                textcoords="offset points", ha="center", fontsize=7, zorder=5)


def static_map(
    dataset,
    path: str | Path,
    *,
    profile: pd.DataFrame | None = None,
    color_by: str | None = None,
    scheme: str = "quantiles",
    k: int = 5,
    kinds: list[str] | None = None,
    lang: str = "es",
    title: str | None = None,
    threshold: int = SUPPRESSION_THRESHOLD,
    force: bool = False,
) -> Path:
    """Printable map (PNG or PDF) for reports: choropleth, departments, dots, legend, source.

    Drawn with matplotlib (no browser). Parameters as in :func:`opportunity_map`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from oportumap import load_sample
    >>> static_map(load_sample(), pathlib.Path(tempfile.mkdtemp()) / "m.png").suffix
    '.png'
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import patheffects
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from oportumap.files import atomic_path

    path = Path(path)
    if path.suffix.lower() not in (".png", ".pdf"):
        raise DataError(f"{path.name}: use la extensión .png o .pdf")
    if path.exists() and not force:
        raise DataError(f"{path}: ya existe; use --force (force=True) para reemplazarlo")
    text("returnees", lang)
    profile = profile_for(dataset, profile)
    if color_by is None:
        color_by = default_color(profile)
    if color_by not in profile.columns:
        raise DataError(f"color_by '{color_by}' no es una columna del perfil")
    munis = dataset.boundaries[["muni_code", "geometry"]].merge(
        profile[["muni_code", color_by]], on="muni_code", how="left")
    people = is_people(color_by)
    classes, bounds = classify(munis[color_by], scheme, k, floor=threshold if people else None)
    integers = bool((munis[color_by].dropna() % 1 == 0).all())
    colours = palette(len(bounds), reverse=color_by == "priority_rank")
    munis["fill"] = [colours[c] if c >= 0 else "#cccccc" for c in classes]
    fig, ax = plt.subplots(figsize=(9, 9.5), dpi=150)
    munis.plot(ax=ax, color=munis["fill"], edgecolor="#777777", linewidth=0.2)
    depts = dataset.boundaries[["dept_code", "geometry"]].copy()
    depts["geometry"] = depts.geometry.make_valid()
    dissolved = depts.dissolve("dept_code")
    dissolved.boundary.plot(ax=ax, color="#222222", linewidth=0.7)
    # Department names at a point inside each department (printed maps need them).
    names = dataset.boundaries.drop_duplicates("dept_code").set_index("dept_code")["dept_name"]
    for code, point in dissolved.geometry.representative_point().items():
        ax.annotate(str(names.get(code, "")), (point.x, point.y), ha="center", va="center",
                    fontsize=6.5, color="#111111", alpha=0.85, zorder=4,
                    path_effects=[patheffects.withStroke(linewidth=2, foreground="white")])
    scale_bar(ax, dataset)
    handles = [Patch(facecolor=c, edgecolor="#777777", label=lab) for c, lab in
               zip(colours, legend_labels(bounds, color_by, threshold, integers=integers,
                                          lowest=None if people else munis[color_by].min()),
                   strict=True)]
    for kind in kinds or OPPORTUNITY_KINDS:
        opps = dataset.opportunities[dataset.opportunities["kind"] == kind]
        if opps.empty:
            continue
        style = KIND_STYLE[kind]
        ax.scatter(opps["lon"], opps["lat"], s=float(style["radius"]) ** 2 / 2,
                   c=str(style["fill"]), edgecolors=str(style["stroke"]), linewidths=0.3,
                   alpha=0.8, zorder=3)
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=5,
                              markerfacecolor=str(style["fill"]),
                              markeredgecolor=str(style["stroke"]),
                              label=f"{text('kind.' + kind, lang)} ({len(opps):,})"))
    ax.legend(handles=handles, title=legend_column_label(color_by, lang), loc="upper right",
              fontsize=7, title_fontsize=8, frameon=True)
    ax.set_axis_off()
    ax.set_title(title or text("map.title", lang), fontsize=14, loc="left")
    notes = [f"{text('map.data_date', lang)}: {date_text(dataset.data_date)}",
             f"{text('map.source', lang)}: {source_note(dataset)}"]
    if people_derived_columns([color_by]):
        notes.append(text("map.suppressed", lang))
    if getattr(dataset, "illustrative", False):
        notes.append(text("map.illustrative", lang))
    fig.text(0.02, 0.015, "\n".join(notes), fontsize=7, color="#333333", va="bottom")
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format=path.suffix.lower().lstrip("."))
    plt.close(fig)
    return path
