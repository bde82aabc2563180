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
from oportumap.geography.districts import parent_word, say, say_each
from oportumap.geography.names import place_key
from oportumap.geography.registry import get_country
from oportumap.geography.resolve import resolve, resolve_department, resolve_with
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
    #: «Distrito» (the level inside a municipality), None when the file has no such column.
    district: pd.Series | None = None


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
    both: str | tuple[str, str] = "municipio"
    if texts.district is not None and geo.districts is None and \
            words["admin2"] == words["admin3"]:
        # Registered by its districts alone (no table of which municipality holds each):
        # «Distrito» names the units, «Municipio» stands in where it is blank.
        name_text = texts.district.where(texts.district != "", name_text)
        both = ("municipio", "distrito")
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
    district_given = pd.Series(False, index=frame_index)
    if texts.district is not None and geo.districts is not None:
        both = ("municipio", "distrito")
        district_given = texts.district != ""
        by_name, name_msg = _with_districts(geo, texts, by_name, name_msg, depts, col_add,
                                            fixes_add)
    code_given, name_given = code_text != "", (name_text != "") | district_given
    code_ok, name_ok = by_code.notna(), by_name.notna()
    labels = pd.Series(geo.labels)
    # Code and name both resolved but to different municipalities: which is right is the
    # user's call.
    clash = code_ok & name_ok & (by_code != by_name)
    col_add(clash, "muni_code+municipio", lambda m: code_text[m] + " / " + name_text[m],
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
            col_add(other, "muni_code+departamento",
                    lambda m: code_text[m] + " / " + depts[m],
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
        wrong = by_name_only & dept_wrong["municipio"]
        # A department that exists but does not hold the place: either column may be the
        # mistake, both are named; an unknown department is the department's alone.
        known = wrong.copy()
        if wrong.any():
            known = wrong & depts.map({d: resolve_department(geo, d, words)[0] is not None
                                       for d in pd.unique(depts[wrong])}).eq(True)
        for mask, columns in ((known, "municipio+departamento"),
                              (wrong & ~known, "departamento")):
            col_add(mask, columns, lambda m: name_text[m] + " / " + depts[m], name_msg)
        by_name_only &= ~dept_wrong["municipio"]
    col_add(by_name_only & (name_msg != ""), both, name_text, name_msg)
    if required:
        nothing = ~code_given & ~name_given & ~point & ~bad_lat & ~bad_lon & ~half
        column = (both if "municipio" in present else
                  "muni_code" if "muni_code" in present else "lat")
        if isinstance(both, tuple):
            by_district = geo.by_district or geo.districts is None
            missing = say(geo, "missing", least=words["admin3"] if by_district
                          else parent_word(geo))
        else:
            missing = (f"falta el {admin2}; escriba el nombre o código del {admin2} o las "
                       "coordenadas")
        col_add(nothing, column, None, missing)
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
        # The point and the place written disagree: both columns are named.
        for by, columns in ((code_ok, "muni_code+lat+lon"), (~code_ok, "municipio+lat+lon")):
            col_add(far & by, columns, pair,
                    lambda m: "el punto cae en " + point_muni[m].map(labels) + ", a " +
                    km[m] + " km de " + chosen[m].map(labels) + " ('" + said[m] +
                    f"'); corrija el punto o el {admin2}")
    code = chosen.where(resolved, point_muni.where(inside))
    source = spread(["municipality", "point"], inside.to_numpy().astype(np.int8), frame_index)
    return pd.DataFrame({"muni_code": code, "lat": lat.where(inside), "lon": lon.where(inside),
                         "location_source": source})


def _with_districts(geo, texts: LocationText, by_name: pd.Series, name_msg: pd.Series,
                    depts: pd.Series | None, col_add: Report, fixes_add: Report
                    ) -> tuple[pd.Series, pd.Series]:
    """«Municipio» and «Distrito» read together (:func:`read_districts`): the district
    decides the unit where it is read; a district of another municipality rejects the row
    naming both columns; every reading is said."""
    names, districts = texts.name, texts.district
    read = read_districts(geo, names, by_name, districts, depts)
    labels = pd.Series(geo.labels)
    clash = read["clash"] != ""
    col_add(clash, ("municipio", "distrito"), names + " / " + districts, read["clash"])
    decided = read["unit"].notna()
    unread = (districts != "") & ~decided & ~clash
    # Unreadable district: the municipality alone decides when it was read (and the
    # report says the district was not); otherwise the row is rejected.
    rescued = unread & by_name.notna()
    fixes_add(rescued, "distrito", districts,
              lambda m: say_each(geo, "unread", label=by_name[m].map(labels),
                                 why=read["message"][m]))
    col_add(unread & (names == ""), "distrito", districts, read["message"])
    lost = unread & (names != "") & by_name.isna()
    col_add(lost, ("municipio", "distrito"), names + " / " + districts,
            lambda m: name_msg[m] + "; " + read["message"][m])
    fixes_add(decided & (read["note"] != ""), "distrito", districts, read["note"])
    fixes_add(decided & (names == ""), "distrito", districts,
              lambda m: say_each(geo, "located", district=districts[m],
                                 label=read["unit"][m].map(labels)))
    by_name = by_name.where(~decided, read["unit"]).where(~clash, None)
    # The district decided (or the row is already rejected): no message on «Municipio».
    name_msg = name_msg.where(~decided & ~clash & ~lost & ~(unread & (names == "")), "")
    return by_name, name_msg


def read_districts(geo, names: pd.Series, by_name: pd.Series,
                   districts: pd.Series, departments: pd.Series | None) -> pd.DataFrame:
    """Read a «Distrito» column beside «Municipio» (both as written, ``""`` when blank).

    ``by_name`` is what «Municipio» resolved to (unit code or None). Per row:

    - ``unit``: the registered unit the district is in (None: blank or not read);
    - ``message``: why a district written could not be read;
    - ``note``: how it was read when not written exactly;
    - ``clash``: why the district and the municipality disagree («el distrito
      'Jiquilisco' es del municipio Usulután Oeste (Usulután), no de 'Usulután Este'»).

    A district shared by several municipalities («El Rosario») is the one inside the
    municipality written beside it.
    """
    index = names.index
    out = pd.DataFrame({"unit": pd.Series(None, index=index, dtype=object),
                        "message": "", "note": "", "clash": ""}, index=index)
    dgeo = geo.district_geography
    given = districts != ""
    if not given.any():
        return out
    ids = pd.Series(None, index=index, dtype=object)
    result = resolve_with(dgeo, districts[given],
                          None if departments is None else departments[given])
    ids[given] = result.codes.to_numpy()
    messages = pd.Series("", index=index, dtype=object)
    messages[given] = result.messages.fillna("").to_numpy()
    notes = pd.Series("", index=index, dtype=object)
    notes[given] = result.name_corrections.fillna("").to_numpy()  # department: said once
    table = geo.districts.set_index("district_id")
    parent_of_unit = dict(zip(geo.districts["unit"], geo.districts["parent_code"],
                              strict=True)) if geo.by_district else {}
    # The municipality written, as the code of a municipality holding districts.
    written_parent = by_name.map(parent_of_unit) if geo.by_district else by_name.copy()
    if geo.by_district:
        parents = {key: geo.districts.loc[geo.districts["unit"] == units[0], "parent_code"]
                   .iat[0] for key, units in geo.parent_lookup.items()}
        distinct = pd.unique(names[names != ""])  # each distinct name looked up once
        from_name = names.map({v: parents.get(place_key(v)) for v in distinct})
        written_parent = written_parent.where(written_parent.notna(), from_name)
    # A district name shared by several municipalities: the one in the municipality given.
    retry = given & ids.isna() & written_parent.notna()
    if retry.any():  # once per distinct (district, municipality) pair
        by_key = dgeo.name_lookup
        pairs = pd.DataFrame({"d": districts[retry], "p": written_parent[retry]})
        distinct = pairs.drop_duplicates()
        chosen = []
        for d, p in distinct.itertuples(index=False):
            candidates = [c for c in by_key.get(place_key(d), ())
                          if table.at[c, "parent_code"] == p]
            chosen.append(candidates[0] if len(candidates) == 1 else None)
        picked = pairs.merge(distinct.assign(id=chosen), on=["d", "p"], how="left")["id"]
        picked.index = pairs.index
        ok = picked.notna()
        ids[ok[ok].index] = picked[ok]
        messages[ok[ok].index] = ""
    found = ids.notna()
    out["unit"] = ids.map(table["unit"]).where(found, None)
    out["message"] = messages.where(~found, "")
    out["note"] = notes.where(found, "")
    parent = ids.map(table["parent_code"])
    # Registered by districts, an old name in «Municipio» is a district of its own.
    other_district = (by_name.notna() & found & (by_name != out["unit"])
                      if geo.by_district else pd.Series(False, index=index))
    clash = found & written_parent.notna() & ((parent != written_parent) | other_district)
    if clash.any():
        parent_names = dict(zip(geo.districts["parent_code"], geo.districts["parent_name"],
                                strict=False))
        depts = geo.dept_names
        rows = table.loc[ids[clash]]
        said = {"district": districts[clash],
                "written": names[clash].where(names[clash] != "", by_name[clash]),
                "parent": rows["parent_code"].map(parent_names).set_axis(
                    districts[clash].index),
                "dept": rows["dept_code"].map(depts).set_axis(districts[clash].index)}
        other = other_district[clash]
        text = say_each(geo, "elsewhere", **said)
        if other.any():
            text[other] = say_each(geo, "other", **{k: v[other] for k, v in said.items()})
        out.loc[clash, "clash"] = text
        out.loc[clash, "unit"] = None
    return out


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
