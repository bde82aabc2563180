"""``oportumap track ...`` (referral follow-up store) and ``oportumap outcomes``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from oportumap.cli.common import console, pd_isna, user_errors
from oportumap.cli.options import (
    CountryOption,
    DbOption,
    ForceOption,
    LangOption,
    QuietOption,
)
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
    rejected: Annotated[Path | None, typer.Option(
        "--rejected", help="Archivo de filas rechazadas (.csv o .xlsx); por defecto uno por "
        "libro y por corrida: seguimiento_rechazadas_<libro>_<fecha-hora>.csv",
        dir_okay=False)] = None,
    rows: Annotated[Path | None, typer.Option(
        "--rows", "--filas", help="Guardar qué pasó con cada fila de cada archivo (evento, "
        "sin cambio o rechazada, con el motivo) en un .csv o .xlsx", dir_okay=False)] = None,
    force: ForceOption = False,
) -> None:
    """Importar estados: agrega un evento por cambio, sin borrar nada del historial.

    Cada archivo es una transacción: se guardan sus cambios y se escribe su lista de filas
    rechazadas, o no se guarda nada. Las filas se reconocen por «ID referencia», no por su
    posición. (Import filled workbooks.)
    """
    @user_errors
    def run() -> None:
        import datetime as dt

        from oportumap.exports.tables import write_table
        from oportumap.files import mark_input, refuse_input
        from oportumap.i18n import plural, text
        from oportumap.tracking.importer import import_status as run_import

        for path in files:
            mark_input(path)  # a rejected-row list never replaces a workbook
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        targets = {}
        for path in files:
            if rejected is None:
                target = Path(f"seguimiento_rechazadas_{_file_part(path.stem)}_{stamp}.csv")
            elif len(files) == 1:
                target = rejected
            else:
                target = rejected.with_name(f"{rejected.stem}_{_file_part(path.stem)}"
                                            f"{rejected.suffix}")
            refuse_input(target)
            # Only a file the user named is protected; the per-run names are always new.
            if rejected is not None and target.exists() and not force:
                raise DataError(f"{target}: ya existe; use --force para reemplazarlo o elija "
                                "otro --rejected (no se importó nada)")
            targets[path.name] = target
        if rows is not None:
            refuse_input(rows)
            if rows.exists() and not force:
                raise DataError(f"{rows}: ya existe; use --force para reemplazarlo o elija "
                                "otro --rows (no se importó nada)")
        written: dict[str, Path] = {}
        outcomes = []

        def write_rejected(summary) -> None:
            if len(summary.rejected_rows):
                target = targets[summary.file]
                write_table(summary.rejected_rows, target, force=True,
                            private=True)
                written[summary.file] = target

        for path in files:
            summary = run_import(db, path, before_commit=write_rejected)[0]
            outcomes.append(summary.rows)
            console.print(summary.message(), markup=False, soft_wrap=True)
            for note in summary.notes:
                console.print(f"  {note}", markup=False, soft_wrap=True)
            for sheet in summary.sheets_skipped:
                console.print(f"  hoja '{sheet}' sin «ID referencia»: no es una hoja "
                              "de referencias (omitida)", markup=False)
            if summary.interpretations:
                console.print("  " + text("tracking.import.understood"), markup=False)
            for line in summary.interpretations:
                console.print(f"    {line}", markup=False, soft_wrap=True)
            for r in summary.rejected_rows.head(10).itertuples(index=False):
                where = f"hoja '{r.sheet}', " if r.sheet else ""
                console.print(f"  - {where}fila {r.row}, columna «{r.column}» (valor "
                              f"'{r.value}'): {r.reason}", markup=False, soft_wrap=True)
            target = written.get(summary.file)
            if target is not None:
                more = len(summary.rejected_rows) - 10
                lead = f"  ... {plural(more, 'fila más', 'filas más')}; todas en " if more > 0 \
                    else "Filas rechazadas: "
                console.print(f"{lead}{target} (corríjalas en el libro y vuelva a "
                              "importarlo)", markup=False, soft_wrap=True)
        if rows is not None:
            write_table(pd_concat(outcomes), rows, force=True, private=True)
            console.print(f"Resultado de cada fila: {rows}", markup=False)

    run()


@track_app.command("issued")
def issued_command(
    files: Annotated[list[Path], typer.Argument(
        help="Listas de referencias emitidas (.csv o .xlsx), una fila por referencia",
        dir_okay=False)],
    db: DbOption = None,
    country: CountryOption = "GT",
    rejected: Annotated[Path | None, typer.Option(
        "--rejected", help="Archivo de filas rechazadas (.csv o .xlsx)", dir_okay=False)
    ] = None,
    force: ForceOption = False,
) -> None:
    """Cargar listas emitidas por otro programa (o a mano) para poder importar su seguimiento.

    Cada fila necesita «ID referencia» y «Fecha de emisión»; también «ID retornado»,
    «Etapa» y «Oportunidad» (o «ID oportunidad»). Los ID se guardan tal como los tiene la
    lista: son los que los coordinadores devolverán. Cargar la misma lista dos veces no
    agrega nada. (Load referral lists issued by another tool.)
    """
    @user_errors
    def run() -> None:
        from oportumap.exports.tables import write_table
        from oportumap.files import mark_input, refuse_input
        from oportumap.tracking.issued import record_issued

        for path in files:
            mark_input(path)
        if rejected is not None:
            refuse_input(rejected)
            if rejected.exists() and not force:
                raise DataError(f"{rejected}: ya existe; use --force para reemplazarlo o "
                                "elija otro --rejected (no se cargó nada)")
        problems = []
        for path in files:
            summary = record_issued(db, path, country=country)
            console.print(summary.message(), markup=False, soft_wrap=True)
            for line in summary.interpretations:
                console.print(f"    {line}", markup=False, soft_wrap=True)
            for r in summary.rejected_rows.head(10).itertuples(index=False):
                where = f"hoja '{r.sheet}', " if r.sheet else ""
                console.print(f"  - {where}fila {r.row}, columna «{r.column}» (valor "
                              f"'{r.value}'): {r.reason}", markup=False, soft_wrap=True)
            problems.append(summary.rejected_rows)
        table = pd_concat(problems)
        if rejected is not None and len(table):
            write_table(table, rejected, force=True, private=True)
            console.print(f"Filas rechazadas: {rejected}", markup=False)

    run()


def pd_concat(frames: list):
    """The rejected rows of every list, as one table."""
    import pandas as pd

    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _file_part(name: str) -> str:
    """A workbook's name made safe for a file name."""
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)[:60] or "libro"


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
        from oportumap.tracking.statuses import status_label
        from oportumap.tracking.timeline import conflicts

        table = conflicts(db)
        if table.empty:
            console.print("Sin conflictos.")
            return
        days = table.groupby(["referral_id", "status_date"]).ngroups
        from oportumap.i18n import plural

        shown = Table(title=f"{plural(days, 'conflicto', 'conflictos')} (referencia y día "
                      "con estados distintos)")
        for header in ("ID referencia", "Fecha", "Estado", "Archivo", "Hoja", "Fila"):
            shown.add_column(header)
        for r in table.head(40).itertuples(index=False):
            shown.add_row(r.referral_id, f"{r.status_date:%d/%m/%Y}", status_label(r.status),
                          str(r.source_file), str(r.sheet or ""), str(r.row))
        console.print(shown)
        if out is not None:
            from oportumap.exports.tables import write_table

            write_table(table, out, labels="store.col", force=force, private=True)
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


