"""Read coordinators' filled workbooks into the append-only status history.

What is read
    Every sheet of an ``.xlsx`` whose header row (within its first 10 rows) has
    «ID referencia» (or ``Referral ID``), «Estado», «Fecha estado» and, optionally,
    «Nota»; or a CSV with those headers. Rows are matched by «ID referencia» only, never
    by position, so renamed, re-sorted or filtered copies import the same. Sheets without
    «ID referencia» (e.g. «Demanda no cubierta») are not referral sheets and are skipped.

Rules (every row read is either accepted or rejected; accepted + rejected = rows read)
    - A row with a known ID, a known status and a valid date is accepted. It adds an event
      unless the store already holds the same (referral, status, date): re-importing a
      file, or a copy of it, adds nothing. A byte-identical file is recognised by its
      SHA-256 and not read again.
    - A row with an ID and neither status nor date is accepted as "sin cambio"; so is the
      pre-filled «Referido» without a date.
    - Rejected, with file, sheet, row, column and reason: no or unknown «ID referencia»;
      unknown «Estado»; a status without date or a date without status; a date that
      cannot be read, falls before the day the referral was issued, or after today.
    - History is never overwritten: an older file imported after a newer one adds its
      (older) events, and the current status stays the latest by date (see
      :mod:`oportumap.tracking.timeline`).
    - Two different statuses for the same referral and day (two coordinators disagree)
      are both kept and listed by :func:`oportumap.tracking.timeline.conflicts`.
    - A status that skips the pathway order (Colocado with no earlier Contactado) is
      accepted and flagged ``skipped_step`` (see :mod:`oportumap.tracking.statuses`).

Transactions
    Each file is one transaction: if anything fails, nothing of that file is stored.
    Files are read and checked before the write lock is taken, so two imports at once
    both land, one after the other.

Dates and states
    One date reader for every input (:func:`oportumap.dates.read_dates`): Excel date cells,
    serial numbers (also stored as text), ``15/03/2025``, ``15-03-2025``, ``15.03.2025``,
    ``15/3/25``, ``3 de octubre de 2026``, ``2025-03-15``; the day/month order is decided
    per column; a status change needs its day («oct-2026» is rejected). States are read by
    the one vocabulary matcher (:data:`oportumap.vocabulary.STATUS`). Every value not taken
    literally is listed in :attr:`ImportSummary.interpretations`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from oportumap.dates import read_dates
from oportumap.errors import DataError, Interpretation
from oportumap.text import normalize_text
from oportumap.tracking.statuses import STEP
from oportumap.tracking.store import using
from oportumap.vocabulary import STATUS, match

#: Header words (normalised) recognised for each field.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "referral_id": ("id referencia", "referral id", "id de referencia", "referral_id"),
    "status": ("estado", "status"),
    "status_date": ("fecha estado", "status date", "fecha de estado", "fecha del estado",
                    "status_date"),
    "note": ("nota", "note", "notas", "notes", "observaciones"),
}
#: Columns of the rejected-rows table.
REJECTED_COLUMNS = ["file", "sheet", "row", "column", "value", "reason"]
#: Spanish headers of the rejected-rows file.
REJECTED_HEADERS_ES = {"file": "Archivo", "sheet": "Hoja", "row": "Fila",
                       "column": "Columna", "value": "Valor", "reason": "Motivo"}


@dataclass
class ImportSummary:
    """What one file's import did.

    Attributes
    ----------
    file : str
    rows_read, accepted, rejected : int
        ``accepted + rejected == rows_read``.
    events_added : int
        New status events (accepted rows that were not already known).
    unchanged : int
        Accepted rows that added nothing (no status, or already recorded).
    skipped_step, conflicts : int
        New events flagged ``skipped_step``; referral-days now in conflict.
    already_imported : bool
        The same bytes were imported before (nothing was read).
    rejected_rows : pandas.DataFrame
        :data:`REJECTED_COLUMNS`, one row per rejected row.
    sheets_skipped : list of str
        Sheets without «ID referencia».
    interpretations : list of Interpretation
        Every state and date not written as the list writes it, and what it was read as
        ("Colocada" -> Colocado, "18-09-26" -> 18/09/2026), and the questions left
        ("contactado?").
    """

    file: str
    rows_read: int = 0
    accepted: int = 0
    rejected: int = 0
    events_added: int = 0
    unchanged: int = 0
    skipped_step: int = 0
    conflicts: int = 0
    already_imported: bool = False
    rejected_rows: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=REJECTED_COLUMNS))
    sheets_skipped: list[str] = field(default_factory=list)
    interpretations: list[Interpretation] = field(default_factory=list)

    def message(self, lang: str = "es") -> str:
        """One line for people (Spanish by default).

        Examples
        --------
        >>> done = ImportSummary("a.xlsx", 10, 9, 1, 4, 5)
        >>> print(done.message())  # doctest: +NORMALIZE_WHITESPACE
        a.xlsx: 10 filas leídas, 9 aceptadas (4 cambios de estado nuevos, 5 sin cambio),
        1 rechazadas
        """
        from oportumap.i18n import text

        if self.already_imported:
            return text("tracking.import.already", lang).format(file=self.file)
        line = text("tracking.import.line", lang).format(
            file=self.file, rows=self.rows_read, accepted=self.accepted,
            added=self.events_added, unchanged=self.unchanged, rejected=self.rejected)
        if self.skipped_step:
            line += text("tracking.import.skipped_step", lang).format(n=self.skipped_step)
        if self.conflicts:
            line += text("tracking.import.conflicts", lang).format(n=self.conflicts)
        return line


# --------------------------------------------------------------------------- reading


def _field_of(cell: object) -> str | None:
    key = normalize_text(cell).replace("_", " ")
    for name, aliases in HEADER_ALIASES.items():
        if key in {normalize_text(a).replace("_", " ") for a in aliases}:
            return name
    return None


def _header(rows: list[tuple]) -> tuple[int, dict[str, int]] | None:
    for i, row in enumerate(rows):
        found: dict[str, int] = {}
        for j, cell in enumerate(row):
            name = _field_of(cell)
            if name and name not in found:
                found[name] = j
        if "referral_id" in found:
            return i, found
    return None


def _missing_columns(name: str, sheet: str, found: dict[str, int]) -> None:
    missing = [c for c in ("status", "status_date") if c not in found]
    if missing:
        words = {"status": "«Estado»", "status_date": "«Fecha estado»"}
        where = f"{name}, hoja '{sheet}'" if sheet else name
        raise DataError(f"{where}: tiene «ID referencia» pero le falta "
                        f"{' y '.join(words[m] for m in missing)}; agregue la columna con "
                        "ese encabezado")


def read_status_file(path: str | Path) -> tuple[pd.DataFrame, list[str]]:
    """The status rows of a filled workbook or CSV, as typed (nothing checked yet).

    Returns
    -------
    (pandas.DataFrame, list of str)
        Columns ``sheet``, ``row`` (as the user sees it), ``referral_id``, ``status``,
        ``status_date`` (cell values), ``note``; and the names of the sheets skipped.
        Fully blank rows are left out.

    Raises
    ------
    DataError
        Unreadable file, or no sheet with «ID referencia».
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: el archivo no existe; revise la ruta")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        frame, skipped = _read_workbook(path)
    elif suffix in (".csv", ".txt", ".tsv"):
        frame, skipped = _read_csv(path), []
    else:
        raise DataError(f"{path.name}: formato '{suffix}' no soportado; use .xlsx o .csv")
    blank = np.ones(len(frame), dtype=bool)
    for column in ("referral_id", "status", "status_date", "note"):
        values = frame[column]
        blank &= values.isna().to_numpy() | (values.astype(str).str.strip() == "").to_numpy()
    return frame[~blank].reset_index(drop=True), skipped


