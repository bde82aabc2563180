"""Write the whole store to one workbook, for backups and hand-over.

Sheets: «Referencias» (every referral with its current status), «Historial» (every status
event with file, sheet, row and import time), «Conflictos» and «Importaciones». Dates are
Excel dates and numbers are numbers; text that Excel would run as a formula is
neutralised (:func:`oportumap.privacy.neutralize_formulas`). The file holds returnee IDs:
keep it as carefully as the store.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from oportumap.errors import DataError
from oportumap.tracking.statuses import status_label
from oportumap.tracking.store import using
from oportumap.tracking.timeline import _frame, conflicts, current_status_sql

HEADERS_ES: dict[str, str] = {
    "referral_id": "ID referencia", "run_id": "Corrida", "returnee_id": "ID retornado",
    "opportunity_id": "ID oportunidad", "kind": "Tipo", "stage": "Etapa", "rank": "Orden",
    "score": "Puntaje", "provider": "Proveedor", "home_muni_code": "Código municipio "
    "residencia", "home_dept_code": "Código departamento residencia",
    "muni_code": "Código municipio oportunidad", "dept_code": "Código departamento "
    "oportunidad", "occupation": "Ocupación", "as_of": "Datos al",
    "issued_at": "Emitida", "status": "Estado", "status_date": "Fecha estado",
    "current_status": "Estado actual", "current_status_date": "Fecha estado actual",
    "note": "Nota", "source_file": "Archivo", "sheet": "Hoja", "row": "Fila",
    "imported_at": "Importado", "import_id": "Importación", "flags": "Marcas",
    "event_id": "Evento", "file_name": "Archivo", "file_sha256": "SHA-256",
    "rows_read": "Filas leídas", "accepted": "Aceptadas", "rejected": "Rechazadas",
    "events_added": "Cambios agregados",
}
_FLAGS_ES = {"": "", "skipped_step": "etapa saltada"}


def store_tables(db, lang: str = "es") -> dict[str, pd.DataFrame]:
    """The store as tables: referrals with current status, history, conflicts, imports."""
    with using(db) as store, store.read() as conn:
        referrals = _frame(conn, "SELECT r.*, c.status AS current_status, c.status_date AS "
                           f"current_status_date FROM referrals r LEFT JOIN "
                           f"({current_status_sql()}) c ON c.referral_id = r.referral_id "
                           "ORDER BY r.issued_at, r.returnee_id, r.rank")
        events = _frame(conn, "SELECT * FROM status_events ORDER BY status_date, event_id")
        imports = _frame(conn, "SELECT * FROM imports ORDER BY import_id")
        disagreements = conflicts(store)
    if "current_status_date" in referrals:
        referrals["current_status_date"] = pd.to_datetime(
            referrals["current_status_date"]).dt.date
    for frame, column in ((referrals, "current_status"), (events, "status"),
                          (disagreements, "status")):
        frame[column] = frame[column].map(
            lambda s: status_label(s, lang) if isinstance(s, str) else s)
    if lang == "es":
        events["flags"] = events["flags"].map(_FLAGS_ES).fillna(events["flags"])
    return {"referrals": referrals, "history": events, "conflicts": disagreements,
            "imports": imports}


def export_store(db, out, *, lang: str = "es", force: bool = False) -> dict[str, int]:
    """Write the store to an ``.xlsx`` workbook; return rows per sheet.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> export_store(folder / "s.db", folder / "seguimiento.xlsx")
    {'Referencias': 0, 'Historial': 0, 'Conflictos': 0, 'Importaciones': 0}
    """
    from oportumap.io import write_table

    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise DataError(f"{out.name}: la exportación del seguimiento es un libro .xlsx")
    tables = store_tables(db, lang)
    names = (["Referencias", "Historial", "Conflictos", "Importaciones"] if lang == "es"
             else ["Referrals", "History", "Conflicts", "Imports"])
    headers = HEADERS_ES if lang == "es" else {}

    def shown(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        for column in frame.columns:  # empty text cells stay empty, not "None"/"nan"
            if pd.api.types.is_object_dtype(frame[column]) or \
                    pd.api.types.is_string_dtype(frame[column]):
                frame[column] = frame[column].astype("object").where(
                    frame[column].notna(), "")
        return frame.rename(columns=headers) if lang == "es" else frame

    first, *rest = list(tables.values())
    write_table(shown(first), out, headers="en", force=force,
                sheets={name: shown(frame) for name, frame in zip(names[1:], rest,
                                                                   strict=True)})
    _rename_first_sheet(out, names[0])
    return {name: len(frame) for name, frame in zip(names, tables.values(), strict=True)}


def _rename_first_sheet(path: Path, name: str) -> None:
    from openpyxl import load_workbook

    book = load_workbook(path)
    book.worksheets[0].title = name
    book.save(path)
