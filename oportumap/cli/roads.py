"""``oportumap travel-times``: minutes by road from a planner's OpenStreetMap extract."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from oportumap.cli.common import EXIT_NO_OUTPUT, check_output, console, err_console, user_errors
from oportumap.cli.options import (
    CountryOption,
    ForceOption,
    QuietOption,
    RejectedOption,
    StrictOption,
)
from oportumap.cli.reading import load_data
from oportumap.errors import DataError

#: Lines of each list (far snaps, unreachable places) printed; the file has them all.
SHOWN = 10


def _sibling(out: Path, suffix: str) -> Path:
    name = out.name
    for ext in (".parquet", ".csv", ".xlsx"):
        if name.lower().endswith(ext):
            return out.with_name(name[: -len(ext)] + suffix + ext)
    return out.with_name(name + suffix)


@user_errors
def travel_times_command(
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="Tabla origen,destino,minutos: .parquet, .csv o .xlsx")],
    osm: Annotated[Path | None, typer.Option(
        "--osm", help="Extracto de OpenStreetMap: .osm.pbf (o .osm, .osm.bz2) [obligatorio]",
        dir_okay=False, show_default=False)] = None,
    speeds: Annotated[Path | None, typer.Option(
        "--speeds", help="Sus velocidades: CSV highway,kmh[,surface], usadas tal cual; las "
        "clases que no estén no se recorren", dir_okay=False)] = None,
    profile: Annotated[str, typer.Option(
        "--profile", help="car (por defecto), bus (más lento, con espera) o walk (5 km/h)")
    ] = "car",
    origins: Annotated[Path | None, typer.Option(
        "--origins", help="Sus orígenes: CSV id,lat,lon[,name] (por defecto, las cabeceras "
        "municipales)", dir_okay=False)] = None,
    destinations: Annotated[Path | None, typer.Option(
        "--destinations", help="Sus destinos: CSV id,lat,lon[,name] (por defecto, cabeceras "
        "y, con --data, las oportunidades)", dir_okay=False)] = None,
    data: Annotated[Path | None, typer.Option(
        "--data", "-d", help="Carpeta de datos: tiempos a cada oportunidad y comparación de "
        "la prioridad en minutos frente a km", file_okay=False)] = None,
    country: CountryOption = "GT",
    strict: StrictOption = False,
    rejected: RejectedOption = None,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="Dirección de un clúster Dask (tcp://HOST:8786); por defecto, "
        "procesos en esta computadora")] = None,
    workers: Annotated[int | None, typer.Option(
        "--workers", min=1, help="Procesos locales (por defecto, todos los núcleos)")] = None,
    max_minutes: Annotated[float, typer.Option(
        "--max-minutes", min=1, help="Viaje más largo que se guarda (minutos)")] = 240.0,
    top: Annotated[int, typer.Option(
        "--top", min=1, help="Municipios de mayor prioridad a comparar (con --data)")] = 20,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Calcular de nuevo aunque haya un resultado guardado")] = False,
    force: ForceOption = False,
    quiet: QuietOption = False,
) -> None:
    """Tiempos de viaje por camino desde un extracto de OpenStreetMap.

    Escribe la tabla origen,destino,minutos entre cabeceras municipales que aceptan
    profile, referrals y plan (--travel-times), y con --data también los minutos de cada
    cabecera a cada oportunidad (ARCHIVO_oportunidades) y la comparación de la prioridad
    en minutos frente a km. Los lugares a más de 2 km del camino, y los inalcanzables, se
    nombran (ARCHIVO_lugares.csv). Un segundo cálculo con las mismas entradas sale de la
    caché. (Travel times by road from an OpenStreetMap extract.)
    """
    from oportumap.exports.tables import write_table
    from oportumap.i18n import text
    from oportumap.roads.speeds import PROFILES
    from oportumap.travel import read_points, travel_times

    if data is not None and not data.is_dir():
        raise DataError(f"{data}: la carpeta de datos no existe; corrija la ruta de --data")
    if osm is None:
        raise DataError("indique el extracto de OpenStreetMap con --osm ARCHIVO.osm.pbf "
                        "(dónde conseguirlo: docs/guia/tiempos_de_viaje.md)")
    if profile not in PROFILES:
        raise DataError(f"--profile '{profile}' no existe; use car, bus o walk")
    if out.suffix.lower() not in (".parquet", ".csv", ".xlsx"):
        raise DataError(f"{out.name}: use la extensión .parquet, .csv o .xlsx")
    opp_path = _sibling(out, "_oportunidades")
    places_path = _sibling(out, "_lugares").with_suffix(".csv")
    for path in (out, opp_path if data is not None else None):
        if path is not None:
            check_output(path, force)
    if not osm.is_file():
        raise DataError(f"{osm}: el extracto de OpenStreetMap no existe; descárguelo (vea "
                        "docs/guia/tiempos_de_viaje.md) o corrija la ruta")
    points = {}
    for role, path in (("origins", origins), ("destinations", destinations)):
        if path is None:
            continue
        read = read_points(path)
        for problem in read.rejected[:5]:
            err_console.print(f"  {problem}", markup=False, soft_wrap=True)
        if read.rejected:
            err_console.print(text("roads.points_rejected").format(
                file=read.file, rejected=len(read.rejected), used=len(read.frame)),
                markup=False)
        if not len(read.frame):
            err_console.print(text("roads.no_points").format(file=read.file), markup=False)
            raise typer.Exit(EXIT_NO_OUTPUT)
        points[role] = read.frame
    dataset = (load_data(data, quiet, out=out, country=country, strict=strict,
                         rejected=rejected) if data is not None else None)
    done = [0]
    with console.status(text("roads.computing")) as status:
        def progress(n: int) -> None:
            done[0] += n
            if not quiet:
                status.update(f"{text('roads.computing')} "
                              f"{text('roads.origins_done').format(n=done[0])}")

        result = travel_times(osm, dataset, origins=points.get("origins"),
                              destinations=points.get("destinations"), country=country,
                              profile=profile, speeds=speeds, max_minutes=max_minutes,
                              workers=workers, scheduler=scheduler, cache=not no_cache,
                              progress=progress)
    _print_network(result)
    private = bool(points)  # a planner's points may be homes: owner-only files
    problems = result.places[result.places["status"] != "ok"].drop_duplicates(
        ["id", "lat", "lon"])
    if len(problems):
        columns = ["role", "id", "name", "lat", "lon", "snap_km", "status", "reason"]
        shown = problems[columns].round({"snap_km": 2}).assign(
            role=problems["role"].map(lambda v: text(f"roads.role.{v}")),
            status=problems["status"].map(lambda v: text(f"roads.status.{v}")))
        with _owner_only(private):
            write_table(shown, places_path, force=True)
    _print_places(result, places_path)
    if not len(result.table):
        err_console.print(text("roads.no_pairs").format(max_minutes=max_minutes),
                          markup=False)
        raise typer.Exit(EXIT_NO_OUTPUT)
    with _owner_only(private):
        write_table(_spanish(result.table), out, headers=None, force=force)
    console.print(text("roads.written").format(rows=len(result.table), max_minutes=max_minutes,
                                               out=out), markup=False)
    if data is not None and len(result.opportunities):
        write_table(_spanish(result.opportunities), opp_path, headers=None, force=force)
        console.print(text("roads.written_opportunities").format(
            rows=len(result.opportunities), out=opp_path), markup=False)
    if dataset is not None and origins is None and destinations is None:
        _print_ranking(dataset, result.table, top)


def _spanish(table):
    """The table every command reads: origen, destino, minutos (0.1 min)."""
    return table.rename(columns={"origin": "origen", "destination": "destino",
                                 "minutes": "minutos"}).round({"minutos": 1})


@contextmanager
def _owner_only(private: bool) -> Iterator[None]:
    """Files written inside are created 0600 when ``private`` (the atomic writer gives a
    new file the permissions the umask allows, so there is no moment it is readable)."""
    if not private:
        yield
        return
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def _print_network(result) -> None:
    from oportumap.i18n import text

    net = result.network
    if result.from_cache:
        console.print(text("roads.cached").format(folder=result.cache_folder), markup=False)
    console.print(text("roads.network").format(
        profile=result.profile, ways=net.ways, used=net.ways_used, km=net.road_km,
        nodes=net.nodes, graph_nodes=net.graph_nodes, edges=net.graph_edges), markup=False)
    if net.pieces > 1:
        console.print(text("roads.pieces").format(pieces=net.pieces, others=net.pieces - 1),
                      markup=False)
    if net.missing_locations:
        console.print(text("roads.missing_locations").format(n=net.missing_locations),
                      markup=False)
    if net.unused_classes:
        classes = ", ".join(f"{k} ({v:,} vías)" for k, v in sorted(net.unused_classes.items()))
        console.print(text("roads.unused_classes").format(classes=classes), markup=False)


def _print_places(result, places_path: Path) -> None:
    from oportumap.i18n import text
    from oportumap.roads.snap import REPORT_SNAP_KM

    for frame, header in ((result.far_snaps, "roads.far_header"),
                          (result.unreachable, "roads.unreachable_header")):
        if not len(frame):
            continue
        console.print(text(header).format(n=len(frame), km=REPORT_SNAP_KM), markup=False)
        for row in frame.head(SHOWN).itertuples(index=False):
            console.print(f"  {row.name} ({row.id}): {row.reason}", markup=False,
                          soft_wrap=True)
        if len(frame) > SHOWN:
            console.print(text("roads.more").format(n=len(frame) - SHOWN, file=places_path),
                          markup=False)


def _print_ranking(dataset, table, top: int) -> None:
    from oportumap.i18n import text
    from oportumap.travel import compare_rankings

    change = compare_rankings(dataset, table, top=top)
    console.print(text("roads.ranking_title"), style="bold")
    if not change.changed:
        console.print(text("roads.ranking_same").format(top=top), markup=False)
        return
    console.print(text("roads.ranking_changed").format(top=top, changed=change.changed),
                  markup=False)
    for row in change.entered.itertuples(index=False):
        console.print(text("roads.ranking_entered").format(
            name=row.muni_name, dept=row.dept_name, rank_minutes=int(row.rank_minutes),
            rank_km=int(row.rank_km)), markup=False)
    for row in change.left.itertuples(index=False):
        console.print(text("roads.ranking_left").format(
            name=row.muni_name, dept=row.dept_name, rank_minutes=int(row.rank_minutes),
            rank_km=int(row.rank_km)), markup=False)
