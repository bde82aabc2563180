"""Which unit holds each department's seat (the capital labelled on every map).

Never "the first unit by code": a registered file numbers its units as it likes (El
Salvador's districts alphabetically, for one). The seat comes, per department, from the
first of these that names exactly one unit:

1. the boundary file's own column (``oportumap country add ... --capitals COLUMN``):
   either a yes/no flag on the seat's row, or the capital's name on every row;
2. the bundled table of first-level capitals (``geodata/admin1_capitals.csv``: El
   Salvador, Honduras, Costa Rica), matched by name, including the names the seat's unit
   carries at other levels (``Carmen`` for San José's district, ``San Salvador Centro``
   for the 2024 municipality);
3. the unit named like its department (Santa Ana in Santa Ana).

Guatemala's INE numbering puts the cabecera first (``XX01``), which is the rule there.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import pandas as pd

from oportumap.errors import DataError
from oportumap.geography.names import place_key

_YES = {"1", "si", "sí", "s", "yes", "y", "true", "verdadero", "x", "cabecera", "capital",
        "cabecera departamental", "cabecera provincial", "sede"}
_NO = {"0", "no", "n", "false", "falso", "", "nan", "none"}


@dataclass(frozen=True)
class SeatReport:
    """How each department's seat was found.

    Attributes
    ----------
    by_column, by_table, by_name : int
        Departments whose seat came from the file's column, the bundled table, or the
        unit named like its department.
    missing : list of str
        Departments with no seat found (they get no capital label).
    column_reading : str
        How the ``--capitals`` column was read ("marca" or "nombre"), empty without one.
    """

    by_column: int = 0
    by_table: int = 0
    by_name: int = 0
    missing: list[str] = field(default_factory=list)
    column_reading: str = ""


@functools.lru_cache(maxsize=1)
def capitals_table() -> pd.DataFrame:
    """The bundled first-level capitals of El Salvador, Honduras and Costa Rica.

    Examples
    --------
    >>> t = capitals_table()
    >>> t.set_index(["country", "dept_code"]).loc[("HN", "08"), "capital"]
    'Distrito Central'
    """
    from oportumap.geography.country import _geodata_path

    return pd.read_csv(_geodata_path("admin1_capitals.csv"), dtype=str).fillna("")


def _one(units: pd.DataFrame, keys: set[str]) -> str | None:
    found = units.loc[units["key"].isin(keys), "muni_code"]
    return str(found.iloc[0]) if found.nunique() == 1 else None


def department_seats(munis: pd.DataFrame, country: str, *,
                     capitals: pd.Series | None = None, label: str = "capitals"
                     ) -> tuple[pd.Series, SeatReport]:
    """Mark the unit that holds each department's seat.

    Parameters
    ----------
    munis : pandas.DataFrame
        ``muni_code``, ``muni_name``, ``dept_code``, ``dept_name`` (one row per unit).
    country : str
        ISO code; the bundled table is used for SV, HN and CR.
    capitals : pandas.Series, optional
        The boundary file's column aligned with ``munis``: a yes/no flag on the seat, or
        the name of the department's capital on every row.
    label : str
        The column's name, for messages.

    Returns
    -------
    (pandas.Series, SeatReport)
        A boolean Series aligned with ``munis`` (one True per department at most) and how
        the seats were found.

    Raises
    ------
    DataError
        When the column flags two seats in one department.

    Examples
    --------
    >>> m = pd.DataFrame({"muni_code": ["1", "2", "3"], "dept_code": ["06"] * 3,
    ...     "muni_name": ["Aguilares", "San Salvador", "Soyapango"],
    ...     "dept_name": ["San Salvador"] * 3})
    >>> seat, report = department_seats(m, "SV")
    >>> m.loc[seat, "muni_name"].tolist(), report.by_table
    (['San Salvador'], 1)
    """
    key = str(country).strip().upper()
    units = munis[["muni_code", "muni_name", "dept_code", "dept_name"]].astype(str).copy()
    units["key"] = units["muni_name"].map(place_key)
    seat_of: dict[str, str] = {}
    by_column = by_table = by_name = 0
    reading = ""
    if capitals is not None:
        raw = capitals.reindex(munis.index)
        values = raw.map(lambda v: "" if v is None or (isinstance(v, float) and v != v)
                         else place_key(str(v).strip()))
        truthy = values.map(lambda v: v.lower() in _YES or v in {"1.0"})
        flags = bool(values.map(lambda v: v.lower() in _YES | _NO | {"1.0", "0.0"}).all())
        if flags:
            reading = "marca"
            marked = units[truthy.to_numpy()]
            twice = marked.groupby("dept_code")["muni_name"].agg(list)
            twice = twice[twice.map(len) > 1]
            if len(twice):
                dept = units.drop_duplicates("dept_code").set_index("dept_code")["dept_name"]
                shown = "; ".join(f"{dept[d]}: {', '.join(n)}" for d, n in twice.head(3).items())
                raise DataError(f"columna '{label}': marca más de una cabecera en un mismo "
                                f"departamento ({shown}); deje una sola por departamento")
            seat_of.update(zip(marked["dept_code"], marked["muni_code"], strict=True))
        else:
            reading = "nombre"
            units["wanted"] = values.to_numpy()
            for dept, group in units[units["wanted"] != ""].groupby("dept_code"):
                found = _one(group, set(group["wanted"]))
                if found:
                    seat_of[dept] = found
        by_column = len(seat_of)
    table = capitals_table()
    table = table[table["country"] == key]
    if len(table):
        by_key = {place_key(n): row for n, row in zip(table["dept_name"],
                                                       table.itertuples(index=False),
                                                       strict=True)}
        by_code = {row.dept_code: row for row in table.itertuples(index=False)}
        for dept, group in units.groupby("dept_code"):
            if dept in seat_of:
                continue
            row = by_key.get(place_key(group["dept_name"].iloc[0])) or by_code.get(dept)
            if row is None:
                continue
            # The capital's own name first; then the names its unit has at other levels.
            for names in ([row.capital], [n for n in row.also_named.split("|") if n]):
                found = _one(group, {place_key(n) for n in names})
                if found:
                    seat_of[dept] = found
                    by_table += 1
                    break
    for dept, group in units.groupby("dept_code"):
        if dept not in seat_of:
            found = _one(group, {place_key(group["dept_name"].iloc[0])})
            if found:
                seat_of[dept] = found
                by_name += 1
    names = units.drop_duplicates("dept_code").set_index("dept_code")["dept_name"]
    missing = sorted(names[~names.index.isin(list(seat_of))].tolist(), key=place_key)
    seat = units["muni_code"].isin(set(seat_of.values())) & (
        units["dept_code"].map(seat_of) == units["muni_code"])
    return (pd.Series(seat.to_numpy(), index=munis.index, name="dept_seat"),
            SeatReport(by_column, by_table, by_name, missing, reading))
