"""What each row of a coordinator's file means: checks, reasons and the per-row outcome.

Every row read ends as exactly one of :data:`RESULTS`: a new status ``event``, ``unchanged``
(nothing to record, with why) or ``rejected`` (with column, value and reason). The checks
that need no store run here before the write lock is taken; the ones that need it
(unknown IDs, dates before the issue day, rows already recorded) run inside the import's
transaction with the helpers below.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from oportumap.dates import read_dates
from oportumap.errors import Interpretation
from oportumap.i18n import text
from oportumap.vocabulary import STATUS, match

#: Per-row results (``blank``: a fully empty row inside the data, counted apart).
RESULTS = ("event", "unchanged", "rejected", "blank")
#: Columns of the per-row outcome table (:attr:`ImportSummary.rows`).
ROW_COLUMNS = ["file", "sheet", "row", "result", "referral_id", "status", "status_date",
               "column", "value", "reason"]
#: A value of «Estado» with this many words or more that is no state is a note.
NOTE_WORDS = 3
#: Characters an ID may be typed with (another tool's IDs need not be Crockford).
_ID_CHARACTERS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#: Unknown IDs compared with the store's IDs for a one-character slip, at most.
MAX_CLOSE_LOOKUPS = 200


def _reject(rows: pd.DataFrame, mask: np.ndarray, column: str, values, reason) -> pd.DataFrame:
    picked = rows[mask]
    value = values[mask] if isinstance(values, pd.Series) else values
    return pd.DataFrame({"sheet": picked["sheet"].to_numpy(), "row": picked["row"].to_numpy(),
                         "column": column,
                         "value": pd.Series(value).astype("object").where(
                             pd.Series(value).notna(), "").astype(str).to_numpy()
                         if not isinstance(value, str) else value,
                         "reason": reason if isinstance(reason, str)
                         else np.asarray(reason)[mask],
                         "referral_id": picked["referral_id"].to_numpy()
                         if "referral_id" in picked else None})


def normalise_ids(values: pd.Series) -> tuple[pd.Series, list[Interpretation]]:
    """IDs as the store writes them: no spaces, capitals; Excel's ``123.0`` -> ``123``.

    Examples
    --------
    >>> ids, said = normalise_ids(pd.Series(["  7qgrjp3v1jnj ", "7QGR JP3V 1JNJ", 1234.0]))
    >>> ids.tolist()
    ['7QGRJP3V1JNJ', '7QGRJP3V1JNJ', '1234']
    >>> said[0].meaning
    '7QGRJP3V1JNJ (minúsculas o espacios: se normaliza)'
    """
    raw = values.astype("object").where(values.notna(), "")
    integral = raw.map(lambda v: isinstance(v, float) and v.is_integer())
    written = raw.astype(str)
    written[integral] = raw[integral].map(lambda v: str(int(v)))
    ids = written.str.replace(r"\s+", "", regex=True).str.upper()
    changed = (ids != written) & (ids != "") & ~integral
    said = []
    if changed.any():
        counts = pd.DataFrame({"w": written[changed], "i": ids[changed]}).value_counts(
            sort=False)
        said = [Interpretation("ID referencia", w, text("tracking.row.id_normalised")
                               .format(id=i), int(n)) for (w, i), n in counts.items()]
    return ids, said


def check_rows(rows: pd.DataFrame, today: dt.date
               ) -> tuple[pd.DataFrame, pd.DataFrame, list[Interpretation]]:
    """Checks that need no store: (rows still in, rejected rows, interpretations).

    Rows still in carry ``why``: the reason a row without a status change records nothing
    (empty for rows with a status to record).

    Examples
    --------
    >>> rows = pd.DataFrame({"sheet": "", "row": [2, 3, 4], "note": None,
    ...                      "referral_id": ["a1", "B2", "C3"],
    ...                      "status": ["Colocada", "Referido", "no contesta el teléfono"],
    ...                      "status_date": ["03/10/2026", "", "04/10/2026"]})
    >>> kept, rejected, said = check_rows(rows, dt.date(2026, 12, 5))
    >>> kept[["referral_id", "status", "why"]].values.tolist()
    [['A1', 'placed', ''], ['B2', '', 'sigue en «Referido» (estado inicial, sin fecha)']]
    >>> rejected["reason"].str[:29].tolist()
    ['no es un estado (es una nota)']
    """
    ids, said_ids = normalise_ids(rows["referral_id"])
    status_raw = rows["status"]
    states = match(status_raw, STATUS, column="Estado")
    status = states.values
    when = read_dates(rows["status_date"], column="Fecha estado", today=today,
                      require_day=True)
    dates = when.values
    date_given = (dates.notna() | when.problems.notna()).to_numpy().copy()
    # «Referido» is the state every referral starts in: with or without a date, it records
    # nothing (and its date is not checked).
    referred = (status == "referred").to_numpy()
    why = np.full(len(rows), "", dtype=object)
    why[referred & ~date_given] = text("tracking.row.referred_no_date")
    why[referred & date_given] = text("tracking.row.referred")
    status = status.where(~referred, "")
    date_given &= ~referred
    status_given = (status != "").to_numpy() & status.notna().to_numpy()
    why[~referred & ~status_given & ~date_given] = text("tracking.row.empty")
    rejected = []
    left = np.ones(len(rows), dtype=bool)
    frame = rows.assign(referral_id=ids.to_numpy())

    def reject(mask, column, values, reason):
        nonlocal left
        mask = np.asarray(mask, dtype=bool) & left
        if mask.any():
            rejected.append(_reject(frame, mask, column, values, reason))
            left &= ~mask

    if "formula" in rows:  # a formula saved without its result that could not be computed
        _reject_formulas(rows, reject)
    reject(ids == "", "ID referencia", ids, text("tracking.row.no_id"))
    words = status_raw.astype("object").where(status_raw.notna(), "").astype(str) \
        .str.split().str.len().fillna(0).to_numpy()
    # A sentence where a state goes is what happened, not a state: it belongs in «Nota»
    # (unless it names a state the matcher asks about: «no fue contactado»).
    asked = {i.value for i in states.interpretations if i.question}
    sentence = status.isna().to_numpy() & (words >= NOTE_WORDS) & \
        ~status_raw.astype("object").where(status_raw.notna(), "").astype(str).str.strip() \
        .isin(asked).to_numpy()
    reject(sentence, "Estado", status_raw, text("tracking.row.note"))
    reject(status.isna(), "Estado", status_raw, states.problems.to_numpy())
    reject(status_given & ~date_given, "Fecha estado", rows["status_date"],
           text("tracking.row.no_date"))
    reject(~status_given & date_given, "Estado", status_raw, text("tracking.row.no_status"))
    reject(when.problems.notna().to_numpy() & ~referred, "Fecha estado", rows["status_date"],
           when.problems.to_numpy())
    rejected_frame = pd.concat(rejected, ignore_index=True) if rejected else \
        pd.DataFrame(columns=["sheet", "row", "column", "value", "reason", "referral_id"])
    kept = rows[left].copy()
    kept["id_written"] = rows["referral_id"][left].to_numpy()
    kept["referral_id"] = ids[left].to_numpy()
    kept["status"] = status[left].to_numpy()
    kept["status_date"] = dates.where(~pd.Series(referred, index=dates.index))[left] \
        .dt.date.to_numpy()
    kept["why"] = why[left]
    kept["note"] = kept["note"].astype("object").where(kept["note"].notna(), None)
    kept["note"] = kept["note"].map(lambda v: None if v is None or str(v).strip() == ""
                                    else str(v).strip())
    return kept, rejected_frame, [*said_ids, *states.interpretations, *when.interpretations]


#: The column named when a field's formula could not be computed (others: as written).
_FIELD_COLUMNS = {"referral_id": "ID referencia", "status": "Estado",
                  "status_date": "Fecha estado", "note": "Nota"}


def _reject_formulas(rows: pd.DataFrame, reject) -> None:
    """Reject each row whose field holds a formula that could not be computed, naming the
    sheet, the cell, why and what to do (a blank there would be a guess)."""
    field = rows["formula_field"].to_numpy(dtype=object)
    cells = rows["formula"]
    for name in pd.unique(field[pd.notna(field)]):  # a few fields at most
        mask = field == name
        picked = cells[mask]
        values = pd.Series("", index=rows.index, dtype=object)
        reasons = np.full(len(rows), "", dtype=object)
        values[mask] = [u.cell.formula for u in picked]
        reasons[mask] = [u.reason for u in picked]
        column = _FIELD_COLUMNS.get(name) or picked.iloc[0].cell.header
        reject(mask, column, values, reasons)


def _neighbours(key: str) -> set[str]:
    """IDs one character away from ``key`` (one missing, one extra or one changed)."""
    out = {key[:i] + key[i + 1:] for i in range(len(key))}
    for i in range(len(key) + 1):
        out.update(key[:i] + c + key[i:] for c in _ID_CHARACTERS)
    for i in range(len(key)):
        out.update(key[:i] + c + key[i + 1:] for c in _ID_CHARACTERS if c != key[i])
    out.discard(key)
    return out


def _close_ids(conn, unknown: list[str]) -> dict[str, str]:
    """For IDs the store does not hold, the one stored ID a single slip away (if only one).

    At most :data:`MAX_CLOSE_LOOKUPS` distinct IDs are looked up (a file of foreign IDs
    is not worth a thousand searches); the others are just unknown.
    """
    from sqlalchemy import bindparam
    from sqlalchemy import text as sql

    query = sql("SELECT referral_id FROM referrals WHERE referral_id IN :ids").bindparams(
        bindparam("ids", expanding=True))
    found = {}
    for key in sorted(set(unknown))[:MAX_CLOSE_LOOKUPS]:  # few: typed slips are rare
        if not key:
            continue
        hits = [r[0] for r in conn.execute(query, {"ids": sorted(_neighbours(key))})]
        if len(hits) == 1:
            found[key] = hits[0]
    return found


def unknown_reasons(ids: pd.Series, close: dict[str, str]) -> np.ndarray:
    """The reason for each unknown ID: a slip of a stored one (named), or unknown.

    Examples
    --------
    >>> unknown_reasons(pd.Series(["ZSMBCXEPPTR"]), {"ZSMBCXEPPTR": "ZSMBCXEPPTRD"})[0][:35]
    'ID de 11 caracteres (falta uno): no'
    """
    ids = pd.Series(ids.to_numpy(dtype=object)).astype(str)
    out = _fill(text("tracking.row.unknown_id"), id=ids)
    for i in np.flatnonzero(ids.isin(list(close)).to_numpy()):  # at most MAX_CLOSE_LOOKUPS
        key = ids.iloc[i]
        near = close[key]
        if len(near) == len(key) + 1:
            out.iloc[i] = text("tracking.row.id_short").format(n=len(key), id=near)
        elif len(near) == len(key) - 1:
            out.iloc[i] = text("tracking.row.id_long").format(n=len(key), id=near)
        else:
            out.iloc[i] = text("tracking.row.id_changed").format(id=key, near=near)
    return out.to_numpy(dtype=object)


def _row_outcomes(file: str, kept: pd.DataFrame, fresh_rows: np.ndarray, known: pd.DataFrame,
                 rejected: pd.DataFrame, blank: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per row read: :data:`ROW_COLUMNS`, in the file's order.

    ``fresh_rows`` marks the kept rows that add an event; ``known`` holds the stored events
    (``referral_id``, ``status``, ``status_date``, ``source_file``, ``sheet``, ``row``) a
    repeated row matches.
    """
    key = ["referral_id", "status", "status_date"]
    out = kept[["sheet", "row", "referral_id", "status", "status_date"]].copy()
    out["result"] = np.where(fresh_rows, "event", "unchanged")
    reason = kept["why"].to_numpy(dtype=object).copy()
    repeated = ~fresh_rows & (kept["status"] != "").to_numpy()
    if repeated.any():
        first = known.drop_duplicates(key).set_index(key)
        where = pd.MultiIndex.from_frame(kept.loc[repeated, key])
        at = first.index.get_indexer(where)
        found = first.iloc[np.maximum(at, 0)]
        files = pd.Series(found["source_file"].to_numpy(dtype=object)).where(at >= 0, file)
        places = _places(found["sheet"], found["row"]).where(at >= 0, "")
        reason[repeated] = _fill(text("tracking.row.known"), file=files.astype(str),
                                 where=places).to_numpy()
    out["reason"] = reason
    out["column"] = ""
    out["value"] = ""
    gone = rejected.assign(result="rejected", status=None, status_date=None)
    parts = [out, gone]
    if blank is not None and len(blank):
        parts.append(blank.assign(result="blank", reason=text("tracking.row.blank")))
    out = pd.concat(parts, ignore_index=True)
    out.insert(0, "file", file)
    return out[ROW_COLUMNS].sort_values(["sheet", "row"], kind="stable").reset_index(
        drop=True)


def _places(sheets: pd.Series, rows: pd.Series) -> pd.Series:
    """", hoja 'S', fila N" (or ", fila N" without a sheet) for each stored row, vectorised."""
    sheet = pd.Series(sheets.to_numpy(dtype=object)).fillna("").astype(str)
    number = pd.to_numeric(pd.Series(rows.to_numpy(dtype=object)), errors="coerce") \
        .astype("Int64").astype(str).replace("<NA>", "")
    out = pd.Series(", fila ", index=sheet.index) + number
    out = out.where(sheet == "", ", hoja '" + sheet + "'" + out)
    return out.where(number != "", "")


def _fill(template: str, **columns: pd.Series) -> pd.Series:
    """``template.format`` for every row, as column-wise string joins (no per-row call)."""
    import re

    parts = re.split(r"\{(\w+)\}", template)
    n = len(next(iter(columns.values())))
    out = pd.Series([""] * n, dtype=object)
    for i, part in enumerate(parts):
        out = out + (columns[part].reset_index(drop=True) if i % 2 else part)
    return out
