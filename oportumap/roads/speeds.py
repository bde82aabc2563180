"""Speeds on each road: the documented table, surfaces, ``maxspeed`` and the profiles.

The default table (km/h, car) is a planning figure for Central America's roads, not a
legal limit: what a pick-up or car averages on a stretch of that class including curves
and slopes. ``maxspeed`` lowers it where tagged; unpaved surfaces multiply it by
:data:`UNPAVED_FACTOR` (``tracktype`` grades as in :data:`TRACKTYPE_FACTOR`).

A planner's own table (:func:`read_speeds`, columns ``highway,kmh`` and optionally
``surface``) replaces all of that and is used exactly as given: each way's speed is the
file's row for its class (and surface, where a row names one), tags do not change it and
classes missing from the file are not driven.

Profiles: ``car`` (default), ``bus`` (car speeds x :data:`BUS_FACTOR`, plus
:data:`BUS_WAIT_MINUTES` of waiting on every trip by road) and ``walk``
(:data:`WALK_KMH` on every way usable on foot, both directions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from oportumap.errors import DataError, Problem

#: Average car speed (km/h) by OpenStreetMap ``highway`` class: the drivable network.
CAR_KMH: dict[str, float] = {
    "motorway": 90.0, "motorway_link": 50.0,
    "trunk": 70.0, "trunk_link": 40.0,
    "primary": 60.0, "primary_link": 40.0,
    "secondary": 50.0, "secondary_link": 35.0,
    "tertiary": 40.0, "tertiary_link": 30.0,
    "unclassified": 30.0, "road": 25.0,
    "residential": 25.0, "living_street": 10.0,
    "service": 15.0, "track": 15.0,
}
#: Ways usable on foot (besides the drivable ones other than motorways).
FOOT_ONLY = ("footway", "path", "pedestrian", "steps", "bridleway", "cycleway")
#: Classes never walked (no pedestrians on motorways).
NO_FOOT = ("motorway", "motorway_link")
#: Walking speed, km/h: on every way usable on foot and on the leg off the network.
WALK_KMH = 5.0
#: Surfaces read as unpaved, and the factor they apply to the class speed.
UNPAVED_SURFACES = ("unpaved", "gravel", "dirt", "ground", "earth", "mud", "sand",
                    "fine_gravel", "compacted", "grass", "pebblestone", "rock")
UNPAVED_FACTOR = 0.6
#: ``tracktype`` grades (grade1 = solid, paved or heavily compacted).
TRACKTYPE_FACTOR = {"grade1": 1.0, "grade2": 0.8, "grade3": 0.6, "grade4": 0.5,
                    "grade5": 0.4}
#: Buses (and the microbuses and pick-ups of rural routes) run slower than cars...
BUS_FACTOR = 0.8
#: ...and a trip by road starts with a wait at the stop (half of a 30-min frequency).
BUS_WAIT_MINUTES = 15.0
#: Profiles.
PROFILES = ("car", "bus", "walk")

#: ``access``/``motor_vehicle`` values that close a way to cars and buses.
_CLOSED = {"no", "private"}


@dataclass(frozen=True)
class SpeedTable:
    """A planner's speeds: ``kmh`` by ``highway`` class, optionally by surface.

    Attributes
    ----------
    rows : pandas.DataFrame
        ``highway``, ``surface`` (``""`` when the row applies to any surface), ``kmh``.
    source : str
        File the table came from (for messages).
    """

    rows: pd.DataFrame
    source: str = ""

    def fingerprint(self) -> str:
        """Text that changes whenever a speed changes (part of cache keys)."""
        ordered = self.rows.sort_values(["highway", "surface"])
        return ";".join(f"{h},{s},{k:g}" for h, s, k in ordered.itertuples(index=False))


def read_speeds(path: str | Path) -> SpeedTable:
    """Read a planner's speed table: columns ``highway``, ``kmh`` and optionally ``surface``.

    Every bad row is listed (file, row, column, value, what to do) in one error.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "velocidades.csv"
    >>> _ = p.write_text("highway,kmh,surface\\ntrack,20,\\ntrack,8,dirt\\n", encoding="utf-8")
    >>> read_speeds(p).rows.values.tolist()
    [['track', '', 20.0], ['track', 'dirt', 8.0]]
    """
    from oportumap.files import read_raw

    raw = read_raw(path)
    columns = {c.strip().lower(): c for c in raw.frame.columns}
    aliases = {"highway": ("highway", "clase", "tipo"), "kmh": ("kmh", "km/h", "velocidad"),
               "surface": ("surface", "superficie")}
    found = {key: next((columns[a] for a in names if a in columns), None)
             for key, names in aliases.items()}
    missing = [k for k in ("highway", "kmh") if found[k] is None]
    if missing:
        raise DataError(f"{raw.file}: faltan las columnas {missing} (highway, kmh y, si quiere, "
                        f"surface); columnas encontradas: {list(raw.frame.columns)}")
    frame = raw.frame
    highway = frame[found["highway"]].astype(str).str.strip().str.lower()
    surface = (frame[found["surface"]].astype(str).str.strip().str.lower()
               if found["surface"] else pd.Series("", index=frame.index))
    text = frame[found["kmh"]].astype(str).str.strip().str.replace(",", ".", regex=False)
    kmh = pd.to_numeric(text, errors="coerce")
    problems = []
    for i in np.flatnonzero((kmh.isna() | (kmh <= 0)).to_numpy()):
        problems.append(Problem(raw.file, int(i) + raw.first_row, found["kmh"],
                                str(frame[found["kmh"]].iloc[i]),
                                "la velocidad debe ser un número de km/h mayor que 0; quite la "
                                "fila si esa clase no se debe recorrer"))
    for i in np.flatnonzero((highway == "").to_numpy()):
        problems.append(Problem(raw.file, int(i) + raw.first_row, found["highway"], "",
                                "falta la clase de vía (primary, track, ...)"))
    table = pd.DataFrame({"highway": highway, "surface": surface, "kmh": kmh.astype(float)})
    twice = table.duplicated(["highway", "surface"], keep="first").to_numpy()
    for i in np.flatnonzero(twice):
        problems.append(Problem(raw.file, int(i) + raw.first_row, found["highway"],
                                str(highway.iloc[i]), "clase (y superficie) repetida; deje una "
                                "sola fila"))
    if problems:
        raise DataError(f"{raw.file}: {len(problems)} filas de velocidades no válidas",
                        sorted(problems, key=lambda p: p.row))
    return SpeedTable(table.reset_index(drop=True), source=raw.file)


def parse_maxspeed(values) -> np.ndarray:
    """``maxspeed`` tags in km/h (``"60"``, ``"60 km/h"``, ``"40 mph"``); NaN when absent
    or not a number (``"none"``, ``"signals"``, ``"GT:rural"``).

    Examples
    --------
    >>> parse_maxspeed(["60", "40 mph", "none", ""]).round(1).tolist()
    [60.0, 64.4, nan, nan]
    """
    text = pd.Series(values, dtype=object).fillna("").astype(str).str.strip().str.lower()
    parts = text.str.extract(r"^(\d+(?:[.,]\d+)?)\s*(mph|km/h|kmh|kph)?$")
    number = pd.to_numeric(parts[0].str.replace(",", ".", regex=False), errors="coerce")
    number = number.where(parts[1] != "mph", number * 1.609344)
    return number.where(number > 0).to_numpy(dtype=float)


_ONEWAY_FORWARD = re.compile(r"^(yes|true|1)$")


def oneway_code(oneway, junction, highway) -> np.ndarray:
    """Direction of travel: 1 along the way, -1 against it, 0 both.

    ``oneway=yes|true|1`` (1), ``oneway=-1`` (-1), roundabouts and motorways are one-way
    unless ``oneway=no``.

    Examples
    --------
    >>> oneway_code(["yes", "-1", "", "", "no"], ["", "", "roundabout", "", ""],
    ...             ["primary", "primary", "primary", "motorway", "motorway"]).tolist()
    [1, -1, 1, 1, 0]
    """
    ow = pd.Series(oneway, dtype=object).fillna("").astype(str).str.strip().str.lower()
    jn = pd.Series(junction, dtype=object).fillna("").astype(str).str.strip().str.lower()
    hw = pd.Series(highway, dtype=object).fillna("").astype(str)
    code = np.zeros(len(ow), dtype=np.int8)
    implied = jn.isin(["roundabout", "circular"]) | (hw == "motorway")
    code[(ow.str.match(_ONEWAY_FORWARD) | (implied & (ow == ""))).to_numpy()] = 1
    code[(ow == "-1").to_numpy()] = -1
    return code


def way_speeds(ways: pd.DataFrame, *, profile: str = "car",
               speeds: SpeedTable | None = None) -> np.ndarray:
    """Speed (km/h) of each way for a profile; 0 where the profile does not use the way.

    Parameters
    ----------
    ways : pandas.DataFrame
        One row per way: ``highway``, ``surface``, ``tracktype``, ``maxspeed``, ``access``,
        ``motor_vehicle``, ``foot`` (strings, ``""`` when untagged).
    profile : {"car", "bus", "walk"}
    speeds : SpeedTable, optional
        A planner's table, used exactly as given (see the module documentation).

    Examples
    --------
    >>> ways = pd.DataFrame({"highway": ["primary", "track", "footway"],
    ...                      "surface": ["", "gravel", ""], "tracktype": "",
    ...                      "maxspeed": ["50", "", ""], "access": "", "motor_vehicle": "",
    ...                      "foot": ""})
    >>> way_speeds(ways).tolist()
    [50.0, 9.0, 0.0]
    >>> way_speeds(ways, profile="walk").tolist()
    [5.0, 5.0, 5.0]
    """
    if profile not in PROFILES:
        raise DataError(f"perfil '{profile}' desconocido; use car, bus o walk")
    col = {c: ways[c].fillna("").astype(str).str.strip().str.lower()
           for c in ("highway", "surface", "tracktype", "maxspeed", "access",
                     "motor_vehicle", "foot")}
    highway = col["highway"]
    if profile == "walk":
        if speeds is not None:
            raise DataError("una tabla de velocidades (--speeds) es para car o bus; a pie "
                            f"se camina a {WALK_KMH:g} km/h en toda vía transitable")
        on_foot = (highway.isin(list(CAR_KMH)) | highway.isin(list(FOOT_ONLY))) \
            & ~highway.isin(list(NO_FOOT))
        closed = (col["foot"].isin(["no"])
                  | (col["access"].isin(list(_CLOSED)) & ~col["foot"].isin(["yes",
                                                                           "designated"])))
        return np.where(on_foot & ~closed, WALK_KMH, 0.0)
    closed = (col["access"].isin(list(_CLOSED)) | col["motor_vehicle"].isin(list(_CLOSED))
              ).to_numpy()
    if speeds is not None:
        kmh = _planner_speeds(highway, col["surface"], speeds)
    else:
        base = highway.map(CAR_KMH).to_numpy(dtype=float)
        factor = np.ones(len(ways))
        factor = np.where(col["surface"].isin(list(UNPAVED_SURFACES)), UNPAVED_FACTOR, factor)
        grade = col["tracktype"].map(TRACKTYPE_FACTOR).to_numpy(dtype=float)
        factor = np.fmin(factor, np.where(np.isnan(grade), 1.0, grade))
        kmh = np.fmin(base * factor, parse_maxspeed(col["maxspeed"]))
        if profile == "bus":
            kmh = kmh * BUS_FACTOR
    kmh = np.where(closed | np.isnan(kmh), 0.0, kmh)
    return kmh.astype(float)


def _planner_speeds(highway: pd.Series, surface: pd.Series, speeds: SpeedTable) -> np.ndarray:
    rows = speeds.rows
    general = rows[rows["surface"] == ""].set_index("highway")["kmh"]
    specific = rows[rows["surface"] != ""].set_index(["highway", "surface"])["kmh"]
    kmh = highway.map(general).to_numpy(dtype=float)
    if len(specific):
        keys = pd.MultiIndex.from_arrays([highway, surface])
        by_surface = specific.reindex(keys).to_numpy(dtype=float)
        kmh = np.where(np.isnan(by_surface), kmh, by_surface)
    return kmh


def speed_fingerprint(profile: str, speeds: SpeedTable | None) -> str:
    """Text identifying the speeds in use (the default table's own values included, so a
    change to :data:`CAR_KMH` in a new version invalidates cached times)."""
    if speeds is not None:
        return f"{profile}|planner|{speeds.fingerprint()}"
    table = ";".join(f"{k},{v:g}" for k, v in sorted(CAR_KMH.items()))
    return (f"{profile}|default|{table}|{UNPAVED_FACTOR}|{TRACKTYPE_FACTOR}|{BUS_FACTOR}|"
            f"{BUS_WAIT_MINUTES}|{WALK_KMH}")
