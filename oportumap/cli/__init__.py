"""The ``oportumap`` command. Every subcommand calls the same public API as notebooks.

Data commands (``profile``, ``referrals``, ``map``, ``plan``, ``research-export``,
``demo --data``) read the folder keeping the valid rows, write the rejected rows beside
their output (``filas_rechazadas.csv``, or ``--rejected``) and print one summary of what
they read. Exit status:

* 0: the output was written (even if some rows were rejected);
* 1: a user error (missing folder, unreadable file, output exists without --force, ...),
  with a clear Spanish message and never a traceback;
* 2: the command line itself is wrong (unknown option, bad value);
* 3: the data left nothing to work with (every returnee row rejected, or ``--strict``
  with rejected rows or unusable files), so no output was written.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from oportumap.errors import DataError

app = typer.Typer(
    name="oportumap",
    help="Retornados y oportunidades: validar datos, mapas, brechas, listas de referencia. "
    "(Returnees and opportunities: validation, maps, gaps, referral lists.)",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=False, highlight=False)
err_console = Console(stderr=True, highlight=False)

F = TypeVar("F", bound=Callable)

DataOption = Annotated[Path, typer.Option(
    "--data", "-d", help="Carpeta con returnees.csv, vacancies.csv, training.csv, ... "
    "(data folder)", file_okay=False)]
ForceOption = Annotated[bool, typer.Option("--force", help="Reemplazar salidas existentes "
                                           "(overwrite existing outputs)")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Sin barras de progreso "
                                           "(no progress bars)")]


def user_errors(func: F) -> F:
    """Turn DataError (and a missing optional dependency) into a message and exit 1."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except DataError as exc:
            err_console.print(f"[bold red]Error:[/] {exc}", markup=True, soft_wrap=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            err_console.print("Interrumpido.")
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


LabelOption = Annotated[str | None, typer.Option(
    "--label", help="Rótulo de los datos en mapas y planes, p. ej. 'Oficina Occidente, "
    "30/09/2025' (por defecto el nombre de la carpeta, nunca su ruta) (data label)")]


#: Exit status when the data left nothing to work with (see the module docstring).
EXIT_NO_OUTPUT = 3

#: Name of the rejected-rows file written beside a command's output.
REJECTED_FILE = "filas_rechazadas.csv"
REJECTED_HEADERS = {"file": "Archivo", "row": "Fila", "column": "Columna", "value": "Valor",
                    "reason": "Motivo"}

CountryOption = Annotated[str, typer.Option(
    "--country", "-c", help="País de los datos: GT (por defecto) o un país registrado con "
    "'oportumap country add' (country code)")]
StrictOption = Annotated[bool, typer.Option(
    "--strict", help="Todo o nada: no producir salida si alguna fila se rechaza "
    "(all-or-nothing)")]
RejectedOption = Annotated[Path | None, typer.Option(
    "--rejected", help=f"Dónde escribir las filas rechazadas (por defecto {REJECTED_FILE} "
    "junto a la salida)", dir_okay=False)]


def print_read_summary(dataset, rejected_path: Path | None, *, limit: int | None = 5
                       ) -> list[str]:
    """Print the read summary (table + lines) of a dataset; returns the lines."""
    from oportumap.report import read_lines, read_table

    rows = read_table(dataset.read_summary)
    if len(rows) > 1:
        table = Table(title="Lectura de los datos")
        for i, column in enumerate(rows[0]):
            table.add_column(column, justify="left" if i < 2 else "right")
        for row in rows[1:]:
            table.add_row(*row)
        console.print(table)
    lines = read_lines(dataset.read_summary, dataset.rejected, dataset.corrections,
                       rejected_path=rejected_path, limit=limit)
    for line in lines:
        console.print(line, markup=False, soft_wrap=True)
    return lines


def write_rejected(dataset, path: Path) -> None:
    """Write the rejected rows (refreshing an earlier list; never an input file)."""
    import pandas as pd

    from oportumap.io import write_table
    from oportumap.validation import REJECTED_COLUMNS

    table = dataset.rejected if len(dataset.rejected) else pd.DataFrame(
        columns=REJECTED_COLUMNS)
    write_table(table[REJECTED_COLUMNS], path, headers=REJECTED_HEADERS, force=True)


def _load(data: Path, quiet: bool, *, out: Path | None = None, country: str = "GT",
          strict: bool = False, rejected: Path | None = None, label: str | None = None):
    """Read a data folder for a command: valid rows kept, rejected rows written, summary.

    Exits with :data:`EXIT_NO_OUTPUT` when no returnee row is valid, or with ``strict``
    when anything was rejected.
    """
    from oportumap.loaders import load_dataset

    dataset = load_dataset(data, errors="report", country=country, progress=not quiet,
                           label=label)
    target = rejected or ((out.parent if out is not None else Path(".")) / REJECTED_FILE)
    problems = dataset.read_summary["problem"].fillna("").astype(bool) & \
        dataset.read_summary["content"].notna()
    if len(dataset.rejected) or target.exists():
        write_rejected(dataset, target)
    print_read_summary(dataset, target if len(dataset.rejected) else None)
    if strict and (len(dataset.rejected) or problems.any()):
        err_console.print("Con --strict no se produce ninguna salida si hay filas rechazadas "
                          "o archivos que no se pudieron usar; corríjalos o quite --strict.")
        raise typer.Exit(EXIT_NO_OUTPUT)
    if not len(dataset.returnees):
        err_console.print("Ninguna fila de retornados es válida: no se produjo ninguna salida. "
                          f"Corrija las filas de {target} y vuelva a ejecutar.")
        raise typer.Exit(EXIT_NO_OUTPUT)
    return dataset


def _summary_table(dataset, title: str) -> Table:
    from oportumap.schema import KIND_LABELS_ES

    table = Table(title=title, show_lines=False)
    table.add_column("Datos")
    table.add_column("Filas", justify="right")
    table.add_column("Plazas / cupos", justify="right")
    summary = dataset.summary()
    labels = {"returnees": "Retornados", "rejected": "Filas rechazadas", **KIND_LABELS_ES}
    for key, row in summary.iterrows():
        capacity = "" if row["capacity"] is None or str(row["capacity"]) == "<NA>" else \
            f"{int(row['capacity']):,}"
        table.add_row(labels.get(key, key), f"{int(row['rows']):,}", capacity)
    return table


@app.command()
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

    from oportumap.io import TABLE_EXTENSIONS, file_role, scan_folder
    from oportumap.loaders import (
        CORRECTION_COLUMNS,
        READ_SUMMARY_COLUMNS,
        UNRECOGNISED_FILE,
        read_opportunities,
        read_returnees,
        read_summary_row,
    )
    from oportumap.report import read_lines
    from oportumap.schema import OPPORTUNITY_KINDS
    from oportumap.validation import REJECTED_COLUMNS

    files: list[tuple[Path, str | None]] = []
    summary: list[dict] = []
    if data is not None:
        if not data.is_dir():
            raise DataError(f"{data}: la carpeta de datos no existe")
        found, unrecognised = scan_folder(data)
        files.extend((found[role], role) for role in ("returnees", *OPPORTUNITY_KINDS)
                     if role in found)
        if not files:
            raise DataError(f"{data}: no hay archivos de retornados, vacantes, formación, ... "
                            f"con extensión {', '.join(TABLE_EXTENSIONS)}"
                            + (f"; archivos no reconocidos: {', '.join(unrecognised)}"
                               if unrecognised else ""))
    else:
        unrecognised = []
    for path in paths or []:
        role = file_role(path)
        if role == "returnees" or (kind is None and "retorn" in path.stem.lower()):
            role = "returnees"
        else:
            role = kind or role
        files.append((path, role))
    if not files:
        raise DataError("indique --data CARPETA o uno o más archivos")
    rejected_all: list[pd.DataFrame] = []
    corrections_all: list[pd.DataFrame] = []
    notes: list[str] = []
    for path, role in files:
        try:
            if role == "returnees":
                result = read_returnees(path, errors="report", country=country,
                                        progress=not quiet)
            else:
                result = read_opportunities(path, kind=role, errors="report", country=country)
        except DataError as exc:
            summary.append(read_summary_row(path.name, role, problem=str(exc)))
            continue
        summary.append(read_summary_row(path.name, role, result))
        rejected_all.append(result.rejected)
        corrections_all.append(result.corrections)
        if "kind" in result.data:  # services kept, but say which ones no stage can use
            notes.extend(_unclassified_services(result.data, result.rejected, path,
                                                result.row_numbers))
    summary.extend(read_summary_row(name, None, problem=UNRECOGNISED_FILE)
                   for name in unrecognised)
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
    from oportumap.io import atomic_path

    with atomic_path(report) as tmp:
        tmp.write_text("\n".join(full) + "\n", encoding="utf-8")
    print_read_summary(read, rejected_path)
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


@app.command()
@user_errors
def sample(
    out: Annotated[Path, typer.Option("--out", "-o", help="Carpeta de salida")],
    returnees: Annotated[int, typer.Option("--returnees", "-n", min=0,
                                           help="Retornados a generar")] = 5000,
    vacancies: Annotated[int, typer.Option("--vacancies", "-v", min=0,
                                           help="Vacantes a generar")] = 1200,
    training: Annotated[int, typer.Option(
        "--training", min=0, help="Ofertas extra de formación y certificación")] = 0,
    seed: Annotated[int, typer.Option(help="Semilla (misma semilla, mismos datos)")] = 2025,
    force: ForceOption = False,
) -> None:
    """Generar datos ILUSTRATIVOS (ficticios) a cualquier escala, p. ej. para benchmarks.

    (Write an illustrative synthetic dataset, deterministic for a seed.)
    """
    import time

    from oportumap.sample import write_sample

    start = time.perf_counter()
    with console.status("Generando muestra ilustrativa..."):
        written = write_sample(out, n_returnees=returnees, n_vacancies=vacancies,
                               n_training=training, seed=seed, force=force)
    for name, rows in written.items():
        console.print(f"  {out / name}: {rows:,} filas")
    console.print(f"Listo en {time.perf_counter() - start:.1f} s (datos ficticios).")


@app.command()
@user_errors
def demo(
    out: Annotated[Path, typer.Option("--out", "-o", help="Carpeta de salida")] = Path(
        "oportumap-demo"),
    data: Annotated[Path | None, typer.Option(
        "--data", "-d", help="Carpeta con sus datos en vez de la muestra ilustrativa",
        file_okay=False)] = None,
    country: CountryOption = "GT",
    strict: StrictOption = False,
    rejected: RejectedOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
) -> None:
    """Ejecutar todo el flujo con la muestra ilustrativa (o --data) y escribir las salidas.

    (Run the whole pipeline on the bundled illustrative sample, or on --data.)
    """
    from oportumap.io import write_table
    from oportumap.sample import load_sample

    if data is not None:
        dataset = _load(data, quiet, out=out / "resumen.csv", country=country, strict=strict,
                        rejected=rejected)
        out.mkdir(parents=True, exist_ok=True)
        console.print(_summary_table(dataset, f"Datos de {data.name}"))
    else:
        out.mkdir(parents=True, exist_ok=True)
        with console.status("Cargando la muestra ilustrativa..."):
            dataset = load_sample()
        console.print(_summary_table(dataset, "Muestra ilustrativa (datos ficticios)"))
    written: list[tuple[str, str]] = []

    def step(label: str, filename: str, action: Callable[[Path], object]) -> None:
        target = out / filename
        if target.exists() and not force:
            raise DataError(f"{target}: ya existe; use --force para reemplazar las salidas")
        with console.status(f"{label}..."):
            action(target)
        written.append((filename, label))

    step("Resumen de datos", "resumen.csv", lambda p: write_table(
        dataset.summary().rename_axis("dataset").reset_index(), p, headers="en", force=force))

    def write_profile(path: Path) -> None:
        from oportumap.access import PROFILE_HEADERS_ES, municipality_profile
        from oportumap.privacy import shareable_profile

        profile = shareable_profile(municipality_profile(dataset))
        write_table(profile, path, headers=PROFILE_HEADERS_ES, force=force)

    step("Acceso y brechas por municipio", "profile.csv", write_profile)

    def write_map(path: Path) -> None:
        from oportumap.access import municipality_profile
        from oportumap.maps import opportunity_map, save_map, static_map

        profile = municipality_profile(dataset)
        save_map(opportunity_map(dataset, profile=profile), path, force=force)
        static_map(dataset, out / "map.png", profile=profile, force=force)

    step("Mapa interactivo sin conexión (y map.png para imprimir)", "map.html", write_map)

    def write_plan(path: Path) -> None:
        from oportumap.exports.plans import PLAN_HEADERS_ES, plan_sheets
        from oportumap.i18n import text
        from oportumap.planning import plan_capacity

        plan = plan_capacity(dataset, kind="certification", p_new=3, max_km=40)
        main_table, sheets = plan_sheets(plan)
        write_table(main_table, path, headers=PLAN_HEADERS_ES, sheets=sheets, force=force,
                    sheet_name=text("sheet.sites"))

    step("Dónde abrir 3 centros de certificación (40 km)", "plan.xlsx", write_plan)

    def write_referrals(path: Path) -> None:
        from oportumap.exports.referrals import write_referrals
        from oportumap.referrals import referral_plan

        write_referrals(referral_plan(dataset), path, force=force)

    step("Listas de referencia por departamento", "referrals.xlsx", write_referrals)
    # -- more demo steps above this line --
    table = Table(title=f"Salidas en {out}")
    table.add_column("Archivo")
    table.add_column("Contenido")
    for filename, label in written:
        table.add_row(filename, label)
    console.print(table)
    console.print(f"Abra {out / 'map.html'} en cualquier navegador: funciona sin internet."
                  + (" Datos ilustrativos (ficticios)." if data is None else ""))


@app.command("research-export")
@user_errors
def research_export(
    data: DataOption,
    out: Annotated[Path, typer.Option("--out", "-o", help="Archivo .csv, .xlsx o .parquet")],
    key_file: Annotated[Path | None, typer.Option(
        help="Archivo con la clave secreta (o variable OPORTUMAP_KEY)")] = None,
    columns: Annotated[str | None, typer.Option(
        "--columns", help="Columnas a conservar, separadas por comas (por defecto "
        "muni_code,sex,age_band,return_month; además: interest, experience_abroad, "
        "has_id_document, needs_psychosocial, occupations, certifications)")] = None,
    k: Annotated[int, typer.Option("--k", min=2, help="Mínimo de personas por combinación "
                                   "de valores (k-anonimato)")] = 5,
    country: CountryOption = "GT",
    strict: StrictOption = False,
    rejected: RejectedOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
) -> None:
    """Extracto para investigación: solo con consentimiento, seudónimos, k-anonimato.

    Cada combinación de las columnas conservadas la comparten al menos --k personas
    (generaliza municipio -> departamento, mes -> trimestre -> año, bandas de 5 -> 10 años
    y, al final, suprime filas). Escribe junto al extracto un informe (.privacidad.txt)
    para el oficial de protección de datos. (Research extract: consent, keyed pseudonyms,
    k-anonymity, with a report.)
    """
    from oportumap.io import write_table
    from oportumap.privacy import read_key, research_extract

    key = read_key(str(key_file) if key_file else None)
    report_path = out.with_name(out.stem + ".privacidad.txt")
    if report_path.exists() and not force:
        raise DataError(f"{report_path}: ya existe; use --force para reemplazarlo")
    wanted = [c.strip() for c in columns.split(",") if c.strip()] if columns else None
    _check_output(out, force)
    dataset = _load(data, quiet, out=out, country=country, strict=strict, rejected=rejected)
    departments = dataset.boundaries.set_index("muni_code")["dept_code"]
    result = research_extract(dataset.returnees, key, k=k, columns=wanted,
                              departments=departments)
    write_table(result.data, out, headers="en", force=force)
    report_path.write_text(result.report.to_text(), encoding="utf-8")
    r = result.report
    console.print(f"{out}: {r.released:,} personas con seudónimo; {r.without_consent:,} sin "
                  f"consentimiento excluidas, {r.suppressed:,} suprimidas; grupo mínimo "
                  f"{r.min_group_size} (k = {r.k}).", soft_wrap=True)
    console.print(f"Informe: {report_path}", soft_wrap=True)


@app.command("referrals")
@user_errors
def referrals_command(
    data: DataOption,
    out: Annotated[Path, typer.Option("--out", "-o", help="Archivo .xlsx, .csv o .parquet")],
    top: Annotated[int, typer.Option("--top", min=1, help="Referencias por persona")] = 5,
    max_km: Annotated[float | None, typer.Option(
        "--max-km", min=0.1, help="Distancia máxima (km) para todo tipo de oportunidad; "
        "por defecto según el tipo (vacantes 40, cursos 60, certificación 150, ...)")] = None,
    capacity_factor: Annotated[float, typer.Option(
        "--capacity-factor", min=0.1, help="Máximo de referencias por plaza o cupo")] = 3.0,
    lang: Annotated[str, typer.Option(help="Idioma de encabezados y motivos: es o en")] = "es",
    travel_times: Annotated[Path | None, typer.Option(
        "--travel-times", help="CSV o Excel de tiempos entre municipios (origen, destino, "
        "minutos; o origin, destination, minutes); reemplaza los km en el puntaje",
        dir_okay=False)] = None,
    max_minutes: Annotated[float | None, typer.Option(
        "--max-minutes", min=1, help="Tiempo máximo (min): con --travel-times, de la tabla; "
        "sin ella, estimado por distancia (se indica en la salida)")] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Fecha de corte AAAA-MM-DD: no se refieren ofertas cerradas a esa "
        "fecha (por defecto, la fecha de los datos)")] = None,
    by_department: Annotated[bool, typer.Option(
        "--by-department", help="Un archivo por departamento (para listas nacionales)")
    ] = False,
    country: CountryOption = "GT",
    strict: StrictOption = False,
    rejected: RejectedOption = None,
    db: Annotated[str | None, typer.Option(
        "--db", help="Base de seguimiento (archivo .db o postgresql+psycopg://...; o "
        "OPORTUMAP_DB): registra cada referencia con su «ID referencia» y respeta las "
        "plazas ya ocupadas", envvar="OPORTUMAP_DB", show_envvar=False)] = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
) -> None:
    """Listas de referencia: próximos pasos de cada retornado cerca de casa.

    Servicios primero (psicosocial, documento de identidad), luego certificación,
    formación, empleo o emprendimiento; solo ofertas abiertas a la fecha de corte y sin
    exceder --capacity-factor x plazas por oportunidad. En Excel: hoja "Resumen", una hoja
    por departamento con contacto del proveedor y columnas de seguimiento (Estado), y
    "Demanda no cubierta". (Referral lists per returnee.)
    """
    import time

    from oportumap.costs import read_travel_times
    from oportumap.exports.referrals import write_referrals
    from oportumap.referrals import referral_plan

    _check_output(out, force)
    dataset = _load(data, quiet, out=out, country=country, strict=strict, rejected=rejected)
    times = (read_travel_times(travel_times, country=dataset.country)
             if travel_times is not None else None)
    start = time.perf_counter()
    with console.status("Calculando referencias..."):
        result = referral_plan(dataset, top=top, max_km=max_km,
                               capacity_factor=capacity_factor, lang=lang,
                               travel_times=times, max_minutes=max_minutes, as_of=as_of,
                               db=db)
    notes = write_referrals(result, out, lang=lang, force=force, by_department=by_department,
                            progress=not quiet)
    frame = result.referrals
    people = frame["returnee_id"].nunique()
    console.print(f"{len(frame):,} referencias para {people:,} de {result.considered:,} "
                  f"retornados (fecha de corte {result.settings['as_of']}) en "
                  f"{time.perf_counter() - start:.1f} s -> {out}")
    unmet = result.unmet_demand
    console.print(f"Necesidades sin referencia (persona x etapa): {int(unmet['unmet'].sum()):,} "
                  f"en {len(unmet):,} grupos de municipio, etapa y ocupación; detalle en "
                  "'Demanda no cubierta' (Excel) o unmet_demand().")
    if db:
        remaining = result.settings["remaining"]
        used = int((remaining["used"] > 0).sum())
        full = int(((remaining["used"] > 0) & (remaining["remaining"] == 0)).sum())
        console.print(f"{frame.attrs['recorded']:,} referencias nuevas registradas en la base "
                      f"de seguimiento (columna «ID referencia»); {used:,} ofertas con plazas "
                      f"ya ocupadas, {full:,} sin plazas restantes.")
    for note in notes:
        console.print(note, markup=False, soft_wrap=True)


