"""The analysis commands: ``profile``, ``referrals``, ``map`` and ``plan``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from oportumap.cli.common import (
    check_output,
    console,
    pd_isna,
    user_errors,
)
from oportumap.cli.options import (
    CountryOption,
    DataOption,
    DbOption,
    ForceOption,
    HxlOption,
    LabelOption,
    LangOption,
    MaxKmOption,
    MaxMinutesOption,
    QuietOption,
    RejectedOption,
    StrictOption,
    TravelTimesOption,
)
from oportumap.cli.reading import (
    estimated_minutes_note,
    load_data,
    read_times,
)
from oportumap.errors import DataError
from oportumap.files import refuse_input


@user_errors
def referrals_command(
    data: DataOption,
    out: Annotated[Path, typer.Option("--out", "-o", help="Archivo .xlsx, .csv o .parquet")],
    top: Annotated[int, typer.Option("--top", min=1, help="Referencias por persona")] = 5,
    max_km: MaxKmOption = None,
    capacity_factor: Annotated[float, typer.Option(
        "--capacity-factor", min=0.1, help="Máximo de referencias por plaza o cupo")] = 3.0,
    lang: LangOption = "es",
    travel_times: TravelTimesOption = None,
    max_minutes: MaxMinutesOption = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Fecha de corte AAAA-MM-DD: no se refieren ofertas cerradas a esa "
        "fecha (por defecto, la fecha de los datos)")] = None,
    by_department: Annotated[bool, typer.Option(
        "--by-department", help="Un archivo por departamento (para listas nacionales)")
    ] = False,
    country: CountryOption = "GT",
    strict: StrictOption = False,
    rejected: RejectedOption = None,
    db: DbOption = None,
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

    from oportumap.referrals import referral_plan

    check_output(out, force)
    dataset = load_data(data, quiet, out=out, country=country, strict=strict, rejected=rejected)
    refuse_input(out)  # never the registry itself, with or without --force
    times = read_times(travel_times, dataset)
    start = time.perf_counter()
    with console.status("Calculando referencias..."):
        options = dict(top=top, max_km=max_km, capacity_factor=capacity_factor, lang=lang,
                       travel_times=times, max_minutes=max_minutes, as_of=as_of)
        if db:  # seats already used come from the store; the run is recorded after writing
            from oportumap.tracking.capacity import plan_for_store

            result = plan_for_store(dataset, db, **options)
        else:
            result = referral_plan(dataset, **options)
    try:
        result, notes = _write_and_record(result, dataset, out, db=db, lang=lang, force=force,
                                          by_department=by_department, quiet=quiet)
    except DataError as exc:
        kept = ("la base de seguimiento y los archivos quedaron como estaban" if db
                else "los archivos quedaron como estaban")
        raise DataError(f"{exc}\nNo se entregó ninguna lista: {kept}.") from None
    frame = result.referrals
    people = frame["returnee_id"].nunique()
    console.print(f"{len(frame):,} referencias para {people:,} de {result.considered:,} "
                  f"retornados (fecha de corte {result.settings['as_of']}) en "
                  f"{time.perf_counter() - start:.1f} s -> {out}")
    unmet = result.unmet_demand
    console.print(f"Necesidades sin referencia (persona x etapa): {int(unmet['unmet'].sum()):,} "
                  f"en {len(unmet):,} grupos de municipio, etapa y ocupación; detalle en "
                  "la hoja «Demanda no cubierta» del libro Excel.")
    if db:
        remaining = result.remaining
        used = int((remaining["used"] > 0).sum())
        full = int(((remaining["used"] > 0) & (remaining["remaining"] == 0)).sum())
        console.print(f"{result.recorded:,} referencias nuevas registradas en la base "
                      f"de seguimiento (columna «ID referencia»); {used:,} ofertas con plazas "
                      f"ya ocupadas, {full:,} sin plazas restantes.")
    for note in notes:
        console.print(note, markup=False, soft_wrap=True)


def _write_and_record(result, dataset, out: Path, *, db, lang: str, force: bool,
                      by_department: bool, quiet: bool):
    """Write the lists beside ``out`` and, with ``db``, record the run: all or nothing.

    The workbooks are written in a private staging folder, moved into place together, and
    only then is the run committed to the store, inside the same transaction: a failure
    anywhere puts the previous files back and records nothing.
    """
    from oportumap.exports.referrals import write_referrals
    from oportumap.files import publish, staging_folder

    with staging_folder(out.parent) as stage:
        notes = write_referrals(result, stage / out.name, lang=lang, force=True,
                                by_department=by_department, progress=not quiet)
        pairs = [(f, out.parent / f.name) for f in sorted(stage.iterdir())
                 if not f.name.startswith(".")]
        for _new, target in pairs:
            refuse_input(target)
            if target.exists() and not force:
                raise DataError(f"{target}: ya existe; use --force para reemplazarlo")
        if not db:
            publish(pairs).finish()
            return result, notes
        from oportumap.tracking.capacity import record_plan
        from oportumap.tracking.store import exists, remove_new_store

        fresh = not exists(db)
        published = []
        try:
            result = record_plan(result, db, dataset=dataset,
                                 before_commit=lambda: published.append(publish(pairs)))
        except BaseException:
            for done in published:
                done.undo()
            if fresh:  # a store this failed run made is not left behind
                remove_new_store(db)
            raise
        for done in published:
            done.finish()
    return result, notes


@user_errors
def profile(
    data: DataOption,
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="Archivo .csv, .xlsx, .parquet o .gpkg (QGIS)")],
    max_km: MaxKmOption = None,
    max_minutes: MaxMinutesOption = None,
    travel_times: TravelTimesOption = None,
    by: Annotated[str, typer.Option(help="municipio o departamento")] = "municipio",
    no_suppress: Annotated[bool, typer.Option(
        "--no-suppress", help="No ocultar conteos < 5 (solo para uso interno)")] = False,
    lang: LangOption = "es",
    hxl: HxlOption = False,
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
    from oportumap.access import department_profile, municipality_profile
    from oportumap.exports.ecosystem import counts_as_numbers, with_pcodes, write_gpkg
    from oportumap.exports.tables import write_table
    from oportumap.privacy import shareable_profile

    if by not in ("municipio", "departamento"):
        raise DataError("--by debe ser 'municipio' o 'departamento'")
    check_output(out, force)
    dataset = load_data(data, quiet, out=out, country=country, strict=strict, rejected=rejected)
    times = read_times(travel_times, dataset)
    estimated_minutes_note(max_minutes, travel_times)
    table = municipality_profile(dataset, max_km=max_km, max_minutes=max_minutes,
                                 travel_times=times)
    municipalities = table
    if by == "departamento":
        table = department_profile(table)
    shown = table if no_suppress else shareable_profile(
        table, municipalities=municipalities if by == "departamento" else None, lang=lang)
    shown = with_pcodes(shown, dataset.country)
    if out.suffix.lower() == ".gpkg":
        write_gpkg({"perfil" if lang == "es" else "profile": counts_as_numbers(shown)}, out,
                   boundaries=dataset.boundaries, force=force)
    else:
        write_table(shown, out, headers=lang, force=force, hxl=hxl,
                    country=dataset.country)
    name = "muni_name" if by == "municipio" else "dept_name"
    top = Table(title="Mayor brecha (retornados sin plaza alcanzable, promedio por tipo)")
    for column in ("Prioridad", "Lugar", "Retornados", "Brecha"):
        top.add_column(column)
    for row in shown.head(10).itertuples(index=False):
        top.add_row(str(row.priority_rank), str(getattr(row, name)), str(row.returnees),
                    "" if pd_isna(row.gap_score) else f"{row.gap_score:,.1f}")
    console.print(top)
    console.print(f"{len(table)} filas -> {out}")


@user_errors
def map_command(
    data: DataOption,
    out: Annotated[Path, typer.Option("--out", "-o", help="Archivo .html (o .png/.pdf)")],
    color_by: Annotated[str | None, typer.Option(
        "--color-by", help="Columna del perfil que da el color (por defecto una tasa o la "
        "brecha, nunca un conteo: returnees_per_10k con --population, placement_rate con "
        "--db, si no gap_score); también priority_rank, vacancy_2sfca, ...")] = None,
    population: Annotated[Path | None, typer.Option(
        "--population", help="Población por municipio (CSV o Excel: municipio o código y "
        "población): colorea por retornados por 10 000 habitantes", dir_okay=False)
    ] = None,
    db: DbOption = None,
    scheme: Annotated[str, typer.Option(
        help="Clasificación: quantiles, natural_breaks o equal_interval")] = "quantiles",
    lang: LangOption = "es",
    online: Annotated[bool, typer.Option(
        "--online", help="Agregar mapa base en línea (OpenStreetMap); requiere internet")
    ] = False,
    title: Annotated[str | None, typer.Option(help="Título del mapa")] = None,
    travel_times: TravelTimesOption = None,
    max_minutes: MaxMinutesOption = None,
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
    check_output(out, force)
    dataset = load_data(data, quiet, out=out, country=country, strict=strict, rejected=rejected,
                    label=label)
    times = read_times(travel_times, dataset)
    estimated_minutes_note(max_minutes, travel_times)
    if db is not None and "://" not in str(db) and not Path(db).exists():
        raise DataError(f"{db}: la base de seguimiento no existe; revise la ruta")
    with console.status("Construyendo el mapa..."):
        # Gap and rank in minutes by road when a travel-time table is given.
        profile = municipality_profile(dataset, max_minutes=max_minutes, travel_times=times)
        if population is not None:
            from oportumap.access import with_population
            from oportumap.loaders.population import read_population

            profile = with_population(profile, read_population(population,
                                                               country=dataset.country))
        if db is not None:  # the outcome layer: placement rate and its base per municipality
            from oportumap.tracking.funnel import with_outcomes

            profile = with_outcomes(profile, db)
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


@user_errors
def plan(
    data: DataOption,
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="Archivo .xlsx, .csv, .parquet o .gpkg (QGIS)")],
    kind: Annotated[str, typer.Option(
        help="Tipo a planificar: certification, training, vacancy, entrepreneurship, service")
    ] = "certification",
    new: Annotated[int | None, typer.Option(
        "--new", min=0, help="Sitios nuevos a elegir (por defecto 3)")] = None,
    max_km: MaxKmOption = None,
    max_minutes: MaxMinutesOption = None,
    travel_times: TravelTimesOption = None,
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
    hxl: HxlOption = False,
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
    from oportumap.exports.ecosystem import counts_as_numbers, with_pcodes, write_gpkg
    from oportumap.exports.plans import plan_sheets
    from oportumap.exports.tables import write_table
    from oportumap.i18n import text
    from oportumap.planning import plan_capacity

    check_plan_options(new=new, capacitated=capacitated, seats=seats, map_path=map_path,
                       add_seats=add_seats)
    new = 3 if new is None else new
    check_output(out, force)
    dataset = load_data(data, quiet, out=out, country=country, strict=strict, rejected=rejected,
                        label=label)
    times = read_times(travel_times, dataset)
    estimated_minutes_note(max_minutes, travel_times)
    if add_seats is not None:
        from oportumap.planning import plan_seats
        from oportumap.privacy import suppress_shared

        with console.status("Repartiendo cupos..."):
            seat_plan = plan_seats(dataset, kind=kind, extra_seats=add_seats, max_km=max_km,
                                   max_minutes=max_minutes, travel_times=times,
                                   standard=standard)
        table = seat_plan.sites
        shown = suppress_shared(table, count="served_before")
        shown = with_pcodes(shown.rename(columns={"site": "muni_code"}), dataset.country)
        if out.suffix.lower() == ".gpkg":
            write_gpkg({"cupos": counts_as_numbers(shown)}, out,
                       boundaries=dataset.boundaries, force=force)
        else:
            write_table(shown, out, force=force, hxl=hxl, country=dataset.country)
        console.print(f"Atendidos: {seat_plan.served_before:,.0f} hoy -> "
                      f"{seat_plan.served_after:,.0f} con {add_seats} cupos más.")
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
    main_table = with_pcodes(main_table.rename(columns={"site": "muni_code"}),
                             dataset.country)
    municipalities = with_pcodes(sheets[text("sheet.municipalities")], dataset.country) \
        if text("sheet.municipalities") in sheets else None
    if out.suffix.lower() == ".gpkg":
        layers = {"sitios": counts_as_numbers(main_table)}
        if municipalities is not None:
            layers["municipios"] = counts_as_numbers(municipalities)
        write_gpkg(layers, out, boundaries=dataset.boundaries, force=force)
    else:
        if municipalities is not None:
            sheets = {**sheets, text("sheet.municipalities"): municipalities}
        write_table(main_table, out, sheet_name=text("sheet.sites"),
                    sheets=sheets if out.suffix.lower() == ".xlsx" else None, force=force,
                    hxl=hxl, country=dataset.country)
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
