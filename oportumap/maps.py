"""Interactive opportunity maps (folium) and printable static maps (matplotlib).

Maps only *present* results computed elsewhere (:func:`oportumap.municipality_profile`).
They carry aggregates only: no returnee IDs, names or home points; counts of people under
the suppression threshold show as ``"<5"``; every user-supplied string is escaped (HTML
tooltips) or inserted as text (point popups). :func:`save_map` writes one self-contained
HTML file that opens with no network (see :mod:`oportumap.offline`).
"""

from __future__ import annotations

import copy
import html
import json
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from oportumap.errors import DataError
from oportumap.i18n import text
from oportumap.privacy import (
    SUPPRESSION_THRESHOLD,
    people_count_columns,
    people_derived_columns,
    suppress_shared,
)
from oportumap.schema import OPPORTUNITY_KINDS

if TYPE_CHECKING:  # pragma: no cover
    import folium

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
#: Degrees tolerance when simplifying boundaries for the web (about 200 m).
SIMPLIFY_DEG = 0.002


def _is_people(column: str) -> bool:
    # privacy owns the list of columns that count people (shown as "<5")
    return bool(people_count_columns([column]))


def _column_label(column: str, lang: str) -> str:
    if lang == "es":
        from oportumap.access import PROFILE_HEADERS_ES

        return PROFILE_HEADERS_ES.get(column, column)
    try:
        return text(column, "en")
    except KeyError:
        return column.replace("_", " ")


def _profile_for(dataset, profile: pd.DataFrame | None) -> pd.DataFrame:
    if profile is not None:
        if "muni_code" not in profile:
            raise DataError("profile debe tener la columna muni_code (municipality_profile)")
    else:
        from oportumap.access import municipality_profile

        profile = municipality_profile(dataset)
    # privacy's one rule: where returnees are 1..4, every column derived from that count
    # (gap, ratios, 2SFCA) is blanked, so neither colour nor tooltip gives it back
    return suppress_shared(profile, as_text=False)


