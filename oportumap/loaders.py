"""Turn the user's files into validated canonical tables and one :class:`Dataset`.

Every rule checks whole columns at once (a million rows validate in seconds) and collects
*every* problem before deciding: with ``errors="raise"`` one :class:`DataError` lists up
to 20 of them (file, row as seen in the file, column, value, what to do); with
``errors="report"`` the valid rows come back with a table of rejected rows and the reason
for each. Accepted + rejected rows always equal the input rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from oportumap.errors import DataError, Problem
from oportumap.io import RawTable, file_role, read_raw, scan_folder
from oportumap.schema import (
    INTERESTS,
    OPPORTUNITY_COLUMNS,
    OPPORTUNITY_KINDS,
    OPTIONAL_OPPORTUNITY_COLUMNS,
    OPTIONAL_RETURNEE_COLUMNS,
    RETURNEE_COLUMNS,
)
from oportumap.text import normalize_series
from oportumap.validation import (
    INTEREST_VALUES,
    KIND_VALUES,
    REJECTED_COLUMNS,
    SEX_VALUES,
    Collector,
    canonical_headers,
    check_ids,
    column_text,
    header_hint,
    parse_bool,
    parse_dates,
    parse_number,
    unused_columns,
)

Errors = Literal["raise", "report"]

#: Points outside every municipality but within this distance of one (shores, border
#: lines of simplified boundaries) are assigned to the nearest municipality.
SNAP_KM = 2.0

#: A point farther than this from the municipality the same row names contradicts it and
#: the row is rejected. Well above SNAP_KM: homes geocoded to a neighbourhood centroid, or
#: just across a municipal line in a metropolitan area, are a few km off and still agree.
CONFLICT_KM = 10.0

#: Columns of the table of non-exact interpretations (``ReadResult.corrections``,
#: ``Dataset.corrections``): file, row as seen in the file, column, value as written and
#: how it was read (Spanish).
CORRECTION_COLUMNS = ["file", "row", "column", "value", "interpretation"]


@dataclass
class ReadResult:
    """Everything one read found (``errors="report"``).

    Unpacks as ``accepted, rejected = result`` for the two tables used most.

    Attributes
    ----------
    data : pandas.DataFrame
        The accepted rows, canonical columns (also ``accepted``).
    rejected : pandas.DataFrame
        One row per rejected row: ``file``, ``row``, ``column``, ``value``, ``reason``.
    corrections : pandas.DataFrame
        Accepted rows whose value was read non-literally (a name interpreted, an
        occupation list split, a code set aside for the name): :data:`CORRECTION_COLUMNS`;
        ``interpretation`` is a Spanish sentence ("se interpretó 'Quetzaltenago' como
        Quetzaltenango (Quetzaltenango)").
    unused_columns : list of str
        Headers of the file that no column of the data contract uses.
    blank_rows : int
        Blank rows inside the table, skipped (not rejected).
    file : str
        File name.
    row_numbers : numpy.ndarray
        Row number in the file of each accepted row.
    """

    data: pd.DataFrame
    rejected: pd.DataFrame
    corrections: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=CORRECTION_COLUMNS))
    unused_columns: list[str] = field(default_factory=list)
    blank_rows: int = 0
    file: str = ""
    #: File row number of each accepted row (blank and rejected rows leave gaps), for
    #: notes that point back to the file.
    row_numbers: np.ndarray | None = None

    def __iter__(self) -> Iterator[pd.DataFrame]:
        yield self.data
        yield self.rejected

    def __getitem__(self, i: int) -> pd.DataFrame:  # result[0], result[1] as before
        return (self.data, self.rejected)[i]

    def __len__(self) -> int:
        return 2

    @property
    def accepted(self) -> pd.DataFrame:
        return self.data

    @property
    def rows_read(self) -> int:
        """Rows of the table: accepted + rejected + blank."""
        return len(self.data) + len(self.rejected) + self.blank_rows


class _Corrections:
    """Collects non-exact interpretations of accepted values, vectorised like Collector."""

    def __init__(self, col: Collector):
        self.col = col
        self.frames: list[pd.DataFrame] = []

    def add(self, mask: pd.Series, column: str, values: pd.Series,
            interpretation: pd.Series | str | Callable[[np.ndarray], pd.Series]) -> None:
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        positions = np.flatnonzero(mask)
        if callable(interpretation):  # built only for the rows concerned
            text = np.asarray(interpretation(mask), dtype=object)
        elif isinstance(interpretation, pd.Series):
            text = interpretation[mask].to_numpy()
        else:
            text = interpretation
        self.frames.append(pd.DataFrame({
            "position": positions, "file": self.col.file, "row": self.col.rows()[positions],
            "column": self.col.header(column), "value": values[mask].astype(str).to_numpy(),
            "interpretation": text}))

    def table(self, keep: np.ndarray) -> pd.DataFrame:
        if not self.frames:
            return pd.DataFrame(columns=CORRECTION_COLUMNS)
        table = pd.concat(self.frames, ignore_index=True)
        table = table[keep[table["position"].to_numpy()]]  # only rows that were accepted
        table = table.sort_values(["position"], kind="stable")
        return table[CORRECTION_COLUMNS].reset_index(drop=True)


def _skip_blank(raw: RawTable) -> tuple[RawTable, np.ndarray, int]:
    """Drop rows with nothing in them; returns the table, each row's number, blank count."""
    frame = raw.frame
    numbers = np.arange(len(frame)) + raw.first_row
    if not len(frame.columns):
        return raw, numbers, 0
    blank = ~(frame != "").any(axis=1).to_numpy()
    if raw.geometry_points is not None:
        blank &= raw.geometry_points["lat"].isna().to_numpy()
    if not blank.any():
        return raw, numbers, 0
    points = raw.geometry_points
    if points is not None:
        points = points[~blank].reset_index(drop=True)
    kept = RawTable(frame[~blank].reset_index(drop=True), raw.file, raw.first_row, points)
    return kept, numbers[~blank], int(blank.sum())


def _resolve_places(values: pd.Series, departments: pd.Series | None, country: str
                    ) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Codes, messages (why not resolved) and corrections (non-exact reading) per value."""
    from oportumap.geography import resolve

    result = resolve(values, departments, country=country)
    return tuple(pd.Series(np.asarray(x, dtype=object), index=values.index)
                 for x in (result.codes, result.messages, result.corrections))


def _locate(frame: pd.DataFrame, headers: dict, raw: RawTable, col: Collector,
            fixes: _Corrections, country: str, *, required: bool) -> pd.DataFrame:
    """Resolve each row's municipality and point from whatever the row has.

    Per row: the code if present and valid, else the name (+ department), else the point.
    A blank cell another column covers is never a problem; two columns that disagree (a
    code and a name of different municipalities, or a point more than :data:`CONFLICT_KM`
    from the named municipality) reject the row naming both values.
    Returns muni_code, lat, lon, location_source.
    """
    from oportumap.countries import country_words
    from oportumap.geography import get_country

    geo = get_country(country)
    words = country_words(geo.code)
    admin2 = words["admin2"]
    has_point_cols = "lat" in headers or "lon" in headers or raw.geometry_points is not None
    if not (has_point_cols or "muni_code" in headers or "municipio" in headers):
        raise DataError(
            f"{raw.file}: no hay columna de ubicación; agregue una columna '{admin2}' (y "
            f"'{words['admin1']}'), 'codigo_{admin2}' o 'latitud' y 'longitud'"
        )
    lat_text, lon_text = column_text(frame, headers, "lat"), column_text(frame, headers, "lon")
    lat, lon = parse_number(lat_text), parse_number(lon_text)
    if raw.geometry_points is not None:
        lat = lat.fillna(raw.geometry_points["lat"].reset_index(drop=True))
        lon = lon.fillna(raw.geometry_points["lon"].reset_index(drop=True))
    bad_lat = (lat_text != "") & lat.isna()
    bad_lon = (lon_text != "") & lon.isna()
    col.add(bad_lat, "lat", lat_text, "latitud no numérica; use grados decimales (p. ej. "
            "14.6349)")
    col.add(bad_lon, "lon", lon_text, "longitud no numérica; use grados decimales (p. ej. "
            "-90.5069)")
    # One of the pair written and the other blank (not merely unreadable): name the blank one.
    half = (lat.notna() ^ lon.notna()) & ~bad_lat & ~bad_lon
    col.add(half & lat.isna(), "lat", None,
            "falta la latitud o la longitud; indique ambas o ninguna")
    col.add(half & lon.isna(), "lon", None,
            "falta la latitud o la longitud; indique ambas o ninguna")
    point = lat.notna() & lon.notna()
    inside = pd.Series(False, index=frame.index)
    point_muni = pd.Series(None, index=frame.index, dtype="object")

    def pair(mask: np.ndarray) -> pd.Series:
        return lat[mask].astype(str) + ", " + lon[mask].astype(str)

    if point.any():
        point_muni = _point_in_municipality(lat, lon, point, geo)
        inside = point_muni.notna()
        swapped = _point_in_municipality(lon, lat, point & ~inside, geo).notna()
        col.add(swapped, "lat", pair,
                "latitud y longitud parecen invertidas (el punto cae dentro del país al "
                "intercambiarlas); corrija el orden de las columnas")
        col.add(point & ~inside & ~swapped, "lat", pair,
                f"el punto está fuera de {geo.name}; revise las coordenadas (grados decimales, "
                "longitud negativa al oeste)")
    depts = column_text(frame, headers, "departamento") if "departamento" in headers else None
    blank = pd.Series("", index=frame.index, dtype="object")
    by_code = pd.Series(None, index=frame.index, dtype="object")
    by_name = pd.Series(None, index=frame.index, dtype="object")
    code_msg, name_msg = blank.copy(), blank.copy()
    code_text = column_text(frame, headers, "muni_code")
    name_text = column_text(frame, headers, "municipio")
    for text, out, why, column in ((code_text, by_code, code_msg, "muni_code"),
                                   (name_text, by_name, name_msg, "municipio")):
        given = text != ""
        if not given.any():
            continue
        codes, messages, notes = _resolve_places(
            text[given], None if depts is None else depts[given], country)
        out[given] = codes
        why[given] = messages.fillna("")
        interpreted = pd.Series(False, index=frame.index)
        interpreted[given] = notes.notna() & codes.notna()
        fixes.add(interpreted, column, text, notes.reindex(frame.index).fillna(""))
    code_given, name_given = code_text != "", name_text != ""
    code_ok, name_ok = by_code.notna(), by_name.notna()
    labels = pd.Series(geo.labels)
    # Code and name both resolved but to different municipalities: which is right is the
    # user's call.
    clash = code_ok & name_ok & (by_code != by_name)
    col.add(clash, "muni_code", lambda m: code_text[m] + " / " + name_text[m],
            lambda m: "el código '" + code_text[m] + "' es " + by_code[m].map(labels) +
            f" pero el {admin2} '" + name_text[m] + "' es " + by_name[m].map(labels) +
            "; corrija uno de los dos")
    chosen = by_code.where(code_ok, by_name)
    # A code of one department with another department written beside it.
    if depts is not None:
        from oportumap.geography import resolve_department

        from_code = code_ok & ~name_ok & (depts != "")
        if from_code.any():
            distinct = pd.unique(depts[from_code])
            dept_of = {d: resolve_department(geo, d, words)[0] for d in distinct}
            said_dept = depts.map(dept_of)
            code_dept = by_code.map(geo.muni_dept)
            other = from_code & said_dept.notna() & (said_dept != code_dept)
            col.add(other, "muni_code", lambda m: code_text[m] + " / " + depts[m],
                    lambda m: "el código '" + code_text[m] + "' es " + by_code[m].map(labels)
                    + f" pero el {words['admin1']} '" + depts[m] + "' es otro; corrija uno "
                    "de los dos")
    # A valid code with an unreadable name: the code decides, and the report says so.
    muni_names = geo.municipalities.set_index("muni_code")["muni_name"]
    unread = code_ok & name_given & ~name_ok
    if unread.any():  # the same name written differently (ambiguous alone) is no news
        unread &= normalize_series(name_text) != normalize_series(
            by_code.map(muni_names).fillna("").astype(str))
    fixes.add(unread, "municipio", name_text,
              lambda m: "se usó el código " + code_text[m] + " (" + by_code[m].map(labels) +
              f") de la misma fila; el {admin2} '" + name_text[m] + "' no se reconoce")
    # An invalid code with a valid name: the name decides.
    fixes.add(code_given & ~code_ok & name_ok, "muni_code", code_text,
              lambda m: f"código no válido: se usó el {admin2} '" + name_text[m] + "' (" +
              by_name[m].map(labels) + ") de la misma fila")
    # Neither resolved but a point inside the country: the point decides.
    from_point = ~chosen.notna() & inside
    fixes.add(from_point & code_given, "muni_code", code_text,
              lambda m: "código no reconocido: se usó el punto de la misma fila (" +
              point_muni[m].map(labels) + ")")
    fixes.add(from_point & ~code_given & name_given, "municipio", name_text,
              lambda m: f"{admin2} '" + name_text[m] + "' no reconocido: se usó el punto "
              "de la misma fila (" + point_muni[m].map(labels) + ")")
    unresolved = ~chosen.notna() & ~inside
    col.add(unresolved & code_given, "muni_code", code_text, code_msg)
    col.add(unresolved & ~code_given & name_given, "municipio", name_text, name_msg)
    if required:
        nothing = ~code_given & ~name_given & ~point & ~bad_lat & ~bad_lon & ~half
        column = ("municipio" if "municipio" in headers else
                  "muni_code" if "muni_code" in headers else "lat")
        col.add(nothing, column, None,
                f"falta el {admin2}; escriba el nombre o código del {admin2} o las "
                "coordenadas")
    # A point far from the municipality the row names contradicts it.
    check = chosen.notna() & inside & (point_muni != chosen)
    if check.any():
        far_km = _distance_to_municipality(lat[check], lon[check], chosen[check], geo)
        far = pd.Series(False, index=frame.index)
        far[check] = far_km > CONFLICT_KM
        said = code_text.where(code_ok, name_text)
        km = pd.Series("", index=frame.index, dtype="object")
        km[check] = [f"{x:.0f}" for x in far_km]
        col.add(far, "lat", pair,
                lambda m: "el punto cae en " + point_muni[m].map(labels) + ", a " + km[m] +
                " km de " + chosen[m].map(labels) + " ('" + said[m] +
                f"'); corrija el punto o el {admin2}")
    code = chosen.where(chosen.notna(), point_muni.where(inside))
    source = pd.Series(np.where(inside, "point", "municipality"), index=frame.index)
    return pd.DataFrame({"muni_code": code, "lat": lat.where(inside), "lon": lon.where(inside),
                         "location_source": source})


def _distance_to_municipality(lat: pd.Series, lon: pd.Series, codes: pd.Series, geo
                              ) -> np.ndarray:
    """Km from each point to the polygon of the given municipality (0 inside)."""
    import geopandas as gpd

    crs = geo.projected_crs
    pts = gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs="EPSG:4326").to_crs(crs)
    polygons = geo.municipalities.set_index("muni_code").geometry.to_crs(crs)
    target = gpd.GeoSeries(polygons.loc[codes.to_numpy()].to_numpy(), crs=crs)
    return pts.distance(target, align=False).to_numpy() / 1000.0


def _point_in_municipality(lat: pd.Series, lon: pd.Series, mask: pd.Series, geo
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

# --------------------------------------------------------------------------- readers


def _finish(data: pd.DataFrame, col: Collector, raw: RawTable, errors: Errors,
            what: str, fixes: _Corrections | None = None, unused: list[str] | None = None,
            blank_rows: int = 0) -> pd.DataFrame | ReadResult:
    problems = col.problems()
    bad_positions = problems["position"].unique().astype(np.int64)
    keep = np.ones(len(data), dtype=bool)
    keep[bad_positions] = False
    if errors == "raise" and len(problems):
        listed = [Problem(r.file, int(r.row), r.column or None, r.value, r.reason)
                  for r in problems.itertuples(index=False)]
        raise DataError(
            f"{raw.file}: {len(bad_positions)} de {len(data)} filas de {what} tienen "
            "problemas; corríjalas, o sepárelas con oportumap validate (escribe "
            "filas_rechazadas.csv)", listed)
    grouped = problems.groupby("position", sort=True).agg(
        file=("file", "first"), row=("row", "first"),
        column=("column", lambda s: "; ".join(dict.fromkeys(x for x in s if x))),
        value=("value", lambda s: "; ".join(dict.fromkeys(x for x in s if x))),
        reason=("reason", lambda s: "; ".join(dict.fromkeys(s))),
    ) if len(problems) else pd.DataFrame(columns=REJECTED_COLUMNS)
    rejected = grouped.reset_index(drop=True)[REJECTED_COLUMNS]
    accepted = data[keep].reset_index(drop=True)
    accepted.attrs["first_row"] = raw.first_row
    if len(accepted) + len(rejected) != len(data):  # the promise every reader keeps
        raise AssertionError("accepted + rejected rows do not add up to the input rows")
    if errors == "raise":
        return accepted
    corrections = fixes.table(keep) if fixes is not None else pd.DataFrame(
        columns=CORRECTION_COLUMNS)
    return ReadResult(accepted, rejected, corrections, list(unused or []), blank_rows,
                      raw.file, col.rows()[keep])


def _split_occupations(text: pd.Series, fixes: _Corrections, column: str) -> pd.Series:
    """Occupations as written -> ``;``-separated occupations, every reading reported.

    The rules are :mod:`oportumap.occupation_phrases`' (one trade in two languages is one
    occupation, a list is several, "trabajé en ..." is context...). Each distinct cell is
    read once. Every interpretation -- and every occupation not understood, which is kept
    as written, never replaced -- goes to ``fixes`` with the file's row and column.
    """
    from oportumap.skills import occupation_readings

    readings = occupation_readings(text)
    said = readings["interpretation"] != ""
    fixes.add(said.to_numpy(), column, text, lambda m: readings["interpretation"][m])
    changed = (readings["occupations"] != text.str.strip()) & (text.str.strip() != "")
    return readings["occupations"].where(changed, text)


def _check_errors_arg(errors: str) -> None:
    if errors not in ("raise", "report"):
        raise DataError("errors debe ser 'raise' o 'report'")


def read_returnees(
    path: str | Path,
    *,
    errors: Errors = "raise",
    country: str = "GT",
    sheet: str | int | None = None,
    progress: bool = False,
) -> pd.DataFrame | ReadResult:
    """Read and validate a returnee registry extract.

    Parameters
    ----------
    path : str or Path
        CSV, XLSX, GeoJSON or GeoPackage with one row per returnee. Headers may be Spanish
        or English (``id_retornado``, ``municipio``, ``departamento``, ``latitud``,
        ``ocupación``, ``tiene_dpi``, ``fecha_retorno``, ``consentimiento``, ...).
    errors : {"raise", "report"}
        ``"raise"``: any invalid row raises :class:`DataError` listing up to 20 problems.
        ``"report"``: return :class:`ReadResult` (valid rows, rejected rows with reasons).
    country : str
        Country whose municipalities the rows refer to.
    sheet : str or int, optional
        Excel sheet (default: the sheet whose header is recognised).
    progress : bool
        Show a progress bar on large files.

    Returns
    -------
    pandas.DataFrame or ReadResult
        Canonical returnee columns (see :mod:`oportumap.schema`).

    Notes
    -----
    Blank ``consent`` counts as no consent (such people are never referred); blank
    ``has_id_document`` / ``needs_psychosocial`` are unknown (NA) and trigger no stage.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "returnees.csv"
    >>> _ = p.write_text("id;municipio;departamento;edad\\nR1;San José;Petén;34\\n"
    ...                  "R2;Xyz;;40\\n", encoding="utf-8")
    >>> ok, rejected = read_returnees(p, errors="report")
    >>> ok["muni_code"].tolist(), rejected["reason"].str.contains("desconocido").tolist()
    (['1702'], [True])
    """
    _check_errors_arg(errors)
    header_cols = [*RETURNEE_COLUMNS, "municipio", "departamento", *OPTIONAL_RETURNEE_COLUMNS]
    raw = read_raw(path, sheet=sheet, header_hint=header_hint(header_cols), progress=progress)
    headers = canonical_headers(raw, header_cols)
    raw, row_numbers, blank_rows = _skip_blank(raw)
    frame = raw.frame
    if "returnee_id" not in headers:
        raise DataError(
            f"{raw.file}: falta la columna del identificador de la persona; agregue una "
            "columna 'id_retornado' (o 'id', 'registro') con un código único por persona. "
            f"Columnas encontradas: {', '.join(map(str, frame.columns))}"
        )
    col = Collector(raw.file, raw.first_row, len(frame), headers, row_numbers=row_numbers)
    fixes = _Corrections(col)
    ids = column_text(frame, headers, "returnee_id")
    check_ids(ids, col, "returnee_id")
    place = _locate(frame, headers, raw, col, fixes, country, required=True)
    age_text = column_text(frame, headers, "age")
    age = parse_number(age_text)
    col.add((age_text != "") & (age.isna() | (age % 1 != 0) | ~age.between(0, 120)), "age",
            age_text, "edad no válida; use un número entero entre 0 y 120")
    sex_text = column_text(frame, headers, "sex")
    sex = normalize_series(sex_text).map(SEX_VALUES)
    col.add((sex_text != "") & sex.isna(), "sex", sex_text,
            "sexo no reconocido; use F/M, mujer/hombre")
    interest_text = column_text(frame, headers, "interest")
    interest = normalize_series(interest_text).map(INTEREST_VALUES)
    col.add((interest_text != "") & interest.isna(), "interest", interest_text,
            f"interés no reconocido; use empleo, emprendimiento o formación ({INTERESTS})")
    return_date = parse_dates(column_text(frame, headers, "return_date"), col, "return_date")
    col.add(return_date > pd.Timestamp.now() + pd.Timedelta(days=1), "return_date",
            column_text(frame, headers, "return_date"), "la fecha de retorno está en el futuro")
    consent_text = column_text(frame, headers, "consent")
    consent = parse_bool(consent_text, col, "consent")
    data = pd.DataFrame({
        "returnee_id": ids,
        "muni_code": place["muni_code"],
        "lat": place["lat"],
        "lon": place["lon"],
        "sex": sex.astype("object"),
        "age": age.where(age.between(0, 120) & (age % 1 == 0)).astype("Int64"),
        "occupations": _split_occupations(column_text(frame, headers, "occupations"),
                                          fixes, "occupations"),
        "certifications": column_text(frame, headers, "certifications"),
        "experience_abroad": parse_bool(column_text(frame, headers, "experience_abroad"), col,
                                         "experience_abroad"),
        "has_id_document": parse_bool(column_text(frame, headers, "has_id_document"), col,
                                       "has_id_document"),
        "needs_psychosocial": parse_bool(column_text(frame, headers, "needs_psychosocial"), col,
                                          "needs_psychosocial"),
        "interest": interest.astype("object"),
        "return_date": return_date,
        "consent": consent.fillna(False).astype(bool),
    })
    if "phone" in headers:  # only when the registry has it (coordinators' lists)
        data["phone"] = column_text(frame, headers, "phone")
    return _finish(data, col, raw, errors, "retornados", fixes,
                   unused_columns(raw, headers), blank_rows)


def read_opportunities(
    path: str | Path,
    *,
    kind: str | None = None,
    errors: Errors = "raise",
    country: str = "GT",
    sheet: str | int | None = None,
) -> pd.DataFrame | ReadResult:
    """Read and validate vacancies, training, certification, programmes or services.

    Parameters
    ----------
    path : str or Path
        File with one row per opportunity (``id``, ``título``/``puesto``/``curso``,
        ``empresa``/``centro``, ``ocupación``, ``plazas``/``cupos``, ``municipio`` or
        ``latitud``/``longitud``, ``fecha_inicio``, ``fecha_fin``, ``contacto``, ...).
    kind : str, optional
        Kind of every row (``vacancy``, ``training``, ``certification``,
        ``entrepreneurship``, ``service``) when the file has no ``tipo`` column; by default
        guessed from the file name (``vacancies``, ``training``, ``certifications``,
        ``programmes``, ``services``).
    errors, country, sheet
        As in :func:`read_returnees`.

    Returns
    -------
    pandas.DataFrame or ReadResult
        Canonical opportunity columns; ``lat``/``lon`` are the municipal seat when the
        file gave only a municipality (``location_source`` says which).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "vacancies.csv"
    >>> _ = p.write_text("id,puesto,plazas,municipio\\nV1,Albañil,3,Cobán\\n", encoding="utf-8")
    >>> read_opportunities(p)[["kind", "capacity", "muni_code"]].values.tolist()
    [['vacancy', 3, '1601']]
    """
    _check_errors_arg(errors)
    path = Path(path)
    header_cols = [*OPPORTUNITY_COLUMNS, "municipio", "departamento",
                   *OPTIONAL_OPPORTUNITY_COLUMNS]
    raw = read_raw(path, sheet=sheet, header_hint=header_hint(header_cols))
    headers = canonical_headers(raw, header_cols)
    raw, row_numbers, blank_rows = _skip_blank(raw)
    frame = raw.frame
    missing = [c for c in ("title", "capacity") if c not in headers]
    if missing:
        names = {"title": "título (o puesto/curso)", "capacity": "plazas (o cupos)"}
        raise DataError(
            f"{raw.file}: faltan las columnas {', '.join(names[m] for m in missing)}; "
            "agréguelas (una fila por oportunidad). Columnas encontradas: "
            f"{', '.join(map(str, frame.columns))}"
        )
    role = file_role(path)
    default_kind = kind or (role if role in OPPORTUNITY_KINDS else None)
    if default_kind is not None and default_kind not in OPPORTUNITY_KINDS:
        raise DataError(f"tipo '{kind}' desconocido; use uno de {OPPORTUNITY_KINDS}")
    col = Collector(raw.file, raw.first_row, len(frame), headers, row_numbers=row_numbers)
    fixes = _Corrections(col)
    if "opportunity_id" in headers:
        ids = column_text(frame, headers, "opportunity_id")
        check_ids(ids, col, "opportunity_id")
    else:
        # Hand-kept lists of courses and services often have no id: name each row by file
        # and row, and say so on every row, so a re-sorted list is not silently renumbered.
        ids = pd.Series(Path(raw.file).stem + "-" + row_numbers.astype(str), index=frame.index)
        fixes.add(np.ones(len(frame), dtype=bool), "opportunity_id", ids,
                  "el archivo no tiene columna id: se usó archivo-fila como id; agregue una "
                  "columna id si la lista cambia de orden")
    kind_text = column_text(frame, headers, "kind")
    kinds = normalize_series(kind_text).map(KIND_VALUES)
    if default_kind is not None:
        kinds = kinds.where(kind_text != "", default_kind)
    col.add(kinds.isna(), "kind", kind_text,
            "tipo de oportunidad no reconocido; use vacante, formación, certificación, "
            "emprendimiento o servicio")
    title = column_text(frame, headers, "title")
    col.add(title == "", "title", title, "falta el título (puesto, curso o programa)")
    cap_text = column_text(frame, headers, "capacity")
    cap = parse_number(cap_text)
    col.add((cap.isna() | (cap <= 0) | (cap % 1 != 0)), "capacity", cap_text,
            "plazas/cupos debe ser un número entero positivo (p. ej. 3)")
    place = _locate(frame, headers, raw, col, fixes, country, required=True)
    start = parse_dates(column_text(frame, headers, "start_date"), col, "start_date")
    end = parse_dates(column_text(frame, headers, "end_date"), col, "end_date")
    col.add(end < start, "end_date", column_text(frame, headers, "end_date"),
            "la fecha de fin es anterior a la de inicio")
    data = pd.DataFrame({
        "opportunity_id": ids,
        "kind": kinds.astype("object"),
        "title": title,
        "provider": column_text(frame, headers, "provider"),
        "occupation": column_text(frame, headers, "occupation"),
        "capacity": cap.where((cap > 0) & (cap % 1 == 0)).fillna(0).astype("int64"),
        "muni_code": place["muni_code"],
        "lat": place["lat"],
        "lon": place["lon"],
        "location_source": place["location_source"],
        "start_date": start,
        "end_date": end,
        "requires_certification": parse_bool(
            column_text(frame, headers, "requires_certification"), col, "requires_certification"
        ).fillna(False).astype(bool),
        "contact": column_text(frame, headers, "contact"),
    })
    if "address" in headers:
        data["address"] = column_text(frame, headers, "address")
    if "late_enrolment" in headers:
        data["late_enrolment"] = parse_bool(column_text(frame, headers, "late_enrolment"), col,
                                            "late_enrolment").fillna(False).astype(bool)
    return _finish(data, col, raw, errors, "oportunidades", fixes,
                   unused_columns(raw, headers), blank_rows)


#: What the read summary says of a file in the folder whose name is not a data file's.
UNRECOGNISED_FILE = ("archivo no reconocido por su nombre; si tiene datos, renómbrelo "
                     "(retornados, vacantes, formacion, certificaciones, programas, "
                     "servicios)")

#: Columns of ``Dataset.read_summary``: one row per file of the folder.
READ_SUMMARY_COLUMNS = ["file", "content", "rows", "accepted", "rejected", "blank",
                        "corrections", "unused_columns", "problem"]


def read_summary_row(file: str, content: str | None, result: ReadResult | None = None, *,
                     problem: str = "") -> dict:
    """One row of a read summary: counts of a :class:`ReadResult`, or a file's problem.

    Examples
    --------
    >>> read_summary_row("notas.docx", None, problem="archivo no reconocido")["rows"] is None
    True
    """
    if result is None:
        return {"file": file, "content": content, "rows": None, "accepted": None,
                "rejected": None, "blank": None, "corrections": None, "unused_columns": [],
                "problem": problem}
    return {"file": file, "content": content, "rows": result.rows_read,
            "accepted": len(result.data), "rejected": len(result.rejected),
            "blank": result.blank_rows, "corrections": len(result.corrections),
            "unused_columns": list(result.unused_columns), "problem": problem}


def fill_points_from_seats(opportunities: pd.DataFrame, country: str = "GT") -> pd.DataFrame:
    """Give rows located only by municipality the municipal seat as their point."""
    from oportumap.geography import get_country

    seats = get_country(country).municipalities.set_index("muni_code")[["lat", "lon"]]
    out = opportunities.copy()
    missing = out["lat"].isna()
    out.loc[missing, "lat"] = out.loc[missing, "muni_code"].map(seats["lat"]).to_numpy()
    out.loc[missing, "lon"] = out.loc[missing, "muni_code"].map(seats["lon"]).to_numpy()
    return out


def load_dataset(
    folder: str | Path,
    *,
    errors: Errors = "raise",
    country: str = "GT",
    progress: bool = False,
    label: str | None = None,
):
    """Read a folder of files into one validated :class:`~oportumap.Dataset`.

    The folder holds ``returnees`` and optionally ``vacancies``, ``training``,
    ``certifications``, ``programmes`` and ``services`` (or ``retornados``, ``vacantes``,
    ``formacion``/``centros_formacion``, ``certificaciones``, ``programas``/
    ``emprendimiento``, ``servicios``: see :data:`oportumap.schema.FILE_ROLES`), each with
    any supported extension (``.csv``, ``.xlsx``, ``.geojson``, ``.gpkg``). Other files are
    listed in ``Dataset.read_summary`` as not recognised.

    Parameters
    ----------
    folder : str or Path
        The data folder.
    errors : {"raise", "report"}
        With ``"report"`` invalid rows go to ``Dataset.rejected`` instead of raising, and an
        opportunity file that cannot be used at all (no id column, ...) is left out with
        its reason in ``Dataset.read_summary``; the returnee file must be readable.
    country : str
        Country of the data.
    progress : bool
        Show progress on large files.
    label : str, optional
        Data label for shared outputs ("Oficina Occidente, 30/09/2025"); default the
        folder's name (never its path, which would expose a planner's computer).

    Returns
    -------
    Dataset

    Examples
    --------
    >>> from oportumap.sample import sample_folder
    >>> ds = load_dataset(sample_folder())
    >>> len(ds.returnees) > 1000
    True
    """
    from oportumap.dataset import Dataset
    from oportumap.geography import get_country

    folder = Path(folder)
    if not folder.is_dir():
        raise DataError(f"{folder}: la carpeta de datos no existe")
    files, unrecognised = scan_folder(folder)
    if "returnees" not in files:
        raise DataError(
            f"{folder}: falta el archivo de retornados (retornados.xlsx o returnees.csv, "
            "p. ej.) con una fila por persona"
            + (f"; archivos no reconocidos: {', '.join(unrecognised)}" if unrecognised else "")
        )
    problems: list[DataError] = []
    rejected: list[pd.DataFrame] = []
    corrections: list[pd.DataFrame] = []
    summary: list[dict] = []

    def attempt(role, reader, *args, **kwargs):
        path = args[0]
        try:
            result = reader(*args, errors="report", country=country, **kwargs)
        except DataError as exc:
            # A whole file that cannot be used: with "report", the other files still
            # are (except the returnees, without whom nothing can be computed).
            if errors == "raise" or role == "returnees":
                problems.append(exc)
            summary.append(read_summary_row(path.name, role, problem=str(exc)))
            return None
        summary.append(read_summary_row(path.name, role, result))
        if len(result.rejected):
            rejected.append(result.rejected)
            if errors == "raise":
                problems.append(DataError(
                    f"{len(result.rejected)} filas rechazadas",
                    [Problem(r.file, int(r.row), r.column or None, r.value, r.reason)
                     for r in result.rejected.itertuples(index=False)]))
        if len(result.corrections):
            corrections.append(result.corrections)
        return result.data

    returnees = attempt("returnees", read_returnees, files["returnees"], progress=progress)
    tables = []
    for kind in OPPORTUNITY_KINDS:
        if kind in files:
            table = attempt(kind, read_opportunities, files[kind], kind=kind)
            if table is not None:
                tables.append(table)
    if problems:
        listed = [p for exc in problems for p in exc.problems]
        whole = [str(exc.summary) for exc in problems if not exc.problems]
        raise DataError("Los datos tienen problemas:\n  " + "\n  ".join(whole) if whole else
                        f"{len(listed)} problemas en los datos de {folder}", listed)
    summary.extend(read_summary_row(name, None, problem=UNRECOGNISED_FILE)
                   for name in unrecognised)
    opportunities = (pd.concat(tables, ignore_index=True) if tables
                     else pd.DataFrame({c: pd.Series(dtype="object")
                                        for c in OPPORTUNITY_COLUMNS}))
    dup = opportunities["opportunity_id"].duplicated(keep=False)
    if dup.any():
        ids = sorted(opportunities.loc[dup, "opportunity_id"].unique())[:5]
        raise DataError(
            f"{folder}: IDs de oportunidad repetidos entre archivos: {ids}; use IDs únicos "
            "en todos los archivos (p. ej. prefijos V-, C-, F-)"
        )
    opportunities = fill_points_from_seats(opportunities, country)
    all_rejected = (pd.concat(rejected, ignore_index=True) if rejected
                    else pd.DataFrame(columns=REJECTED_COLUMNS))
    all_corrections = (pd.concat(corrections, ignore_index=True) if corrections
                       else pd.DataFrame(columns=CORRECTION_COLUMNS))
    dates = returnees["return_date"].dropna()
    return Dataset(
        returnees=returnees,
        opportunities=opportunities,
        boundaries=get_country(country).municipalities.copy(),
        country=country.upper(),
        rejected=all_rejected,
        corrections=all_corrections,
        read_summary=pd.DataFrame(summary, columns=READ_SUMMARY_COLUMNS),
        source=str(folder),
        label=label or folder.resolve().name,
        data_date=dates.max().strftime("%Y-%m-%d") if len(dates) else None,
    )