def _unclassified_services(accepted, rejected, path: Path, rows=None) -> list[str]:
    """validate's note for service rows whose type cannot be told (file row numbers)."""
    import numpy as np

    from oportumap.referrals.pathway import unclassified_services

    if rows is None or len(rows) != len(accepted):  # rows: file rows of accepted rows
        first = int(accepted.attrs.get("first_row", 2))
        total = len(accepted) + len(rejected)
        taken = set((rejected["row"].astype(int) - first).tolist()) if len(rejected) else set()
        rows = np.array([first + i for i in range(total) if i not in taken])
    return unclassified_services(accepted, path.name, rows)


def _estimated_minutes_note(max_minutes: float | None, travel_times: Path | None) -> None:
    """Say that --max-minutes without a table means the distance estimate."""
    if max_minutes is not None and travel_times is None:
        from oportumap.costs import DEFAULT_CIRCUITY, DEFAULT_SPEED_KMH

        km = max_minutes * DEFAULT_SPEED_KMH / (DEFAULT_CIRCUITY * 60)
        console.print(f"Sin --travel-times: {max_minutes:g} min se estiman por distancia "
                      f"({DEFAULT_SPEED_KMH:g} km/h, rodeo x{DEFAULT_CIRCUITY:g}) = {km:.1f} km "
                      "en línea recta.", markup=False)