def _classify(values: pd.Series, scheme: str, k: int, *, floor: float | None = None
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
        rest_classes, rest_bounds = _classify(values.where(~small), scheme, max(k - 1, 1))
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
    classes[values.notna().to_numpy()] = classifier.yb
    return classes, [float(b) for b in classifier.bins]


def _palette(n: int, reverse: bool) -> list[str]:
    from branca.colormap import linear

    ramp = linear.YlOrRd_09.scale(0, 1)
    colours = [ramp(i / max(n - 1, 1)) for i in range(n)]
    colours = [c[:7] for c in colours]
    return colours[::-1] if reverse else colours


def _format(value: float, column: str, threshold: int) -> str:
    if pd.isna(value):
        return "—"
    if _is_people(column):
        if 0 < value < threshold:
            return f"<{threshold}"
        return f"{int(round(value))}"
    if column.endswith(("_2sfca", "_e2sfca")):
        return f"{value:.3f}"
    if column.endswith(("_km", "_min", "_per_place")):
        return f"{value:,.1f}"
    return f"{value:,.0f}"


def _legend_labels(bounds: list[float], column: str, threshold: int, *,
                   integers: bool = False) -> list[str]:
    """Range labels per class; with people counts the first class reads "<5"."""
    labels: list[str] = []
    lower: float | None = None
    for upper in bounds:
        if integers:
            upper = float(np.floor(upper))
        if _is_people(column) and upper < threshold:
            labels.append(f"< {threshold}")
        elif lower is None:
            labels.append(f"≤ {_format(upper, column, threshold)}")
        else:
            start = np.floor(lower) + 1 if integers else lower
            if _is_people(column):
                start = max(start, threshold)
            labels.append(f"{_format(start, column, threshold)} – "
                          f"{_format(upper, column, threshold)}")
        lower = upper
    return labels


def _points_payload(opps: pd.DataFrame) -> dict:
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


def opportunity_map(
    dataset,
    *,
    profile: pd.DataFrame | None = None,
    color_by: str = "returnees",
    scheme: str = "quantiles",
    k: int = 5,
    kinds: list[str] | None = None,
    lang: str = "es",
    title: str | None = None,
    threshold: int = SUPPRESSION_THRESHOLD,
    tiles: str | None = None,
) -> folium.Map:
    """Interactive map: municipalities coloured by a profile column, opportunities as dots.

    In the browser a click opens what is under the pointer (the dots there, all of them
    when several share a spot, else the municipality), the search box accepts every name
    and short form the loaders accept (:func:`search_index`), department capitals and
    large towns are labelled (:func:`place_labels`) and the country fills the view.

    Parameters
    ----------
    dataset : Dataset
        Returnees (only counted), opportunities and boundaries.
    profile : pandas.DataFrame, optional
        From :func:`oportumap.municipality_profile`; computed when not given.
    color_by : str
        Profile column for the choropleth: ``"returnees"`` (default), ``"gap_score"``,
        ``"priority_rank"``, or any measure such as ``"vacancy_2sfca"``.
    scheme : {"quantiles", "natural_breaks", "equal_interval"}
        Classification (mapclassify) into ``k`` classes.
    kinds : list of str, optional
        Opportunity kinds to draw (default: all five), one toggleable layer each.
    lang : {"es", "en"}
        Language of every label.
    title : str, optional
        Map title (default "Retornados y oportunidades").
    threshold : int
        Counts of people below it show as ``"<threshold"``.
    tiles : str, optional
        An online basemap (e.g. ``"OpenStreetMap"``), off by default: offline, the
        municipal and department outlines are the basemap.

    Returns
    -------
    folium.Map
        Export it with :func:`save_map` (offline by default).

    Examples
    --------
    >>> from oportumap import load_sample
    >>> m = opportunity_map(load_sample(), color_by="gap_score")
    >>> type(m).__name__
    'Map'
    """
    import folium
    import geopandas as gpd
    from branca.element import Element, MacroElement
    from jinja2 import Template

    text("returnees", lang)  # validates lang
    profile = _profile_for(dataset, profile)
    if color_by not in profile.columns or not pd.api.types.is_numeric_dtype(profile[color_by]):
        options = [c for c in profile.columns if pd.api.types.is_numeric_dtype(profile[c])]
        raise DataError(f"color_by '{color_by}' no es una columna numérica del perfil; "
                        f"opciones: {', '.join(options)}")
    kinds = list(kinds or OPPORTUNITY_KINDS)
    unknown = set(kinds) - set(OPPORTUNITY_KINDS)
    if unknown:
        raise DataError(f"tipos desconocidos {sorted(unknown)}; use {OPPORTUNITY_KINDS}")
    munis = dataset.boundaries[["muni_code", "muni_name", "dept_code", "dept_name", "lat", "lon",
                                "geometry"]].merge(
        profile.drop(columns=["muni_name", "dept_name", "dept_code"], errors="ignore"),
        on="muni_code", how="left")
    simplified, muni_shapes, dept_json = _web_shapes(dataset.boundaries)
    munis["geometry"] = simplified.to_numpy()
    people = _is_people(color_by)
    classes, bounds = _classify(munis[color_by], scheme, k, floor=threshold if people else None)
    integers = bool((munis[color_by].dropna() % 1 == 0).all())
    colours = _palette(len(bounds), reverse=color_by == "priority_rank")
    munis["om_fill"] = [colours[c] if c >= 0 else "#cccccc" for c in classes]

    # What the popup shows, in order: (property, label). People counts are suppressed in
    # _shown_values; names are raw text, set with textContent in the browser.
    shown = ["returnees", "gap_score"] + [f"{kind}_capacity" for kind in kinds] + [
        "priority_rank", "kinds_out_of_reach"]
    if color_by not in shown:
        shown.insert(0, color_by)
    shown = [c for c in shown if c in munis]
    values = _shown_values(munis, [*shown, color_by], threshold)
    # a popup opens on the seat (search) when it lies inside the shape, else inside anyway
    inside = munis.geometry.representative_point()
    seat_inside = munis.geometry.contains(
        gpd.GeoSeries(gpd.points_from_xy(munis["lon"], munis["lat"]), index=munis.index,
                      crs=munis.crs))
    props = pd.DataFrame({
        "om_code": munis["muni_code"].astype(str),
        "om_name": munis["muni_name"].astype(str),
        "om_dept": munis["dept_name"].astype(str),
        "om_dept_code": munis["dept_code"].astype(str),
        "om_fill": munis["om_fill"],
        "om_lat": np.where(seat_inside, munis["lat"], inside.y).round(5),
        "om_lon": np.where(seat_inside, munis["lon"], inside.x).round(5),
        "om_value": values[color_by],
    })
    for column in shown:
        props[f"om_{column}"] = values[column]
    from oportumap.countries import with_admin_words

    popup_rows = [["om_name", with_admin_words(text("municipality", lang), dataset.country, lang)],
                  ["om_dept", with_admin_words(text("department", lang), dataset.country, lang)]]
    for column in shown:
        kind = column.removesuffix("_capacity")
        label = (f"{text('map.places_in_reach', lang)}: {text('kind.' + kind, lang).lower()}"
                 if column.endswith("_capacity") and kind in OPPORTUNITY_KINDS
                 else _column_label(column, lang))
        popup_rows.append([f"om_{column}", label])
    geojson = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": properties, "geometry": shape}
        for properties, shape in zip(props.to_dict("records"), muni_shapes, strict=True)]}

    bounds_box = dataset.boundaries.total_bounds
    fmap = folium.Map(location=[(bounds_box[1] + bounds_box[3]) / 2,
                                (bounds_box[0] + bounds_box[2]) / 2],
                      zoom_start=7, tiles=None, prefer_canvas=False, control_scale=False,
                      zoom_control=False, min_zoom=5)
    if tiles:
        folium.TileLayer(tiles, name="Mapa base en línea" if lang == "es" else "Online basemap",
                         show=True, control=False).add_to(fmap)
    value_label = _column_label(color_by, lang)

    seats = dataset.boundaries.set_index("muni_code")
    point_kinds = []
    legend_dots = []
    for kind in kinds:
        opps = dataset.opportunities[dataset.opportunities["kind"] == kind]
        label = text(f"kind.{kind}", lang)
        opps = opps.assign(place=opps["muni_code"].map(
            seats["muni_name"] + ", " + seats["dept_name"]).fillna(""))
        point_kinds.append({"label": label, "layerName": html.escape(f"{label} ({len(opps):,})"),
                            "style": KIND_STYLE[kind], "data": _points_payload(opps)})
        if not opps.empty:
            legend_dots.append((KIND_STYLE[kind]["fill"], label))

    legend_rows = "".join(
        f'<div><i style="background:{c}"></i>{html.escape(lab)}</div>'
        for c, lab in zip(colours, _legend_labels(bounds, color_by, threshold,
                                                  integers=integers), strict=True))
    legend_rows += f'<div><i style="background:#cccccc"></i>{text("map.no_data", lang)}</div>'
    dots = "".join(f'<div><i class="om-dot" style="background:{c}"></i>{html.escape(lab)}</div>'
                   for c, lab in legend_dots)
    units = ("map.units.people" if _is_people(color_by) else "map.units.places_per_person"
             if color_by.endswith("2sfca") else None)
    unit_text = f" ({text(units, lang)})" if units else ""
    note = text("map.suppressed", lang) if people_derived_columns([color_by]) else ""
    illustrative = (f'<p class="om-warning">{text("map.illustrative", lang)}</p>'
                    if getattr(dataset, "illustrative", False) else "")
    source = _source_note(dataset)
    title_html = (
        f'<div class="om-title"><h1>{html.escape(title or text("map.title", lang))}</h1>'
        f'{illustrative}<details><summary>{text("map.about", lang)}</summary>'
        f'<p>{text("map.data_date", lang)}: {html.escape(str(dataset.data_date or "—"))}</p>'
        f'<p>{text("map.source", lang)}: {html.escape(source)}</p></details></div>')
    legend_html = (f'<details class="om-legend" open><summary>{text("map.legend", lang)}'
                   f'</summary><h2>{html.escape(value_label)}{unit_text}</h2>'
                   f'{legend_rows}<h2 style="margin-top:8px">{text("map.points", lang)}</h2>'
                   f'{dots}<small>{note}</small></details>')
    words = _control_words(lang)
    words.update({key: text(f"map.{key}", lang) for key in (
        "fullscreen", "several", "not_found", "offers_here", "dept_munis", "place")})
    words.update(search=text("map.search_place", lang), capacity=text("capacity", lang),
                 value=value_label)
    config = {
        "lang": lang, "words": words, "munis": geojson, "depts": dept_json,
        "munisName": html.escape(f"{text('municipalities', lang)}: {value_label}"),
        "deptsName": html.escape(text("departments", lang)), "popupRows": popup_rows,
        "kinds": point_kinds, "titleHtml": title_html, "legendHtml": legend_html,
        "search": search_index(dataset), "places": place_labels(dataset.boundaries),
    }
    macro = MacroElement()
    macro._template = Template("""
        {% macro script(this, kwargs) %}
        oportumap.build({{ this.map }}, {{ this.config }});
        {% endmacro %}
    """)
    macro.map = fmap.get_name()
    macro.config = script_json(config)
    fmap.add_child(macro)
    fmap._oportumap_config = config  # read by municipality_properties (privacy tests)
    from oportumap.offline import attach_helpers

    attach_helpers(fmap)  # the map also draws where folium renders it (a notebook cell)
    page_title = html.escape(title or text("map.title", lang))
    fmap.get_root().header.add_child(Element(f"<title>{page_title}</title>"))
    return fmap