def _read_csv(path: Path) -> pd.DataFrame:
    from oportumap.files import read_raw

    raw = read_raw(path)
    found = _header([tuple(raw.frame.columns)])
    if found is None:
        raise DataError(f"{path.name}: no tiene la columna «ID referencia»; importe el "
                        "libro de referencias que entregó oportumap (o una copia)")
    _missing_columns(path.name, "", found[1])
    columns = list(raw.frame.columns)
    out = pd.DataFrame({
        "sheet": "",
        "row": np.arange(len(raw.frame), dtype=np.int64) + raw.first_row,
    })
    for name in ("referral_id", "status", "status_date", "note"):
        j = found[1].get(name)
        out[name] = raw.frame[columns[j]].to_numpy(dtype=object) if j is not None else None
    return out


def _sheet_part(sheet: str, rows: list, header_row: int, columns: dict[str, int]
                ) -> pd.DataFrame:
    """The status columns of one sheet's data rows (``rows`` start at the header)."""
    low, high = min(columns.values()), max(columns.values())
    width = high - low + 1
    data = [tuple(r[low:high + 1]) + (None,) * (width - len(r[low:high + 1]))
            for r in rows]  # cell tuples from the reader; no per-cell work here
    data = pd.DataFrame.from_records(data, columns=range(width)) if data else \
        pd.DataFrame(columns=range(width))
    part = pd.DataFrame({"sheet": sheet,
                         "row": np.arange(len(data), dtype=np.int64) + header_row + 2})
    for name in ("referral_id", "status", "status_date", "note"):
        j = columns.get(name)
        part[name] = data[j - low].to_numpy(dtype=object) if j is not None else None
    return part