@app.command()
@user_errors
def profile(
    data: DataOption,
    out: Annotated[Path, typer.Option("--out", "-o", help="Archivo .csv, .xlsx o .parquet")],
    max_km: Annotated[float | None, typer.Option(
        "--max-km", min=0.1, help="Alcance en km para todo tipo de oportunidad (por defecto: "
        "vacantes 40, formación 60, certificación 150, emprendimiento y servicios 100)")] = None,
    max_minutes: Annotated[float | None, typer.Option(
        "--max-minutes", min=1, help="Alcance en minutos (con --travel-times, o estimado)")
    ] = None,
    travel_times: Annotated[Path | None, typer.Option(
        "--travel-times", help="CSV origen,destino,minutos entre municipios (OSRM, r5py...)",
        dir_okay=False)] = None,
    by: Annotated[str, typer.Option(help="municipio o departamento")] = "municipio",
    no_suppress: Annotated[bool, typer.Option(
        "--no-suppress", help="No ocultar conteos < 5 (solo para uso interno)")] = False,
    lang: Annotated[str, typer.Option(help="Encabezados: es o en")] = "es",
    country: CountryOption = "GT",
    strict: StrictOption = False,
    rejected: RejectedOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
) -> None:
    """Acceso y brechas: retornados, oportunidades alcanzables, 2SFCA, brecha y prioridad.

    Una fila por municipio (o departamento con --by departamento), ordenada por prioridad.
    Conteos menores que 5 se muestran como "<5". (Access and gap profile.)
    """
    from oportumap.access import PROFILE_HEADERS_ES, department_profile, municipality_profile
    from oportumap.costs import read_travel_times
    from oportumap.io import write_table
    from oportumap.privacy import shareable_profile

    if by not in ("municipio", "departamento"):
        raise DataError("--by debe ser 'municipio' o 'departamento'")
    times = read_travel_times(travel_times) if travel_times else None
    _check_output(out, force)
    dataset = _load(data, quiet, out=out, country=country, strict=strict, rejected=rejected)
    _estimated_minutes_note(max_minutes, travel_times)
    table = municipality_profile(dataset, max_km=max_km, max_minutes=max_minutes,
                                 travel_times=times)
    if by == "departamento":
        table = department_profile(table)
    shown = table if no_suppress else shareable_profile(table)
    write_table(shown, out, headers=PROFILE_HEADERS_ES if lang == "es" else "en", force=force)
    name = "muni_name" if by == "municipio" else "dept_name"
    top = Table(title="Mayor brecha (retornados sin plaza alcanzable, promedio por tipo)")
    for column in ("Prioridad", "Lugar", "Retornados", "Brecha"):
        top.add_column(column)
    for row in shown.head(10).itertuples(index=False):
        top.add_row(str(row.priority_rank), str(getattr(row, name)), str(row.returnees),
                    "" if pd_isna(row.gap_score) else f"{row.gap_score:,.1f}")
    console.print(top)
    console.print(f"{len(table)} filas -> {out}")