@track_app.command("pending")
def pending_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Libro .xlsx")] = Path(
        "pendientes.xlsx"),
    db: DbOption = None,
    days: Annotated[int, typer.Option(
        "--dias", "--days", min=0, help="Días sin ningún cambio de estado")] = 15,
    data: Annotated[Path | None, typer.Option(
        "--data", "-d", help="Carpeta de datos: agrega el teléfono del retornado, el "
        "contacto del proveedor y el título de la oferta", file_okay=False)] = None,
    country: CountryOption = "GT",
    lang: LangOption = "es",
    force: ForceOption = False,
    quiet: QuietOption = False,
) -> None:
    """Pendientes: referencias sin cambio de estado en --dias días, las más antiguas primero.

    Una hoja por departamento, con el teléfono del retornado y el contacto del proveedor
    (con --data): la lista desde la que se llama esta semana. El archivo lleva IDs y
    teléfonos: se crea solo para su dueño. (Referrals waiting for news.)
    """
    @user_errors
    def run() -> None:
        from oportumap.exports.pending import write_pending
        from oportumap.tracking.pending import pending_referrals

        if db is None:
            raise DataError("indique la base de seguimiento con --db (o OPORTUMAP_DB)")
        if "://" not in str(db) and not Path(db).exists():
            raise DataError(f"{db}: la base de seguimiento no existe; revise la ruta")
        if out.exists() and not force:
            raise DataError(f"{out}: ya existe; use --force para reemplazarlo")
        dataset = None
        if data is not None:
            from oportumap.cli.reading import load_data

            dataset = load_data(data, quiet, out=out, country=country)
        table = pending_referrals(db, days=days)
        write_pending(table, out, dataset=dataset, lang=lang, force=force)
        word = "referencia pendiente" if len(table) == 1 else "referencias pendientes"
        console.print(f"{len(table):,} {word} (sin cambio en {days} días o más) -> {out}",
                      markup=False)

    run()


@track_app.command("upgrade")
def upgrade_command(db: DbOption = None) -> None:
    """Actualizar el esquema de la base a esta versión de oportumap (haga un respaldo antes)."""
    @user_errors
    def run() -> None:
        from oportumap.tracking.store import refuse_missing, upgrade

        refuse_missing(db)  # upgrading never makes a store
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
        from oportumap.exports.columns import code_words
        from oportumap.exports.outcomes import write_outcomes
        from oportumap.tracking.funnel import (
            normalise_by,
            outcome_headers,
            outcomes,
            shareable_outcomes,
        )

        for value, name in ((since, "--since"), (until, "--until")):
            if value is not None:
                try:
                    import datetime as dt

                    dt.date.fromisoformat(value)
                except ValueError:
                    raise DataError(f"{name} '{value}': use una fecha AAAA-MM-DD") from None
        table = outcomes(db, by=by, since=since, until=until)
        shared = table if no_suppress else shareable_outcomes(table, by=by, lang=lang)
        shown = shared
        headers = outcome_headers(lang)
        grouping = normalise_by(by)
        if grouping in ("stage", "occupation"):  # codes read as words on screen too
            shown = shown.assign(group=code_words(shown["group"], grouping, lang))
        view = Table(title="Resultados de las referencias" if lang == "es"
                     else "Referral outcomes")
        columns = ["group", *(["name"] if grouping in ("department", "municipality")
                              else []), "issued", "contacted", "placed", "placement_rate",
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
            write_outcomes(shared, out,
                           by=grouping, lang=lang, force=force)
            console.print(f"{len(shown):,} filas -> {out}")

    run()
