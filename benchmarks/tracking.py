"""Benchmark: the referral follow-up store on SQLite, against the obvious ways, in one run.

1. Recording: ``tracking.record_referrals`` of ``people x 5`` referrals (default
   1,000,000 people = 5,000,000 referrals) into a new SQLite file. Baseline: pandas
   ``DataFrame.to_sql`` with default settings (SQLAlchemy engine, append) of the same
   rows, on up to 1,000,000 of them; compared in rows per second.
2. Import: ``tracking.import_status`` of a filled workbook (.xlsx, written with openpyxl
   as a coordinator's copy) and of the same rows as CSV, with 100,000 status updates.
   Baseline: row-by-row upserts (per row: look the referral up, look for the same event,
   insert) with SQLAlchemy Core in one transaction, on 10,000 of the rows.
3. Outcomes: ``oportumap.outcomes(db, by="department")`` once the store holds the
   referrals and 1,000,000 events. Baseline: pandas ``read_sql`` of both tables, merge
   and ``groupby`` (what one would write without SQL).

Ratios compare CPU seconds of this process (wall seconds are printed too; on a machine
shared with other jobs they mostly measure the others).

Run: ``.venv/bin/python benchmarks/tracking.py`` (``--quick`` for a small run, ``--size``
people, ``--updates`` status rows, ``--events`` events in the store, ``--seed``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

STAGES = np.array(["psychosocial", "id_document", "certification", "training", "employment",
                   "entrepreneurship"], dtype=object)
KINDS = np.array(["service", "service", "certification", "training", "vacancy",
                  "entrepreneurship"], dtype=object)
ISSUED = dt.datetime(2025, 3, 1, 9, 0)


def synthetic_referrals(people: int, seed: int) -> pd.DataFrame:
    """``people x 5`` referrals shaped like ``oportumap.referrals`` output."""
    from oportumap.geography import get_country

    rng = np.random.default_rng(seed)
    munis = get_country("GT").municipalities["muni_code"].to_numpy(dtype=object)
    n = people * 5
    person = np.repeat(np.arange(people), 5)
    stage = rng.integers(0, len(STAGES), n)
    # five different offers per person (a real run never repeats one)
    offers = ((rng.integers(0, 50_000, people)[:, None] + np.arange(5) * 10_007)
              % 50_000).ravel()
    return pd.DataFrame({
        "returnee_id": pd.Categorical.from_codes(person, [f"R-{i:07d}" for i in
                                                          range(people)]),
        "rank": np.tile(np.arange(1, 6), people),
        "stage": pd.Categorical.from_codes(stage, list(STAGES)),
        "kind": KINDS[stage],
        "opportunity_id": pd.Categorical.from_codes(offers, [f"O-{i:05d}" for i in
                                                             range(50_000)]),
        "provider": pd.Categorical.from_codes(offers % 2_000, [f"Proveedor {i}" for i in
                                                               range(2_000)]),
        "muni_code": munis[rng.integers(0, len(munis), n)],
        "home_muni_code": np.repeat(munis[rng.integers(0, len(munis), people)], 5),
        "score": np.round(rng.random(n), 4),
        "title": "Oferta",
    })


def timed(label: str, action):
    """Run ``action``; print wall and CPU seconds and return the CPU seconds (what this
    process used: on a shared machine the fairer figure, since SQLite runs in-process)."""
    start, cpu = time.perf_counter(), time.process_time()
    value = action()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"  {label}: {seconds:,.2f} s wall, {cpu:,.2f} s CPU", flush=True)
    return value, cpu


def write_updates(ids: np.ndarray, issued: pd.Timestamp, folder: Path, seed: int
                  ) -> tuple[Path, Path]:
    """A coordinator's filled workbook (and the same rows as CSV)."""
    from openpyxl import Workbook

    rng = np.random.default_rng(seed + 1)
    n = len(ids)
    status = rng.choice(["Contactado", "Inscrito", "Colocado", "No se presentó",
                         "Rechazado"], n, p=[0.4, 0.2, 0.2, 0.1, 0.1])
    days = rng.integers(1, 90, n)
    dates = (issued + pd.to_timedelta(days, unit="D")).to_pydatetime()
    frame = pd.DataFrame({"Departamento": "Guatemala", "ID retornado": "R",
                          "ID referencia": ids, "Oportunidad": "Oferta",
                          "Estado": status, "Fecha estado": dates, "Nota": ""})
    xlsx, csv = folder / "estados.xlsx", folder / "estados.csv"
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Referencias")
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):  # test data generation, not timed
        sheet.append(list(row))
    book.save(xlsx)
    frame.assign(**{"Fecha estado": pd.Series(dates).dt.strftime("%d/%m/%Y")}).to_csv(
        csv, index=False, encoding="utf-8-sig")
    return xlsx, csv