_SHAPES_CACHE: dict[str, tuple] = {}


def _web_shapes(boundaries) -> tuple:
    """Boundaries as drawn on the web: simplified, rounded to ~10 m, departments dissolved.

    Cached on the geometry itself (the explorer redraws the same country on every change):
    returns the simplified municipality GeoSeries, their GeoJSON geometries (row order of
    ``boundaries``) and the department outlines as a GeoJSON FeatureCollection.
    """
    import hashlib

    key = hashlib.sha1(b"".join(boundaries.geometry.to_wkb()) +
                       "|".join(boundaries["dept_name"].astype(str)).encode()).hexdigest()
    if key not in _SHAPES_CACHE:
        simplified = boundaries.geometry.simplify(SIMPLIFY_DEG, preserve_topology=True)
        shapes = [_round_geometry(f["geometry"]) for f in  # 4 decimals: ~10 m
                  json.loads(simplified.to_json(drop_id=True))["features"]]
        depts = boundaries[["dept_name", "geometry"]].copy()
        depts["geometry"] = depts.geometry.make_valid()
        depts = depts.dissolve("dept_name").reset_index()
        depts["geometry"] = depts.geometry.simplify(SIMPLIFY_DEG * 2, preserve_topology=True)
        dept_json = json.loads(depts[["geometry"]].to_json(drop_id=True))
        for feature in dept_json["features"]:
            feature["geometry"] = _round_geometry(feature["geometry"])
        if len(_SHAPES_CACHE) >= 4:
            _SHAPES_CACHE.pop(next(iter(_SHAPES_CACHE)))
        _SHAPES_CACHE[key] = (simplified, shapes, dept_json)
    simplified, shapes, dept_json = _SHAPES_CACHE[key]
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
    >>> from oportumap import load_sample
    >>> shown = municipality_properties(opportunity_map(load_sample()))
    >>> len(shown), sorted({p["om_returnees"] for p in shown} & {"<5"})
    (340, ['<5'])
    """
    config = getattr(fmap, "_oportumap_config", None)
    if config is None:
        raise DataError("este mapa no fue creado con opportunity_map")
    return [feature["properties"] for feature in config["munis"]["features"]]


def _control_words(lang: str) -> dict[str, str]:
    """Words of Leaflet's own controls (zoom, layers, attribution, close) in ``lang``."""
    return {key: text(f"map.{key}", lang) for key in (
        "zoom_in", "zoom_out", "layers", "leaflet", "close")}