def _check_output(out: Path, force: bool) -> None:
    """Refuse an existing output before reading anything (the --force rule)."""
    if out.exists() and not force:
        raise DataError(f"{out}: ya existe; use --force para reemplazarlo")


def pd_isna(value: object) -> bool:
    """True for None/NaN (without importing pandas at CLI start-up)."""
    return value is None or value != value


@app.command("map")
@user_errors
def map_command(
    data: DataOption,
    out: Annotated[Path, typer.Option("--out", "-o", help="Archivo .html (o .png/.pdf)")],
    color_by: Annotated[str, typer.Option(
        "--color-by", help="Columna del perfil: returnees, gap_score, priority_rank, "
        "vacancy_2sfca, ...")] = "returnees",
    scheme: Annotated[str, typer.Option(
        help="Clasificación: quantiles, natural_breaks o equal_interval")] = "quantiles",
    lang: Annotated[str, typer.Option("--lang", help="Idioma: es o en")] = "es",
    online: Annotated[bool, typer.Option(
        "--online", help="Agregar mapa base en línea (OpenStreetMap); requiere internet")
    ] = False,
    title: Annotated[str | None, typer.Option(help="Título del mapa")] = None,
    label: LabelOption = None,
    country: CountryOption = "GT",
    strict: StrictOption = False,
    rejected: RejectedOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
) -> None:
    """Mapa de retornados y oportunidades: HTML que abre sin internet, o PNG/PDF para imprimir.

    Solo agregados por municipio (sin IDs ni ubicaciones de personas); conteos < 5 como "<5".
    (Opportunity map: offline HTML, or PNG/PDF for print.)
    """
    from oportumap.access import municipality_profile
    from oportumap.maps import opportunity_map, save_map, static_map

    if out.suffix.lower() not in (".html", ".htm", ".png", ".pdf"):
        raise DataError(f"{out.name}: use la extensión .html, .png o .pdf")
    _check_output(out, force)
    dataset = _load(data, quiet, out=out, country=country, strict=strict, rejected=rejected,
                    label=label)
    with console.status("Construyendo el mapa..."):
        profile = municipality_profile(dataset)
        if out.suffix.lower() in (".png", ".pdf"):
            static_map(dataset, out, profile=profile, color_by=color_by, scheme=scheme,
                       lang=lang, title=title, force=force)
        else:
            fmap = opportunity_map(dataset, profile=profile, color_by=color_by, scheme=scheme,
                                   lang=lang, title=title,
                                   tiles="OpenStreetMap" if online else None)
            save_map(fmap, out, offline=not online, force=force)
    size = out.stat().st_size / 1e6
    console.print(f"{out} ({size:.1f} MB){'' if online else ' — abre sin conexión'}")


