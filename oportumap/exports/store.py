"""Write the whole follow-up store to one workbook, for backups and hand-over.

Sheets: «Cómo usar esta lista», «Referencias» (every referral with its current status),
«Historial» (every status event with file, sheet, row and import time), «Conflictos» and
«Importaciones». Written by the one table writer (:func:`oportumap.exports.tables.
write_table`): dates are Excel dates, numbers are numbers, statuses, stages and kinds are
words, pages print landscape one page wide; text that Excel would run as a formula is
neutralised. The file holds returnee IDs: keep it as carefully as the store.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from oportumap.errors import DataError
from oportumap.exports.tables import write_table
from oportumap.i18n import column_label, text
from oportumap.tracking.export import store_tables

_SHEETS = ("sheet.referrals", "sheet.history", "sheet.conflicts", "sheet.imports")


def how_to_use(columns, lang: str = "es", *, follow_up: bool = True,
               namespace: str | None = None) -> pd.DataFrame:
    """The «Cómo usar esta lista» table: how to fill the follow-up, then what each column
    means (the catalogue's label, and a sentence where the column needs one).

    Examples
    --------
    >>> guide = how_to_use(["referral_id", "status"])
    >>> guide.iloc[-1].tolist()
    ['Estado', 'Lo que pasó (lista desplegable). Empieza en «Referido».']
    """
    from oportumap.i18n import has_text

    first, second = text("how_to.column", lang), text("how_to.meaning", lang)
    rows: list[tuple[str, str]] = []
    if follow_up:
        rows.append((text("how_to.fill", lang), ""))
        rows.extend((f"{i}.", text(f"how_to.step.{i}", lang)) for i in range(1, 6))
        rows.append(("", ""))
    rows.append(("<5", text("how_to.protected", lang)))
    rows.append(("", ""))
    rows.append((first, second))
    for column in columns:
        key = f"how_to.col.{column}"
        rows.append((column_label(column, lang, namespace),
                     text(key, lang) if has_text(key) else ""))
    return pd.DataFrame(rows, columns=[first, second])


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
    tables = list(store_tables(db).values())
    names = [text(key, lang) for key in _SHEETS]
    write_table(tables[0], out, headers=lang, force=force, labels="store.col",
                private=True,  # returnee IDs: as private as the store itself
                sheet_name=names[0], sheets=dict(zip(names[1:], tables[1:], strict=True)),
                guide=how_to_use(tables[0].columns, lang, follow_up=False,
                                 namespace="store.col"))
    return {name: len(frame) for name, frame in zip(names, tables, strict=True)}
