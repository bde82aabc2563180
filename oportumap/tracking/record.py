"""Record a referral run in the store, each referral under a stable ``referral_id``.

``referral_id``
    12 characters of Crockford base-32 (digits and capital letters without I, L, O, U,
    easy to read aloud and type) from a 60-bit hash of (returnee_id, opportunity_id,
    stage, as-of date). The same referral of the same data date always gets the same ID,
    so recording a run twice adds nothing and the ID printed in the workbook finds its
    referral again whatever a coordinator does to the rows around it.

Speed
    Rows go in with one driver-level ``executemany`` (SQLite) or ``COPY`` (PostgreSQL)
    inside one transaction; already recorded IDs are skipped (``INSERT OR IGNORE`` /
    ``ON CONFLICT DO NOTHING``).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import numpy as np
import pandas as pd

from oportumap.errors import DataError
from oportumap.tracking.store import using

#: Characters of a referral ID (Crockford base 32).
ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: Length of a referral ID.
ID_LENGTH = 12
# Fixed 16-byte key of pandas' SipHash: IDs must not change between runs or machines.
_HASH_KEY = "oportumap-ref-v1"

#: Columns of the ``referrals`` table written by :func:`record_referrals`, in order.
RECORD_COLUMNS = ["referral_id", "run_id", "returnee_id", "opportunity_id", "kind", "stage",
                  "rank", "score", "provider", "home_muni_code", "home_dept_code",
                  "muni_code", "dept_code", "occupation", "as_of", "issued_at"]


def _objects(values, n: int) -> np.ndarray:
    """A column as a NumPy object array (None for missing), cheaply for categoricals."""
    if values is None:
        return np.full(n, None, dtype=object)
    values = pd.Series(values) if not isinstance(values, pd.Series) else values
    if isinstance(values.dtype, pd.CategoricalDtype):
        categories = np.append(values.cat.categories.to_numpy(dtype=object), None)
        return categories[values.cat.codes.to_numpy()]  # code -1 -> the trailing None
    if pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(
            values.dtype):
        values = values.astype("object").where(values.notna(), None).map(
            lambda v: None if v is None else str(v))
    return values.to_numpy(dtype=object, na_value=None)


def _keys(returnee_id, opportunity_id, stage, as_of) -> np.ndarray:
    """60-bit keys of referrals (vectorised SipHash of each field, mixed)."""
    n = len(returnee_id)
    fields = [_objects(returnee_id, n), _objects(opportunity_id, n), _objects(stage, n),
              np.full(n, str(as_of or ""), dtype=object)]
    mixed = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):  # uint64 arithmetic wraps on purpose
        for values in fields:
            hashed = pd.util.hash_array(values, hash_key=_HASH_KEY, categorize=True)
            mixed = (mixed * np.uint64(0x100000001B3)) ^ hashed.astype(np.uint64)
    return mixed >> np.uint64(4)  # keep 60 bits = 12 characters


def _format_ids(keys: np.ndarray) -> np.ndarray:
    shifts = np.arange(ID_LENGTH - 1, -1, -1, dtype=np.uint64) * np.uint64(5)
    digits = ((keys[:, None] >> shifts[None, :]) & np.uint64(31)).astype(np.intp)
    letters = np.frombuffer(ID_ALPHABET.encode("ascii"), dtype=np.uint8)[digits]
    return np.ascontiguousarray(letters).view(f"S{ID_LENGTH}").ravel().astype(str).astype(
        object)


def referral_ids(returnee_id, opportunity_id, stage, as_of) -> np.ndarray:
    """Stable referral IDs (vectorised): same inputs, same 12-character ID.

    Parameters
    ----------
    returnee_id, opportunity_id, stage : array-like
        One value per referral.
    as_of : str
        Date of the data the run used (ISO ``YYYY-MM-DD``).

    Examples
    --------
    >>> referral_ids(["R-1", "R-1"], ["V-9", "V-9"], ["employment", "training"], "2025-11-30")
    array(['M5GWBXTFHM4P', 'SHQCC35H0ZQB'], dtype=object)
    """
    return _format_ids(_keys(returnee_id, opportunity_id, stage, as_of))


def _record_columns(table: pd.DataFrame, *, as_of: str | None, country: str,
                    occupations: pd.Series | None) -> dict[str, np.ndarray]:
    """The referrals table's columns as object arrays, in referral-ID order."""
    missing = {"returnee_id", "opportunity_id", "stage"} - set(table.columns)
    if missing:
        raise DataError(f"la tabla de referencias no tiene las columnas {sorted(missing)}; "
                        "use la salida de oportumap.referral_list()")
    from oportumap.geography import get_country

    munis = get_country(country).municipalities
    dept_of = dict(zip(munis["muni_code"], munis["dept_code"], strict=True))
    n = len(table)
    keys = _keys(table["returnee_id"], table["opportunity_id"], table["stage"], as_of)

    def column(name: str) -> np.ndarray:
        return _objects(table.get(name), n)

    def numbers(name: str) -> np.ndarray:
        if name not in table:
            return np.full(n, None, dtype=object)
        values = pd.to_numeric(table[name], errors="coerce")
        return values.astype(object).where(values.notna(), None).to_numpy(dtype=object)

    home, offer = column("home_muni_code"), column("muni_code")
    # department codes: mapped once per distinct municipality, then taken
    home_codes, home_uniques = pd.factorize(home, use_na_sentinel=False)
    offer_codes, offer_uniques = pd.factorize(offer, use_na_sentinel=False)
    if occupations is not None:
        occupation = _objects(table["opportunity_id"].astype("object").map(occupations), n)
    else:
        occupation = column("title")
    rank = np.full(n, None, dtype=object)
    if "rank" in table:
        values = pd.to_numeric(table["rank"], errors="coerce")
        known = values.notna().to_numpy()
        rank[known] = values[known].to_numpy().astype(np.int64).astype(object)
    columns = {
        "referral_id": None, "returnee_id": column("returnee_id"),
        "opportunity_id": column("opportunity_id"), "kind": column("kind"),
        "stage": column("stage"), "rank": rank,
        "score": numbers("score"), "provider": column("provider"),
        "home_muni_code": home,
        "home_dept_code": np.array([dept_of.get(v) for v in home_uniques],
                                   dtype=object)[home_codes],
        "muni_code": offer,
        "dept_code": np.array([dept_of.get(v) for v in offer_uniques],
                              dtype=object)[offer_codes],
        "occupation": occupation,
    }
    columns["referral_id"] = _format_ids(keys)
    columns["_keys"] = keys
    return columns