def _shown_values(munis: pd.DataFrame, columns: list[str], threshold: int
                  ) -> dict[str, list[str]]:
    """Text of every value a person sees on the map, people counts suppressed.

    The one place the map turns numbers into text: the privacy rule plugs in here.
    """
    return {column: [_format(v, column, threshold) for v in munis[column]]
            for column in dict.fromkeys(columns)}


def search_index(dataset) -> dict[str, dict]:
    """What the map's search box understands, from the geography's own lookup tables.

    Keys are normalised the way :func:`oportumap.text.normalize_text` does (the browser
    normalises typed text the same way): every municipality name, short form and alias the
    loaders accept (``"xela"``, ``"chichi"``, ``"guate"``...), municipality codes, and
    department names and aliases. Only municipalities drawn on the map are included.

    Returns
    -------
    dict
        ``{"m": {key: [muni codes]}, "d": {key: dept code}, "l": {key without articles:
        [muni codes]}, "a": abbreviations, "lead": leading words, "art": articles}``.

    Examples
    --------
    >>> from oportumap import load_sample
    >>> index = search_index(load_sample())
    >>> index["m"]["xela"], index["m"]["chichi"], index["d"]["solola"]
    (['0901'], ['1406'], '07')
    """
    from oportumap.geography import get_country
    from oportumap.text import normalize_text

    drawn = dataset.boundaries
    codes = set(drawn["muni_code"].astype(str))
    munis: dict[str, set[str]] = {}
    loose: dict[str, set[str]] = {}
    depts: dict[str, str] = {}
    try:
        geo = get_country(dataset.country)
        names, dept_names = geo.name_lookup, geo.dept_lookup
        loose_names = getattr(geo, "loose_lookup", {})
    except DataError:  # a country registered in another session: the drawn names only
        names, dept_names, loose_names = {}, {}, {}
    for key, found in names.items():
        munis.setdefault(key, set()).update(c for c in found if c in codes)
    for key, found in loose_names.items():
        loose.setdefault(key, set()).update(c for c in found if c in codes)
    for code, name, dept_code, dept_name in drawn[["muni_code", "muni_name", "dept_code",
                                                   "dept_name"]].astype(str).itertuples(
                                                       index=False):
        munis.setdefault(normalize_text(name), set()).add(code)
        munis.setdefault(normalize_text(code), set()).add(code)
        depts.setdefault(normalize_text(dept_name), dept_code)
    drawn_depts = set(drawn["dept_code"].astype(str))
    for key, dept in dept_names.items():
        if dept in drawn_depts and not key.isdigit():
            depts.setdefault(key, dept)
    index = {"m": {k: sorted(v) for k, v in sorted(munis.items()) if v and k},
             "d": dict(sorted(depts.items())),
             "l": {k: sorted(v) for k, v in sorted(loose.items()) if v and k not in munis}}
    # How the loaders read what people write ("sta", "s", "municipio de", articles): the
    # browser applies the same rewrites to the typed text before looking it up.
    try:
        from oportumap.geography import names as rules

        index.update(a={k: list(v) for k, v in rules.ABBREVIATIONS.items()},
                     lead=list(rules.LEADING_WORDS), art=sorted(rules.ARTICLES))
    except (ImportError, AttributeError):  # pragma: no cover - older geography module
        index.update(a={}, lead=[], art=[])
    return index