def _read_workbook(path: Path) -> tuple[pd.DataFrame, list[str]]:
    try:
        import python_calamine
    except ImportError:  # pragma: no cover - declared dependency; openpyxl still works
        return _read_workbook_openpyxl(path)
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for broken files
        raise DataError(f"{path.name}: no se puede leer como Excel ({exc}); guárdelo de "
                        "nuevo como .xlsx") from None
    frames, skipped = [], []
    try:
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            # skip_empty_area=False: list index i is Excel row i + 1
            rows = sheet.to_python(skip_empty_area=False)
            found = _header(rows[:10])
            if found is None:
                skipped.append(name)
                continue
            header_row, columns = found
            _missing_columns(path.name, name, columns)
            frames.append(_sheet_part(name, rows[header_row + 1:], header_row, columns))
    finally:
        book.close()
    if not frames:
        raise DataError(f"{path.name}: ninguna hoja tiene la columna «ID referencia»; "
                        "importe el libro de referencias que entregó oportumap (o una copia)")
    return pd.concat(frames, ignore_index=True), skipped


def _read_workbook_openpyxl(path: Path) -> tuple[pd.DataFrame, list[str]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise DataError(f"{path.name}: no se puede leer como Excel ({exc}); guárdelo de "
                        "nuevo como .xlsx") from None
    frames, skipped = [], []
    try:
        for sheet in book.worksheets:
            head = list(sheet.iter_rows(min_row=1, max_row=10, values_only=True))
            found = _header(head)
            if found is None:
                skipped.append(sheet.title)
                continue
            header_row, columns = found
            _missing_columns(path.name, sheet.title, columns)
            low, high = min(columns.values()), max(columns.values())
            # Only the columns we need: much faster on wide sheets.
            rows = list(sheet.iter_rows(min_row=header_row + 2, min_col=low + 1,
                                        max_col=high + 1, values_only=True))
            first = header_row + 2
            width = high - low + 1
            data = pd.DataFrame.from_records(
                [r + (None,) * (width - len(r)) if len(r) < width else r for r in rows],
                columns=range(width)) if rows else pd.DataFrame(columns=range(width))
            part = pd.DataFrame({"sheet": sheet.title,
                                 "row": np.arange(len(data), dtype=np.int64) + first})
            for name in ("referral_id", "status", "status_date", "note"):
                j = columns.get(name)
                part[name] = data[j - low].to_numpy(dtype=object) if j is not None else None
            frames.append(part)
    finally:
        book.close()
    if not frames:
        raise DataError(f"{path.name}: ninguna hoja tiene la columna «ID referencia»; "
                        "importe el libro de referencias que entregó oportumap (o una copia)")
    return pd.concat(frames, ignore_index=True), skipped


# --------------------------------------------------------------------------- checking


def _reject(rows: pd.DataFrame, mask: np.ndarray, column: str, values, reason) -> pd.DataFrame:
    picked = rows[mask]
    value = values[mask] if isinstance(values, pd.Series) else values
    return pd.DataFrame({"sheet": picked["sheet"].to_numpy(), "row": picked["row"].to_numpy(),
                         "column": column,
                         "value": pd.Series(value).astype("object").where(
                             pd.Series(value).notna(), "").astype(str).to_numpy()
                         if not isinstance(value, str) else value,
                         "reason": reason if isinstance(reason, str)
                         else np.asarray(reason)[mask]})


def _check_rows(rows: pd.DataFrame, today: dt.date
                ) -> tuple[pd.DataFrame, pd.DataFrame, list[Interpretation]]:
    """Checks that need no store: (rows still in, rejected rows, interpretations)."""
    ids = rows["referral_id"].astype("object").where(rows["referral_id"].notna(), "")
    ids = ids.astype(str).str.strip().str.upper()
    status_raw = rows["status"]
    states = match(status_raw, STATUS, column="Estado")
    status = states.values
    when = read_dates(rows["status_date"], column="Fecha estado", today=today,
                      require_day=True)
    dates = when.values
    date_given = dates.notna() | when.problems.notna()
    # The workbook comes pre-filled "Referido" without a date: that is no change.
    status = status.where(~((status == "referred") & ~date_given), "")
    status_given = status != ""
    rejected = []
    left = np.ones(len(rows), dtype=bool)

    def reject(mask, column, values, reason):
        nonlocal left
        mask = np.asarray(mask, dtype=bool) & left
        if mask.any():
            rejected.append(_reject(rows, mask, column, values, reason))
            left &= ~mask

    reject(ids == "", "ID referencia", ids,
           "falta «ID referencia»: copie la fila desde el libro entregado, sin borrar el ID")
    reject(status.isna(), "Estado", status_raw, states.problems.to_numpy())
    reject(status_given & ~date_given, "Fecha estado", rows["status_date"],
           "falta «Fecha estado» (dd/mm/aaaa) para el estado indicado")
    reject(~status_given & date_given, "Estado", status_raw,
           "hay «Fecha estado» pero falta «Estado»")
    reject(when.problems.notna(), "Fecha estado", rows["status_date"],
           when.problems.to_numpy())
    rejected_frame = pd.concat(rejected, ignore_index=True) if rejected else \
        pd.DataFrame(columns=["sheet", "row", "column", "value", "reason"])
    kept = rows[left].copy()
    kept["referral_id"] = ids[left].to_numpy()
    kept["status"] = status[left].to_numpy()
    kept["status_date"] = dates[left].dt.date.to_numpy()
    kept["note"] = kept["note"].astype("object").where(kept["note"].notna(), None)
    kept["note"] = kept["note"].map(lambda v: None if v is None or str(v).strip() == ""
                                    else str(v).strip())
    return kept, rejected_frame, [*states.interpretations, *when.interpretations]


# --------------------------------------------------------------------------- writing


def _load_known(conn, dialect: str, ids: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(referrals with their issue dates, existing events) for ``ids``, via a temp table."""
    driver = conn.connection.driver_connection
    if dialect == "sqlite":
        driver.execute("CREATE TEMP TABLE IF NOT EXISTS import_ids (referral_id TEXT "
                       "PRIMARY KEY)")
        driver.execute("DELETE FROM temp.import_ids")
        driver.executemany("INSERT OR IGNORE INTO temp.import_ids VALUES (?)",
                           ((i,) for i in ids))
    else:
        cursor = driver.cursor()
        cursor.execute("CREATE TEMP TABLE IF NOT EXISTS import_ids (referral_id TEXT "
                       "PRIMARY KEY) ON COMMIT DROP")
        with cursor.copy("COPY import_ids (referral_id) FROM STDIN") as copy:
            for i in ids:
                copy.write_row((i,))
    from sqlalchemy import text

    known = pd.DataFrame(conn.execute(text(
        "SELECT r.referral_id, r.issued_at FROM referrals r JOIN import_ids i "
        "ON i.referral_id = r.referral_id")).all(), columns=["referral_id", "issued_at"])
    events = pd.DataFrame(conn.execute(text(
        "SELECT e.event_id, e.referral_id, e.status, e.status_date, e.flags FROM "
        "status_events e JOIN import_ids i ON i.referral_id = e.referral_id")).all(),
        columns=["event_id", "referral_id", "status", "status_date", "flags"])
    if dialect == "sqlite":
        driver.execute("DROP TABLE temp.import_ids")
    # SQLite hands back text: make both back-ends give dates and timestamps
    known["issued_at"] = pd.to_datetime(known["issued_at"])
    events["status_date"] = pd.to_datetime(events["status_date"]).dt.date
    return known, events


def _skipped_step(new: pd.DataFrame, events: pd.DataFrame) -> np.ndarray:
    """True for new events of step >= 2 with no earlier-or-same-day event of a lower
    step from 1 up, among stored and new events of the same referral."""
    step = new["status"].map(STEP).fillna(-1).to_numpy()
    candidates = new[step >= 2].assign(step=step[step >= 2], pos=np.flatnonzero(step >= 2))
    if candidates.empty:
        return np.zeros(len(new), dtype=bool)
    every = pd.concat([events[["referral_id", "status", "status_date"]],
                       new[["referral_id", "status", "status_date"]]], ignore_index=True)
    every["other_step"] = every["status"].map(STEP).fillna(-1)
    every = every[every["other_step"] >= 1]
    pairs = candidates.merge(every[["referral_id", "other_step", "status_date"]],
                             on="referral_id", suffixes=("", "_other"))
    ok = pairs[(pairs["other_step"] < pairs["step"])
               & (pairs["status_date_other"] <= pairs["status_date"])]
    flagged = np.zeros(len(new), dtype=bool)
    flagged[candidates["pos"].to_numpy()] = True
    flagged[np.unique(ok["pos"].to_numpy()).astype(np.int64)] = False
    return flagged


def _reflag(conn, events: pd.DataFrame, fresh: pd.DataFrame) -> None:
    """Clear ``skipped_step`` on stored events whose missing step this import supplies."""
    stored = events[events["flags"].astype(str).str.contains("skipped_step")]
    if stored.empty or fresh.empty:
        return
    still = _skipped_step(stored.reset_index(drop=True),
                          pd.concat([events.drop(stored.index), fresh], ignore_index=True))
    cleared = stored["event_id"].to_numpy()[~still]
    if len(cleared):
        from sqlalchemy import bindparam, text

        conn.execute(text("UPDATE status_events SET flags = '' WHERE event_id IN :ids")
                     .bindparams(bindparam("ids", expanding=True)),
                     {"ids": [int(i) for i in cleared]})


def _insert_events(conn, dialect: str, events: pd.DataFrame) -> None:
    columns = ["referral_id", "status", "status_date", "note", "source_file", "sheet", "row",
               "imported_at", "import_id", "flags"]
    if events.empty:
        return
    driver = conn.connection.driver_connection
    if dialect == "sqlite":
        values = [
            events["referral_id"].tolist(), events["status"].tolist(),
            [d.isoformat() for d in events["status_date"]],
            events["note"].tolist(), events["source_file"].tolist(),
            events["sheet"].tolist(), events["row"].astype(int).tolist(),
            [events["imported_at"].iloc[0].strftime("%Y-%m-%d %H:%M:%S.%f")] * len(events),
            events["import_id"].astype(int).tolist(), events["flags"].tolist(),
        ]
        driver.executemany(f"INSERT INTO status_events ({', '.join(columns)}) VALUES "
                           f"({', '.join('?' * len(columns))})", zip(*values, strict=True))
        return
    buffer = io.StringIO()
    events[columns].to_csv(buffer, header=False, index=False,
                           date_format="%Y-%m-%d %H:%M:%S.%f")
    # FORCE_NOT_NULL: an empty flag or sheet is "", as in SQLite (a bare empty is NULL)
    with driver.cursor().copy(f"COPY status_events ({', '.join(columns)}) FROM STDIN "
                              "(FORMAT csv, FORCE_NOT_NULL (flags, sheet))") as copy:
        copy.write(buffer.getvalue())


def _import_one(store, path: Path, today: dt.date) -> ImportSummary:
    from sqlalchemy import select, text

    from oportumap.tracking.tables import imports

    content = path.read_bytes()
    digest = hashlib.sha256(content).hexdigest()
    with store.read() as conn:
        seen = conn.execute(select(imports.c.import_id).where(
            imports.c.file_sha256 == digest)).first()
    if seen is not None:
        return ImportSummary(path.name, already_imported=True)
    rows, skipped = read_status_file(path)
    kept, rejected, said = _check_rows(rows, today)
    summary = ImportSummary(path.name, rows_read=len(rows), sheets_skipped=skipped,
                            interpretations=said)
    imported_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    with store.write() as conn:
        if conn.execute(select(imports.c.import_id).where(
                imports.c.file_sha256 == digest)).first() is not None:
            return ImportSummary(path.name, already_imported=True)  # landed meanwhile
        known, events = _load_known(conn, store.dialect, kept["referral_id"].unique())
        at = pd.Index(known["referral_id"]).get_indexer(kept["referral_id"])
        stamps = pd.DatetimeIndex(known["issued_at"]).normalize()
        issued = pd.Series(stamps.take(np.maximum(at, 0)) if len(stamps) else
                           pd.DatetimeIndex([pd.NaT] * len(kept)), index=kept.index)
        issued = issued.where(at >= 0).dt.date
        unknown = issued.isna().to_numpy()
        more = []
        if unknown.any():
            more.append(_reject(kept, unknown, "ID referencia", kept["referral_id"],
                                "«ID referencia» no existe en la base de seguimiento; "
                                "revise que no se haya modificado"))
        early = ~unknown & kept["status"].ne("").to_numpy() & (
            pd.to_datetime(kept["status_date"]) < pd.to_datetime(issued)).to_numpy()
        if early.any():
            reasons = ("fecha anterior a la emisión de la referencia ("
                       + pd.Series(issued[early]).map(lambda d: f"{d:%d/%m/%Y}") + ")")
            reason = np.full(len(kept), "", dtype=object)
            reason[early] = reasons.to_numpy()
            shown = pd.to_datetime(kept["status_date"]).dt.strftime("%d/%m/%Y").fillna("")
            more.append(_reject(kept, early, "Fecha estado", shown, reason))
        kept = kept[~unknown & ~early]
        rejected = pd.concat([rejected, *more], ignore_index=True)
        with_status = kept[kept["status"] != ""]
        key = ["referral_id", "status", "status_date"]
        fresh = with_status.drop_duplicates(key)
        if len(events):
            stored = events[key].drop_duplicates().assign(_stored=True)
            fresh = fresh.merge(stored, on=key, how="left")
            fresh = fresh[fresh["_stored"].isna()].drop(columns="_stored")
        fresh = fresh.reset_index(drop=True)
        flagged = _skipped_step(fresh, events)
        # An older file imported later may supply the missing step of a stored event.
        _reflag(conn, events, fresh)
        import_id = conn.execute(imports.insert().values(
            file_name=path.name, file_sha256=digest, imported_at=imported_at,
            rows_read=len(rows), accepted=len(kept), rejected=len(rejected),
            events_added=len(fresh))).inserted_primary_key[0]
        fresh = fresh.assign(source_file=path.name, imported_at=imported_at,
                             import_id=import_id,
                             flags=np.where(flagged, "skipped_step", ""))
        _insert_events(conn, store.dialect, fresh)
        if len(fresh):
            summary.conflicts = int(conn.execute(text(
                "SELECT COUNT(*) FROM (SELECT e.referral_id, e.status_date FROM status_events "
                "e WHERE e.referral_id IN (SELECT referral_id FROM status_events WHERE "
                "import_id = :i) GROUP BY e.referral_id, e.status_date HAVING "
                "COUNT(DISTINCT e.status) > 1 AND SUM(CASE WHEN e.import_id = :i THEN 1 "
                "ELSE 0 END) > 0) c"), {"i": import_id}).scalar())
    summary.accepted = len(kept)
    summary.rejected = len(rejected)
    summary.events_added = len(fresh)
    summary.unchanged = len(kept) - len(fresh)
    summary.skipped_step = int(flagged.sum())
    rejected.insert(0, "file", path.name)
    summary.rejected_rows = rejected[REJECTED_COLUMNS].sort_values(
        ["sheet", "row"], kind="stable").reset_index(drop=True)
    return summary


def import_status(db, paths, *, today: dt.date | None = None) -> list[ImportSummary]:
    """Import filled workbooks (or CSV) into the status history, one transaction per file.

    Parameters
    ----------
    db : str, path, Store or None
        The store.
    paths : path or list of paths
        Filled ``.xlsx`` or ``.csv`` files, in any order (history is by date, not by
        import order).
    today : datetime.date, optional
        Dates after it are rejected (default: today).

    Returns
    -------
    list of ImportSummary
        One per file; ``message()`` gives the Spanish line.

    Raises
    ------
    DataError
        A file that cannot be read at all (nothing of it is stored; earlier files stay).

    Examples
    --------
    >>> import tempfile, pathlib, datetime as dt
    >>> import pandas as pd
    >>> from oportumap.tracking import record_referrals
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> table = pd.DataFrame({"returnee_id": ["R-1"], "opportunity_id": ["V-1"],
    ...                       "stage": ["employment"], "kind": ["vacancy"]})
    >>> ref = record_referrals(folder / "s.db", table, as_of="2025-01-31",
    ...                        issued_at=dt.datetime(2025, 2, 1)).referrals["referral_id"][0]
    >>> _ = (folder / "f.csv").write_text(
    ...     f"ID referencia,Estado,Fecha estado\\n{ref},Contactado,03/02/2025\\n"
    ...     f"{ref},Colocado,10/02/2025\\nXXX,Colocado,10/02/2025\\n")
    >>> print(import_status(folder / "s.db", folder / "f.csv")[0].message())
    f.csv: 3 filas leídas, 2 aceptadas (2 cambios de estado nuevos, 0 sin cambio), 1 rechazadas
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    today = today or dt.date.today()
    summaries = []
    with using(db) as store:
        for path in paths:
            summaries.append(_import_one(store, Path(path), today))
    return summaries
