"""Interactive maps (folium): the opportunity map and the capacity-plan map."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import numpy as np
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
    import folium

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
    control_words,
    points_payload,
    profile_for,
    script_json,
    shown_values,
    source_note,
    web_shapes,
)
from oportumap.maps.search import (
    place_labels,
    search_index,
)


def opportunity_map(
    dataset,
    *,
    profile: pd.DataFrame | None = None,
    color_by: str | None = None,
    scheme: str = "quantiles",
    k: int = 5,
    kinds: list[str] | None = None,
    lang: str = "es",
    title: str | None = None,
    threshold: int = SUPPRESSION_THRESHOLD,
    tiles: str | None = None,
    symbols: bool = True,
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
    color_by : str, optional
        Profile column for the choropleth. By default a rate, never a raw count on
        polygons (large rural municipalities would dominate the picture):
        ``"returnees_per_10k"`` when the profile has population
        (:func:`oportumap.access.with_population`), ``"placement_rate"`` when it has
        outcomes, else ``"gap_score"``. Any measure works (``"vacancy_2sfca"``,
        ``"priority_rank"``, ``"returnees"``).
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
    symbols : bool
        Returnees as proportional circles at the municipal seats (a toggleable layer;
        none where fewer than ``threshold``).

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
    profile = profile_for(dataset, profile)
    if color_by is None:
        color_by = default_color(profile)
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
    simplified, muni_shapes, dept_json = web_shapes(dataset.boundaries)
    munis["geometry"] = simplified.to_numpy()
    people = is_people(color_by)
    classes, bounds = classify(munis[color_by], scheme, k, floor=threshold if people else None)
    integers = bool((munis[color_by].dropna() % 1 == 0).all())
    colours = palette(len(bounds), reverse=color_by == "priority_rank")
    munis["om_fill"] = [colours[c] if c >= 0 else "#cccccc" for c in classes]

    # What the popup shows, in order: (property, label). People counts are suppressed in
    # shown_values; names are raw text, set with textContent in the browser.
    shown = ["returnees", "returnees_per_10k", "gap_score"] + [
        f"{kind}_capacity" for kind in kinds] + ["priority_rank", "kinds_out_of_reach",
                                                 "placement_rate", "issued"]
    if color_by not in shown:
        shown.insert(0, color_by)
    shown = [c for c in shown if c in munis]
    values = shown_values(munis, [*shown, color_by], threshold)
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
                 else with_admin_words(legend_column_label(column, lang), dataset.country,
                                       lang))
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
    from oportumap.countries import with_admin_words

    value_label = with_admin_words(legend_column_label(color_by, lang), dataset.country, lang)

    seats = dataset.boundaries.set_index("muni_code")
    point_kinds = []
    legend_dots = []
    for kind in kinds:
        opps = dataset.opportunities[dataset.opportunities["kind"] == kind]
        label = text(f"kind.{kind}", lang)
        opps = opps.assign(place=opps["muni_code"].map(
            seats["muni_name"] + ", " + seats["dept_name"]).fillna(""))
        point_kinds.append({"label": label, "layerName": html.escape(f"{label} ({len(opps):,})"),
                            "style": KIND_STYLE[kind], "data": points_payload(opps)})
        if not opps.empty:
            legend_dots.append((KIND_STYLE[kind]["fill"], label))

    legend_rows = "".join(
        f'<div><i style="background:{c}"></i>{html.escape(lab)}</div>'
        for c, lab in zip(colours, legend_labels(
            bounds, color_by, threshold, integers=integers,
            lowest=None if people else munis[color_by].min()), strict=True))
    legend_rows += f'<div><i style="background:#cccccc"></i>{text("map.no_data", lang)}</div>'
    dots = "".join(f'<div><i class="om-dot" style="background:{c}"></i>{html.escape(lab)}</div>'
                   for c, lab in legend_dots)
    units = ("map.units.people" if is_people(color_by) else "map.units.places_per_person"
             if color_by.endswith("2sfca") else None)
    unit_text = f" ({text(units, lang)})" if units else ""
    note = text("map.suppressed", lang) if people_derived_columns([color_by]) else ""
    illustrative = (f'<p class="om-warning">{text("map.illustrative", lang)}</p>'
                    if getattr(dataset, "illustrative", False) else "")
    source = source_note(dataset)
    title_html = (
        f'<div class="om-title"><h1>{html.escape(title or text("map.title", lang))}</h1>'
        f'{illustrative}<details><summary>{text("map.about", lang)}</summary>'
        f'<p>{text("map.data_date", lang)}: {html.escape(date_text(dataset.data_date))}</p>'
        f'<p>{text("map.source", lang)}: {html.escape(source)}</p></details></div>')
    legend_html = (f'<details class="om-legend" open><summary>{text("map.legend", lang)}'
                   f'</summary><h2>{html.escape(value_label)}{unit_text}</h2>'
                   f'{legend_rows}<h2 style="margin-top:8px">{text("map.points", lang)}</h2>'
                   f'{dots}<small>{note}</small></details>')
    words = control_words(lang)
    words.update({key: text(f"map.{key}", lang) for key in (
        "fullscreen", "several", "not_found", "offers_here", "dept_munis", "place")})
    # Every admin word in the registered level's own words (distrito, cantón, provincia).
    def admin(label: str) -> str:
        return with_admin_words(label, dataset.country, lang)

    words.update(search=admin(text("map.search_place", lang)),
                 dept_munis=admin(text("map.dept_munis", lang)),
                 capacity=text("capacity", lang), value=value_label,
                 dept_word=admin(text("department", lang)))
    config = {
        "lang": lang, "words": words, "munis": geojson, "depts": dept_json,
        "munisName": html.escape(admin(f"{text('municipalities', lang)}: {value_label}")),
        "deptsName": html.escape(admin(text("departments", lang))), "popupRows": popup_rows,
        "kinds": point_kinds, "titleHtml": title_html, "legendHtml": legend_html,
        "search": search_index(dataset), "places": place_labels(dataset.boundaries),
        "symbols": (proportional_symbols(munis, threshold, lang) if symbols else None),
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
    from oportumap.maps.offline import attach_helpers

    attach_helpers(fmap)  # the map also draws where folium renders it (a notebook cell)
    page_title = html.escape(title or text("map.title", lang))
    fmap.get_root().header.add_child(Element(f"<title>{page_title}</title>"))
    return fmap

def proportional_symbols(munis: pd.DataFrame, threshold: int, lang: str,
                         *, largest_px: float = 18.0) -> dict:
    """Circles at the seats with area in proportion to the returnees (none below the
    threshold): counts are shown as symbols, never as colours of polygons.

    Examples
    --------
    >>> m = pd.DataFrame({"returnees": [400, 100, 3], "lat": [14.0, 15.0, 16.0],
    ...                   "lon": [-90.0, -91.0, -92.0]})
    >>> proportional_symbols(m, 5, "es")["data"]["r"]
    [18.0, 9.0]
    """
    counts = pd.to_numeric(munis["returnees"], errors="coerce").fillna(0)
    keep = (counts >= threshold).to_numpy()
    top = float(counts[keep].max()) if keep.any() else 1.0
    radius = np.sqrt(counts[keep] / top) * largest_px
    return {"name": html.escape(text("map.symbols", lang)),
            "data": {"y": munis.loc[keep, "lat"].round(5).tolist(),
                     "x": munis.loc[keep, "lon"].round(5).tolist(),
                     "r": [round(max(float(r), 2.5), 1) for r in radius]}}


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

    from oportumap.countries import with_admin_words
    from oportumap.i18n import text as i18n_text
    from oportumap.privacy import suppress_counts

    en = i18n_text("municipality", lang) == "Municipality"  # validates lang
    words = {key: with_admin_words(value, dataset.country, lang)
             for key, value in (_MAP_WORDS_EN if en else _MAP_WORDS_ES).items()}
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
    localise(fmap, lang)
    from branca.element import Element

    from oportumap.maps.offline import attach_helpers

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
        f'{html_lib.escape(source_note(dataset))}</p></div>'))
    return fmap

def localise(fmap, lang: str) -> None:
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
    macro.words = script_json(control_words(lang))
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
