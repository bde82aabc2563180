"""``oportumap sample`` and ``oportumap demo``: illustrative data and the whole pipeline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from oportumap.cli.common import (
    console,
    user_errors,
)
from oportumap.cli.options import (
    CountryOption,
    ForceOption,
    QuietOption,
    RejectedOption,
    StrictOption,
)
from oportumap.cli.reading import (
    load_data,
    summary_table,
)
from oportumap.errors import DataError


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
    from oportumap.exports.tables import write_table
    from oportumap.sample import load_sample

    if data is not None:
        dataset = load_data(data, quiet, out=out / "resumen.csv", country=country, strict=strict,
                        rejected=rejected)
        out.mkdir(parents=True, exist_ok=True)
        console.print(summary_table(dataset, f"Datos de {data.name}"))
    else:
        out.mkdir(parents=True, exist_ok=True)
        with console.status("Cargando la muestra ilustrativa..."):
            dataset = load_sample()
        console.print(summary_table(dataset, "Muestra ilustrativa (datos ficticios)"))
    written: list[tuple[str, str]] = []

    def step(label: str, filename: str, action: Callable[[Path], object]) -> None:
        target = out / filename
        if target.exists() and not force:
            raise DataError(f"{target}: ya existe; use --force para reemplazar las salidas")
        with console.status(f"{label}..."):
            action(target)
        written.append((filename, label))

    step("Resumen de datos", "resumen.csv", lambda p: write_table(
        dataset.summary().rename_axis("dataset").reset_index(), p, force=force))

    def write_profile(path: Path) -> None:
        from oportumap.access import municipality_profile
        from oportumap.privacy import shareable_profile

        profile = shareable_profile(municipality_profile(dataset))
        write_table(profile, path, force=force)

    step("Acceso y brechas por municipio", "perfil.csv", write_profile)

    def write_map(path: Path) -> None:
        from oportumap.access import municipality_profile
        from oportumap.maps import opportunity_map, save_map, static_map

        profile = municipality_profile(dataset)
        save_map(opportunity_map(dataset, profile=profile), path, force=force)
        static_map(dataset, out / "mapa.png", profile=profile, force=force)

    step("Mapa interactivo sin conexión (y mapa.png para imprimir)", "mapa.html", write_map)

    def write_plan(path: Path) -> None:
        from oportumap.exports.plans import plan_sheets
        from oportumap.i18n import text
        from oportumap.planning import plan_capacity

        plan = plan_capacity(dataset, kind="certification", p_new=3, max_km=40)
        main_table, sheets = plan_sheets(plan)
        write_table(main_table, path, sheets=sheets, force=force,
                    sheet_name=text("sheet.sites"))

    step("Dónde abrir 3 centros de certificación (40 km)", "plan.xlsx", write_plan)

    def write_referrals(path: Path) -> None:
        from oportumap.exports.referrals import write_referrals
        from oportumap.referrals import referral_plan

        write_referrals(referral_plan(dataset), path, force=force)

    step("Listas de referencia por departamento", "referencias.xlsx", write_referrals)
    # -- more demo steps above this line --
    table = Table(title=f"Salidas en {out}")
    table.add_column("Archivo")
    table.add_column("Contenido")
    for filename, label in written:
        table.add_row(filename, label)
    console.print(table)
    console.print(f"Abra {out / 'mapa.html'} en cualquier navegador: funciona sin internet."
                  + (" Datos ilustrativos (ficticios)." if data is None else ""))
