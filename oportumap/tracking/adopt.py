"""Adopting referrals of a list made without a store (its IDs are the hash of the row)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from oportumap.dates import read_dates
from oportumap.text import normalize_text


def _stage_codes(values: pd.Series) -> pd.Series:
    """Stage codes from the words a workbook shows (either language) or the codes."""
    from oportumap.i18n import has_text
    from oportumap.i18n import text as word

    lookup = {}
    for code in ("psychosocial", "id_document", "certification", "training", "employment",
                 "entrepreneurship"):
        lookup[normalize_text(code)] = code
        for lang in ("es", "en"):
            if has_text(f"stage.{code}"):
                lookup[normalize_text(word(f"stage.{code}", lang))] = code
    return values.map(lambda v: lookup.get(normalize_text(v)) if isinstance(v, str) else None)


def _adopt(store, rows: pd.DataFrame) -> int:
    """Record the referrals of a list made without a store, so its statuses count.

    A row is adopted only when its «ID referencia» is exactly the ID
    :func:`oportumap.tracking.record.referral_ids` gives its returnee, offer, stage and
    «Datos al» date (a list oportumap delivered, not a typed-in ID) and the store does not
    hold it yet. The referral is recorded as issued on its data date. Returns how many
    were adopted.
    """
    from sqlalchemy import select

    from oportumap.tracking.record import record_referrals, referral_ids
    from oportumap.tracking.tables import referrals as referrals_table

    needed = ("returnee_id", "opportunity_id", "stage", "as_of")
    if not len(rows) or any(c not in rows or rows[c].isna().all() for c in needed):
        return 0
    rows = rows.drop_duplicates("referral_id")
    as_of = read_dates(rows["as_of"], allow_future=True).values
    stage = _stage_codes(rows["stage"])
    usable = as_of.notna() & stage.notna() & rows["returnee_id"].notna() & \
        rows["opportunity_id"].notna()
    rows, as_of, stage = rows[usable], as_of[usable], stage[usable]
    if not len(rows):
        return 0
    day = as_of.dt.strftime("%Y-%m-%d")
    ids = pd.Series(rows["referral_id"].astype(str).str.strip().to_numpy(), index=rows.index)
    expected = pd.Series(index=rows.index, dtype=object)
    for date, part in day.groupby(day):
        expected[part.index] = referral_ids(rows.loc[part.index, "returnee_id"].astype(str),
                                            rows.loc[part.index, "opportunity_id"].astype(str),
                                            stage[part.index], date)
    genuine = ids == expected
    if not genuine.any():
        return 0
    with store.read() as conn:
        held = {r[0] for r in conn.execute(select(referrals_table.c.referral_id).where(
            referrals_table.c.referral_id.in_(ids[genuine].tolist())))}
    new = genuine & ~ids.isin(held)
    adopted = 0
    kinds = _kind_codes(rows["kind"]) if "kind" in rows else None
    for date, part in day[new].groupby(day[new]):
        idx = part.index
        table = pd.DataFrame({
            "returnee_id": rows.loc[idx, "returnee_id"].astype(str),
            "opportunity_id": rows.loc[idx, "opportunity_id"].astype(str),
            "stage": stage[idx], "kind": kinds[idx] if kinds is not None else None,
            **{c: rows.loc[idx, c] for c in ("rank", "score", "provider", "home_muni_code",
                                             "muni_code") if c in rows}})
        for code in ("home_muni_code", "muni_code"):  # Excel may have made "0101" 101
            if code in table:
                table[code] = table[code].map(
                    lambda v: None if v is None or v != v else
                    (f"{int(v):04d}" if isinstance(v, int | float) else str(v)))
        record_referrals(store, table, as_of=date,
                         issued_at=dt.datetime.fromisoformat(date))
        adopted += len(table)
    return adopted


def _kind_codes(values: pd.Series) -> pd.Series:
    from oportumap.i18n import text as word

    lookup = {}
    for code in ("vacancy", "training", "certification", "entrepreneurship", "service"):
        lookup[normalize_text(code)] = code
        for lang in ("es", "en"):
            lookup[normalize_text(word(f"referrals.kind.{code}", lang))] = code
    return values.map(lambda v: lookup.get(normalize_text(v)) if isinstance(v, str) else None)