def baseline_upserts(db_path: Path, csv: Path, rows: int) -> None:
    """Row-by-row: look up the referral, look for the same event, insert it."""
    import sqlalchemy as sa

    from oportumap.dates import read_dates
    from oportumap.tracking.statuses import parse_statuses
    from oportumap.tracking.tables import referrals, status_events

    frame = pd.read_csv(csv, dtype=str, encoding="utf-8-sig").head(rows)
    status = parse_statuses(frame["Estado"]).tolist()
    dates = read_dates(frame["Fecha estado"]).values.dt.date.tolist()
    engine = sa.create_engine(f"sqlite:///{db_path}")
    now = dt.datetime.now()
    with engine.begin() as conn:
        for i, ref in enumerate(frame["ID referencia"]):
            if conn.execute(sa.select(referrals.c.referral_id).where(
                    referrals.c.referral_id == ref)).first() is None:
                continue
            same = conn.execute(sa.select(status_events.c.event_id).where(
                status_events.c.referral_id == ref, status_events.c.status == status[i],
                status_events.c.status_date == dates[i])).first()
            if same is None:
                conn.execute(status_events.insert().values(
                    referral_id=ref, status=status[i], status_date=dates[i],
                    source_file="baseline", sheet="", row=i + 2, imported_at=now, flags=""))
        conn.rollback()  # leave the store as it was
    engine.dispose()


def add_events(db_path: Path, ids: np.ndarray, n: int, seed: int) -> None:
    """Fill the store up to ``n`` events (bulk, untimed set-up for the outcomes run)."""
    import sqlite3

    if n <= 0:
        return
    rng = np.random.default_rng(seed + 2)
    pick = ids[rng.integers(0, len(ids), n)]
    status = rng.choice(["contacted", "enrolled", "placed", "no_show", "rejected",
                         "certified"], n)
    dates = (pd.Timestamp(ISSUED.date()) + pd.to_timedelta(rng.integers(1, 120, n), unit="D")
             ).strftime("%Y-%m-%d")
    conn = sqlite3.connect(db_path)
    conn.executemany("INSERT INTO status_events (referral_id, status, status_date, "
                     "imported_at, flags) VALUES (?, ?, ?, '2025-07-01 00:00:00.000000', '')",
                     zip(pick.tolist(), status.tolist(), dates.tolist(), strict=True))
    conn.commit()
    conn.close()