@app.command()
@user_errors
def plan(
    data: DataOption,
    out: Annotated[Path, typer.Option("--out", "-o", help="Archivo .xlsx, .csv o .parquet")],
    kind: Annotated[str, typer.Option(
        help="Tipo a planificar: certification, training, vacancy, entrepreneurship, service")
    ] = "certification",
    new: Annotated[int | None, typer.Option(
        "--new", min=0, help="Sitios nuevos a elegir (por defecto 3)")] = None,
    max_km: Annotated[float | None, typer.Option("--max-km", min=0.1,
                                                 help="Alcance en km")] = None,
    max_minutes: Annotated[float | None, typer.Option(
        "--max-minutes", min=1, help="Alcance en minutos (con --travel-times, o estimado)")
    ] = None,
    travel_times: Annotated[Path | None, typer.Option(
        "--travel-times", help="CSV origen,destino,minutos entre municipios", dir_okay=False)
    ] = None,
    standard: Annotated[str | None, typer.Option(
        help="Estándar de certificación (p. ej. CS-06 o 'soldador')")] = None,
    capacitated: Annotated[bool, typer.Option(
        "--capacitated", help="Respetar cupos de cada sitio")] = False,
    seats: Annotated[float | None, typer.Option(
        "--seats", min=1, help="Cupos de cada sitio nuevo (con --capacitated)")] = None,
    map_path: Annotated[Path | None, typer.Option(
        "--map", help="Además, mapa .html sin conexión de sitios y cobertura")] = None,
    add_seats: Annotated[int | None, typer.Option(
        "--add-seats", min=1, help="En vez de sitios nuevos: dónde agregar N cupos en los "
        "sitios existentes")] = None,
    label: LabelOption = None,
    country: CountryOption = "GT",
    strict: StrictOption = False,
    rejected: RejectedOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
) -> None:
    """Planificar capacidad: dónde abrir nuevos centros (o agregar cupos) para cubrir más.

    Mantiene los sitios existentes, elige --new sitios nuevos (óptimo exacto, CBC) y
    escribe los sitios en orden de aporte, la curva de cobertura y los municipios. Con
    --add-seats N, reparte N cupos más entre los sitios existentes.
    (Plan new capacity: maximal covering with existing sites fixed, or more seats.)
    """
    from oportumap.costs import read_travel_times
    from oportumap.exports.plans import PLAN_HEADERS_ES, plan_sheets
    from oportumap.i18n import text
    from oportumap.io import write_table
    from oportumap.planning import plan_capacity

    check_plan_options(new=new, capacitated=capacitated, seats=seats, map_path=map_path,
                       add_seats=add_seats)
    new = 3 if new is None else new
    times = read_travel_times(travel_times) if travel_times else None
    _check_output(out, force)
    dataset = _load(data, quiet, out=out, country=country, strict=strict, rejected=rejected,
                    label=label)
    _estimated_minutes_note(max_minutes, travel_times)
    if add_seats is not None:
        from oportumap.privacy import suppress_shared
        from oportumap.seats import plan_seats

        with console.status("Repartiendo cupos..."):
            table = plan_seats(dataset, kind=kind, extra_seats=add_seats, max_km=max_km,
                               max_minutes=max_minutes, travel_times=times, standard=standard)
        shown = suppress_shared(table, count="served_before")
        write_table(shown, out, headers=PLAN_HEADERS_ES, force=force)
        console.print(f"Atendidos: {table.attrs['served_before']:,.0f} hoy -> "
                      f"{table.attrs['served_after']:,.0f} con {add_seats} cupos más.")
        for row in table[table["added_seats"] > 0].itertuples(index=False):
            console.print(f"  +{row.added_seats} en {row.muni_name} ({row.dept_name})")
        useful = int(table["added_seats"].sum())
        if useful < add_seats:
            console.print(f"Nota: {text('plan.seats_unused').format(n=useful, extra=add_seats)}.")
        console.print(f"-> {out}")
        return
    with console.status("Buscando la mejor ubicación..."):
        result = plan_capacity(dataset, kind=kind, p_new=new, max_km=max_km,
                               max_minutes=max_minutes, travel_times=times, standard=standard,
                               capacitated=capacitated, capacity_per_site=seats)
        main_table, sheets = plan_sheets(result)
    write_table(main_table, out, headers=PLAN_HEADERS_ES, sheet_name=text("sheet.sites"),
                sheets=sheets if out.suffix.lower() == ".xlsx" else None, force=force)
    r = result.result
    sites_new = ("1 sitio nuevo" if len(r.selected) == 1
                 else f"{len(r.selected)} sitios nuevos")
    console.print(f"Retornados cubiertos: {r.covered_before:,.0f} hoy -> {r.covered_after:,.0f} "
                  f"con {sites_new} (alcance {result.max_cost:g} {result.unit}).")
    for row in result.sites[result.sites["status"] == "nueva"].itertuples(index=False):
        console.print(f"  {row.order}. {row.muni_name} ({row.dept_name}): "
                      f"+{row.marginal_gain:,.0f} retornados")
    if r.message():
        console.print(f"Nota: {r.message()}.")
    console.print(f"Estado del solucionador: {r.status_text()}")
    if map_path is not None:
        from oportumap.maps import plan_map, save_map

        save_map(plan_map(dataset, result), map_path, force=force)
        console.print(f"Mapa: {map_path}")
    console.print(f"-> {out}")


