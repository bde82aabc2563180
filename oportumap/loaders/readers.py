"""Turn the user's files into validated canonical tables and one :class:`Dataset`.

Every rule checks whole columns at once (a million rows validate in seconds) and collects
*every* problem before deciding: with ``errors="raise"`` one :class:`DataError` lists up
to 20 of them (file, row as seen in the file, column, value, what to do); with
``errors="report"`` the valid rows come back with a table of rejected rows and the reason
for each. Accepted + rejected rows always equal the input rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal, overload

import numpy as np
import pandas as pd

from oportumap.errors import DataError
from oportumap.files import RawTable, file_role, read_raw
from oportumap.loaders.choices import combine
from oportumap.loaders.mapping import confirmed_for

# The place and occupation columns are read in their own modules; every name stays
# importable from here too (``x as x``: re-exported for code that imports it from readers).
from oportumap.loaders.occupation_columns import _none_cells as _none_cells
from oportumap.loaders.occupation_columns import _occupations
from oportumap.loaders.occupation_columns import (
    _split_occupations as _split_occupations,
)
from oportumap.loaders.place_columns import _coordinate as _coordinate
from oportumap.loaders.place_columns import _locate
from oportumap.loaders.result import (
    Corrections,
    Errors,
    ReadResult,
    check_errors_arg,
    finish,
    skip_blank,
)
from oportumap.loaders.roles import Roles, decide_roles, role_hint, role_questions
from oportumap.schema import (
    OPPORTUNITY_COLUMNS,
    OPPORTUNITY_KINDS,
    OPTIONAL_OPPORTUNITY_COLUMNS,
    OPTIONAL_RETURNEE_COLUMNS,
    RETURNEE_COLUMNS,
)
from oportumap.validation import (
    Collector,
    check_ids,
    column_text,
    parse_bool,
    parse_choice,
    parse_dates,
    parse_number,
    parse_sex,
)
from oportumap.vocabulary import INTEREST, KIND


def _yes_no(frame: pd.DataFrame, headers: dict, col: Collector, column: str,
            **how: bool) -> pd.Series:
    """A yes/no column read (:func:`parse_bool`); unknown for every row when the file
    has no such column (nothing to read: no million blank cells looked up)."""
    if column not in headers:
        n = len(frame)
        return pd.Series(pd.arrays.BooleanArray(np.zeros(n, dtype=bool), np.ones(n, dtype=bool)),
                         index=frame.index)
    return parse_bool(column_text(frame, headers, column), col, column, **how)


def _report_standards(data: pd.DataFrame, fixes: Corrections) -> None:
    """Certification rows whose standard cannot be told are said (they would be offered to
    nobody); the standard comes from the occupation column, else the title, as the
    referral run reads it."""
    from oportumap.i18n import text as words
    from oportumap.skills import standard_of

    is_cert = (data["kind"] == "certification").to_numpy()
    if not is_cert.any():
        return
    named = data["occupation"].where(data["occupation"].str.strip() != "", data["title"])
    standard = pd.Series("", index=data.index, dtype=object)
    standard[is_cert] = standard_of(named[is_cert]).to_numpy()
    unknown = is_cert & (standard == "").to_numpy()
    column = np.where(data["occupation"].str.strip() != "", "occupation", "title")
    for source in ("occupation", "title"):
        mask = unknown & (column == source)
        fixes.add(mask, source, named, lambda m: named[m].map(
            lambda v: words("occupation.standard_unknown", "es").format(text=v)))


def _service_type_from_kind(kinds: pd.Series, kind_text: pd.Series, occupation: pd.Series,
                            fixes: Corrections) -> pd.Series:
    """A kind column that names a service type («RENAP», «Salud mental») gives the row its
    kind (service) *and* its type, kept where a service's type is read (its occupation
    column) when that is blank; a text naming two types («psicosocial o documentos»)
    leaves the type to the title, as for a blank type. Reported per row."""
    from oportumap.i18n import text as words
    from oportumap.vocabulary import SERVICE_TYPE, match

    typed = match(kind_text, SERVICE_TYPE).values
    take = ((kinds == "service") & (occupation == "") & typed.notna() & (typed != "")
            ).to_numpy(dtype=bool)
    fixes.add(take, "kind", kind_text, lambda m: typed[m].map(
        lambda c: words("roles.service_type", "es").format(type=SERVICE_TYPE.label(c))))
    return occupation.where(~take, typed)


@overload
def read_returnees(path: str | Path | RawTable, *, errors: Literal["raise"] = ...,
                   country: str = ...,
                   sheet: str | int | None = ..., progress: bool = ...,
                   columns: pd.DataFrame | Mapping[str, str] | None = ...) -> pd.DataFrame: ...


@overload
def read_returnees(path: str | Path | RawTable, *, errors: Literal["report"], country: str = ...,
                   sheet: str | int | None = ..., progress: bool = ...,
                   columns: pd.DataFrame | Mapping[str, str] | None = ...) -> ReadResult: ...


def read_returnees(
    path: str | Path | RawTable,
    *,
    errors: Errors = "raise",
    country: str = "GT",
    sheet: str | int | None = None,
    progress: bool = False,
    columns: pd.DataFrame | Mapping[str, str] | None = None,
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
    check_errors_arg(errors)
    header_cols = [*RETURNEE_COLUMNS, "municipio", "departamento", "distrito",
                   *OPTIONAL_RETURNEE_COLUMNS]
    raw = path if isinstance(path, RawTable) else read_raw(
        path, sheet=sheet, header_hint=role_hint(header_cols), progress=progress)
    roles = decide_roles(raw, header_cols, sheet=_sheet_label(raw),
                         confirmed=confirmed_for(columns, raw), country=country)
    headers = roles.headers
    raw, row_numbers, blank_rows = skip_blank(raw)
    # Kobo's one 0/1 column per option: one list per row, never counted twice.
    frame, option_notes = combine(raw.frame, headers, roles.options)
    if "returnee_id" not in headers:
        raise DataError(
            f"{raw.file}: falta la columna del identificador de la persona; agregue una "
            "columna 'id_retornado' (o 'id', 'registro') con un código único por persona. "
            f"Columnas encontradas: {', '.join(map(str, frame.columns))}"
        )
    col = Collector(raw.file, raw.first_row, len(frame), headers, row_numbers=row_numbers,
                    sheets=raw.sheets if raw.sheets is None else raw.sheet_of_rows())
    fixes = Corrections(col)
    for rows, role, written, said in option_notes:
        fixes.add(rows, role, written, said)
    ids = column_text(frame, headers, "returnee_id")
    _duplicate_submissions(frame, col)
    check_ids(ids, col, "returnee_id")
    _not_approved(frame, col)
    place = _locate(frame, headers, raw, col, fixes, country, required=True)
    age_text = column_text(frame, headers, "age")
    age = parse_number(age_text, col, "age", integer=True,  # "34 años", "33a"
                       message="edad no válida; use un número entero entre 0 y 120")
    col.add(age.notna() & ~age.between(0, 120), "age", age_text,
            "edad no válida; use un número entero entre 0 y 120")
    sex = parse_sex(column_text(frame, headers, "sex"), col, "sex")  # H/M or M/F per column
    # «Empleo / formación», Kobo's «empleo formacion»: every interest kept (``interests``);
    # ``interest`` is the first written, for callers that take one. A file without the
    # column has nothing to read (no million blank cells looked up).
    if "interest" in headers:
        interests = parse_choice(column_text(frame, headers, "interest"), col, "interest",
                                 INTEREST, several=True)
        codes, uniques = pd.factorize(interests, use_na_sentinel=True)  # once per value
        first = np.array([str(u).split(";")[0] for u in uniques] + [None], dtype=object)
        interest = pd.Series(first[codes], index=interests.index, dtype=object)
    else:
        interests = pd.Series(np.full(len(frame), None, dtype=object), index=frame.index)
        interest = interests
    # future and impossible return dates are rejected by the one date reader
    return_date = parse_dates(column_text(frame, headers, "return_date"), col, "return_date")
    consent_text = column_text(frame, headers, "consent")
    consent = parse_bool(consent_text, col, "consent")
    # A person who refused the interview: the form stops there, the row says only «no».
    refused = consent.eq(False).fillna(False).to_numpy(bool) & (ids == "").to_numpy()
    col.add(refused, "consent", consent_text, "no aceptó (consentimiento «no»): la fila no "
            "trae más datos de la persona; no se usa")
    occupations, abroad = _occupations(frame, headers, col, fixes, roles.others)
    data = pd.DataFrame({
        "returnee_id": ids,
        "muni_code": place["muni_code"],
        "lat": place["lat"],
        "lon": place["lon"],
        "sex": sex.astype("object"),
        "age": age.where(age.between(0, 120) & (age % 1 == 0)).astype("Int64"),
        "occupations": occupations,
        "certifications": column_text(frame, headers, "certifications"),
        "experience_abroad": abroad,
        "has_id_document": _yes_no(frame, headers, col, "has_id_document", document=True),
        "needs_psychosocial": _yes_no(frame, headers, col, "needs_psychosocial"),
        "interest": interest.astype("object"),
        "interests": interests.astype("object"),
        "return_date": return_date,
        "consent": consent.fillna(False).astype(bool),
    })
    if "phone" in headers:  # only when the registry has it (coordinators' lists)
        data["phone"] = column_text(frame, headers, "phone")
    if "id_document_number" in headers:
        # A document number written means the person has the document.
        number = column_text(frame, headers, "id_document_number") != ""
        has = data["has_id_document"].astype("boolean")
        data["has_id_document"] = has.where(has.notna() | ~number, True)
    return _with_roles(finish(data, col, raw, errors, "retornados", fixes, roles.unused,
                              blank_rows), roles)


@overload
def read_opportunities(path: str | Path | RawTable, *, kind: str | None = ...,
                       errors: Literal["raise"] = ..., country: str = ...,
                       sheet: str | int | None = ...,
                       columns: pd.DataFrame | Mapping[str, str] | None = ...) -> pd.DataFrame: ...


@overload
def read_opportunities(path: str | Path | RawTable, *, kind: str | None = ...,
                       errors: Literal["report"],
                       country: str = ..., sheet: str | int | None = ...,
                       columns: pd.DataFrame | Mapping[str, str] | None = ...) -> ReadResult: ...


def read_opportunities(
    path: str | Path | RawTable,
    *,
    kind: str | None = None,
    errors: Errors = "raise",
    country: str = "GT",
    sheet: str | int | None = None,
    columns: pd.DataFrame | Mapping[str, str] | None = None,
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
    check_errors_arg(errors)
    header_cols = [*OPPORTUNITY_COLUMNS, "municipio", "departamento", "distrito",
                   *OPTIONAL_OPPORTUNITY_COLUMNS]
    raw = path if isinstance(path, RawTable) else read_raw(
        path, sheet=sheet, header_hint=role_hint(header_cols))
    roles = decide_roles(raw, header_cols, sheet=_sheet_label(raw),
                         confirmed=confirmed_for(columns, raw), country=country)
    headers = roles.headers
    raw, row_numbers, blank_rows = skip_blank(raw)
    frame = raw.frame
    missing = [c for c in ("title", "capacity") if c not in headers]
    if missing:
        names = {"title": "título (o puesto/curso)", "capacity": "plazas (o cupos)"}
        raise DataError(
            f"{raw.file}: faltan las columnas {', '.join(names[m] for m in missing)}; "
            "agréguelas (una fila por oportunidad). Columnas encontradas: "
            f"{', '.join(map(str, frame.columns))}"
        )
    role = file_role(raw.file)
    default_kind = kind or (role if role in OPPORTUNITY_KINDS else None)
    if default_kind is not None and default_kind not in OPPORTUNITY_KINDS:
        raise DataError(f"tipo '{kind}' desconocido; use uno de {OPPORTUNITY_KINDS}")
    col = Collector(raw.file, raw.first_row, len(frame), headers, row_numbers=row_numbers,
                    sheets=raw.sheets if raw.sheets is None else raw.sheet_of_rows())
    fixes = Corrections(col)
    if "opportunity_id" in headers:
        ids = column_text(frame, headers, "opportunity_id")
        check_ids(ids, col, "opportunity_id")
    else:
        # Hand-kept lists of courses and services often have no id: name each row by file
        # and row, and say so on every row, so a re-sorted list is not silently renumbered.
        stem = Path(raw.file).stem + "-"
        if raw.sheets is not None:  # stacked sheets: a row number alone repeats
            stem = stem + pd.Series(raw.sheet_of_rows(), index=frame.index).astype(str) + "-"
        ids = pd.Series(stem + row_numbers.astype(str), index=frame.index)
        fixes.add(np.ones(len(frame), dtype=bool), "opportunity_id", ids,
                  "el archivo no tiene columna id: se usó archivo-fila como id; agregue una "
                  "columna id si la lista cambia de orden")
    _not_approved(frame, col)
    kind_text = column_text(frame, headers, "kind")
    kinds = parse_choice(kind_text, col, "kind", KIND)
    if default_kind is not None:
        kinds = kinds.where(kind_text != "", default_kind)
    col.add(kinds.isna() & ~col.flagged("kind"), "kind", kind_text,
            "falta el tipo de oportunidad; use vacante, formación, certificación, "
            "emprendimiento o servicio")
    occupation = _service_type_from_kind(kinds, kind_text,
                                         column_text(frame, headers, "occupation"), fixes)
    title = column_text(frame, headers, "title")
    col.add(title == "", "title", title, "falta el título (puesto, curso o programa)")
    cap_text = column_text(frame, headers, "capacity")
    need = "plazas/cupos debe ser un número entero positivo (p. ej. 3)"
    cap = parse_number(cap_text, col, "capacity", integer=True, message=need)  # "2 plazas"
    col.add((cap.isna() & ~col.flagged("capacity")) | (cap <= 0), "capacity", cap_text, need)
    place = _locate(frame, headers, raw, col, fixes, country, required=True)
    # calendars look ahead: future dates are what they are for
    start = parse_dates(column_text(frame, headers, "start_date"), col, "start_date",
                        allow_future=True)
    end = parse_dates(column_text(frame, headers, "end_date"), col, "end_date",
                      allow_future=True, period_end=True)  # «dic-2026»: open all December
    col.add(end < start, "end_date", column_text(frame, headers, "end_date"),
            "la fecha de fin es anterior a la de inicio")
    data = pd.DataFrame({
        "opportunity_id": ids,
        "kind": kinds.astype("object"),
        "title": title,
        "provider": column_text(frame, headers, "provider"),
        "occupation": occupation,
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
    _report_standards(data, fixes)
    if "address" in headers:
        data["address"] = column_text(frame, headers, "address")
    if "late_enrolment" in headers:
        data["late_enrolment"] = parse_bool(column_text(frame, headers, "late_enrolment"), col,
                                            "late_enrolment").fillna(False).astype(bool)
    return _with_roles(finish(data, col, raw, errors, "oportunidades", fixes,
                              roles.unused, blank_rows), roles)


#: What the read summary says of a file in the folder whose name is not a data file's.


def _sheet_label(raw: RawTable) -> str:
    if raw.sheets is None:  # a text file: no sheet (no million blank names to look at)
        return ""
    sheets = [x for x in dict.fromkeys(raw.sheet_of_rows().tolist()) if x]
    return ", ".join(sheets)


def _with_roles(result: pd.DataFrame | ReadResult, roles: Roles) -> pd.DataFrame | ReadResult:
    if isinstance(result, ReadResult):
        result.roles = roles.table
        result.interpretations = (*result.interpretations, *role_questions(roles))
    return result


def _duplicate_submissions(frame: pd.DataFrame, col: Collector) -> None:
    """A KoboToolbox submission received twice (same ``meta/instanceID``, another ``_id``)
    is counted once: the later copies are rejected naming the instance column."""
    for header in frame.columns:
        if str(header).replace("\\", "/").split("/")[-1].strip().lower() != "instanceid":
            continue
        values = frame[header].astype(str).str.strip()
        given = ~values.isin(("", "nan", "None"))
        dup = (values.duplicated(keep="first") & given).to_numpy()
        if dup.any():
            first = pd.Series(col.rows(), index=frame.index).groupby(values).transform("min")
            reason = ("envío duplicado: el mismo " + str(header) + " que la fila " +
                      first.astype(str) + " (KoboToolbox lo recibió dos veces); se cuenta "
                      "una vez")
            col.add(dup, str(header), values, reason)
        return


def _not_approved(frame: pd.DataFrame, col: Collector) -> None:
    """KoboToolbox submissions a supervisor marked «not approved» are not used (said)."""
    for header in frame.columns:
        if str(header).strip().lstrip("_").lower() != "validation_status":
            continue
        status = frame[header].astype(str).str.lower().str.replace("_", " ", regex=False)
        col.add(status.str.contains("not approved|no aprobad", regex=True).to_numpy(),
                str(header), frame[header],
                "el supervisor la marcó «no aprobada» en KoboToolbox: no se usa")
