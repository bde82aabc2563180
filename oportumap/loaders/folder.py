"""A data folder read as one :class:`~oportumap.dataset.Dataset`, with a summary per file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from oportumap.errors import DataError, Problem
from oportumap.files import scan_folder
from oportumap.loaders.readers import read_opportunities, read_returnees
from oportumap.loaders.result import CORRECTION_COLUMNS, Errors, ReadResult, where
from oportumap.schema import (
    OPPORTUNITY_COLUMNS,
    OPPORTUNITY_KINDS,
)
from oportumap.validation import (
    REJECTED_COLUMNS,
)

UNRECOGNISED_FILE = ("archivo no reconocido por su nombre; si tiene datos, renómbrelo "
                     "(retornados, vacantes, formacion, certificaciones, programas, "
                     "servicios)")

#: Columns of ``Dataset.read_summary``: one row per file of the folder.
READ_SUMMARY_COLUMNS = ["file", "content", "rows", "accepted", "rejected", "blank",
                        "corrections", "unused_columns", "problem", "interpretations"]


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
                "problem": problem, "interpretations": []}
    return {"file": file, "content": content, "rows": result.rows_read,
            "accepted": len(result.data), "rejected": len(result.rejected),
            "blank": result.blank_rows, "corrections": len(result.corrections),
            "unused_columns": list(result.unused_columns), "problem": problem,
            "interpretations": list(result.interpretations)}


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
                    [Problem(where(r.file, r.sheet), int(r.row), r.column or None,
                             r.value, r.reason)
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
