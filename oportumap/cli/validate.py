"""``oportumap validate``: read files, count accepted and rejected rows, explain each."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from oportumap.cli.common import (
    REJECTED_FILE,
    console,
    user_errors,
)
from oportumap.cli.options import (
    CountryOption,
    QuietOption,
)
from oportumap.cli.reading import (
    print_read_summary,
    unclassified_services_note,
    write_rejected,
)
from oportumap.errors import DataError


@user_errors
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Archivos sueltos a validar (files); el tipo se deduce del nombre")] = None,
    data: Annotated[Path | None, typer.Option(
        "--data", "-d", help="Carpeta de datos (data folder)", file_okay=False)] = None,
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="Carpeta del reporte y de las filas rechazadas")] = Path(
        "validacion"),
    kind: Annotated[str | None, typer.Option(
        help="Tipo de las oportunidades de los archivos sueltos (vacancy, training, ...)")
    ] = None,
    country: CountryOption = "GT",
    force: Annotated[bool, typer.Option(
        "--force", help="Sin efecto: el reporte y las filas rechazadas se renuevan en cada "
        "ejecución (no effect; kept for old scripts)", hidden=True)] = False,
    quiet: QuietOption = False,
) -> None:
    """Validar archivos: cuenta filas aceptadas y rechazadas y explica cada problema.

    Escribe reporte_validacion.txt y filas_rechazadas.csv en --out (se renuevan en cada
    ejecución: valide, corrija, vuelva a validar); termina con estado 1 si hay filas
    rechazadas o archivos que no se pudieron usar. Nunca modifica los archivos de entrada.
    (Validate files; exits 1 when rows are rejected.)
    """
    from types import SimpleNamespace

    import pandas as pd

    from oportumap.files import TABLE_EXTENSIONS, file_role
    from oportumap.loaders import (
        CORRECTION_COLUMNS,
        READ_SUMMARY_COLUMNS,
        UNRECOGNISED_FILE,
        read_opportunities,
        read_returnee_counts,
        read_returnees,
        read_summary_row,
    )
    from oportumap.loaders.content import is_count_table
    from oportumap.loaders.folder import NOT_A_TABLE, NOT_READ, other_files
    from oportumap.report import read_lines
    from oportumap.validation import REJECTED_COLUMNS

    files: list[tuple[Path, str | None]] = []
    summary: list[dict] = []
    rejected_all: list[pd.DataFrame] = []
    corrections_all: list[pd.DataFrame] = []
    roles_all: list[pd.DataFrame] = []
    notes: list[str] = []
    if data is not None:
        from oportumap.loaders.content import CONTENT_ROW, read_folder, table_name

        if not data.is_dir():
            raise DataError(f"{data}: la carpeta de datos no existe")
        tables = read_folder(data, country=country, progress=not quiet)
        if not any(t.content for t in tables):
            raise DataError(f"{data}: no hay archivos de retornados, vacantes, formación, ... "
                            f"con extensión {', '.join(TABLE_EXTENSIONS)}")
        for t in tables:
            name = table_name(t, tables)
            roles_all.append(pd.DataFrame([{
                "file": t.file, "sheet": ", ".join(t.sheets), "column": CONTENT_ROW,
                "role": t.content or "", "why": t.why, "confidence": round(t.confidence, 2),
                "used": bool(t.content)}]))
            if t.result is None:
                summary.append(read_summary_row(name, t.content, problem=t.problem or (
                    UNRECOGNISED_FILE if t.content is None else NOT_READ.get(t.content, ""))))
                continue
            result = t.result
            summary.append(read_summary_row(name, t.content, result))
            rejected_all.append(result.rejected)
            corrections_all.append(result.corrections)
            if result.roles is not None:
                roles_all.append(result.roles)
            if "kind" in result.data:
                notes.extend(unclassified_services_note(result, data / t.file))
    for path in paths or []:
        role = file_role(path)
        if kind is None and is_count_table(path):  # counts by municipality, not people
            role = "aggregate"
        elif role == "returnees" or (kind is None and "retorn" in path.stem.lower()):
            role = "returnees"
        else:
            role = kind or role
        files.append((path, role))
    if not files and data is None:
        raise DataError("indique --data CARPETA o uno o más archivos")
    for path, role in files:
        try:
            if role == "aggregate":
                result = read_returnee_counts(path, errors="report", country=country)
            elif role == "returnees":
                result = read_returnees(path, errors="report", country=country,
                                        progress=not quiet)
            else:
                result = read_opportunities(path, kind=role, errors="report", country=country)
        except DataError as exc:
            summary.append(read_summary_row(path.name, role, problem=str(exc)))
            continue
        summary.append(read_summary_row(path.name, role, result))
        if result.roles is not None:
            roles_all.append(result.roles)
        rejected_all.append(result.rejected)
        corrections_all.append(result.corrections)
        if "kind" in result.data:  # services kept, but say which ones no stage can use
            notes.extend(unclassified_services_note(result, path))
    if data is not None:
        summary.extend(read_summary_row(name, None, problem=NOT_A_TABLE)
                       for name in other_files(data))
    read = SimpleNamespace(
        read_summary=pd.DataFrame(summary, columns=READ_SUMMARY_COLUMNS),
        rejected=(pd.concat(rejected_all, ignore_index=True) if rejected_all
                  else pd.DataFrame(columns=REJECTED_COLUMNS)),
        corrections=(pd.concat(corrections_all, ignore_index=True) if corrections_all
                     else pd.DataFrame(columns=CORRECTION_COLUMNS)))
    out.mkdir(parents=True, exist_ok=True)
    report = out / "reporte_validacion.txt"
    rejected_path = out / REJECTED_FILE
    # Both files are this command's own outputs: refreshed on every run.
    write_rejected(read, rejected_path)
    full = read_lines(read.read_summary, read.rejected, read.corrections,
                      rejected_path=rejected_path, limit=None)
    if notes:
        full += ["Servicios sin tipo (se aceptan, pero ninguna etapa los usa):",
                 *(f"  {line}" for line in notes)]
    from oportumap.files import atomic_path

    with atomic_path(report, private=True) as tmp:  # lists rejected values as typed
        tmp.write_text("\n".join(full) + "\n", encoding="utf-8")
    print_read_summary(read, rejected_path)
    if data is not None and roles_all:
        # Confirmed once, remembered: every later command on this folder uses it.
        roles_path = remember_roles(pd.concat(roles_all, ignore_index=True), data)
        console.print(f"Columnas entendidas (corrija y guarde; se usa en adelante): "
                      f"{roles_path}", markup=False, soft_wrap=True)
    if notes:
        console.print("Servicios sin tipo (se aceptan, pero ninguna etapa los usa):")
        for line in notes[:5]:
            console.print(f"  {line}", markup=False, soft_wrap=True)
        if len(notes) > 5:
            console.print(f"  ... y {len(notes) - 5} más en {report}")
    console.print(f"Reporte completo: {report}")
    problems = read.read_summary["problem"].fillna("").astype(bool) & \
        read.read_summary["content"].notna()
    if len(read.rejected) or problems.any():
        raise typer.Exit(1)


def remember_roles(roles, folder: Path) -> Path:
    """Write the folder's ``columnas.csv``, keeping every row a person already wrote.

    Rows of files and columns already in the file stay as they are (a planner's
    corrections are never overwritten); new files' and columns' rows are added.
    """
    import pandas as pd

    from oportumap.loaders.mapping import ROLES_FILE, read_column_roles, write_column_roles

    path = folder / ROLES_FILE
    if path.exists():
        kept = read_column_roles(path)
        known = set(zip(kept["file"], kept["column"], strict=True))
        new = roles[[(f, c) not in known for f, c in zip(roles["file"], roles["column"],
                                                            strict=True)]]
        if not len(new):
            return path
        kept = kept.assign(why="", confidence=1.0, used=kept["role"] != "")
        roles = pd.concat([kept, new], ignore_index=True)
    return write_column_roles(roles, folder)
