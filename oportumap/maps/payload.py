"""What a map carries: simplified shapes, the values shown per municipality, and the
offers as compact JSON."""

from __future__ import annotations

import copy
import json
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from oportumap.errors import DataError
from oportumap.i18n import text
from oportumap.privacy import (
    suppress_shared,
)

if TYPE_CHECKING:  # pragma: no cover
    pass

from oportumap.maps.classify import (
    format_value,
)

#: Degrees tolerance when simplifying boundaries for the web (about 200 m).
SIMPLIFY_DEG = 0.002

def profile_for(dataset, profile: pd.DataFrame | None) -> pd.DataFrame:
    if profile is not None:
        if "muni_code" not in profile:
            raise DataError("profile debe tener la columna muni_code (municipality_profile)")
    else:
        from oportumap.access import municipality_profile

        profile = municipality_profile(dataset)
    # privacy's one rule: where returnees are 1..4, every column derived from that count
    # (gap, ratios, 2SFCA) is blanked, so neither colour nor tooltip gives it back
    return suppress_shared(profile, as_text=False)

def points_payload(opps: pd.DataFrame) -> dict:
    """Compact, column-wise, dictionary-encoded point data for the JS layer.

    ``y``/``x``: latitude/longitude; ``ti``/``vi``/``mi``: indices into the titles ``t``,
    providers ``v`` and place labels ``m``; ``c``: capacity; ``i``: IDs. Texts are raw and
    set as text in the browser.
    """
    titles, t_idx = np.unique(opps["title"].astype(str).to_numpy(), return_inverse=True)
    providers, p_idx = np.unique(opps["provider"].astype(str).to_numpy(), return_inverse=True)
    places, m_idx = np.unique(opps["place"].astype(str).to_numpy(), return_inverse=True)
    return {"y": opps["lat"].to_numpy(float).round(5).tolist(),
            "x": opps["lon"].to_numpy(float).round(5).tolist(),
            "ti": t_idx.tolist(), "vi": p_idx.tolist(), "mi": m_idx.tolist(),
            "c": opps["capacity"].to_numpy().tolist(),
            "t": titles.tolist(), "v": providers.tolist(), "m": places.tolist(),
            "i": opps["opportunity_id"].astype(str).tolist()}

def script_json(value: object) -> str:
    """JSON safe to embed inside a ``<script>`` element (no ``</script>`` breakout).

    Examples
    --------
    >>> script_json({"a": "</script><b>"})
    '{"a": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    return (json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")
            .replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))

SHAPES_CACHE: dict[str, tuple] = {}

def web_shapes(boundaries) -> tuple:
    """Boundaries as drawn on the web: simplified, rounded to ~10 m, departments dissolved.

    Cached on the geometry itself (the explorer redraws the same country on every change):
    returns the simplified municipality GeoSeries, their GeoJSON geometries (row order of
    ``boundaries``) and the department outlines as a GeoJSON FeatureCollection.
    """
    import hashlib

    key = hashlib.sha1(b"".join(boundaries.geometry.to_wkb()) +
                       "|".join(boundaries["dept_name"].astype(str)).encode()).hexdigest()
    if key not in SHAPES_CACHE:
        simplified = boundaries.geometry.simplify(SIMPLIFY_DEG, preserve_topology=True)
        shapes = [round_geometry(f["geometry"]) for f in  # 4 decimals: ~10 m
                  json.loads(simplified.to_json(drop_id=True))["features"]]
        depts = boundaries[["dept_name", "geometry"]].copy()
        depts["geometry"] = depts.geometry.make_valid()
        depts = depts.dissolve("dept_name").reset_index()
        depts["geometry"] = depts.geometry.simplify(SIMPLIFY_DEG * 2, preserve_topology=True)
        dept_json = json.loads(depts[["geometry"]].to_json(drop_id=True))
        for feature in dept_json["features"]:
            feature["geometry"] = round_geometry(feature["geometry"])
        if len(SHAPES_CACHE) >= 4:
            SHAPES_CACHE.pop(next(iter(SHAPES_CACHE)))
        SHAPES_CACHE[key] = (simplified, shapes, dept_json)
    simplified, shapes, dept_json = SHAPES_CACHE[key]
    return simplified.copy(), copy.deepcopy(shapes), copy.deepcopy(dept_json)

def municipality_properties(fmap) -> list[dict]:
    """What a map shows about each municipality (the popup and tooltip texts), as drawn.

    Parameters
    ----------
    fmap : folium.Map
        From :func:`opportunity_map`.

    Returns
    -------
    list of dict
        One dict per municipality: ``om_name``, ``om_dept``, ``om_fill`` (colour),
        ``om_value`` and ``om_<column>`` texts (people counts already suppressed).

    Examples
    --------
    >>> from oportumap import load_sample, opportunity_map
    >>> shown = municipality_properties(opportunity_map(load_sample()))
    >>> len(shown), sorted({p["om_returnees"] for p in shown} & {"<5"})
    (340, ['<5'])
    """
    config = getattr(fmap, "_oportumap_config", None)
    if config is None:
        raise DataError("este mapa no fue creado con opportunity_map")
    return [feature["properties"] for feature in config["munis"]["features"]]

def control_words(lang: str) -> dict[str, str]:
    """Words of Leaflet's own controls (zoom, layers, attribution, close) in ``lang``."""
    return {key: text(f"map.{key}", lang) for key in (
        "zoom_in", "zoom_out", "layers", "leaflet", "close")}

def shown_values(munis: pd.DataFrame, columns: list[str], threshold: int
                  ) -> dict[str, list[str]]:
    """Text of every value a person sees on the map, people counts suppressed.

    The one place the map turns numbers into text: the privacy rule plugs in here.
    """
    return {column: [format_value(v, column, threshold) for v in munis[column]]
            for column in dict.fromkeys(columns)}

def source_note(dataset) -> str:
    """Where the data and the boundaries come from, for the map's source note."""
    from oportumap.geography import get_country

    try:
        boundaries = get_country(dataset.country).source
    except DataError:  # a country registered in another session
        boundaries = ""
    # the data label, never dataset.source (a path on the planner's computer)
    return " · ".join(s for s in (getattr(dataset, "label", ""), boundaries) if s)

def round_geometry(geometry: dict, digits: int = 4) -> dict:
    def walk(coords):
        if isinstance(coords[0], (int, float)):
            return [round(coords[0], digits), round(coords[1], digits)]
        return [walk(c) for c in coords]

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}
