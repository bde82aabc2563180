"""``oportumap.travel_times``: minutes by road from a planner's OpenStreetMap extract (front).

Chooses the places (municipal seats and opportunity points, or the planner's own points),
asks the pure analysis (:mod:`oportumap.roads`) for the times, and keeps the result on
disk keyed by the extract's content, the speeds, the profile and the places, so a second
run with the same inputs is read back instead of recomputed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from oportumap.errors import DataError, Problem

#: Columns of a points file (``name`` optional).
POINT_COLUMNS = ("id", "lat", "lon")
_SEAT, _OPP = "m:", "o:"


@dataclass(frozen=True)
class Points:
    """Points read from a file: the valid rows, and every rejected one with why."""

    frame: pd.DataFrame
    rejected: list[Problem]
    file: str


@dataclass(frozen=True)
class RoadTravelTimes:
    """Travel times by road, ready for every analysis.

    Attributes
    ----------
    table : pandas.DataFrame
        ``origin``, ``destination``, ``minutes``: between municipal seats (municipality
        codes; what ``profile``, ``referrals`` and ``plan`` take as ``travel_times``), or
        between the planner's points (their ids).
    opportunities : pandas.DataFrame
        ``origin`` (municipality code), ``destination`` (``opportunity_id``), ``minutes``
        from each seat to each opportunity point in reach (empty without opportunities).
    places : pandas.DataFrame
        Every place with its distance to the road, status and reason
        (see :class:`oportumap.roads.times.TravelTimes`).
    network : oportumap.roads.times.NetworkSummary
    profile : str
    max_minutes : float
    from_cache : bool
        True when read back from the cache.
    cache_folder : str
        Where the result is kept ("" without a cache).
    """

    table: pd.DataFrame
    opportunities: pd.DataFrame
    places: pd.DataFrame
    network: object
    profile: str
    max_minutes: float
    from_cache: bool
    cache_folder: str = ""

    @property
    def far_snaps(self) -> pd.DataFrame:
        """Places more than 2 km from the road (reached on foot), farthest first."""
        far = self.places[self.places["status"] == "far_snap"]
        far = far.drop_duplicates(["id", "lat", "lon"])  # a place both origin and destination
        return far.sort_values("snap_km", ascending=False).reset_index(drop=True)

    @property
    def unreachable(self) -> pd.DataFrame:
        """Places no trip reaches, with the reason."""
        bad = self.places[self.places["status"].isin(["no_road", "island"])]
        return bad.drop_duplicates(["id", "lat", "lon"]).reset_index(drop=True)


def read_points(path: str | Path) -> Points:
    """Read a points file: ``id``, ``lat``, ``lon`` (optional ``name``); CSV or Excel.

    Rows without an id or with coordinates that are not numbers in range are rejected
    (file, row, column, value, what to do); repeated ids too (the first is kept).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "puntos.csv"
    >>> _ = p.write_text("id,lat,lon\\nA,14.6,-90.5\\nB,norte,-90.4\\n", encoding="utf-8")
    >>> pts = read_points(p)
    >>> pts.frame["id"].tolist(), [(r.row, r.column) for r in pts.rejected]
    (['A'], [(3, 'lat')])
    """
    from oportumap.files import read_raw

    raw = read_raw(path)
    columns = {str(c).strip().lower(): c for c in raw.frame.columns}
    aliases = {"id": ("id", "codigo", "código", "code"), "lat": ("lat", "latitud", "latitude"),
               "lon": ("lon", "lng", "longitud", "longitude"), "name": ("name", "nombre")}
    found = {k: next((columns[a] for a in names if a in columns), None)
             for k, names in aliases.items()}
    missing = [k for k in POINT_COLUMNS if found[k] is None]
    if missing:
        raise DataError(f"{raw.file}: faltan las columnas {missing} (id, lat, lon y, si quiere, "
                        f"name); columnas encontradas: {list(raw.frame.columns)}")
    frame = raw.frame
    ids = frame[found["id"]].astype(str).str.strip()
    problems: list[Problem] = []
    bad = np.zeros(len(frame), dtype=bool)
    values = {}
    for axis, low, high in (("lat", -90, 90), ("lon", -180, 180)):
        text = frame[found[axis]].astype(str).str.strip().str.replace(",", ".", regex=False)
        number = pd.to_numeric(text, errors="coerce")
        wrong = ~number.between(low, high)
        for i in np.flatnonzero(wrong.to_numpy() & ~bad):
            problems.append(Problem(raw.file, int(i) + raw.first_row, found[axis],
                                    str(frame[found[axis]].iloc[i]),
                                    f"{axis} debe ser un número en grados decimales entre "
                                    f"{low} y {high}"))
        bad |= wrong.to_numpy()
        values[axis] = number.to_numpy(dtype=float)
    for i in np.flatnonzero((ids == "").to_numpy() & ~bad):
        problems.append(Problem(raw.file, int(i) + raw.first_row, found["id"], "",
                                "falta el id del lugar"))
    bad |= (ids == "").to_numpy()
    repeated = ids.duplicated().to_numpy() & ~bad
    for i in np.flatnonzero(repeated):
        problems.append(Problem(raw.file, int(i) + raw.first_row, found["id"], ids.iloc[i],
                                "id repetido: se usa la primera fila con ese id"))
    bad |= repeated
    out = pd.DataFrame({"id": ids.to_numpy(), "lat": values["lat"], "lon": values["lon"],
                        "name": (frame[found["name"]].astype(str).str.strip().to_numpy()
                                 if found["name"] else ids.to_numpy())})[~bad]
    return Points(out.reset_index(drop=True), sorted(problems, key=lambda p: p.row), raw.file)


def _as_points(value, role: str) -> pd.DataFrame:
    if isinstance(value, pd.DataFrame):
        missing = {"id", "lat", "lon"} - set(value.columns)
        if missing:
            raise DataError(f"{role}: faltan las columnas {sorted(missing)} (id, lat, lon)")
        frame = value.assign(id=value["id"].astype(str))
        return frame if "name" in frame else frame.assign(name=frame["id"])
    points = read_points(value)
    if points.rejected:
        raise DataError(f"{points.file}: {len(points.rejected)} filas de {role} no válidas",
                        points.rejected)
    return points.frame


def default_cache_folder() -> Path:
    """Where travel times are kept between runs (inside :func:`oportumap.countries.data_home`)."""
    from oportumap.countries import data_home

    return data_home() / "cache" / "travel_times"


def travel_times(
    osm: str | Path,
    dataset=None,
    *,
    origins: pd.DataFrame | str | Path | None = None,
    destinations: pd.DataFrame | str | Path | None = None,
    country: str | None = None,
    profile: str = "car",
    speeds=None,
    max_minutes: float | None = None,
    max_snap_km: float | None = None,
    workers: int | None = None,
    scheduler=None,
    chunk_size: int | None = None,
    cache: bool | str | Path = True,
    progress: Callable[[int], None] | None = None,
    lang: str = "es",
) -> RoadTravelTimes:
    """Travel times by road from an OpenStreetMap extract, for every analysis.

    Without ``origins``: from every municipal seat of the country to every seat (the
    table ``profile``, ``referrals`` and ``plan`` take) and, with a ``dataset``, to every
    opportunity point. With ``origins`` (and optionally ``destinations``; default the same
    points): one row per pair of those ids.

    Parameters
    ----------
    osm : str or Path
        The extract (``.osm.pbf``, ``.osm``, ``.osm.bz2``).
    dataset : Dataset, optional
        Its country's seats and its opportunities' points are used.
    origins, destinations : DataFrame, str or Path, optional
        Points (``id``, ``lat``, ``lon``, optional ``name``), or files of them.
    country : str, optional
        Country of the seats (default the dataset's, else ``"GT"``).
    profile : {"car", "bus", "walk"}
    speeds : SpeedTable, str or Path, optional
        A planner's speed table (``highway,kmh[,surface]``), used exactly as given.
    max_minutes : float, optional
        Longest trip kept (default 240: the longest default reach, certification).
    max_snap_km : float, optional
        A place farther than this from any road is unreachable (default 10 km).
    workers, scheduler, chunk_size
        Local processes, or a Dask scheduler address / client, and origins per chunk for
        the shortest paths (see :func:`oportumap.roads.many_to_many`).
    cache : bool, str or Path
        Keep and reuse results on disk (True: :func:`default_cache_folder`; a folder; or
        False).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "tramo.osm"
    >>> _ = p.write_text('''<osm version="0.6">
    ...  <node id="1" lat="14.0" lon="-90.0"/><node id="2" lat="14.0" lon="-90.5"/>
    ...  <way id="7"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/></way>
    ... </osm>''', encoding="utf-8")
    >>> pts = pd.DataFrame({"id": ["a", "b"], "lat": [14.0, 14.0], "lon": [-90.0, -90.5]})
    >>> t = travel_times(p, origins=pts, cache=False, workers=1)
    >>> t.table.round(1).values.tolist()
    [['a', 'a', 0.0], ['a', 'b', 54.0], ['b', 'a', 54.0], ['b', 'b', 0.0]]
    """
    from oportumap.files import cache as disk
    from oportumap.roads import read_osm, read_speeds
    from oportumap.roads.snap import MAX_SNAP_KM
    from oportumap.roads.speeds import SpeedTable, speed_fingerprint
    from oportumap.roads.times import DEFAULT_MAX_MINUTES, travel_time_table

    osm = Path(osm)
    if not osm.is_file():
        raise DataError(f"{osm.name}: el extracto de OpenStreetMap no existe ({osm})")
    if speeds is not None and not isinstance(speeds, SpeedTable):
        speeds = read_speeds(speeds)
    max_minutes = DEFAULT_MAX_MINUTES if max_minutes is None else float(max_minutes)
    max_snap_km = MAX_SNAP_KM if max_snap_km is None else float(max_snap_km)
    country = country or (dataset.country if dataset is not None else "GT")
    seats_mode = origins is None
    if seats_mode:
        seats = _seats(dataset, country)
        o_pts = seats.assign(id=_SEAT + seats["id"])
        d_parts = [o_pts]
        if destinations is not None:
            d_parts = [_as_points(destinations, "destinos")]
        elif dataset is not None:
            d_parts.append(_opportunity_points(dataset))
        d_pts = pd.concat(d_parts, ignore_index=True)
    else:
        o_pts = _as_points(origins, "orígenes")
        d_pts = o_pts if destinations is None else _as_points(destinations, "destinos")
    o_pts = o_pts[["id", "lat", "lon", "name"]].reset_index(drop=True)
    d_pts = d_pts[["id", "lat", "lon", "name"]].reset_index(drop=True)
    key = disk.key_digest({
        "kind": "travel_times", "osm": disk.file_digest(osm),
        "speeds": speed_fingerprint(profile, speeds), "max_minutes": max_minutes,
        "max_snap_km": max_snap_km, "origins": disk.frame_digest(o_pts),
        "destinations": disk.frame_digest(d_pts), "lang": lang})

    def compute() -> disk.Entry:
        network = read_osm(osm)
        result = travel_time_table(network, o_pts, d_pts, profile=profile, speeds=speeds,
                                   max_minutes=max_minutes, max_snap_km=max_snap_km,
                                   workers=workers, scheduler=scheduler, chunk_size=chunk_size,
                                   progress=progress,
                                   lang=lang)
        return disk.Entry({"pairs": result.pairs, "places": result.places},
                          {"network": asdict(result.network)})

    folder = None if cache is False else (default_cache_folder() if cache is True
                                          else Path(cache))
    entry, hit = disk.cached(folder, key, compute)
    return _result(entry, seats_mode, seats_mode and destinations is None, profile,
                   max_minutes, hit,
                   str(folder or ""))


def _result(entry, seats: bool, split: bool, profile: str, max_minutes: float, hit: bool,
            folder: str) -> RoadTravelTimes:
    """The public result; seat and opportunity ids lose the prefixes that kept them apart
    (only where this function added them: a planner's own ids are left as given)."""
    from oportumap.roads.times import NetworkSummary

    pairs = entry.tables["pairs"]
    places = entry.tables["places"].copy()
    ids = places["id"].astype(str)
    if seats:
        is_origin = (places["role"] == "origin").to_numpy()
        ids = ids.where(~is_origin, ids.str.removeprefix(_SEAT))
        if split:
            ids = ids.where(is_origin, ids.str.replace(r"^(m|o):", "", regex=True))
    places["id"] = ids
    origin = pairs["origin"].astype(str)
    if seats:
        origin = origin.str.removeprefix(_SEAT)
    columns = ["origin", "destination", "minutes"]
    if split:
        to_seat = pairs["destination"].str.startswith(_SEAT).to_numpy()
        table = pd.DataFrame({"origin": origin[to_seat],
                              "destination": pairs["destination"][to_seat].str.removeprefix(
                                  _SEAT), "minutes": pairs["minutes"][to_seat]})
        opportunities = pd.DataFrame({
            "origin": origin[~to_seat],
            "destination": pairs["destination"][~to_seat].str.removeprefix(_OPP),
            "minutes": pairs["minutes"][~to_seat]})
    else:
        table = pd.DataFrame({"origin": origin, "destination": pairs["destination"],
                              "minutes": pairs["minutes"]})
        opportunities = pd.DataFrame(columns=columns)
    return RoadTravelTimes(table.reset_index(drop=True), opportunities.reset_index(drop=True),
                           places, NetworkSummary(**entry.values["network"]), profile,
                           max_minutes, hit, folder)


def _seats(dataset, country: str) -> pd.DataFrame:
    if dataset is not None:
        munis = dataset.boundaries
    else:
        from oportumap.geography import municipalities

        munis = municipalities(country)
    return pd.DataFrame({"id": munis["muni_code"].astype(str).to_numpy(),
                         "lat": munis["lat"].to_numpy(float), "lon": munis["lon"].to_numpy(float),
                         "name": (munis["muni_name"].astype(str) + ", "
                                  + munis["dept_name"].astype(str)).to_numpy()})


def _opportunity_points(dataset) -> pd.DataFrame:
    opps = dataset.opportunities
    located = opps[opps["lat"].notna() & opps["lon"].notna()]
    located = located.drop_duplicates("opportunity_id")
    title = located["title"].astype(str) if "title" in located else located["opportunity_id"]
    return pd.DataFrame({"id": _OPP + located["opportunity_id"].astype(str).to_numpy(),
                         "lat": located["lat"].to_numpy(float),
                         "lon": located["lon"].to_numpy(float),
                         "name": title.to_numpy()})


def compare_rankings(dataset, travel_times: pd.DataFrame, *, top: int = 20,
                     max_km=None, max_minutes=None):
    """Priority ranking of ``dataset`` in km (straight line) against road minutes.

    Parameters
    ----------
    dataset : Dataset
    travel_times : pandas.DataFrame
        ``origin``, ``destination``, ``minutes`` between municipalities.
    top : int
    max_km, max_minutes : optional
        Reach in each measure (defaults of :func:`oportumap.access.municipality_profile`).

    Returns
    -------
    oportumap.roads.ranking.RankingChange

    Examples
    --------
    >>> from oportumap import load_sample, municipalities
    >>> from oportumap.costs import distance_km
    >>> ds = load_sample()
    >>> m = municipalities()[["muni_code", "lat", "lon"]]
    >>> pairs = m.merge(m, how="cross")
    >>> km = distance_km(pairs["lat_x"], pairs["lon_x"], pairs["lat_y"], pairs["lon_y"])
    >>> tt = pd.DataFrame({"origin": pairs["muni_code_x"], "destination": pairs["muni_code_y"],
    ...                    "minutes": km * 1.5})  # 40 km/h everywhere: same order as km
    >>> compare_rankings(ds, tt, top=20).top
    20
    """
    from oportumap.access import municipality_profile
    from oportumap.roads.ranking import ranking_change

    by_km = municipality_profile(dataset, max_km=max_km)
    by_minutes = municipality_profile(dataset, travel_times=travel_times,
                                      max_minutes=max_minutes)
    return ranking_change(by_km, by_minutes, top=top)