#: Zoom from which each rank of town (by seat population) gets its label; department
#: capitals are labelled at every zoom.
LABEL_ZOOMS = ((25, 8.5), (60, 9.5))
LABEL_ZOOM_REST = 10.5


def place_labels(boundaries: pd.DataFrame) -> list[list]:
    """Town labels for the map: ``[lat, lon, name, min_zoom]`` from the municipal seats.

    Department capitals (the first municipality code of each department, the cabecera in
    the national numbering of Guatemala, El Salvador, Honduras and Costa Rica) show at
    every zoom; the other seats appear by population as one zooms in (:data:`LABEL_ZOOMS`).

    Examples
    --------
    >>> from oportumap import load_sample
    >>> labels = place_labels(load_sample().boundaries)
    >>> sorted(p[2] for p in labels if p[3] == 0)[:3]
    ['Antigua Guatemala', 'Chimaltenango', 'Chiquimula']
    """
    seats = boundaries[["muni_code", "muni_name", "dept_code", "lat", "lon"]].copy()
    seats["population"] = (pd.to_numeric(boundaries["seat_population"], errors="coerce")
                           if "seat_population" in boundaries else np.nan)
    seats = seats.dropna(subset=["lat", "lon"])
    capital = seats["muni_code"].astype(str) == seats.groupby("dept_code")["muni_code"].transform(
        lambda codes: codes.astype(str).min())
    rank = seats["population"].where(~capital).rank(ascending=False, method="first")
    zoom = pd.Series(LABEL_ZOOM_REST, index=seats.index)
    for top, level in reversed(LABEL_ZOOMS):
        zoom[rank <= top] = level
    zoom[capital] = 0
    seats = seats.assign(zoom=zoom).sort_values(["zoom", "population"],
                                                ascending=[True, False])
    return [[round(float(a), 5), round(float(b), 5), str(n), float(z) if z else 0]
            for a, b, n, z in seats[["lat", "lon", "muni_name", "zoom"]].itertuples(
                index=False)]