def baseline_outcomes(db_path: Path) -> pd.DataFrame:
    import sqlalchemy as sa

    engine = sa.create_engine(f"sqlite:///{db_path}")
    refs = pd.read_sql("SELECT referral_id, home_dept_code FROM referrals", engine)
    events = pd.read_sql("SELECT referral_id, status FROM status_events", engine)
    engine.dispose()
    merged = events.merge(refs, on="referral_id")
    reached = pd.crosstab([merged["home_dept_code"], merged["referral_id"]],
                          merged["status"]).clip(upper=1)
    table = reached.groupby(level=0).sum()
    table["issued"] = refs.groupby("home_dept_code").size()
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="small run: 40,000 people, 20,000 updates, 200,000 events")
    parser.add_argument("--size", type=int, default=1_000_000, help="people (x5 referrals)")
    parser.add_argument("--updates", type=int, default=100_000, help="status rows imported")
    parser.add_argument("--events", type=int, default=1_000_000, help="events in the store")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    if args.quick:
        args.size, args.updates, args.events = 40_000, 20_000, 200_000

    import sqlalchemy as sa

    from oportumap import outcomes
    from oportumap.tracking import import_status, record_referrals
    from oportumap.tracking.record import _record_columns

    folder = Path(tempfile.mkdtemp(prefix="oportumap-bench-"))
    db_path = folder / "seguimiento.db"
    table = synthetic_referrals(args.size, args.seed)
    n = len(table)
    print(f"Recording {n:,} referrals ({args.size:,} people x 5) into SQLite")
    recorded, ours = timed("record_referrals", lambda: record_referrals(
        db_path, table, as_of="2025-02-28", issued_at=ISSUED))
    base_rows = min(n, 1_000_000)
    columns = _record_columns(table.head(base_rows), as_of="2025-02-28", country="GT",
                              occupations=None)
    columns.pop("_keys")
    frame = pd.DataFrame(columns).assign(as_of=dt.date(2025, 2, 28), issued_at=ISSUED)
    engine = sa.create_engine(f"sqlite:///{folder / 'baseline.db'}")
    _, base = timed(f"pandas to_sql, default settings ({base_rows:,} rows)",
                    lambda: frame.to_sql("referrals", engine, index=False))
    engine.dispose()
    print(f"  -> {n / ours:,.0f} rows/s vs {base_rows / base:,.0f} rows/s: "
          f"{(n / ours) / (base_rows / base):.1f}x faster; 5,000,000 rows would take "
          f"{5e6 / (n / ours):,.0f} s CPU (target 60 s)")

    ids = recorded.referrals["referral_id"].to_numpy()
    rng = np.random.default_rng(args.seed)
    chosen = ids[rng.choice(len(ids), args.updates, replace=False)]
    xlsx, csv = write_updates(chosen, pd.Timestamp(ISSUED.date()), folder, args.seed)
    print(f"Importing {args.updates:,} status updates")
    today = dt.date(2025, 12, 31)
    base_n = min(args.updates, 10_000)
    _, base_s = timed(f"baseline row-by-row upserts ({base_n:,} rows)",
                      lambda: baseline_upserts(db_path, csv, base_n))
    summary, xlsx_s = timed("import_status (.xlsx)",
                            lambda: import_status(db_path, xlsx, today=today)[0])
    assert summary.accepted + summary.rejected == summary.rows_read == args.updates
    copy = folder / "estados_copia.csv"
    copy.write_bytes(csv.read_bytes() + b"\n")  # different bytes: read and matched again
    again, csv_s = timed("import_status (.csv, same rows again: adds nothing)",
                         lambda: import_status(db_path, copy, today=today)[0])
    assert again.events_added == 0, again.message()
    print(f"  -> {summary.events_added:,} events added; row-by-row would take "
          f"{base_s / base_n * args.updates:,.1f} s for {args.updates:,} rows: "
          f"{base_s / base_n * args.updates / xlsx_s:.1f}x (xlsx), "
          f"{base_s / base_n * args.updates / csv_s:.1f}x (csv) (target 10 s)")

    add_events(db_path, ids, args.events - summary.events_added, args.seed)
    print(f"Outcomes by department over {n:,} referrals and {args.events:,} events")
    ours_table, out_s = timed("oportumap.outcomes(db, by='department')",
                              lambda: outcomes(db_path, by="department"))
    base_table, base_out = timed("pandas read_sql + merge + groupby",
                                 lambda: baseline_outcomes(db_path))
    check = ours_table.set_index("group")["issued"].drop("Total")
    assert (check.sort_index().to_numpy()
            == base_table["issued"].sort_index().to_numpy()).all()
    print(f"  -> {base_out / out_s:.1f}x faster (target 5 s)")


if __name__ == "__main__":
    main()
