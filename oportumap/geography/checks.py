"""Checks of a boundary file as published, before it becomes a country's geography.

What can be repaired is repaired and reported, feature by feature: invalid polygons
(self-intersections, "bow-ties") through ``shapely.make_valid``; degenerate or collapsed
rings (a ring with no area that ``make_valid`` turns into a line) and slivers dropped.
What cannot be used is refused with a message saying what to do: coordinates outside the
country, latitude and longitude swapped (with the fix: ``--swap-xy``), a feature with no
area left. Water bodies (lakes, lagoons, reservoirs) drawn in the file are recognised by
their names, or by having neither code nor population, and set aside as non-units.
"""

from __future__ import annotations

import re

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.prepared

from oportumap.errors import DataError
from oportumap.geography.names import place_key

#: A feature whose name starts with one of these words is water, not a unit.
WATER = re.compile(r"^(lago|lagos|laguna|lagunas|embalse|presa|represa|lake|lagoon|reservoir|"
                   r"cuerpo de agua|cuerpos de agua|water body|waterbody|agua)\b")
_POPULATION = re.compile(r"^(pob|poblacion|population|pop|habitantes|total pob)", re.I)
#: A polygon part smaller than this share of its unit and this many square metres is a
#: sliver (digitising noise), dropped. Real islets are far larger than 1 ha.
SLIVER_SHARE = 1e-4
SLIVER_M2 = 10_000.0
#: How far (degrees, about 11 km) a feature may lie from the country's known land (cays,
#: islands, first-level boundaries simplified to about 300 m).
EXTENT_MARGIN = 0.1

_REASONS = (
    ("Self-intersection", "el contorno se cruza a sí mismo (forma de moño)"),
    ("Ring Self-intersection", "un anillo se toca a sí mismo"),
    ("Too few points", "un anillo degenerado (menos de 4 puntos)"),
    ("Interior is disconnected", "un hueco parte el polígono en dos"),
    ("Hole lies outside shell", "un hueco fuera del contorno"),
    ("Nested shells", "contornos anidados"),
    ("Duplicate Rings", "anillos repetidos"),
)


def _label(names: pd.Series, codes: pd.Series, i: int) -> str:
    code = codes.iloc[i]
    return f"{names.iloc[i]} ({code})" if code else str(names.iloc[i])


def water_mask(frame: pd.DataFrame, names: pd.Series, codes: pd.Series,
               depts: pd.Series | None = None) -> tuple[np.ndarray, list[str]]:
    """Features that are water bodies, and notes on water-like names kept as units.

    A water name ("Lago de Ilopango", "Embalse Cerrón Grande") is water when something
    else agrees: no code, a code unlike the others (another length or prefix, or the
    ``99…`` that statistics offices give non-units), no population, or no department. A
    feature with neither code nor population (or name) is water too. A unit that is only
    *named* after a lake (Chile's comuna Lago Verde) keeps its place, and the report says
    so.
    """
    by_name = names.map(lambda n: bool(WATER.match(place_key(n)))).to_numpy()
    no_code = (codes == "").to_numpy()
    shape = codes.str.replace(r"\d", "9", regex=True).str.replace(r"[^\W\d_]", "A",
                                                                  regex=True)
    usual = shape[~no_code].mode()
    odd_code = (~no_code & ((shape != (usual.iloc[0] if len(usual) else "")).to_numpy()
                            | codes.str.match(r"^\D*99").to_numpy()))
    population = [c for c in frame.columns if isinstance(c, str) and _POPULATION.match(c)]
    if population:
        pop = pd.to_numeric(frame[population[0]], errors="coerce").fillna(0).to_numpy()
        no_people = pop <= 0
    else:
        no_people = np.zeros(len(frame), dtype=bool)
    no_dept = (np.zeros(len(frame), dtype=bool) if depts is None
               else (depts.map(place_key) == "").to_numpy())
    water = by_name & (no_code | odd_code | no_people | no_dept)
    water |= no_code & (no_people if population else (names.map(place_key) == "").to_numpy())
    kept = [f"{n} ({c})" for n, c in zip(names[by_name & ~water], codes[by_name & ~water],
                                         strict=True)]
    return water, kept


