"""Turn the user's files into validated canonical tables and one :class:`Dataset`.

Every rule checks whole columns at once (a million rows validate in seconds) and collects
*every* problem before deciding: with ``errors="raise"`` one :class:`DataError` lists up
to 20 of them (file, row as seen in the file, column, value, what to do); with
``errors="report"`` the valid rows come back with a table of rejected rows and the reason
for each. Accepted + rejected rows always equal the input rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, NamedTuple

import numpy as np
import pandas as pd

from oportumap.errors import DataError, Problem
from oportumap.io import RawTable, find_table, read_raw
from oportumap.schema import (
    FILE_KINDS,
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
)

Errors = Literal["raise", "report"]

#: Points outside every municipality but within this distance of one (shores, border
#: lines of simplified boundaries) are assigned to the nearest municipality.
SNAP_KM = 2.0


class ReadResult(NamedTuple):
    """Valid rows and rejected rows of one read (``errors="report"``)."""

    data: pd.DataFrame
    rejected: pd.DataFrame

def _locate(frame: pd.DataFrame, headers: dict[str, str], raw: RawTable, col: Collector,
            country: str, *, required: bool) -> pd.DataFrame:
    """Resolve each row's municipality and point; returns muni_code, lat, lon, source."""
    from oportumap.geography import _resolve, get_country

    geo = get_country(country)
    n = len(frame)
    lat_text, lon_text = column_text(frame, headers, "lat"), column_text(frame, headers, "lon")
    lat, lon = parse_number(lat_text), parse_number(lon_text)
    if raw.geometry_points is not None:
        lat = lat.fillna(raw.geometry_points["lat"].reset_index(drop=True))
        lon = lon.fillna(raw.geometry_points["lon"].reset_index(drop=True))
    has_lat_text, has_lon_text = lat_text != "", lon_text != ""
    col.add(has_lat_text & lat.isna(), "lat", lat_text, "latitud no numérica; use grados "
            "decimales (p. ej. 14.6349)")
    col.add(has_lon_text & lon.isna(), "lon", lon_text, "longitud no numérica; use grados "
            "decimales (p. ej. -90.5069)")
    col.add(lat.notna() ^ lon.notna() & ~(has_lat_text & lat.isna()) & ~(has_lon_text &
            lon.isna()), "lat" if lat.isna().any() else "lon", None,
            "falta la latitud o la longitud; indique ambas o ninguna")
    point = lat.notna() & lon.notna()
    inside = pd.Series(False, index=frame.index)
    point_muni = pd.Series(None, index=frame.index, dtype="object")
    if point.any():
        point_muni = _point_in_municipality(lat, lon, point, geo)
        inside = point_muni.notna()
        swapped_muni = _point_in_municipality(lon, lat, point & ~inside, geo)
        swapped = swapped_muni.notna()
        def pair(mask: np.ndarray) -> pd.Series:
            return lat[mask].astype(str) + ", " + lon[mask].astype(str)

        col.add(swapped, "lat", pair,
                "latitud y longitud parecen invertidas (el punto cae dentro del país al "
                "intercambiarlas); corrija el orden de las columnas")
        outside = point & ~inside & ~swapped
        col.add(outside, "lat", pair,
                f"el punto está fuera de {geo.name}; revise las coordenadas (grados decimales, "
                "longitud negativa al oeste)")
    code = pd.Series(None, index=frame.index, dtype="object")
    source_col = None
    if "muni_code" in headers:
        source_col = "muni_code"
        names = column_text(frame, headers, "muni_code")
    elif "municipio" in headers:
        source_col = "municipio"
        names = column_text(frame, headers, "municipio")
    if source_col is not None:
        depts = column_text(frame, headers, "departamento") if "departamento" in headers else None
        given = names != ""
        if given.any():
            resolved, messages = _resolve(names[given], None if depts is None else
                                          depts[given], country)
            resolved.index = names[given].index
            messages.index = names[given].index
            code[given] = resolved
            bad = pd.Series(False, index=frame.index)
            bad[given] = messages.notna()
            col.add(bad, source_col, names, messages.reindex(frame.index).fillna(""))
        missing = ~given & ~point
        if required:
            col.add(missing, source_col, names,
                    "falta el municipio; escriba el nombre o código del municipio o las "
                    "coordenadas")
        code = code.where(code.notna(), point_muni.where(inside))
    else:
        if not point.any() and required and n:
            raise DataError(
                f"{raw.file}: no hay columna de ubicación; agregue 'municipio' (y "
                "'departamento'), 'codigo_municipio' o 'latitud'/'longitud'"
            )
        code = point_muni.where(inside)
        if required:
            col.add(~point & ~(has_lat_text | has_lon_text), "lat", None,
                    "faltan las coordenadas; indique latitud y longitud o el municipio")
    source = pd.Series(np.where(inside, "point", "municipality"), index=frame.index)
    return pd.DataFrame({"muni_code": code, "lat": lat.where(inside), "lon": lon.where(inside),
                         "location_source": source})


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
            what: str) -> pd.DataFrame | ReadResult:
    problems = col.problems()
    bad_positions = problems["position"].unique().astype(np.int64)
    keep = np.ones(len(data), dtype=bool)
    keep[bad_positions] = False
    if errors == "raise" and len(problems):
        listed = [Problem(r.file, int(r.row), r.column or None, r.value, r.reason)
                  for r in problems.itertuples(index=False)]
        raise DataError(
            f"{raw.file}: {len(bad_positions)} de {len(data)} filas de {what} tienen "
            "problemas (corríjalas, o use errors='report' / oportumap validate para separar "
            "las filas rechazadas)", listed)
    grouped = problems.groupby("position", sort=True).agg(
        file=("file", "first"), row=("row", "first"),
        column=("column", lambda s: "; ".join(dict.fromkeys(x for x in s if x))),
        value=("value", lambda s: "; ".join(dict.fromkeys(x for x in s if x))),
        reason=("reason", lambda s: "; ".join(dict.fromkeys(s))),
    ) if len(problems) else pd.DataFrame(columns=REJECTED_COLUMNS)
    rejected = grouped.reset_index(drop=True)[REJECTED_COLUMNS]
    accepted = data[keep].reset_index(drop=True)
    if len(accepted) + len(rejected) != len(data):  # the promise every reader keeps
        raise AssertionError("accepted + rejected rows do not add up to the input rows")
    if errors == "raise":
        return accepted
    return ReadResult(accepted, rejected)


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
    frame = raw.frame
    if "returnee_id" not in headers:
        raise DataError(
            f"{raw.file}: falta la columna del identificador de la persona (p. ej. "
            f"'id_retornado' o 'returnee_id'); columnas encontradas: {list(frame.columns)}"
        )
    col = Collector(raw.file, raw.first_row, len(frame), headers)
    ids = column_text(frame, headers, "returnee_id")
    check_ids(ids, col, "returnee_id")
    place = _locate(frame, headers, raw, col, country, required=True)
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
        "occupations": column_text(frame, headers, "occupations"),
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
    return _finish(data, col, raw, errors, "retornados")


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
    frame = raw.frame
    missing = [c for c in ("opportunity_id", "title", "capacity") if c not in headers]
    if missing:
        names = {"opportunity_id": "id", "title": "título (o puesto/curso)",
                 "capacity": "plazas (o cupos)"}
        raise DataError(
            f"{raw.file}: faltan las columnas {', '.join(names[m] for m in missing)}; "
            f"columnas encontradas: {list(frame.columns)}"
        )
    default_kind = kind or FILE_KINDS.get(path.stem.lower())
    if default_kind is not None and default_kind not in OPPORTUNITY_KINDS:
        raise DataError(f"tipo '{kind}' desconocido; use uno de {OPPORTUNITY_KINDS}")
    col = Collector(raw.file, raw.first_row, len(frame), headers)
    ids = column_text(frame, headers, "opportunity_id")
    check_ids(ids, col, "opportunity_id")
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
    place = _locate(frame, headers, raw, col, country, required=True)
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
    data.attrs["first_row"] = raw.first_row  # file row of position 0 (validate's notes)
    return _finish(data, col, raw, errors, "oportunidades")


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
    ``certifications``, ``programmes`` and ``services``, each with any supported extension
    (``.csv``, ``.xlsx``, ``.geojson``, ``.gpkg``).

    Parameters
    ----------
    folder : str or Path
        The data folder.
    errors : {"raise", "report"}
        With ``"report"`` invalid rows go to ``Dataset.rejected`` instead of raising.
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
    returnee_file = find_table(folder, "returnees")
    if returnee_file is None:
        raise DataError(
            f"{folder}: falta el archivo 'returnees' (returnees.csv o .xlsx) con los retornados"
        )
    problems: list[DataError] = []
    rejected: list[pd.DataFrame] = []

    def attempt(reader, *args, **kwargs):
        try:
            result = reader(*args, errors="report", country=country, **kwargs)
        except DataError as exc:
            problems.append(exc)
            return None
        if len(result.rejected):
            rejected.append(result.rejected)
            if errors == "raise":
                problems.append(DataError(
                    f"{len(result.rejected)} filas rechazadas",
                    [Problem(r.file, int(r.row), r.column or None, r.value, r.reason)
                     for r in result.rejected.itertuples(index=False)]))
        return result.data

    returnees = attempt(read_returnees, returnee_file, progress=progress)
    tables = []
    for stem, kind in FILE_KINDS.items():
        path = find_table(folder, stem)
        if path is not None:
            table = attempt(read_opportunities, path, kind=kind)
            if table is not None:
                tables.append(table)
    if problems:
        listed = [p for exc in problems for p in exc.problems]
        files = [str(exc.summary) for exc in problems if not exc.problems]
        raise DataError("Los datos tienen problemas:\n  " + "\n  ".join(files) if files else
                        f"{len(listed)} problemas en los datos de {folder}", listed)
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
    dates = returnees["return_date"].dropna()
    return Dataset(
        returnees=returnees,
        opportunities=opportunities,
        boundaries=get_country(country).municipalities.copy(),
        country=country.upper(),
        rejected=all_rejected,
        source=str(folder),
        label=label or folder.resolve().name,
        data_date=dates.max().strftime("%Y-%m-%d") if len(dates) else None,
    )
