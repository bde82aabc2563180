"""How values become colours and legend labels (mapclassify classes, palettes, «<5»)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from oportumap.errors import DataError
from oportumap.i18n import column_label
from oportumap.privacy import (
    people_count_columns,
)

if TYPE_CHECKING:  # pragma: no cover
    pass



#: Fill and stroke colour of each kind's dots (colour-blind safe, distinct from the
#: choropleth's yellow-red ramp).
KIND_STYLE: dict[str, dict[str, object]] = {
    "vacancy": {"fill": "#1f78b4", "stroke": "#0b3c5d", "radius": 3},
    "training": {"fill": "#33a02c", "stroke": "#145214", "radius": 5},
    "certification": {"fill": "#6a3d9a", "stroke": "#2f1547", "radius": 6.5},
    "entrepreneurship": {"fill": "#ff7f00", "stroke": "#7a3d00", "radius": 8},
    "service": {"fill": "#e7298a", "stroke": "#6b0f3d", "radius": 9.5},
}

#: Classification schemes (mapclassify) offered for the choropleth.
SCHEMES = ("quantiles", "natural_breaks", "equal_interval")

def is_people(column: str) -> bool:
    # privacy owns the list of columns that count people (shown as "<5")
    return bool(people_count_columns([column]))

def legend_column_label(column: str, lang: str) -> str:
    return column_label(column, lang)

def classify(values: pd.Series, scheme: str, k: int, *, floor: float | None = None
              ) -> tuple[np.ndarray, list[float]]:
    """Class index per value (-1 for NaN) and the class upper bounds.

    With ``floor`` (the suppression threshold for counts of people), values below it form
    the first class on their own, so the legend can say "<5" without revealing more.
    """
    import mapclassify

    if scheme not in SCHEMES:
        raise DataError(f"scheme '{scheme}' desconocido; use {SCHEMES}")
    if floor is not None:
        small = values < floor
        rest_classes, rest_bounds = classify(values.where(~small), scheme, max(k - 1, 1))
        classes = np.where(small.to_numpy(), 0, np.where(rest_classes >= 0, rest_classes + 1,
                                                         -1))
        return classes, [floor - 1e-9, *rest_bounds]
    known = values.dropna().astype(float)
    classes = np.full(len(values), -1)
    if known.empty:
        return classes, []
    k = max(1, min(k, known.nunique()))
    if k == 1:
        classes[values.notna().to_numpy()] = 0
        return classes, [float(known.max())]
    classifier = {"quantiles": mapclassify.Quantiles, "natural_breaks": mapclassify.FisherJenks,
                  "equal_interval": mapclassify.EqualInterval}[scheme](known.to_numpy(), k=k)
    bins = np.unique(np.asarray(classifier.bins, dtype=float))  # ties give equal bounds
    # each value in the first class whose upper bound holds it: no empty "0 – 0" class
    classes[values.notna().to_numpy()] = np.searchsorted(bins, known.to_numpy(), side="left")
    return classes, [float(b) for b in bins]

def palette(n: int, reverse: bool) -> list[str]:
    from branca.colormap import linear

    ramp = linear.YlOrRd_09.scale(0, 1)
    colours = [ramp(i / max(n - 1, 1)) for i in range(n)]
    colours = [c[:7] for c in colours]
    return colours[::-1] if reverse else colours

def is_rate(column: str) -> bool:
    """A share between 0 and 1 shown as a percentage (placement rate, coverage share)."""
    return str(column).endswith("_rate") or str(column) == "share"


def format_value(value: float, column: str, threshold: int) -> str:
    if pd.isna(value):
        return "—"
    if is_rate(column):
        return f"{100 * value:.0f} %" if abs(100 * value - round(100 * value)) < 1e-9 \
            else f"{100 * value:.1f} %"
    if is_people(column):
        if 0 < value < threshold:
            return f"<{threshold}"
        return f"{int(round(value))}"
    if column.endswith(("_2sfca", "_e2sfca")):
        return f"{value:.3f}"
    if column.endswith(("_km", "_min", "_per_place")):
        return f"{value:,.1f}"
    return f"{value:,.0f}"

def legend_labels(bounds: list[float], column: str, threshold: int, *,
                   integers: bool = False, lowest: float | None = None) -> list[str]:
    """Range labels per class; with people counts the first class reads "<5".

    ``lowest`` (the smallest value shown) starts the first range, so a rate reads
    "0 % – 12 %" rather than "≤ 12 %"; a class holding one value reads as that value.

    Examples
    --------
    >>> legend_labels([0.0, 0.25, 0.5], "placement_rate", 5, lowest=0.0)
    ['0 %', '> 0 % – 25 %', '> 25 % – 50 %']
    >>> legend_labels([0.1, 0.4], "placement_rate", 5, lowest=0.05)
    ['5 % – 10 %', '> 10 % – 40 %']
    """
    labels: list[str] = []
    lower: float | None = None
    for upper in bounds:
        if integers:
            upper = float(np.floor(upper))
        if is_people(column) and upper < threshold:
            labels.append(f"< {threshold}")
        elif lower is None:
            if lowest is not None and lowest < upper:
                labels.append(f"{format_value(lowest, column, threshold)} – "
                              f"{format_value(upper, column, threshold)}")
            elif lowest is not None:
                labels.append(format_value(upper, column, threshold))
            else:
                labels.append(f"≤ {format_value(upper, column, threshold)}")
        else:
            start = np.floor(lower) + 1 if integers else lower
            if is_people(column):
                start = max(start, threshold)
            more = "> " if not integers and not is_people(column) else ""
            labels.append(f"{more}{format_value(start, column, threshold)} – "
                          f"{format_value(upper, column, threshold)}")
        lower = upper
    return labels


def default_color(profile: pd.DataFrame) -> str:
    """The column a map colours by when none is asked for: a rate or the gap.

    Examples
    --------
    >>> default_color(pd.DataFrame(columns=["returnees", "gap_score"]))
    'gap_score'
    >>> default_color(pd.DataFrame({"gap_score": [1.0], "returnees_per_10k": [3.2]}))
    'returnees_per_10k'
    """
    for column in ("returnees_per_10k", "placement_rate", "gap_score"):
        if column in profile and (column == "gap_score" or profile[column].notna().any()):
            return column
    return "gap_score"
