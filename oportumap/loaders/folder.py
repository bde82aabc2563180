"""A data folder read as one :class:`~oportumap.dataset.Dataset`, with a summary per file."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from oportumap.errors import DataError, Problem
from oportumap.files import OWN_OUTPUTS
from oportumap.i18n import text
from oportumap.loaders.result import CORRECTION_COLUMNS, Errors, ReadResult, where
from oportumap.schema import OPPORTUNITY_COLUMNS
from oportumap.validation import (
    REJECTED_COLUMNS,
)

#: A table whose content neither its name nor its columns tell.
UNRECOGNISED_FILE = text("read.unknown_content")
#: A file of the data folder that is no table (a Word document, a PDF, a picture).
NOT_A_TABLE = text("read.not_a_table")

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


def other_files(folder: Path) -> list[str]:
    """Files of a data folder that are no table: named in the summary, never read.

    Hidden files, Excel's lock files, the README of the folder, the tool's own outputs and
    ``columnas.csv`` are not listed.
    """
    from oportumap.loaders.content import folder_files
    from oportumap.loaders.mapping import ROLES_FILE

    tables_files = {p.name for p in folder_files(folder)}
    return [p.name for p in sorted(Path(folder).iterdir())
            if p.is_file() and p.name not in tables_files
            and not p.name.startswith((".", "~$"))
            and p.stem.lower() not in ("readme", "leeme", "léame")
            and p.name.lower() not in {*OWN_OUTPUTS, ROLES_FILE}]


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
    columns: pd.DataFrame | Mapping[str, str] | str | Path | None = None,
):
    """Read a folder of files into one validated :class:`~oportumap.Dataset`.

    Every table of every file is read (several registries, a workbook with one sheet per
    kind or per month); what each table holds is decided by its file name, its sheet name
    and its columns (:func:`oportumap.loaders.content.read_folder`), each column's role by
    its header and content (:func:`oportumap.loaders.roles.decide_roles`). Follow-up
    workbooks are named in ``Dataset.read_summary``; count tables by municipality are read
    as counts into ``Dataset.returnee_counts`` (never as people).

    Parameters
    ----------
    folder : str or Path
        The data folder.
    errors : {"raise", "report"}
        With ``"report"`` invalid rows go to ``Dataset.rejected`` instead of raising, and an
        opportunity table that cannot be used at all is left out with its reason in
        ``Dataset.read_summary``; the returnees must be readable.
    country : str
        Country of the data.
    progress : bool
        Show progress on large files.
    label : str, optional
        Data label for shared outputs ("Oficina Occidente, 30/09/2025"); default the
        folder's name (never its path, which would expose a planner's computer).
    columns : DataFrame, mapping or path, optional
        Column roles confirmed by a person (``columnas.csv``, as written by ``oportumap
        validate``, or ``{header: role}``); by default the folder's ``columnas.csv`` when
        it has one.

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
    from oportumap.loaders.content import (
        AGGREGATE,
        FOLLOW_UP,
        RETURNEES,
        read_folder,
        table_name,
    )

    folder = Path(folder)
    if not folder.is_dir():
        raise DataError(f"{folder}: la carpeta de datos no existe")
    tables = read_folder(folder, country=country, columns=columns, progress=progress)
    unrecognised = [t.file for t in tables if t.content is None and not t.problem]
    if not any(t.content == RETURNEES for t in tables):
        from oportumap.files import file_role

        # A registry named as such but with no person in it: say that, not "missing".
        for path in sorted(folder.iterdir()):
            if path.is_file() and file_role(path) == "returnees":
                if path.stat().st_size == 0:
                    raise DataError(f"{path.name}: el archivo de retornados está vacío; "
                                    "agregue una fila por persona bajo los encabezados")
                if path.suffix.lower() in (".csv", ".txt", ".tsv"):
                    lines = [ln for ln in path.read_text(encoding="utf-8", errors="replace")
                             .splitlines() if ln.strip(" ,;\t")]
                    if len(lines) <= 1:
                        raise DataError(f"{path.name}: el archivo de retornados solo tiene "
                                        "encabezados, ninguna persona; agregue una fila por "
                                        "persona")
        raise DataError(
            f"{folder}: falta el archivo de retornados (retornados.xlsx o returnees.csv, "
            "p. ej.) con una fila por persona"
            + (f"; archivos no reconocidos: {', '.join(unrecognised)}" if unrecognised else "")
        )
    problems: list[DataError] = []
    rejected: list[pd.DataFrame] = []
    corrections: list[pd.DataFrame] = []
    summary: list[dict] = []
    people: list[pd.DataFrame] = []
    offers: list[pd.DataFrame] = []
    counts: list[pd.DataFrame] = []
    for t in tables:
        name = table_name(t, tables)
        if t.content == FOLLOW_UP:
            summary.append(read_summary_row(name, t.content, problem=NOT_READ[t.content]))
            continue
        if t.content is None:
            if not t.problem:
                summary.append(read_summary_row(name, None, problem=UNRECOGNISED_FILE))
            else:
                summary.append(read_summary_row(name, None, problem=t.problem))
            continue
        result = t.result
        if result is None:
            if errors == "raise" or t.content == RETURNEES:
                problems.append(DataError(t.problem))
            summary.append(read_summary_row(name, t.content, problem=t.problem))
            continue
        summary.append(read_summary_row(name, t.content, result))
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
        if t.content == AGGREGATE:
            counts.append(result.data.assign(file=name, row=result.row_numbers))
            continue
        (people if t.content == RETURNEES else offers).append(result.data)
    summary.extend(read_summary_row(name, None, problem=NOT_A_TABLE)
                   for name in other_files(folder))
    if problems:
        listed = [p for exc in problems for p in exc.problems]
        whole = [str(exc.summary) for exc in problems if not exc.problems]
        raise DataError("Los datos tienen problemas:\n  " + "\n  ".join(whole) if whole else
                        f"{len(listed)} problemas en los datos de {folder}", listed)
    returnees = pd.concat(people, ignore_index=True)
    dup = returnees["returnee_id"].duplicated(keep=False)
    if dup.any():
        ids = sorted(returnees.loc[dup, "returnee_id"].unique())[:5]
        raise DataError(f"{folder}: IDs de retornado repetidos entre archivos: {ids}; use IDs "
                        "únicos en todos los registros")
    opportunities = (pd.concat(offers, ignore_index=True) if offers
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
        returnee_counts=returnee_counts(counts),
    )


def returnee_counts(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Count tables of a folder as one table (:data:`~oportumap.loaders.counts.
    COUNT_COLUMNS` + ``file`` and ``row``); empty, with those columns, when there are none."""
    from oportumap.loaders.counts import COUNT_COLUMNS

    columns = [*COUNT_COLUMNS, "file", "row"]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    return pd.concat(frames, ignore_index=True)[columns]


#: What the summary says of tables that are data but not a registry or opportunities.
NOT_READ = {
    "follow_up": "libro de seguimiento de referencias: se importa con oportumap track import",
    "aggregate": ("conteos por municipio (no una fila por persona): se leen como conteos "
                  "(Dataset.returnee_counts), no como retornados"),
}