def _polygons(geom) -> list:
    """Polygon parts of any geometry (lines and points left by collapsed rings dropped)."""
    if geom is None or geom.is_empty:
        return []
    if geom.geom_type == "Polygon":
        return [geom]
    if geom.geom_type in ("MultiPolygon", "GeometryCollection"):
        return [p for part in shapely.get_parts(geom) for p in _polygons(part)]
    return []


def repair(gdf: gpd.GeoDataFrame, names: pd.Series, codes: pd.Series, label: str
           ) -> tuple[gpd.GeoSeries, list[str]]:
    """Valid polygonal geometries for every feature and one line per repair made.

    Raises
    ------
    DataError
        Naming the features left with no area (nothing to draw or locate in).
    """
    geoms = gdf.geometry.to_numpy()
    try:
        metric = gdf.estimate_utm_crs()
        areas_m2 = gpd.GeoSeries(geoms, crs=gdf.crs).to_crs(metric).area.to_numpy()
    except (RuntimeError, ValueError):  # no UTM zone (a file of no known place): no slivers
        areas_m2 = np.zeros(len(geoms))
    notes: list[str] = []
    empty: list[str] = []
    out = []
    for i, geom in enumerate(geoms):
        what: list[str] = []
        if geom is not None and not geom.is_valid:
            reason = shapely.is_valid_reason(geom)
            said = next((text for key, text in _REASONS if reason.startswith(key)), reason)
            what.append(f"{said}: reparado")
            geom = shapely.make_valid(geom)
        parts = _polygons(geom)
        if geom is not None and not geom.is_empty and geom.geom_type == "GeometryCollection":
            dropped = len(shapely.get_parts(geom)) - len(
                [p for p in shapely.get_parts(geom) if p.geom_type.endswith("Polygon")])
            if dropped:
                what.append(f"{dropped} parte(s) sin área (anillo colapsado en una línea) "
                            "quitada(s)")
        parts = [p for p in parts if p.area > 0]
        if len(parts) > 1 and areas_m2[i] > 0:
            total = sum(p.area for p in parts)
            share = np.array([p.area / total for p in parts])
            sliver = (share < SLIVER_SHARE) & (share * areas_m2[i] < SLIVER_M2)
            if sliver.any() and not sliver.all():
                what.append(f"{int(sliver.sum())} astilla(s) de menos de 1 ha quitada(s)")
                parts = [p for p, s in zip(parts, sliver, strict=True) if not s]
        if not parts:
            empty.append(_label(names, codes, i))
            out.append(None)
            continue
        out.append(parts[0] if len(parts) == 1 else shapely.MultiPolygon(
            [q for p in parts for q in ([p] if p.geom_type == "Polygon" else p.geoms)]))
        if what:
            notes.append(f"{_label(names, codes, i)}: {'; '.join(what)}")
    if empty:
        raise DataError(f"{label}: {len(empty)} polígonos sin área que se pueda usar "
                        f"({', '.join(empty[:5])}); corrija su geometría en el archivo "
                        "(p. ej. en QGIS: Vectorial > Geometría > Reparar geometrías)")
    return gpd.GeoSeries(out, index=gdf.index, crs=gdf.crs), notes


