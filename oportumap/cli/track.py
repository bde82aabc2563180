"""``oportumap track ...`` (referral follow-up store) and ``oportumap outcomes``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from oportumap.cli.common import console, pd_isna, user_errors
from oportumap.cli.options import DbOption, ForceOption, LangOption
from oportumap.errors import DataError

track_app = typer.Typer(
    help="Seguimiento de referencias: importar estados, conflictos, exportar, actualizar "
    "la base. (Referral follow-up store.)",
    no_args_is_help=True,
)



@track_app.command("import")
def import_command(
    files: Annotated[list[Path], typer.Argument(
        help="Libros .xlsx (o .csv) llenados por los coordinadores", dir_okay=False)],
    db: DbOption = None,
    rejected: Annotated[Path, typer.Option(
        "--rejected", help="Archivo de filas rechazadas (.csv o .xlsx)")] = Path(
        "seguimiento_rechazadas.csv"),
    force: ForceOption = False,
) -> None:
    """Importar estados: agrega un evento por cambio, sin borrar nada del historial.

    Cada archivo es una transacción: si falla, no queda nada a medias. Las filas se
    reconocen por «ID referencia», no por su posición. (Import filled workbooks.)
    """
    @user_errors
    def run() -> None:
        import pandas as pd

        from oportumap.exports.tables import write_table
        from oportumap.i18n import text
        from oportumap.tracking.importer import REJECTED_COLUMNS, REJECTED_HEADERS_ES
        from oportumap.tracking.importer import import_status as run_import
        from oportumap.tracking.store import using

        all_rejected = []
        with using(db) as store:
            for path in files:
                summary = run_import(store, path)[0]
                console.print(summary.message(), markup=False, soft_wrap=True)
                for sheet in summary.sheets_skipped:
                    console.print(f"  hoja '{sheet}' sin «ID referencia»: no es una hoja "
                                      "de referencias (omitida)", markup=False)
                if summary.interpretations:
                    console.print("  " + text("tracking.import.understood"), markup=False)
                for said in summary.interpretations:
                    console.print(f"    {said}", markup=False, soft_wrap=True)
                for r in summary.rejected_rows.head(10).itertuples(index=False):
                    where = f"hoja '{r.sheet}', " if r.sheet else ""
                    console.print(f"  - {where}fila {r.row}, columna «{r.column}» (valor "
                                      f"'{r.value}'): {r.reason}", markup=False,
                                      soft_wrap=True)
                if len(summary.rejected_rows) > 10:
                    console.print(f"  ... {len(summary.rejected_rows) - 10:,} más en "
                                      f"{rejected}", markup=False)
                all_rejected.append(summary.rejected_rows)
        table = pd.concat(all_rejected, ignore_index=True) if all_rejected else \
            pd.DataFrame(columns=REJECTED_COLUMNS)
        if len(table):
            write_table(table, rejected, headers=REJECTED_HEADERS_ES, force=force)
            console.print(f"Filas rechazadas: {rejected} (corríjalas en el libro y "
                              "vuelva a importarlo)", markup=False)

    run()


@track_app.command("conflicts")
def conflicts_command(
    db: DbOption = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Guardar la lista (.csv "
                                             "o .xlsx)")] = None,
    force: ForceOption = False,
) -> None:
    """Conflictos: la misma referencia con estados distintos el mismo día (ambos guardados).

    Se resuelven importando el estado correcto con una fecha posterior. (Conflicts.)
    """
    @user_errors
    def run() -> None:
        from oportumap.exports.store import HEADERS_ES
        from oportumap.tracking.statuses import status_label
        from oportumap.tracking.timeline import conflicts

        table = conflicts(db)
        table["status"] = table["status"].map(status_label)
        if table.empty:
            console.print("Sin conflictos.")
            return
        days = table.groupby(["referral_id", "status_date"]).ngroups
        shown = Table(title=f"{days:,} conflictos (referencia y día con estados distintos)")
        for header in ("ID referencia", "Fecha", "Estado", "Archivo", "Hoja", "Fila"):
            shown.add_column(header)
        for r in table.head(40).itertuples(index=False):
            shown.add_row(r.referral_id, f"{r.status_date:%d/%m/%Y}", r.status,
                          str(r.source_file), str(r.sheet or ""), str(r.row))
        console.print(shown)
        if out is not None:
            from oportumap.exports.tables import write_table

            write_table(table, out, headers=HEADERS_ES, force=force)
            console.print(f"-> {out}")

    run()


@track_app.command("export")
def export_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Libro .xlsx")] = Path(
        "seguimiento.xlsx"),
    db: DbOption = None,
    lang: LangOption = "es",
    force: ForceOption = False,
) -> None:
    """Exportar la base: referencias con estado actual, historial, conflictos (respaldo)."""
    @user_errors
    def run() -> None:
        from oportumap.exports.store import export_store

        counts = export_store(db, out, lang=lang, force=force)
        console.print(", ".join(f"{name}: {n:,}" for name, n in counts.items())
                          + f" -> {out}", markup=False)

    run()


@track_app.command("upgrade")
def upgrade_command(db: DbOption = None) -> None:
    """Actualizar el esquema de la base a esta versión de oportumap (haga un respaldo antes)."""
    @user_errors
    def run() -> None:
        from oportumap.tracking.store import upgrade

        before, after = upgrade(db)
        if before == after:
            console.print(f"La base ya está en la versión {after} del esquema.")
        else:
            console.print(f"Esquema actualizado: {before or 'nuevo'} -> {after}.")

    run()


def outcomes_command(
    db: DbOption = None,
    by: Annotated[str, typer.Option(
        help="departamento, municipio, proveedor, ocupacion o etapa (o en inglés)")
    ] = "departamento",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Archivo .csv, .xlsx o "
                                             ".parquet")] = None,
    since: Annotated[str | None, typer.Option(help="Referencias emitidas desde (AAAA-MM-DD)")
                     ] = None,
    until: Annotated[str | None, typer.Option(help="Referencias emitidas hasta (AAAA-MM-DD)")
                     ] = None,
    no_suppress: Annotated[bool, typer.Option(
        "--no-suppress", help="No ocultar conteos < 5 (solo para uso interno)")] = False,
    lang: LangOption = "es",
    force: ForceOption = False,
) -> None:
    """Resultados de las referencias: contactados, inscritos, certificados, colocados.

    Tasas del embudo y mediana de días hasta la colocación, por departamento, municipio,
    proveedor, ocupación o etapa. Conteos menores que 5 se muestran como "<5" y las tasas
    sobre menos de 5 referencias quedan en blanco. (Referral outcomes.)
    """
    @user_errors
    def run() -> None:
        from oportumap.tracking.funnel import outcome_headers, outcomes, shareable_outcomes

        for value, name in ((since, "--since"), (until, "--until")):
            if value is not None:
                try:
                    import datetime as dt

                    dt.date.fromisoformat(value)
                except ValueError:
                    raise DataError(f"{name} '{value}': use una fecha AAAA-MM-DD") from None
        table = outcomes(db, by=by, since=since, until=until)
        shown = table if no_suppress else shareable_outcomes(table)
        headers = outcome_headers(lang)
        view = Table(title="Resultados de las referencias" if lang == "es"
                     else "Referral outcomes")
        columns = ["group", "name", "issued", "contacted", "placed", "placement_rate",
                   "median_days_to_placement"]
        for column in columns:
            view.add_column(headers[column], justify="left" if column in ("group", "name")
                            else "right")
        for row in shown.head(40).itertuples(index=False):
            cells = []
            for column in columns:
                value = getattr(row, column)
                if column.endswith("_rate"):
                    cells.append("" if pd_isna(value) else f"{value:.0%}")
                elif column.startswith("median"):
                    cells.append("" if pd_isna(value) else f"{value:.0f}")
                else:
                    cells.append(str(value))
            view.add_row(*cells)
        console.print(view)
        if out is not None:
            from oportumap.exports.tables import write_table

            write_table(shown, out, headers=headers if lang == "es" else "en", force=force)
            console.print(f"{len(shown):,} filas -> {out}")

    run()
