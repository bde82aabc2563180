"""Travel times between places over a road network: the table every analysis accepts.

A trip is: walk from the place to its nearest road node, drive (or ride, or walk) the
fastest way through the network, walk from the road to the destination. The bus profile
adds its wait once per trip that uses the road. Places with no road within reach, or on a
piece of road not connected to the main network, are listed with the reason.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from oportumap.errors import DataError
from oportumap.i18n import text
from oportumap.roads.graph import compact_graph, node_pieces, segments
from oportumap.roads.osm import RoadNetwork
from oportumap.roads.paths import many_to_many
from oportumap.roads.snap import MAX_SNAP_KM, PREFER_MAIN_KM, REPORT_SNAP_KM, snap
from oportumap.roads.speeds import (
    BUS_WAIT_MINUTES,
    CAR_KMH,
    WALK_KMH,
    SpeedTable,
    oneway_code,
    way_speeds,
)

#: Default reach of the tables: the longest default reach of any kind (certification).
DEFAULT_MAX_MINUTES = 240.0
#: Columns of :attr:`TravelTimes.places`.
PLACE_COLUMNS = ["role", "id", "name", "lat", "lon", "snap_km", "walk_minutes", "status",
                 "reason"]
#: Place status values.
STATUS_OK, STATUS_FAR, STATUS_NO_ROAD, STATUS_ISLAND = "ok", "far_snap", "no_road", "island"


@dataclass(frozen=True)
class NetworkSummary:
    """What the extract gave for the profile.

    Attributes
    ----------
    ways, ways_used : int
        Ways tagged ``highway``, and those the profile uses.
    road_km : float
        Length of the usable network.
    nodes, graph_nodes, graph_edges : int
        Road nodes, nodes of the compact graph, directed edges.
    missing_locations : int
        Node references without a location (the extract was cut there).
    pieces : int
        Separate pieces of road network (1 = all connected).
    unused_classes : dict
        ``highway`` classes present but not used by the profile, with their way counts.
    """

    ways: int
    ways_used: int
    road_km: float
    nodes: int
    graph_nodes: int
    graph_edges: int
    missing_locations: int
    pieces: int
    unused_classes: dict[str, int]


@dataclass(frozen=True)
class TravelTimes:
    """Travel times and what happened to every place.

    Attributes
    ----------
    pairs : pandas.DataFrame
        ``origin``, ``destination``, ``minutes`` for every pair within the limit
        (the ids given); ``walk_minutes`` is the part walked off the network.
    places : pandas.DataFrame
        One row per origin and destination: :data:`PLACE_COLUMNS`. ``status`` is ``ok``,
        ``far_snap`` (more than :data:`~oportumap.roads.snap.REPORT_SNAP_KM` from the road;
        still reached, walking), ``no_road`` or ``island`` (unreachable; ``reason`` says
        why in words).
    network : NetworkSummary
    profile : str
    max_minutes : float
    seconds : dict
        Time spent on ``graph`` (speeds, segments, snapping, compact graph), ``paths``
        (shortest paths) and ``table`` (pairs assembled), for planners sizing a run.
    """

    pairs: pd.DataFrame
    places: pd.DataFrame
    network: NetworkSummary
    profile: str
    max_minutes: float
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def far_snaps(self) -> pd.DataFrame:
        """Places more than 2 km from the road (reached on foot), farthest first."""
        far = self.places[self.places["status"] == STATUS_FAR]
        far = far.drop_duplicates(["id", "lat", "lon"])  # a place both origin and destination
        return far.sort_values("snap_km", ascending=False).reset_index(drop=True)

    @property
    def unreachable(self) -> pd.DataFrame:
        """Places no trip reaches (no road within reach, or a disconnected piece)."""
        bad = self.places["status"].isin([STATUS_NO_ROAD, STATUS_ISLAND])
        return self.places[bad].drop_duplicates(["id", "lat", "lon"]).reset_index(drop=True)


def _points(frame: pd.DataFrame, role: str) -> pd.DataFrame:
    missing = {"id", "lat", "lon"} - set(frame.columns)
    if missing:
        raise DataError(f"{role}: faltan las columnas {sorted(missing)} (id, lat, lon)")
    out = pd.DataFrame({"role": role, "id": frame["id"].astype(str).to_numpy(),
                        "name": (frame["name"].astype(str).to_numpy() if "name" in frame
                                 else frame["id"].astype(str).to_numpy()),
                        "lat": pd.to_numeric(frame["lat"], errors="coerce").to_numpy(float),
                        "lon": pd.to_numeric(frame["lon"], errors="coerce").to_numpy(float)})
    bad = ~(out["lat"].between(-90, 90) & out["lon"].between(-180, 180))
    if bad.any():
        names = ", ".join(out.loc[bad, "name"].head(5))
        raise DataError(f"{role}: {int(bad.sum())} lugares sin coordenadas válidas ({names}); "
                        "corrija lat y lon (grados decimales)")
    return out


def travel_time_table(
    network: RoadNetwork,
    origins: pd.DataFrame,
    destinations: pd.DataFrame,
    *,
    profile: str = "car",
    speeds: SpeedTable | None = None,
    max_minutes: float = DEFAULT_MAX_MINUTES,
    max_snap_km: float = MAX_SNAP_KM,
    prefer_main_km: float = PREFER_MAIN_KM,
    workers: int | None = None,
    scheduler=None,
    chunk_size: int | None = None,
    progress: Callable[[int], None] | None = None,
    lang: str = "es",
) -> TravelTimes:
    """Travel times by road from every origin to every destination within ``max_minutes``.

    Parameters
    ----------
    network : RoadNetwork
        Roads of an extract (:func:`oportumap.roads.read_osm`).
    origins, destinations : pandas.DataFrame
        ``id``, ``lat``, ``lon`` and optionally ``name`` (used in reports).
    profile : {"car", "bus", "walk"}
    speeds : SpeedTable, optional
        A planner's speeds, used exactly as given.
    max_minutes : float
        Longest trip kept.
    max_snap_km : float
        A place farther than this from every road is unreachable.
    prefer_main_km : float
        A place whose nearest road is an isolated piece goes to the main network when
        that is at most this much farther (see :func:`oportumap.roads.snap`).
    workers, scheduler, chunk_size
        How the shortest paths run (see :func:`oportumap.roads.many_to_many`).
    progress : callable, optional
        Called with the number of origin nodes done after each chunk.

    Examples
    --------
    >>> from oportumap.roads.osm import network_from_ways
    >>> net = network_from_ways(pd.DataFrame({"highway": ["primary"]}),
    ...                         [[(1, 14.0, -90.0), (2, 14.0, -90.5)]])
    >>> pts = pd.DataFrame({"id": ["a", "b"], "lat": [14.0, 14.0], "lon": [-90.0, -90.5]})
    >>> t = travel_time_table(net, pts, pts, workers=1)
    >>> t.pairs[["origin", "destination", "minutes"]].round(1).values.tolist()
    [['a', 'a', 0.0], ['a', 'b', 54.0], ['b', 'a', 54.0], ['b', 'b', 0.0]]
    """
    if not max_minutes > 0:
        raise DataError("el tiempo máximo (--max-minutes) debe ser mayor que 0")
    started = time.perf_counter()
    o_pts = _points(origins, "origin")
    d_pts = _points(destinations, "destination")
    ways = network.ways
    kmh = way_speeds(ways, profile=profile, speeds=speeds)
    oneway = (np.zeros(len(ways), np.int8) if profile == "walk"
              else oneway_code(ways["oneway"], ways["junction"], ways["highway"]))
    seg = segments(network, kmh, oneway)
    places = pd.concat([o_pts, d_pts], ignore_index=True)
    snapped = snap(places, seg.node_lat, seg.node_lon, max_snap_km=max_snap_km,
                   main=node_pieces(seg) == 0, prefer_main_km=prefer_main_km)
    on_road = snapped["node"].to_numpy() >= 0
    graph = compact_graph(seg, keep=snapped["node"].to_numpy()[on_road])
    node = np.where(on_road, graph.node_of[np.maximum(snapped["node"].to_numpy(), 0)], -1)
    piece = np.where(node >= 0, graph.component[np.maximum(node, 0)], -1)
    status = np.where(~on_road, STATUS_NO_ROAD,
                      np.where(piece > 0, STATUS_ISLAND,
                               np.where(snapped["snap_km"] > REPORT_SNAP_KM, STATUS_FAR,
                                        STATUS_OK)))
    reason = _reasons(status, snapped["snap_km"].to_numpy(), piece, graph.component_size,
                      max_snap_km, lang)
    places_out = snapped.assign(status=status, reason=reason)[PLACE_COLUMNS]
    wait = BUS_WAIT_MINUTES if profile == "bus" else 0.0
    n_o = len(o_pts)
    walk = snapped["walk_minutes"].to_numpy()
    o_node, d_node = node[:n_o], node[n_o:]
    o_walk, d_walk = walk[:n_o], walk[n_o:]
    src = np.unique(o_node[o_node >= 0])
    dst = np.unique(d_node[d_node >= 0])
    # Each source searches only as far as its closest-walking origin could still arrive.
    least_walk = pd.Series(o_walk[o_node >= 0]).groupby(o_node[o_node >= 0]).min()
    limits = max_minutes - least_walk.reindex(src).to_numpy() - wait
    built = time.perf_counter()
    found = many_to_many(graph.minutes, src, dst, np.maximum(limits, 0.0), workers=workers,
                         scheduler=scheduler, chunk_size=chunk_size, progress=progress)
    searched = time.perf_counter()
    road = pd.DataFrame({"o_node": src[found.source], "d_node": dst[found.target],
                         "road": found.minutes})
    o_side = pd.DataFrame({"o": np.flatnonzero(o_node >= 0), "o_node": o_node[o_node >= 0]})
    d_side = pd.DataFrame({"d": np.flatnonzero(d_node >= 0), "d_node": d_node[d_node >= 0]})
    joined = road.merge(o_side, on="o_node").merge(d_side, on="d_node")
    oi, di = joined["o"].to_numpy(), joined["d"].to_numpy()
    walked = o_walk[oi] + d_walk[di]
    same_spot = ((o_pts["lat"].to_numpy()[oi] == d_pts["lat"].to_numpy()[di])
                 & (o_pts["lon"].to_numpy()[oi] == d_pts["lon"].to_numpy()[di]))
    uses_road = joined["o_node"].to_numpy() != joined["d_node"].to_numpy()
    minutes = np.where(same_spot, 0.0,
                       walked + joined["road"].to_numpy() + np.where(uses_road, wait, 0.0))
    keep = minutes <= max_minutes
    pairs = pd.DataFrame({"origin": o_pts["id"].to_numpy()[oi[keep]],
                          "destination": d_pts["id"].to_numpy()[di[keep]],
                          "minutes": minutes[keep],
                          "walk_minutes": np.where(same_spot, 0.0, walked)[keep]})
    pairs = pairs.sort_values(["origin", "destination"], kind="stable").reset_index(drop=True)
    seconds = {"graph": built - started, "paths": searched - built,
               "table": time.perf_counter() - searched}
    return TravelTimes(pairs, places_out, _summary(network, kmh, seg, graph), profile,
                       float(max_minutes), seconds)


def _reasons(status, snap_km, piece, sizes, max_snap_km, lang) -> np.ndarray:
    out = np.full(len(status), "", dtype=object)
    for i in np.flatnonzero(status == STATUS_NO_ROAD):
        out[i] = text("roads.reason.no_road", lang).format(km=max_snap_km,
                                                           nearest=snap_km[i])
    for i in np.flatnonzero(status == STATUS_ISLAND):
        out[i] = text("roads.reason.island", lang).format(nodes=int(sizes[piece[i]]))
    for i in np.flatnonzero(status == STATUS_FAR):
        out[i] = text("roads.reason.far", lang).format(km=snap_km[i],
                                                       minutes=snap_km[i] / WALK_KMH * 60)
    return out


def _summary(network: RoadNetwork, kmh, seg, graph) -> NetworkSummary:
    ways = network.ways
    used = kmh > 0
    # Classes of the drivable table with no way used at all (a planner's table without
    # them, or walking on motorways), not single ways closed by their own tags.
    per_class = pd.DataFrame({"highway": ways["highway"], "used": used}).groupby(
        "highway")["used"].agg(["sum", "size"])
    unused = per_class[(per_class["sum"] == 0) & per_class.index.isin(list(CAR_KMH))]
    unused_classes = {str(k): int(v) for k, v in unused["size"].items()}
    return NetworkSummary(
        ways=len(ways), ways_used=int(used.sum()),
        road_km=float(seg.km[seg.valid].sum()), nodes=seg.n_nodes,
        graph_nodes=graph.n_nodes, graph_edges=graph.n_edges,
        missing_locations=network.missing_locations,
        pieces=len(graph.component_size), unused_classes=unused_classes)
