"""``oportumap brief``: one page per department for a coordination meeting."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer

from oportumap.cli.common import console, user_errors
from oportumap.cli.options import (
    CountryOption,
    DataOption,
    DbOption,
    ForceOption,
    LabelOption,
    LangOption,
    MaxKmOption,
    MaxMinutesOption,
    QuietOption,
    RejectedOption,
    StrictOption,
    TravelTimesOption,
)
from oportumap.cli.reading import estimated_minutes_note, load_data, read_times
from oportumap.errors import DataError


@user_errors
def brief_command(
    data: DataOption,
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="Carpeta de los informes (informe_<departamento>.html, .pdf e "
        "indice.html)", file_okay=False)] = Path("informes"),
    departamento: Annotated[list[str] | None, typer.Option(
        "--departamento", "--department", help="Departamento (nombre o código); repetible. "
        "Sin él, todos los departamentos (como --all)")] = None,
    all_departments: Annotated[bool, typer.Option(
        "--all", help="Un informe por departamento, con una página índice (por defecto)")
    ] = False,
    pdf: Annotated[bool, typer.Option(
        "--pdf", help="Además, cada informe en PDF (A4, para imprimir)")] = False,
    compare: Annotated[Path | None, typer.Option(
        "--compare", help="Carpeta con los informes anteriores: agrega «Qué cambió»",
        file_okay=False, exists=True)] = None,
    db: DbOption = None,
    max_km: MaxKmOption = None,
    max_minutes: MaxMinutesOption = None,
    travel_times: TravelTimesOption = None,
    lang: LangOption = "es",
    label: LabelOption = None,
    country: CountryOption = "GT",
    strict: StrictOption = False,
    rejected: RejectedOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
) -> None:
    """Informe por departamento: cifras clave, mapa, prioridades, referencias y seguimiento.

    Un HTML que abre sin internet (y, con --pdf, el mismo en A4) por departamento; con
    --all, los de todos los departamentos y un índice. Solo agregados protegidos (conteos
    menores que 5 como «<5», sin totales que los devuelvan). (Department briefs.)
    """
    from oportumap.access import municipality_profile
    from oportumap.brief import write_briefs
    from oportumap.referrals import referral_plan

    if departamento and all_departments:
        raise DataError("use --departamento o --all, no ambos")
    if db is not None and "://" not in db and not Path(db).exists():
        raise DataError(f"{db}: la base de seguimiento no existe; revise la ruta")
    dataset = load_data(data, quiet, out=out / "resumen.csv", country=country, strict=strict,
                        rejected=rejected, label=label)
    times = read_times(travel_times, dataset)
    estimated_minutes_note(max_minutes, travel_times)
    with console.status("Calculando acceso, brechas y referencias..."):
        profile = municipality_profile(dataset, max_km=max_km, max_minutes=max_minutes,
                                       travel_times=times)
        result = referral_plan(dataset, max_km=max_km, max_minutes=max_minutes,
                               travel_times=times, lang=lang)
    from oportumap.cli.recipe import CURRENT

    made = CURRENT.get()
    recipe = (f"receta {made['hash']}: " if made else "") + " ".join(shlex.quote(str(a)) for a in [
        "oportumap", "brief", "--data", data, "--out", out,
        *(["--all"] if all_departments or not departamento else
          [x for d in departamento or [] for x in ("--departamento", d)]),
        *(["--pdf"] if pdf else []), *(["--db", db] if db else []),
        *(["--max-km", max_km] if max_km is not None else []),
        *(["--max-minutes", max_minutes] if max_minutes is not None else []),
        *(["--travel-times", travel_times] if travel_times else []),
        *(["--country", country] if country != "GT" else []),
        *(["--lang", lang] if lang != "es" else [])])
    done: list[str] = []
    with console.status("Escribiendo los informes...") as status:
        written = write_briefs(
            dataset, out, departments=departamento or None, db=db, pdf=pdf, compare=compare,
            profile=profile, referral_result=result, lang=lang, recipe=recipe, force=force,
            settings={"max_km": max_km, "max_minutes": max_minutes},
            progress=lambda name: (done.append(name),
                                   status.update(f"Informes: {len(done)} ({name})")))
    for path in written:
        console.print(f"  {path}", markup=False)
    console.print(f"{len(done)} informe(s) en {out}: abren sin internet.", markup=False)