def _source_note(dataset) -> str:
    """Where the data and the boundaries come from, for the map's source note."""
    from oportumap.geography import get_country

    try:
        boundaries = get_country(dataset.country).source
    except DataError:  # a country registered in another session
        boundaries = ""
    # the data label, never dataset.source (a path on the planner's computer)
    return " · ".join(s for s in (getattr(dataset, "label", ""), boundaries) if s)


def _round_geometry(geometry: dict, digits: int = 4) -> dict:
    def walk(coords):
        if isinstance(coords[0], (int, float)):
            return [round(coords[0], digits), round(coords[1], digits)]
        return [walk(c) for c in coords]

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def save_map(m: folium.Map, path: str | Path, *, offline: bool = True,
             force: bool = False) -> Path:
    """Write a map as one HTML file; offline (default) it needs no network at all.

    Offline, Leaflet's script and style and oportumap's own helpers are inlined from
    installed packages (``xstatic-leaflet``) and folium's CDN links (jQuery, Bootstrap,
    icon fonts) are dropped; the file is checked to load nothing from outside.
    ``offline=False`` keeps folium's CDN links (smaller file, needs internet).

    Parameters
    ----------
    m : folium.Map
        From :func:`opportunity_map`.
    path : str or Path
        Output ``.html`` file (written atomically).
    offline : bool
        Inline everything (default).
    force : bool
        Replace an existing file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from oportumap import load_sample
    >>> out = save_map(opportunity_map(load_sample()), pathlib.Path(tempfile.mkdtemp()) / "m.html")
    >>> "cdn.jsdelivr" in out.read_text(encoding="utf-8")
    False
    """
    from oportumap.offline import render_html, write_html

    path = Path(path)
    if path.suffix.lower() not in (".html", ".htm"):
        raise DataError(f"{path.name}: use la extensión .html para el mapa")
    return write_html(render_html(m, offline=offline), path, force=force)