def swap_xy(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    """The same geometries with x and y exchanged (a file written as latitude, longitude)."""
    return gpd.GeoSeries(shapely.transform(geoms.to_numpy(), lambda xy: xy[:, ::-1]),
                         index=geoms.index, crs=geoms.crs)


def check_extent(geoms: gpd.GeoSeries, land, names: pd.Series, codes: pd.Series, *,
                 label: str, country_name: str, swap: bool
                 ) -> tuple[gpd.GeoSeries, list[str]]:
    """Refuse features outside the country; swap the ones written as (lat, lon) if asked.

    ``land`` is the country's territory in degrees (its bundled first-level units), None
    when unknown (then only impossible degrees are refused). A feature is inside when its
    bounding box comes within :data:`EXTENT_MARGIN` degrees of that land.
    """
    bounds = geoms.bounds.to_numpy()
    if land is None:
        def inside(b: np.ndarray) -> np.ndarray:
            return ((b[:, 0] >= -180) & (b[:, 2] <= 180) & (b[:, 1] >= -90) & (b[:, 3] <= 90))
    else:
        near = shapely.prepared.prep(land.buffer(EXTENT_MARGIN))

        def inside(b: np.ndarray) -> np.ndarray:
            return np.array([near.intersects(shapely.box(*row)) for row in b], dtype=bool)

    outside = ~inside(bounds)
    swapped = np.zeros(len(bounds), dtype=bool)
    if land is not None and outside.any():
        swapped[outside] = inside(bounds[outside][:, [1, 0, 3, 2]])
    notes: list[str] = []
    if swap and swapped.any():
        geoms = geoms.copy()
        geoms[swapped] = swap_xy(geoms[swapped])
        notes.append(f"latitud y longitud intercambiadas en {int(swapped.sum())} polígonos "
                     "(--swap-xy)")
        outside &= ~swapped
        swapped[:] = False
    if not outside.any():
        return geoms, notes
    shown = ", ".join(_label(names, codes, i) for i in np.flatnonzero(outside)[:5])
    more = f" y {int(outside.sum()) - 5} más" if outside.sum() > 5 else ""
    if swapped[outside].all():
        raise DataError(
            f"{label}: latitud y longitud están invertidas en {int(outside.sum())} polígonos "
            f"({shown}{more}): intercambiadas caen dentro de {country_name}. Vuelva a "
            "registrar con --swap-xy (en Python, swap_xy=True) o guarde el archivo con "
            "x = longitud, y = latitud")
    where = (f"{country_name} (a más de {EXTENT_MARGIN * 111:.0f} km de sus límites)"
             if land is not None else "la Tierra (no son grados de latitud y longitud)")
    raise DataError(
        f"{label}: {int(outside.sum())} polígonos caen fuera de {where}: {shown}{more}; "
        "revise el sistema de coordenadas (CRS) del archivo o quite esos polígonos")


def bundled_department_names(munis: gpd.GeoDataFrame, admin1: gpd.GeoDataFrame | None
                             ) -> tuple[dict[str, str], list[str]]:
    """The bundled first-level names as aliases of the file's own department spellings.

    Each department of the file is matched with the bundled unit that holds most of its
    area (at least half), so "El Paraíso" keeps resolving after a file that writes
    "Paraiso" is registered. Returns ``{name key: file department code}`` and a line per
    department whose name differs.
    """
    if admin1 is None or munis.empty:
        return {}, []
    metric = munis.estimate_utm_crs()
    depts = munis[["dept_code", "dept_name", "geometry"]].dissolve(
        by="dept_code", aggfunc="first", as_index=False).to_crs(metric)
    depts["own_area"] = depts.area
    bundled = admin1[["dept_name", "geometry"]].rename(columns={"dept_name": "bundled"})
    bundled = bundled.to_crs(metric)
    bundled["geometry"] = bundled.geometry.make_valid()
    pieces = gpd.overlay(depts, bundled, how="intersection", keep_geom_type=True)
    if pieces.empty:
        return {}, []
    pieces["share"] = pieces.area / pieces["own_area"]
    best = pieces.sort_values("share", ascending=False).drop_duplicates("dept_code")
    best = best[best["share"] >= 0.5].sort_values("share", ascending=False)
    best = best.drop_duplicates("bundled")
    own = {place_key(n) for n in depts["dept_name"]}
    aliases: dict[str, str] = {}
    notes: list[str] = []
    for row in best.itertuples(index=False):
        key = place_key(row.bundled)
        if key in own:
            continue
        aliases[key] = row.dept_code
        notes.append(f"'{row.bundled}' = '{row.dept_name}'")
    return aliases, notes
