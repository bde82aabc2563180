"""The command-line options shared by commands, each defined once.

A command declares ``data: DataOption`` and gets the same flag, short name and help as
every other command; the reach options (``--max-km``, ``--max-minutes``,
``--travel-times``) mean the same in ``profile``, ``referrals`` and ``plan``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from oportumap.cli.common import REJECTED_FILE

DataOption = Annotated[Path, typer.Option(
    "--data", "-d", help="Carpeta con returnees.csv, vacancies.csv, training.csv, ... "
    "(data folder)", file_okay=False)]
ForceOption = Annotated[bool, typer.Option("--force", help="Reemplazar salidas existentes "
                                           "(overwrite existing outputs)")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Sin barras de progreso "
                                           "(no progress bars)")]

LabelOption = Annotated[str | None, typer.Option(
    "--label", help="Rótulo de los datos en mapas y planes, p. ej. 'Oficina Occidente, "
    "30/09/2025' (por defecto el nombre de la carpeta, nunca su ruta) (data label)")]

CountryOption = Annotated[str, typer.Option(
    "--country", "-c", help="País de los datos: GT (por defecto) o un país registrado con "
    "'oportumap country add' (country code)")]
StrictOption = Annotated[bool, typer.Option(
    "--strict", help="Todo o nada: no producir salida si alguna fila se rechaza "
    "(all-or-nothing)")]
RejectedOption = Annotated[Path | None, typer.Option(
    "--rejected", help=f"Dónde escribir las filas rechazadas (por defecto {REJECTED_FILE} "
    "junto a la salida)", dir_okay=False)]
MaxKmOption = Annotated[float | None, typer.Option(
    "--max-km", min=0.1, help="Alcance en km para todo tipo de oportunidad (por defecto según "
    "el tipo: vacantes 40, formación 60, certificación 150, emprendimiento y servicios 100)")]
MaxMinutesOption = Annotated[float | None, typer.Option(
    "--max-minutes", min=1, help="Alcance en minutos: con --travel-times, de la tabla; sin "
    "ella, estimado por distancia (se indica en la salida)")]
TravelTimesOption = Annotated[Path | None, typer.Option(
    "--travel-times", help="Tiempos de viaje entre municipios: CSV, Excel o Parquet con "
    "origen,destino,minutos (o origin,destination,minutes), p. ej. de 'oportumap "
    "travel-times', OSRM o r5py; los códigos se leen con el país de los datos",
    dir_okay=False)]
LangOption = Annotated[str, typer.Option("--lang", help="Idioma de las salidas: es o en")]
DbOption = Annotated[str | None, typer.Option(
    "--db", help="Base de seguimiento: archivo SQLite (.db) o URL postgresql+psycopg://... "
    "(o variable OPORTUMAP_DB)", envvar="OPORTUMAP_DB", show_envvar=False)]