def static_map(
    dataset,
    path: str | Path,
    *,
    profile: pd.DataFrame | None = None,
    color_by: str = "returnees",
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
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from oportumap.files import atomic_path

    path = Path(path)
    if path.suffix.lower() not in (".png", ".pdf"):
        raise DataError(f"{path.name}: use la extensión .png o .pdf")
    if path.exists() and not force:
        raise DataError(f"{path}: ya existe; use --force (force=True) para reemplazarlo")
    text("returnees", lang)
    profile = _profile_for(dataset, profile)
    if color_by not in profile.columns:
        raise DataError(f"color_by '{color_by}' no es una columna del perfil")
    munis = dataset.boundaries[["muni_code", "geometry"]].merge(
        profile[["muni_code", color_by]], on="muni_code", how="left")
    people = _is_people(color_by)
    classes, bounds = _classify(munis[color_by], scheme, k, floor=threshold if people else None)
    integers = bool((munis[color_by].dropna() % 1 == 0).all())
    colours = _palette(len(bounds), reverse=color_by == "priority_rank")
    munis["fill"] = [colours[c] if c >= 0 else "#cccccc" for c in classes]
    fig, ax = plt.subplots(figsize=(9, 9.5), dpi=150)
    munis.plot(ax=ax, color=munis["fill"], edgecolor="#777777", linewidth=0.2)
    depts = dataset.boundaries[["dept_code", "geometry"]].copy()
    depts["geometry"] = depts.geometry.make_valid()
    depts.dissolve("dept_code").boundary.plot(ax=ax, color="#222222", linewidth=0.7)
    handles = [Patch(facecolor=c, edgecolor="#777777", label=lab) for c, lab in
               zip(colours, _legend_labels(bounds, color_by, threshold, integers=integers),
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
    ax.legend(handles=handles, title=_column_label(color_by, lang), loc="upper right",
              fontsize=7, title_fontsize=8, frameon=True)
    ax.set_axis_off()
    ax.set_title(title or text("map.title", lang), fontsize=14, loc="left")
    notes = [f"{text('map.data_date', lang)}: {dataset.data_date or '—'}",
             f"{text('map.source', lang)}: {_source_note(dataset)}"]
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


def plan_map(dataset, plan, *, lang: str = "es") -> folium.Map:
    """Folium map of a plan: municipalities by coverage, existing and new sites.

    Shows aggregates only (coverage state per municipality; what each new site adds,
    suppressed below the threshold). Export with :func:`oportumap.save_map` (offline).

    Parameters
    ----------
    dataset : Dataset
        The dataset the plan was made on (boundaries and municipal seats).
    plan : oportumap.planning.CapacityPlan
        From :func:`plan_capacity`.
    lang : {"es", "en"}
        Language of legend and tooltips.

    Examples
    --------
    >>> from oportumap import load_sample
    >>> ds = load_sample()
    >>> from oportumap.planning import plan_capacity
    >>> fmap = plan_map(ds, plan_capacity(ds, p_new=1, max_km=40))
    >>> type(fmap).__name__
    'Map'
    """
    import html as html_lib

    import folium

    from oportumap.i18n import text as i18n_text
    from oportumap.privacy import suppress_counts

    en = i18n_text("municipality", lang) == "Municipality"  # validates lang
    words = _MAP_WORDS_EN if en else _MAP_WORDS_ES
    status = plan.municipalities.set_index("muni_code")
    labels = {"newly": (words["newly"], "#1a9850"),
              "before": (words["before"], "#91bfdb"), "none": (words["none"], "#d73027")}
    munis = dataset.boundaries[["muni_code", "muni_name", "dept_name", "geometry"]].copy()
    munis["geometry"] = munis.geometry.simplify(0.002, preserve_topology=True)
    state = np.where(munis["muni_code"].map(status["newly_covered"]).fillna(False), "newly",
                     np.where(munis["muni_code"].map(status["covered_before"]).fillna(False),
                              "before", "none"))
    if "coverage_state" in status:
        # Nobody there needs the kind: neutral, not a coverage gap (planning decides).
        labels["no_demand"] = (i18n_text("plan.state.no_demand", lang), "#eeeeee")
        no_demand = munis["muni_code"].map(status["coverage_state"]).eq("no_demand")
        state = np.where(no_demand.to_numpy(), "no_demand", state)
    munis["om_fill"] = [labels[s][1] for s in state]
    munis["om_state"] = [labels[s][0] for s in state]
    munis["om_name"] = munis["muni_name"].map(lambda v: html_lib.escape(str(v)))
    bounds = munis.total_bounds
    fmap = folium.Map(location=[(bounds[1] + bounds[3]) / 2, (bounds[0] + bounds[2]) / 2],
                      zoom_start=7, tiles=None, control_scale=False, zoom_control=False)
    fmap.fit_bounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]])
    folium.GeoJson(
        munis[["om_name", "om_state", "om_fill", "geometry"]].to_json(drop_id=True),
        name="Cobertura", style_function=lambda f: {
            "fillColor": f["properties"]["om_fill"], "color": "#555555", "weight": 0.5,
            "fillOpacity": 0.7, "className": "om-muni"},
        tooltip=folium.GeoJsonTooltip(["om_name", "om_state"],
                                      aliases=[words["municipality"], words["state"]]),
    ).add_to(fmap)
    seats = dataset.boundaries.set_index("muni_code")
    gains = dict(zip(plan.sites["site"], suppress_counts(plan.sites["marginal_gain"]),
                     strict=True))
    for row in plan.sites.itertuples(index=False):
        new_site = row.status == "nueva"
        label = words["new"] if new_site else words["existing"]
        folium.CircleMarker(
            [seats.loc[row.site, "lat"], seats.loc[row.site, "lon"]],
            radius=9 if new_site else 6, color="#000000", weight=1.5, fill=True,
            fill_color="#fee08b" if new_site else "#4575b4", fill_opacity=1,
            tooltip=html_lib.escape(f"{label}: {row.muni_name}"
                                    + (f" (+{gains[row.site]})" if new_site else "")),
        ).add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    _localise(fmap, lang)
    from branca.element import Element

    from oportumap.offline import attach_helpers

    attach_helpers(fmap)

    r = plan.result
    rows = "".join(f'<div><i style="background:{colour}"></i>{text}</div>'
                   for text, colour in labels.values())
    rows += (f'<div><i class="om-dot" style="background:#fee08b"></i>{words["new_site"]}</div>'
             f'<div><i class="om-dot" style="background:#4575b4"></i>{words["old_site"]}</div>')
    kind = i18n_text(f"kind.{plan.kind}", lang) if plan.kind in OPPORTUNITY_KINDS else plan.kind
    title = html_lib.escape(words["title"].format(n=len(r.selected), kind=kind.lower()))
    before, after = suppress_counts([r.covered_before, r.covered_after]).tolist()
    fmap.get_root().html.add_child(Element(
        f'<div class="om-legend" style="position:absolute;bottom:24px;right:10px;'
        f'z-index:1000"><h2>{title}</h2><p>{words["covered"]}: {before} → '
        f'{after} ({words["reach"]} {plan.max_cost:g} {plan.unit})</p>{rows}'
        f'<p>{i18n_text("privacy.data_from", lang)}: '
        f'{html_lib.escape(_source_note(dataset))}</p></div>'))
    return fmap