@dataclass(frozen=True)
class RecordedRun:
    """What :func:`record_referrals` stored.

    Attributes
    ----------
    referrals : pandas.DataFrame
        The referrals with ``referral_id`` (the workbook's «ID referencia») first.
    recorded : int
        Referrals new to the store (a referral recorded before is not added again).
    run_id : int
        The run's number in the store.
    """

    referrals: pd.DataFrame
    recorded: int
    run_id: int


def record_referrals(db, referrals: pd.DataFrame, *, dataset=None, as_of: str | None = None,
                     issued_at: dt.datetime | None = None, country: str | None = None,
                     before_commit=None) -> RecordedRun:
    """Record a referral run; return the table with ``referral_id`` as first column.

    Parameters
    ----------
    db : str, path, Store or None
        The store (see :mod:`oportumap.tracking.store`).
    referrals : pandas.DataFrame
        From :func:`oportumap.referrals` (``returnee_id``, ``opportunity_id``, ``stage``,
        ``kind``, ``rank``, ``score``, ``provider``, ``muni_code``, ``home_muni_code``).
    dataset : Dataset, optional
        Gives the as-of date (``data_date``), the country and the offers' occupations.
    as_of : str, optional
        Date of the data (ISO); overrides ``dataset.data_date``.
    issued_at : datetime, optional
        When the lists were issued (default: now, UTC). Status dates before its day are
        rejected on import.
    country : str, optional
        Country of the municipality codes (default ``dataset.country`` or ``"GT"``).
    before_commit : callable, optional
        Called inside the transaction, after the rows are in: if it raises (a workbook
        that could not be written), nothing is recorded.

    Returns
    -------
    RecordedRun
        ``referrals`` with ``referral_id`` inserted first, how many were new to the store
        (``recorded``) and the run's number (``run_id``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from oportumap import load_sample, referral_list
    >>> ds = load_sample()
    >>> table = referral_list(ds).head(100)
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "seguimiento.db"
    >>> run = record_referrals(db, table, dataset=ds)
    >>> run.recorded, record_referrals(db, table, dataset=ds).recorded
    (100, 0)
    >>> run.referrals.columns[0]
    'referral_id'
    """
    if dataset is not None:
        as_of = as_of or dataset.data_date
        country = country or dataset.country
    country = country or "GT"
    issued = (issued_at or dt.datetime.now(dt.timezone.utc)).replace(tzinfo=None)
    occupations = None
    if dataset is not None and "occupation" in dataset.opportunities:
        opps = dataset.opportunities.drop_duplicates("opportunity_id")
        occupations = pd.Series(opps["occupation"].astype("object").to_numpy(),
                                index=opps["opportunity_id"].astype(str).to_numpy())
    columns = _record_columns(referrals, as_of=as_of, country=country,
                              occupations=occupations)
    keys = columns.pop("_keys")
    order = np.argsort(keys, kind="stable")  # ID order = key order (fixed-width base 32)
    repeated = np.flatnonzero(keys[order][1:] == keys[order][:-1])
    if len(repeated):  # the same person, offer and stage twice in one table
        first = order[repeated[0]]
        raise DataError(f"la referencia de {columns['returnee_id'][first]} a "
                        f"{columns['opportunity_id'][first]} ({columns['stage'][first]}) "
                        "aparece dos veces en la tabla")
    as_of_date = dt.date.fromisoformat(str(as_of)[:10]) if as_of else None
    from oportumap.tracking.tables import runs

    with using(db, create=True) as store, store.write() as conn:
        run_id = conn.execute(runs.insert().values(
            issued_at=issued, as_of=as_of_date, country=country, referrals=len(keys)
        )).inserted_primary_key[0]
        constants = {"run_id": int(run_id), "as_of": as_of_date, "issued_at": issued}
        if store.dialect == "sqlite":
            recorded = _insert_sqlite(conn, columns, order, constants)
        else:
            recorded = _insert_postgresql(conn, columns, constants)
        _count_groups(conn, columns, int(run_id), recorded)
        if before_commit is not None:
            before_commit()
    out = referrals.drop(columns="referral_id", errors="ignore")
    out.insert(0, "referral_id", columns["referral_id"])
    return RecordedRun(referrals=out, recorded=int(recorded), run_id=int(run_id))


