"""Where each row is: a municipality from its code, name (and department) or point.

Readers hand the cells of a table to :func:`locate`, which decides per row from whatever
the row has and reports every disagreement and every non-exact reading back through the
reader's collectors; it never reads or writes a file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from oportumap.countries import country_words
from oportumap.geography.registry import get_country
from oportumap.geography.resolve import resolve, resolve_department
from oportumap.text import normalize_series, spread

#: Points outside every municipality but within this distance of one (shores, border
#: lines of simplified boundaries) are assigned to the nearest municipality.
SNAP_KM = 2.0

#: A point farther than this from the municipality the same row names contradicts it and
#: the row is rejected. Well above SNAP_KM: homes geocoded to a neighbourhood centroid, or
#: just across a municipal line in a metropolitan area, are a few km off and still agree.
CONFLICT_KM = 10.0

#: ``(mask, column role, values, message)``: how :func:`locate` reports back.
Report = Callable[..., None]


@dataclass(frozen=True)
class LocationText:
    """The location cells of a table as written (``""`` where blank or absent)."""

    code: pd.Series
    name: pd.Series
    department: pd.Series | None
    lat: pd.Series
    lon: pd.Series


def resolve_places(values: pd.Series, departments: pd.Series | None, country: str
                    ) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series, pd.Series]:
    """Codes, messages (why not resolved), how the name was read (non-exact), the column
    each message is about and how the department was read, per value."""
    result = resolve(values, departments, country=country)
    # dtype=object: no inference of a text dtype over every row (None stays None).
    return tuple(pd.Series(np.asarray(x, dtype=object), index=values.index, dtype=object)
                 for x in (result.codes, result.messages, result.name_corrections,
                           result.columns, result.department_corrections))


def locate(texts: LocationText, lat: pd.Series, lon: pd.Series, *, country: str = "GT",
           problem: Report, interpret: Report, required: bool,
           present: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Each row's municipality and point, from whatever the row has.

    Per row: the code if present and valid, else the name (+ department), else the point.
    A blank cell another column covers is never a problem; two columns that disagree (a
    code and a name of different municipalities, or a point more than :data:`CONFLICT_KM`
    from the named municipality) reject the row naming both values. Pure: problems and
    non-exact readings are handed to ``problem`` and ``interpret`` (the reader's
    collectors), each with a row mask, the column's role (``"muni_code"``,
    ``"municipio"``, ``"lat"``, ``"lon"``), the values and the message in words.

    Parameters
    ----------
    texts : LocationText
        The cells as written (``""`` when blank or when the file has no such column).
    lat, lon : pandas.Series
        Coordinates already read as numbers (NaN when blank or unreadable).
    country : str
        Whose municipalities.
    problem, interpret : callable
        ``(mask, column, values, message)``; ``values`` and ``message`` may be a Series,
        a string or a function of the mask.
    required : bool
        A row with no location at all is a problem (returnees) or not (offers placed by
        other means).
    present : frozenset of str
        Roles of the columns the file has (for naming the column of a missing value).

    Returns
    -------
    pandas.DataFrame
        ``muni_code``, ``lat``, ``lon`` (kept only when inside the country) and
        ``location_source`` (``"point"`` or ``"municipality"``).
    """
    geo = get_country(country)
    words = country_words(geo.code)
    admin2 = words["admin2"]
    col_add, fixes_add = problem, interpret
    lat_text, lon_text = texts.lat, texts.lon
    frame_index = lat.index
    bad_lat = (lat_text != "") & lat.isna()
    bad_lon = (lon_text != "") & lon.isna()
    col_add(bad_lat, "lat", lat_text, "latitud no numérica; use grados decimales (p. ej. "
            "14.6349)")
    col_add(bad_lon, "lon", lon_text, "longitud no numérica; use grados decimales (p. ej. "
            "-90.5069)")
    # One of the pair written and the other blank (not merely unreadable): name the blank one.
    half = (lat.notna() ^ lon.notna()) & ~bad_lat & ~bad_lon
    col_add(half & lat.isna(), "lat", None,
            "falta la latitud o la longitud; indique ambas o ninguna")
    col_add(half & lon.isna(), "lon", None,
            "falta la latitud o la longitud; indique ambas o ninguna")
    point = lat.notna() & lon.notna()
    inside = pd.Series(False, index=frame_index)
    point_muni = pd.Series(None, index=frame_index, dtype="object")

    def pair(mask: np.ndarray) -> pd.Series:
        return lat[mask].astype(str) + ", " + lon[mask].astype(str)

    if point.any():
        point_muni = point_in_municipality(lat, lon, point, geo)
        inside = point_muni.notna()
        swapped = point_in_municipality(lon, lat, point & ~inside, geo).notna()
        col_add(swapped, "lat", pair,
                "latitud y longitud parecen invertidas (el punto cae dentro del país al "
                "intercambiarlas); corrija el orden de las columnas")
        col_add(point & ~inside & ~swapped, "lat", pair,
                f"el punto está fuera de {geo.name}; revise las coordenadas (grados decimales, "
                "longitud negativa al oeste)")
    depts = texts.department
    blank = pd.Series("", index=frame_index, dtype="object")
    by_code = pd.Series(None, index=frame_index, dtype="object")
    by_name = pd.Series(None, index=frame_index, dtype="object")
    code_msg, name_msg = blank.copy(), blank.copy()
    # Messages about the department written (unknown, or the place is not in it) are
    # reported against the department column, not the municipality's.
    dept_wrong = {"muni_code": pd.Series(False, index=frame_index),
                  "municipio": pd.Series(False, index=frame_index)}
    dept_read = pd.Series(False, index=frame_index)
    dept_said = blank.copy()
    code_text, name_text = texts.code, texts.name
    for text, out, why, column in ((code_text, by_code, code_msg, "muni_code"),
                                   (name_text, by_name, name_msg, "municipio")):
        given = text != ""
        if not given.any():
            continue
        codes, messages, notes, about, dept_notes = resolve_places(
            text[given], None if depts is None else depts[given], country)
        dept_wrong[column][given] = (about == "departamento").to_numpy()
        out[given] = codes
        why[given] = messages.fillna("")
        interpreted = pd.Series(False, index=frame_index)
        interpreted[given] = notes.notna() & codes.notna()
        fixes_add(interpreted, column, text, notes.reindex(frame_index).fillna(""))
        if depts is not None:  # the department's reading: once per row, on its own column
            new = pd.Series(False, index=frame_index)
            new[given] = (dept_notes.notna() & codes.notna()).to_numpy()
            new &= ~dept_read
            dept_said[new] = dept_notes.reindex(frame_index)[new]
            dept_read |= new
    if depts is not None:
        fixes_add(dept_read, "departamento", depts, dept_said)
    code_given, name_given = code_text != "", name_text != ""
    code_ok, name_ok = by_code.notna(), by_name.notna()
    labels = pd.Series(geo.labels)
    # Code and name both resolved but to different municipalities: which is right is the
    # user's call.
    clash = code_ok & name_ok & (by_code != by_name)
    col_add(clash, "muni_code", lambda m: code_text[m] + " / " + name_text[m],
            lambda m: "el código '" + code_text[m] + "' es " + by_code[m].map(labels) +
            f" pero el {admin2} '" + name_text[m] + "' es " + by_name[m].map(labels) +
            "; corrija uno de los dos")
    chosen = by_code.where(code_ok, by_name)
    resolved = chosen.notna()  # once: four rules below ask it of every row
    # A code of one department with another department written beside it.
    if depts is not None:
        from_code = code_ok & ~name_ok & (depts != "")
        if from_code.any():
            distinct = pd.unique(depts[from_code])
            dept_of = {d: resolve_department(geo, d, words)[0] for d in distinct}
            said_dept = depts.map(dept_of)
            code_dept = by_code.map(geo.muni_dept)
            other = from_code & said_dept.notna() & (said_dept != code_dept)
            col_add(other, "muni_code", lambda m: code_text[m] + " / " + depts[m],
                    lambda m: "el código '" + code_text[m] + "' es " + by_code[m].map(labels)
                    + f" pero el {words['admin1']} '" + depts[m] + "' es otro; corrija uno "
                    "de los dos")
    # A valid code with an unreadable name: the code decides, and the report says so.
    muni_names = geo.municipalities.set_index("muni_code")["muni_name"]
    unread = code_ok & name_given & ~name_ok
    if unread.any():  # the same name written differently (ambiguous alone) is no news
        unread &= normalize_series(name_text) != normalize_series(
            by_code.map(muni_names).fillna("").astype(str))
    fixes_add(unread, "municipio", name_text,
              lambda m: "se usó el código " + code_text[m] + " (" + by_code[m].map(labels) +
              f") de la misma fila; el {admin2} '" + name_text[m] + "' no se reconoce")
    # An invalid code with a valid name: the name decides.
    fixes_add(code_given & ~code_ok & name_ok, "muni_code", code_text,
              lambda m: f"código no válido: se usó el {admin2} '" + name_text[m] + "' (" +
              by_name[m].map(labels) + ") de la misma fila")
    # Neither resolved but a point inside the country: the point decides.
    from_point = ~resolved & inside
    fixes_add(from_point & code_given, "muni_code", code_text,
              lambda m: "código no reconocido: se usó el punto de la misma fila (" +
              point_muni[m].map(labels) + ")")
    fixes_add(from_point & ~code_given & name_given, "municipio", name_text,
              lambda m: f"{admin2} '" + name_text[m] + "' no reconocido: se usó el punto "
              "de la misma fila (" + point_muni[m].map(labels) + ")")
    unresolved = ~resolved & ~inside
    col_add(unresolved & code_given, "muni_code", code_text, code_msg)
    by_name_only = unresolved & ~code_given & name_given
    if depts is not None:
        col_add(by_name_only & dept_wrong["municipio"], "departamento",
                lambda m: name_text[m] + " / " + depts[m], name_msg)
        by_name_only &= ~dept_wrong["municipio"]
    col_add(by_name_only, "municipio", name_text, name_msg)
    if required:
        nothing = ~code_given & ~name_given & ~point & ~bad_lat & ~bad_lon & ~half
        column = ("municipio" if "municipio" in present else
                  "muni_code" if "muni_code" in present else "lat")
        col_add(nothing, column, None,
                f"falta el {admin2}; escriba el nombre o código del {admin2} o las "
                "coordenadas")
    # A point far from the municipality the row names contradicts it.
    check = resolved & inside
    if check.any():  # (compared only where some row has a point)
        check &= point_muni != chosen
    if check.any():
        far_km = distance_to_municipality(lat[check], lon[check], chosen[check], geo)
        far = pd.Series(False, index=frame_index)
        far[check] = far_km > CONFLICT_KM
        said = code_text.where(code_ok, name_text)
        km = pd.Series("", index=frame_index, dtype="object")
        km[check] = [f"{x:.0f}" for x in far_km]
        col_add(far, "lat", pair,
                lambda m: "el punto cae en " + point_muni[m].map(labels) + ", a " + km[m] +
                " km de " + chosen[m].map(labels) + " ('" + said[m] +
                f"'); corrija el punto o el {admin2}")
    code = chosen.where(resolved, point_muni.where(inside))
    source = spread(["municipality", "point"], inside.to_numpy().astype(np.int8), frame_index)
    return pd.DataFrame({"muni_code": code, "lat": lat.where(inside), "lon": lon.where(inside),
                         "location_source": source})


