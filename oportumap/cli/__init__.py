"""The ``oportumap`` command. Every subcommand calls the same public API as notebooks.

User mistakes (bad files, unknown municipalities, existing outputs) print a clear Spanish
message and exit with status 1, never a traceback.
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


def _load(data: Path, quiet: bool, errors: str = "raise", label: str | None = None):
    from oportumap.loaders import load_dataset

    return load_dataset(data, errors=errors, progress=not quiet, label=label)


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
    force: ForceOption = False,
    quiet: QuietOption = False,
) -> None:
    """Validar archivos: cuenta filas aceptadas y rechazadas y explica cada problema.

    Escribe reporte_validacion.txt y filas_rechazadas.csv en --out; termina con estado 1 si
    hay filas rechazadas. (Validate files; exits 1 when rows are rejected.)
    """
    import pandas as pd

    from oportumap.io import TABLE_EXTENSIONS, find_table, write_table
    from oportumap.loaders import read_opportunities, read_returnees
    from oportumap.schema import FILE_KINDS
    from oportumap.validation import REJECTED_COLUMNS

    files: list[tuple[Path, str]] = []
    if data is not None:
        if not data.is_dir():
            raise DataError(f"{data}: la carpeta de datos no existe")
        for stem in ["returnees", *FILE_KINDS]:
            found = find_table(data, stem)
            if found is not None:
                files.append((found, stem))
        if not files:
            raise DataError(f"{data}: no hay archivos returnees/vacancies/training/... "
                            f"con extensión {', '.join(TABLE_EXTENSIONS)}")
    for path in paths or []:
        files.append((path, path.stem.lower()))
    if not files:
        raise DataError("indique --data CARPETA o uno o más archivos")
    report_lines: list[str] = []
    rejected_all: list[pd.DataFrame] = []
    table = Table(title="Validación")
    for column in ("Archivo", "Filas", "Aceptadas", "Rechazadas"):
        table.add_column(column, justify="left" if column == "Archivo" else "right")
    file_errors = 0
    for path, stem in files:
        try:
            if stem == "returnees" or (kind is None and "retorn" in stem):
                result = read_returnees(path, errors="report", progress=not quiet)
            else:
                result = read_opportunities(path, kind=kind or FILE_KINDS.get(stem),
                                            errors="report")
        except DataError as exc:
            file_errors += 1
            table.add_row(path.name, "-", "-", "[red]no se pudo leer[/]")
            report_lines.append(str(exc))
            continue
        accepted, rejected = result
        total = len(accepted) + len(rejected)
        table.add_row(path.name, f"{total:,}", f"{len(accepted):,}", f"{len(rejected):,}")
        report_lines.append(f"{path.name}: {total} filas, {len(accepted)} aceptadas, "
                            f"{len(rejected)} rechazadas")
        for r in rejected.itertuples(index=False):
            report_lines.append(f"  - fila {r.row}, columna '{r.column}' (valor '{r.value}'): "
                                f"{r.reason}")
        if "kind" in accepted:  # services kept, but say which ones no stage can use
            report_lines.extend(f"  - {line}" for line in _unclassified_services(
                accepted, rejected, path))
        if len(rejected):
            rejected_all.append(rejected)
    console.print(table)
    rejected_frame = (pd.concat(rejected_all, ignore_index=True) if rejected_all
                      else pd.DataFrame(columns=REJECTED_COLUMNS))
    out.mkdir(parents=True, exist_ok=True)
    report = out / "reporte_validacion.txt"
    if report.exists() and not force:
        raise DataError(f"{report}: ya existe; use --force para reemplazarlo")
    report.write_text("\n".join(report_lines) + "\n", encoding="utf-8")
    write_table(rejected_frame, out / "filas_rechazadas.csv", force=force,
                headers={"file": "Archivo", "row": "Fila", "column": "Columna",
                         "value": "Valor", "reason": "Motivo"})
    for line in report_lines[:40]:
        console.print(line, markup=False, soft_wrap=True)
    if len(report_lines) > 40:
        console.print(f"... {len(report_lines) - 40} líneas más en {report}")
    console.print(f"Reporte: {report}\nFilas rechazadas: {out / 'filas_rechazadas.csv'}")
    if len(rejected_frame) or file_errors:
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
    force: ForceOption = False,
) -> None:
    """Ejecutar todo el flujo con la muestra ilustrativa y escribir sus salidas en --out.

    (Run the whole pipeline on the bundled illustrative sample.)
    """
    from oportumap.io import write_table
    from oportumap.sample import load_sample

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
        main_table, sheets = plan_sheets(plan, dataset)
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
    console.print(f"Abra {out / 'map.html'} en cualquier navegador: funciona sin internet. "
                  "Datos ilustrativos (ficticios).")


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
    dataset = _load(data, quiet)
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

    dataset = _load(data, quiet)
    times = (read_travel_times(travel_times, country=dataset.country)
             if travel_times is not None else None)
    start = time.perf_counter()
    with console.status("Calculando referencias..."):
        result = referral_plan(dataset, top=top, max_km=max_km,
                               capacity_factor=capacity_factor, lang=lang,
                               travel_times=times, max_minutes=max_minutes, as_of=as_of)
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
    for note in notes:
        console.print(note, markup=False, soft_wrap=True)


def _unclassified_services(accepted, rejected, path: Path) -> list[str]:
    """validate's note for service rows whose type cannot be told (file row numbers)."""
    import numpy as np

    from oportumap.referrals.pathway import unclassified_services

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
    dataset = _load(data, quiet)
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
    dataset = _load(data, quiet, label=label)
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
    dataset = _load(data, quiet, label=label)
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
        main_table, sheets = plan_sheets(result, dataset)
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


from oportumap.cli.country import country_app  # noqa: E402  (needs app, console above)

app.add_typer(country_app)


def main() -> None:  # pragma: no cover - console entry point
    """Entry point used by ``python -m oportumap``."""
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
