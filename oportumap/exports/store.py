"""Write the whole follow-up store to one workbook, for backups and hand-over.

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
from oportumap.exports.tables import write_table
from oportumap.tracking.export import store_tables

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

def export_store(db, out, *, lang: str = "es", force: bool = False) -> dict[str, int]:
    """Write the store to an ``.xlsx`` workbook; return rows per sheet.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from oportumap.tracking.store import open_store
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> open_store(folder / "s.db").close()  # a store that exists (export never makes one)
    >>> export_store(folder / "s.db", folder / "seguimiento.xlsx")
    {'Referencias': 0, 'Historial': 0, 'Conflictos': 0, 'Importaciones': 0}
    """
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
    write_table(shown(first), out, headers="en", force=force, sheet_name=names[0],
                private=True,  # returnee IDs: as private as the store itself
                sheets={name: shown(frame) for name, frame in zip(names[1:], rest,
                                                                   strict=True)})
    return {name: len(frame) for name, frame in zip(names, tables.values(), strict=True)}