def distance_to_municipality(lat: pd.Series, lon: pd.Series, codes: pd.Series, geo
                              ) -> np.ndarray:
    """Km from each point to the polygon of the given municipality (0 inside)."""
    import geopandas as gpd

    crs = geo.projected_crs
    pts = gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs="EPSG:4326").to_crs(crs)
    polygons = geo.municipalities.set_index("muni_code").geometry.to_crs(crs)
    target = gpd.GeoSeries(polygons.loc[codes.to_numpy()].to_numpy(), crs=crs)
    return pts.distance(target, align=False).to_numpy() / 1000.0


def point_in_municipality(lat: pd.Series, lon: pd.Series, mask: pd.Series, geo
                           ) -> pd.Series:
    """Municipality code containing each masked point (None outside the country)."""
    import geopandas as gpd

    out = pd.Series(None, index=lat.index, dtype="object")
    if not mask.any():
        return out
    pts = gpd.GeoDataFrame(index=lat.index[mask.to_numpy()],
                           geometry=gpd.points_from_xy(lon[mask], lat[mask]), crs="EPSG:4326")
    polygons = geo.municipalities[["muni_code", "geometry"]]
    joined = gpd.sjoin(pts, polygons, how="left", predicate="intersects")
    joined = joined[~joined.index.duplicated(keep="first")]
    out.loc[joined.index] = joined["muni_code"].to_numpy()
    # A GPS point on a shore or just across a simplified border line still belongs to the
    # nearest municipality when it is within SNAP_KM of it.
    unmatched = out.loc[pts.index].isna()
    if unmatched.any():
        crs = geo.projected_crs
        near = gpd.sjoin_nearest(pts[unmatched.to_numpy()].to_crs(crs), polygons.to_crs(crs),
                                 how="left", max_distance=SNAP_KM * 1000)
        near = near[~near.index.duplicated(keep="first")]
        out.loc[near.index] = near["muni_code"].to_numpy()
    return out