def check_plan_options(*, new: int | None, capacitated: bool, seats: float | None,
                       map_path: Path | None, add_seats: int | None) -> None:
    """Refuse option combinations of ``plan`` that could not act (none is ignored)."""
    if add_seats is not None:
        clash = [name for name, given in (("--new", new is not None),
                                          ("--capacitated", capacitated),
                                          ("--seats", seats is not None),
                                          ("--map", map_path is not None)) if given]
        if clash:
            raise DataError(f"--add-seats reparte cupos en los sitios existentes y no se "
                            f"combina con {', '.join(clash)} (que son para elegir sitios "
                            "nuevos); quite uno de los dos")
    if seats is not None and not capacitated:
        raise DataError("--seats (cupos de cada sitio nuevo) solo se usa con --capacitated; "
                        "agregue --capacitated o quite --seats")


# -- more commands above this line --

from oportumap.cli.track import outcomes_command, track_app  # noqa: E402

app.add_typer(track_app, name="track")
app.command("outcomes")(outcomes_command)


from oportumap.cli.country import country_app  # noqa: E402  (needs app, console above)

app.add_typer(country_app)

from oportumap.cli.roads import travel_times_command  # noqa: E402

app.command("travel-times")(travel_times_command)


def main() -> None:  # pragma: no cover - console entry point
    """Entry point used by ``python -m oportumap``."""
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
