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
    - A row with an ID and neither status nor date is accepted as "sin cambio"; so is
      «Referido», with or without a date (it is the state every referral starts in).
    - IDs are read without spaces and in capitals (Excel's ``1234.0`` is ``1234``).
    - Rejected, with file, sheet, row, column and reason: no or unknown «ID referencia»
      (one a single character off a stored ID names it: «¿es ZSMBCXEPPTRD?»); unknown
      «Estado» (a sentence there is a note: "escríbalo en «Nota»"); a status without date
      or a date without status; a date that cannot be read, falls before the day the
      referral was issued, or after today.
    - :attr:`ImportSummary.rows` says what became of every row (event, no change and
      why, rejected); fully blank rows are counted apart (:attr:`ImportSummary.blank`).
    - A header repeated below the first (a list pasted under another, perhaps with its
      columns in another order) is not a row: the rows below it are read by its columns.
    - Referrals issued by another tool are loaded first with
      :func:`oportumap.tracking.issued.record_issued` (``oportumap track issued``).
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
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from oportumap.errors import DataError, Interpretation
from oportumap.tracking.adopt import _adopt
from oportumap.tracking.checks import (
    ROW_COLUMNS,
    _close_ids,
    _reject,
    _row_outcomes,
    check_rows,
    unknown_reasons,
)
from oportumap.tracking.events import _insert_events, _load_known, _reflag, _skipped_step
from oportumap.tracking.sheets import HEADER_ALIASES, read_status_file, read_status_rows
from oportumap.tracking.store import using

__all__ = ["HEADER_ALIASES", "REJECTED_COLUMNS", "ImportSummary", "import_status",
           "read_status_file", "read_status_rows"]

#: Columns of the rejected-rows table.
REJECTED_COLUMNS = ["file", "sheet", "row", "column", "value", "reason"]


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
        Every ID, state and date not written as the list writes it, and what it was read
        as ("Colocada" -> Colocado, "18-09-26" -> 18/09/2026, " 7qgr..." -> 7QGR...), and
        the questions left ("contactado?").
    blank : int
        Fully blank rows inside the data (not counted in ``rows_read``).
    notes : list of str
        Rows set apart as not data (a header repeated mid-sheet), in Spanish.
    rows : pandas.DataFrame
        One row per row read (:data:`oportumap.tracking.checks.ROW_COLUMNS`): ``result``
        ``event``, ``unchanged`` or ``rejected``; for ``unchanged`` the reason nothing was
        recorded, for ``rejected`` the column, value and reason.
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
    blank: int = 0
    notes: list[str] = field(default_factory=list)
    rows: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ROW_COLUMNS))

    def message(self, lang: str = "es") -> str:
        """One line for people (Spanish by default).

        Examples
        --------
        >>> done = ImportSummary("a.xlsx", 10, 9, 1, 4, 5)
        >>> print(done.message())  # doctest: +NORMALIZE_WHITESPACE
        a.xlsx: 10 filas leídas, 9 aceptadas (4 cambios de estado nuevos, 5 sin cambio),
        1 rechazada
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
        if self.blank:
            line += text("tracking.import.blank", lang).format(n=self.blank)
        from oportumap.i18n import agree

        return agree(line)


def _import_one(store, path: Path, today: dt.date, before_commit=None) -> ImportSummary:
    from sqlalchemy import select, text

    from oportumap.errors import describe_os_error
    from oportumap.i18n import text as words
    from oportumap.tracking.tables import imports

    if not path.is_file():
        raise DataError(f"{path}: el archivo no existe; revise la ruta" if not path.exists()
                        else f"{path}: es una carpeta; indique el libro a importar")
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise DataError(describe_os_error(exc, path, verb="leer")) from None
    digest = hashlib.sha256(content).hexdigest()
    with store.read() as conn:
        seen = conn.execute(select(imports.c.import_id).where(
            imports.c.file_sha256 == digest)).first()
    if seen is not None:
        return ImportSummary(path.name, already_imported=True)
    read = read_status_rows(path)
    rows = read.rows
    kept, rejected, said = check_rows(rows, today)
    _adopt(store, rows.loc[kept.index] if len(kept) else rows.iloc[:0])
    summary = ImportSummary(path.name, rows_read=len(rows), sheets_skipped=read.sheets_skipped,
                            interpretations=[*read.interpretations, *said],
                            blank=len(read.blank), notes=read.notes)
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
            ids = kept["referral_id"][unknown]
            reasons = np.full(len(kept), "", dtype=object)
            reasons[unknown] = unknown_reasons(ids, _close_ids(conn, ids.tolist()))
            more.append(_reject(kept, unknown, "ID referencia", kept["id_written"].map(
                lambda v: "" if v is None or v != v else str(v).strip()), reasons))
        early = ~unknown & kept["status"].ne("").to_numpy() & (
            pd.to_datetime(kept["status_date"]) < pd.to_datetime(issued)).to_numpy()
        if early.any():
            shown = pd.to_datetime(kept["status_date"]).dt.strftime("%d/%m/%Y").fillna("")
            reason = np.full(len(kept), "", dtype=object)
            reason[early] = [words("tracking.row.early").format(date=d, issued=f"{i:%d/%m/%Y}")
                             for d, i in zip(shown[early], issued[early], strict=True)]
            more.append(_reject(kept, early, "Fecha estado", shown, reason))
        kept = kept[~unknown & ~early]
        rejected = pd.concat([rejected, *more], ignore_index=True)
        key = ["referral_id", "status", "status_date"]
        with_status = kept["status"].ne("").to_numpy()
        first = with_status & ~kept.duplicated(key).to_numpy()
        if len(events):
            stored = pd.MultiIndex.from_frame(events[key].drop_duplicates())
            first &= ~pd.MultiIndex.from_frame(kept[key]).isin(stored)
        fresh = kept[first].reset_index(drop=True)
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
        summary.rows = _row_outcomes(path.name, kept, first, pd.concat(
            [events, fresh[[*key, "source_file", "sheet", "row"]]], ignore_index=True),
            rejected, read.blank)
        rejected.insert(0, "file", path.name)
        summary.rejected_rows = rejected[REJECTED_COLUMNS].sort_values(
            ["sheet", "row"], kind="stable").reset_index(drop=True)
        if before_commit is not None:
            # e.g. writing the rejected-row list: if it fails, nothing of the file is stored
            before_commit(summary)
    return summary


def import_status(db, paths, *, today: dt.date | None = None,
                  before_commit=None) -> list[ImportSummary]:
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
    before_commit : callable, optional
        Called with each file's :class:`ImportSummary` inside its transaction (the
        command writes the rejected-row list there): if it raises, nothing of that file
        is stored.

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
    >>> done = import_status(folder / "s.db", folder / "f.csv")[0]
    >>> print(done.message())
    f.csv: 3 filas leídas, 2 aceptadas (2 cambios de estado nuevos, 0 sin cambio), 1 rechazada
    >>> done.rows[["row", "result"]].values.tolist()
    [[2, 'event'], [3, 'event'], [4, 'rejected']]
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    today = today or dt.date.today()
    summaries = []
    with using(db, create=True) as store:
        for path in paths:
            summaries.append(_import_one(store, Path(path), today, before_commit))
    return summaries
