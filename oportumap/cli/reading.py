"""Reading a data folder for a command: valid rows kept, rejected rows written, one summary."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from oportumap.cli.common import (
    EXIT_NO_OUTPUT,
    REJECTED_FILE,
    console,
    err_console,
)


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
    returnees = getattr(dataset, "returnees", None)
    if returnees is not None and not len(returnees):  # "all accepted" of nothing: no
        from oportumap.i18n import text

        lines = [line for line in lines if line != text("read.all_ok")]
    from oportumap.i18n import agree

    lines = [agree(line) for line in lines]
    for line in lines:
        console.print(line, markup=False, soft_wrap=True)
    return lines


def write_rejected(dataset, path: Path) -> None:
    """Write the rejected rows (refreshing an earlier list; never an input file)."""
    import pandas as pd

    from oportumap.exports.tables import write_table
    from oportumap.validation import REJECTED_COLUMNS

    table = dataset.rejected if len(dataset.rejected) else pd.DataFrame(
        columns=REJECTED_COLUMNS)
    write_table(table[REJECTED_COLUMNS], path, force=True,
                private=True)  # rows as typed: IDs, names, phones


def load_data(data: Path, quiet: bool, *, out: Path | None = None, country: str = "GT",
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
        write_rejected(dataset, target)  # refreshed: the command's own report
    print_read_summary(dataset, target if len(dataset.rejected) else None)
    if strict and (len(dataset.rejected) or problems.any()):
        err_console.print("Con --strict no se produce ninguna salida si hay filas rechazadas "
                          "o archivos que no se pudieron usar; corríjalos o quite --strict.")
        raise typer.Exit(EXIT_NO_OUTPUT)
    if not len(dataset.returnees):
        if len(dataset.rejected):
            from oportumap.i18n import plural

            n = plural(len(dataset.rejected), "problema", "problemas")
            err_console.print(f"Ninguna fila de retornados es válida ({n}): "
                              f"no se produjo ninguna salida. Corrija las filas listadas en "
                              f"{target} y vuelva a ejecutar.", soft_wrap=True)
        else:
            err_console.print("El archivo de retornados no tiene filas de datos (está vacío o "
                              "solo tiene encabezados): no se produjo ninguna salida. Agregue "
                              "las filas de retornados y vuelva a ejecutar.", soft_wrap=True)
        raise typer.Exit(EXIT_NO_OUTPUT)
    return dataset


def summary_table(dataset, title: str) -> Table:
    from oportumap.exports.columns import code_word

    table = Table(title=title, show_lines=False)
    table.add_column("Datos")
    table.add_column("Filas", justify="right")
    table.add_column("Plazas / cupos", justify="right")
    summary = dataset.summary()
    for key, row in summary.iterrows():
        capacity = "" if row["capacity"] is None or str(row["capacity"]) == "<NA>" else \
            f"{int(row['capacity']):,}"
        table.add_row(str(code_word("dataset", key)), f"{int(row['rows']):,}", capacity)
    return table




def read_times(path: Path | None, dataset):
    """The travel-time table of ``path`` read with the dataset's own country (codes such
    as ``101`` mean Costa Rica's canton 101 there, Guatemala's 0101 here); None without."""
    if path is None:
        return None
    from oportumap.costs import read_travel_times

    return read_travel_times(path, country=dataset.country)


def unclassified_services_note(result, path: Path) -> list[str]:
    """validate's note for service rows whose type cannot be told (file row numbers)."""
    from oportumap.referrals.pathway import unclassified_services

    return unclassified_services(result.data, path.name, result.row_numbers)


def estimated_minutes_note(max_minutes: float | None, travel_times: Path | None) -> None:
    """Say that --max-minutes without a table means the distance estimate."""
    if max_minutes is not None and travel_times is None:
        from oportumap.costs import DEFAULT_CIRCUITY, DEFAULT_SPEED_KMH

        km = max_minutes * DEFAULT_SPEED_KMH / (DEFAULT_CIRCUITY * 60)
        console.print(f"Sin --travel-times: {max_minutes:g} min se estiman por distancia "
                      f"({DEFAULT_SPEED_KMH:g} km/h, rodeo x{DEFAULT_CIRCUITY:g}) = {km:.1f} km "
                      "en línea recta.", markup=False)