def _count_groups(conn, columns: dict[str, np.ndarray], run_id: int, recorded: int) -> None:
    """Store how many referrals the run issued per group (outcomes read these counts)."""
    from sqlalchemy import text

    from oportumap.tracking.funnel import GROUPS
    from oportumap.tracking.tables import run_groups

    if recorded == 0:
        return
    rows = []
    if recorded == len(columns["referral_id"]):  # all new: count in memory
        for dimension, column in GROUPS.items():
            codes, uniques = pd.factorize(columns[column], use_na_sentinel=False)
            counts = np.bincount(codes, minlength=len(uniques))
            rows += [{"run_id": run_id, "dimension": dimension,
                      "grp": None if pd.isna(g) else str(g), "issued": int(c)}
                     for g, c in zip(uniques, counts, strict=True)]
        conn.execute(run_groups.insert(), rows)
        return
    for dimension, column in GROUPS.items():  # some were recorded before: count what landed
        conn.execute(text(f"INSERT INTO run_groups (run_id, dimension, grp, issued) SELECT "
                          f":run, '{dimension}', {column}, COUNT(*) FROM referrals WHERE "
                          f"run_id = :run GROUP BY {column}"), {"run": run_id})


def _insert_sqlite(conn, columns: dict[str, np.ndarray], order: np.ndarray,
                   constants: dict, chunk: int = 500_000) -> int:
    """Rows in key order fill the primary-key B-tree sequentially, and a large page cache
    keeps it in memory: random-order inserts of millions of hashed keys are I/O bound."""
    driver = conn.connection.driver_connection
    before = driver.total_changes
    placeholders = ", ".join("?" * len(RECORD_COLUMNS))
    sql = (f"INSERT OR IGNORE INTO referrals ({', '.join(RECORD_COLUMNS)}) "
           f"VALUES ({placeholders})")
    # Dates as SQLAlchemy stores them in SQLite, so Core reads them back as dates.
    as_of = constants["as_of"].isoformat() if constants["as_of"] else None
    fixed = {"run_id": constants["run_id"], "as_of": as_of,
             "issued_at": constants["issued_at"].strftime("%Y-%m-%d %H:%M:%S.%f")}
    driver.execute("PRAGMA cache_size = -262144")  # 256 MB for this connection
    try:
        for start in range(0, len(order), chunk):  # bounded memory for millions of rows
            rows = order[start:start + chunk]
            values = [[fixed[name]] * len(rows) if name in fixed
                      else columns[name][rows].tolist() for name in RECORD_COLUMNS]
            driver.executemany(sql, zip(*values, strict=True))
    finally:
        driver.execute("PRAGMA cache_size = -2000")
    return driver.total_changes - before


def _insert_postgresql(conn, columns: dict[str, np.ndarray], constants: dict) -> int:
    cursor = conn.connection.driver_connection.cursor()
    cursor.execute("CREATE TEMP TABLE referrals_in (LIKE referrals) ON COMMIT DROP")
    n = len(columns["referral_id"])
    out = pd.DataFrame({name: columns[name] if name in columns
                        else np.full(n, constants[name], dtype=object)
                        for name in RECORD_COLUMNS})
    chunk = 500_000
    with cursor.copy(f"COPY referrals_in ({', '.join(RECORD_COLUMNS)}) FROM STDIN "
                     "(FORMAT csv)") as copy:
        for start in range(0, len(out), chunk):
            buffer = io.StringIO()
            out.iloc[start:start + chunk].to_csv(buffer, header=False, index=False,
                                                 date_format="%Y-%m-%d %H:%M:%S.%f")
            copy.write(buffer.getvalue())
    cursor.execute(f"INSERT INTO referrals ({', '.join(RECORD_COLUMNS)}) SELECT "
                   f"{', '.join(RECORD_COLUMNS)} FROM referrals_in "
                   "ON CONFLICT (referral_id) DO NOTHING")
    return cursor.rowcount