def _localise(fmap, lang: str) -> None:
    """Leaflet's zoom, scale, attribution, layers and close words in ``lang`` (JS helper)."""
    from branca.element import MacroElement
    from jinja2 import Template

    macro = MacroElement()
    macro._template = Template("""
        {% macro script(this, kwargs) %}
        oportumap.localise({{ this.map }}, {{ this.words }});
        oportumap.labelLayerToggles({{ this.map }}, {{ this.words }});
        {% endmacro %}
    """)
    macro.map = fmap.get_name()
    macro.words = script_json(_control_words(lang))
    fmap.add_child(macro)


_MAP_WORDS_ES = {"newly": "Cubierto con los sitios nuevos", "before": "Ya cubierto",
                 "none": "Sin cobertura", "municipality": "Municipio", "state": "Estado",
                 "new": "Nuevo", "existing": "Existente", "new_site": "Sitio nuevo",
                 "old_site": "Sitio existente", "title": "Plan: {n} sitios nuevos ({kind})",
                 "covered": "Retornados cubiertos", "reach": "alcance"}


_MAP_WORDS_EN = {"newly": "Covered with the new sites", "before": "Already covered",
                 "none": "Not covered", "municipality": "Municipality", "state": "Status",
                 "new": "New", "existing": "Existing", "new_site": "New site",
                 "old_site": "Existing site", "title": "Plan: {n} new sites ({kind})",
                 "covered": "Returnees covered", "reach": "reach"}
